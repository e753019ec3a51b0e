"""Report indicators on a hand-built dataset (answers worked out by hand), the data package, the Excel and PDF
read back, templates, and consolidation equal to the report over the union of the units' data."""

from __future__ import annotations

import json
import shutil
import subprocess
import unicodedata
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from desktop_app.domain.activities import (
    FORM_CONFERENCE,
    FORM_LEAFLET,
    FORM_LOUDSPEAKER,
    CommunicationInput,
    HealthyStatusInput,
    TrainingInput,
)
from desktop_app.domain.businesses import STATUS_CLOSED
from desktop_app.domain.cases import (
    KIND_COUNSELLING,
    KIND_JOB,
    KIND_LOAN,
    KIND_TRAINING,
    CaseInput,
    IdentityInput,
    ServiceInput,
)
from desktop_app.domain.commitments import CommitmentInput, EmployeeInput
from desktop_app.domain.errors import DomainError
from desktop_app.domain.indicators import INDICATORS, add_up, indicator_ids, percentage
from desktop_app.domain.inspections import (
    RESULT_NONE,
    RESULT_PENALTY,
    RESULT_REMINDER,
    HotspotInput,
    VisitInput,
)
from desktop_app.domain.office import CommuneInput, OfficeProfile
from desktop_app.domain.periods import Period, parse_period
from desktop_app.domain.report_templates import TemplateError, parse_template
from desktop_app.domain.reports import PackageError, read_package
from desktop_app.domain.security import ROLE_ADMIN, ROLE_LEADER, ROLE_STAFF, Actor, PermissionDenied
from desktop_app.domain.text import search_key
from desktop_app.exports.report_xlsx import DATA_SHEET, read_package_from_xlsx
from desktop_app.services.app_services import Services, open_services
from desktop_app.services.reports import default_template
from desktop_app.storage.repositories.users import set_setting
from tests.conftest import COMMUNES, run_cli, sample_input

S1 = parse_period("2026S1")
ADMIN = Actor(None, "admin", ROLE_ADMIN)
SECRET_NAME = "Lường Thị Bí Mật"
SECRET_ID = "014199001234"


CODES = {name: f"0{n}" for n, name in enumerate(COMMUNES, start=4001)}  # official ward codes


def _configure(services: Services, unit: str, codes: bool = False, communes: list[str] | None = None) -> None:
    services.db.actor = ADMIN
    profile = OfficeProfile(
        issuing_unit=unit,
        parent_unit="Ủy ban nhân dân huyện Mai Sơn",
        place_name="Mai Sơn",
        upward_recipient="Sở Y tế tỉnh Sơn La",
        signer_name="Nguyễn Văn Minh",
        signer_position="Trưởng phòng",
    )
    names = communes or COMMUNES
    services.office.setup(
        profile, [CommuneInput(name, CODES.get(name, "") if codes else "") for name in names]
    )


def _ids(services: Services) -> tuple[dict[str, int], dict[str, int]]:
    types = {t.code: t.id for t in services.office.business_types()}
    communes = {c.name: c.id for c in services.office.communes()}
    return types, communes


def _business(
    services: Services, name: str, type_code: str, commune: str, registered: str, **extra: object
) -> int:
    types, communes = _ids(services)
    return services.businesses.create(
        sample_input(
            services,
            name=name,
            type_id=types[type_code],
            commune_id=communes[commune],
            registration_number=name[-6:],
            registration_date=registered,
            **extra,
        )
    )


def build(services: Services, part_x: bool = True, part_y: bool = True) -> None:
    """The dataset of the module docstring; part x and part y are disjoint halves of it."""
    basis = next(  # guests' stays not notified: a warning or up to 1 million đ (2 million đ for a business)
        b.id
        for b in services.inspections.legal_basis()
        if (b.decree, b.article, b.clause, b.point) == ("282/2025/NĐ-CP", "10", "1", "b")
    )
    _types, communes = _ids(services)
    if part_x:
        # A: active all along, a commitment expiring on the last day of the period, two employees listed
        a = _business(
            services,
            "Karaoke A 000001",
            "KAR",
            "Xã Mường Bon",
            "05/03/2020",
            employees_total="5",
            employees_female="3",
        )
        services.commitments.record(CommitmentInput(a, "01/01/2026", "01/01/2026", "30/06/2026"))
        services.commitments.add_employee(EmployeeInput(a, "Nguyễn Thị Hoa", signed_on="10/02/2026"))
        services.commitments.add_employee(EmployeeInput(a, "Trần Thị Lan", signed_on="05/07/2026"))
        # B: opened and closed inside the period; inspected (a reminder) before closing
        b = _business(
            services,
            "Nhà nghỉ B 000002",
            "NN",
            "Xã Mường Bon",
            "10/02/2026",
            employees_total="4",
            employees_female="2",
        )
        services.inspections.record_visit(VisitInput(b, "15/03/2026", result=RESULT_REMINDER))
        services.businesses.change_status(b, STATUS_CLOSED, "20/05/2026")
        # F: opened on the first day; its commitment only starts after the period
        f = _business(
            services,
            "Khách sạn F 000006",
            "KS",
            "Xã Mường Bon",
            "01/01/2026",
            employees_total="2",
            employees_female="2",
        )
        services.commitments.record(CommitmentInput(f, "01/07/2026", "01/07/2026", "31/12/2026"))
        services.inspections.record_visit(VisitInput(a, "01/01/2026", result=RESULT_NONE))  # the first day
        case1, _code = services.cases.create(
            CaseInput("03/02/2026", communes["Xã Mường Bon"], consent_on="03/02/2026", consent_way="van_ban"),
            IdentityInput(SECRET_NAME, id_number=SECRET_ID),
        )
        services.cases.add_service(
            ServiceInput(
                case1, KIND_TRAINING, "10/02/2026", details={"trade": "May", "start_on": "10/02/2026"}
            )
        )
        loan = {
            "bank": "NHCSXH",
            "amount_vnd": "20.000.000",
            "disbursed_on": "01/03/2026",
            "term_months": "24",
        }
        services.cases.add_service(ServiceInput(case1, KIND_LOAN, "01/03/2026", details=loan))
        services.cases.add_service(ServiceInput(case1, KIND_COUNSELLING, "15/03/2026"))
        mb = communes["Xã Mường Bon"]
        services.activities.create_communication(
            CommunicationInput(mb, "01/01/2026", FORM_CONFERENCE, "Hội nghị", 40)
        )
        services.activities.create_communication(
            CommunicationInput(mb, "30/06/2026", FORM_LEAFLET, "Tờ rơi", 0)
        )
        services.activities.create_communication(
            CommunicationInput(mb, "01/07/2026", FORM_CONFERENCE, "Sau kỳ", 99)
        )
        services.activities.create_training(TrainingInput("15/04/2026", "Tập huấn cán bộ", participants=25))
        services.activities.save_healthy_status(
            HealthyStatusInput(mb, 2026, registered=True, recognised=True)
        )
    if part_y:
        # C: active all along, its commitment expired in 2025; the office only counts its employees
        c = _business(
            services,
            "Nhà nghỉ C 000003",
            "NN",
            "Xã Cò Nòi",
            "01/01/2019",
            employees_total="6",
            employees_female="1",
        )
        services.commitments.record(CommitmentInput(c, "01/01/2025", "01/01/2025", "31/12/2025"))
        services.commitments.set_employee_counts(c, 6, 4, date(2026, 3, 1))
        services.commitments.set_employee_counts(c, 6, 6, date(2026, 8, 1))  # after the period
        penalty = VisitInput(
            c,
            "30/06/2026",
            result=RESULT_PENALTY,
            decision_number="5/QĐ-XPHC",
            decision_date="30/06/2026",
            legal_basis_ids=[basis],
            fine_vnd=2_000_000,
        )
        services.inspections.record_visit(penalty)  # the last day
        services.inspections.record_visit(
            VisitInput(c, "01/07/2026", result=RESULT_REMINDER)
        )  # the day after
        # D opens after the period; E closed on the eve of it
        _business(services, "Karaoke D 000004", "KAR", "Xã Cò Nòi", "01/07/2026")
        e = _business(services, "Nhà nghỉ E 000005", "NN", "Xã Cò Nòi", "15/01/2018")
        services.businesses.change_status(e, STATUS_CLOSED, "31/12/2025")
        services.inspections.save_hotspot(
            HotspotInput("Bãi sông", communes["Xã Cò Nòi"], "10/01/2026", "15/06/2026")
        )
        services.inspections.save_hotspot(
            HotspotInput("Chợ đêm", communes["Xã Cò Nòi"], "01/12/2025", "01/02/2026")
        )
        consent = {"consent_way": "van_ban"}
        case2, _code = services.cases.create(
            CaseInput("15/12/2025", communes["Xã Cò Nòi"], consent_on="15/12/2025", **consent),
            IdentityInput("Người Thứ Hai"),
        )
        services.cases.add_service(
            ServiceInput(
                case2, KIND_JOB, "01/01/2026", details={"employer": "Xưởng may", "start_on": "01/01/2026"}
            )
        )
        services.cases.add_service(
            ServiceInput(
                case2, KIND_TRAINING, "01/07/2026", details={"trade": "Nấu ăn", "start_on": "01/07/2026"}
            )
        )  # after the period
        services.cases.create(
            CaseInput("30/06/2026", communes["Xã Cò Nòi"], consent_on="30/06/2026", **consent),
            IdentityInput("Người Thứ Ba"),
        )
        cn = communes["Xã Cò Nòi"]
        voided = services.activities.create_communication(
            CommunicationInput(cn, "02/02/2026", FORM_CONFERENCE, "Nhầm", 5)
        )
        services.activities.void_communication(voided)
        services.activities.create_communication(
            CommunicationInput(cn, "03/03/2026", FORM_LOUDSPEAKER, "Loa", 120)
        )
        services.activities.save_healthy_status(
            HealthyStatusInput(cn, 2026, registered=True, recognised=False)
        )
        services.activities.save_healthy_status(
            HealthyStatusInput(cn, 2025, registered=True, recognised=True)
        )


@pytest.fixture
def unit(services: Services) -> Services:
    _configure(services, "Phòng Văn hóa – Xã hội huyện Mai Sơn")
    build(services)
    return services


def test_every_indicator_on_the_hand_built_dataset(unit: Services) -> None:
    values = unit.reports.report(S1).values
    expected = {
        "businesses_active_start": 2,  # A, C (E closed on 31/12/2025)
        "businesses_new": 2,  # B, F
        "businesses_closed": 1,  # B
        "businesses_active_end": 3,  # A, C, F
        "employees_total": 13,
        "employees_female": 6,
        "commitments_covered_end": 1,  # A, valid to the last day
        "commitments_coverage_pct": 33.3,
        "employee_commitments_signed": 5,  # A: 1 listed by 30/06; C: 4 counted on 01/03
        "inspection_visits": 3,  # A on the first day, B, C on the last day (not C on 01/07)
        "businesses_inspected": 3,
        "businesses_inspected_active": 2,  # B closed since
        "businesses_inspected_pct": 66.7,
        "violations": 2,
        "reminders": 1,
        "penalties": 1,
        "penalties_fine": 1,  # C's fine of 30/06 (its kind inferred from the amount)
        "penalties_warning": 0,
        "fines_vnd": 2_000_000,
        "referrals_police": 0,
        "hotspots_found": 1,
        "hotspots_eliminated": 2,
        "cases_new": 2,  # case 1 and case 3 (intake on the last day)
        "cases_supported": 2,  # case 1 and case 2 (a job on the first day)
        "people_trained": 1,
        "people_employed": 1,
        "loans_count": 1,
        "loans_amount_vnd": 20_000_000,
        "communes_total": 5,
        "communication_events": 3,  # on the first and the last day in Mường Bon, one in Cò Nòi (one voided)
        "communication_participants": 160,
        "communes_with_communication": 2,
        "communes_communication_pct": 40.0,
        "staff_trained": 25,
        "communes_healthy_recognised": 1,  # Mường Bon in 2026 (Cò Nòi's recognition was for 2025)
    }
    for indicator, value in expected.items():
        assert values.value(indicator) == value, indicator
    flat = values.flat()
    assert flat["businesses_active_end_by_type"]["KAR"] == 1
    assert flat["businesses_active_end_by_type"]["NN"] == 1
    assert flat["businesses_active_end_by_type"]["KS"] == 1
    assert flat["businesses_new_by_type"] == {
        **{code: 0 for code in flat["businesses_new_by_type"]},
        "NN": 1,
        "KS": 1,
    }
    by_commune = flat["businesses_active_end_by_commune"]
    muong_bon = next(k for k, label in values.members["commune"].items() if label == "Xã Mường Bon")
    co_noi = next(k for k, label in values.members["commune"].items() if label == "Xã Cò Nòi")
    assert (by_commune[muong_bon], by_commune[co_noi]) == (2, 1)
    assert flat["commitments_coverage_pct_by_commune"][muong_bon] == 50.0
    assert flat["businesses_inspected_pct_by_commune"][co_noi] == 100.0
    assert flat["fines_vnd_by_commune"][co_noi] == 2_000_000
    assert flat["services_by_kind"] == {
        **{kind: 0 for kind in flat["services_by_kind"]},
        KIND_TRAINING: 1,
        KIND_LOAN: 1,
        KIND_COUNSELLING: 1,
        KIND_JOB: 1,
    }
    assert set(flat) == set(indicator_ids())


def test_ratios_without_a_denominator_are_blank_not_zero(services: Services) -> None:
    _configure(services, "Phòng Văn hóa – Xã hội huyện Mai Sơn")
    values = services.reports.report(S1).values
    assert values.value("businesses_active_end") == 0
    assert values.value("commitments_coverage_pct") is None


def test_reports_are_for_roles_with_the_report_permission(unit: Services) -> None:
    unit.db.actor = Actor(None, "lanhdao", ROLE_LEADER)
    assert unit.reports.report(S1).values.value("inspection_visits") == 3
    unit.db.actor = Actor(None, "canbo", ROLE_STAFF)
    with pytest.raises(PermissionDenied):
        unit.reports.import_template(Path("x.json"))


def _text_of_pdf(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_excel_pdf_and_package_carry_the_same_counts_and_nothing_personal(
    unit: Services, tmp_path: Path
) -> None:
    unit.inspections.set_targets(replace(unit.inspections.targets(), annual_pct=25))  # the office's own
    report = unit.reports.report(S1)
    xlsx = unit.reports.write_xlsx(report, tmp_path / "bao-cao.xlsx")
    pdf = unit.reports.write_pdf(report, tmp_path / "bao-cao.pdf")
    package = unit.reports.write_package(report, tmp_path / "goi.json")

    workbook = load_workbook(xlsx)
    assert workbook.sheetnames[:6] == ["Biểu 1", "Biểu 2", "Biểu 2b", "Biểu 3", "Biểu 3b", "Biểu 4"]
    assert workbook[DATA_SHEET].sheet_state == "hidden"
    sheet = workbook["Biểu 1"]
    cells = [[c.value for c in row] for row in sheet.iter_rows()]
    total = next(row for row in cells if row[1] == "Tổng cộng")
    assert total[2:11] == [2, 2, 1, 3, 13, 6, 5, 1, 33.3]
    assert sheet.cell(row=9, column=3).font.name == "Times New Roman"
    assert int(sheet.page_setup.paperSize) == int(sheet.PAPERSIZE_A4)
    texts = [str(v) for row in cells for v in row if isinstance(v, str)]
    assert all(unicodedata.is_normalized("NFC", t) for t in texts)
    bieu3 = [[c.value for c in row] for row in workbook["Biểu 3"].iter_rows()]
    assert ["1", "Hồ sơ hỗ trợ mới tiếp nhận", None, 2] in bieu3  # the label over two columns

    package_text = package.read_text(encoding="utf-8")
    embedded = read_package_from_xlsx(xlsx)
    assert (
        embedded is not None and json.loads(embedded)["indicators"] == json.loads(package_text)["indicators"]
    )
    read = read_package(package_text)
    assert read.period == S1 and read.unit.name == "Phòng Văn hóa – Xã hội huyện Mai Sơn"
    assert read.values.flat() == report.values.flat()

    pdf_text = _text_of_pdf(pdf)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in pdf_text and "Nơi nhận" in pdf_text
    assert "/BC-" in pdf_text and "6 tháng đầu năm 2026" in pdf_text
    assert "33,3 %" in pdf_text and "2.000.000 đ" in pdf_text
    flat = " ".join(pdf_text.split())  # the sentences wrap across lines
    # a half-year is judged against half the yearly target, and the sentence says so
    assert "(chỉ tiêu của kỳ ≥ 12,5 %, tức 25 %/năm tính theo độ dài của kỳ)" in flat
    assert "(chỉ tiêu 100 %)" in flat and "(chỉ tiêu ≥ 25 %/năm)" not in flat
    assert report.targets["businesses_inspected_pct"] == 12.5
    assert unicodedata.is_normalized("NFC", pdf_text)
    case_codes = [row.code for row in unit.cases.rows()]
    for secret in (SECRET_NAME, SECRET_ID, *case_codes):
        assert secret not in pdf_text and secret not in package_text
        assert all(secret not in t for t in texts)
        assert secret not in (embedded or "")


def test_a_tampered_package_is_refused(unit: Services, tmp_path: Path) -> None:
    path = unit.reports.write_package(unit.reports.report(S1), tmp_path / "goi.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    data["values"]["totals"]["fines_vnd"] = 1
    with pytest.raises(PackageError, match="checksum"):
        read_package(json.dumps(data))
    with pytest.raises(PackageError):
        read_package("không phải json")


def test_templates_are_checked_and_an_imported_one_is_used(unit: Services, tmp_path: Path) -> None:
    assert len(default_template().tables) == 6
    with pytest.raises(TemplateError, match="không có chỉ tiêu “fine_vnd”"):
        parse_template(
            {
                "format": 1,
                "name": "Mẫu tỉnh",
                "tables": [
                    {"title": "Biểu A", "rows": {"by": "commune"}, "columns": [{"indicator": "fine_vnd"}]}
                ],
            }
        )
    with pytest.raises(TemplateError, match="không chia theo loại hình"):
        parse_template(
            {
                "format": 1,
                "name": "Mẫu tỉnh",
                "tables": [
                    {"title": "Biểu A", "rows": {"by": "type"}, "columns": [{"indicator": "fines_vnd"}]}
                ],
            }
        )
    bad = tmp_path / "hong.json"
    bad.write_text("{không phải json", encoding="utf-8")
    with pytest.raises(TemplateError):
        unit.reports.import_template(bad)
    province = tmp_path / "mau-tinh.json"
    province.write_text(
        json.dumps(
            {
                "format": 1,
                "name": "Mẫu của tỉnh",
                "tables": [
                    {
                        "id": "t1",
                        "title": "Biểu 01. Kiểm tra",
                        "rows": [{"label": "Số lượt", "indicator": "inspection_visits"}],
                    }
                ],
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    assert unit.reports.import_template(province).name == "Mẫu của tỉnh"
    workbook = load_workbook(unit.reports.write_xlsx(unit.reports.report(S1), tmp_path / "r.xlsx"))
    assert workbook.sheetnames == ["Biểu 01", DATA_SHEET]
    unit.reports.reset_template()
    assert unit.reports.template_is_default()
    assert unit.reports.stored_template_problem() is None
    with unit.db.unit_of_work() as session:  # a template stored by a newer version of the app
        set_setting(session, "report_template", '{"format": 2, "name": "Mẫu mới"}')
    assert "format" in (unit.reports.stored_template_problem() or "")
    assert len(unit.reports.template().tables) == 6  # the default stands in


def test_consolidating_two_units_equals_the_report_over_their_union(tmp_path: Path) -> None:
    targets = {name: tmp_path / f"{name}.sqlite3" for name in ("x", "y", "union")}
    opened = {name: open_services(path, actor=ADMIN, encrypt_new=False) for name, path in targets.items()}
    try:
        # the same five communes (with their official codes) in each database: each commune is counted once
        _configure(opened["x"], "Phòng Văn hóa – Xã hội huyện A", codes=True)
        _configure(opened["y"], "Phòng Văn hóa – Xã hội huyện B", codes=True)
        _configure(opened["union"], "Sở LĐ-TB&XH tỉnh", codes=True)
        build(opened["x"], part_y=False)
        build(opened["y"], part_x=False)
        build(opened["union"])
        files = [
            opened["x"].reports.write_package(opened["x"].reports.report(S1), tmp_path / "x.json"),
            opened["y"].reports.write_xlsx(opened["y"].reports.report(S1), tmp_path / "y.xlsx"),
        ]
        province = opened["union"]
        province.reports.set_expected_units(
            [
                "Phòng Văn hóa – Xã hội huyện A",
                "Phòng Văn hóa – Xã hội huyện B",
                "Phòng Văn hóa – Xã hội huyện C",
            ]
        )
        result = province.reports.consolidate(files, S1)
        assert result.report.values.flat() == province.reports.report(S1).values.flat()
        assert [u.name for u, _file in result.included] == [
            "Phòng Văn hóa – Xã hội huyện A",
            "Phòng Văn hóa – Xã hội huyện B",
        ]
        assert result.missing == ["Phòng Văn hóa – Xã hội huyện C"] and result.rejected == []
        workbook = load_workbook(province.reports.write_xlsx(result.report, tmp_path / "tong-hop.xlsx"))
        units = [str(c.value) for row in workbook["Đơn vị"].iter_rows() for c in row if c.value]
        assert "Phòng Văn hóa – Xã hội huyện C" in units and "Đơn vị chưa gửi báo cáo: 1" in units
        pdf_text = _text_of_pdf(province.reports.write_pdf(result.report, tmp_path / "tong-hop.pdf"))
        assert "SỞ LĐ-TB&XH TỈNH" in pdf_text and "&amp;" not in pdf_text
        assert "IV. ĐƠN VỊ TỔNG HỢP" in pdf_text and "III. CÁCH TÍNH CÁC CHỈ TIÊU" in pdf_text
        assert add_up([read_package((tmp_path / "x.json").read_text(encoding="utf-8")).values]).flat() == (
            opened["x"].reports.report(S1).values.flat()
        )

        # the wrong period, a broken file and the same unit twice are rejected, each with its reason
        other = opened["x"].reports.write_package(
            opened["x"].reports.report(parse_period("2026S2")), tmp_path / "s2.json"
        )
        broken = tmp_path / "hong.xlsx"
        broken.write_bytes(b"PK\x03\x04 not a workbook")
        again = shutil.copy(tmp_path / "x.json", tmp_path / "x-lan-2.json")
        result = province.reports.consolidate([*files, other, broken, Path(again)], S1)
        reasons = {r.file_name: r.reason for r in result.rejected}
        assert "Sai kỳ báo cáo" in reasons["s2.json"]
        assert "hong.xlsx" in reasons
        assert "gửi hai lần" in reasons["x.json"] and "gửi hai lần" in reasons["x-lan-2.json"]
        assert [u.name for u, _f in result.included] == ["Phòng Văn hóa – Xã hội huyện B"]
        newest = province.reports.consolidate([*files, Path(again)], S1, newest_wins=True)
        assert len(newest.included) == 2 and len(newest.rejected) == 1
    finally:
        for services in opened.values():
            services.close()


def test_every_indicator_has_a_label_and_a_definition() -> None:
    for indicator in INDICATORS.values():
        assert indicator.label and indicator.definition.endswith(".")
        if indicator.ratio:
            assert all(part in INDICATORS for part in indicator.ratio)


def test_a_reversed_range_is_refused(unit: Services) -> None:
    with pytest.raises(DomainError):
        unit.reports.report(Period(date(2026, 6, 30), date(2026, 1, 1)))


def test_report_and_consolidate_on_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "cli.sqlite3"
    services = open_services(target, actor=ADMIN, encrypt_new=False)
    try:
        _configure(services, "Phòng Văn hóa – Xã hội huyện Mai Sơn")
        build(services)
    finally:
        services.close()
    code, out, err = run_cli(capsys, "--db", str(target), "report", "--period", "2026S1", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["unit"] == "Phòng Văn hóa – Xã hội huyện Mai Sơn"
    assert data["period"] == {"code": "2026S1", "start": "2026-01-01", "end": "2026-06-30"}
    assert data["indicators"]["businesses_inspected"] == 3 and data["indicators"]["fines_vnd"] == 2_000_000
    assert data["indicators"]["commitments_coverage_pct"] == 33.3

    code, out, err = run_cli(
        capsys,
        "--db",
        str(target),
        "report",
        "--from",
        "01/01/2026",
        "--to",
        "30/06/2026",
        "--xlsx",
        str(tmp_path / "r.xlsx"),
        "--pdf",
        str(tmp_path / "r.pdf"),
        "--package",
        str(tmp_path / "r.json"),
    )
    assert code == 0 and "r.xlsx" in out and (tmp_path / "r.pdf").stat().st_size > 10_000

    code, out, err = run_cli(
        capsys, "--db", str(target), "consolidate", str(tmp_path / "r.json"), "--period", "2026S1", "--json"
    )
    assert code == 0, err
    merged = json.loads(out)
    assert merged["indicators"] == data["indicators"] and merged["rejected"] == []
    assert merged["units"][0]["file"] == "r.json"

    code, out, err = run_cli(
        capsys,
        "--db",
        str(target),
        "consolidate",
        str(tmp_path / "r.json"),
        "--period",
        "2026",
        "--xlsx",
        str(tmp_path / "rong.xlsx"),
        "--package",
        str(tmp_path / "rong.json"),
    )
    assert code == 1 and "Sai kỳ báo cáo" in out and "không ghi tệp" in err
    assert not (tmp_path / "rong.xlsx").exists() and not (tmp_path / "rong.json").exists()
    code, out, err = run_cli(
        capsys,
        "--db",
        str(target),
        "report",
        "--period",
        "2026S1",
        "--json",
        "--package",
        str(tmp_path / "p.json"),
    )
    assert code == 0 and json.loads(out)["period"]["code"] == "2026S1" and "p.json" in err
    code, _out, err = run_cli(
        capsys, "--db", str(target), "report", "--period", "2026S1", "--to", "01/01/2020"
    )
    assert code != 0 and "--to" in err
    code, _out, err = run_cli(capsys, "--db", str(target), "report", "--period", "2026S3")
    assert code != 0 and "Không hiểu kỳ báo cáo" in err


def test_units_and_communes_without_codes_stay_apart_when_added_up(tmp_path: Path) -> None:
    """Two communes' offices of one province (same province code) are two units; their «Phường 1» without an
    official code are two communes; «Xã Hát Lót» and «Thị trấn Hát Lót» are two communes in one unit."""
    files = []
    for unit in ("UBND phường Tô Hiệu", "UBND phường Chiềng Lề"):
        services = open_services(tmp_path / f"{search_key(unit)}.sqlite3", actor=ADMIN, encrypt_new=False)
        try:
            _configure(services, unit, communes=["Phường 1", "Xã Hát Lót", "Thị trấn Hát Lót"])
            profile = services.office.profile()
            assert profile is not None
            services.office.save_profile(replace(profile, province_code="14", province_name="Sơn La"))
            communes = {c.name: c.id for c in services.office.communes()}
            event = CommunicationInput(communes["Phường 1"], "01/03/2026", FORM_CONFERENCE, "Hội nghị", 10)
            services.activities.create_communication(event)
            values = services.reports.report(S1).values
            assert values.value("communes_total") == 3 and len(values.members["commune"]) == 3
            files.append(
                services.reports.write_package(services.reports.report(S1), tmp_path / f"{unit}.json")
            )
        finally:
            services.close()
    province = open_services(tmp_path / "tinh.sqlite3", actor=ADMIN, encrypt_new=False)
    try:
        _configure(province, "Sở Y tế tỉnh Sơn La")
        result = province.reports.consolidate(files, S1)
        assert len(result.included) == 2 and result.rejected == []
        values = result.report.values
        assert values.value("communes_total") == 6 and values.value("communes_with_communication") == 2
        assert values.value("communes_communication_pct") == 33.3
    finally:
        province.close()


def test_shares_round_halves_up() -> None:
    assert percentage(1, 16) == 6.3 and percentage(5, 16) == 31.3 and percentage(1, 3) == 33.3
    assert percentage(0, 0) is None


def test_a_business_entered_as_closed_is_not_new(services: Services) -> None:
    _configure(services, "Phòng Văn hóa – Xã hội huyện Mai Sơn")
    _business(
        services,
        "Bar cũ 000009",
        "BAR",
        "Xã Cò Nòi",
        "01/01/2015",
        status="closed",
        status_since="01/03/2026",
    )
    values = services.reports.report(S1).values
    # open since 2015, so counted at the start; closed in March: 1 + 0 − 1 = 0 at the end
    assert (values.value("businesses_active_start"), values.value("businesses_new")) == (1, 0)
    assert (values.value("businesses_closed"), values.value("businesses_active_end")) == (1, 0)


def test_damaged_package_files_are_rejected_one_by_one(unit: Services, tmp_path: Path) -> None:
    good = unit.reports.write_package(unit.reports.report(S1), tmp_path / "tot.json")
    deep = tmp_path / "sau.json"
    deep.write_text("[" * 100_000, encoding="utf-8")
    odd = tmp_path / "la.json"
    data = json.loads(good.read_text(encoding="utf-8"))
    data["values"] = {"totals": {"fines_vnd": "nhiều"}, "by": {}, "members": {}}
    odd.write_text(json.dumps(data), encoding="utf-8")
    missing = tmp_path / "khong-co.json"
    result = unit.reports.consolidate([good, deep, odd, missing], S1)
    assert len(result.included) == 1
    reasons = {r.file_name: r.reason for r in result.rejected}
    assert set(reasons) == {"sau.json", "la.json", "khong-co.json"}
    assert all("Error" not in reason for reason in reasons.values())
    with pytest.raises(TemplateError):
        parse_template({"format": 1, "name": "X", "tables": [{"title": "B", "rows": {"by": ["type"]}}]})


def _resealed(data: dict[str, object], path: Path) -> Path:
    """A package edited by hand with its checksum computed again, as a forger would."""
    import hashlib

    body = {k: v for k, v in data.items() if k != "checksum"}
    canonical = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    path.write_text(json.dumps({**body, "checksum": "sha256:" + hashlib.sha256(canonical).hexdigest()}))
    return path


RATIO = next(i.id for i in INDICATORS.values() if i.ratio is not None)


def test_a_package_outside_its_schema_is_rejected_alone_with_its_reason(
    unit: Services, tmp_path: Path
) -> None:
    good = unit.reports.write_package(unit.reports.report(S1), tmp_path / "tot.json")
    original = json.loads(good.read_text(encoding="utf-8"))

    def forged(name: str, change: object) -> Path:
        data = json.loads(json.dumps(original))
        data["unit"]["name"] = f"Xã {name}"
        change(data)  # type: ignore[operator]
        return _resealed(data, tmp_path / f"{name}.json")

    files = [
        good,
        forged("lon", lambda d: d["values"]["totals"].update(fines_vnd=10**4000)),
        forged("am", lambda d: d["values"]["totals"].update(inspection_visits=-3)),
        forged("la", lambda d: d["values"]["totals"].update(fine_vnd=5)),
        forged("chia", lambda d: d["values"]["by"].setdefault("type", {}).update(cases_new={"X": 1})),
        forged("ty-le", lambda d: d["values"]["totals"].update({RATIO: 99})),
        forged("ten", lambda d: d["unit"].update(name=["không phải chữ"])),
    ]
    result = unit.reports.consolidate(files, S1)
    assert [name for _unit, name in result.included] == ["tot.json"]
    reasons = {r.file_name: r.reason for r in result.rejected}
    assert "quá lớn" in reasons["lon.json"]
    assert "không phải số nguyên không âm" in reasons["am.json"]
    assert "«fine_vnd» không có trong phần mềm" in reasons["la.json"]
    assert "không chia theo «Loại hình»" in reasons["chia.json"]
    assert "là tỷ lệ" in reasons["ty-le.json"]
    assert "tên đơn vị không hợp lệ" in reasons["ten.json"]
    assert all("Error" not in reason and len(reason) < 300 for reason in reasons.values())
    # the consolidated report of what was left is written as usual
    unit.reports.write_xlsx(result.report, tmp_path / "tong-hop.xlsx")
    unit.reports.write_pdf(result.report, tmp_path / "tong-hop.pdf")


def test_a_report_read_without_the_larger_page_cache_has_the_same_figures(
    unit: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The start page's figures are read with the connection's own page cache, not the report's 64 MiB one
    (some 60 MB less held at 100,000 businesses, #20): the same figures."""
    from desktop_app.storage.repositories import indicators

    larger: list[object] = []
    real = indicators.larger_cache

    def spy(session: object, *args: int) -> object:
        larger.append(session)
        return real(session, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(indicators, "larger_cache", spy)
    full = unit.reports.report(S1).values.flat()
    assert len(larger) == 1
    assert unit.reports.report(S1, larger_cache=False).values.flat() == full
    assert len(larger) == 1
