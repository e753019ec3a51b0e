"""Tệp → Sắp xếp địa bàn theo đơn vị hành chính mới…: a preview of each business's 2025 commune, the
clerk's choice where an old commune was split, then the move in one transaction (through the TaskRunner)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSize, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.dates import parse_date
from desktop_app.domain.errors import DomainError
from desktop_app.domain.office import REFORM_DATE
from desktop_app.domain.units import (
    MOVED,
    NEEDS_CHOICE,
    UNCHANGED,
    ConversionPreview,
    ConversionResult,
    ConversionRow,
)
from desktop_app.services.units import UnitsService
from desktop_app.ui.geometry import fit_window
from desktop_app.ui.i18n import QT_TRANSLATE_NOOP, error_text
from desktop_app.ui.tasks import TaskRunner, run_with_progress
from desktop_app.ui.widgets.forms import ERROR_STYLE, FieldErrors, date_edit, form_row

COLUMNS = (
    QT_TRANSLATE_NOOP("UnitsDialog", "Mã"),
    QT_TRANSLATE_NOOP("UnitsDialog", "Cơ sở"),
    QT_TRANSLATE_NOOP("UnitsDialog", "Địa chỉ"),
    QT_TRANSLATE_NOOP("UnitsDialog", "Xã, phường cũ"),
    QT_TRANSLATE_NOOP("UnitsDialog", "Việc"),
    QT_TRANSLATE_NOOP("UnitsDialog", "Xã, phường mới"),
)
NEW_COLUMN = COLUMNS.index("Xã, phường mới")
# domain.units.STATUS_LABELS, marked for translation here: the core has no Qt (a test keeps the two equal)
STATUS_TEXTS = {
    MOVED: QT_TRANSLATE_NOOP("UnitsDialog", "Chuyển"),
    UNCHANGED: QT_TRANSLATE_NOOP("UnitsDialog", "Giữ nguyên"),
    NEEDS_CHOICE: QT_TRANSLATE_NOOP("UnitsDialog", "Cần chọn"),
}


class UnitsDialog(QDialog):
    """Previews and runs the move of the register to the 2025 communes; `converted` after a move."""

    converted = Signal()

    def __init__(
        self, units: UnitsService, runner: TaskRunner, ui_state: Any = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._units = units
        self._runner = runner
        self.preview: ConversionPreview | None = None
        self.outcome: ConversionResult | None = None
        self.choice_boxes: dict[int, QComboBox] = {}
        self.setWindowTitle(self.tr("Sắp xếp địa bàn theo đơn vị hành chính mới"))
        intro = QLabel(
            self.tr(
                "Chuyển các cơ sở đang hoạt động từ xã, phường trước 1/7/2025 sang xã, phường, đặc khu theo "
                "danh mục 2025. Lịch sử được giữ: báo cáo các kỳ trước vẫn tính theo xã, phường cũ. Xã, "
                "phường bị chia: chọn xã, phường mới theo địa chỉ của từng cơ sở."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.effective = date_edit(self)
        self.effective.setText(REFORM_DATE.strftime("%d/%m/%Y"))
        self.preview_button = QPushButton(self.tr("&Xem trước"), self)
        self.errors = FieldErrors()
        form = QFormLayout()
        form_row(form, self.errors, self.tr("Ngày áp dụng:"), "effective_on", self.effective)
        self.only_choices = QCheckBox(self.tr("Chỉ hiện cơ sở &cần chọn"), self)
        top = QHBoxLayout()
        top.addLayout(form)
        top.addWidget(self.preview_button)
        top.addWidget(self.only_choices)
        top.addStretch(1)
        self.counts = QLabel(self)
        self.counts.setWordWrap(True)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in COLUMNS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.buttons = QDialogButtonBox(self)
        self.apply_button = self.buttons.addButton(
            self.tr("&Thực hiện"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        close = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.setText(self.tr("Đóng"))
        self.buttons.rejected.connect(self.reject)
        self.apply_button.clicked.connect(self.apply)
        self.apply_button.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(top)
        layout.addWidget(self.counts)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.preview_button.clicked.connect(self.load_preview)
        self.only_choices.toggled.connect(self._filter)
        fit_window(self, QSize(1000, 560), ui_state=ui_state, key="units")
        self.load_preview()

    # ---- Preview
    @Slot()
    def load_preview(self) -> None:
        """Read the date and compute the preview in the background."""
        self.errors.clear()
        self._say("")
        try:
            day = parse_date(self.effective.text(), "effective_on")
        except DomainError as err:
            self._say(self.errors.show(err), error=True)
            return
        effective = day or REFORM_DATE
        self.apply_button.setEnabled(False)
        run_with_progress(
            self._runner,
            self,
            self.tr("Đang xem trước…"),
            lambda _progress, _cancel: self._units.preview_conversion(effective_on=effective),
            self._show_preview,
            self._preview_failed,
        )

    def _show_preview(self, preview: ConversionPreview) -> None:
        self.preview = preview
        self.choice_boxes = {}
        self.table.setRowCount(len(preview.rows))
        for row_index, row in enumerate(preview.rows):
            cells = (
                str(row.business_id),
                row.business_name,
                row.address,
                row.old_commune,
                self.tr(STATUS_TEXTS[row.status]),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 0:
                    item.setData(Qt.ItemDataRole.UserRole, row.business_id)
                self.table.setItem(row_index, column, item)
            self._new_cell(row_index, row)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(NEW_COLUMN, QHeaderView.ResizeMode.Stretch)
        self._update_counts()
        self._filter()
        self.apply_button.setEnabled(bool(preview.rows) or bool(preview.ending))

    def _new_cell(self, row_index: int, row: ConversionRow) -> None:
        if row.status == NEEDS_CHOICE:
            box = QComboBox(self.table)
            box.addItem(self.tr("— chọn xã, phường mới —"), "")
            for candidate in row.candidates:
                box.addItem(f"{candidate.name} ({candidate.code})", candidate.code)
            box.setToolTip(row.reason)
            box.currentIndexChanged.connect(self._update_counts)
            self.choice_boxes[row.business_id] = box
            self.table.setItem(row_index, NEW_COLUMN, QTableWidgetItem(""))
            self.table.setCellWidget(row_index, NEW_COLUMN, box)
            return
        text = row.new.name if row.status == MOVED and row.new else self.tr("(giữ nguyên)")
        self.table.setItem(row_index, NEW_COLUMN, QTableWidgetItem(text))

    @Slot()
    def _update_counts(self) -> None:
        preview = self.preview
        if preview is None:
            return
        chosen = sum(1 for box in self.choice_boxes.values() if box.currentData())
        self.counts.setText(
            self.tr(
                "Chuyển: {moved} · Giữ nguyên: {unchanged} · Cần chọn: {needs} (đã chọn {chosen}) · "
                "Xã, phường cũ kết thúc: {ending}"
            ).format(
                moved=preview.moved,
                unchanged=preview.unchanged,
                needs=len(preview.needs_choice),
                chosen=chosen,
                ending=len(preview.ending),
            )
        )

    @Slot()
    def _filter(self) -> None:
        """«Chỉ hiện cơ sở cần chọn»: hide the rows that need no choice."""
        if self.preview is None:
            return
        only = self.only_choices.isChecked()
        for row_index, row in enumerate(self.preview.rows):
            self.table.setRowHidden(row_index, only and row.status != NEEDS_CHOICE)

    # ---- The move
    def choices(self) -> dict[int, str]:
        """The 2025 commune chosen for each business of a split commune (those chosen so far)."""
        boxes = self.choice_boxes.items()
        return {business_id: box.currentData() for business_id, box in boxes if box.currentData()}

    @Slot()
    def apply(self) -> None:
        preview = self.preview
        if preview is None:
            return
        choices = self.choices()
        self.apply_button.setEnabled(False)
        self._say("")
        run_with_progress(
            self._runner,
            self,
            self.tr("Đang sắp xếp địa bàn…"),
            lambda _progress, _cancel: self._units.apply_conversion(
                choices, preview.effective_on, expected=preview
            ),
            self._applied,
            self._failed,
        )

    def _applied(self, result: ConversionResult) -> None:
        self.outcome = result
        self.converted.emit()
        day = self.preview.effective_on.strftime("%d/%m/%Y") if self.preview else ""
        self.load_preview()  # what is left: a second run changes nothing
        self._say(
            self.tr(
                "Đã chuyển {moved} cơ sở sang xã, phường mới từ ngày {day}; thêm {added} xã, phường mới vào "
                "địa bàn; {ended} xã, phường cũ được giữ lại cho lịch sử và báo cáo các kỳ trước."
            ).format(moved=result.moved, day=day, added=result.communes_added, ended=result.communes_ended)
        )

    def _preview_failed(self, err: BaseException) -> None:
        """No preview, nothing to run (a date before 1/7/2025, …)."""
        self.preview = None
        self.choice_boxes = {}
        self.table.setRowCount(0)
        self.counts.clear()
        self._failed(err)

    def _failed(self, err: BaseException) -> None:
        self.apply_button.setEnabled(self.preview is not None)
        if isinstance(err, DomainError):
            self._say(error_text(err), error=True)
        else:
            unexpected = self.tr("Lỗi không mong đợi: chưa ghi gì. Hãy thử lại hoặc báo quản trị viên.")
            self._say(unexpected, error=True)

    def _say(self, text: str, error: bool = False) -> None:
        self.message.setStyleSheet(ERROR_STYLE if error else "color: #1b5e20;")
        self.message.setText(text)
