"""Import of a list of employees' commitments with the owner (written as the clerk's «Thêm người lao động»
writes them), and its export."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from desktop_app.domain.errors import ConflictError
from desktop_app.imports.business_lookup import KnownBusiness
from desktop_app.imports.columns import RegisterSpec
from desktop_app.imports.employees import EMPLOYEE_SPEC, EmployeeRowParser, ImportedEmployee, employee_key
from desktop_app.services.register_transfer import AGAIN, RegisterTransfer, communes
from desktop_app.storage.db import Transaction
from desktop_app.storage.repositories import commitment_rows as business_rows
from desktop_app.storage.repositories import commitments as commitment_repo
from desktop_app.storage.repositories import register_lists as lists_repo


class EmployeeTransferService(RegisterTransfer[ImportedEmployee]):
    """Reads and writes files for the employees' commitments. Safe to call from a worker thread."""

    spec: RegisterSpec = EMPLOYEE_SPEC
    kind = "employees"
    entity = "employee"
    sheet = "Người lao động"
    title = "DANH SÁCH NGƯỜI LAO ĐỘNG KÝ CAM KẾT VỚI CHỦ CƠ SỞ"
    widths = (6, 30, 16, 20, 26, 12, 15, 18, 14, 14)

    def _parser(self) -> EmployeeRowParser:
        with self._db.read() as session:
            businesses = [KnownBusiness(*values) for values in business_rows.business_keys(session)]
            existing = lists_repo.employee_keys(session)
            return EmployeeRowParser(communes(session), businesses, existing, self._now().date())

    def _check(self, session: Transaction, chunk: Sequence[ImportedEmployee]) -> None:
        voided = lists_repo.voided_businesses(session, [r.employee.business_id for r in chunk])
        known = lists_repo.employee_keys(session)
        for record in chunk:
            e = record.employee
            if e.business_id in voided:
                raise ConflictError(f"Cơ sở «{record.business_name}» vừa được đánh dấu nhập nhầm" + AGAIN)
            if employee_key(e.business_id, e.full_name, e.birth_date, e.id_number) in known:
                raise ConflictError(
                    f"Một người lao động của cơ sở «{record.business_name}» vừa được ghi" + AGAIN
                )

    def _save(
        self, session: Transaction, record: ImportedEmployee, now: datetime
    ) -> tuple[int, dict[str, object]]:
        e = record.employee
        employee_id = commitment_repo.add_employee(session, e, now)
        return employee_id, {"business_id": e.business_id, "signed_on": e.signed_on}

    def _rows(self, session: Transaction) -> list[tuple[object, ...]]:
        # the business's columns in the template's order: name, commune, registration number
        return [(r[0], r[2], r[1], *r[3:]) for r in lists_repo.employee_rows(session)]
