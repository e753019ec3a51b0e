"""Periodic review (rà soát) page: start a round, mark each business, follow the round's progress."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.errors import DomainError
from desktop_app.domain.reviews import OUTCOMES, PERIOD_KINDS, default_title
from desktop_app.domain.text import format_int
from desktop_app.services.app_services import Services
from desktop_app.ui.geometry import fit_window
from desktop_app.ui.models.business_table import ROW_ID_ROLE, BusinessTableModel
from desktop_app.ui.widgets.tables import keyboard_list


class StartRoundDialog(QDialog):
    """Choose the period of a new review round."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        fit_window(self)
        self.setWindowTitle(self.tr("Bắt đầu đợt rà soát"))
        self.kind_combo = QComboBox(self)
        for kind, label in PERIOD_KINDS.items():
            self.kind_combo.addItem(label.capitalize(), kind)
        today = date.today()
        self.kind_combo.setCurrentIndex(0 if today.month <= 6 else 1)
        self.year_spin = QSpinBox(self)
        self.year_spin.setRange(2000, 2100)
        self.year_spin.setValue(today.year)
        self.title_label = QLabel(self)
        form = QFormLayout()
        form.addRow(self.tr("Kỳ"), self.kind_combo)
        form.addRow(self.tr("Năm"), self.year_spin)
        form.addRow(self.tr("Tên đợt"), self.title_label)
        buttons = QDialogButtonBox(self)
        buttons.addButton(self.tr("Bắt đầu"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.tr("Hủy"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.kind_combo.currentIndexChanged.connect(self._update_title)
        self.year_spin.valueChanged.connect(self._update_title)
        self._update_title()

    @Slot()
    def _update_title(self) -> None:
        self.title_label.setText(default_title(self.kind_combo.currentData(), self.year_spin.value()))


class ReviewPage(QWidget):
    """Shows one round: progress n of N, and the businesses still to check (or those checked)."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self.round_combo = QComboBox(self)
        self.start_button = QPushButton(self.tr("Bắt đầu đợt rà soát…"), self)
        self.progress_bar = QProgressBar(self)
        self.progress_bar.setFormat(self.tr("%v / %m cơ sở đã rà soát"))
        self.summary_label = QLabel(self)
        self.view_combo = QComboBox(self)
        self.view_combo.addItem(self.tr("Cơ sở chưa rà soát"), False)
        self.view_combo.addItem(self.tr("Cơ sở đã rà soát"), True)
        self.note_edit = QLineEdit(self)
        self.note_edit.setPlaceholderText(self.tr("Ghi chú kết quả (không bắt buộc)"))
        self.outcome_buttons: dict[str, QPushButton] = {}
        self.model = BusinessTableModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.setColumnWidth(0, 220)
        keyboard_list(self.table)

        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Đợt rà soát:"), self))
        top.addWidget(self.round_combo, 1)
        top.addWidget(self.start_button)
        self.marks_row = QWidget(self)
        marks = QHBoxLayout(self.marks_row)
        marks.setContentsMargins(0, 0, 0, 0)
        marks.addWidget(QLabel(self.tr("Đánh dấu cơ sở đang chọn:"), self))
        for outcome, label in OUTCOMES.items():
            button = QPushButton(label, self)
            button.clicked.connect(lambda _checked=False, o=outcome: self.mark_selected(o))
            self.outcome_buttons[outcome] = button
            marks.addWidget(button)
        marks.addWidget(self.note_edit, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.progress_bar)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.view_combo)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.marks_row)
        self.summary_label.setWordWrap(True)
        self.summary_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)

        self.start_button.clicked.connect(self.start_round)
        self.round_combo.currentIndexChanged.connect(self.refresh)
        self.view_combo.currentIndexChanged.connect(self.refresh)

    def edit_controls(self) -> list[QWidget]:
        return [self.start_button, *self.outcome_buttons.values()]

    def reload(self) -> None:
        current = self.round_combo.currentData()
        self.round_combo.blockSignals(True)
        self.round_combo.clear()
        for rnd in self._services.reviews.rounds():
            suffix = self.tr(" (đã kết thúc)") if rnd.closed_on else ""
            self.round_combo.addItem(rnd.title + suffix, rnd.id)
        index = self.round_combo.findData(current)
        self.round_combo.setCurrentIndex(index if index >= 0 else 0)
        self.round_combo.blockSignals(False)
        self.refresh()

    @Slot()
    def refresh(self) -> None:
        round_id = self.round_combo.currentData()
        enabled = round_id is not None
        for button in self.outcome_buttons.values():
            button.setEnabled(enabled)
        # Without a round there is no progress to show: say so rather than "0 / 1 cơ sở đã rà soát".
        for widget in (self.progress_bar, self.view_combo, self.table, self.marks_row):
            widget.setVisible(enabled)
        if round_id is None:
            self.progress_bar.setRange(0, 1)
            self.progress_bar.setValue(0)
            text = self.tr("Chưa có đợt rà soát nào.")
            if not self.start_button.isHidden():
                text += " " + self.tr(
                    "Bấm <b>Bắt đầu đợt rà soát…</b> để mở đợt rà soát 6 tháng đầu năm hoặc cả năm; "
                    "các cơ sở trong sổ sẽ hiện ở đây để đánh dấu lần lượt."
                )
            self.summary_label.setText(text)
            self.model.set_rows([])
            return
        progress = self._services.reviews.progress(round_id)
        self.progress_bar.setRange(0, max(progress.total, 1))
        self.progress_bar.setValue(progress.checked)
        self.progress_bar.setFormat(
            self.tr("%v / %m cơ sở đã rà soát") if progress.total else self.tr("Đợt này không có cơ sở nào")
        )
        parts = [f"{OUTCOMES[o]}: {format_int(n)}" for o, n in progress.by_outcome.items() if o in OUTCOMES]
        self.summary_label.setText(
            self.tr("Đã rà soát {checked} / {total} cơ sở ({pct}%), còn {left}.").format(
                checked=format_int(progress.checked),
                total=format_int(progress.total),
                pct=str(progress.percent).replace(".", ","),
                left=format_int(progress.remaining),
            )
            + ("  " + " · ".join(parts) if parts else "")
        )
        show_checked = bool(self.view_combo.currentData())
        wanted = (
            set(self._services.reviews.marks(round_id))
            if show_checked
            else set(self._services.reviews.unchecked(round_id))
        )
        self.model.set_rows([r for r in self._services.businesses.rows() if r.id in wanted])

    @Slot()
    def start_round(self) -> None:
        dialog = StartRoundDialog(self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            round_id = self._services.reviews.start_round(
                dialog.kind_combo.currentData(), dialog.year_spin.value()
            )
        except DomainError as err:
            QMessageBox.warning(self, self.tr("Chưa bắt đầu được"), err.message)
            return
        self.reload()
        self.round_combo.setCurrentIndex(self.round_combo.findData(round_id))

    def mark_selected(self, outcome: str) -> None:
        round_id = self.round_combo.currentData()
        indexes = self.table.selectionModel().selectedRows()
        if round_id is None or not indexes:
            return
        ids = [int(index.data(ROW_ID_ROLE)) for index in indexes]
        try:
            self._services.reviews.mark(round_id, ids, outcome, self.note_edit.text())
        except DomainError as err:
            QMessageBox.warning(self, self.tr("Chưa ghi được"), err.message)
        self.note_edit.clear()
        row = indexes[0].row()
        self.refresh()
        if self.model.rowCount():
            self.table.selectRow(min(row, self.model.rowCount() - 1))
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
