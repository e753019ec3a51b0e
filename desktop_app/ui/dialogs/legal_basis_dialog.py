"""The legal-basis catalogue of penalties (decree – article – clause – point): list, add, change, retire."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.dates import format_date
from desktop_app.domain.errors import DomainError
from desktop_app.domain.inspections import LegalBasis, LegalBasisInput
from desktop_app.domain.text import format_vnd
from desktop_app.services.inspections import InspectionService
from desktop_app.ui.geometry import fit_window
from desktop_app.ui.i18n import QT_TRANSLATE_NOOP, error_text
from desktop_app.ui.widgets.forms import FieldErrors, form_row

COLUMNS = (
    QT_TRANSLATE_NOOP("LegalBasisDialog", "Nghị định"),
    QT_TRANSLATE_NOOP("LegalBasisDialog", "Điều"),
    QT_TRANSLATE_NOOP("LegalBasisDialog", "Khoản"),
    QT_TRANSLATE_NOOP("LegalBasisDialog", "Điểm"),
    QT_TRANSLATE_NOOP("LegalBasisDialog", "Nội dung"),
    QT_TRANSLATE_NOOP("LegalBasisDialog", "Dùng"),
    QT_TRANSLATE_NOOP("LegalBasisDialog", "Khung phạt (cá nhân)"),
    QT_TRANSLATE_NOOP("LegalBasisDialog", "Áp dụng"),
    QT_TRANSLATE_NOOP("LegalBasisDialog", "Nguồn"),
)


class LegalBasisDialog(QDialog):
    """Entries are never deleted (past penalties cite them): an entry no longer used is unticked «Dùng»."""

    def __init__(self, service: InspectionService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._service = service
        self._entries: list[LegalBasis] = []
        self._editing: int | None = None
        self.changed = False
        self.errors = FieldErrors()
        self.setWindowTitle(self.tr("Danh mục căn cứ xử phạt"))
        self.setModal(True)
        fit_window(self, QSize(760, 520))
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in COLUMNS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.decree_edit = QLineEdit(self)
        self.decree_edit.setPlaceholderText("282/2025/NĐ-CP")
        self.article_edit = QLineEdit(self)
        self.clause_edit = QLineEdit(self)
        self.point_edit = QLineEdit(self)
        self.text_edit = QLineEdit(self)
        self.text_edit.setPlaceholderText(self.tr("Tóm tắt hành vi vi phạm"))
        self.active_check = QCheckBox(self.tr("Đang dùng"), self)
        self.active_check.setChecked(True)
        self.new_button = QPushButton(self.tr("Căn cứ mới"), self)
        self.import_button = QPushButton(self.tr("Nhập danh mục cập nhật…"), self)
        self.import_button.setToolTip(
            self.tr("Tệp danh mục (.json) do cấp tỉnh gửi; quản trị viên. Tệp lỗi thì không thay đổi gì.")
        )
        self.save_button = QPushButton(self.tr("Lưu căn cứ"), self)
        ref = QWidget(self)
        ref_layout = QHBoxLayout(ref)
        ref_layout.setContentsMargins(0, 0, 0, 0)
        for label, edit in (
            (self.tr("Điều"), self.article_edit),
            (self.tr("Khoản"), self.clause_edit),
            (self.tr("Điểm"), self.point_edit),
        ):
            ref_layout.addWidget(QLabel(label, ref))
            edit.setMaximumWidth(70)
            ref_layout.addWidget(edit)
        ref_layout.addStretch(1)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form_row(form, self.errors, self.tr("Nghị định *"), "decree", self.decree_edit)
        form_row(form, self.errors, self.tr("Điều *"), "article", ref)
        form.addRow(self.tr("Nội dung"), self.text_edit)
        form.addRow("", self.active_check)
        edit_buttons = QHBoxLayout()
        edit_buttons.addWidget(self.new_button)
        edit_buttons.addWidget(self.save_button)
        edit_buttons.addStretch(1)
        edit_buttons.addWidget(self.import_button)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                self.tr(
                    "Hành vi và khung phạt (của cá nhân; tổ chức gấp đôi) theo danh mục {version}. Mục «chưa "
                    "kiểm chứng» chưa được đối chiếu với văn bản: kiểm tra lại trước khi ra quyết định."
                ).format(version=service.legal_catalogue_version() or "—"),
                self,
            )
        )
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addLayout(edit_buttons)
        layout.addWidget(buttons)
        self.table.itemSelectionChanged.connect(self._selected)
        self.new_button.clicked.connect(self.start_new)
        self.save_button.clicked.connect(self.save)
        self.import_button.clicked.connect(self.import_catalogue)
        self.reload()

    def reload(self) -> None:
        self._entries = self._service.legal_basis(include_inactive=True)
        self.table.setRowCount(len(self._entries))
        for row, entry in enumerate(self._entries):
            values = (
                entry.decree,
                entry.article,
                entry.clause,
                entry.point,
                entry.text,
                self.tr("có") if entry.active else self.tr("không"),
                self._range_text(entry),
                self._dates_text(entry),
                self._source_text(entry),
            )
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                if column == len(values) - 1:
                    item.setToolTip(entry.source)
                self.table.setItem(row, column, item)

    def _range_text(self, entry: LegalBasis) -> str:
        if entry.fine_min is None or entry.fine_max is None:
            return ""
        return f"{format_vnd(entry.fine_min)} – {format_vnd(entry.fine_max)}"

    def _dates_text(self, entry: LegalBasis) -> str:
        if entry.valid_from is None:
            return ""
        start = format_date(entry.valid_from)
        if entry.valid_to is None:
            return self.tr("từ {start}").format(start=start)
        return f"{start} – {format_date(entry.valid_to)}"

    def _source_text(self, entry: LegalBasis) -> str:
        if not entry.catalogue_version:
            return self.tr("nhập tay")
        if not entry.verified:
            return self.tr("chưa kiểm chứng")
        return self.tr("đã đối chiếu (danh mục {version})").format(version=entry.catalogue_version)

    @Slot()
    def _selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self._entries):
            return
        row = rows[0].row()
        entry = self._entries[row]
        self._editing = entry.id
        self.errors.clear()
        self.decree_edit.setText(entry.decree)
        self.article_edit.setText(entry.article)
        self.clause_edit.setText(entry.clause)
        self.point_edit.setText(entry.point)
        self.text_edit.setText(entry.text)
        self.active_check.setChecked(entry.active)

    @Slot()
    def import_catalogue(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Chọn tệp danh mục xử phạt"), "", self.tr("Danh mục (*.json)")
        )
        if not path:
            return
        try:
            counts = self._service.import_legal_catalogue(Path(path))
        except DomainError as err:
            QMessageBox.warning(self, self.tr("Chưa nhập được danh mục"), error_text(err))
            return
        self.changed = True
        self.reload()
        QMessageBox.information(
            self,
            self.tr("Đã nhập danh mục"),
            self.tr(
                "Danh mục phiên bản {version}: {added} hành vi mới, {updated} cập nhật, {retired} thôi áp "
                "dụng. Các quyết định đã ghi không bị sửa; xem «Rà soát xử phạt» nếu có."
            ).format(version=self._service.legal_catalogue_version(), **counts),
        )

    @Slot()
    def start_new(self) -> None:
        self.table.clearSelection()
        self._editing = None
        self.errors.clear()
        for edit in (self.article_edit, self.clause_edit, self.point_edit, self.text_edit):
            edit.clear()
        self.active_check.setChecked(True)
        self.article_edit.setFocus()

    @Slot()
    def save(self) -> None:
        entry = LegalBasisInput(
            self.decree_edit.text(),
            self.article_edit.text(),
            self.clause_edit.text(),
            self.point_edit.text(),
            self.text_edit.text(),
            self.active_check.isChecked(),
        )
        try:
            saved = self._service.save_legal_basis(entry, self._editing)
        except DomainError as err:
            self.errors.show(err)
            return
        self.errors.clear()
        self.changed = True
        self.reload()
        row = next((i for i, e in enumerate(self._entries) if e.id == saved), -1)
        self.table.selectRow(row)
