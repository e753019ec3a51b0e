"""What comes in is cleaned and bounded: invisible control and bidirectional characters are dropped (with a
warning on the imported row), notes have a length limit, a record's date cannot lie in 1900, and text already
stored with such characters still exports."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from desktop_app.domain.businesses import BusinessInput
from desktop_app.domain.cases import CaseInput
from desktop_app.domain.commitments import CommitmentInput, ValidityRule
from desktop_app.domain.dates import parse_date, parse_record_date
from desktop_app.domain.errors import ValidationError, ValidationErrors
from desktop_app.domain.text import NOTES_MAX_LENGTH, has_hidden, nfc
from desktop_app.exports.businesses_xlsx import write_businesses
from desktop_app.services.app_services import Services
from tests.conftest import sample_input

RLO = "\u202e"  # RIGHT-TO-LEFT OVERRIDE


def test_nfc_drops_control_and_bidi_characters_but_folds_white_space() -> None:
    assert nfc("Nhà\0nghỉ") == "Nhànghỉ"
    assert nfc(f"Trần {RLO}Văn An\u200f") == "Trần Văn An"
    assert nfc("a\x07b\x7fc\x9bd") == "abcd"
    assert nfc("a\tb\nc\x1fd\x85e") == "a b c d e"  # white-space controls are spaces
    assert not has_hidden("Nhà nghỉ Hoàng Long – “Số 1”") and has_hidden("x\x01")


def test_a_csv_row_with_nul_and_an_override_is_imported_clean_with_a_warning(
    office: Services, tmp_path: Path
) -> None:
    source = tmp_path / "ds.csv"
    source.write_text(
        "Tên cơ sở,Loại hình,Xã/phường,Chủ cơ sở\n"
        f"Nhà\0nghỉ Hoàng Long,Nhà nghỉ,Xã Mường Bon,Trần {RLO}Văn An\n"
        "Karaoke Bình An,Karaoke,Xã Cò Nòi,Lò Văn Bình\n",
        encoding="utf-8",
    )
    preview = office.transfer.preview(source)
    assert [r.outcome for r in preview.rows] == ["warning", "ok"]
    reasons = preview.rows[0].reason
    assert "Cột «Tên cơ sở» có ký tự ẩn" in reasons and "Cột «Chủ cơ sở» có ký tự ẩn" in reasons
    assert "bảng mã cũ" not in reasons
    office.transfer.commit(preview)
    stored = {r.name: r for r in office.businesses.rows()}
    assert "Nhànghỉ Hoàng Long" in stored
    target = tmp_path / "xuat.xlsx"
    office.transfer.export(target)  # failed before with IllegalCharacterError
    names = [row[1] for row in load_workbook(target).active.iter_rows(min_row=6, values_only=True)]
    assert "Nhànghỉ Hoàng Long" in names
    assert not any(has_hidden(str(v)) for v in names)


def test_an_xlsx_cell_with_a_stray_control_character_is_not_called_a_legacy_font(
    office: Services, tmp_path: Path
) -> None:
    workbook = Workbook()
    ws = workbook.active
    assert ws is not None
    ws.append(["Tên cơ sở", "Loại hình", "Xã/phường"])
    ws.append(["Nhà nghỉ\x81 Hoàng Long", "Nhà nghỉ", "Xã Mường Bon"])
    workbook.save(tmp_path / "ds.xlsx")
    preview = office.transfer.preview(tmp_path / "ds.xlsx")
    assert [r.outcome for r in preview.rows] == ["warning"]
    assert "ký tự ẩn" in preview.rows[0].reason and "bảng mã cũ" not in preview.rows[0].reason
    assert preview.rows[0].record.name == "Nhà nghỉ Hoàng Long"


def test_every_writer_copes_with_control_characters_already_stored(office: Services, tmp_path: Path) -> None:
    office.businesses.create(sample_input(office))
    row = office.transfer.export_rows()[0]
    stored = row._replace(name="Nhà\0nghỉ\x1b An", notes="dòng 1\x0bdòng 2", owner_name=f"{RLO}An")
    target = tmp_path / "cu.xlsx"
    write_businesses(target, [stored], "Đơn vị", date(2026, 11, 23))
    values = next(load_workbook(target).active.iter_rows(min_row=6, values_only=True))
    assert values[1] == "Nhànghỉ An" and values[17] == "dòng 1dòng 2"
    huge = row._replace(notes="x" * 100_000)  # stored before the limit: cut, and the cell says so
    write_businesses(target, [huge], "Đơn vị", date(2026, 11, 23))
    note = next(load_workbook(target).active.iter_rows(min_row=6, values_only=True))[17]
    assert len(note) == 32767 and note.endswith("[đã cắt bớt: một ô Excel chứa tối đa 32.767 ký tự]")


def test_a_long_note_is_refused_with_its_length(office: Services) -> None:
    long_note = "x" * (1024 * 1024)
    with pytest.raises(ValidationErrors) as caught:
        sample_input(office, notes=long_note).validated()
    assert caught.value.errors["notes"] == ("Ghi chú quá dài (1.048.576 ký tự, tối đa 2.000): hãy rút gọn.")
    sample_input(office, notes="x" * NOTES_MAX_LENGTH).validated()
    with pytest.raises(ValidationErrors) as caught:
        CaseInput("01/03/2025", 1, needs="y" * 5000, consent_on="01/03/2025").validated(date(2026, 1, 1))
    assert "Nhu cầu quá dài" in caught.value.errors["needs"]


def test_a_long_note_in_an_imported_row_rejects_only_that_row(office: Services, tmp_path: Path) -> None:
    source = tmp_path / "ds.csv"
    source.write_text(
        "Tên cơ sở,Loại hình,Xã/phường,Ghi chú\n"
        f"Nhà nghỉ Hoàng Long,Nhà nghỉ,Xã Mường Bon,{'x' * 40000}\n"
        "Karaoke Bình An,Karaoke,Xã Cò Nòi,\n",
        encoding="utf-8",
    )
    preview = office.transfer.preview(source)
    assert [r.outcome for r in preview.rows] == ["error", "ok"]
    assert "Ghi chú quá dài (40.000 ký tự" in preview.rows[0].reason


def test_a_record_date_in_1900_is_refused_but_a_birth_date_is_not(office: Services) -> None:
    with pytest.raises(ValidationErrors) as caught:
        sample_input(office, registration_date="01/01/1900").validated()
    message = caught.value.errors["registration_date"]
    assert message == (
        "Ngày 01/01/1900 quá xa: ngày trong hồ sơ phải từ năm 1975 trở đi; hãy kiểm tra lại năm."
    )
    valid = sample_input(office, registration_date="05/03/1990").validated()
    assert valid.registration_date == date(1990, 3, 5)
    with pytest.raises(ValidationError, match="từ năm 1975"):
        parse_record_date(1.0)  # Excel serial 1 = 01/01/1900, what an empty date cell formatted as date gives
    assert parse_date("12/05/1932") == date(1932, 5, 12)  # birth dates keep the wide range
    with pytest.raises(ValidationErrors) as caught:
        CaseInput("01/03/1900", 1, consent_on="01/03/2025").validated(date(2026, 1, 1))
    assert "từ năm 1975" in caught.value.errors["intake_date"]
    with pytest.raises(ValidationErrors) as caught:
        CommitmentInput(1, "01/01/1901").validated(ValidityRule(), date(2026, 1, 1))
    assert "từ năm 1975" in caught.value.errors["signed_on"]
    assert isinstance(sample_input(office), BusinessInput)  # dialogs, CLI and imports share these inputs
