"""Start page: what needs the clerk's attention today (commitments expiring soon, businesses with none)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop_app.domain.commitments import EXPIRING_DAYS, STATE_EXPIRED, STATE_EXPIRING, STATE_NEVER
from desktop_app.domain.text import format_int
from desktop_app.services.app_services import Services


class StartPage(QWidget):
    """Reminders with a button that opens the list behind each."""

    open_commitments = Signal(str)  # the group of businesses to list on the commitments page

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
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 18)
        layout.addWidget(self.title)
        layout.addWidget(box)
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
        self.counts = counts
        for group, (label, button) in self.reminders.items():
            n = counts[group]
            label.setText(f"<b>{format_int(n)}</b> {label.property('template')}")
            label.setStyleSheet("color: #b71c1c;" if n and group != STATE_EXPIRING else "")
            button.setEnabled(n > 0)

    def count(self, group: str) -> int:
        return self.counts[group]
