"""Use cases of the business register: list, create, edit, change status, void and restore."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from desktop_app.domain.businesses import (
    STATUS_LABELS,
    STATUSES,
    BusinessDetail,
    BusinessInput,
    BusinessRow,
    ValidBusiness,
)
from desktop_app.domain.dates import format_date, parse_date
from desktop_app.domain.errors import ConflictError, DomainError, ValidationError, ValidationErrors
from desktop_app.domain.security import PERM_EDIT, PERM_READ
from desktop_app.domain.text import nfc
from desktop_app.services.access import requires
from desktop_app.storage.db import Database
from desktop_app.storage.repositories import businesses as repo
from desktop_app.storage.repositories import commitments as commitment_repo
from desktop_app.storage.repositories.businesses import history_of


class BusinessService:
    """The register. Each public method is one user action in one transaction, on the calling thread."""

    def __init__(
        self,
        db: Database,
        now: Callable[[], datetime] = datetime.now,
    ) -> None:
        self._db = db
        self._now = now

    # ---- Reading
    @requires(PERM_READ)
    def rows(self, limit: int | None = None) -> list[BusinessRow]:
        """Every business, voided ones included (the page hides them by default); with `limit`, only the
        first that many entered (the register shows them while the rest load). Any thread."""
        with self._db.read() as session:
            return repo.list_rows(session, limit)

    @requires(PERM_READ)
    def row(self, business_id: int) -> BusinessRow:
        with self._db.read() as session:
            return repo.get_row(session, business_id)

    @requires(PERM_READ)
    def detail(self, business_id: int) -> BusinessDetail:
        """Raises NotFoundError."""
        with self._db.read() as session:
            return repo.get_detail(session, business_id)

    @requires(PERM_READ)
    def change_log(self, business_id: int) -> list[tuple[str, str, datetime]]:
        with self._db.read() as session:
            return history_of(session, business_id)

    # ---- Writing
    def _check_references(self, business: ValidBusiness) -> None:
        with self._db.read() as session:
            errors: dict[str, str] = {}
            if not repo.type_exists(session, business.type_id):
                errors["type_id"] = "Loại hình không có trong danh mục."
            if not repo.commune_exists(session, business.commune_id):
                errors["commune_id"] = "Xã, phường không thuộc địa bàn quản lý."
        if errors:
            raise ValidationErrors(errors)

    def _check_duplicate_registration(self, business: ValidBusiness, own_id: int | None) -> None:
        if not business.registration_number:
            return
        with self._db.read() as session:
            others = [
                i
                for i in repo.find_by_registration_number(session, business.registration_number)
                if i != own_id
            ]
        if others:
            raise ValidationErrors(
                {
                    "registration_number": (
                        f"Số đăng ký {business.registration_number} đã có ở một cơ sở khác trong danh sách."
                    )
                }
            )

    @requires(PERM_EDIT)
    def create(self, data: BusinessInput) -> int:
        """Add a business; returns its id. Raises ValidationErrors (one message per field)."""
        business = data.validated()
        self._check_references(business)
        self._check_duplicate_registration(business, None)
        now = self._now()
        with self._db.unit_of_work() as session:
            return repo.add(session, business, now, opened_on=business.registration_date or now.date())

    @requires(PERM_EDIT)
    def update(
        self, business_id: int, data: BusinessInput, effective_on: date | str | None = None
    ) -> list[str]:
        """Save the edited fields (not the status); returns the names of the changed fields.

        A change of commune, type, employees or owner is kept as a version taking effect on `effective_on`
        (default today): not before the registration date, not after today; past reports keep counting the
        business as it was before that day. Raises ValidationErrors, ValidationError (field
        "effective_on"), NotFoundError, ConflictError for a voided record.
        """
        business = data.validated()
        self._check_references(business)
        self._check_duplicate_registration(business, business_id)
        today = self._now().date()
        when = parse_date(effective_on, "effective_on") or today
        with self._db.unit_of_work() as session:
            if repo.is_voided(session, business_id):
                raise ConflictError("Cơ sở này đã được đánh dấu nhập nhầm; hãy khôi phục trước khi sửa.")
            if repo.versioned_changes(session, business_id, business):
                if when > today:
                    raise ValidationError(
                        "Ngày thay đổi có hiệu lực không thể ở tương lai; nhập ngày hôm nay hoặc một ngày "
                        "đã qua.",
                        "effective_on",
                    )
                if business.registration_date is not None and when < business.registration_date:
                    raise ValidationError(
                        f"Ngày thay đổi có hiệu lực ({format_date(when)}) trước ngày cấp ĐKKD "
                        f"({format_date(business.registration_date)}); nhập ngày từ ngày cấp ĐKKD trở đi.",
                        "effective_on",
                    )
            changed = repo.update(session, business_id, business, self._now(), when)
            reasons = [
                text
                for name, text in (
                    ("owner_name", "Thay đổi chủ cơ sở"),
                    ("type_id", "Thay đổi loại hình kinh doanh"),
                )
                if name in changed and changed[name][0]
            ]
            if reasons:  # the signed commitment no longer matches the business: it must be signed again
                commitment_repo.invalidate_current(
                    session, business_id, self._now().date(), "; ".join(reasons), self._now()
                )
            return list(changed)

    @requires(PERM_EDIT)
    def change_status(
        self, business_id: int, status: str, effective_on: date | str | None, note: str = ""
    ) -> None:
        """Record a dated status change (tạm ngừng, đã ngừng, hoạt động lại). Raises ValidationError."""
        if status not in STATUSES:
            raise ValidationError("Trạng thái không hợp lệ.", "status")
        when = parse_date(effective_on, "effective_on")
        if when is None:
            raise ValidationError("Nhập ngày thay đổi trạng thái.", "effective_on")
        if when > self._now().date():
            raise ValidationError("Ngày thay đổi trạng thái không thể ở tương lai.", "effective_on")
        with self._db.unit_of_work() as session:
            current = repo.current_status(session, business_id)
            if current == status:
                raise ValidationError(f"Cơ sở đang ở trạng thái «{STATUS_LABELS[status]}».", "status")
            repo.set_status(session, business_id, status, when, nfc(note), self._now())

    @requires(PERM_EDIT)
    def void(self, business_id: int, reason: str) -> None:
        """Mark a record entered by mistake; it is hidden by default and can be restored."""
        reason = nfc(reason)
        if not reason:
            raise ValidationError("Ghi lý do đánh dấu nhập nhầm.", "reason")
        with self._db.unit_of_work() as session:
            if repo.is_voided(session, business_id):
                raise ConflictError("Cơ sở này đã được đánh dấu nhập nhầm.")
            repo.set_voided(session, business_id, True, reason, self._now())

    @requires(PERM_EDIT)
    def restore(self, business_id: int) -> None:
        """Bring a voided record back into the register."""
        with self._db.unit_of_work() as session:
            if not repo.is_voided(session, business_id):
                raise ConflictError("Cơ sở này đang có trong danh sách, không cần khôi phục.")
            repo.set_voided(session, business_id, False, "", self._now())


__all__ = ["BusinessService", "DomainError"]
