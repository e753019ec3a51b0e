"""One description per register: the command line and the services list exactly the described registers, and
an entry added to the description is offered by the CLI without any other change."""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path

import pytest

from desktop_app.cli import build_parser
from desktop_app.domain.errors import DomainError
from desktop_app.domain.security import PERM_IDENTITY
from desktop_app.imports.readers import ImportFileError
from desktop_app.services import registers
from desktop_app.services.app_services import Services
from desktop_app.services.import_writing import ListTransfer
from tests.conftest import configure, run_cli, sample_input

DESCRIBED = [
    "businesses",
    "commitments",
    "inspections",
    "cases",
    "communication",
    "training",
    "status-changes",
    "employees",
    "case-services",
    "follow-ups",
    "hotspots",
    "healthy-communes",
]


def _command(name: str) -> argparse.ArgumentParser:
    parser = build_parser()
    subparsers = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    command: argparse.ArgumentParser = subparsers.choices[name]
    return command


def _choices(command: str) -> list[str]:
    register = next(a for a in _command(command)._actions if a.dest == "register")
    assert register.choices is not None
    return list(register.choices)


def test_the_description_names_each_register_once_with_its_spec() -> None:
    assert registers.names() == DESCRIBED
    for described in registers.REGISTERS:
        transfer = described.transfer_class()
        assert issubclass(transfer, ListTransfer)
        assert transfer.spec.name == described.name  # the import dialog and the CLI use the same key
        assert described.noun and described.title and described.export_file.endswith(".xlsx")
    cases = registers.register("cases")
    assert cases.password_export and cases.export_permission == PERM_IDENTITY
    with pytest.raises(KeyError):
        registers.register("nothing")


@pytest.mark.parametrize("command", ["import", "export", "template"])
def test_the_cli_offers_exactly_the_described_registers(command: str) -> None:
    assert _choices(command) == DESCRIBED


def test_an_entry_added_to_the_description_shows_up_in_the_cli(monkeypatch: pytest.MonkeyPatch) -> None:
    extra = replace(registers.register("training"), name="patrols", noun="lượt tuần tra", title="tuần tra")
    monkeypatch.setattr(registers, "REGISTERS", (*registers.REGISTERS, extra))
    for command in ("import", "export", "template"):
        assert _choices(command) == [*DESCRIBED, "patrols"]
    assert "patrols: tuần tra" in " ".join(_command("import").format_help().split())


def test_the_services_build_one_transfer_per_described_register(sqlite_services: Services) -> None:
    built = {name: sqlite_services.transfer_for(name) for name in registers.names()}
    for name, transfer in built.items():
        assert type(transfer) is registers.register(name).transfer_class()
        assert sqlite_services.transfer_for(name) is transfer  # built once
    assert sqlite_services.transfer is built["businesses"]
    assert sqlite_services.commitment_transfer is built["commitments"]
    assert sqlite_services.inspection_transfer is built["inspections"]
    assert sqlite_services.case_transfer is built["cases"]
    assert sqlite_services.communication_transfer is built["communication"]
    assert sqlite_services.training_transfer is built["training"]
    with pytest.raises(KeyError):
        sqlite_services.transfer_for("nothing")


def test_every_register_exports_its_list_through_one_call(sqlite_services: Services, tmp_path: Path) -> None:
    configure(sqlite_services)
    sqlite_services.businesses.create(sample_input(sqlite_services))
    for described in registers.REGISTERS:
        transfer = sqlite_services.transfer_for(described.name)
        target = tmp_path / described.export_file
        if described.password_export:
            with pytest.raises(DomainError, match="mật khẩu"):
                transfer.export_list(target)
            assert not target.exists()
            count = transfer.export_list(target, "Mat-khau-dai-1234")
        else:
            count = transfer.export_list(target)
        assert target.is_file()
        assert count == (1 if described.name == "businesses" else 0)


def test_a_template_for_every_register_reads_back_as_an_empty_import(
    sqlite_services: Services, tmp_path: Path
) -> None:
    configure(sqlite_services)
    for described in registers.REGISTERS:
        transfer = sqlite_services.transfer_for(described.name)
        target = tmp_path / described.template_file
        transfer.write_template(target)
        try:
            preview = transfer.preview(target)
        except ImportFileError:
            continue  # a blank template may have no rows to read; it was written, which is the point
        assert preview.importable == []


def test_the_cli_counts_with_the_described_noun(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, sqlite_services: Services
) -> None:
    configure(sqlite_services)
    target = str(tmp_path / "pcmd.sqlite3")  # the fixture's file
    for described in registers.REGISTERS:
        if described.password_export:
            continue
        out_file = tmp_path / f"x-{described.export_file}"
        code, out, err = run_cli(capsys, "--db", target, "export", described.name, str(out_file))
        assert (code, err) == (0, "")
        assert out.strip() == f"Đã xuất 0 {described.noun} ra «{out_file}»."
