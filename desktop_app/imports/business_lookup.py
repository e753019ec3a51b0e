"""Finding the business a row of a list names (commitments, visits): by registration number, else by name in
its commune, with a Vietnamese message when none or several fit."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import NamedTuple

from desktop_app.domain.errors import DomainError
from desktop_app.domain.ids import normalise_registration_number
from desktop_app.domain.text import nfc, search_key
from desktop_app.imports.businesses import Catalogs, _Matcher
from desktop_app.imports.outcomes import ERROR, Problem, SourceRow
from desktop_app.imports.readers import Cell, cell_text


class KnownBusiness(NamedTuple):
    """A business of the register (not voided), as the import looks rows up."""

    id: int
    name: str
    name_key: str  # search_key(name)
    commune_id: int
    registration_number: str


def id_text(value: Cell) -> str:
    """A cell holding an identifier: 123.0 read from Excel is '123'."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return cell_text(value)


class BusinessFinder:
    """Looks rows' businesses up among the register's (columns name, commune, registration_number)."""

    def __init__(self, communes: Sequence[tuple[int, str]], businesses: Iterable[KnownBusiness]) -> None:
        self._communes = _Matcher(Catalogs(communes, ()))
        self.commune_names = dict(communes)
        self._by_number: dict[str, list[KnownBusiness]] = {}
        self._by_name: dict[tuple[str, int], list[KnownBusiness]] = {}
        for business in businesses:
            if business.registration_number:
                self._by_number.setdefault(business.registration_number, []).append(business)
            self._by_name.setdefault((business.name_key, business.commune_id), []).append(business)

    def find(self, source: SourceRow, problems: list[Problem]) -> KnownBusiness | None:
        """The business a row names, or None with an error added to `problems`."""
        row = source.row
        name = nfc(cell_text(source.cells.get("name")))
        raw_number = nfc(id_text(source.cells.get("registration_number")))
        try:
            number = normalise_registration_number(raw_number)
        except DomainError:
            number = raw_number.upper()  # too long to be one: it matches nothing
        by_number = self._by_number.get(number, []) if number else []
        if len(by_number) == 1:
            return by_number[0]

        commune_text = nfc(cell_text(source.cells.get("commune")))
        if not name:
            if number and by_number:
                message = f"Có {len(by_number)} cơ sở cùng số ĐKKD {number}; hãy ghi thêm tên và xã, phường."
            elif number:
                message = f"Không tìm thấy cơ sở có số ĐKKD {number}."
            else:
                message = "Thiếu tên cơ sở (hoặc số ĐKKD)."
            problems.append(
                Problem(row, ERROR, "registration_number" if number else "name", number or None, message)
            )
            return None
        if not commune_text:
            problems.append(Problem(row, ERROR, "commune", None, f"Thiếu xã, phường của cơ sở «{name}»."))
            return None
        commune_id, message = self._communes.commune(commune_text)
        if commune_id is None:
            problems.append(Problem(row, ERROR, "commune", commune_text, message))
            return None
        commune_name = self.commune_names[commune_id]
        found = self._by_name.get((search_key(name), commune_id), [])
        if by_number:  # several businesses share the number: the name and commune pick one of them
            found = [b for b in found if b in by_number]
        if len(found) == 1:
            return found[0]
        if found:
            message = (
                f"Có {len(found)} cơ sở cùng tên «{name}» ở {commune_name}; "
                "hãy ghi thêm số ĐKKD để phân biệt."
            )
        elif number:
            message = f"Không tìm thấy cơ sở «{name}» (số ĐKKD {number}) ở {commune_name}."
        else:
            message = f"Không tìm thấy cơ sở «{name}» ở {commune_name}."
        problems.append(Problem(row, ERROR, "name", name, message))
        return None
