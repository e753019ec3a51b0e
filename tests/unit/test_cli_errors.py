"""The command line's last line of defence: the traceback goes to the log (without data), and the message says
only what is known to be true of the data."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from desktop_app.services.office import OfficeService
from desktop_app.services.transfer import TransferService
from tests.conftest import run_cli

PERSONAL = "Nguyễn Thị Hoa 014186001234"  # values an error's text can carry
SETUP = ("setup", "--unit", "UBND xã Mường Bon", "--province", "Sơn La")


@pytest.fixture
def log_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv("PCMD_DATA_DIR", str(folder))
    return folder


def test_an_error_before_any_write_says_the_data_is_unchanged_and_logs_where(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, log_dir: Path
) -> None:
    db = str(tmp_path / "a.sqlite3")
    assert run_cli(capsys, "--db", db, *SETUP)[0] == 0

    def broken_export(self: TransferService, target: Path, *args: Any) -> int:
        raise RuntimeError(PERSONAL)

    monkeypatch.setattr(TransferService, "export", broken_export)
    code, _, err = run_cli(capsys, "--db", db, "export", "businesses", str(tmp_path / "ds.xlsx"))
    assert code == 1
    assert "Lỗi không mong đợi (RuntimeError); dữ liệu chưa bị thay đổi." in err
    log = (log_dir / "pcmd-desk.log").read_text(encoding="utf-8")
    assert f"«{log_dir / 'pcmd-desk.log'}»" in err
    assert "RuntimeError" in log and "broken_export" in log  # the traceback: where it happened
    assert "Nguyễn" not in log and "014186001234" not in log and "Nguyễn" not in err


def test_an_error_after_a_commit_does_not_claim_nothing_changed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, log_dir: Path
) -> None:
    db = str(tmp_path / "b.sqlite3")
    assert run_cli(capsys, "--db", db, *SETUP)[0] == 0
    original = OfficeService.setup

    def setup_then_fail(self: OfficeService, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)  # committed
        raise RuntimeError(PERSONAL)

    monkeypatch.setattr(OfficeService, "setup", setup_then_fail)
    code, _, err = run_cli(capsys, "--db", db, *SETUP)
    assert code == 1
    assert "chưa bị thay đổi" not in err
    assert "một phần thao tác đã được lưu" in err and "Nguyễn" not in err
