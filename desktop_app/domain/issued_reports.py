"""Issued reports (Ban hành báo cáo): a report frozen as sent, with its number, date and files.

An issued report keeps the whole report result as data (every indicator and breakdown, whatever they are:
typed-in figures travel like computed ones), the template it was laid out with and the bytes of its Excel,
PDF and data package. Later edits to the registers never change it; a corrected report is issued as a
replacement of the newest issue of its period, and what changed since is listed figure by figure.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from desktop_app.domain.errors import ValidationError
from desktop_app.domain.indicators import INDICATORS, UNIT_PCT, IndicatorValues, breakdown_id
from desktop_app.domain.periods import Period
from desktop_app.domain.reports import IssueMark, Report, ReportUnit
from desktop_app.domain.text import nfc

FILE_XLSX, FILE_PDF, FILE_PACKAGE = "xlsx", "pdf", "json"
FILE_KINDS = (FILE_XLSX, FILE_PDF, FILE_PACKAGE)
FILE_LABELS = {FILE_XLSX: "Excel", FILE_PDF: "PDF", FILE_PACKAGE: "Gói số liệu"}
NUMBER_MAX = 50
DATA_FORMAT = 1


@dataclass(frozen=True, slots=True)
class IssuedFile:
    kind: str  # FILE_KINDS
    file_name: str
    size: int
    sha256: str


@dataclass(frozen=True, slots=True)
class IssuedReportSummary:
    """One issued report as listed: who issued what, when, and which issue it replaces."""

    id: int
    uid: str
    template_id: str
    period_code: str
    period_label: str
    number: str
    issued_on: date
    issued_by: str
    issued_at: datetime
    replaces_id: int | None
    replaces_number: str = ""
    replaced_by_number: str = ""  # "" while it is the newest issue of its period
    files: tuple[IssuedFile, ...] = ()

    @property
    def mark(self) -> IssueMark:
        return IssueMark(self.number, self.issued_on, self.uid)


@dataclass(frozen=True, slots=True)
class IssuedReport:
    """An issued report re-opened: exactly the figures and the template it was sent with."""

    summary: IssuedReportSummary
    report: Report
    template_data: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Difference:
    """A figure that changed since a report was issued: the indicator, the breakdown row ("" for the total),
    the value sent and the value now (None: blank, a share without a denominator)."""

    indicator: str
    row: str
    sent: int | float | None
    now: int | float | None


@dataclass(frozen=True, slots=True)
class ChangesSinceIssue:
    issued: IssuedReportSummary
    differences: list[Difference]


def check_number(text: str) -> str:
    """The document number as typed ("12/BC-UBND"), trimmed. Raises ValidationError."""
    number = " ".join(nfc(text).split())
    if not number:
        raise ValidationError("Hãy nhập số văn bản của báo cáo (ví dụ 12/BC-UBND).", "number")
    if len(number) > NUMBER_MAX:
        raise ValidationError(f"Số văn bản dài quá {NUMBER_MAX} ký tự: hãy viết gọn lại.", "number")
    return number


LEADING_NUMBER = re.compile(r"^\s*(\d{1,6})")


def propose_number(numbers_this_year: Sequence[str], symbol: str) -> str:
    """The next number of the office's year: one after the highest leading number used ("12/BC-…" → 13),
    with the office's document symbol ("BC-UBND"; "BC" without one)."""
    used = [int(m[1]) for n in numbers_this_year if (m := LEADING_NUMBER.match(n))]
    clean = symbol.strip()
    suffix = clean if clean.startswith("BC") else f"BC-{clean}" if clean else "BC"
    return f"{max(used, default=0) + 1}/{suffix}"


# ---- The report as data (and back) -------------------------------------------------------------------


def _unit(unit: ReportUnit) -> dict[str, str]:
    return {f.name: getattr(unit, f.name) for f in dataclasses.fields(ReportUnit)}


def report_to_data(report: Report) -> dict[str, Any]:
    """Everything a report shows, as JSON-ready data; the values generically (every field of IndicatorValues
    as the package writes it), so that any indicator is carried with no special case."""
    return {
        "format": DATA_FORMAT,
        "unit": _unit(report.unit),
        "period": {"start": report.period.start.isoformat(), "end": report.period.end.isoformat()},
        "values": report.values.to_data(),
        "indicators": report.values.flat(),
        "generated_at": report.generated_at.isoformat(),
        "app_version": report.app_version,
        "units": [_unit(u) for u in report.units],
        "missing": list(report.missing),
        "rejected": [list(r) for r in report.rejected],
        "signer_name": report.signer_name,
        "signer_position": report.signer_position,
        "signer_authority": report.signer_authority,
        "place_name": report.place_name,
        "document_symbol": report.document_symbol,
        "recipient": report.recipient,
        "targets": dict(report.targets),
        "annual_targets": dict(report.annual_targets),
        "demo": report.demo,
        "issue": report.issue.to_data() if report.issue else None,
        "replaces": report.replaces.to_data() if report.replaces else None,
    }


def values_from_data(data: Mapping[str, Any]) -> IndicatorValues:
    """The values as stored by the app itself (trusted: no schema check, so no indicator is ever lost)."""
    names = {f.name for f in dataclasses.fields(IndicatorValues)}
    return IndicatorValues(**{k: v for k, v in data.items() if k in names})


def report_from_data(data: Mapping[str, Any]) -> Report:
    """Read back `report_to_data`."""
    period = Period(date.fromisoformat(data["period"]["start"]), date.fromisoformat(data["period"]["end"]))
    return Report(
        unit=ReportUnit(**data["unit"]),
        period=period,
        values=values_from_data(data["values"]),
        generated_at=datetime.fromisoformat(data["generated_at"]),
        app_version=data["app_version"],
        units=tuple(ReportUnit(**u) for u in data["units"]),
        missing=tuple(data["missing"]),
        rejected=tuple((str(a), str(b)) for a, b in data["rejected"]),
        signer_name=data["signer_name"],
        signer_position=data["signer_position"],
        signer_authority=data["signer_authority"],
        place_name=data["place_name"],
        document_symbol=data["document_symbol"],
        recipient=data["recipient"],
        targets=dict(data["targets"]),
        annual_targets=dict(data["annual_targets"]),
        demo=bool(data["demo"]),
        issue=IssueMark.from_data(data["issue"]) if data.get("issue") else None,
        replaces=IssueMark.from_data(data["replaces"]) if data.get("replaces") else None,
    )


# ---- What changed ------------------------------------------------------------------------------------


def _breakdowns() -> dict[str, tuple[str, str]]:
    """Breakdown key → (indicator id, dimension), for every known indicator."""
    return {breakdown_id(i.id, d): (i.id, d) for i in INDICATORS.values() for d in i.dimensions}


def _label(indicator_id: str) -> str:
    known = INDICATORS.get(indicator_id)
    return known.label if known is not None else indicator_id


def _number(value: object) -> int | float | None:
    return value if isinstance(value, int | float) and not isinstance(value, bool) else None


def _figures(values: IndicatorValues) -> dict[str, Any]:
    """Every figure: the known indicators (`flat`, shares included) and any other value the result carries
    (a figure the office typed in, say), so that no value is left out of the comparison."""
    found = values.flat()
    for key, value in values.totals.items():
        found.setdefault(key, value)
    for dimension, ids in values.by.items():
        for indicator_id, members in ids.items():
            if indicator_id not in INDICATORS:
                found.setdefault(f"{indicator_id}_by_{dimension}", dict(members))
    return found


def differences(sent: IndicatorValues, now: IndicatorValues) -> list[Difference]:
    """Every figure (total or breakdown row) whose value differs, in the order of the indicators; a row
    present on one side only reads as 0 (a count) or blank (a share) on the other."""
    before, after = _figures(sent), _figures(now)
    parts = _breakdowns()
    found: list[Difference] = []
    for key in dict.fromkeys([*before, *after]):
        old, new = before.get(key), after.get(key)
        if not isinstance(old, Mapping) and not isinstance(new, Mapping):
            if old != new:
                found.append(Difference(_label(key), "", _number(old), _number(new)))
            continue
        indicator_id, dimension = parts.get(
            key, (key.rpartition("_by_")[0] or key, key.rpartition("_by_")[2])
        )
        share = indicator_id in INDICATORS and INDICATORS[indicator_id].unit == UNIT_PCT
        old_rows = old if isinstance(old, Mapping) else {}
        new_rows = new if isinstance(new, Mapping) else {}
        labels = {**sent.members.get(dimension, {}), **now.members.get(dimension, {})}
        blank = None if share else 0
        for code in dict.fromkeys([*old_rows, *new_rows]):
            a, b = old_rows.get(code, blank), new_rows.get(code, blank)
            if a != b:
                found.append(Difference(_label(indicator_id), labels.get(code, code), _number(a), _number(b)))
    return found
