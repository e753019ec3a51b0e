"""Biên bản vi phạm hành chính printed from a visit with a violation: the acts cited with the catalogue's
text, the offender (organisation or person), the team, blanks for witnesses and statements; read back."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date, datetime
from pathlib import Path

import pytest

from desktop_app.domain.errors import ValidationError
from desktop_app.domain.forms import FormOffice, ViolationRecordForm
from desktop_app.domain.inspections import (
    LEVEL_COMMUNE,
    RESULT_NONE,
    RESULT_PENALTY,
    RoundInput,
    VisitInput,
)
from desktop_app.domain.security import SYSTEM
from desktop_app.exports.atomic import ExportError
from desktop_app.exports.violation_record import write_violation_records
from desktop_app.services.app_services import Services, open_services
from desktop_app.services.inspections import InspectionService
from tests.conftest import FixedClock, configure, run_cli, sample_input

NOW = datetime(2026, 11, 23, 9, 0)
OFFICE = FormOffice(
    "Ủy ban nhân dân xã Mường Bon", "", "Mường Bon", document_symbol="UBND", province_name="Tỉnh Sơn La"
)
RECORD = ViolationRecordForm(
    business_name="Nhà nghỉ Hoa Ban",
    business_type="Nhà nghỉ",
    address="Bản Mường Bon",
    commune_name="Xã Mường Bon",
    owner_name="Nguyễn Thị Hằng",
    owner_id_number="014186001234",
    owner_phone="0912 345 678",
    registration_number="24A8001234",
    registration_date=date(2021, 4, 12),
    offender_kind="organisation",
    visit_date=date(2026, 3, 17),
    visit_time="14:30",
    team_name="Đội kiểm tra liên ngành 178 xã Mường Bon",
    team_level=LEVEL_COMMUNE,
    members=("Lò Văn Hùng – Phó Chủ tịch UBND xã, Đội trưởng", "Quàng Văn Tú – Công an xã"),
    acts=("Điểm đ khoản 2 Điều 10 Nghị định 282/2025/NĐ-CP: không thông báo lưu trú cho khách",),
    findings="03 khách nghỉ qua đêm chưa được thông báo lưu trú.",
)


def _require(tool: str) -> str:
    path = shutil.which(tool)
    assert path, f"{tool} is missing: install poppler-utils (apt-get install -y poppler-utils)"
    return path


def _text(pdf: Path) -> str:
    out = subprocess.run(
        [_require("pdftotext"), "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    return " ".join(out.split())


def _pages(pdf: Path) -> int:
    out = subprocess.run([_require("pdfinfo"), str(pdf)], check=True, capture_output=True, text=True).stdout
    return int(next(line.split()[-1] for line in out.splitlines() if line.startswith("Pages:")))


def test_the_record_prints_the_visit_the_offender_and_the_acts(tmp_path: Path) -> None:
    target = tmp_path / "vphc.pdf"
    write_violation_records(target, OFFICE, [RECORD])
    text = _text(target)
    for expected in (
        "ỦY BAN NHÂN DÂN",
        "ĐỘI KIỂM TRA LIÊN NGÀNH 178",
        "Số: ……/BB-VPHC-UBND",
        "Mường Bon, ngày 17 tháng 3 năm 2026",
        "BIÊN BẢN VI PHẠM HÀNH CHÍNH",
        "Căn cứ kết quả kiểm tra của Đội kiểm tra liên ngành 178 xã Mường Bon tại cơ sở Nhà nghỉ Hoa Ban "
        "ngày 17/03/2026.",
        "Hôm nay, hồi 14 giờ 30 phút, ngày 17 tháng 3 năm 2026, tại Nhà nghỉ Hoa Ban, Bản Mường Bon, "
        "xã Mường Bon, tỉnh Sơn La.",
        "1. Lò Văn Hùng – Phó Chủ tịch UBND xã, Đội trưởng",
        "Với sự chứng kiến của:",
        "Tiến hành lập biên bản vi phạm hành chính đối với tổ chức:",
        "Tên tổ chức (cơ sở kinh doanh): Nhà nghỉ Hoa Ban",
        "Người đại diện theo pháp luật: Nguyễn Thị Hằng",
        "1. Điểm đ khoản 2 Điều 10 Nghị định 282/2025/NĐ-CP: không thông báo lưu trú cho khách",
        "Tình tiết ghi nhận: 03 khách nghỉ qua đêm chưa được thông báo lưu trú.",
        "Ý kiến trình bày của người đại diện tổ chức vi phạm:",
        "ĐẠI DIỆN TỔ CHỨC VI PHẠM",
        "NGƯỜI LẬP BIÊN BẢN",
        "NGƯỜI CHỨNG KIẾN",
        "Lò Văn Hùng",
    ):
        assert expected in text, expected
    assert "${" not in text and "---" not in text
    assert _pages(target) <= 2


def test_a_person_is_recorded_as_a_person(tmp_path: Path) -> None:
    from dataclasses import replace

    target = tmp_path / "ca-nhan.pdf"
    write_violation_records(target, OFFICE, [replace(RECORD, offender_kind="individual")])
    text = _text(target)
    assert "đối với ông (bà):" in text and "Họ và tên: Nguyễn Thị Hằng" in text
    assert "NGƯỜI VI PHẠM" in text and "ĐẠI DIỆN TỔ CHỨC" not in text


def test_the_template_is_the_office_s_to_adjust_and_a_broken_one_is_refused(tmp_path: Path) -> None:
    templates = tmp_path / "mau"
    templates.mkdir()
    (templates / "violation_record.txt").write_text(
        "Căn cứ Quyết định số 9/QĐ-UBND của ${doi_kiem_tra};\n\n---\n\nĐoạn cuối riêng.\n", encoding="utf-8"
    )
    target = tmp_path / "rieng.pdf"
    write_violation_records(target, OFFICE, [RECORD], templates_dir=templates)
    text = _text(target)
    assert "Căn cứ Quyết định số 9/QĐ-UBND của Đội kiểm tra liên ngành 178 xã Mường Bon;" in text
    assert "Đoạn cuối riêng." in text and "Luật Xử lý" not in text

    (templates / "violation_record.txt").write_text("Chỉ một đoạn, thiếu dòng ngăn.\n", encoding="utf-8")
    with pytest.raises(ExportError, match="thiếu dòng «---»"):
        write_violation_records(tmp_path / "hong.pdf", OFFICE, [RECORD], templates_dir=templates)
    assert not (tmp_path / "hong.pdf").exists()


def _lodging_basis(inspections: InspectionService) -> int:
    """NĐ 282/2025 Điều 10 khoản 2 điểm đ (not notifying guests' stays), in the shipped catalogue."""
    return next(
        b.id
        for b in inspections.legal_basis()
        if (b.decree, b.article, b.clause, b.point) == ("282/2025/NĐ-CP", "10", "2", "đ")
    )


def test_service_prints_a_record_for_a_visit_with_a_violation_only(office: Services, tmp_path: Path) -> None:
    inspections = InspectionService(office.db, now=FixedClock(NOW))
    business = office.businesses.create(
        sample_input(office, name="Nhà nghỉ Sao Mai", registration_number="S1")
    )
    round_id = inspections.create_round(
        RoundInput(
            plan_number="31/KH-ĐKT",
            plan_date="01/11/2026",
            team_name="Đội kiểm tra liên ngành 178 xã Mường Bon",
            team_level=LEVEL_COMMUNE,
            starts_on="02/11/2026",
            ends_on="30/11/2026",
            members="Lò Văn Hùng – Đội trưởng",
        )
    )
    basis = _lodging_basis(inspections)
    fined = inspections.record_visit(
        VisitInput(
            business,
            "10/11/2026",
            round_id=round_id,
            visit_time="08:15",
            result=RESULT_PENALTY,
            decision_number="15/QĐ-XPHC",
            decision_date="10/11/2026",
            legal_basis_ids=(basis,),
            fine_vnd=5_000_000,
        )
    )
    clean = inspections.record_visit(VisitInput(business, "12/11/2026", result=RESULT_NONE))
    entry = next(b for b in inspections.legal_basis() if b.id == basis)

    target = tmp_path / "vphc.pdf"
    assert inspections.print_violation_records(target, [fined]) == 1
    text = _text(target)
    assert f"1. {entry.reference}: {' '.join(entry.text.split())}" in text  # the catalogue's text of the act
    assert "hồi 08 giờ 15 phút, ngày 10 tháng 11 năm 2026, tại Nhà nghỉ Sao Mai" in text
    assert "Lò Văn Hùng" in text

    with pytest.raises(ValidationError, match="không ghi vi phạm"):
        inspections.print_violation_records(tmp_path / "khong.pdf", [clean])
    assert not (tmp_path / "khong.pdf").exists()


def test_command_line_prints_the_record_of_a_visit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "pcmd.sqlite3")
    services = open_services(db, actor=SYSTEM)
    try:
        configure(services)
        business = services.businesses.create(
            sample_input(services, name="Nhà nghỉ Hoa", registration_number="H1")
        )
        visit = services.inspections.record_visit(
            VisitInput(
                business,
                "10/11/2026",
                result=RESULT_PENALTY,
                decision_number="16/QĐ-XPHC",
                decision_date="10/11/2026",
                legal_basis_ids=(_lodging_basis(services.inspections),),
                fine_vnd=5_000_000,
            )
        )
    finally:
        services.close()
    target = tmp_path / "cli.pdf"
    code, out, err = run_cli(
        capsys, "--db", db, "forms", "violation", "--visit", str(visit), "--pdf", str(target)
    )
    assert (code, err) == (0, "") and "biên bản vi phạm hành chính" in out
    assert "BIÊN BẢN VI PHẠM HÀNH CHÍNH" in _text(target)
    other = str(tmp_path / "khac.pdf")
    code, out, err = run_cli(capsys, "--db", db, "forms", "violation", "--ids", "1", "--pdf", other)
    assert code != 0 and "--visit" in err and "Traceback" not in err
