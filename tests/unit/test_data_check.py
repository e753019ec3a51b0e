"""«Kiểm tra dữ liệu» and `check`: one service finds the problems by kind and gives the advice, the same for
the window and the command line."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest

from desktop_app.domain.commitments import CommitmentInput
from desktop_app.domain.security import SYSTEM, PermissionDenied
from desktop_app.services.app_services import open_services
from desktop_app.services.data_check import (
    ALL_GOOD,
    CHAIN_ADVICE,
    DAMAGED_ADVICE,
    ISSUED_ADVICE,
    SCANS_ADVICE,
    DataCheck,
    check_file,
)
from tests.conftest import configure, run_cli, sample_input


@pytest.fixture
def live(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A configured office with one business and one signing with a scan."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    path = tmp_path / "du-lieu" / "pcmd.sqlite3"
    scan = tmp_path / "ban-chup.pdf"
    scan.write_bytes(b"%PDF-1.4 the signed form")
    services = open_services(path, actor=SYSTEM)
    try:
        configure(services)
        business = services.businesses.create(sample_input(services))
        services.commitments.record(CommitmentInput(business, "05/03/2026"), [scan])
    finally:
        services.close()
    return path


def test_the_advice_follows_the_kinds_of_problem_found() -> None:
    assert DataCheck().ok and DataCheck().advice == [ALL_GOOD] and DataCheck().problems == []
    found = DataCheck(damaged=("hỏng",), scans=("thiếu",))
    assert not found.ok
    assert found.problems == ["hỏng", "thiếu"]
    assert found.advice == [DAMAGED_ADVICE, SCANS_ADVICE]
    assert DataCheck(chain=("sửa",)).advice == [CHAIN_ADVICE]
    assert DataCheck(scans=("thiếu",), issued=("đổi",)).advice == [SCANS_ADVICE, ISSUED_ADVICE]
    assert "restore" in DAMAGED_ADVICE and "Khôi phục từ bản sao lưu" in DAMAGED_ADVICE


def test_intact_data_passes_in_the_window_and_on_the_command_line(
    live: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    services = open_services(live, actor=SYSTEM)
    try:
        assert services.check_data() == DataCheck()
    finally:
        services.close()
    assert check_file(live) == DataCheck()
    assert run_cli(capsys, "--db", str(live), "check")[:2] == (0, ALL_GOOD + "\n")


def test_lost_scans_are_found_with_the_same_advice_everywhere(
    live: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.rmtree(live.parent / "attachments")
    services = open_services(live, actor=SYSTEM)
    try:
        in_window = services.check_data()
    finally:
        services.close()
    assert len(in_window.scans) == 1 and not in_window.damaged and not in_window.chain
    assert in_window.advice == [SCANS_ADVICE]
    assert check_file(live) == in_window
    code, out, _err = run_cli(capsys, "--db", str(live), "check")
    assert code == 1
    assert out.splitlines() == [f"Lỗi: {in_window.scans[0]}", SCANS_ADVICE]


def test_a_damaged_file_is_found_without_opening_it(live: Path, capsys: pytest.CaptureFixture[str]) -> None:
    size = live.stat().st_size
    with live.open("r+b") as fh:
        fh.seek(size // 2)
        fh.write(b"\xff" * 8192)
    found = check_file(live)
    assert found.damaged and not found.chain and not found.scans
    code, out, _err = run_cli(capsys, "--db", str(live), "check")
    assert code == 1 and out.strip().endswith(DAMAGED_ADVICE)


def test_only_an_administrator_checks_the_data(live: Path) -> None:
    services = open_services(live)  # nobody signed in
    try:
        with pytest.raises(PermissionDenied):
            services.check_data()
    finally:
        services.close()
