"""The command line for commitments: printing forms for the businesses without a valid commitment."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from desktop_app.domain.commitments import CommitmentInput
from desktop_app.domain.security import SYSTEM
from desktop_app.services.app_services import open_services
from tests.conftest import configure, run_cli, sample_input


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = str(tmp_path / "pcmd.sqlite3")
    services = open_services(path, actor=SYSTEM)
    try:
        configure(services)
        signed = services.businesses.create(
            sample_input(services, name="Karaoke Hoa Ban", registration_number="A1")
        )
        services.businesses.create(sample_input(services, name="Nhà nghỉ Bình An", registration_number="A2"))
        services.businesses.create(sample_input(services, name="Massage Sen Vàng", registration_number="A3"))
        services.commitments.record(CommitmentInput(signed, "05/03/2026", valid_to="31/12/2026"))
    finally:
        services.close()
    return path


def test_forms_for_businesses_missing_a_commitment(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "cam-ket"
    code, out, err = run_cli(
        capsys, "--db", db, "forms", "commitments", "--missing-on", "01/06/2026", "--pdf", str(target)
    )
    assert (code, err) == (0, "")
    assert out.strip() == f"Đã tạo 2 bản cam kết trong «{target}.pdf»."
    text = subprocess.run(
        ["pdftotext", "-layout", str(target) + ".pdf", "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Nhà nghỉ Bình An" in text and "Massage Sen Vàng" in text and "Karaoke Hoa Ban" not in text


def test_forms_when_nothing_is_missing_and_bad_input(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run_cli(
        capsys,
        "--db",
        db,
        "forms",
        "commitments",
        "--missing-on",
        "01/01/2019",
        "--pdf",
        str(tmp_path / "x.pdf"),
    )
    assert code == 0 and out.strip() == "Không có cơ sở nào cần in bản cam kết; không ghi tệp."
    assert not (tmp_path / "x.pdf").exists()
    code, _, err = run_cli(
        capsys,
        "--db",
        db,
        "forms",
        "commitments",
        "--missing-on",
        "31/02/2026",
        "--pdf",
        str(tmp_path / "x.pdf"),
    )
    assert code == 1 and err.startswith("Lỗi: ") and "Traceback" not in err
    code, _, err = run_cli(
        capsys, "--db", db, "forms", "commitments", "--ids", "1,a", "--pdf", str(tmp_path / "x.pdf")
    )
    assert code == 1 and "--ids" in err
    code, _, err = run_cli(capsys, "--db", db, "forms", "commitments", "--pdf", str(tmp_path / "x.pdf"))
    assert code == 2 and "Lỗi:" in err


def test_export_then_import_commitments(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "cam-ket.xlsx"
    code, out, _ = run_cli(capsys, "--db", db, "export", "commitments", str(target))
    assert code == 0 and out.strip() == f"Đã xuất 1 lần ký cam kết ra «{target}»."
    code, out, _ = run_cli(capsys, "--db", db, "import", "commitments", str(target), "--json")
    report = json.loads(out)
    assert code == 0 and (report["imported"], report["duplicates"], report["rejected"]) == (0, 1, 0)
    code, out, _ = run_cli(capsys, "--db", db, "template", "commitments", str(tmp_path / "mau.xlsx"))
    assert code == 0 and (tmp_path / "mau.xlsx").exists()
    code, _, err = run_cli(capsys, "--db", db, "import", "commitments", str(tmp_path / "khong-co.xlsx"))
    assert code == 2 and err.startswith("Lỗi: ")
