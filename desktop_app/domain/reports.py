"""A computed report (one unit or several consolidated) and its data package for the upper level.

The package is versioned JSON: kind, version, app version, unit (name, kind, official code, list, province
code, parent), period, the units it adds up (when consolidated), the indicator values and a SHA-256 checksum
over the rest. Counts only: it never carries a name, an ID number or a case code.

Version 2 (from the 2025 reform) names the unit by its kind, code and list, and keys a commune with a code
as "<list>:<code>": code 04105 is Thị trấn Hát Lót in the legacy list and Xã Mai Sơn in the 2025 one.
Version 1 packages are still read: their unit has no kind and no list, their communes bare codes.

An issued report's package also says which issue it is ("issue": number, date, id) and, for a corrected
report, which issue it replaces ("replaces"); both are optional, so packages without them read as before and
an older version of the app reads (and checks) a package with them, ignoring them.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from desktop_app.domain.dates import format_date
from desktop_app.domain.errors import DomainError, ValidationError, ValidationErrors
from desktop_app.domain.indicators import BY_COMMUNE, PROGRAMME_TARGETS, IndicatorValues
from desktop_app.domain.office import OFFICE_KINDS, UNIT_LIST_2025, UNIT_LIST_LEGACY, UNIT_LISTS
from desktop_app.domain.periods import CLOSING_RULE_SOURCE, CLOSING_RULE_VERIFIED, Period, parse_period
from desktop_app.domain.text import nfc, search_key

PACKAGE_KIND = "pcmd-desk-report"
# On every report and package made from demo data, so that a demo figure never goes upward unnoticed.
DEMO_MARK = "DỮ LIỆU MẪU – KHÔNG PHẢI SỐ LIỆU THẬT, KHÔNG DÙNG ĐỂ BÁO CÁO"
PACKAGE_VERSION = 2
READABLE_VERSIONS = (1, 2)


class PackageError(DomainError):
    """A data package that cannot be read or trusted, with why in Vietnamese."""


@dataclass(frozen=True, slots=True)
class IssueMark:
    """Which issued report this is: its document number, its date and an id unique across offices."""

    number: str
    issued_on: date
    id: str

    @property
    def label(self) -> str:
        """ "Báo cáo số 12/BC-UBND ngày 05/01/2027"."""
        return f"báo cáo số {self.number} ngày {self.issued_on.strftime('%d/%m/%Y')}"

    def to_data(self) -> dict[str, str]:
        return {"number": self.number, "date": self.issued_on.isoformat(), "id": self.id}

    @classmethod
    def from_data(cls, data: object) -> IssueMark:
        """Read back `to_data`. Raises PackageError."""
        try:
            if not isinstance(data, Mapping):
                raise TypeError
            number, day, uid = (_text(data.get(k), required=True) for k in ("number", "date", "id"))
            if len(number) > 50 or len(uid) > 64:
                raise ValueError
            return cls(number, date.fromisoformat(day), uid)
        except (TypeError, ValueError):
            raise PackageError("Gói số liệu không dùng được: số, ngày ban hành không hợp lệ.") from None


@dataclass(frozen=True, slots=True)
class ReportUnit:
    """The reporting office: its name as on its documents, its kind and its unit's official code and list.

    An office set up before kinds existed (and every version-1 package) has no kind and no list: its code is
    its territory's (district, else province), which several communes' offices of one province share.
    """

    name: str
    code: str = ""
    parent: str = ""
    kind: str = ""  # OFFICE_KINDS, or "" (not chosen; a version-1 package)
    unit_list: str = ""  # UNIT_LISTS, or "" when the code is not an identity
    province_code: str = ""

    @property
    def identity(self) -> str:
        """Who the unit is in every database and package: "<list>:<code>" ("2025:04105"); "" without one."""
        return f"{self.unit_list}:{self.code.strip()}" if self.unit_list and self.code.strip() else ""

    @property
    def key(self) -> str:
        """For spotting the same unit twice: its identity; without one (an old office or package), its
        territory's code and its name, as before."""
        return self.identity or self.name_key

    @property
    def name_key(self) -> str:
        return f"{self.code.strip()}|{search_key(self.name)}"

    @property
    def old_key(self) -> str:
        """The key of this office's packages before it had an identity, when its code was its own (a
        district office: the district's; a Sở Y tế: the province's); "" without an identity."""
        return self.name_key if self.identity else ""

    @property
    def province_key(self) -> str:
        """The key an old package of a unit below the province had (the province's code and its name), which
        every office of that name in the province shared; "" when that was its own code (old_key)."""
        code = self.province_code.strip()
        if not self.identity or not code or code == self.code.strip():
            return ""
        return f"{code}|{search_key(self.name)}"

    @property
    def label(self) -> str:
        """As listed in a consolidated report: a department («Phòng Văn hóa – Xã hội», the same name in
        every commune) with its parent, and the code ("Phòng Văn hóa – Xã hội, Ủy ban nhân dân xã Mai Sơn
        (mã 04105)")."""
        name = self.name
        if self.parent and search_key(name).startswith("phong "):
            name = f"{name}, {self.parent}"
        if not self.code:
            return name
        before = ", danh mục trước 2025" if self.unit_list == UNIT_LIST_LEGACY else ""
        return f"{name} (mã {self.code}{before})"


def distinct_commune_labels(values: IndicatorValues) -> None:
    """Give communes of one name in a consolidated breakdown their code, so that two rows never read alike:
    Xã Chiềng Sung of the legacy list and of the 2025 one are two units. Communes without a code (keyed by
    their name within their unit) keep their name."""
    members = values.members.get(BY_COMMUNE, {})
    seen: dict[str, int] = {}
    for label in members.values():
        seen[label] = seen.get(label, 0) + 1
    for key, label in members.items():
        if seen[label] < 2 or key.startswith("ten:"):
            continue
        unit_list, _colon, code = key.rpartition(":")
        when = {UNIT_LIST_LEGACY: ", trước 1/7/2025", UNIT_LIST_2025: ", từ 1/7/2025"}.get(unit_list, "")
        members[key] = f"{label} (mã {code}{when})"


EXPECTED_LINE = re.compile(r"^(?P<name>.*?)\s*\[(?P<list>[a-z0-9]+):(?P<code>\d{1,5})\]$")


@dataclass(frozen=True, slots=True)
class ExpectedUnit:
    """A unit that must report: its name for display and, where known, its identity ("2025:04105").

    Written one per line as "Xã Mai Sơn [2025:04105]"; a line without an identity (lists kept before the
    2025 reform) is a name, matched by name as before.
    """

    name: str
    identity: str = ""

    @classmethod
    def parse(cls, line: str) -> ExpectedUnit:
        """A line as typed. Raises ValidationError for a code in brackets of a list the app does not know."""
        text = nfc(line).strip()
        found = EXPECTED_LINE.match(text)
        if found is None or not found["name"]:
            return cls(text)
        if found["list"] not in UNIT_LISTS:
            raise ValidationError(
                f"«{text[:80]}»: danh mục «{found['list']}» không có; viết [legacy:mã] cho đơn vị trước "
                "1/7/2025, [2025:mã] cho đơn vị từ 1/7/2025, hoặc chỉ ghi tên.",
                "expected_units",
            )
        return cls(found["name"], f"{found['list']}:{found['code']}")

    @property
    def line(self) -> str:
        return f"{self.name} [{self.identity}]" if self.identity else self.name

    @property
    def label(self) -> str:
        """As named among the missing units: "Xã Mai Sơn (mã 04105)"."""
        if not self.identity:
            return self.name
        unit_list, code = self.identity.split(":", 1)
        return ReportUnit(self.name, code, unit_list=unit_list).label

    def sent_by(self, unit: ReportUnit) -> bool:
        """True when `unit` is this one: by identity when both have one, else by name (or by the code typed
        as the name, as lists kept before allowed)."""
        if self.identity and unit.identity:
            return self.identity == unit.identity
        return search_key(self.name) == search_key(unit.name) or self.name in (unit.code, unit.identity)


@dataclass(frozen=True, slots=True)
class Report:
    unit: ReportUnit
    period: Period
    values: IndicatorValues
    generated_at: datetime
    app_version: str
    units: tuple[ReportUnit, ...] = ()  # the units a consolidated report adds up; empty for one unit
    missing: tuple[str, ...] = ()  # consolidated: units expected that sent nothing
    rejected: tuple[tuple[str, str], ...] = ()  # consolidated: (file name, why it was left out)
    signer_name: str = ""
    signer_position: str = ""
    signer_authority: str = ""  # "", "TM.", "KT.", "TL.", "TUQ." (NĐ 30/2020 Điều 13)
    place_name: str = ""
    document_symbol: str = ""
    recipient: str = ""
    # target % of each programme share for this period (indicator id → %), the office's own settings included:
    # the inspected share's yearly target is prorated to the period (a half-year needs half of it)
    targets: dict[str, float] = field(default_factory=lambda: dict(PROGRAMME_TARGETS))
    annual_targets: dict[str, int] = field(default_factory=lambda: dict(PROGRAMME_TARGETS))  # the year's
    demo: bool = False  # computed from a demo database (or consolidating a demo package)
    issue: IssueMark | None = None  # an issued report: its number, date and id
    replaces: IssueMark | None = None  # an issued report that corrects an earlier one

    @property
    def consolidated(self) -> bool:
        return bool(self.units)


def closing_line(period: Period) -> str:
    """«Số liệu tính từ ngày … đến ngày …», with the rule when the office's closing days moved the dates."""
    line = f"Số liệu tính từ ngày {format_date(period.start)} đến ngày {format_date(period.end)}"
    if not period.named:
        return line + "."
    unverified = "" if CLOSING_RULE_VERIFIED else "; chưa đối chiếu đủ với văn bản gốc"
    return f"{line} (chốt số liệu theo {CLOSING_RULE_SOURCE}{unverified})."


def _canonical(body: Mapping[str, Any]) -> bytes:
    return json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def package_data(report: Report) -> dict[str, Any]:
    """The data package of a report, checksum included."""
    body: dict[str, Any] = {
        "kind": PACKAGE_KIND,
        "version": PACKAGE_VERSION,
        "app_version": report.app_version,
        "generated_at": report.generated_at.replace(microsecond=0).isoformat(),
        "unit": _unit_data(report.unit, parent=True),
        "period": {
            "code": report.period.code,
            "start": report.period.start.isoformat(),
            "end": report.period.end.isoformat(),
            "label": report.period.label,
        },
        "units": [_unit_data(u) for u in report.units],
        "missing": list(report.missing),
        "rejected": [{"file": name, "reason": reason} for name, reason in report.rejected],
        "indicators": report.values.flat(),
        "values": report.values.to_data(),
    }
    if report.demo:  # only then: a real package reads (and checks) as it always did
        body["demo"] = True
    if report.issue is not None:  # likewise: only an issued report's package says which issue it is
        body["issue"] = report.issue.to_data()
    if report.replaces is not None:
        body["replaces"] = report.replaces.to_data()
    body["checksum"] = "sha256:" + hashlib.sha256(_canonical(body)).hexdigest()
    return body


def _unit_data(unit: ReportUnit, parent: bool = False) -> dict[str, str]:
    data = {
        "name": unit.name,
        "kind": unit.kind,
        "code": unit.code,
        "list": unit.unit_list,
        "province_code": unit.province_code,
    }
    if parent:
        data["parent"] = unit.parent
    return data


def package_text(report: Report, compact: bool = False) -> str:
    """The package as JSON: indented for the file a person may open, compact (and several times faster to
    write) for the copy hidden in the Excel report, which only the app reads."""
    if compact:
        return json.dumps(package_data(report), ensure_ascii=False, separators=(",", ":"))
    return json.dumps(package_data(report), ensure_ascii=False, indent=1, sort_keys=False)


@dataclass(frozen=True, slots=True)
class UnitPackage:
    """A unit's package as read back: who, which period, when it was made, and its values."""

    unit: ReportUnit
    period: Period
    generated_at: datetime
    values: IndicatorValues
    app_version: str
    demo: bool = False
    issue: IssueMark | None = None
    replaces: IssueMark | None = None


def read_package(text: str) -> UnitPackage:
    """A package read from its JSON text. Raises PackageError (not a package, newer version, bad checksum)."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        raise PackageError("Không đọc được nội dung gói số liệu (không phải JSON).") from None
    if not isinstance(data, dict) or data.get("kind") != PACKAGE_KIND:
        raise PackageError("Tệp không phải gói số liệu báo cáo của PCMD Desk.")
    version = data.get("version")
    if isinstance(version, bool) or version not in READABLE_VERSIONS:
        raise PackageError(
            f"Gói số liệu phiên bản {data.get('version')} chưa đọc được: hãy cập nhật phần mềm."
        )
    checksum = data.pop("checksum", None)
    try:
        expected = "sha256:" + hashlib.sha256(_canonical(data)).hexdigest()
    except (TypeError, ValueError, RecursionError):
        raise PackageError("Gói số liệu không đúng cấu trúc.") from None
    if checksum != expected:
        raise PackageError("Mã kiểm tra (checksum) không khớp: gói số liệu đã bị sửa hoặc hỏng.")
    try:
        unit, period = data["unit"], data["period"]
        if not isinstance(unit, dict) or not isinstance(period, dict):
            raise TypeError
        name = _text(unit["name"], "tên đơn vị", required=True)
        start, end = date.fromisoformat(_text(period["start"])), date.fromisoformat(_text(period["end"]))
        if end < start or not date(2000, 1, 1) <= start <= date(2100, 12, 31):
            raise ValueError
        generated_at = datetime.fromisoformat(_text(data["generated_at"])).replace(tzinfo=None)
        header = UnitPackage(
            unit=_read_unit(unit, name),
            period=_period(start, end, period.get("code")),
            generated_at=generated_at,
            values=IndicatorValues(),
            app_version=_text(data.get("app_version"), "phiên bản"),
            demo=data.get("demo", False) is not False,
            issue=IssueMark.from_data(data["issue"]) if "issue" in data else None,
            replaces=IssueMark.from_data(data["replaces"]) if "replaces" in data else None,
        )
    except PackageError:
        raise
    except (KeyError, TypeError, ValueError, AttributeError, RecursionError):
        raise PackageError(
            "Gói số liệu thiếu hoặc sai thông tin (đơn vị, kỳ báo cáo hoặc thời điểm lập)."
        ) from None
    values = data.get("values")
    try:
        if not isinstance(values, dict):
            raise ValueError("thiếu phần số liệu")
        read = IndicatorValues.from_data(values)
    except KeyError as err:
        raise PackageError(f"Gói số liệu không dùng được: thiếu phần «{err.args[0]}» của số liệu.") from None
    except (ValueError, TypeError, RecursionError) as err:
        raise PackageError(
            f"Gói số liệu không dùng được: {err}. Hãy đề nghị đơn vị gửi lại gói xuất từ PCMD Desk."
        ) from None
    return replace(header, values=read)


MAX_TEXT = 300


def _period(start: date, end: date, code: object) -> Period:
    """A package's period: its days, and the code it was made for when the sender's closing days moved
    them off the calendar ones (a code that names other calendar days and is a year, half, quarter or
    month)."""
    plain = Period(start, end)
    if not isinstance(code, str) or code == plain.code:
        return plain
    try:
        named = parse_period(code)
    except ValidationErrors:
        return plain
    return Period(start, end, named=code) if named.code == code and "-" not in code else plain


def _read_unit(unit: Mapping[str, Any], name: str) -> ReportUnit:
    """The unit of a package; a version-1 package has no kind, list or province code (read as empty)."""
    read = ReportUnit(
        name,
        _text(unit.get("code"), "mã đơn vị"),
        _text(unit.get("parent"), "cấp trên"),
        _text(unit.get("kind"), "loại cơ quan"),
        _text(unit.get("list"), "danh mục đơn vị hành chính"),
        _text(unit.get("province_code"), "mã tỉnh"),
    )
    if read.kind not in ("", *OFFICE_KINDS):
        raise PackageError(
            f"Gói số liệu không dùng được: loại cơ quan «{read.kind[:40]}» không có trong phần mềm."
        )
    if read.unit_list not in ("", *UNIT_LISTS):
        raise PackageError(
            f"Gói số liệu không dùng được: danh mục đơn vị hành chính «{read.unit_list[:40]}» không có trong "
            "phần mềm (chỉ có danh mục trước 2025 và danh mục 2025)."
        )
    if read.unit_list and not (read.code.isdigit() and len(read.code) <= 5):
        raise PackageError("Gói số liệu không dùng được: mã đơn vị hành chính không hợp lệ.")
    return read


def _text(value: object, what: str = "", required: bool = False) -> str:
    """A text field of a package: a string of sane length (NFC); empty for a missing optional one."""
    if value is None and not required:
        return ""
    if not isinstance(value, str) or len(value) > MAX_TEXT or (required and not value.strip()):
        if what:
            raise PackageError(f"Gói số liệu không dùng được: {what} không hợp lệ.")
        raise ValueError
    return nfc(value)


def _issue_order(item: tuple[UnitPackage, str]) -> tuple[date, datetime, str]:
    package, name = item
    return (package.issue.issued_on if package.issue else date.min, package.generated_at, name)


def drop_replaced(
    packages: list[tuple[UnitPackage, str]],
) -> tuple[list[tuple[UnitPackage, str]], list[tuple[str, str]]]:
    """One unit's files without those a corrected report replaces: (kept, [(file name, why left out)]).

    A file whose issue another file says it replaces is left out; and when replacements remain, the newest
    one also beats every file of the unit made before it (an original two corrections back), whatever the
    order the files were given in. Files made after it, or none replacing anything, are left as they are."""
    replacers = {p.replaces.id: (p, name) for p, name in packages if p.replaces is not None and p.issue}
    kept: list[tuple[UnitPackage, str]] = []
    dropped: list[tuple[str, str]] = []
    for package, name in packages:
        by = replacers.get(package.issue.id) if package.issue is not None else None
        if by is not None and package.issue is not None and by[0].issue is not None:
            dropped.append(
                (
                    name,
                    f"{package.unit.label}: {package.issue.label} đã được thay thế bằng {by[0].issue.label} "
                    f"(tệp {by[1]}): đã dùng báo cáo thay thế.",
                )
            )
        else:
            kept.append((package, name))
    replacements = [(p, name) for p, name in kept if p.replaces is not None and p.issue is not None]
    if not replacements:
        return kept, dropped
    newest, newest_name = max(replacements, key=_issue_order)
    assert newest.issue is not None
    result = []
    for package, name in kept:
        if package is not newest and package.generated_at <= newest.generated_at:
            dropped.append(
                (
                    name,
                    f"{package.unit.label}: đã có {newest.issue.label} thay thế (tệp {newest_name}), lập sau "
                    "tệp này: đã dùng báo cáo thay thế.",
                )
            )
        else:
            result.append((package, name))
    return result, dropped
