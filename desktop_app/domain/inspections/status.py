"""Each business's inspection status in the register: last visit, open follow-up, recent violation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

# ---- Register flags
FLAG_NOT_THIS_YEAR = "not_this_year"
FLAG_NEVER = "never"
FLAG_OPEN_FOLLOW_UP = "open_follow_up"
FLAG_RECENT_VIOLATION = "recent_violation"
FLAG_LABELS = {
    FLAG_NOT_THIS_YEAR: "Chưa kiểm tra năm nay",
    FLAG_NEVER: "Chưa kiểm tra lần nào",
    FLAG_OPEN_FOLLOW_UP: "Đang chờ hậu kiểm",
    FLAG_RECENT_VIOLATION: "Vi phạm trong 12 tháng qua",
}


@dataclass(frozen=True, slots=True)
class InspectionStatus:
    """What the register shows of a business's inspections on a day."""

    last_visit: date | None
    last_violation: date | None
    open_follow_ups: int

    def flags(self, today: date) -> frozenset[str]:
        result: set[str] = set()
        if self.last_visit is None:
            result.update((FLAG_NEVER, FLAG_NOT_THIS_YEAR))
        elif self.last_visit.year < today.year:
            result.add(FLAG_NOT_THIS_YEAR)
        if self.open_follow_ups:
            result.add(FLAG_OPEN_FOLLOW_UP)
        if self.last_violation is not None and self.last_violation > twelve_months_before(today):
            result.add(FLAG_RECENT_VIOLATION)
        return frozenset(result)


NEVER_INSPECTED = InspectionStatus(None, None, 0)


def twelve_months_before(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)
