"""Import wizard for every list (businesses, commitments, visits, cases, activities, and the status changes,
employees, services, follow-ups, hot-spots and healthy communes): file and sheet, column mapping, row-by-row
preview, import."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, QSize, Qt, Slot
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.errors import DomainError
from desktop_app.domain.text import format_int
from desktop_app.imports.columns import IGNORE, RegisterSpec, header_key
from desktop_app.imports.outcomes import ImportPreview, ImportRow
from desktop_app.services import registers
from desktop_app.services.import_writing import ListTransfer
from desktop_app.ui.geometry import fit_window
from desktop_app.ui.i18n import error_text
from desktop_app.ui.registers import register_view, translated
from desktop_app.ui.settings import UiState
from desktop_app.ui.tasks import TaskRunner, run_with_progress

OUTCOME_LABELS = {
    "ok": "Sẽ nhập",
    "warning": "Nhập, có cảnh báo",
    "error": "Lỗi, không nhập",
    "duplicate": "Trùng, không nhập",
    "ignored": "Bỏ qua",
}
OUTCOME_COLORS = {"warning": "#e65100", "error": "#b71c1c", "duplicate": "#6a1b9a", "ignored": "#9e9e9e"}
Index = QModelIndex | QPersistentModelIndex


class PreviewModel(QAbstractTableModel):
    """The preview rows, optionally filtered on one outcome."""

    HEADERS = ("Dòng", "Kết quả", "Tên cơ sở", "Lý do / ghi chú")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._all: list[ImportRow] = []
        self._rows: list[ImportRow] = []
        self._outcome: str | None = None
        self._name_column: int | None = None

    def set_preview(self, preview: ImportPreview | None, outcome: str | None) -> None:
        self.beginResetModel()
        self._all = preview.rows if preview else []
        self._outcome = outcome
        self._rows = [r for r in self._all if outcome is None or r.outcome == outcome]
        mapping = preview.header.mapping if preview else {}
        self._name_column = next((c for c, f in mapping.items() if f == "name"), None)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if index.column() == 0:
                return row.row
            if index.column() == 1:
                return OUTCOME_LABELS.get(row.outcome, row.outcome)
            if index.column() == 2:
                if row.record is not None:
                    return row.record.name
                column = self._name_column
                value = row.original[column] if column is not None and column < len(row.original) else None
                return "" if value is None else str(value)
            return row.reason
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 1 and row.outcome in OUTCOME_COLORS:
            return QColor(OUTCOME_COLORS[row.outcome])
        return None


class ImportDialog(QDialog):
    """Walks the clerk from a file to imported businesses; nothing is written before «Nhập»."""

    def __init__(
        self,
        transfer: ListTransfer,
        runner: TaskRunner,
        ui_state: UiState,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._transfer = transfer
        self._spec: RegisterSpec = transfer.spec
        self._register = self._spec.name
        view = register_view(self._register)
        title, self._noun = translated(view.import_title), translated(view.noun)
        self._template_name = registers.register(self._register).template_file
        self._runner = runner
        self._ui_state = ui_state
        self.preview: ImportPreview | None = None
        self.imported = 0
        self.setWindowTitle(title)

        self.file_edit = QLineEdit(self)
        self.file_edit.setPlaceholderText(self.tr("Tệp .xlsx, .xls hoặc .csv"))
        self.browse_button = QPushButton(self.tr("Chọn tệp…"), self)
        self.template_button = QPushButton(self.tr("Tải tệp mẫu…"), self)
        self.sheet_combo = QComboBox(self)
        self.sheet_combo.setMinimumWidth(160)
        self.read_button = QPushButton(self.tr("Đọc tệp"), self)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Tệp:"), self))
        top.addWidget(self.file_edit, 1)
        top.addWidget(self.browse_button)
        top.addWidget(QLabel(self.tr("Trang:"), self))
        top.addWidget(self.sheet_combo)
        top.addWidget(self.read_button)
        top.addWidget(self.template_button)

        self.mapping_table = QTableWidget(0, 2, self)
        self.mapping_table.setHorizontalHeaderLabels([self.tr("Cột trong tệp"), self.tr("Là thông tin")])
        self.mapping_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.mapping_table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.mapping_table.verticalHeader().hide()
        self.apply_mapping_button = QPushButton(self.tr("Áp dụng cách ghép cột"), self)
        mapping_box = QGroupBox(self.tr("Ghép cột (nhớ cho lần sau)"), self)
        mapping_layout = QVBoxLayout(mapping_box)
        mapping_layout.addWidget(self.mapping_table, 1)
        mapping_layout.addWidget(self.apply_mapping_button)

        self.filter_combo = QComboBox(self)
        self.filter_combo.addItem(self.tr("Mọi dòng"), None)
        for outcome, label in OUTCOME_LABELS.items():
            self.filter_combo.addItem(label, outcome)
        self.summary_label = QLabel(self)
        self.summary_label.setWordWrap(True)
        self.model = PreviewModel(self)
        self.preview_table = QTableView(self)
        self.preview_table.setModel(self.model)
        self.preview_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.preview_table.horizontalHeader().setStretchLastSection(True)
        self.preview_table.verticalHeader().hide()
        self.preview_table.setColumnWidth(0, 55)
        self.preview_table.setColumnWidth(1, 140)
        self.preview_table.setColumnWidth(2, 220)
        preview_box = QGroupBox(self.tr("Xem trước từng dòng"), self)
        preview_layout = QVBoxLayout(preview_box)
        filter_row = QHBoxLayout()
        filter_row.addWidget(QLabel(self.tr("Hiện:"), self))
        filter_row.addWidget(self.filter_combo)
        filter_row.addWidget(self.summary_label, 1)
        preview_layout.addLayout(filter_row)
        preview_layout.addWidget(self.preview_table, 1)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(mapping_box)
        splitter.addWidget(preview_box)
        splitter.setSizes([330, 720])

        self.error_label = QLabel(self)
        self.error_label.setStyleSheet("color: #b71c1c;")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self.rejected_button = QPushButton(self.tr("Lưu các dòng chưa nhập…"), self)
        self.import_button = QPushButton(self.tr("Nhập"), self)
        self.import_button.setDefault(True)
        self.close_button = QPushButton(self.tr("Đóng"), self)
        buttons = QHBoxLayout()
        buttons.addWidget(self.rejected_button)
        buttons.addStretch(1)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.error_label)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)
        fit_window(self, QSize(1100, 640), ui_state=ui_state, key="import")

        self.browse_button.clicked.connect(self._browse)
        self.template_button.clicked.connect(self._save_template)
        self.read_button.clicked.connect(
            lambda: self.load(self.file_edit.text(), self.sheet_combo.currentText() or None)
        )
        self.sheet_combo.activated.connect(
            lambda _i: self.load(self.file_edit.text(), self.sheet_combo.currentText())
        )
        self.apply_mapping_button.clicked.connect(self._apply_mapping)
        self.filter_combo.currentIndexChanged.connect(self._refresh_preview)
        self.rejected_button.clicked.connect(self._save_rejected)
        # A list with identities: the rows left out are not written to another (unprotected) file.
        # lists about support cases: rows left out are fixed in the original file, never copied to another
        self.rejected_button.setVisible(self._register not in ("cases", "case-services", "follow-ups"))
        self.import_button.clicked.connect(self._import)
        self.close_button.clicked.connect(self.accept)
        self._update_buttons()

    # ---- Reading
    @Slot()
    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Chọn danh sách cần nhập"), "", self.tr("Bảng tính (*.xlsx *.xls *.csv)")
        )
        if path:
            self.file_edit.setText(path)
            self.load(path, None)

    def load(self, path: str, sheet: str | None, mapping: dict[int, str] | None = None) -> None:
        """Read and check the file off the GUI thread, then show the mapping and the preview."""
        if not path.strip():
            self._show_error(self.tr("Chọn tệp cần nhập."))
            return
        learned = self._ui_state.import_mapping(self._register)

        transfer = self._transfer

        def job(_progress: Any, _cancel: Any) -> ImportPreview:
            return transfer.preview(path, sheet, mapping, learned)

        run_with_progress(self._runner, self, self.tr("Đang đọc tệp…"), job, self._show_preview, self._failed)

    def _show_preview(self, preview: ImportPreview) -> None:
        self.preview = preview
        self._show_error(None)
        self.sheet_combo.blockSignals(True)
        self.sheet_combo.clear()
        self.sheet_combo.addItems(preview.sheets)
        self.sheet_combo.setCurrentText(preview.sheet)
        self.sheet_combo.blockSignals(False)
        self._fill_mapping(preview)
        self._refresh_preview()

    def _fill_mapping(self, preview: ImportPreview) -> None:
        headers = preview.header.headers
        self.mapping_table.setRowCount(0)
        for column, text in enumerate(headers):
            if not text.strip():
                continue
            row = self.mapping_table.rowCount()
            self.mapping_table.insertRow(row)
            item = QTableWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, column)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.mapping_table.setItem(row, 0, item)
            combo = QComboBox(self.mapping_table)
            combo.addItem(self.tr("(bỏ qua)"), IGNORE)
            for spec in self._spec.columns:
                if spec.field != IGNORE:
                    combo.addItem(spec.header + (" *" if spec.required else ""), spec.field)
            combo.setCurrentIndex(max(combo.findData(preview.header.mapping.get(column, IGNORE)), 0))
            self.mapping_table.setCellWidget(row, 1, combo)

    def mapping(self) -> dict[int, str]:
        result: dict[int, str] = {}
        for row in range(self.mapping_table.rowCount()):
            item = self.mapping_table.item(row, 0)
            combo = self.mapping_table.cellWidget(row, 1)
            if item is not None and isinstance(combo, QComboBox):
                result[int(item.data(Qt.ItemDataRole.UserRole))] = str(combo.currentData())
        return result

    @Slot()
    def _apply_mapping(self) -> None:
        if self.preview is None:
            return
        mapping = self.mapping()
        learned = self._ui_state.import_mapping(self._register)
        for column, field in mapping.items():
            learned[header_key(self.preview.header.headers[column])] = field
        self._ui_state.set_import_mapping(self._register, learned)
        self.load(self.preview.file, self.preview.sheet, mapping)

    @Slot()
    def _refresh_preview(self) -> None:
        preview = self.preview
        self.model.set_preview(preview, self.filter_combo.currentData())
        if preview is not None:
            self.summary_label.setText(
                self.tr(
                    "Đọc {read} dòng: {ok} sẽ nhập, {warning} có cảnh báo, {error} lỗi, {duplicate} trùng."
                ).format(
                    read=format_int(preview.rows_read),
                    ok=format_int(preview.count("ok")),
                    warning=format_int(preview.count("warning")),
                    error=format_int(preview.count("error")),
                    duplicate=format_int(preview.count("duplicate")),
                )
            )
        self._update_buttons()

    def _update_buttons(self) -> None:
        importable = len(self.preview.importable) if self.preview else 0
        self.import_button.setText(
            self.tr("Nhập {n} {noun}").format(n=format_int(importable), noun=self._noun)
        )
        self.import_button.setEnabled(importable > 0)
        rejected = (self.preview.count("error") + self.preview.count("duplicate")) if self.preview else 0
        self.rejected_button.setEnabled(rejected > 0)
        self.apply_mapping_button.setEnabled(self.preview is not None)

    # ---- Writing
    @Slot()
    def _import(self) -> None:
        preview = self.preview
        if preview is None or not preview.importable:
            return

        transfer = self._transfer

        def job(progress: Any, cancel: Any) -> int:
            return transfer.commit(preview, progress, cancel)

        def done(count: int) -> None:
            self.imported += count
            self.preview = None
            self.model.set_preview(None, None)
            self.summary_label.setText(
                self.tr("Đã nhập {n} {noun} từ «{file}».").format(
                    n=format_int(count), noun=self._noun, file=Path(preview.file).name
                )
            )
            self._update_buttons()

        def cancelled() -> None:
            self._show_error(self.tr("Đã hủy: chưa có dòng nào được nhập, dữ liệu giữ nguyên."))

        run_with_progress(
            self._runner, self, self.tr("Đang nhập danh sách…"), job, done, self._failed, cancelled
        )

    @Slot()
    def _save_rejected(self) -> None:
        if self.preview is None:
            return
        suggested = str(Path(self.preview.file).with_name(Path(self.preview.file).stem + "-chua-nhap.xlsx"))
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Lưu các dòng chưa nhập"), suggested, "Excel (*.xlsx)"
        )
        if not path:
            return
        try:
            count = self._transfer.save_rejected(self.preview, path)
        except DomainError as err:
            self._show_error(error_text(err))
            return
        QMessageBox.information(
            self,
            self.tr("Đã lưu"),
            self.tr("Đã lưu {n} dòng chưa nhập, kèm cột lý do. Sửa rồi nhập lại tệp này.").format(n=count),
        )

    @Slot()
    def _save_template(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Lưu tệp mẫu"), self._template_name, "Excel (*.xlsx)"
        )
        if not path:
            return
        try:
            self._transfer.write_template(path)
        except DomainError as err:
            self._show_error(error_text(err))

    def _failed(self, err: BaseException) -> None:
        if isinstance(err, DomainError):
            self._show_error(error_text(err))
        else:
            self._show_error(self.tr("Lỗi không mong đợi khi đọc hoặc ghi dữ liệu; danh sách giữ nguyên."))

    def _show_error(self, text: str | None) -> None:
        self.error_label.setVisible(bool(text))
        self.error_label.setText(text or "")
