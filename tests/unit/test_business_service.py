"""The business register's use cases against a real database (SQLite; PostgreSQL too in CI)."""

from __future__ import annotations

import json
from datetime import date

import pytest

from desktop_app.domain.businesses import STATUS_ACTIVE, STATUS_CLOSED, STATUS_SUSPENDED
from desktop_app.domain.errors import ConflictError, NotFoundError, ValidationError, ValidationErrors
from desktop_app.services.app_services import Services
from tests.conftest import sample_input


def test_create_normalises_and_lists(office: Services) -> None:
    business_id = office.businesses.create(
        sample_input(office, name="  Nha\u0300 nghi\u0309   Hoàng Long ", owner_phone="+84 912.345.678")
    )
    detail = office.businesses.detail(business_id)
    assert detail.name == "Nhà nghỉ Hoàng Long"  # NFC and trimmed
    assert detail.owner_phone == "0912345678"
    assert detail.registration_date == date(2020, 3, 5)  # day-first
    assert detail.employees_total == 5 and detail.employees_female == 3
    rows = office.businesses.rows()
    assert [r.id for r in rows] == [business_id]
    assert rows[0].commune_name == "Xã Mường Bon"
    assert rows[0].type_name == "Nhà nghỉ, nhà khách"
    assert detail.history[0].status == STATUS_ACTIVE


@pytest.mark.parametrize(
    ("overrides", "field", "fragment"),
    [
        ({"name": "  "}, "name", "Nhập tên cơ sở"),
        ({"type_id": None}, "type_id", "loại hình"),
        ({"commune_id": None}, "commune_id", "xã, phường"),
        ({"owner_id_number": "12345"}, "owner_id_number", "12 chữ số"),
        ({"owner_phone": "12ab"}, "owner_phone", "Số điện thoại không hợp lệ"),
        ({"registration_date": "31/02/2020"}, "registration_date", "Ngày không hợp lệ"),
        ({"registration_date": "01/01/2099"}, "registration_date", "tương lai"),
        ({"employees_total": "3", "employees_female": "5"}, "employees_female", "không thể lớn hơn"),
        ({"employees_total": "-1"}, "employees_total", "Số lao động"),
        ({"rooms": "mười"}, "rooms", "Số phòng"),
    ],
)
def test_each_validation_error_names_its_field(
    office: Services, overrides: dict[str, object], field: str, fragment: str
) -> None:
    with pytest.raises(ValidationErrors) as caught:
        office.businesses.create(sample_input(office, **overrides))
    assert field in caught.value.errors
    assert fragment in caught.value.errors[field]
    assert office.businesses.rows() == []  # nothing half-written


def test_several_errors_are_reported_together(office: Services) -> None:
    with pytest.raises(ValidationErrors) as caught:
        office.businesses.create(sample_input(office, name="", owner_phone="1", owner_id_number="1"))
    assert {"name", "owner_phone", "owner_id_number"} <= set(caught.value.errors)


def test_old_cmnd_and_landline_are_accepted(office: Services) -> None:
    business_id = office.businesses.create(
        sample_input(office, owner_id_number="050123456", owner_phone="0212 3852 123")
    )
    detail = office.businesses.detail(business_id)
    assert detail.owner_id_number == "050123456"
    assert detail.owner_phone == "02123852123"


def test_unknown_commune_or_type_is_rejected(office: Services) -> None:
    with pytest.raises(ValidationErrors) as caught:
        office.businesses.create(sample_input(office, commune_id=9999, type_id=9999))
    assert set(caught.value.errors) == {"commune_id", "type_id"}


def test_duplicate_registration_number_is_rejected(office: Services) -> None:
    office.businesses.create(sample_input(office))
    with pytest.raises(ValidationErrors) as caught:
        office.businesses.create(sample_input(office, name="Khác", registration_number="24a8001234"))
    assert "registration_number" in caught.value.errors


def test_update_changes_fields_and_logs_them_masked(office: Services) -> None:
    business_id = office.businesses.create(sample_input(office))
    changed = office.businesses.update(
        business_id, sample_input(office, address="Tiểu khu 5", owner_phone="0987654321")
    )
    assert set(changed) == {"address", "owner_phone"}
    assert office.businesses.detail(business_id).address == "Tiểu khu 5"
    log = office.businesses.change_log(business_id)
    assert [action for action, _, _ in log] == ["create", "update"]
    changes = json.loads(log[-1][1])
    assert changes["address"] == {"old": "Tiểu khu 3", "new": "Tiểu khu 5"}
    assert changes["owner_phone"] == "***"  # personal values never in the log
    assert (
        office.businesses.update(
            business_id, sample_input(office, address="Tiểu khu 5", owner_phone="0987654321")
        )
        == []
    )


def test_update_keeps_own_registration_number(office: Services) -> None:
    business_id = office.businesses.create(sample_input(office))
    office.businesses.update(business_id, sample_input(office, name="Nhà nghỉ Hoàng Long 2"))
    assert office.businesses.row(business_id).name == "Nhà nghỉ Hoàng Long 2"


def test_status_history_is_dated_and_ordered(office: Services) -> None:
    business_id = office.businesses.create(sample_input(office))
    office.businesses.change_status(business_id, STATUS_SUSPENDED, "01/06/2024", "Sửa chữa")
    office.businesses.change_status(business_id, STATUS_ACTIVE, "1/9/2024")
    office.businesses.change_status(business_id, STATUS_CLOSED, date(2025, 2, 3), "Chuyển nghề")
    detail = office.businesses.detail(business_id)
    assert detail.status == STATUS_CLOSED
    assert detail.status_since == date(2025, 2, 3)
    assert [(e.label, e.effective_on) for e in detail.history] == [
        ("Đang hoạt động", date(2020, 3, 5)),
        ("Tạm ngừng", date(2024, 6, 1)),
        ("Hoạt động lại", date(2024, 9, 1)),
        ("Đã ngừng", date(2025, 2, 3)),
    ]
    assert detail.history[1].note == "Sửa chữa"


def test_status_change_rules(office: Services) -> None:
    business_id = office.businesses.create(sample_input(office))
    with pytest.raises(ValidationError, match="đang ở trạng thái"):
        office.businesses.change_status(business_id, STATUS_ACTIVE, "01/01/2025")
    with pytest.raises(ValidationError) as caught:
        office.businesses.change_status(business_id, STATUS_SUSPENDED, "")
    assert caught.value.field == "effective_on"
    with pytest.raises(ValidationError, match="tương lai"):
        office.businesses.change_status(business_id, STATUS_SUSPENDED, "01/01/2099")
    with pytest.raises(ValidationError):
        office.businesses.change_status(business_id, "bogus", "01/01/2025")


def test_void_hides_and_restore_brings_back(office: Services) -> None:
    keep = office.businesses.create(sample_input(office))
    mistake = office.businesses.create(sample_input(office, name="Trùng lặp", registration_number=""))
    with pytest.raises(ValidationError):
        office.businesses.void(mistake, "  ")
    office.businesses.void(mistake, "Nhập trùng")
    rows = {r.id: r for r in office.businesses.rows()}
    assert rows[mistake].voided and not rows[keep].voided  # still stored, only marked
    assert office.businesses.detail(mistake).void_reason == "Nhập trùng"
    with pytest.raises(ConflictError):
        office.businesses.void(mistake, "again")
    with pytest.raises(ConflictError):
        office.businesses.update(mistake, sample_input(office, registration_number=""))
    office.businesses.restore(mistake)
    assert not office.businesses.row(mistake).voided
    with pytest.raises(ConflictError):
        office.businesses.restore(mistake)


def test_missing_business(office: Services) -> None:
    with pytest.raises(NotFoundError):
        office.businesses.detail(12345)


def test_demo_data_passes_the_register_rules(office: Services) -> None:
    from desktop_app.domain.businesses import BusinessInput

    office.demo.fill(300, seed=11)
    rows = office.businesses.rows()
    assert len(rows) == 300
    for row in rows[:300:7]:
        detail = office.businesses.detail(row.id)
        data = detail.as_input()
        assert isinstance(data, BusinessInput)
        data.validated()  # phones, ID numbers, dates and counts of generated data are all valid
