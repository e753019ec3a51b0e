"""Commune activities (Hoạt động xã, phường): communication events, training classes and each commune's yearly
«xã, phường lành mạnh» status, for the year picked, with the year's figures and the lists' files."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.activities import CommunicationEvent, HealthyStatus, TrainingClass
from desktop_app.domain.dates import format_date
from desktop_app.domain.errors import DomainError
from desktop_app.domain.office import Commune
from desktop_app.domain.periods import Period
from desktop_app.domain.text import format_int
from desktop_app.services.activities import ActivityService
from desktop_app.ui.dialogs.activity_dialogs import CommunicationDialog, HealthyStatusDialog, TrainingDialog
from desktop_app.ui.i18n import error_text
from desktop_app.ui.list_actions import export_list, import_list
from desktop_app.ui.settings import UiState
from desktop_app.ui.tasks import TaskRunner
from desktop_app.ui.widgets.tables import fill_rows, plain_table

if TYPE_CHECKING:  # built on the first import or export (openpyxl and the readers: some 15 MB)
    from desktop_app.services.activity_transfer import CommunicationTransferService, TrainingTransferService

TAB_COMMUNICATION, TAB_TRAINING, TAB_HEALTHY = 0, 1, 2


def _tab(parent: QWidget, table: QTableWidget, buttons: Sequence[QPushButton], label: QLabel) -> QWidget:
    holder = QWidget(parent)
    row = QHBoxLayout()
    row.addWidget(label, 1)
    for button in buttons:
        row.addWidget(button)
    layout = QVBoxLayout(holder)
    layout.setContentsMargins(4, 4, 4, 4)
    layout.addLayout(row)
    layout.addWidget(table, 1)
    return holder


class ActivityPage(QWidget):
    """Loads when first shown; every list shows the year picked at the top. Emits `changed` after a save."""

    changed = Signal()

    def __init__(
        self,
        service: ActivityService,
        communes: Callable[[], Sequence[Commune]],
        communication_transfer: Callable[[], CommunicationTransferService],
        training_transfer: Callable[[], TrainingTransferService],
        runner: TaskRunner,
        ui_state: UiState | None,
        parent: QWidget | None = None,
        can_edit: bool = True,
    ) -> None:
        super().__init__(parent)
        self._service = service
        self._communes = communes
        self._can_edit = can_edit
        self._transfers: dict[int, Callable[[], CommunicationTransferService | TrainingTransferService]] = {
            TAB_COMMUNICATION: communication_transfer,
            TAB_TRAINING: training_transfer,
        }
        self._runner = runner
        self._ui_state = ui_state
        self.loaded = False
        self.last_export: str | None = None
        self.events: list[CommunicationEvent] = []
        self.trainings: list[TrainingClass] = []
        self.statuses: list[HealthyStatus] = []

        self.year = QSpinBox(self)
        self.year.setRange(2000, 2100)
        self.year.setValue(date.today().year)
        self.figures_label = QLabel(self)
        self.figures_label.setWordWrap(True)
        self.import_button = QPushButton(self.tr("Nhập từ Excel…"), self)
        self.export_button = QPushButton(self.tr("Xuất Excel…"), self)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Năm:"), self))
        top.addWidget(self.year)
        top.addWidget(self.figures_label, 1)
        top.addWidget(self.import_button)
        top.addWidget(self.export_button)

        self.event_table = plain_table(
            self,
            [
                self.tr("Ngày"),
                self.tr("Xã, phường"),
                self.tr("Hình thức"),
                self.tr("Nội dung"),
                self.tr("Số người"),
                self.tr("Ghi chú"),
            ],
        )
        for column, width in enumerate((90, 150, 120, 430, 80)):
            self.event_table.setColumnWidth(column, width)
        self.event_label = QLabel(self)
        self.new_event_button = QPushButton(self.tr("Thêm buổi tuyên truyền…"), self)
        self.edit_event_button = QPushButton(self.tr("Sửa…"), self)
        self.void_event_button = QPushButton(self.tr("Đánh dấu nhập nhầm"), self)

        self.training_table = plain_table(
            self,
            [
                self.tr("Ngày"),
                self.tr("Tên lớp, nội dung"),
                self.tr("Đơn vị tổ chức"),
                self.tr("Số người"),
                self.tr("Xã, phường"),
                self.tr("Ghi chú"),
            ],
        )
        for column, width in enumerate((90, 320, 170, 80, 150)):
            self.training_table.setColumnWidth(column, width)
        self.training_label = QLabel(self)
        self.new_training_button = QPushButton(self.tr("Thêm lớp tập huấn…"), self)
        self.edit_training_button = QPushButton(self.tr("Sửa…"), self)
        self.void_training_button = QPushButton(self.tr("Đánh dấu nhập nhầm"), self)

        self.status_table = plain_table(
            self,
            [
                self.tr("Xã, phường"),
                self.tr("Đăng ký"),
                self.tr("Được công nhận"),
                self.tr("Quyết định công nhận"),
                self.tr("Ghi chú"),
            ],
        )
        for column, width in enumerate((200, 80, 110, 240)):
            self.status_table.setColumnWidth(column, width)
        self.status_label = QLabel(self)
        self.edit_status_button = QPushButton(self.tr("Ghi tình trạng…"), self)
        self.void_status_button = QPushButton(self.tr("Đánh dấu nhập nhầm"), self)

        self.tabs = QTabWidget(self)
        self.tabs.addTab(
            _tab(
                self,
                self.event_table,
                (self.new_event_button, self.edit_event_button, self.void_event_button),
                self.event_label,
            ),
            self.tr("Tuyên truyền"),
        )
        self.tabs.addTab(
            _tab(
                self,
                self.training_table,
                (self.new_training_button, self.edit_training_button, self.void_training_button),
                self.training_label,
            ),
            self.tr("Tập huấn"),
        )
        self.tabs.addTab(
            _tab(
                self, self.status_table, (self.edit_status_button, self.void_status_button), self.status_label
            ),
            self.tr("Xã, phường lành mạnh"),
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)

        self.year.valueChanged.connect(self.reload)
        self.tabs.currentChanged.connect(self._tab_changed)
        self.import_button.clicked.connect(self.import_file)
        self.export_button.clicked.connect(self.export_file)
        self.new_event_button.clicked.connect(self.new_event)
        self.edit_event_button.clicked.connect(self.edit_event)
        self.event_table.doubleClicked.connect(self.edit_event)
        self.void_event_button.clicked.connect(self.void_event)
        self.new_training_button.clicked.connect(self.new_training)
        self.edit_training_button.clicked.connect(self.edit_training)
        self.training_table.doubleClicked.connect(self.edit_training)
        self.void_training_button.clicked.connect(self.void_training)
        self.edit_status_button.clicked.connect(self.edit_status)
        self.status_table.doubleClicked.connect(self.edit_status)
        self.void_status_button.clicked.connect(self.void_status)
        self._tab_changed(self.tabs.currentIndex())

    def edit_controls(self) -> list[QWidget]:
        """What a read-only role does not see."""
        return [
            self.import_button,
            self.new_event_button,
            self.edit_event_button,
            self.void_event_button,
            self.new_training_button,
            self.edit_training_button,
            self.void_training_button,
            self.edit_status_button,
            self.void_status_button,
        ]

    def ensure_loaded(self) -> None:
        if not self.loaded:
            self.reload()

    @property
    def period(self) -> Period:
        return Period.year(self.year.value())

    @Slot()
    def reload(self) -> None:
        self.loaded = True
        period = self.period
        self.events = self._service.communication_events(period)
        self.trainings = self._service.trainings(period)
        self.statuses = self._service.healthy_statuses(period.end.year)
        fill_rows(
            self.event_table,
            [
                (
                    format_date(e.held_on),
                    e.commune_name,
                    e.form_label,
                    e.title,
                    format_int(e.participants),
                    e.notes,
                )
                for e in self.events
            ],
        )
        fill_rows(
            self.training_table,
            [
                (
                    format_date(t.held_on),
                    t.title,
                    t.organiser,
                    format_int(t.participants),
                    t.commune_name or self.tr("(cấp huyện, đơn vị)"),
                    t.notes,
                )
                for t in self.trainings
            ],
        )
        fill_rows(
            self.status_table,
            [
                (
                    s.commune_name + ("" if s.commune_active else self.tr(" (không còn quản lý)")),
                    "✓" if s.registered else "",
                    "✓" if s.recognised else "",
                    s.decision_text,
                    s.notes,
                )
                for s in self.statuses
            ],
        )
        self.event_label.setText(
            self.tr("{n} buổi tuyên truyền, {people} lượt người tham gia").format(
                n=format_int(len(self.events)), people=format_int(sum(e.participants for e in self.events))
            )
        )
        self.training_label.setText(
            self.tr("{n} lớp tập huấn, {people} người được tập huấn").format(
                n=format_int(len(self.trainings)),
                people=format_int(sum(t.participants for t in self.trainings)),
            )
        )
        self.status_label.setText(
            self.tr("Năm {year}: {registered} xã, phường đăng ký; {recognised} được công nhận").format(
                year=period.end.year,
                registered=sum(1 for s in self.statuses if s.registered),
                recognised=sum(1 for s in self.statuses if s.recognised),
            )
        )
        self._show_figures(period)

    def _show_figures(self, period: Period) -> None:
        try:
            figures = self._service.figures(period)
        except DomainError:  # a role without reports sees the lists only
            self.figures_label.clear()
            return
        self.figures_label.setText(
            self.tr(
                "{with_events}/{total} xã, phường có tuyên truyền ({pct} %); {trained} người được tập huấn; "
                "{recognised}/{total} xã, phường được công nhận lành mạnh."
            ).format(
                with_events=format_int(figures.communes_with_communication),
                total=format_int(figures.communes_total),
                pct=f"{figures.communication_pct:.1f}".replace(".", ","),
                trained=format_int(figures.staff_trained),
                recognised=format_int(figures.communes_healthy_recognised),
            )
        )

    @Slot(int)
    def _tab_changed(self, index: int) -> None:
        has_files = index in self._transfers
        self.export_button.setEnabled(has_files)
        self.import_button.setEnabled(has_files and self._can_edit)
        tip = "" if has_files else self.tr("Chọn thẻ «Tuyên truyền» hoặc «Tập huấn» để nhập, xuất danh sách.")
        self.export_button.setToolTip(tip)
        self.import_button.setToolTip(tip)

    def _after_change(self) -> None:
        self.reload()
        self.changed.emit()

    # ---- Communication events
    def _selected_event(self) -> CommunicationEvent | None:
        row = self.event_table.currentRow()
        return self.events[row] if 0 <= row < len(self.events) else None

    @Slot()
    def new_event(self) -> None:
        dialog = CommunicationDialog(self._service, self._communes(), None, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._after_change()

    @Slot()
    def edit_event(self) -> None:
        event = self._selected_event()
        if event is None or not self._can_edit:
            return
        dialog = CommunicationDialog(self._service, self._communes(), event, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._after_change()

    @Slot()
    def void_event(self) -> None:
        event = self._selected_event()
        if event is None:
            return
        question = self.tr("Đánh dấu buổi tuyên truyền «{title}» ngày {day} là nhập nhầm?").format(
            title=event.title, day=format_date(event.held_on)
        )
        if self._confirm(question):
            self._run(lambda: self._service.void_communication(event.id))

    # ---- Training classes
    def _selected_training(self) -> TrainingClass | None:
        row = self.training_table.currentRow()
        return self.trainings[row] if 0 <= row < len(self.trainings) else None

    @Slot()
    def new_training(self) -> None:
        dialog = TrainingDialog(self._service, self._communes(), None, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._after_change()

    @Slot()
    def edit_training(self) -> None:
        training = self._selected_training()
        if training is None or not self._can_edit:
            return
        dialog = TrainingDialog(self._service, self._communes(), training, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._after_change()

    @Slot()
    def void_training(self) -> None:
        training = self._selected_training()
        if training is None:
            return
        question = self.tr("Đánh dấu lớp tập huấn «{title}» ngày {day} là nhập nhầm?").format(
            title=training.title, day=format_date(training.held_on)
        )
        if self._confirm(question):
            self._run(lambda: self._service.void_training(training.id))

    # ---- Healthy-commune status
    def _selected_status(self) -> HealthyStatus | None:
        row = self.status_table.currentRow()
        return self.statuses[row] if 0 <= row < len(self.statuses) else None

    @Slot()
    def edit_status(self) -> None:
        status = self._selected_status()
        if status is None or not self._can_edit:
            return
        if HealthyStatusDialog(self._service, status, self).exec() == QDialog.DialogCode.Accepted:
            self._after_change()

    @Slot()
    def void_status(self) -> None:
        status = self._selected_status()
        if status is None or not status.recorded:
            return
        question = self.tr(
            "Xóa tình trạng năm {year} của {name} (ghi nhầm)? Xã, phường trở lại «chưa đăng ký»."
        )
        if self._confirm(question.format(year=status.year, name=status.commune_name)):
            self._run(lambda: self._service.void_healthy_status(status.commune_id, status.year))

    # ---- Shared
    def _confirm(self, question: str) -> bool:
        answer = QMessageBox.question(self, self.tr("Đánh dấu nhập nhầm"), question)
        return answer == QMessageBox.StandardButton.Yes

    def _run(self, action: Callable[[], None]) -> None:
        try:
            action()
        except DomainError as err:
            QMessageBox.warning(self, self.tr("Chưa làm được"), error_text(err))
            return
        self._after_change()

    @Slot()
    def import_file(self) -> None:
        transfer_of = self._transfers.get(self.tabs.currentIndex())
        if transfer_of is None or self._ui_state is None:
            return
        if import_list(self, transfer_of(), self._runner, self._ui_state):
            self._after_change()

    @Slot()
    def export_file(self) -> None:
        transfer_of = self._transfers.get(self.tabs.currentIndex())
        if transfer_of is None:
            return
        transfer = transfer_of()
        export_list(
            self, transfer.spec.name, transfer, self._runner, self._ui_state, on_done=self._remember_export
        )

    def _remember_export(self, path: str) -> None:
        self.last_export = path
