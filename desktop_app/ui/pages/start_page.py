"""Start page: what needs the clerk's attention today (commitments expiring soon, businesses with none,
follow-up inspections due, planned visits)."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop_app.domain.commitments import EXPIRING_DAYS, STATE_EXPIRED, STATE_EXPIRING, STATE_NEVER
from desktop_app.domain.text import format_int
from desktop_app.services.app_services import Services

OVERDUE = "follow_up_overdue"
DUE_SOON = "follow_up_due_soon"
PLANNED_SOON = "planned_soon"
SOON_DAYS = 7


class StartPage(QWidget):
    """Reminders with a button that opens the list behind each."""

    open_commitments = Signal(str)  # the group of businesses to list on the commitments page
    open_inspections = Signal()  # the to-do list of the inspections page

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
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
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 18)
        layout.addWidget(self.title)
        layout.addWidget(box)
        layout.addWidget(inspections)
        layout.addStretch(1)

    def reload(self) -> None:
        profile = self._services.office.profile()
        today = date.today()
        self.title.setText(
            self.tr("{unit} — ngày {day}").format(
                unit=profile.issuing_unit if profile else "PCMD Desk", day=today.strftime("%d/%m/%Y")
            )
        )
        counts = dict.fromkeys(self.reminders, 0)
        for state in self._services.commitments.states(today).values():
            if state in counts:
                counts[state] += 1
        soon = today + timedelta(days=SOON_DAYS)
        due = [v.follow_up_due for v in self._services.inspections.open_follow_ups() if v.follow_up_due]
        counts[OVERDUE] = sum(1 for d in due if d < today)
        counts[DUE_SOON] = sum(1 for d in due if today <= d <= soon)
        counts[PLANNED_SOON] = sum(1 for v in self._services.inspections.planned() if v.visit_date <= soon)
        self.counts = counts
        for group, (label, button) in self.reminders.items():
            n = counts[group]
            label.setText(f"<b>{format_int(n)}</b> {label.property('template')}")
            label.setStyleSheet(
                "color: #b71c1c;" if n and group in (STATE_EXPIRED, STATE_NEVER, OVERDUE) else ""
            )
            button.setEnabled(n > 0)

    def count(self, group: str) -> int:
        return self.counts[group]
