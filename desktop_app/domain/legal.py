"""The penalty catalogue (decree – article – clause – point, fine range, validity dates, source) read from its
JSON form, and the rule that checks a visit's penalty against the catalogue in force on the violation date."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from desktop_app.domain.dates import format_date
from desktop_app.domain.errors import DomainError
from desktop_app.domain.inspections import LegalBasis, Visit
from desktop_app.domain.text import format_vnd, nfc

CATALOGUE_FORMAT = 1

OFFENDER_INDIVIDUAL = "individual"
OFFENDER_ORGANISATION = "organisation"
OFFENDER_LABELS = {
    OFFENDER_ORGANISATION: "Tổ chức (doanh nghiệp, chi nhánh)",
    OFFENDER_INDIVIDUAL: "Cá nhân, hộ kinh doanh",
}
_OFFENDER_SHORT = {OFFENDER_ORGANISATION: "tổ chức", OFFENDER_INDIVIDUAL: "cá nhân"}

# Forms of penalty (Luật Xử lý vi phạm hành chính): the visit carries a choice of these.
PENALTY_WARNING = "warning"
PENALTY_FINE = "fine"
PENALTY_LICENCE = "licence"
PENALTY_SUSPENSION = "suspension"
PENALTY_CONFISCATION = "confiscation"
PENALTY_EXPULSION = "expulsion"
PENALTY_KIND_LABELS = {
    PENALTY_WARNING: "Cảnh cáo",
    PENALTY_FINE: "Phạt tiền",
    PENALTY_LICENCE: "Tước quyền sử dụng giấy phép, chứng chỉ hành nghề có thời hạn",
    PENALTY_SUSPENSION: "Đình chỉ hoạt động có thời hạn",
    PENALTY_CONFISCATION: "Tịch thu tang vật, phương tiện vi phạm hành chính",
    PENALTY_EXPULSION: "Trục xuất",
}

UNVERIFIED_LABEL = "chưa kiểm chứng"


class CatalogueError(DomainError):
    """A catalogue file that cannot be used; the message lists what is wrong (nothing was changed)."""


@dataclass(frozen=True, slots=True)
class CatalogueEntry:
    """One act of the catalogue. Fines are for an individual; an organisation's are `organisation_factor`
    times higher. A range of None means the range could not be verified and is not checked."""

    decree: str
    article: str
    clause: str
    point: str
    act: str
    applies_to: tuple[str, ...]
    warning_allowed: bool
    fine_min: int | None
    fine_max: int | None
    organisation_factor: int
    additional_penalties: tuple[str, ...]
    remedial_measures: tuple[str, ...]
    valid_from: date | None
    valid_to: date | None
    source: str
    verified: bool
    replaces: tuple[tuple[str, str, str, str], ...] = ()  # the same act in the decree this one replaced

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (self.decree, self.article, self.clause, self.point)


@dataclass(frozen=True, slots=True)
class Catalogue:
    version: str
    entries: tuple[CatalogueEntry, ...]
    # decree → (applies from, applies to): also dates the entries of that decree outside the catalogue
    decrees: Mapping[str, tuple[date | None, date | None]] = field(default_factory=dict)


def _text(raw: object, where: str, name: str, problems: list[str], required: bool = True) -> str:
    if raw is None and not required:
        return ""
    if not isinstance(raw, str):
        problems.append(f"{where}: «{name}» phải là chữ.")
        return ""
    value = nfc(raw).strip()
    if required and not value:
        problems.append(f"{where}: thiếu «{name}».")
    return value


def _day(raw: object, where: str, name: str, problems: list[str]) -> date | None:
    if raw is None:
        return None
    try:
        return date.fromisoformat(str(raw))
    except ValueError:
        problems.append(f"{where}: «{name}» phải là ngày dạng NNNN-TT-NN, ví dụ 2025-12-15.")
        return None


def _money(raw: object, where: str, name: str, problems: list[str]) -> int | None:
    if raw is None:
        return None
    if isinstance(raw, bool) or not isinstance(raw, int) or raw < 0:
        problems.append(f"{where}: «{name}» phải là số nguyên đồng không âm.")
        return None
    return raw


def _texts(raw: object, where: str, name: str, problems: list[str]) -> tuple[str, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(item, str) for item in raw):
        problems.append(f"{where}: «{name}» phải là danh sách chữ.")
        return ()
    return tuple(nfc(item).strip() for item in raw if item.strip())


def _entry(raw: Mapping[str, Any], number: int, problems: list[str]) -> CatalogueEntry | None:
    where = f"Mục {number}"
    before = len(problems)
    decree = _text(raw.get("decree"), where, "decree", problems)
    article = _text(raw.get("article"), where, "article", problems)
    clause = _text(raw.get("clause", ""), where, "clause", problems, required=False)
    point = _text(raw.get("point", ""), where, "point", problems, required=False).lower()
    act = _text(raw.get("act"), where, "act", problems)
    source = _text(raw.get("source"), where, "source", problems)
    applies = raw.get("applies_to")
    if not isinstance(applies, list) or not applies or any(a not in _OFFENDER_SHORT for a in applies):
        problems.append(f"{where}: «applies_to» phải là danh sách gồm «individual» và/hoặc «organisation».")
        applies = []
    verified = raw.get("verified")
    if not isinstance(verified, bool):
        problems.append(f"{where}: «verified» phải là true hoặc false.")
    warning = raw.get("warning_allowed", False)
    if not isinstance(warning, bool):
        problems.append(f"{where}: «warning_allowed» phải là true hoặc false.")
    fine_min = _money(raw.get("fine_min"), where, "fine_min", problems)
    fine_max = _money(raw.get("fine_max"), where, "fine_max", problems)
    if (fine_min is None) != (fine_max is None):
        problems.append(f"{where}: ghi cả «fine_min» và «fine_max», hoặc để trống cả hai.")
    elif fine_min is not None and fine_max is not None and fine_min > fine_max:
        problems.append(f"{where}: «fine_min» lớn hơn «fine_max».")
    factor = raw.get("organisation_factor", 2)
    if isinstance(factor, bool) or not isinstance(factor, int) or factor < 1:
        problems.append(f"{where}: «organisation_factor» phải là số nguyên từ 1 trở lên.")
        factor = 2
    valid_from = _day(raw.get("valid_from"), where, "valid_from", problems)
    valid_to = _day(raw.get("valid_to"), where, "valid_to", problems)
    if raw.get("valid_from") is None:
        problems.append(f"{where}: thiếu «valid_from» (ngày bắt đầu áp dụng).")
    if valid_from and valid_to and valid_to < valid_from:
        problems.append(f"{where}: «valid_to» trước «valid_from».")
    replaces: list[tuple[str, str, str, str]] = []
    for ref in _texts(raw.get("replaces"), where, "replaces", problems):
        parts = ref.split("|")
        if len(parts) != 4 or not parts[0] or not parts[1]:
            problems.append(
                f"{where}: «replaces» ghi dạng «nghị định|điều|khoản|điểm», ví dụ «144/2021/NĐ-CP|24|1|»."
            )
        else:
            replaces.append((parts[0], parts[1], parts[2], parts[3].lower()))
    if len(problems) > before:
        return None
    return CatalogueEntry(
        decree=decree,
        article=article,
        clause=clause,
        point=point,
        act=act,
        applies_to=tuple(str(a) for a in applies),
        warning_allowed=bool(warning),
        fine_min=fine_min,
        fine_max=fine_max,
        organisation_factor=factor,
        additional_penalties=_texts(raw.get("additional_penalties"), where, "additional_penalties", problems),
        remedial_measures=_texts(raw.get("remedial_measures"), where, "remedial_measures", problems),
        valid_from=valid_from,
        valid_to=valid_to,
        source=source,
        verified=bool(verified),
        replaces=tuple(replaces),
    )


def parse_catalogue(data: object) -> Catalogue:
    """The catalogue from its decoded JSON. Raises CatalogueError naming the first problems found."""
    problems: list[str] = []
    if not isinstance(data, dict):
        raise CatalogueError(
            "Tệp danh mục không đúng dạng: cần một đối tượng JSON có «version» và «entries»."
        )
    if data.get("format") != CATALOGUE_FORMAT:
        problems.append(f"«format» phải là {CATALOGUE_FORMAT}.")
    version = data.get("version")
    if not isinstance(version, str) or not version.strip():
        problems.append("Thiếu «version» (phiên bản danh mục).")
    raw_entries = data.get("entries")
    entries: list[CatalogueEntry] = []
    if not isinstance(raw_entries, list) or not raw_entries:
        problems.append("Thiếu «entries» (danh sách hành vi).")
        raw_entries = []
    seen: set[tuple[str, str, str, str]] = set()
    for number, raw in enumerate(raw_entries, start=1):
        if not isinstance(raw, dict):
            problems.append(f"Mục {number}: phải là một đối tượng JSON.")
            continue
        entry = _entry(raw, number, problems)
        if entry is None:
            continue
        if entry.key in seen:
            problems.append(f"Mục {number}: trùng căn cứ {reference_of(*entry.key)}.")
        seen.add(entry.key)
        entries.append(entry)
    decrees: dict[str, tuple[date | None, date | None]] = {}
    raw_decrees = data.get("decrees", [])
    if not isinstance(raw_decrees, list):
        problems.append("«decrees» phải là danh sách.")
        raw_decrees = []
    for number, raw in enumerate(raw_decrees, start=1):
        where = f"Nghị định thứ {number}"
        if not isinstance(raw, dict):
            problems.append(f"{where}: phải là một đối tượng JSON.")
            continue
        decree = _text(raw.get("decree"), where, "decree", problems)
        start = _day(raw.get("valid_from"), where, "valid_from", problems)
        end = _day(raw.get("valid_to"), where, "valid_to", problems)
        if decree:
            decrees[decree] = (start, end)
    if problems:
        shown = "\n".join(f"• {p}" for p in problems[:8])
        more = f"\n… và {len(problems) - 8} lỗi khác." if len(problems) > 8 else ""
        raise CatalogueError(f"Tệp danh mục có lỗi, không có gì được thay đổi:\n{shown}{more}")
    assert isinstance(version, str)
    return Catalogue(version.strip(), tuple(entries), decrees)


def reference_of(decree: str, article: str, clause: str = "", point: str = "") -> str:
    return LegalBasis(0, decree, article, clause, point).reference


@dataclass(frozen=True, slots=True)
class PenaltyReview:
    """A recorded penalty the rule now refuses, with why: shown for review, never changed."""

    visit: Visit
    problems: tuple[str, ...]


# ---- The rule
def _in_force(basis: LegalBasis, day: date) -> bool:
    return (basis.valid_from is None or basis.valid_from <= day) and (
        basis.valid_to is None or day <= basis.valid_to
    )


def _lighter_for_earlier_act(
    basis: LegalBasis, violation_date: date, decision_date: date | None, catalogue: Sequence[LegalBasis]
) -> bool:
    """An act committed before `basis` took effect but decided on or after that day falls under it when it
    is lighter than the rule it replaced (Luật Xử lý vi phạm hành chính: a newer, lighter rule applies to
    violations not yet decided): its range is not higher and at least one bound is lower."""
    if basis.valid_from is None or violation_date >= basis.valid_from or not basis.replaces:
        return False
    if decision_date is None or decision_date < basis.valid_from or basis.fine_max is None:
        return False
    old = [b for b in catalogue if b.ref_key in basis.replaces and _in_force(b, violation_date)]
    if not old or any(b.fine_min is None or b.fine_max is None for b in old):
        return False
    new_min, new_max = basis.fine_min or 0, basis.fine_max
    return all(
        new_min <= (b.fine_min or 0)
        and new_max <= (b.fine_max or 0)
        and (new_min, new_max) != (b.fine_min, b.fine_max)
        for b in old
    )


def _successor(basis: LegalBasis, catalogue: Sequence[LegalBasis]) -> str:
    if basis.valid_to is None:
        return ""
    next_day = basis.valid_to + timedelta(days=1)
    for other in catalogue:
        if other.decree != basis.decree and other.valid_from == next_day:
            return other.decree
    return ""


def resolve_offender(kind: str, bases: Sequence[LegalBasis]) -> str:
    """The offender's kind: as chosen, or when not chosen ("") an individual for acts that only individuals
    commit (buying or selling sex), otherwise the business as an organisation."""
    if kind:
        return kind
    if bases and all(b.applies_to == (OFFENDER_INDIVIDUAL,) for b in bases):
        return OFFENDER_INDIVIDUAL
    return OFFENDER_ORGANISATION


def fine_range(bases: Sequence[LegalBasis], offender: str) -> tuple[int, int] | None:
    """The range a fine for these acts can take for the offender, or None when a range is unknown.

    Each act is fined within its range and the fines add up; an act that allows a warning may be warned
    instead, so the floor is the lowest single minimum (never refuses a lawful total)."""
    if not bases or any(b.fine_min is None or b.fine_max is None for b in bases):
        return None
    factor = [1 if offender == OFFENDER_INDIVIDUAL else b.organisation_factor for b in bases]
    low = min((b.fine_min or 0) * f for b, f in zip(bases, factor, strict=True))
    high = sum((b.fine_max or 0) * f for b, f in zip(bases, factor, strict=True))
    return low, high


def check_penalty(
    violation_date: date,
    offender: str,
    fine: int,
    kinds: Sequence[str],
    bases: Sequence[LegalBasis],
    catalogue: Sequence[LegalBasis] = (),
    decision_date: date | None = None,
) -> dict[str, str]:
    """What is wrong with a penalty against the catalogue in force on `violation_date` (field → message).

    Rules: each cited act exists on that day (between its valid_from and valid_to), or it is a newer rule,
    lighter than the one it replaced, and the decision was taken once it applied; it applies to the
    offender's kind; the kinds of penalty are from the list; a fine goes with «Phạt tiền» and lies within
    the range of the cited acts for the offender (an organisation's range is its factor times an
    individual's); a warning is only for acts that allow one.
    """
    errors: dict[str, str] = {}
    day = format_date(violation_date)
    for basis in bases:
        if _in_force(basis, violation_date) or _lighter_for_earlier_act(
            basis, violation_date, decision_date, catalogue
        ):
            continue
        if basis.valid_to is not None and violation_date > basis.valid_to:
            successor = _successor(basis, catalogue)
            advice = f"; dùng NĐ {successor}" if successor else "; chọn căn cứ đang có hiệu lực"
            errors["legal_basis_ids"] = f"NĐ {basis.decree} không còn áp dụng cho hành vi ngày {day}{advice}."
        else:
            start = format_date(basis.valid_from) if basis.valid_from else ""
            errors["legal_basis_ids"] = (
                f"{basis.reference} chỉ áp dụng cho hành vi từ ngày {start}; "
                f"hành vi ngày {day} xử phạt theo văn bản có hiệu lực lúc đó "
                "(văn bản mới chỉ áp dụng cho hành vi trước đó khi nhẹ hơn và quyết định xử phạt từ ngày "
                f"{start})."
            )
        break
    if "legal_basis_ids" not in errors:
        for basis in bases:
            if basis.applies_to and offender not in basis.applies_to:
                errors["offender_kind"] = (
                    f"{basis.reference} ({basis.text or 'hành vi này'}) chỉ áp dụng với "
                    f"{' và '.join(_OFFENDER_SHORT[a] for a in basis.applies_to)}; "
                    "sửa người vi phạm hoặc căn cứ."
                )
                break
    unknown = [k for k in kinds if k not in PENALTY_KIND_LABELS]
    if unknown:
        errors["penalty_kinds"] = "Hình thức xử phạt không có trong danh sách; chọn lại."
        return errors
    if fine > 0 and PENALTY_FINE not in kinds:
        errors["penalty_kinds"] = "Có số tiền phạt thì chọn hình thức «Phạt tiền»."
    elif PENALTY_FINE in kinds and fine == 0:
        errors["fine_vnd"] = "Đã chọn hình thức «Phạt tiền»: nhập số tiền phạt."
    elif not kinds:
        errors["penalty_kinds"] = "Chọn ít nhất một hình thức xử phạt (ví dụ cảnh cáo, phạt tiền)."
    if PENALTY_WARNING in kinds and "penalty_kinds" not in errors:
        refused = [b for b in bases if b.fine_min is not None and not b.warning_allowed]
        if refused and PENALTY_FINE not in kinds:
            errors["penalty_kinds"] = (
                f"{refused[0].reference} không cho phép phạt cảnh cáo; chọn «Phạt tiền» trong khung của nó."
            )
    if fine > 0 and "fine_vnd" not in errors and "legal_basis_ids" not in errors:
        limits = fine_range(bases, offender)
        if limits is not None:
            low, high = limits
            if not low <= fine <= high:
                refs = "; ".join(b.reference for b in bases)
                way = "vượt" if fine > high else "thấp hơn"
                doubled = " (tổ chức: gấp đôi mức của cá nhân)" if offender == OFFENDER_ORGANISATION else ""
                caveat = (
                    f" Khung này {UNVERIFIED_LABEL}: nếu văn bản quy định khác, cập nhật danh mục."
                    if any(not b.verified for b in bases)
                    else ""
                )
                errors["fine_vnd"] = (
                    f"Mức phạt {format_vnd(fine)} {way} khung {format_vnd(low)} – {format_vnd(high)} "
                    f"của {refs} đối với {_OFFENDER_SHORT[offender]}{doubled}.{caveat}"
                )
    return errors
