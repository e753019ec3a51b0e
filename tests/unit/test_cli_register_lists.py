"""The command line takes the six dated registers' lists as it takes the others: `template`, `import` (with
--dry-run and --json in the same report schema), `export` (the case lists only with a password); a dry run
or a fatal error writes nothing, and a change made since the preview stops the whole import."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from desktop_app.domain.errors import ConflictError
from desktop_app.domain.inspections import HotspotInput
from desktop_app.domain.security import SYSTEM
from desktop_app.exports.xlsx_sheets import HEADER_ROW
from desktop_app.imports.case_services import FOLLOW_UP_SPEC, SERVICE_SPEC
from desktop_app.imports.employees import EMPLOYEE_SPEC
from desktop_app.imports.healthy_communes import HEALTHY_SPEC
from desktop_app.imports.hotspots import HOTSPOT_SPEC
from desktop_app.imports.status_changes import STATUS_CHANGE_SPEC
from desktop_app.services.app_services import Services, open_services
from tests.conftest import configure, run_cli
from tests.unit.register_lists_helpers import PASSWORD, workbook

SPECS = {
    "status-changes": STATUS_CHANGE_SPEC,
    "employees": EMPLOYEE_SPEC,
    "case-services": SERVICE_SPEC,
    "follow-ups": FOLLOW_UP_SPEC,
    "hotspots": HOTSPOT_SPEC,
    "healthy-communes": HEALTHY_SPEC,
}


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "cli.sqlite3"
    services = open_services(path, actor=SYSTEM)
    configure(services)
    services.close()
    return path


def _hotspots(path: Path) -> Path:
    return workbook(
        path,
        ["TT", "Tụ điểm", "Xã", "Ngày phát hiện"],
        [[1, "Gầm cầu", "Cò Nòi", "01/02/2025"], [2, "Ven suối", "Mường Bon", "31/02/2025"]],
        "TỤ ĐIỂM",
    )


@pytest.mark.parametrize("register", list(SPECS))
def test_every_template_has_the_import_columns(
    register: str, db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / f"mau-{register}.xlsx"
    code, out, err = run_cli(capsys, "--db", str(db), "template", register, str(target))
    assert code == 0, err
    assert out.strip() == f"Đã ghi tệp mẫu «{target}»."
    headers = tuple(c.value for c in load_workbook(target).active[HEADER_ROW])
    assert headers == tuple(c.header for c in SPECS[register].columns)


def test_import_dry_run_json_and_export(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = _hotspots(tmp_path / "td.xlsx")
    code, out, err = run_cli(
        capsys, "--db", str(db), "import", "hotspots", str(source), "--dry-run", "--json"
    )
    assert code == 1, err  # a row is rejected
    report = json.loads(out)
    assert set(report) == {"file", "rows_read", "imported", "duplicates", "rejected", "warnings", "problems"}
    assert (report["rows_read"], report["imported"], report["rejected"]) == (2, 0, 1)
    assert report["problems"][0]["row"] == 5 and report["problems"][0]["field"] == "found_on"
    services = open_services(db, actor=SYSTEM)
    try:
        assert services.inspections.hotspots() == []  # the dry run wrote nothing
    finally:
        services.close()
    code, out, err = run_cli(capsys, "--db", str(db), "import", "hotspots", str(source))
    assert code == 1
    assert (
        "Dòng 5: [lỗi] Ngày phát hiện: " in out and "Đã nhập 1 tụ điểm; 0 có cảnh báo, 0 trùng, 1 lỗi" in out
    )
    code, out, err = run_cli(capsys, "--db", str(db), "export", "hotspots", str(tmp_path / "ra.xlsx"))
    assert code == 0 and out.strip() == f"Đã xuất 1 tụ điểm ra «{tmp_path / 'ra.xlsx'}».", err


def test_a_file_without_the_columns_writes_nothing(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = workbook(tmp_path / "khac.xlsx", ["Họ tên", "Địa chỉ"], [["A", "B"]], "")
    code, out, err = run_cli(capsys, "--db", str(db), "import", "healthy-communes", str(source))
    assert code == 2 and out == ""
    assert err.startswith("Lỗi: Không tìm thấy dòng tiêu đề trong 20 dòng đầu") and "Traceback" not in err
    assert "Năm, Xã/phường" in err


def test_case_lists_are_exported_only_with_a_password(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PCMD_FILE_PASSWORD", raising=False)
    monkeypatch.setattr("desktop_app.cli.common.interactive", lambda: False)
    for register in ("case-services", "follow-ups"):
        target = tmp_path / f"{register}.xlsx"
        code, _out, err = run_cli(capsys, "--db", str(db), "export", register, str(target))
        assert code == 1 and "PCMD_FILE_PASSWORD" in err and not target.exists()
    monkeypatch.setenv("PCMD_FILE_PASSWORD", PASSWORD)
    code, out, err = run_cli(capsys, "--db", str(db), "export", "follow-ups", str(tmp_path / "td.xlsx"))
    assert code == 0 and "(chỉ mở được bằng mật khẩu)" in out, err
    assert (tmp_path / "td.xlsx").read_bytes()[:2] != b"PK"  # an encrypted container, not a plain workbook


def test_a_change_since_the_preview_stops_the_whole_import(office: Services, tmp_path: Path) -> None:
    preview = office.transfer_for("hotspots").preview(_hotspots(tmp_path / "td.xlsx"))
    assert len(preview.importable) == 1
    commune = next(c.id for c in office.office.communes() if c.name == "Xã Cò Nòi")
    office.inspections.save_hotspot(HotspotInput("Gầm cầu", commune, "01/02/2025"))
    with pytest.raises(ConflictError, match="Tụ điểm «Gầm cầu» vừa được ghi; hãy xem trước tệp lại rồi nhập"):
        office.transfer_for("hotspots").commit(preview)
    assert len(office.inspections.hotspots()) == 1
