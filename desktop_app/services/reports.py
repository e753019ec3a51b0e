"""Periodic reports: every indicator computed once for a period, shown, written as Excel, PDF and a data
package, and consolidated from several units' packages or workbooks (the upper level's side)."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path

from desktop_app import __version__
from desktop_app.domain.dates import format_date
from desktop_app.domain.errors import DomainError, ValidationError, ValidationErrors
from desktop_app.domain.indicators import PROGRAMME_TARGETS, IndicatorValues, add_up
from desktop_app.domain.inspections import Targets
from desktop_app.domain.issued_reports import IssuedReportSummary
from desktop_app.domain.office import OFFICE_KIND_HEALTH_DEPT, UNIT_LIST_2025, OfficeProfile
from desktop_app.domain.periods import CLOSING_CALENDAR, CLOSING_CONVENTIONS, Period, closing_period
from desktop_app.domain.report_templates import (
    ReportTemplate,
    TemplateError,
    add_entered,
    entered_problems,
    parse_template,
)
from desktop_app.domain.reports import (
    ExpectedUnit,
    PackageError,
    Report,
    ReportUnit,
    UnitPackage,
    distinct_commune_labels,
    drop_replaced,
    package_text,
    read_package,
)
from desktop_app.domain.security import PERM_ADMIN, PERM_READ, PERM_REPORT
from desktop_app.domain.text import search_key
from desktop_app.exports.atomic import atomic_target
from desktop_app.paths import resource
from desktop_app.services.access import requires
from desktop_app.services.audit import recorded_export
from desktop_app.services.demo import is_demo
from desktop_app.storage import admin_units
from desktop_app.storage.db import Database, Transaction
from desktop_app.storage.repositories import audit as audit_repo
from desktop_app.storage.repositories import indicators as repo
from desktop_app.storage.repositories import inspections as inspection_repo
from desktop_app.storage.repositories import issued_reports as issued_repo
from desktop_app.storage.repositories import office as office_repo
from desktop_app.storage.repositories import report_entered as entered_repo
from desktop_app.storage.repositories.report_entered import EnteredKey
from desktop_app.storage.repositories.users import get_setting, set_setting

DEMO_PACKAGE = (
    "Gói số liệu làm từ dữ liệu mẫu (chạy thử), không phải số liệu thật: hãy đề nghị đơn vị gửi lại báo cáo "
    "lập từ dữ liệu thật."
)
TEMPLATE_SETTING = "report_template"
EXPECTED_UNITS_SETTING = "report_expected_units"
CLOSING_SETTING = "report_closing_days"
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
    def report(self, period: Period, larger_cache: bool = True) -> Report:
        """Every indicator for `period` (its days as the office's closing days make them), for this office,
        the figures typed in for it included. Raises ValidationErrors for a reversed period.

        `larger_cache`: read with a 64 MiB database page cache (a report asked for, waited on); without it,
        figures computed in the background (the start page's) hold some 60 MB less while they are read."""
        period.check()
        template = self.template()
        with self._db.read() as session:
            period = closing_period(period, _closing(session))
            targets = inspection_repo.get_targets(session)
            profile = office_repo.get_profile(session)
            unit = profile_unit(profile)
            values = repo.indicator_values(session, period, unit.key, larger_cache)
            typed = entered_repo.entered_values(session, period.code, template.id)
            keys = repo.commune_keys(session, unit.key)
            demo = is_demo(session)
        add_entered(
            values, template.entered, {(i, keys.get(c) if c else None): v for (i, c), v in typed.items()}
        )
        return self._report(period, values, unit, profile, targets, demo=demo)

    # ---- Figures typed in (the template's entered indicators)
    @requires(PERM_REPORT)
    def entered_values(self, period: Period) -> dict[EnteredKey, int]:
        """The figures typed in for `period` under the office's template: (indicator id, commune id or None)
        → value."""
        template = self.template()
        with self._db.read() as session:
            return entered_repo.entered_values(session, period.code, template.id)

    @requires(PERM_REPORT)
    def entered_communes(self) -> list[tuple[int, str]]:
        """(id, name) of the communes a by-commune figure can be typed in for: those in use."""
        with self._db.read() as session:
            return [(c.id, c.name) for c in office_repo.list_communes(session)]

    @requires(PERM_REPORT)
    def save_entered(
        self, period: Period, values: Mapping[EnteredKey, int | None], for_replacement: bool = False
    ) -> int:
        """Keep the figures typed in for `period` (None clears one; the others stay), in one transaction with
        its change-log row; returns how many changed. Raises ValidationErrors keyed "<indicator id>" or
        "<indicator id>:<commune id>" (what is wrong, in Vietnamese), nothing saved. Any thread.

        Once a report of the period is issued its typed-in figures are locked: they change only when the
        clerk says the change is for a replacement report (`for_replacement`), which the change log records;
        otherwise ValidationError, nothing saved."""
        template = self.template()
        with self._db.read() as session:
            communes = {commune.id for commune in office_repo.list_communes(session, include_inactive=True)}
        problems = entered_problems(template.entered, values, communes)
        if problems:
            raise ValidationErrors(problems)
        actor = self._db.actor
        with self._db.unit_of_work() as session:
            issued = issued_repo.newest_for(session, template.id, period.code)
            if issued is not None and not for_replacement:
                raise ValidationError(
                    f"Báo cáo {period.label} đã ban hành (số {issued.number} ngày "
                    f"{format_date(issued.issued_on)}): số liệu nhập tay của kỳ này đã khóa. Chỉ sửa khi lập "
                    "báo cáo thay thế.",
                    "entered",
                )
            changed = entered_repo.save_entered(
                session, period.code, template.id, values, actor.username if actor else "", self._now()
            )
            if changed:
                audit_repo.log_change(
                    session,
                    "report_entered",
                    0,
                    "update",
                    {
                        "period": period.code,
                        "template": template.id,
                        **({"replaces_issue": issued.number} if issued is not None else {}),
                        **_changes(changed),
                    },
                    self._now(),
                )
        return len(changed)

    @requires(PERM_READ)
    def entered_lock(self, period: Period) -> IssuedReportSummary | None:
        """The issued report that locks the figures typed in for `period` (None: they may be changed)."""
        with self._db.read() as session:
            return issued_repo.newest_for(session, self.template().id, period.code)

    # ---- Closing days
    @requires(PERM_READ)
    def closing_convention(self) -> str:
        """The office's closing days (CLOSING_CONVENTIONS): calendar months unless set otherwise."""
        with self._db.read() as session:
            return _closing(session)

    @requires(PERM_ADMIN)
    def set_closing_convention(self, convention: str) -> None:
        """Count periodic reports by `convention` from now on. Raises ValidationError for an unknown one."""
        if convention not in CLOSING_CONVENTIONS:
            raise ValidationError(
                "Cách chốt số liệu không có trong phần mềm: chọn theo tháng dương lịch hoặc từ ngày 15 tháng "
                "trước đến ngày 14.",
                "closing",
            )
        with self._db.unit_of_work() as session:
            set_setting(session, CLOSING_SETTING, convention)
            audit_repo.log_change(session, "setting", 0, "update", {CLOSING_SETTING: convention}, self._now())

    @requires(PERM_READ)
    def official_period(self, period: Period) -> Period:
        """`period`'s days under the office's closing days (its code kept)."""
        with self._db.read() as session:
            return closing_period(period, _closing(session))

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
            targets={
                **year_targets(targets, period.end.year),
                "businesses_inspected_pct": targets.period_pct(period),
            },
            annual_targets=year_targets(targets, period.end.year),
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
        from desktop_app.exports.report_xlsx import write_report_xlsx  # openpyxl on first use, not at start

        return self._write(report, Path(target), write_report_xlsx)

    @requires(PERM_REPORT)
    def write_pdf(self, report: Report, target: str | Path) -> Path:
        """The narrative report in the NĐ 30 layout. Raises ExportError."""
        from desktop_app.exports.report_pdf import write_report_pdf  # reportlab on first use, not at start

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
        """The units that must report, one line each ("Xã Mai Sơn [2025:04105]", or a name alone). Without
        a stored list a Sở Y tế expects its province's communes from the 2025 list."""
        with self._db.read() as session:
            return [unit.line for unit in _expected(session)]

    @requires(PERM_ADMIN)
    def set_expected_units(self, lines: Sequence[str]) -> None:
        """Keep the list (identities where a line has one); an empty one: no unit is expected. Raises
        ValidationError (a code of an unknown list), the stored list unchanged."""
        units = list({u.line: u for u in (ExpectedUnit.parse(line) for line in lines) if u.name}.values())
        stored = [{"name": u.name, "unit": u.identity} if u.identity else u.name for u in units]
        with self._db.unit_of_work() as session:
            set_setting(session, EXPECTED_UNITS_SETTING, json.dumps(stored, ensure_ascii=False))
            audit_repo.log_change(
                session, "setting", 0, "update", {"report_expected_units": len(stored)}, self._now()
            )

    @requires(PERM_REPORT)
    def consolidate(
        self, sources: Sequence[str | Path], period: Period, newest_wins: bool = False
    ) -> Consolidation:
        """Add up units' packages (.json) or report workbooks (.xlsx) for `period`.

        Rejected: unreadable files, another period, a bad checksum, an issued report a corrected one among
        the files replaces (listed with why), and a unit sent twice unless `newest_wins` (then its newest
        file counts and the others are listed as replaced).
        """
        period.check()
        template = self.template()
        with self._db.read() as session:
            demo = is_demo(session)
            period = closing_period(period, _closing(session))
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
                sent, wanted = package.period, period
                rejected.append(
                    RejectedFile(
                        path.name,
                        f"Sai kỳ báo cáo: {sent.label} ({sent.text}), cần {wanted.label} ({wanted.text})."
                        if sent.label == wanted.label
                        else f"Sai kỳ báo cáo: {sent.label}, cần {period.label}.",
                    )
                )
                continue
            if package.demo and not demo:  # demo figures go only into a demo consolidation
                rejected.append(RejectedFile(path.name, DEMO_PACKAGE))
                continue
            read.append((package, path.name))
        by_unit = _by_unit(read, rejected)
        for key, packages in by_unit.items():  # a corrected report beats the one it replaces, in any order
            by_unit[key], dropped = drop_replaced(packages)
            rejected.extend(RejectedFile(name, reason) for name, reason in dropped)
        included: list[tuple[UnitPackage, str]] = []
        for packages in by_unit.values():
            if len(packages) == 1:
                included.append(packages[0])
                continue
            # the newest file; of two made in one second, the last by file name (never by the order given)
            newest = max(packages, key=lambda p: (p[0].generated_at, p[1]))
            unit_label = max((p[0].unit for p in packages), key=lambda u: bool(u.identity)).label
            if newest_wins:
                included.append(newest)
                rejected.extend(
                    RejectedFile(name, f"Đơn vị {unit_label} gửi hai lần: đã dùng tệp mới hơn ({newest[1]}).")
                    for p, name in packages
                    if p is not newest[0]
                )
            else:
                rejected.extend(
                    RejectedFile(
                        name, f"Đơn vị {unit_label} gửi hai lần: chọn dùng tệp mới nhất hoặc bỏ bớt tệp."
                    )
                    for _p, name in packages
                )
        included.sort(key=lambda p: (search_key(p[0].unit.name), p[0].unit.key, p[1]))
        with self._db.read() as session:
            profile = office_repo.get_profile(session)
            targets = inspection_repo.get_targets(session)
            expected = _expected(session)
        units = [p.unit for p, _name in included]
        missing = [e.label for e in expected if not any(e.sent_by(u) for u in units)]
        values = add_up(p.values for p, _n in included)
        add_entered(values, template.entered, {})  # a unit that sent none of them still has their rows
        distinct_commune_labels(values)
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


def _changes(changed: Mapping[EnteredKey, tuple[int | None, int | None]]) -> dict[str, str]:
    """The change log's account of typed-in figures: "indicator[:commune id]" → "old → new" (blank: none)."""

    def shown(value: int | None) -> str:
        return "" if value is None else str(value)

    return {
        (f"{i}:{c}" if c is not None else i): f"{shown(was)} → {shown(now)}"
        for (i, c), (was, now) in changed.items()
    }


def _closing(session: Transaction) -> str:
    stored = get_setting(session, CLOSING_SETTING)
    return stored if stored in CLOSING_CONVENTIONS else CLOSING_CALENDAR


def profile_unit(profile: OfficeProfile | None) -> ReportUnit:
    """The reporting unit from the office profile: its kind and its own unit's code and list; an office
    without them (set up before kinds existed) has its territory's code (district, else province)."""
    if profile is None:
        return ReportUnit("")
    if profile.office_kind and profile.unit_code and profile.unit_list:
        return ReportUnit(
            profile.issuing_unit,
            profile.unit_code,
            profile.parent_unit,
            profile.office_kind,
            profile.unit_list,
            profile.province_code,
        )
    return ReportUnit(
        profile.issuing_unit,
        profile.district_code or profile.province_code,
        profile.parent_unit,
        profile.office_kind,
        province_code=profile.province_code,
    )


def _by_unit(
    read: Sequence[tuple[UnitPackage, str]], rejected: list[RejectedFile]
) -> dict[str, list[tuple[UnitPackage, str]]]:
    """The files grouped by unit: by identity, and by code and name for packages without one (version 1).

    An old package of a district office or a Sở Y tế (its code was its own) joins the files of the one unit
    with that code and name. An old package that carried only its province's code (a commune's office) could
    be any office of its name in the province: beside a new package of such an office it is rejected, with
    why, never guessed (a wrong guess would drop or double a unit's figures)."""
    groups: dict[str, list[tuple[UnitPackage, str]]] = {}
    for package, name in read:
        groups.setdefault(package.unit.key, []).append((package, name))
    own: dict[str, set[str]] = {}
    shared: dict[str, set[str]] = {}
    for key, packages in groups.items():
        unit = packages[0][0].unit
        if unit.old_key:
            own.setdefault(unit.old_key, set()).add(key)
        if unit.province_key:
            shared.setdefault(unit.province_key, set()).add(key)
    for key in [k for k, packages in groups.items() if not packages[0][0].unit.identity]:
        owners, others = own.get(key, set()), shared.get(key, set())
        if len(owners) == 1 and not others:
            groups[next(iter(owners))].extend(groups.pop(key))
        elif owners or others:
            rejected.extend(
                RejectedFile(
                    name,
                    f"Gói số liệu phiên bản cũ của «{package.unit.name}» không cho biết là đơn vị nào trong "
                    "các đơn vị cùng tên đã gửi gói mới: hãy đề nghị đơn vị gửi lại gói lập bằng phiên bản "
                    "mới.",
                )
                for package, name in groups.pop(key)
            )
    return groups


def _expected(session: Transaction) -> list[ExpectedUnit]:
    """The stored list of units that must report (names, or {"name", "unit"} with an identity); when none was
    ever stored, a Sở Y tế's province's communes from the 2025 list, else none."""
    stored = get_setting(session, EXPECTED_UNITS_SETTING)
    if stored:
        units: list[ExpectedUnit] = []
        for item in json.loads(stored):
            if isinstance(item, dict):
                units.append(ExpectedUnit(str(item.get("name", "")), str(item.get("unit", ""))))
            else:
                units.append(ExpectedUnit(str(item)))
        return units
    profile = office_repo.get_profile(session)
    if profile is None or profile.office_kind != OFFICE_KIND_HEALTH_DEPT or not profile.province_code:
        return []
    return [
        ExpectedUnit(u.name, f"{UNIT_LIST_2025}:{u.code}")
        for u in admin_units.communes_2025(profile.province_code)
    ]


@cache
def year_targets(targets: Targets, year: int) -> dict[str, int]:
    """The three programme shares' targets of `year` (the office's plan, see Targets.for_year)."""
    line = targets.for_year(year)
    return {
        **PROGRAMME_TARGETS,
        "commitments_coverage_pct": line.commitment_pct,
        "businesses_inspected_pct": line.inspected_pct,
        "communes_communication_pct": line.communication_pct,
    }


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
            from desktop_app.exports.report_xlsx import read_package_from_xlsx

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
