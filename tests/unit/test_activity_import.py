"""Lists of communication events and training classes in and out through the generic importer: rows checked,
communes matched, duplicates found, an exported list imported back unchanged, and the command line."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from desktop_app.domain.activities import (
    FORM_CONFERENCE,
    FORM_LABELS,
    FORM_LEAFLET,
    FORM_LOUDSPEAKER,
    FORM_PANEL,
    CommunicationInput,
    TrainingInput,
)
from desktop_app.domain.security import SYSTEM
from desktop_app.exports.activities_xlsx import COMMUNICATION_TEMPLATE_HEADERS, TRAINING_TEMPLATE_HEADERS
from desktop_app.imports.activities import COMMUNICATION_SPEC, TRAINING_SPEC, form_code
from desktop_app.imports.outcomes import DUPLICATE, ERROR, OK
from desktop_app.services.app_services import Services, open_services
from tests.conftest import configure, run_cli


def _communication_list(path: Path) -> Path:
    workbook = Workbook()
    ws = workbook.active
    ws.append(["BÁO CÁO KẾT QUẢ TUYÊN TRUYỀN NĂM 2026"])
    ws.append([])
    ws.append(["TT", "Xã", "Ngày", "Hình thức tuyên truyền", "Chủ đề", "Số người", "Ghi chú"])
    ws.append([1, "Mường Bon", datetime(2026, 3, 5), "Hội nghị", "Phòng, chống mại dâm", 120, ""])
    ws.append([2, "TT Hát Lót", "06/03/2026", "loa", "Phát thanh trên loa", "", "3 buổi"])
    ws.append([3, "Xã Cò Nòi", "07/03/2026", "Pa-nô, áp phích", "Pa-nô tại chợ", "0", ""])
    ws.append([4, "Xã Không Có", "07/03/2026", "Tờ rơi", "Phát tờ rơi", 300, ""])
    ws.append([5, "Xã Cò Nòi", "07/03/2026", "Múa rối", "Múa rối nước", 50, ""])
    ws.append([6, "Xã Cò Nòi", "08/03/2026", "tờ rơi", "", "-5", ""])
    ws.append([7, "Mường Bon", "05/03/2026", "hội nghị", "PHÒNG, CHỐNG MẠI DÂM", 99, ""])  # same as row 4
    ws.append([8, "Xã Đông Hưng", "09/03/2026", "Tờ rơi", "Phát tờ rơi tại chợ phiên", "1.500", ""])
    ws.append(["Tổng cộng", "", "", "", "", 2070, ""])
    workbook.save(path)
    return path


def _training_list(path: Path) -> Path:
    workbook = Workbook()
    ws = workbook.active
    ws.append(["STT", "Ngày tổ chức", "Tên lớp tập huấn", "Đơn vị tổ chức", "Số học viên", "Xã/phường"])
    ws.append([1, "10/04/2026", "Tập huấn nghiệp vụ PCMD", "Sở Y tế", 45, ""])
    ws.append([2, "11/04/2026", "Tập huấn tổ tự quản", "", "25 người", "Cò Nòi"])
    ws.append([3, "", "Lớp không ngày", "", 10, ""])
    ws.append([4, "10/04/2026", "Tập huấn nghiệp vụ PCMD", "", 45, ""])  # same as row 2
    workbook.save(path)
    return path


def test_forms_as_offices_write_them() -> None:
    assert form_code("Hội nghị") == FORM_CONFERENCE
    assert form_code("LOA TRUYỀN THANH") == FORM_LOUDSPEAKER
    assert form_code("pa nô / áp phích") == FORM_PANEL
    assert form_code("Tờ rơi") == FORM_LEAFLET
    assert form_code("múa rối") is None


def test_every_form_name_with_any_dash_or_spacing() -> None:
    """The README writes «Pa-nô – áp phích» (en dash); clerks type hyphens, em dashes, slashes, no spaces."""
    assert form_code("Pa-nô – áp phích") == FORM_PANEL
    for variant in (
        "Pa-nô — áp phích",
        "Pa‑nô−áp phích",
        "Pa - nô – áp phích",
        "PA-NÔ–ÁP PHÍCH",
        "Pa-nô & áp phích",
    ):
        assert form_code(variant) == FORM_PANEL, variant
    for code, label in FORM_LABELS.items():
        for dash in ("-", "–", "—", " - ", " – ", "/", ", "):
            assert form_code(label.replace(", ", dash).replace("-", dash)) == code, (label, dash)
            assert form_code(f"  {label.upper()}  ") == code


def test_template_headers_are_the_import_columns() -> None:
    assert tuple(c.header for c in COMMUNICATION_SPEC.columns) == COMMUNICATION_TEMPLATE_HEADERS
    assert tuple(c.header for c in TRAINING_SPEC.columns) == TRAINING_TEMPLATE_HEADERS


def test_communication_import(office: Services, tmp_path: Path) -> None:
    transfer = office.communication_transfer
    preview = transfer.preview(_communication_list(tmp_path / "tt.xlsx"))
    outcomes = {r.row: r.outcome for r in preview.rows if r.outcome != "ignored"}
    assert outcomes == {4: OK, 5: OK, 6: OK, 7: ERROR, 8: ERROR, 9: ERROR, 10: DUPLICATE, 11: OK}
    messages = {p.row: p.message for p in preview.problems}
    assert messages[7] == "Xã, phường «Xã Không Có» không thuộc địa bàn quản lý."
    assert messages[8].startswith("Hình thức «Múa rối» không rõ")
    assert {p.field for p in preview.problems if p.row == 9} == {"title", "participants"}
    assert messages[10] == "Trùng với dòng 4 của tệp."
    assert transfer.commit(preview) == 4
    events = {e.title: e for e in office.activities.communication_events()}
    assert events["Phát thanh trên loa"].commune_name == "Thị trấn Hát Lót"
    assert events["Phát thanh trên loa"].participants == 0
    assert events["Phát tờ rơi tại chợ phiên"].participants == 1500
    assert events["Phòng, chống mại dâm"].held_on == date(2026, 3, 5)
    again = transfer.preview(tmp_path / "tt.xlsx")
    assert again.count(DUPLICATE) == 5 and again.count(OK) == 0


def test_training_import(office: Services, tmp_path: Path) -> None:
    transfer = office.training_transfer
    preview = transfer.preview(_training_list(tmp_path / "th.xlsx"))
    assert [r.outcome for r in preview.rows] == [OK, OK, ERROR, DUPLICATE]
    assert transfer.commit(preview) == 2
    classes = {t.title: t for t in office.activities.trainings()}
    assert classes["Tập huấn nghiệp vụ PCMD"].commune_id is None
    assert classes["Tập huấn tổ tự quản"].commune_name == "Xã Cò Nòi"
    assert classes["Tập huấn tổ tự quản"].participants == 25


def test_an_exported_list_imports_back(office: Services, tmp_path: Path) -> None:
    communes = {c.name: c.id for c in office.office.communes()}
    office.activities.create_communication(
        CommunicationInput(communes["Xã Cò Nòi"], "05/03/2026", FORM_PANEL, "Pa-nô tại chợ", 0, "hai tấm")
    )
    office.activities.create_communication(
        CommunicationInput(communes["Xã Mường Bon"], "06/03/2026", FORM_CONFERENCE, "Hội nghị", 80)
    )
    office.activities.create_training(TrainingInput("10/04/2026", "Tập huấn cán bộ", "Sở Y tế", 40))
    office.activities.create_training(
        TrainingInput("11/04/2026", "Tập huấn tổ tự quản", "", 25, communes["Xã Cò Nòi"], "ghi chú")
    )
    events_file, trainings_file = tmp_path / "tt.xlsx", tmp_path / "th.xlsx"
    assert office.communication_transfer.export(events_file, today=date(2026, 11, 23)) == 2
    assert office.training_transfer.export(trainings_file, today=date(2026, 11, 23)) == 2
    sheet = load_workbook(events_file).active
    assert sheet["A2"].value == "DANH SÁCH HOẠT ĐỘNG TUYÊN TRUYỀN PHÒNG, CHỐNG MẠI DÂM"
    assert [c.value for c in sheet[6]][:4] == [1, "Xã Cò Nòi", datetime(2026, 3, 5), "Pa-nô, áp phích"]

    other = open_services(tmp_path / "khac.sqlite3", actor=SYSTEM)
    try:
        configure(other)
        preview = other.communication_transfer.preview(events_file)
        assert other.communication_transfer.commit(preview) == 2
        preview = other.training_transfer.preview(trainings_file)
        assert other.training_transfer.commit(preview) == 2

        def events(s: Services) -> list[tuple[object, ...]]:
            return sorted(
                (e.commune_name, e.held_on, e.form, e.title, e.participants, e.notes)
                for e in s.activities.communication_events()
            )

        def trainings(s: Services) -> list[tuple[object, ...]]:
            return sorted(
                (t.held_on, t.title, t.organiser, t.participants, t.commune_name, t.notes)
                for t in s.activities.trainings()
            )

        assert events(other) == events(office)
        assert trainings(other) == trainings(office)
    finally:
        other.close()


def test_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "cli.sqlite3"
    services = open_services(db, actor=SYSTEM)
    configure(services)
    services.close()
    source = _communication_list(tmp_path / "tt.xlsx")
    code, out, err = run_cli(capsys, "--db", str(db), "import", "communication", str(source), "--json")
    assert code == 1, err  # some rows were rejected
    report = json.loads(out)
    assert (report["imported"], report["rejected"], report["duplicates"]) == (4, 3, 1)
    code, out, err = run_cli(
        capsys, "--db", str(db), "import", "training", str(_training_list(tmp_path / "t.xlsx"))
    )
    assert code == 1 and "Đã nhập 2 lớp tập huấn" in out
    code, out, err = run_cli(capsys, "--db", str(db), "export", "communication", str(tmp_path / "ra.xlsx"))
    assert code == 0 and "Đã xuất 4 buổi tuyên truyền" in out, err
    code, out, err = run_cli(capsys, "--db", str(db), "export", "training", str(tmp_path / "ra2.xlsx"))
    assert code == 0 and "Đã xuất 2 lớp tập huấn" in out, err
    for kind, headers in (
        ("communication", COMMUNICATION_TEMPLATE_HEADERS),
        ("training", TRAINING_TEMPLATE_HEADERS),
    ):
        target = tmp_path / f"mau-{kind}.xlsx"
        code, _, err = run_cli(capsys, "--db", str(db), "template", kind, str(target))
        assert code == 0, err
        assert tuple(c.value for c in load_workbook(target).active[5]) == headers
