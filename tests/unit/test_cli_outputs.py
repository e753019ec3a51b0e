"""Where the command line writes: never over the data, its key, its logs, backups or scans; an existing file
only with --force; the extension of what is written."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.storage import keys
from tests.conftest import run_cli, sign_in_cli_as_leader

SETUP = ("setup", "--unit", "UBND xã Mường Bon", "--province", "Sơn La")


@pytest.fixture
def db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / "pcmd.sqlite3"
    assert run_cli(capsys, "--db", str(path), *SETUP)[0] == 0
    assert run_cli(capsys, "--db", str(path), "backup")[0] == 0
    return path


def test_a_leader_cannot_write_over_the_key_or_the_database(
    db: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    sign_in_cli_as_leader(db, monkeypatch)
    key = keys.key_file(db)
    key_before, db_before = key.read_bytes(), db.read_bytes()
    code, _, err = run_cli(capsys, "--db", str(db), "report", "--period", "2026", "--package", str(key))
    assert code == 1 and "tệp khóa của dữ liệu" in err and "Traceback" not in err
    code, _, err = run_cli(
        capsys, "--db", str(db), "report", "--period", "2026", "--package", str(key), "--force"
    )
    assert code == 1 and "tệp khóa của dữ liệu" in err  # --force never reaches the data's own files
    code, _, err = run_cli(capsys, "--db", str(db), "export", "businesses", str(db), "--force")
    assert code == 1 and "tệp dữ liệu đang dùng" in err
    assert key.read_bytes() == key_before and db.read_bytes() == db_before
    code, _, err = run_cli(capsys, "--db", str(db), "backup")  # everything still opens
    assert code == 1 and "không có quyền" in err  # (a leader may not back up, but the sign-in worked)


@pytest.mark.parametrize(
    ("name", "what"),
    [
        ("pcmd.sqlite3-wal", "tệp nhật ký ghi"),
        ("pcmd.sqlite3-shm", "tệp nhật ký ghi"),
        ("pcmd.sqlite3-journal", "tệp nhật ký ghi"),
        ("sao-luu/bao-cao.xlsx", "thư mục sao lưu"),
        ("attachments/ds.xlsx", "thư mục bản chụp"),
    ],
)
def test_the_data_files_and_folders_are_refused(
    db: Path, capsys: pytest.CaptureFixture[str], name: str, what: str
) -> None:
    target = db.parent / name
    code, _, err = run_cli(capsys, "--db", str(db), "export", "businesses", str(target), "--force")
    assert code == 1 and what in err, err
    assert not (db.parent / "sao-luu" / "bao-cao.xlsx").exists()


def test_the_backups_by_their_own_names_are_refused(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    made = next((db.parent / "sao-luu").glob("pcmd-*.sqlite3"))
    before = made.read_bytes()
    code, _, err = run_cli(capsys, "--db", str(db), "template", "businesses", str(made), "--force")
    assert code == 1 and "thư mục sao lưu" in err
    assert made.read_bytes() == before


def test_an_existing_file_needs_force_and_the_extension_must_match(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    kept = tmp_path / "bao-cao.xlsx"
    kept.write_bytes(b"a clerk's own workbook")
    code, _, err = run_cli(capsys, "--db", str(db), "export", "businesses", str(kept))
    assert code == 1 and "đã có" in err and "--force" in err
    assert kept.read_bytes() == b"a clerk's own workbook"
    code, _, err = run_cli(capsys, "--db", str(db), "export", "businesses", str(kept), "--force")
    assert code == 0, err
    assert kept.read_bytes()[:2] == b"PK"
    for argv, extension in (
        (("export", "businesses", str(tmp_path / "ds.csv")), ".xlsx"),
        (("template", "cases", str(tmp_path / "mau")), ".xlsx"),
        (("report", "--period", "2026", "--pdf", str(tmp_path / "bc.xlsx")), ".pdf"),
        (("report", "--period", "2026", "--package", str(tmp_path / "goi.txt")), ".json"),
    ):
        code, _, err = run_cli(capsys, "--db", str(db), *argv)
        assert code == 1 and f"phải có đuôi {extension}" in err, (argv, err)
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == sorted(
        ["bao-cao.xlsx", "pcmd.sqlite3", "pcmd.sqlite3.key"]
        + [p.name for p in tmp_path.glob("pcmd.sqlite3-*")]
        + [p.name for p in tmp_path.glob("pcmd.sqlite3.chain")]
    )
    (tmp_path / "cam-ket.pdf").write_bytes(b"%PDF- printed last week")
    code, _, err = run_cli(
        capsys, "--db", str(db), "forms", "commitments", "--ids", "1", "--pdf", str(tmp_path / "cam-ket")
    )
    assert code == 1 and "cam-ket.pdf» đã có" in err  # `--pdf cam-ket` writes cam-ket.pdf
    assert (tmp_path / "cam-ket.pdf").read_bytes() == b"%PDF- printed last week"
    code, _, err = run_cli(capsys, "--db", str(db), "export", "businesses", str(tmp_path))
    assert code == 1 and "là một thư mục" in err
    code, _, err = run_cli(
        capsys, "--db", str(db), "report", "--period", "2026", "--xlsx", str(tmp_path / "bc.xlsx")
    )
    assert code == 0, err


def test_the_self_test_report_never_goes_over_the_data(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = db.read_bytes()
    for target, what in (
        (db, "tệp dữ liệu đang dùng"),
        (keys.key_file(db), "tệp khóa"),
        (db.parent / "kq.log", ".txt"),
    ):
        code, _, err = run_cli(capsys, "--db", str(db), "--self-test", "--skip-qt", "--report", str(target))
        assert code == 2 and what in err, err
    assert db.read_bytes() == before
