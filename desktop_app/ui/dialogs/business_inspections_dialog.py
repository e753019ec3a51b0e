"""One business's inspection history and open follow-ups, with recording a visit or a follow-up."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QSize, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.businesses import BusinessRow
from desktop_app.domain.dates import format_date
from desktop_app.domain.inspections import Visit, VisitInput
from desktop_app.services.inspections import InspectionService
from desktop_app.ui.dialogs.visit_dialog import VisitDialog
from desktop_app.ui.geometry import fit_window
from desktop_app.ui.widgets.visit_table import VisitTable


class BusinessInspectionsDialog(QDialog):
    """Every visit of the business, the latest first; follow-ups due are listed above them."""

    def __init__(self, service: InspectionService, row: BusinessRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._service = service
        self._row = row
        self.changed = False
        self.setWindowTitle(self.tr("Kiểm tra: {name}").format(name=row.name))
        self.setModal(True)
        fit_window(self, QSize(900, 480))
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.table = VisitTable(self, show_business=False)
        self.new_button = QPushButton(self.tr("Ghi lượt kiểm tra…"), self)
        self.edit_button = QPushButton(self.tr("Sửa / ghi kết quả…"), self)
        self.follow_up_button = QPushButton(self.tr("Ghi hậu kiểm…"), self)
        buttons_row = QHBoxLayout()
        for button in (self.new_button, self.edit_button, self.follow_up_button):
            buttons_row.addWidget(button)
        buttons_row.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"<b>{row.name}</b> — {row.commune_name}, {row.address}", self))
        layout.addWidget(self.summary)
        layout.addLayout(buttons_row)
        layout.addWidget(self.table, 1)
        layout.addWidget(close)
        self.new_button.clicked.connect(self.new_visit)
        self.edit_button.clicked.connect(self.edit_visit)
        self.follow_up_button.clicked.connect(self.follow_up)
        self.table.doubleClicked.connect(self.edit_visit)
        self.table.selection_changed.connect(self._update_buttons)
        self.reload()

    def reload(self) -> None:
        visits = self._service.visits(business_id=self._row.id)
        self.table.set_visits(visits)
        done = [v for v in visits if not v.is_planned]
        due = [v for v in visits if v.follow_up_open]
        parts = [
            self.tr("{n} lượt kiểm tra").format(n=len(done)),
            self.tr("lần gần nhất {day}").format(day=format_date(done[0].visit_date))
            if done
            else self.tr("chưa kiểm tra lần nào"),
            self.tr("{n} lần vi phạm").format(n=sum(1 for v in done if v.is_violation)),
        ]
        if due:
            parts.append(
                self.tr("đang chờ hậu kiểm (hạn {day})").format(
                    day=", ".join(format_date(v.follow_up_due) for v in due)
                )
            )
        self.summary.setText("; ".join(parts) + ".")
        self._update_buttons()

    def _selected(self) -> Visit | None:
        visits = self.table.selected_visits()
        return visits[0] if len(visits) == 1 else None

    @Slot()
    def _update_buttons(self) -> None:
        visit = self._selected()
        self.edit_button.setEnabled(visit is not None)
        self.follow_up_button.setEnabled(visit is not None and visit.follow_up_open)

    def _run(self, initial: VisitInput, visit_id: int | None = None) -> None:
        dialog = VisitDialog(
            self._service,
            [self._row],
            self._service.rounds(),
            initial,
            visit_id,
            lock_business=True,
            parent=self,
        )
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.changed = True
            self.reload()
            if dialog.saved_id is not None:
                self.table.select_visit(dialog.saved_id)

    @Slot()
    def new_visit(self) -> None:
        self._run(VisitInput(self._row.id, date.today()))

    @Slot()
    def edit_visit(self) -> None:
        visit = self._selected()
        if visit is not None:
            self._run(visit.as_input(), visit.id)

    @Slot()
    def follow_up(self) -> None:
        visit = self._selected()
        if visit is not None and visit.follow_up_open:
            self._run(self._service.follow_up_input(visit.id))
