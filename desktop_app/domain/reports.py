"""A computed report (one unit or several consolidated) and its data package for the upper level.

The package is versioned JSON: kind, version, app version, unit (name, code), period, the units it adds up
(when consolidated), the indicator values and a SHA-256 checksum over the rest. Counts only: it never
carries a name, an ID number or a case code.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from desktop_app.domain.errors import DomainError
from desktop_app.domain.indicators import PROGRAMME_TARGETS, IndicatorValues
from desktop_app.domain.periods import Period
from desktop_app.domain.text import nfc, search_key

PACKAGE_KIND = "pcmd-desk-report"
# On every report and package made from demo data, so that a demo figure never goes upward unnoticed.
DEMO_MARK = "DỮ LIỆU MẪU – KHÔNG PHẢI SỐ LIỆU THẬT, KHÔNG DÙNG ĐỂ BÁO CÁO"
PACKAGE_VERSION = 1


class PackageError(DomainError):
    """A data package that cannot be read or trusted, with why in Vietnamese."""


@dataclass(frozen=True, slots=True)
class ReportUnit:
    """The reporting office: its name as on its documents and a code (the territory's official code)."""

    name: str
    code: str = ""
    parent: str = ""

    @property
    def key(self) -> str:
        """Who the unit is, for spotting the same unit twice: its territory's code and its name (several
        communes' offices of one province share the province's code)."""
        return f"{self.code.strip()}|{search_key(self.name)}"


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
    # target % of each programme share (indicator id → %), the office's own settings included
    targets: dict[str, int] = field(default_factory=lambda: dict(PROGRAMME_TARGETS))
    demo: bool = False  # computed from a demo database (or consolidating a demo package)

    @property
    def consolidated(self) -> bool:
        return bool(self.units)


def _canonical(body: Mapping[str, Any]) -> bytes:
    return json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def package_data(report: Report) -> dict[str, Any]:
    """The data package of a report, checksum included."""
    body: dict[str, Any] = {
        "kind": PACKAGE_KIND,
        "version": PACKAGE_VERSION,
        "app_version": report.app_version,
        "generated_at": report.generated_at.replace(microsecond=0).isoformat(),
        "unit": {"name": report.unit.name, "code": report.unit.code, "parent": report.unit.parent},
        "period": {
            "code": report.period.code,
            "start": report.period.start.isoformat(),
            "end": report.period.end.isoformat(),
            "label": report.period.label,
        },
        "units": [{"name": u.name, "code": u.code} for u in report.units],
        "missing": list(report.missing),
        "rejected": [{"file": name, "reason": reason} for name, reason in report.rejected],
        "indicators": report.values.flat(),
        "values": report.values.to_data(),
    }
    if report.demo:  # only then: a real package reads (and checks) as it always did
        body["demo"] = True
    body["checksum"] = "sha256:" + hashlib.sha256(_canonical(body)).hexdigest()
    return body


def package_text(report: Report) -> str:
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


def read_package(text: str) -> UnitPackage:
    """A package read from its JSON text. Raises PackageError (not a package, newer version, bad checksum)."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        raise PackageError("Không đọc được nội dung gói số liệu (không phải JSON).") from None
    if not isinstance(data, dict) or data.get("kind") != PACKAGE_KIND:
        raise PackageError("Tệp không phải gói số liệu báo cáo của PCMD Desk.")
    if data.get("version") != PACKAGE_VERSION:
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
            unit=ReportUnit(
                name, _text(unit.get("code"), "mã đơn vị"), _text(unit.get("parent"), "cấp trên")
            ),
            period=Period(start, end),
            generated_at=generated_at,
            values=IndicatorValues(),
            app_version=_text(data.get("app_version"), "phiên bản"),
            demo=data.get("demo", False) is not False,
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


def _text(value: object, what: str = "", required: bool = False) -> str:
    """A text field of a package: a string of sane length (NFC); empty for a missing optional one."""
    if value is None and not required:
        return ""
    if not isinstance(value, str) or len(value) > MAX_TEXT or (required and not value.strip()):
        if what:
            raise PackageError(f"Gói số liệu không dùng được: {what} không hợp lệ.")
        raise ValueError
    return nfc(value)
