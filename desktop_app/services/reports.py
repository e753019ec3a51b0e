"""Periodic reports: every indicator computed once for a period, shown, written as Excel, PDF and a data
package, and consolidated from several units' packages or workbooks (the upper level's side)."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path

from desktop_app import __version__
from desktop_app.domain.errors import DomainError
from desktop_app.domain.indicators import PROGRAMME_TARGETS, IndicatorValues, add_up
from desktop_app.domain.inspections import Targets
from desktop_app.domain.office import OfficeProfile
from desktop_app.domain.periods import Period
from desktop_app.domain.report_templates import ReportTemplate, TemplateError, parse_template
from desktop_app.domain.reports import (
    PackageError,
    Report,
    ReportUnit,
    UnitPackage,
    package_text,
    read_package,
)
from desktop_app.domain.security import PERM_ADMIN, PERM_READ, PERM_REPORT
from desktop_app.domain.text import nfc, search_key
from desktop_app.exports.atomic import atomic_target
from desktop_app.exports.report_pdf import write_report_pdf
from desktop_app.exports.report_xlsx import read_package_from_xlsx, write_report_xlsx
from desktop_app.paths import resource
from desktop_app.services.access import requires
from desktop_app.services.audit import recorded_export
from desktop_app.services.demo import is_demo
from desktop_app.storage.db import Database
from desktop_app.storage.repositories import audit as audit_repo
from desktop_app.storage.repositories import indicators as repo
from desktop_app.storage.repositories import inspections as inspection_repo
from desktop_app.storage.repositories import office as office_repo
from desktop_app.storage.repositories.users import get_setting, set_setting

DEMO_PACKAGE = (
    "Gói số liệu làm từ dữ liệu mẫu (chạy thử), không phải số liệu thật: hãy đề nghị đơn vị gửi lại báo cáo "
    "lập từ dữ liệu thật."
)
TEMPLATE_SETTING = "report_template"
EXPECTED_UNITS_SETTING = "report_expected_units"
DEFAULT_TEMPLATE = ("report_templates", "default.json")


@dataclass(frozen=True, slots=True)
class RejectedFile:
    file_name: str
    reason: str


@dataclass(frozen=True, slots=True)
class Consolidation:
    """A consolidated report and the account of what went into it."""

    report: Report
    included: list[tuple[ReportUnit, str]]  # unit, file name
    missing: list[str]  # expected units with no file
    rejected: list[RejectedFile]


class ReportService:
    """Each public method is one transaction (or none); safe on a worker thread."""

    def __init__(self, db: Database, now: Callable[[], datetime] = datetime.now) -> None:
        self._db = db
        self._now = now

    # ---- Computing
    @requires(PERM_REPORT)
    def report(self, period: Period) -> Report:
        """Every indicator for `period`, for this office. Raises ValidationErrors for a reversed period."""
        period.check()
        with self._db.read() as session:
            targets = inspection_repo.get_targets(session)
            profile = office_repo.get_profile(session)
            unit = profile_unit(profile)
            values = repo.indicator_values(session, period, targets.programme_start, unit.key)
            demo = is_demo(session)
        return self._report(period, values, unit, profile, targets, demo=demo)

    def _report(
        self,
        period: Period,
        values: IndicatorValues,
        unit: ReportUnit,
        profile: OfficeProfile | None,
        targets: Targets,
        units: Sequence[ReportUnit] = (),
        missing: Sequence[str] = (),
        rejected: Sequence[RejectedFile] = (),
        demo: bool = False,
    ) -> Report:
        return Report(
            unit=unit,
            period=period,
            values=values,
            generated_at=self._now(),
            app_version=__version__,
            units=tuple(units),
            missing=tuple(missing),
            rejected=tuple((r.file_name, r.reason) for r in rejected),
            signer_name=profile.signer_name if profile else "",
            signer_position=profile.signer_position if profile else "",
            signer_authority=profile.signer_authority if profile else "",
            place_name=profile.place_name if profile else "",
            document_symbol=profile.document_symbol if profile else "",
            recipient=profile.upward_recipient if profile else "",
            targets={**PROGRAMME_TARGETS, "businesses_inspected_pct": targets.annual_pct},
            demo=demo,
        )

    # ---- Templates
    @requires(PERM_READ)
    def template(self) -> ReportTemplate:
        """The office's template: one an administrator imported, else the one that comes with the app (also
        when the imported one cannot be used: it never blocks a report)."""
        return self._stored_template()[0] or default_template()

    @requires(PERM_READ)
    def stored_template_problem(self) -> str | None:
        """Why the imported template cannot be used (the default stands in), or None."""
        return self._stored_template()[1]

    @requires(PERM_READ)
    def template_is_default(self) -> bool:
        return self._stored_template() == (None, None)

    def _stored_template(self) -> tuple[ReportTemplate | None, str | None]:
        """The imported template, or why it cannot be used; (None, None) when there is none."""
        with self._db.read() as session:
            stored = get_setting(session, TEMPLATE_SETTING)
        if not stored:
            return None, None
        try:
            return parse_template(json.loads(stored)), None
        except ValueError:
            return None, "Mẫu đã nhập không đọc được."
        except TemplateError as err:
            return None, err.message

    @requires(PERM_ADMIN)
    def import_template(self, source: str | Path) -> ReportTemplate:
        """Check a template file sent by the province and use it from now on. Raises TemplateError."""
        path = Path(source)
        try:
            text = path.read_text(encoding="utf-8-sig")
        except OSError as exc:
            raise TemplateError(f"Không đọc được tệp “{path.name}”.") from exc
        try:
            data = json.loads(text)
        except ValueError:
            raise TemplateError(f"Tệp “{path.name}” không phải JSON hợp lệ.") from None
        template = parse_template(data)
        with self._db.unit_of_work() as session:
            set_setting(session, TEMPLATE_SETTING, json.dumps(data, ensure_ascii=False))
            audit_repo.log_change(
                session, "setting", 0, "update", {"report_template": template.name}, self._now()
            )
        return template

    @requires(PERM_ADMIN)
    def reset_template(self) -> None:
        with self._db.unit_of_work() as session:
            set_setting(session, TEMPLATE_SETTING, "")
            audit_repo.log_change(
                session, "setting", 0, "update", {"report_template": default_template().name}, self._now()
            )

    # ---- Writing
    @requires(PERM_REPORT)
    def write_xlsx(self, report: Report, target: str | Path) -> Path:
        """The workbook (one sheet per table, the data package hidden). Raises ExportError."""
        return self._write(report, Path(target), write_report_xlsx)

    @requires(PERM_REPORT)
    def write_pdf(self, report: Report, target: str | Path) -> Path:
        """The narrative report in the NĐ 30 layout. Raises ExportError."""
        return self._write(report, Path(target), write_report_pdf)

    def _write(
        self, report: Report, path: Path, writer: Callable[[Path, Report, ReportTemplate, date], int]
    ) -> Path:
        template = self.template()
        with recorded_export(self._db, "report", path, self._now()) as record:
            record.rows = writer(path, report, template, self._now().date())
            record.written = True
        return path

    @requires(PERM_REPORT)
    def write_package(self, report: Report, target: str | Path) -> Path:
        path = Path(target)
        with recorded_export(self._db, "report_package", path, self._now()) as record:
            with atomic_target(path) as part:
                part.write_text(package_text(report), encoding="utf-8")
            record.rows, record.written = 1, True
        return path

    # ---- Consolidation
    @requires(PERM_READ)
    def expected_units(self) -> list[str]:
        with self._db.read() as session:
            stored = get_setting(session, EXPECTED_UNITS_SETTING)
        return [str(u) for u in json.loads(stored)] if stored else []

    @requires(PERM_ADMIN)
    def set_expected_units(self, names: Sequence[str]) -> None:
        cleaned = list(dict.fromkeys(nfc(n).strip() for n in names if n.strip()))
        with self._db.unit_of_work() as session:
            set_setting(session, EXPECTED_UNITS_SETTING, json.dumps(cleaned, ensure_ascii=False))
            audit_repo.log_change(
                session, "setting", 0, "update", {"report_expected_units": len(cleaned)}, self._now()
            )

    @requires(PERM_REPORT)
    def consolidate(
        self, sources: Sequence[str | Path], period: Period, newest_wins: bool = False
    ) -> Consolidation:
        """Add up units' packages (.json) or report workbooks (.xlsx) for `period`.

        Rejected: unreadable files, another period, a bad checksum, and a unit sent twice unless
        `newest_wins` (then its newest file counts and the others are listed as replaced).
        """
        period.check()
        with self._db.read() as session:
            demo = is_demo(session)
        read: list[tuple[UnitPackage, str]] = []
        rejected: list[RejectedFile] = []
        for source in sources:
            path = Path(source)
            try:
                package = read_unit_file(path)
            except DomainError as exc:
                rejected.append(RejectedFile(path.name, exc.message))
                continue
            if package.period != period:
                rejected.append(
                    RejectedFile(path.name, f"Sai kỳ báo cáo: {package.period.label}, cần {period.label}.")
                )
                continue
            if package.demo and not demo:  # demo figures go only into a demo consolidation
                rejected.append(RejectedFile(path.name, DEMO_PACKAGE))
                continue
            read.append((package, path.name))
        by_unit: dict[str, list[tuple[UnitPackage, str]]] = {}
        for package, name in read:
            by_unit.setdefault(package.unit.key, []).append((package, name))
        included: list[tuple[UnitPackage, str]] = []
        for packages in by_unit.values():
            if len(packages) == 1:
                included.append(packages[0])
                continue
            newest = max(packages, key=lambda p: p[0].generated_at)
            unit_name = newest[0].unit.name
            if newest_wins:
                included.append(newest)
                rejected.extend(
                    RejectedFile(name, f"Đơn vị {unit_name} gửi hai lần: đã dùng tệp mới hơn ({newest[1]}).")
                    for p, name in packages
                    if p is not newest[0]
                )
            else:
                rejected.extend(
                    RejectedFile(
                        name, f"Đơn vị {unit_name} gửi hai lần: chọn dùng tệp mới nhất hoặc bỏ bớt tệp."
                    )
                    for _p, name in packages
                )
        included.sort(key=lambda p: search_key(p[0].unit.name))
        with self._db.read() as session:
            profile = office_repo.get_profile(session)
            targets = inspection_repo.get_targets(session)
        units = [p.unit for p, _name in included]
        sent = {search_key(u.name) for u in units} | {u.code for u in units if u.code}
        missing = [
            name for name in self.expected_units() if search_key(name) not in sent and name not in sent
        ]
        values = add_up(p.values for p, _n in included)
        report = self._report(
            period, values, profile_unit(profile), profile, targets, units, missing, rejected, demo
        )
        with self._db.unit_of_work() as session:
            audit_repo.log_change(
                session,
                "export",
                0,
                "consolidate",
                {"kind": "report", "rows": len(included), "rejected": len(rejected)},
                self._now(),
            )
        return Consolidation(report, [(p.unit, name) for p, name in included], missing, rejected)


def profile_unit(profile: OfficeProfile | None) -> ReportUnit:
    """The reporting unit from the office profile (its territory's code: district, else province)."""
    if profile is None:
        return ReportUnit("")
    return ReportUnit(
        profile.issuing_unit, profile.district_code or profile.province_code, profile.parent_unit
    )


@cache
def default_template() -> ReportTemplate:
    """The template that comes with the app (read once: it is part of the installation)."""
    path = resource(*DEFAULT_TEMPLATE)
    try:
        return parse_template(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError) as exc:
        raise TemplateError(
            f"Không tìm thấy mẫu báo cáo mặc định ({path.name}): hãy cài lại phần mềm."
        ) from exc


def read_unit_file(path: Path) -> UnitPackage:
    """A unit's data package from its .json file or from the hidden sheet of its report workbook."""
    try:
        if path.suffix.lower() == ".xlsx":
            text = read_package_from_xlsx(path)
            if text is None:
                raise PackageError("Bảng tính không chứa gói số liệu (không phải báo cáo xuất từ PCMD Desk).")
        else:
            text = path.read_text(encoding="utf-8-sig")
    except PackageError:
        raise
    except FileNotFoundError:
        raise PackageError("Không tìm thấy tệp.") from None
    except (OSError, ValueError, KeyError):
        raise PackageError("Không đọc được tệp (tệp đang mở, hỏng hoặc không phải văn bản UTF-8).") from None
    except Exception:  # openpyxl raises many kinds on a damaged workbook
        raise PackageError("Tệp hỏng hoặc không phải bảng tính Excel.") from None
    return read_package(text)
