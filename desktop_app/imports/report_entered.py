"""Figures typed in for a report, read from a file: JSON ``{"id": 12, "id_by_commune": {"Xã A": 3}}`` or CSV
with the columns ``chi_tieu,xa_phuong,gia_tri`` (a blank commune: the whole unit; a blank value clears it)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from pathlib import Path

from desktop_app.domain.errors import ValidationErrors
from desktop_app.domain.office import Commune
from desktop_app.domain.text import search_key

EnteredKey = tuple[str, int | None]


def read_entered_file(path: Path, communes: Sequence[Commune]) -> dict[EnteredKey, int | None]:
    """The figures of a .json or .csv file, communes found by name or official code. Raises
    ValidationErrors (key "entered") naming the line or item at fault."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError:
        raise ValidationErrors({"entered": f"Không đọc được tệp «{path.name}»."}) from None
    rows: list[tuple[str, str, object, str]] = []  # indicator, commune, value, where
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(text)
        except ValueError:
            raise ValidationErrors({"entered": f"Tệp «{path.name}» không phải JSON hợp lệ."}) from None
        if not isinstance(data, dict):
            raise ValidationErrors({"entered": "Tệp JSON phải là một đối tượng {mã chỉ tiêu: số liệu}."})
        for indicator, value in data.items():
            if isinstance(value, dict):
                rows += [(str(indicator), str(c), v, f"«{indicator}», «{c}»") for c, v in value.items()]
            else:
                rows.append((str(indicator), "", value, f"«{indicator}»"))
    else:
        reader = csv.reader(io.StringIO(text))
        header = [search_key(h).replace(" ", "_") for h in next(reader, [])]
        columns = [_column(header, names) for names in (("chi_tieu", "indicator"), ("xa_phuong", "commune"))]
        value_column = _column(header, ("gia_tri", "value"))
        for number, line in enumerate(reader, start=2):
            if not any(cell.strip() for cell in line):
                continue
            cells = [*line, "", "", ""]
            rows.append(
                (cells[columns[0]].strip(), cells[columns[1]].strip(), cells[value_column], f"dòng {number}")
            )
    by_name = {search_key(c.name): c.id for c in communes}
    by_code = {c.code.strip(): c.id for c in communes if c.code.strip()}
    result: dict[EnteredKey, int | None] = {}
    for indicator, commune_text, value, where in rows:
        commune: int | None = None
        if commune_text.strip():
            found = by_code.get(commune_text.strip(), by_name.get(search_key(commune_text)))
            if found is None:
                raise ValidationErrors({"entered": f"{where}: không có xã, phường «{commune_text}»."})
            commune = found
        result[(indicator, commune)] = _number(value, where)
    return result


def _column(header: list[str], names: tuple[str, str]) -> int:
    for name in names:
        if name in header:
            return header.index(name)
    raise ValidationErrors(
        {"entered": f"Tệp CSV thiếu cột «{names[0]}» (cần: chi_tieu, xa_phuong, gia_tri)."}
    )


def _number(value: object, where: str) -> int | None:
    """A whole number as written (1.000.000 or 1000000), None for a blank."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ValidationErrors({"entered": f"{where}: số liệu phải là số nguyên không âm."})
    text = str(value).strip().replace(".", "").replace(" ", "")
    if not text.isdigit():
        raise ValidationErrors({"entered": f"{where}: «{value}» không phải số nguyên không âm."})
    return int(text)
