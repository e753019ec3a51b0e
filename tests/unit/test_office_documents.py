"""Offices of today: the three office kinds, the header and signature block of every document (NĐ 30/2020),
and documents that never name a commune that no longer existed on their date."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from desktop_app.domain.businesses import BusinessInput
from desktop_app.domain.errors import ValidationErrors
from desktop_app.domain.forms import (
    FormOffice,
    UnitEndedError,
    commune_on,
    document_header,
    signature_block,
)
from desktop_app.domain.inspections import RESULT_PLANNED, VisitInput
from desktop_app.domain.office import LEGACY_LAST_DAY, REFORM_DATE, Commune, CommuneInput, OfficeProfile
from desktop_app.domain.periods import parse_period
from desktop_app.services.app_services import Services, open_services
from desktop_app.storage import models
from tests.conftest import ADMIN_PASSWORD, ADMIN_USER, run_cli


def sample_input(services: Services, commune_id: int) -> BusinessInput:
    types = {t.code: t.id for t in services.office.business_types()}
    return BusinessInput(
        name="Nhà nghỉ Hoàng Long",
        type_id=types["NN"],
        commune_id=commune_id,
        address="Tiểu khu 3",
        owner_name="Trần Văn An",
        owner_id_number="014085001234",
        owner_phone="0912 345 678",
        registration_date="05/03/2020",
        employees_total="5",
        employees_female="3",
    )


def _text(pdf: Path) -> str:
    tool = shutil.which("pdftotext")
    assert tool, "pdftotext is missing: install poppler-utils"
    out = subprocess.run([tool, "-raw", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    return " ".join(out.split())


# ---- The signature block: NĐ 30/2020 Điều 13, Phụ lục I Mục II khoản 7 ----


def _office(issuing: str, parent: str, position: str, authority: str, name: str = "") -> FormOffice:
    return FormOffice(issuing, parent, "", name, position, authority)


@pytest.mark.parametrize(
    ("office", "expected"),
    [
        # a collective body: TM. + its name over the chair
        (_office("Ủy ban nhân dân xã Mai Sơn", "", "Chủ tịch", "TM."), ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")),
        # a deputy signing for the head: KT. + the head's title over the deputy's title
        (_office("Ủy ban nhân dân xã Mai Sơn", "", "Phó Chủ tịch", "KT."), ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")),
        (
            _office("Sở Y tế", "Ủy ban nhân dân tỉnh Sơn La", "Phó Giám đốc", "KT."),
            ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"),
        ),
        (
            _office("Phòng Văn hóa – Xã hội", "Ủy ban nhân dân xã Mai Sơn", "Phó Trưởng phòng", "KT."),
            ("KT. TRƯỞNG PHÒNG", "PHÓ TRƯỞNG PHÒNG"),
        ),
        # no prefix: the position alone
        (_office("Sở Y tế", "Ủy ban nhân dân tỉnh Sơn La", "Giám đốc", ""), ("GIÁM ĐỐC",)),
        (
            _office("Phòng Văn hóa – Xã hội", "Ủy ban nhân dân xã Mai Sơn", "Trưởng phòng", ""),
            ("TRƯỞNG PHÒNG",),
        ),
        # by order / by authorisation: the parent body's head over the signer's own title
        (
            _office(
                "Phòng Văn hóa – Xã hội", "Ủy ban nhân dân xã Mai Sơn", "Trưởng phòng Văn hóa – Xã hội", "TL."
            ),
            ("TL. CHỦ TỊCH", "TRƯỞNG PHÒNG VĂN HÓA – XÃ HỘI"),
        ),
        (
            _office("Phòng Văn hóa – Xã hội", "Ủy ban nhân dân xã Mai Sơn", "Trưởng phòng", "TUQ."),
            ("TUQ. CHỦ TỊCH", "TRƯỞNG PHÒNG"),
        ),
        # a deputy position left empty takes the head's title
        (_office("Sở Y tế", "", "", "KT."), ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC")),
        # a deputy never signs in their own right: an older profile without a prefix prints KT.
        (_office("Ủy ban nhân dân xã Mai Sơn", "", "Phó Chủ tịch", ""), ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")),
    ],
)
def test_signature_block_follows_nd30(office: FormOffice, expected: tuple[str, ...]) -> None:
    assert signature_block(office).headings == expected


def test_a_deputy_without_prefix_is_refused(services: Services) -> None:
    preset = services.office.office_preset_from_names("xa", "Sơn La", "Mai Sơn", deputy=True)
    services.office.setup(preset.profile, list(preset.communes))
    fields = {f: getattr(preset.profile, f) for f in preset.profile.__slots__}
    with pytest.raises(ValidationErrors) as caught:
        services.office.save_profile(OfficeProfile(**{**fields, "signer_authority": ""}))
    assert "KT." in caught.value.errors["signer_authority"]
    profile = services.office.profile()
    assert profile is not None and profile.signer_authority == "KT."


def test_a_peoples_committee_has_no_parent_line() -> None:
    header = document_header(_office("Ủy ban nhân dân xã Mai Sơn", "Ủy ban nhân dân huyện Mai Sơn", "", ""))
    assert header.parent == "" and header.issuing == "ỦY BAN NHÂN DÂN XÃ MAI SƠN"
    header = document_header(_office("Sở Y tế", "Ủy ban nhân dân tỉnh Sơn La", "", ""))
    assert (header.parent, header.issuing) == ("ỦY BAN NHÂN DÂN TỈNH SƠN LA", "SỞ Y TẾ")


def test_tm_is_refused_for_a_unit_that_is_not_a_collective(services: Services) -> None:
    preset = services.office.office_preset_from_names("xa", "Sơn La", "Mai Sơn", issuer="phong")
    profile = preset.profile
    bad = OfficeProfile(**{**{f: getattr(profile, f) for f in profile.__slots__}, "signer_authority": "TM."})
    with pytest.raises(ValidationErrors) as caught:
        services.office.setup(bad, list(preset.communes))
    assert "TM." in caught.value.errors["signer_authority"]
    assert services.office.profile() is None  # nothing written


# ---- The three office kinds ----


KINDS = {
    "xa": ("Sơn La", "Mai Sơn"),
    "so-y-te": ("Sơn La", ""),
    "huyen-cu": ("Sơn La", "Mai Sơn"),
    "xa-phong": ("Sơn La", "Mai Sơn"),  # a commune office whose Phòng Văn hóa – Xã hội issues
}


def test_presets_of_the_three_kinds(services: Services) -> None:
    xa = services.office.office_preset_from_names("xa", "Sơn La", "Mai Sơn")
    assert (xa.profile.unit_code, xa.profile.unit_list, xa.profile.place_name) == ("04105", "2025", "Mai Sơn")
    assert xa.profile.upward_recipient == "Sở Y tế tỉnh Sơn La"
    assert [(c.name, c.code, c.unit_list, c.valid_from) for c in xa.communes] == [
        ("Xã Mai Sơn", "04105", "2025", REFORM_DATE)
    ]
    syt = services.office.office_preset_from_names("so-y-te", "Sơn La")
    assert (syt.profile.unit_code, syt.profile.unit_list) == ("14", "2025")
    assert syt.profile.upward_recipient == "Ủy ban nhân dân tỉnh Sơn La; Bộ Y tế (Cục Bảo trợ xã hội)"
    assert len(syt.communes) == 75 and all(c.unit_list == "2025" for c in syt.communes)
    old = services.office.office_preset_from_names("huyen-cu", "Sơn La", "Mai Sơn")
    assert (old.profile.unit_code, old.profile.unit_list) == ("125", "legacy")
    assert old.communes[0].name == "Thị trấn Hát Lót" and old.communes[0].code == "04105"
    assert all(c.valid_to == LEGACY_LAST_DAY and c.unit_list == "legacy" for c in old.communes)


EXPECTED = {
    # kind: (header lines, signature lines)
    "xa": (["ỦY BAN NHÂN DÂN XÃ MAI SƠN"], ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]),
    "so-y-te": (["ỦY BAN NHÂN DÂN TỈNH SƠN LA", "SỞ Y TẾ"], ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]),
    "xa-phong": (["ỦY BAN NHÂN DÂN XÃ MAI SƠN", "PHÒNG VĂN HÓA – XÃ HỘI"], ["TRƯỞNG PHÒNG"]),
    "huyen-cu": (
        ["ỦY BAN NHÂN DÂN HUYỆN MAI SƠN", "PHÒNG LAO ĐỘNG – THƯƠNG BINH VÀ XÃ HỘI"],
        ["TRƯỞNG PHÒNG"],
    ),
}


def _set_up(services: Services, kind: str) -> int:
    province, unit = KINDS[kind]
    issuer = "phong" if kind.endswith("-phong") else "ubnd"
    preset = services.office.office_preset_from_names(
        kind.removesuffix("-phong"), province, unit, issuer, signer_name="Lò Văn Dũng"
    )
    services.office.setup(preset.profile, list(preset.communes))
    commune = services.office.communes()[0]
    return services.businesses.create(sample_input(services, commune_id=commune.id))


@pytest.mark.parametrize("kind", list(EXPECTED))
def test_report_pdf_and_xlsx_carry_the_kinds_header_and_signature(
    services: Services, tmp_path: Path, kind: str
) -> None:
    _set_up(services, kind)
    report = services.reports.report(parse_period("2024S1"))
    header, signature = EXPECTED[kind]
    text = _text(services.reports.write_pdf(report, tmp_path / "bao-cao.pdf"))
    for line in [*header, *signature, "Lò Văn Dũng"]:
        assert line in text
    assert "THỦ TRƯỞNG ĐƠN VỊ" not in text and "Cấp trên trực tiếp" not in text
    for recipient in preset_recipients(services):
        assert recipient in text
    sheet = load_workbook(services.reports.write_xlsx(report, tmp_path / "bao-cao.xlsx")).worksheets[0]
    cells = [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
    for line in [*header, *signature, "Lò Văn Dũng"]:
        assert line in cells
    assert "THỦ TRƯỞNG ĐƠN VỊ" not in cells
    assert "Độc lập - Tự do - Hạnh phúc" in cells  # the motto with hyphens, as in the PDF (NĐ 30/2020)
    # the authority line sits right above the position line
    if len(signature) == 2:
        first = next(c for row in sheet.iter_rows() for c in row if c.value == signature[0])
        assert sheet.cell(row=first.row + 1, column=first.column).value == signature[1]


def preset_recipients(services: Services) -> list[str]:
    profile = services.office.profile()
    assert profile is not None
    return [r.strip() for r in profile.upward_recipient.split(";")]


@pytest.mark.parametrize("kind", list(EXPECTED))
def test_minutes_carry_the_kinds_issuing_unit(services: Services, tmp_path: Path, kind: str) -> None:
    business = _set_up(services, kind)
    visit_day = date(2025, 5, 20) if kind == "huyen-cu" else date(2026, 5, 20)  # the office existed then
    visit = services.inspections.record_visit(VisitInput(business, visit_day, result=RESULT_PLANNED))
    target = tmp_path / "bien-ban.pdf"
    services.inspections.print_minutes(target, [visit])
    text = _text(target)
    issuing = EXPECTED[kind][0][-1]
    assert f"{issuing} ĐỘI KIỂM TRA LIÊN NGÀNH" in text  # the team issues under the office's issuing unit


@pytest.mark.parametrize(
    ("kind", "day"), [("xa", date(2026, 3, 2)), ("so-y-te", date(2026, 3, 2)), ("huyen-cu", date(2025, 3, 3))]
)
def test_commitment_forms_of_each_kind(services: Services, tmp_path: Path, kind: str, day: date) -> None:
    business = _set_up(services, kind)
    target = tmp_path / "cam-ket.pdf"
    services.commitments.print_owner_forms(target, [business], form_date=day)
    text = _text(target)
    commune = services.office.communes()[0].name
    assert f"Kính gửi: Ủy ban nhân dân {commune[0].lower()}{commune[1:]}" in text
    assert "TM. ỦY BAN NHÂN DÂN" in text and "CHỦ TỊCH" in text


# ---- Documents never name a commune that did not exist on their date ----


def _commune(i: int, name: str, valid_to: date | None = None, successors: tuple[int, ...] = ()) -> Commune:
    return Commune(i, name, f"0{i}", True, "legacy" if valid_to else "2025", None, valid_to, successors)


COMMUNES = {
    1: _commune(1, "Xã Mường Bằng", LEGACY_LAST_DAY, (3,)),
    2: _commune(2, "Xã Chiềng Chăn", LEGACY_LAST_DAY, (3, 4)),
    3: _commune(3, "Xã Mai Sơn"),
    4: _commune(4, "Xã Chiềng Mai"),
    5: _commune(5, "Thị trấn Hát Lót", LEGACY_LAST_DAY),
}


def test_a_commune_names_itself_while_it_exists() -> None:
    assert commune_on(COMMUNES, 1, LEGACY_LAST_DAY).name == "Xã Mường Bằng"
    assert commune_on(COMMUNES, 3, date(2026, 1, 5)).name == "Xã Mai Sơn"


def test_an_ended_commune_names_its_successor() -> None:
    assert commune_on(COMMUNES, 1, date(2026, 1, 5)).name == "Xã Mai Sơn"
    assert commune_on(COMMUNES, 2, date(2026, 1, 5), chosen=4).name == "Xã Chiềng Mai"


def test_no_successor_stops_with_a_clear_message() -> None:
    with pytest.raises(UnitEndedError) as caught:
        commune_on(COMMUNES, 5, date(2026, 1, 5), what="Nhà nghỉ Hoa Ban")
    message = caught.value.message
    assert "Thị trấn Hát Lót" in message and "01/07/2025" in message and "Nhà nghỉ Hoa Ban" in message
    assert "Sắp xếp địa bàn theo đơn vị hành chính mới" in message


def test_several_successors_without_a_choice_stop() -> None:
    with pytest.raises(UnitEndedError) as caught:
        commune_on(COMMUNES, 2, date(2026, 1, 5))
    assert "Xã Mai Sơn, Xã Chiềng Mai" in caught.value.message


def _legacy_office_with_successor(services: Services, successor: bool) -> int:
    """A pre-reform district office whose commune Mường Bằng ended on 30/6/2025; Xã Mai Sơn (2025) added and,
    when `successor`, recorded as its successor."""
    preset = services.office.office_preset_from_names("huyen-cu", "Sơn La", "Mai Sơn")
    communes = [
        *preset.communes,
        CommuneInput("Xã Mai Sơn", "04105", unit_list="2025", valid_from=REFORM_DATE),
    ]
    services.office.setup(preset.profile, communes)
    by_name = {c.name: c.id for c in services.office.communes()}
    if successor:
        with services.db.unit_of_work() as session:
            session.add(
                models.CommuneSuccessorRecord(
                    commune_id=by_name["Xã Mường Bằng"], successor_id=by_name["Xã Mai Sơn"]
                )
            )
    return services.businesses.create(sample_input(services, commune_id=by_name["Xã Mường Bằng"]))


def test_a_2026_form_names_the_successor_not_the_abolished_commune(
    services: Services, tmp_path: Path
) -> None:
    business = _legacy_office_with_successor(services, successor=True)
    target = tmp_path / "cam-ket.pdf"
    services.commitments.print_owner_forms(target, [business], form_date=date(2026, 3, 2))
    text = _text(target)
    assert "Kính gửi: Ủy ban nhân dân xã Mai Sơn" in text
    assert "Mường Bằng" not in text
    # a form dated before the reform still names the commune of its day
    before = tmp_path / "cam-ket-2024.pdf"
    services.commitments.print_owner_forms(before, [business], form_date=date(2024, 3, 2))
    assert "Kính gửi: Ủy ban nhân dân xã Mường Bằng" in _text(before)


def test_a_2026_form_without_a_successor_is_not_printed(services: Services, tmp_path: Path) -> None:
    business = _legacy_office_with_successor(services, successor=False)
    target = tmp_path / "cam-ket.pdf"
    with pytest.raises(UnitEndedError) as caught:
        services.commitments.print_owner_forms(target, [business], form_date=date(2026, 3, 2))
    assert "Xã Mường Bằng" in caught.value.message and "01/07/2025" in caught.value.message
    assert not target.exists()
    with pytest.raises(UnitEndedError):
        services.commitments.print_employee_forms(
            tmp_path / "nld.pdf", business, 1, form_date=date(2026, 3, 2)
        )
    visit = services.inspections.record_visit(VisitInput(business, date(2026, 5, 20), result=RESULT_PLANNED))
    with pytest.raises(UnitEndedError):
        services.inspections.print_minutes(tmp_path / "bb.pdf", [visit])


# ---- setup --office-kind ----


@pytest.mark.parametrize(
    ("argv", "unit", "communes", "authority"),
    [
        (["xa", "--province", "Sơn La", "--commune", "Mai Sơn"], "Ủy ban nhân dân xã Mai Sơn", 1, "TM."),
        (
            ["xa", "--province", "Sơn La", "--commune", "04105", "--issuer", "phong", "--signed-by", "pho"],
            "Phòng Văn hóa – Xã hội",
            1,
            "KT.",
        ),
        (["so-y-te", "--province", "Sơn La"], "Sở Y tế", 75, "KT."),
        (
            ["huyen-cu", "--province", "Sơn La", "--district", "Mai Sơn"],
            "Phòng Lao động – Thương binh và Xã hội",
            22,
            "",
        ),
    ],
)
def test_setup_office_kind(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    unit: str,
    communes: int,
    authority: str,
) -> None:
    db = tmp_path / "d.sqlite3"
    code, out, err = run_cli(
        capsys, "--db", str(db), "setup", "--office-kind", *argv, "--signer", "Lò Văn Dũng"
    )
    assert code == 0, err
    assert f"«{unit}»" in out and f"với {communes} xã, phường" in out
    opened = open_services(db)
    try:
        opened.users.sign_in(ADMIN_USER, ADMIN_PASSWORD)
        profile = opened.office.profile()
        assert profile is not None
        assert (profile.issuing_unit, profile.signer_authority, profile.signer_name) == (
            unit,
            authority,
            "Lò Văn Dũng",
        )
        assert profile.office_kind == argv[0] and profile.unit_code
        assert len(opened.office.communes()) == communes
    finally:
        opened.close()


def test_setup_office_kind_flags_override_the_preset(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "d.sqlite3"
    code, _, err = run_cli(
        capsys,
        "--db",
        str(db),
        "setup",
        "--office-kind",
        "so-y-te",
        "--province",
        "Sơn La",
        "--recipient",
        "Bộ Y tế",
    )
    assert code == 0, err
    opened = open_services(db)
    try:
        opened.users.sign_in(ADMIN_USER, ADMIN_PASSWORD)
        profile = opened.office.profile()
        assert (
            profile is not None
            and profile.upward_recipient == "Bộ Y tế"
            and profile.issuing_unit == "Sở Y tế"
        )
    finally:
        opened.close()


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        (["xa", "--province", "Sơn La"], "cần --commune"),
        (["xa", "--province", "Sơn La", "--commune", "Không Có"], "Không tìm thấy xã, phường «Không Có»"),
        (["so-y-te", "--province", "Atlantis"], "Không tìm thấy tỉnh/thành phố «Atlantis»"),
        (["huyen-cu", "--province", "Sơn La"], "cần --district"),
        (["so-y-te", "--province", "Sơn La", "--commune", "Mai Sơn"], "Sở Y tế quản lý cả tỉnh"),
    ],
)
def test_setup_office_kind_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], fragment: str
) -> None:
    code, _, err = run_cli(capsys, "--db", str(tmp_path / "d.sqlite3"), "setup", "--office-kind", *argv)
    assert code != 0 and fragment in err and "Traceback" not in err


# ---- The demo office ----


def test_the_demo_office_is_an_office_of_today(services: Services) -> None:
    assert services.demo.ensure_office()
    profile = services.office.profile()
    assert profile is not None
    assert (profile.office_kind, profile.issuing_unit, profile.parent_unit) == (
        "so-y-te",
        "Sở Y tế",
        "Ủy ban nhân dân tỉnh Sơn La",
    )
    communes = services.office.communes()
    assert len(communes) == 75 and all(c.exists_on(date(2026, 12, 1)) for c in communes)
    assert "Huyện" not in profile.upward_recipient


def test_a_form_names_where_the_business_was_on_its_date(services: Services, tmp_path: Path) -> None:
    """Mường Bằng taken as split between Xã Mai Sơn and Phường Chiềng Sinh; the business was moved to Xã Mai
    Sơn from 1/7/2025 (a dated version): a 2024 form names Mường Bằng, a 2026 one Xã Mai Sơn."""
    from datetime import datetime

    from desktop_app.storage.repositories.business_versions import add_version

    preset = services.office.office_preset_from_names("huyen-cu", "Sơn La", "Mai Sơn")
    new = [
        CommuneInput("Xã Mai Sơn", "04105", unit_list="2025", valid_from=REFORM_DATE),
        CommuneInput("Phường Chiềng Sinh", "03679", unit_list="2025", valid_from=REFORM_DATE),
    ]
    services.office.setup(preset.profile, [*preset.communes, *new])
    by_name = {c.name: c.id for c in services.office.communes()}
    business = services.businesses.create(sample_input(services, commune_id=by_name["Xã Mường Bằng"]))
    with services.db.unit_of_work() as session:
        for successor in ("Xã Mai Sơn", "Phường Chiềng Sinh"):
            session.add(
                models.CommuneSuccessorRecord(
                    commune_id=by_name["Xã Mường Bằng"], successor_id=by_name[successor]
                )
            )
        record = session.get(models.BusinessRecord, business)
        assert record is not None
        add_version(session, record, date(2020, 3, 5), datetime(2026, 1, 1))
        record.commune_id = by_name["Xã Mai Sơn"]
        add_version(session, record, REFORM_DATE, datetime(2026, 1, 1), "Sắp xếp đơn vị hành chính")
    old, new_form = tmp_path / "2024.pdf", tmp_path / "2026.pdf"
    services.commitments.print_owner_forms(old, [business], form_date=date(2024, 3, 2))
    services.commitments.print_owner_forms(new_form, [business], form_date=date(2026, 3, 2))
    assert "Kính gửi: Ủy ban nhân dân xã Mường Bằng" in _text(old)
    assert "Kính gửi: Ủy ban nhân dân xã Mai Sơn" in _text(new_form) and "Mường Bằng" not in _text(new_form)
    # a business of the split commune that was never moved cannot be addressed in 2026
    other = services.businesses.create(
        replace(sample_input(services, commune_id=by_name["Xã Mường Bằng"]), name="Karaoke Ánh Dương")
    )
    with pytest.raises(UnitEndedError) as caught:
        services.commitments.print_owner_forms(tmp_path / "x.pdf", [other], form_date=date(2026, 3, 2))
    assert (
        "Xã Mai Sơn, Phường Chiềng Sinh" in caught.value.message
        and "Karaoke Ánh Dương" in caught.value.message
    )
