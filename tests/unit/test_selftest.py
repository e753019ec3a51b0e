"""`--self-test`: passes on a good install, names what is missing on a broken one, never touches real data."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from desktop_app import selftest
from desktop_app.paths import resources_dir

ROOT = Path(__file__).resolve().parents[2]


def test_core_self_test_passes_and_says_so() -> None:
    out = io.StringIO()
    assert selftest.main(out=out) == 0
    text = out.getvalue()
    assert "Kết quả: ĐẠT" in text and "Result: PASS" in text
    assert text.count("[OK  ]") == 6
    assert (
        "revision" in text
        and "Excel 3" in text
        and "PDF 3" in text
        and "báo cáo / report: Excel + PDF" in text
        and "encrypted scans: AES-256-GCM" in text
    )


def test_a_missing_font_fails_with_its_name(tmp_path: Path) -> None:
    broken = tmp_path / "resources"
    shutil.copytree(resources_dir(), broken)
    (broken / "fonts" / "LiberationSerif-Bold.ttf").unlink()
    with pytest.raises(selftest.SelfTestFailure, match=r"LiberationSerif-Bold\.ttf"):
        selftest.check_resources(broken)


def test_a_broken_translation_is_found(tmp_path: Path) -> None:
    broken = tmp_path / "resources"
    shutil.copytree(resources_dir(), broken)
    (broken / "translations" / "qtbase_vi.qm").write_bytes(b"not a qm file at all")
    with pytest.raises(selftest.SelfTestFailure, match=r"qtbase_vi\.qm"):
        selftest.check_resources(broken)


def test_a_failing_check_fails_the_run_but_the_others_still_run() -> None:
    def broken() -> str:
        raise OSError("đĩa đầy")

    out = io.StringIO()
    assert selftest.main([("Hỏng / broken", broken)], out) == 1
    text = out.getvalue()
    assert text.count("[OK  ]") == 6
    assert "[LỖI ] Hỏng / broken: OSError: đĩa đầy" in text
    assert "Result: FAIL" in text


def test_command_line_self_test_without_qt_writes_its_report(tmp_path: Path) -> None:
    """What the Wine check runs: no Qt loaded, the report in a file, the real data folder left alone."""
    report = tmp_path / "ket-qua.txt"
    data = tmp_path / "data"
    code = (
        "import sys\n"
        "from desktop_app.__main__ import main\n"
        "code = main(['--self-test', '--skip-qt', '--report', sys.argv[1]])\n"
        "assert not [m for m in sys.modules if m.startswith('PySide6')], 'Qt was loaded'\n"
        "sys.exit(code)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(report)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        # a pipe on Windows gets the ANSI code page: the report must still be printed (in UTF-8)
        env={**os.environ, "PCMD_DATA_DIR": str(data), "PYTHONIOENCODING": "cp1252"},
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Result: PASS" in report.read_text(encoding="utf-8")
    assert "Result: PASS" in result.stdout
    assert not data.exists()


@pytest.mark.parametrize("argv", [["--skip-qt"], ["--self-test", "check"], ["--report", "x.txt"]])
def test_self_test_options_are_checked(argv: list[str]) -> None:
    from desktop_app.cli import parse_args

    with pytest.raises(SystemExit) as exit_info:
        parse_args(argv)
    assert exit_info.value.code == 2
