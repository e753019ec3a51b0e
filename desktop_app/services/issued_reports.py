"""Issuing a report (Ban hành báo cáo): freeze its figures, template and files with a number and a date;
list, re-open and save issued reports exactly as sent; show what changed since; issue a replacement.

DHIS2's data approval is the model: once approved (here: issued), a period's report is locked, and a
correction is a new, visible act rather than a silent edit.
"""

from __future__ import annotations

import hashlib
import json
import re
import tempfile
import uuid
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from desktop_app.domain.errors import DomainError, ValidationError
from desktop_app.domain.issued_reports import (
    FILE_KINDS,
    FILE_LABELS,
    FILE_PACKAGE,
    FILE_PDF,
    FILE_XLSX,
    ChangesSinceIssue,
    IssuedReport,
    IssuedReportSummary,
    check_number,
    differences,
    propose_number,
    report_to_data,
)
from desktop_app.domain.report_templates import TemplateError, parse_template
from desktop_app.domain.reports import IssueMark, Report, package_text
from desktop_app.domain.security import PERM_READ, PERM_REPORT
from desktop_app.exports.atomic import atomic_target
from desktop_app.paths import resource
from desktop_app.services.access import requires
from desktop_app.services.reports import DEFAULT_TEMPLATE, TEMPLATE_SETTING
from desktop_app.storage.db import Database
from desktop_app.storage.repositories import audit as audit_repo
from desktop_app.storage.repositories import issued_reports as repo
from desktop_app.storage.repositories import office as office_repo
from desktop_app.storage.repositories.users import get_setting


class IssueError(DomainError):
    """A report that cannot be issued (or an issued one that cannot be read), with why in Vietnamese."""


class IssuedReportService:
    """Each public method is one transaction (or none); safe on a worker thread."""

    def __init__(self, db: Database, now: Callable[[], datetime] = datetime.now) -> None:
        self._db = db
        self._now = now

    # ---- Reading
    @requires(PERM_READ)
    def issued_reports(self) -> list[IssuedReportSummary]:
        """Every issued report, the newest first."""
        with self._db.read() as session:
            return repo.summaries(session)

    @requires(PERM_READ)
    def is_issued(self, template_id: str, period_code: str) -> bool:
        """True once a report of this template and period was issued (its figures may then not change)."""
        with self._db.read() as session:
            return repo.is_issued(session, template_id, period_code)

    @requires(PERM_READ)
    def newest_issue(self, template_id: str, period_code: str) -> IssuedReportSummary | None:
        """The issue of this period a correction would replace (none replaces it yet), or None."""
        with self._db.read() as session:
            return repo.newest_for(session, template_id, period_code)

    @requires(PERM_READ)
    def file_problems(self) -> list[str]:
        """For `check`: each issued report's stored file that is no longer byte for byte as issued (its
        SHA-256 recorded then), one message each (the report's number, period and file name)."""
        with self._db.read() as session:
            altered = repo.altered_files(session)
        return [
            f"Báo cáo đã ban hành số {number or '(chưa số)'} ({period}): tệp «{name}» không còn như khi "
            "ban hành."
            for number, period, name in altered
        ]

    @requires(PERM_REPORT)
    def open_issued(self, report_id: int) -> IssuedReport:
        """An issued report as it was sent: its stored figures and template. Raises IssueError."""
        with self._db.read() as session:
            found = repo.get(session, report_id)
        if found is None:
            raise IssueError(f"Không có báo cáo đã ban hành mã {report_id}.")
        return found

    @requires(PERM_REPORT)
    def issued_file(self, report_id: int, kind: str) -> tuple[str, bytes]:
        """(file name, bytes) of a stored file, checked against its SHA-256. Raises IssueError."""
        with self._db.read() as session:
            found = repo.file_data(session, report_id, kind)
        if found is None:
            what = FILE_LABELS.get(kind, kind)
            raise IssueError(f"Báo cáo đã ban hành mã {report_id} không có tệp {what}.")
        name, sha, data = found
        if hashlib.sha256(data).hexdigest() != sha:
            raise IssueError(
                f"Tệp {FILE_LABELS.get(kind, kind)} của báo cáo đã ban hành không khớp mã kiểm tra: dữ liệu "
                "đã bị sửa ngoài phần mềm. Hãy báo quản trị kiểm tra dữ liệu (lệnh «check»)."
            )
        return name, data

    @requires(PERM_REPORT)
    def save_issued_file(self, report_id: int, kind: str, target: str | Path) -> Path:
        """Write a stored file byte for byte (atomically). Raises IssueError, ExportError."""
        _name, data = self.issued_file(report_id, kind)
        path = Path(target)
        with atomic_target(path) as part:
            part.write_bytes(data)
        with self._db.unit_of_work() as session:
            details = {"kind": "issued_report", "rows": 1, "format": kind}
            audit_repo.log_change(session, "export", report_id, "export", details, self._now())
        return path

    @requires(PERM_REPORT)
    def proposed_number(self, year: int) -> str:
        """The next number of `year` for this office ("13/BC-UBND" after "12/BC-UBND")."""
        with self._db.read() as session:
            profile = office_repo.get_profile(session)
            used = repo.numbers_in_year(session, year)
        return propose_number(used, profile.document_symbol if profile else "")

    @requires(PERM_REPORT)
    def changes(self, report: Report) -> ChangesSinceIssue | None:
        """What changed in `report` since its period's newest issue (None when it was never issued)."""
        template_id = self._template()[0].id
        with self._db.read() as session:
            newest = repo.newest_for(session, template_id, report.period.code)
            sent = repo.get(session, newest.id) if newest is not None else None
        if newest is None or sent is None:
            return None
        return ChangesSinceIssue(newest, differences(sent.report.values, report.values))

    # ---- Issuing
    @requires(PERM_REPORT)
    def issue(
        self, report: Report, number: str, issued_on: date | None = None, replaces_id: int | None = None
    ) -> IssuedReportSummary:
        """Freeze `report` as issued with `number` and `issued_on` (today); `replaces_id`: the newest issue of
        its period, which this corrected report replaces. Raises ValidationError, IssueError."""
        clean = check_number(number)
        day = issued_on or self._now().date()
        if report.demo:
            raise IssueError(
                "Báo cáo lập từ dữ liệu mẫu (chạy thử) không ban hành được: hãy lập báo cáo từ dữ liệu thật."
            )
        if not report.units and (report.rejected or report.missing):
            raise IssueError("Bản tổng hợp chưa có số liệu của đơn vị nào: không ban hành được.")
        if report.issue is not None:
            raise IssueError(f"Báo cáo này đã ban hành ({report.issue.label}).")
        template, template_data = self._template()
        with self._db.read() as session:
            replaced = self._check_replacement(session, template.id, report, replaces_id)
            self._check_number_free(session, clean, day)
        stamped = replace(
            report,
            issue=IssueMark(clean, day, uuid.uuid4().hex),
            replaces=replaced.mark if replaced is not None else None,
        )
        files = self._files(stamped, template_data, day)
        actor = self._db.actor
        assert stamped.issue is not None
        new = repo.NewIssuedReport(
            uid=stamped.issue.id,
            template_id=template.id,
            period_code=report.period.code,
            period_label=report.period.label,
            number=clean,
            issued_on=day,
            issued_by=actor.username if actor is not None else "",
            issued_at=self._now(),
            replaces_id=replaced.id if replaced is not None else None,
            figures=report_to_data(stamped),
            template=template_data,
            files=files,
        )
        with self._db.unit_of_work() as session:
            # checked again inside the writing transaction: another issue may have come in meanwhile
            self._check_replacement(session, template.id, report, replaces_id)
            self._check_number_free(session, clean, day)
            report_id = repo.add(session, new)
            audit_repo.log_change(
                session,
                "issued_report",
                report_id,
                "issue",
                {
                    "issued_number": clean,
                    "issued_on": day,
                    "period": report.period.code,
                    "replaces": replaced.number if replaced is not None else "",
                    "pdf_sha256": hashlib.sha256(files[1][2]).hexdigest(),
                },
                self._now(),
            )
            summary = repo.summary(session, report_id)
        assert summary is not None
        return summary

    def _check_replacement(
        self, session: Any, template_id: str, report: Report, replaces_id: int | None
    ) -> IssuedReportSummary | None:
        newest = repo.newest_for(session, template_id, report.period.code)
        if newest is None and replaces_id is not None:
            raise IssueError(
                f"{report.period.label} chưa có báo cáo nào đã ban hành để thay thế: hãy ban hành báo cáo "
                "lần đầu."
            )
        if newest is not None and replaces_id != newest.id:
            raise IssueError(
                f"{report.period.label} đã có {newest.mark.label} (mã {newest.id}). Báo cáo đã ban hành "
                "không sửa được: nếu cần sửa số liệu, hãy ban hành báo cáo thay thế báo cáo đó."
            )
        return newest

    @staticmethod
    def _check_number_free(session: Any, number: str, day: date) -> None:
        if any(_same_number(number, n) for n in repo.numbers_in_year(session, day.year)):
            raise ValidationError(
                f"Số {number} đã dùng cho một báo cáo ban hành năm {day.year}: hãy chọn số khác.", "number"
            )

    def _template(self) -> tuple[Any, dict[str, Any]]:
        """The template in use and its JSON data: the imported one, else (or when it cannot be used) the
        one that comes with the app."""
        with self._db.read() as session:
            stored = get_setting(session, TEMPLATE_SETTING)
        if stored:
            try:
                data = json.loads(stored)
                return parse_template(data), data
            except (ValueError, TemplateError):
                pass
        path = resource(*DEFAULT_TEMPLATE)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return parse_template(data), data
        except (OSError, ValueError) as exc:
            raise TemplateError(
                f"Không tìm thấy mẫu báo cáo mặc định ({path.name}): hãy cài lại phần mềm."
            ) from exc

    @staticmethod
    def _files(report: Report, template_data: dict[str, Any], day: date) -> list[tuple[str, str, bytes]]:
        """The Excel, PDF and package of the issued report, as bytes (written to a temporary folder)."""
        from desktop_app.exports.report_pdf import write_report_pdf
        from desktop_app.exports.report_xlsx import write_report_xlsx

        template = parse_template(template_data)
        assert report.issue is not None
        prefix = "tong-hop" if report.consolidated else "bao-cao"
        number = re.sub(r"[^0-9A-Za-z]+", "-", _ascii(report.issue.number)).strip("-")
        stem = f"{prefix}-pcmd-{report.period.code}-so-{number}"
        files: list[tuple[str, str, bytes]] = []
        with tempfile.TemporaryDirectory(prefix="pcmd-ban-hanh-") as folder:
            for kind, writer in ((FILE_XLSX, write_report_xlsx), (FILE_PDF, write_report_pdf)):
                path = Path(folder) / f"{stem}.{kind}"
                writer(path, report, template, day)
                files.append((kind, path.name, path.read_bytes()))
        files.append((FILE_PACKAGE, f"{stem}.json", package_text(report).encode("utf-8")))
        assert [f[0] for f in files] == list(FILE_KINDS)
        return files


def _ascii(text: str) -> str:
    from desktop_app.domain.text import search_key

    return search_key(text).upper()


def _same_number(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()
