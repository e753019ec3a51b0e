"""Start page: the key indicators of the year so far against the programme targets (with a chart), and what
needs the clerk's attention today (commitments expiring soon, businesses with none, follow-ups due, planned
visits)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import date, timedelta

from PySide6.QtCharts import QBarCategoryAxis, QBarSet, QChart, QChartView, QHorizontalBarSeries, QValueAxis
from PySide6.QtCore import QCoreApplication, QMargins, Qt, Signal
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop_app.domain.commitments import EXPIRING_DAYS, STATE_EXPIRED, STATE_EXPIRING, STATE_NEVER
from desktop_app.domain.inspections import format_target
from desktop_app.domain.periods import Period
from desktop_app.domain.report_templates import format_value
from desktop_app.domain.reports import Report
from desktop_app.domain.security import PERM_REPORT
from desktop_app.domain.text import format_int
from desktop_app.services.app_services import Services
from desktop_app.ui.gc_guard import gui_collector, holding
from desktop_app.ui.tasks import TaskRunner

OVERDUE = "follow_up_overdue"
DUE_SOON = "follow_up_due_soon"
PLANNED_SOON = "planned_soon"
SOON_DAYS = 7
# (indicator, label, "at least" rather than "all"); the targets come with the report
TARGETS = (
    ("commitments_coverage_pct", "Cơ sở có cam kết còn hiệu lực", False),
    ("businesses_inspected_pct", "Cơ sở được kiểm tra trong năm", True),
    ("communes_communication_pct", "Xã, phường có tuyên truyền", False),
)


DASHBOARD_FRESH_S = 300.0  # the year so far is computed again after this long even with nothing written here


class StartPage(QWidget):
    """Reminders with a button that opens the list behind each."""

    open_commitments = Signal(str)  # the group of businesses to list on the commitments page
    open_inspections = Signal()  # the to-do list of the inspections page

    def __init__(
        self,
        services: Services,
        parent: QWidget | None = None,
        runner: TaskRunner | None = None,
        today: Callable[[], date] = date.today,
    ) -> None:
        super().__init__(parent)
        self._today = today
        self._services = services
        self._runner = runner
        self._counts_running = False
        self._start_dashboard_state()
        self.title = QLabel(self)
        self.title.setStyleSheet("font-size: 15pt; font-weight: 600;")
        self.reminders: dict[str, tuple[QLabel, QPushButton]] = {}
        self.counts: dict[str, int] = {}
        box = QFrame(self)
        box.setFrameShape(QFrame.Shape.StyledPanel)
        grid = QGridLayout(box)
        grid.addWidget(QLabel(self.tr("<b>Cam kết cần nhắc</b>"), box), 0, 0, 1, 2)
        for row, (group, text) in enumerate(
            (
                (STATE_EXPIRING, self.tr("cam kết hết hạn trong {days} ngày tới").format(days=EXPIRING_DAYS)),
                (STATE_EXPIRED, self.tr("cơ sở có cam kết đã hết hạn, chưa ký lại")),
                (STATE_NEVER, self.tr("cơ sở đang hoạt động chưa từng ký cam kết")),
            ),
            start=1,
        ):
            label = QLabel(box)
            label.setProperty("template", text)
            button = QPushButton(self.tr("Xem danh sách"), box)
            button.clicked.connect(lambda _checked=False, g=group: self.open_commitments.emit(g))
            grid.addWidget(label, row, 0)
            grid.addWidget(button, row, 1)
            self.reminders[group] = (label, button)
        grid.setColumnStretch(0, 1)
        inspections = QFrame(self)
        inspections.setFrameShape(QFrame.Shape.StyledPanel)
        grid = QGridLayout(inspections)
        grid.addWidget(QLabel(self.tr("<b>Kiểm tra cần làm</b>"), inspections), 0, 0, 1, 2)
        for row, (key, text) in enumerate(
            (
                (OVERDUE, self.tr("lượt hậu kiểm đã quá hạn")),
                (DUE_SOON, self.tr("lượt hậu kiểm đến hạn trong {days} ngày tới").format(days=SOON_DAYS)),
                (PLANNED_SOON, self.tr("lượt kiểm tra dự kiến trong {days} ngày tới").format(days=SOON_DAYS)),
            ),
            start=1,
        ):
            label = QLabel(inspections)
            label.setProperty("template", text)
            button = QPushButton(self.tr("Xem việc cần làm"), inspections)
            button.clicked.connect(self.open_inspections)
            grid.addWidget(label, row, 0)
            grid.addWidget(button, row, 1)
            self.reminders[key] = (label, button)
        grid.setColumnStretch(0, 1)
        self.dashboard = self._dashboard()
        actor = services.actor
        self._dashboard_on = runner is not None and actor is not None and actor.can(PERM_REPORT)
        self.dashboard.setVisible(self._dashboard_on)
        reminders = QHBoxLayout()
        reminders.addWidget(box, 1)
        reminders.addWidget(inspections, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 18)
        layout.addWidget(self.title)
        layout.addLayout(reminders)
        layout.addWidget(self.dashboard, 1)

    def _start_dashboard_state(self) -> None:
        self._dashboard_running = False
        self._dashboard_held = False  # until the register has loaded (hold_dashboard)
        self._dashboard_asked = False
        self.report: Report | None = None
        # What the year so far shown was computed on (the day and the transactions committed through these
        # services), and when: shown again with neither changed within DASHBOARD_FRESH_S, it is kept.
        self._dashboard_basis: tuple[date, int] | None = None
        self._dashboard_computing: tuple[date, int] | None = None
        self._dashboard_at = 0.0

    def _dashboard(self) -> QFrame:
        frame = QFrame(self)
        frame.setFrameShape(QFrame.Shape.StyledPanel)
        grid = QGridLayout(frame)
        self.dashboard_title = QLabel(self.tr("<b>Chỉ tiêu chương trình từ đầu năm</b>"), frame)
        grid.addWidget(self.dashboard_title, 0, 0, 1, 2)
        self.target_labels: dict[str, QLabel] = {}
        for row, (indicator, _label, _at_least) in enumerate(TARGETS, start=1):
            label = QLabel(self.tr("Đang tính…"), frame)
            grid.addWidget(label, row, 0)
            self.target_labels[indicator] = label
        self.figures_label = QLabel(frame)
        self.figures_label.setWordWrap(True)
        grid.addWidget(self.figures_label, len(TARGETS) + 1, 0)
        self.chart = QChart()
        self.chart.setMargins(QMargins(4, 4, 4, 4))
        self.chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        self.chart_view = QChartView(self.chart, frame)
        self.chart_view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.chart_view.setMinimumHeight(200)
        grid.addWidget(self.chart_view, 1, 1, len(TARGETS) + 2, 1)
        grid.setRowStretch(len(TARGETS) + 2, 1)  # the figures sit at the top, the chart takes the height
        grid.setColumnStretch(0, 2)
        grid.setColumnStretch(1, 3)
        return frame

    def dashboard_shown(self) -> bool:
        """The year so far is on the page (or this role has no such figures)."""
        return not self._dashboard_on or self.report is not None

    def hold_dashboard(self) -> None:
        """Compute the year so far only once release_dashboard is called: at start-up it is the longest
        background job and the least urgent, so the register's rows and columns go first on the worker."""
        self._dashboard_held = True

    def release_dashboard(self) -> None:
        """Compute the year so far now if it was asked for while held."""
        if not self._dashboard_held:
            return
        self._dashboard_held = False
        if self._dashboard_asked:
            self._dashboard_asked = False
            self._load_dashboard()

    def _load_dashboard(self) -> None:
        """Compute the year so far off the GUI thread; one computation at a time (showing the page again
        while one runs does not queue another)."""
        if self._dashboard_held:
            self._dashboard_asked = True
            return
        if self._runner is None or not self._dashboard_on or self._dashboard_running:
            return
        today = self._today()
        services = self._services
        basis = (today, services.commits)
        fresh = time.monotonic() - self._dashboard_at < DASHBOARD_FRESH_S
        if self.report is not None and basis == self._dashboard_basis and fresh:
            return  # nothing written here since (others on a shared server: at most DASHBOARD_FRESH_S old)
        self._dashboard_running = True
        period = Period(date(today.year, 1, 1), today)

        # No collection on the GUI thread while the worker holds the year's rows: it would walk them all
        # (stalls of 40–50 ms at 100,000 businesses); they are gone when it ends, so nothing is frozen.
        collector = gui_collector(QCoreApplication.instance())

        def work(_progress: Callable[[int, int], None], _cancel: threading.Event) -> Report:
            # the report service (and its imports) built off the GUI; a background figure, read without the
            # report's larger page cache (at 100,000 businesses some 60 MB less while the other pages load)
            with holding(collector):
                return services.reports.report(period, larger_cache=False)

        def failed(_err: BaseException) -> None:
            self._dashboard_running = False
            self.dashboard_title.setText(self.tr("<b>Chỉ tiêu chương trình</b>: chưa tính được."))

        self._dashboard_computing = basis
        self._runner.start(work, self._show_dashboard, failed)

    def _show_dashboard(self, report: Report) -> None:
        self._dashboard_running = False
        self._dashboard_basis, self._dashboard_at = self._dashboard_computing, time.monotonic()
        self.report = report
        values = report.values
        self.dashboard_title.setText(
            self.tr("<b>Chỉ tiêu chương trình từ đầu năm</b> ({period})").format(period=report.period.text)
        )
        done = QBarSet(self.tr("Kết quả (%)"))
        goal = QBarSet(self.tr("Chỉ tiêu (%)"))
        done.setColor(QColor("#2f6db5"))
        goal.setColor(QColor("#c9c9c9"))
        names = []
        for indicator, label, at_least in TARGETS:
            target = report.targets[indicator]
            value = values.value(indicator)
            met = value is not None and value >= target
            sign = "≥ " if at_least else ""
            goal_text = self.tr("(chỉ tiêu {sign}{target} %)").format(sign=sign, target=format_target(target))
            if value is None:  # nothing to divide by (no business, no commune yet): no share, no warning
                self.target_labels[indicator].setText(
                    f"{label}: <i>" + self.tr("Chưa có dữ liệu") + f"</i> {goal_text}"
                )
            else:
                self.target_labels[indicator].setText(
                    f"{label}: <b>{format_value(value, 'pct')} %</b> {goal_text}" + ("" if met else " ⚠")
                )
            done.append(float(value or 0))
            goal.append(float(target))
            names.append(label)
        self.figures_label.setText(
            self.tr(
                "Cơ sở đang hoạt động: {active}; lượt kiểm tra: {visits}; vi phạm: {violations}; "
                "người được hỗ trợ: {supported}; buổi tuyên truyền: {events}."
            ).format(
                active=format_int(int(values.value("businesses_active_end") or 0)),
                visits=format_int(int(values.value("inspection_visits") or 0)),
                violations=format_int(int(values.value("violations") or 0)),
                supported=format_int(int(values.value("cases_supported") or 0)),
                events=format_int(int(values.value("communication_events") or 0)),
            )
        )
        self.chart.removeAllSeries()
        for axis in self.chart.axes():
            self.chart.removeAxis(axis)
        series = QHorizontalBarSeries()
        series.append(goal)
        series.append(done)
        self.chart.addSeries(series)
        categories = QBarCategoryAxis()
        categories.append(names)
        axis = QValueAxis()
        axis.setRange(0, 100)
        axis.setLabelFormat("%d")
        self.chart.addAxis(categories, Qt.AlignmentFlag.AlignLeft)
        self.chart.addAxis(axis, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(categories)
        series.attachAxis(axis)

    def reload(self) -> None:
        self._load_dashboard()
        profile = self._services.office.profile()
        today = date.today()
        self.title.setText(
            self.tr("{unit} — ngày {day}").format(
                unit=profile.issuing_unit if profile else "PCMD Desk", day=today.strftime("%d/%m/%Y")
            )
        )
        services, groups = self._services, list(self.reminders)

        def work(_progress: object, _cancel: object) -> dict[str, int]:
            return _reminder_counts(services, groups, today)

        if self._runner is None:
            self._show_counts(work(None, None))
        elif not self._counts_running:  # off the GUI thread: at 100,000 businesses this is seconds of work
            self._counts_running = True
            if not self.counts:
                for label, _button in self.reminders.values():
                    label.setText(self.tr("Đang đếm…"))
            self._runner.start(work, self._show_counts, self._counts_failed)

    def _show_counts(self, counts: dict[str, int]) -> None:
        self._counts_running = False
        self.counts = counts
        for group, (label, button) in self.reminders.items():
            n = counts[group]
            label.setText(f"<b>{format_int(n)}</b> {label.property('template')}")
            label.setStyleSheet(
                "color: #b71c1c;" if n and group in (STATE_EXPIRED, STATE_NEVER, OVERDUE) else ""
            )
            button.setEnabled(n > 0)

    def _counts_failed(self, _err: BaseException) -> None:
        self._counts_running = False
        for label, _button in self.reminders.values():
            label.setText(self.tr("Chưa đếm được: hãy mở lại trang đầu để thử lại."))

    def count(self, group: str) -> int:
        return self.counts[group]


def _reminder_counts(services: Services, groups: list[str], today: date) -> dict[str, int]:
    """How many businesses or visits fall in each reminder group (any thread)."""
    counts = dict.fromkeys(groups, 0)
    for state in services.commitments.states(today).values():
        if state in counts:
            counts[state] += 1
    soon = today + timedelta(days=SOON_DAYS)
    due = [v.follow_up_due for v in services.inspections.open_follow_ups() if v.follow_up_due]
    counts[OVERDUE] = sum(1 for d in due if d < today)
    counts[DUE_SOON] = sum(1 for d in due if today <= d <= soon)
    counts[PLANNED_SOON] = sum(1 for v in services.inspections.planned() if v.visit_date <= soon)
    return counts
