"""What cases add up to (counts per period, figures for the reports), how long an identity is kept, and the
columns of a case list."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from desktop_app.domain.cases.consent import STATUS_CLOSED
from desktop_app.domain.cases.services_given import add_months


@dataclass(frozen=True, slots=True)
class CasePeriodCounts:
    """What the cases did in a period, counted once for the case page and the reports' indicators."""

    new_cases: int  # intake in the period
    people_supported: int  # people given at least one service in the period
    services_by_kind: dict[str, int]  # services given in the period, kinds with none left out
    people_trained: int  # a training service in the period
    people_employed: int  # a job placement in the period
    people_with_loans: int  # a loan recorded (given) in the period
    loans_count: int  # those loans
    loans_amount_vnd: int  # their amounts


@dataclass(frozen=True, slots=True)
class CaseFigures:
    """Counts only, with the definitions the reports use: a person is counted once per figure."""

    by_status: dict[str, int]
    by_commune: dict[str, int]  # commune name → open cases (not closed)
    new_cases: int  # intake in the period
    people_supported: int  # people given at least one service in the period
    services_by_kind: dict[str, int]  # services given in the period
    people_trained: int  # a training service in the period
    people_employed: int  # a job placement in the period
    people_with_loans: int  # a loan recorded (given) in the period
    loans_amount_vnd: int  # the amounts of those loans


DEFAULT_RETENTION_YEARS = 5
DEFAULT_NO_CONTACT_DAYS = 90


def may_deidentify(status: str, closed_on: date | None, today: date, years: int) -> str | None:
    """None when a case may be de-identified today, else why not (Vietnamese)."""
    if status != STATUS_CLOSED or closed_on is None:
        return "Chỉ xóa nhân thân của hồ sơ đã đóng."
    if add_months(closed_on, 12 * years) > today:
        return f"Hồ sơ mới đóng ngày {closed_on:%d/%m/%Y}: chỉ xóa nhân thân sau {years} năm."
    return None


# The columns of a case list, in the order of the import template and the export (after the code).
LIST_HEADERS: dict[str, str] = {
    "full_name": "Họ và tên",
    "birth": "Ngày/năm sinh",
    "sex": "Giới tính",
    "id_number": "Số CCCD/CMND",
    "address": "Địa chỉ",
    "commune": "Xã/phường",
    "phone": "Điện thoại",
    "intake_date": "Ngày tiếp nhận",
    "referral_source": "Nguồn giới thiệu",
    "needs": "Nhu cầu",
    "consent_on": "Ngày đồng ý",
    "assigned_worker": "Cán bộ phụ trách",
    "status": "Tình trạng",
    "notes": "Ghi chú",
}
