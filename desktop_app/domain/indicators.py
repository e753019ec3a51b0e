"""The report indicators, each defined once: id, Vietnamese label, unit, breakdowns and definition.

The screen, the Excel workbook, the PDF and the data package all read the same `IndicatorValues`. A value is
a count or an amount (summed when units are consolidated) or a percentage worked out from two of them, so a
consolidated percentage is recomputed from the summed parts rather than averaged. Breakdowns are keyed by
codes that mean the same in every unit: the business type's code, the commune's official code, the service
kind; counts only, never a name of a person or a case code.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from desktop_app.domain.legal import PENALTY_KIND_LABELS

UNIT_COUNT = "count"
UNIT_VND = "vnd"
UNIT_PCT = "pct"

BY_TYPE = "type"
BY_COMMUNE = "commune"
BY_SERVICE = "service"
DIMENSION_LABELS = {BY_TYPE: "Loại hình", BY_COMMUNE: "Xã, phường", BY_SERVICE: "Loại hỗ trợ"}

_BUSINESS = (BY_TYPE, BY_COMMUNE)
_COMMUNE = (BY_COMMUNE,)


@dataclass(frozen=True, slots=True)
class Indicator:
    id: str
    label: str
    definition: str
    unit: str = UNIT_COUNT
    dimensions: tuple[str, ...] = ()
    ratio: tuple[str, str] | None = None  # percentages: (numerator id, denominator id)
    flag: bool = False  # 0 or 1 per commune: a commune in two units' files still counts once


INDICATORS: dict[str, Indicator] = {
    i.id: i
    for i in (
        # ---- Businesses (at the start / end of the period: active on the day before it / its last day)
        Indicator(
            "businesses_active_start",
            "Cơ sở hoạt động đầu kỳ",
            "Cơ sở đang hoạt động vào ngày trước ngày đầu kỳ.",
            dimensions=_BUSINESS,
        ),
        Indicator(
            "businesses_new",
            "Cơ sở mới hoạt động trong kỳ",
            "Cơ sở có ngày bắt đầu hoạt động (lần đầu) trong kỳ.",
            dimensions=_BUSINESS,
        ),
        Indicator(
            "businesses_closed",
            "Cơ sở ngừng hoạt động trong kỳ",
            "Cơ sở chuyển sang “đã ngừng hoạt động” với ngày trong kỳ (mỗi cơ sở tính một lần).",
            dimensions=_BUSINESS,
        ),
        Indicator(
            "businesses_active_end",
            "Cơ sở hoạt động cuối kỳ",
            "Cơ sở đang hoạt động vào ngày cuối kỳ.",
            dimensions=_BUSINESS,
        ),
        Indicator(
            "employees_total",
            "Người lao động",
            "Tổng số người lao động (theo sổ) của các cơ sở hoạt động cuối kỳ.",
            dimensions=_BUSINESS,
        ),
        Indicator(
            "employees_female",
            "Lao động nữ",
            "Số lao động nữ (theo sổ) của các cơ sở hoạt động cuối kỳ.",
            dimensions=_BUSINESS,
        ),
        Indicator(
            "commitments_covered_end",
            "Cơ sở có cam kết còn hiệu lực cuối kỳ",
            "Cơ sở hoạt động cuối kỳ có bản cam kết (chủ cơ sở với UBND xã) còn hiệu lực vào ngày cuối kỳ.",
            dimensions=_BUSINESS,
        ),
        Indicator(
            "commitments_coverage_pct",
            "Tỷ lệ cơ sở có cam kết (%)",
            "Cơ sở có cam kết còn hiệu lực cuối kỳ trên cơ sở hoạt động cuối kỳ (chỉ tiêu 100 %).",
            unit=UNIT_PCT,
            dimensions=_BUSINESS,
            ratio=("commitments_covered_end", "businesses_active_end"),
        ),
        Indicator(
            "employee_commitments_signed",
            "Người lao động đã ký cam kết",
            "Người lao động của các cơ sở hoạt động cuối kỳ đã ký cam kết với chủ cơ sở đến ngày cuối kỳ "
            "(theo danh sách; cơ sở chỉ ghi số lượng thì theo lần ghi gần nhất).",
            dimensions=_BUSINESS,
        ),
        Indicator(
            "businesses_complex_area",
            "Cơ sở ở địa bàn phức tạp",
            "Cơ sở hoạt động cuối kỳ được đánh dấu «ở địa bàn phức tạp» (theo dấu ghi trong sổ cơ sở).",
            dimensions=_BUSINESS,
        ),
        # ---- Inspections
        Indicator(
            "inspection_visits",
            "Lượt kiểm tra",
            "Lượt kiểm tra đã thực hiện trong kỳ (không tính lượt mới lên kế hoạch).",
            dimensions=_COMMUNE,
        ),
        Indicator(
            "businesses_inspected",
            "Cơ sở được kiểm tra",
            "Số cơ sở (không phải số lượt) được kiểm tra ít nhất một lần trong kỳ.",
            dimensions=_COMMUNE,
        ),
        Indicator(
            "businesses_inspected_active",
            "Cơ sở hoạt động cuối kỳ đã được kiểm tra",
            "Cơ sở hoạt động cuối kỳ được kiểm tra ít nhất một lần trong kỳ.",
            dimensions=_COMMUNE,
        ),
        Indicator(
            "businesses_inspected_pct",
            "Tỷ lệ cơ sở được kiểm tra (%)",
            "Cơ sở hoạt động cuối kỳ đã được kiểm tra trong kỳ trên cơ sở hoạt động cuối kỳ "
            "(chỉ tiêu ≥ 20 %/năm).",
            unit=UNIT_PCT,
            dimensions=_COMMUNE,
            ratio=("businesses_inspected_active", "businesses_active_end"),
        ),
        Indicator(
            "violations",
            "Lượt phát hiện vi phạm",
            "Lượt kiểm tra trong kỳ có kết quả nhắc nhở, xử phạt hoặc chuyển cơ quan công an.",
            dimensions=_COMMUNE,
        ),
        Indicator(
            "visits_prostitution_related",
            "Lượt kiểm tra có dấu hiệu mại dâm",
            "Lượt kiểm tra trong kỳ được ghi là liên quan đến hoạt động mại dâm.",
            dimensions=_COMMUNE,
        ),
        Indicator(
            "reminders", "Nhắc nhở", "Lượt kiểm tra trong kỳ lập biên bản nhắc nhở.", dimensions=_COMMUNE
        ),
        Indicator(
            "penalties",
            "Xử phạt hành chính",
            "Lượt kiểm tra trong kỳ có quyết định xử phạt.",
            dimensions=_COMMUNE,
        ),
        *(
            Indicator(
                f"penalties_{kind}",
                f"Xử phạt: {label.lower()}" if kind != "licence" else "Xử phạt: tước giấy phép, chứng chỉ",
                f"Quyết định xử phạt trong kỳ có hình thức «{label}» "
                "(một quyết định có thể có nhiều hình thức).",
                dimensions=_COMMUNE,
            )
            for kind, label in PENALTY_KIND_LABELS.items()
        ),
        Indicator(
            "fines_vnd",
            "Tiền phạt (đồng)",
            "Tổng tiền phạt của các quyết định xử phạt trong kỳ.",
            unit=UNIT_VND,
            dimensions=_COMMUNE,
        ),
        Indicator(
            "referrals_police",
            "Chuyển cơ quan công an",
            "Lượt kiểm tra trong kỳ chuyển hồ sơ sang cơ quan công an.",
            dimensions=_COMMUNE,
        ),
        Indicator(
            "hotspots_found", "Tụ điểm phát hiện", "Tụ điểm mại dâm phát hiện trong kỳ.", dimensions=_COMMUNE
        ),
        Indicator(
            "hotspots_eliminated",
            "Tụ điểm đã xóa bỏ",
            "Tụ điểm mại dâm được xóa bỏ trong kỳ.",
            dimensions=_COMMUNE,
        ),
        # ---- Support cases (counts only: a person is counted once per figure)
        Indicator("cases_new", "Hồ sơ hỗ trợ mới", "Hồ sơ tiếp nhận trong kỳ."),
        Indicator(
            "cases_supported",
            "Người được hỗ trợ",
            "Người được ít nhất một lần hỗ trợ trong kỳ (mỗi người tính một lần).",
        ),
        Indicator(
            "services_by_kind",
            "Lượt hỗ trợ",
            "Lượt hỗ trợ đã thực hiện trong kỳ, theo loại hỗ trợ.",
            dimensions=(BY_SERVICE,),
        ),
        Indicator("people_trained", "Người được học nghề", "Người được hỗ trợ học nghề trong kỳ."),
        Indicator(
            "people_employed", "Người được giới thiệu việc làm", "Người được giới thiệu việc làm trong kỳ."
        ),
        Indicator("loans_count", "Lượt vay vốn", "Khoản vay được giải ngân (ghi nhận) trong kỳ."),
        Indicator(
            "loans_amount_vnd",
            "Số tiền vay (đồng)",
            "Tổng số tiền của các khoản vay trong kỳ.",
            unit=UNIT_VND,
        ),
        # ---- Commune activities
        Indicator(
            "communes_total",
            "Số xã, phường",
            "Xã, phường (đang theo dõi) của địa bàn.",
            dimensions=_COMMUNE,
            flag=True,
        ),
        Indicator(
            "communes_with_communication",
            "Xã, phường có tuyên truyền",
            "Xã, phường có ít nhất một buổi tuyên truyền trong kỳ.",
            dimensions=_COMMUNE,
            flag=True,
        ),
        Indicator(
            "communes_communication_pct",
            "Tỷ lệ xã, phường có tuyên truyền (%)",
            "Xã, phường có tuyên truyền trong kỳ trên tổng số xã, phường (chỉ tiêu 100 %).",
            unit=UNIT_PCT,
            dimensions=_COMMUNE,
            ratio=("communes_with_communication", "communes_total"),
        ),
        Indicator(
            "communication_events",
            "Buổi tuyên truyền",
            "Buổi (hoạt động) tuyên truyền trong kỳ.",
            dimensions=_COMMUNE,
        ),
        Indicator(
            "communication_participants",
            "Lượt người dự tuyên truyền",
            "Tổng số người tham dự các buổi tuyên truyền trong kỳ.",
            dimensions=_COMMUNE,
        ),
        Indicator(
            "staff_trained", "Lượt cán bộ được tập huấn", "Tổng số người dự các lớp tập huấn trong kỳ."
        ),
        Indicator(
            "communes_healthy_registered",
            "Xã, phường đăng ký xây dựng lành mạnh",
            "Xã, phường đăng ký xây dựng “lành mạnh không có tệ nạn mại dâm” trong năm của ngày cuối kỳ "
            "(đã được công nhận cũng tính).",
            dimensions=_COMMUNE,
            flag=True,
        ),
        Indicator(
            "communes_healthy_recognised",
            "Xã, phường được công nhận lành mạnh",
            "Xã, phường được công nhận “lành mạnh không có tệ nạn mại dâm” trong năm của ngày cuối kỳ.",
            dimensions=_COMMUNE,
            flag=True,
        ),
    )
}

BREAKDOWN_SEPARATOR = "_by_"

# The programme's targets, by the share they apply to (the inspected share's is an office setting, this is
# its default; see Targets in domain/inspections.py).
PROGRAMME_TARGETS: dict[str, int] = {
    "commitments_coverage_pct": 100,
    "businesses_inspected_pct": 20,
    "communes_communication_pct": 100,
}


def indicator_ids() -> list[str]:
    """Every id a template or the data package may use: the indicators and their breakdowns."""
    ids: dict[str, None] = {}
    for indicator in INDICATORS.values():
        ids[indicator.id] = None
        ids.update((breakdown_id(indicator.id, d), None) for d in indicator.dimensions)
    return list(ids)


def breakdown_id(indicator_id: str, dimension: str) -> str:
    """`businesses_active_end` by type → `businesses_active_end_by_type` (a kind-only one keeps its id)."""
    return (
        indicator_id
        if indicator_id == "services_by_kind"
        else f"{indicator_id}{BREAKDOWN_SEPARATOR}{dimension}"
    )


def percentage(numerator: int, denominator: int) -> float | None:
    """A share with one decimal, halves rounded up (1/16 → 6.3); None when there is nothing to divide by."""
    if not denominator:
        return None
    share = (Decimal(100) * numerator / denominator).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return float(share)


ENTERED_UNITS = (UNIT_COUNT, UNIT_VND)
ENTERED_ID = re.compile(r"[a-z][a-z0-9_]{0,59}")
MAX_ENTERED = 500


def entered_indicator(
    indicator_id: str, label: str, unit: str = UNIT_COUNT, by_commune: bool = False
) -> Indicator:
    """An indicator the office types in (a province template declares it): a count or an amount, for the
    whole unit or by commune; summed when units are consolidated, like a counted one."""
    return Indicator(
        indicator_id,
        label,
        "Số liệu do đơn vị nhập theo mẫu báo cáo của tỉnh.",
        unit=unit,
        dimensions=_COMMUNE if by_commune else (),
    )


@dataclass
class IndicatorValues:
    """The values of every counted indicator for one unit (or several, consolidated) and one period.

    `totals`: counted indicator id → value (percentages are derived, see `value`); `by`: dimension →
    indicator id → member code → value; `members`: dimension → member code → label, in display order.
    `entered`: the indicators typed in by the office (declared by the template) beyond INDICATORS; their
    values sit in `totals` and `by` like the counted ones, and one never typed in has no value (None).
    """

    totals: dict[str, int] = field(default_factory=dict)
    by: dict[str, dict[str, dict[str, int]]] = field(default_factory=dict)
    members: dict[str, dict[str, str]] = field(default_factory=dict)
    entered: dict[str, Indicator] = field(default_factory=dict)

    def indicator(self, indicator_id: str) -> Indicator:
        """A counted indicator or an entered one. Raises KeyError for neither."""
        found = INDICATORS.get(indicator_id) or self.entered.get(indicator_id)
        if found is None:
            raise KeyError(indicator_id)
        return found

    def value(
        self, indicator_id: str, dimension: str | None = None, member: str | None = None
    ) -> int | float | None:
        """The total, or the value for one member of a breakdown; percentages worked out from their parts."""
        indicator = self.indicator(indicator_id)
        if indicator.ratio is not None:
            numerator, denominator = indicator.ratio
            top = self.value(numerator, dimension, member)
            bottom = self.value(denominator, dimension, member)
            return percentage(int(top or 0), int(bottom or 0))
        missing = None if indicator_id in self.entered else 0
        if dimension is None:
            return self.totals.get(indicator_id, missing)
        return self.by.get(dimension, {}).get(indicator_id, {}).get(member or "", missing)

    def flat(self) -> dict[str, Any]:
        """`{id: total, id_by_dimension: {member code: value}}` for every indicator, percentages included."""
        result: dict[str, Any] = {}
        for indicator in (*INDICATORS.values(), *self.entered.values()):
            if indicator.id != "services_by_kind":
                result[indicator.id] = self.value(indicator.id)
            for dimension in indicator.dimensions:
                result[breakdown_id(indicator.id, dimension)] = {
                    code: self.value(indicator.id, dimension, code)
                    for code in self.members.get(dimension, {})
                }
        return result

    def to_data(self) -> dict[str, Any]:
        """The counted values and the member labels, as stored in the data package (with the entered
        indicators' declarations when there are any)."""
        data: dict[str, Any] = {"totals": dict(self.totals), "by": self.by, "members": self.members}
        if self.entered:
            data["entered"] = {
                i.id: {"label": i.label, "unit": i.unit, "by": list(i.dimensions)}
                for i in self.entered.values()
            }
        return data

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> IndicatorValues:
        """Read back `to_data`, checked against its schema. Raises ValueError with why in Vietnamese: an
        unknown indicator or breakdown, a breakdown the indicator does not have, a percentage sent as a count,
        a value that is not a whole number from 0 to below MAX_VALUE, an over-long label."""
        entered = _entered(data.get("entered", {}))
        limit = len(INDICATORS) + len(entered) + 1
        totals = {
            _indicator(k, None, entered): _count(k, v)
            for k, v in _mapping(data["totals"], "totals", limit).items()
        }
        by: dict[str, dict[str, dict[str, int]]] = {}
        for dim, ids in _mapping(data["by"], "by").items():
            dimension = _dimension(dim)
            by[dimension] = {
                _indicator(i, dimension, entered): {
                    _code(m): _count(i, v) for m, v in _mapping(values, "by", MAX_MEMBERS).items()
                }
                for i, values in _mapping(ids, "by", limit).items()
            }
        members = {
            _dimension(dim): {
                _code(c): _label(label) for c, label in _mapping(m, "members", MAX_MEMBERS).items()
            }
            for dim, m in _mapping(data["members"], "members").items()
        }
        return cls(totals, by, members, entered)


def _entered(raw: object) -> dict[str, Indicator]:
    """The entered indicators' declarations of a package."""
    result: dict[str, Indicator] = {}
    for key, spec in _mapping(raw, "entered", MAX_ENTERED).items():
        if not isinstance(key, str) or not ENTERED_ID.fullmatch(key) or key in INDICATORS:
            raise ValueError(f"chỉ tiêu nhập «{_shown(key)}» không hợp lệ")
        if not isinstance(spec, Mapping):
            raise ValueError(f"chỉ tiêu nhập «{key}» không đúng cấu trúc")
        unit, dims = spec.get("unit"), spec.get("by", [])
        if unit not in ENTERED_UNITS or not isinstance(dims, list) or any(d != BY_COMMUNE for d in dims):
            raise ValueError(f"chỉ tiêu nhập «{key}»: đơn vị tính hoặc cách chia không hợp lệ")
        result[key] = entered_indicator(key, _label(spec.get("label")), str(unit), bool(dims))
    return result


# What a data package may carry: amounts are đồng, so a trillion is far above any office's figure and far
# below what a float (Excel, percentages) holds exactly once a province adds up its units.
MAX_VALUE = 10**12
MAX_MEMBERS = 10_000
MAX_LABEL = 300


def _shown(key: object) -> str:
    text = str(key) if isinstance(key, str) else type(key).__name__
    return text if len(text) <= 40 else text[:40] + "…"


def _mapping(value: object, part: str, limit: int = len(INDICATORS) + 1) -> Mapping[Any, Any]:
    if not isinstance(value, Mapping):
        raise ValueError(f"phần «{part}» không đúng cấu trúc")
    if len(value) > limit:
        raise ValueError(f"phần «{part}» có quá nhiều mục ({len(value)})")
    return value


def _dimension(key: object) -> str:
    if not isinstance(key, str) or key not in DIMENSION_LABELS:
        raise ValueError(f"cách chia «{_shown(key)}» không có trong phần mềm")
    return key


def _indicator(key: object, dimension: str | None, entered: Mapping[str, Indicator]) -> str:
    indicator = (INDICATORS.get(key) or entered.get(key)) if isinstance(key, str) else None
    if indicator is None:
        raise ValueError(f"chỉ tiêu «{_shown(key)}» không có trong phần mềm")
    if indicator.ratio is not None:
        raise ValueError(f"chỉ tiêu «{indicator.id}» là tỷ lệ, được tính lại chứ không gửi lên")
    if dimension is not None and dimension not in indicator.dimensions:
        raise ValueError(f"chỉ tiêu «{indicator.id}» không chia theo «{DIMENSION_LABELS[dimension]}»")
    return indicator.id


def _code(key: object) -> str:
    if not isinstance(key, str) or len(key) > MAX_LABEL:
        raise ValueError(f"mã «{_shown(key)}» không hợp lệ")
    return key


def _label(value: object) -> str:
    if not isinstance(value, str) or len(value) > MAX_LABEL:
        raise ValueError(f"tên «{_shown(value)}» không hợp lệ (phải là chữ, tối đa {MAX_LABEL} ký tự)")
    return value


def _count(key: object, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"chỉ tiêu «{_shown(key)}»: giá trị không phải số nguyên không âm")
    if value >= MAX_VALUE:
        raise ValueError(
            f"chỉ tiêu «{_shown(key)}»: giá trị quá lớn (từ {MAX_VALUE:,} trở lên)".replace(",", ".")
        )
    return value


def add_up(parts: Iterable[IndicatorValues]) -> IndicatorValues:
    """Several units' values summed: counts and amounts add, percentages are recomputed from the sums, and
    a commune's yes/no figures (listed, held a communication event, recognised) count it once even when two
    files carry it. Breakdown members keep the first label seen and the order they were met in."""
    result = IndicatorValues()
    for part in parts:
        for indicator_id, declared in part.entered.items():
            result.entered.setdefault(indicator_id, declared)
        for key, value in part.totals.items():
            result.totals[key] = result.totals.get(key, 0) + value
        for dimension, members in part.members.items():
            known = result.members.setdefault(dimension, {})
            for code, label in members.items():
                known.setdefault(code, label)
        for dimension, ids in part.by.items():
            target = result.by.setdefault(dimension, {})
            for indicator_id, values in ids.items():
                sums = target.setdefault(indicator_id, {})
                flag = indicator_id in INDICATORS and INDICATORS[indicator_id].flag
                for code, value in values.items():
                    sums[code] = max(sums.get(code, 0), value) if flag else sums.get(code, 0) + value
    for dimension, ids in result.by.items():
        for indicator_id, values in ids.items():
            if dimension == BY_COMMUNE and indicator_id in INDICATORS and INDICATORS[indicator_id].flag:
                result.totals[indicator_id] = sum(values.values())
    return result
