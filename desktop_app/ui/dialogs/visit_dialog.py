"""Record or correct an inspection visit: when and who, what was checked, the result and any penalty."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.businesses import BusinessRow
from desktop_app.domain.dates import format_date
from desktop_app.domain.errors import DomainError
from desktop_app.domain.inspections import (
    CHECK_LABELS,
    CHECKLIST,
    KIND_LABELS,
    RESULT_LABELS,
    RESULT_NONE,
    RESULT_PENALTY,
    RESULT_PLANNED,
    SCOPE_BUSINESSES,
    SCOPE_COMMUNES,
    InspectionRound,
    VisitInput,
)
from desktop_app.domain.legal import OFFENDER_LABELS, PENALTY_KIND_LABELS
from desktop_app.domain.text import format_int
from desktop_app.services.inspections import InspectionService
from desktop_app.ui.geometry import fit_window
from desktop_app.ui.widgets.business_picker import BusinessPicker
from desktop_app.ui.widgets.data_entry import EntryDialog, label_buddies, tab_chain
from desktop_app.ui.widgets.forms import FieldErrors, date_edit, form_row

EXTRA_MEASURES = (
    "Đình chỉ hoạt động có thời hạn",
    "Tước quyền sử dụng giấy phép có thời hạn",
    "Tịch thu tang vật, phương tiện vi phạm",
)


def _set_lines(edit: QPlainTextEdit, lines: Sequence[str] | str) -> None:
    edit.setPlainText(lines if isinstance(lines, str) else "\n".join(lines))


class VisitDialog(EntryDialog):
    """Three tabs (visit, checklist, result) so the form fits a 1366×768 screen; errors show by the field."""

    def __init__(
        self,
        service: InspectionService,
        rows: Sequence[BusinessRow],
        rounds: Sequence[InspectionRound],
        initial: VisitInput | None = None,
        visit_id: int | None = None,
        lock_business: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        fit_window(self)
        self._service = service
        self._rounds = {r.id: r for r in rounds}
        self.visit_id = visit_id
        self.saved_id: int | None = None
        self.errors = FieldErrors()
        self._follows_up_id = initial.follows_up_id if initial else None
        title = self.tr("Sửa lượt kiểm tra") if visit_id is not None else self.tr("Ghi lượt kiểm tra")
        if self._follows_up_id is not None and visit_id is None:
            title = self.tr("Ghi lượt hậu kiểm")
        self.setWindowTitle(title)
        self.setModal(True)
        self.setMinimumWidth(640)

        # ---- Visit
        self.picker = BusinessPicker(rows, self)
        self.round_combo = QComboBox(self)
        self.round_combo.addItem(self.tr("— Không thuộc đợt nào —"), None)
        for r in rounds:
            self.round_combo.addItem(f"{r.plan_number} — {r.team_name} ({r.period_text})", r.id)
        self.date_edit = date_edit(self)
        self.time_edit = QLineEdit(self)
        self.time_edit.setPlaceholderText(self.tr("giờ:phút, vd. 14:30"))
        self.time_edit.setMaxLength(10)
        self.kind_combo = QComboBox(self)
        for kind, label in KIND_LABELS.items():
            self.kind_combo.addItem(label, kind)
        self.members_edit = QPlainTextEdit(self)
        self.members_edit.setPlaceholderText(self.tr("Mỗi dòng một người: họ tên – chức vụ, đơn vị"))
        self.members_edit.setFixedHeight(64)
        self.members_edit.setTabChangesFocus(True)
        self.minutes_edit = QLineEdit(self)
        self.minutes_edit.setMaxLength(50)
        self.minutes_edit.setPlaceholderText(self.tr("vd. 03/BB-KT"))
        visit_page = QWidget(self)
        visit_form = QFormLayout()
        visit_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form_row(visit_form, self.errors, self.tr("Cơ sở *"), "business_id", self.picker)
        form_row(visit_form, self.errors, self.tr("Đợt kiểm tra"), "round_id", self.round_combo)
        form_row(visit_form, self.errors, self.tr("Ngày kiểm tra *"), "visit_date", self.date_edit)
        form_row(visit_form, self.errors, self.tr("Giờ"), "visit_time", self.time_edit)
        form_row(visit_form, self.errors, self.tr("Hình thức"), "kind", self.kind_combo)
        visit_form.addRow(self.tr("Thành viên có mặt"), self.members_edit)
        form_row(visit_form, self.errors, self.tr("Số biên bản"), "minutes_number", self.minutes_edit)
        visit_layout = QVBoxLayout(visit_page)
        visit_layout.addLayout(visit_form)
        visit_layout.addStretch(1)

        # ---- Checklist
        check_page = QWidget(self)
        grid = QGridLayout()
        self.check_combos: dict[str, QComboBox] = {}
        for row, (key, label) in enumerate(CHECKLIST.items()):
            combo = QComboBox(check_page)
            combo.setObjectName(f"check_{key}")
            combo.addItem(self.tr("Không kiểm tra"), "")
            for value, text in CHECK_LABELS.items():
                combo.addItem(text, value)
            grid.addWidget(QLabel(label, check_page), row, 0)
            grid.addWidget(combo, row, 1)
            self.check_combos[key] = combo
        grid.setColumnStretch(0, 1)
        self.findings_edit = QPlainTextEdit(check_page)
        self.findings_edit.setPlaceholderText(self.tr("Những điều phát hiện khi kiểm tra"))
        self.findings_edit.setTabChangesFocus(True)
        check_layout = QVBoxLayout(check_page)
        check_layout.addLayout(grid)
        check_layout.addWidget(self.errors.add("checklist", self.findings_edit, check_page))
        check_layout.addWidget(QLabel(self.tr("Kết quả phát hiện"), check_page))
        check_layout.addWidget(self.findings_edit)

        # ---- Result
        self.result_combo = QComboBox(self)
        for result, label in RESULT_LABELS.items():
            self.result_combo.addItem(label, result)
        self.related_check = QCheckBox(self.tr("Có liên quan đến hoạt động mại dâm"), self)
        self.decision_edit = QLineEdit(self)
        self.decision_edit.setMaxLength(50)
        self.decision_edit.setPlaceholderText(self.tr("vd. 15/QĐ-XPHC"))
        self.decision_date_edit = date_edit(self)
        self.legal_list = QListWidget(self)
        self.legal_list.setMinimumHeight(70)
        self.legal_list.setMaximumHeight(100)
        self.legal_list.setWordWrap(True)
        for basis in service.legal_basis():
            item = QListWidgetItem(basis.label, self.legal_list)
            item.setToolTip(basis.label)
            item.setData(Qt.ItemDataRole.UserRole, basis.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
        self.offender_combo = QComboBox(self)
        self.offender_combo.addItem(self.tr("Theo căn cứ (mua, bán dâm: cá nhân; còn lại: cơ sở)"), "")
        for kind, label in OFFENDER_LABELS.items():
            self.offender_combo.addItem(label, kind)
        self.kinds_list = QListWidget(self)
        self.kinds_list.setMaximumHeight(80)
        for kind, label in PENALTY_KIND_LABELS.items():
            item = QListWidgetItem(label, self.kinds_list)
            item.setData(Qt.ItemDataRole.UserRole, kind)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
        self.fine_edit = QLineEdit(self)
        self.fine_edit.setPlaceholderText(self.tr("số đồng, vd. 7.500.000"))
        self.measures_combo = QComboBox(self)
        self.measures_combo.setEditable(True)
        self.measures_combo.addItem("")
        self.measures_combo.addItems(EXTRA_MEASURES)
        self.follow_up_edit = date_edit(self)
        self.notes_edit = QLineEdit(self)
        result_page = QWidget(self)
        result_form = QFormLayout()
        result_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form_row(result_form, self.errors, self.tr("Kết quả *"), "result", self.result_combo)
        result_form.addRow("", self.related_check)
        self.penalty_box = QGroupBox(self.tr("Xử phạt vi phạm hành chính"), result_page)
        penalty_form = QFormLayout(self.penalty_box)
        penalty_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form_row(penalty_form, self.errors, self.tr("Số quyết định *"), "decision_number", self.decision_edit)
        form_row(
            penalty_form, self.errors, self.tr("Ngày quyết định *"), "decision_date", self.decision_date_edit
        )
        form_row(penalty_form, self.errors, self.tr("Căn cứ *"), "legal_basis_ids", self.legal_list)
        form_row(penalty_form, self.errors, self.tr("Người vi phạm"), "offender_kind", self.offender_combo)
        form_row(penalty_form, self.errors, self.tr("Hình thức xử phạt"), "penalty_kinds", self.kinds_list)
        form_row(penalty_form, self.errors, self.tr("Tiền phạt (đồng) *"), "fine_vnd", self.fine_edit)
        penalty_form.addRow(self.tr("Biện pháp bổ sung"), self.measures_combo)
        after_form = QFormLayout()
        after_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form_row(after_form, self.errors, self.tr("Hạn hậu kiểm"), "follow_up_due", self.follow_up_edit)
        after_form.addRow(self.tr("Ghi chú"), self.notes_edit)
        result_layout = QVBoxLayout(result_page)
        result_layout.addLayout(result_form)
        result_layout.addWidget(self.penalty_box)
        result_layout.addLayout(after_form)
        result_layout.addStretch(1)

        self.tabs = QTabWidget(self)
        self.tabs.addTab(visit_page, self.tr("Lượt kiểm tra"))
        self.tabs.addTab(check_page, self.tr("Nội dung kiểm tra"))
        self.tabs.addTab(result_page, self.tr("Kết quả, xử lý"))
        self.general_error = QLabel(self)
        self.general_error.setStyleSheet("color: #b71c1c;")
        self.general_error.setWordWrap(True)
        self.general_error.hide()
        buttons = QDialogButtonBox(self)
        self.save_button = buttons.addButton(self.tr("Lưu"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.tr("Hủy"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        if self._follows_up_id is not None:
            follows = service.visit(self._follows_up_id)
            layout.addWidget(
                QLabel(
                    self.tr("Hậu kiểm lượt kiểm tra ngày {day}: {result}").format(
                        day=format_date(follows.visit_date), result=follows.result_text
                    ),
                    self,
                )
            )
        layout.addWidget(self.tabs)
        layout.addWidget(self.general_error)
        layout.addWidget(buttons)

        self.round_combo.currentIndexChanged.connect(self._round_changed)
        self.result_combo.currentIndexChanged.connect(self._result_changed)
        self.fine_edit.editingFinished.connect(self._format_fine)
        self._fill(initial or VisitInput(None, format_date(date.today())), lock_business)
        fields: list[QWidget] = [
            self.picker.search_edit,
            self.picker.matches,
            self.round_combo,
            self.date_edit,
        ]
        tab_chain([*fields, self.time_edit, self.kind_combo, self.members_edit, self.minutes_edit])
        label_buddies(self)
        self.entry_keys(self.save, self.visit_input)

    # ---- Filling
    def _fill(self, data: VisitInput, lock_business: bool) -> None:
        self.picker.set_business(data.business_id, locked=lock_business and data.business_id is not None)
        self.round_combo.setCurrentIndex(max(self.round_combo.findData(data.round_id), 0))
        self._round_changed()
        day = data.visit_date
        self.date_edit.setText(format_date(day) if isinstance(day, date) else (day or ""))
        visit_time = data.visit_time
        self.time_edit.setText(
            visit_time.strftime("%H:%M") if visit_time is not None and not isinstance(visit_time, str) else ""
        )
        self.kind_combo.setCurrentIndex(max(self.kind_combo.findData(data.kind), 0))
        if data.members_present:
            _set_lines(self.members_edit, data.members_present)
        self.minutes_edit.setText(data.minutes_number)
        for key, combo in self.check_combos.items():
            combo.setCurrentIndex(max(combo.findData(data.checklist.get(key, "")), 0))
        self.findings_edit.setPlainText(data.findings)
        self.result_combo.setCurrentIndex(max(self.result_combo.findData(data.result), 0))
        self.related_check.setChecked(data.prostitution_related)
        self.decision_edit.setText(data.decision_number)
        decision_date = data.decision_date
        self.decision_date_edit.setText(
            format_date(decision_date) if isinstance(decision_date, date) else (decision_date or "")
        )
        chosen = set(data.legal_basis_ids)
        first_chosen = None
        for index in range(self.legal_list.count()):
            item = self.legal_list.item(index)
            checked = int(item.data(Qt.ItemDataRole.UserRole)) in chosen
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            if checked and first_chosen is None:
                first_chosen = item
        if first_chosen is not None:  # the act cited shows without scrolling
            self.legal_list.scrollToItem(first_chosen, QAbstractItemView.ScrollHint.PositionAtTop)
        self.offender_combo.setCurrentIndex(max(self.offender_combo.findData(data.offender_kind), 0))
        kinds = set(data.penalty_kinds)
        for index in range(self.kinds_list.count()):
            item = self.kinds_list.item(index)
            checked = str(item.data(Qt.ItemDataRole.UserRole)) in kinds
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        fine = data.fine_vnd
        self.fine_edit.setText(format_int(fine) if isinstance(fine, int) else (fine or ""))
        self.measures_combo.setCurrentText(data.extra_measures)
        due = data.follow_up_due
        self.follow_up_edit.setText(format_date(due) if isinstance(due, date) else (due or ""))
        self.notes_edit.setText(data.notes)
        self._result_changed()

    @Slot()
    def _round_changed(self) -> None:
        round_ = self._rounds.get(self.round_combo.currentData())
        if round_ is None:
            self.picker.restrict()
            return
        if round_.scope == SCOPE_COMMUNES:
            self.picker.restrict(communes=set(round_.commune_ids))
        elif round_.scope == SCOPE_BUSINESSES:
            self.picker.restrict(businesses=set(round_.business_ids))
        else:
            self.picker.restrict()
        if not self.members_edit.toPlainText().strip():
            _set_lines(self.members_edit, round_.members)

    @Slot()
    def _result_changed(self) -> None:
        result = self.result_combo.currentData()
        self.penalty_box.setEnabled(result == RESULT_PENALTY)
        self.related_check.setEnabled(result != RESULT_PLANNED)
        self.follow_up_edit.setEnabled(result != RESULT_PLANNED)

    @Slot()
    def _format_fine(self) -> None:
        text = self.fine_edit.text().strip()
        digits = text.replace(".", "").replace(",", "").replace(" ", "")
        if digits.isdigit():
            self.fine_edit.setText(format_int(int(digits)))

    # ---- Saving
    def visit_input(self) -> VisitInput:
        result = str(self.result_combo.currentData() or RESULT_NONE)
        penalty = result == RESULT_PENALTY
        legal_ids = [
            int(self.legal_list.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.legal_list.count())
            if self.legal_list.item(i).checkState() == Qt.CheckState.Checked
        ]
        return VisitInput(
            business_id=self.picker.business_id(),
            visit_date=self.date_edit.text(),
            kind=str(self.kind_combo.currentData()),
            round_id=self.round_combo.currentData(),
            visit_time=self.time_edit.text(),
            members_present=self.members_edit.toPlainText(),
            checklist={k: str(c.currentData()) for k, c in self.check_combos.items() if c.currentData()},
            findings=self.findings_edit.toPlainText(),
            minutes_number=self.minutes_edit.text(),
            result=result,
            prostitution_related=self.related_check.isChecked() and result != RESULT_PLANNED,
            decision_number=self.decision_edit.text() if penalty else "",
            decision_date=self.decision_date_edit.text() if penalty else None,
            legal_basis_ids=legal_ids if penalty else (),
            fine_vnd=self.fine_edit.text() if penalty else None,
            extra_measures=self.measures_combo.currentText() if penalty else "",
            follow_up_due=self.follow_up_edit.text() if result != RESULT_PLANNED else None,
            follows_up_id=self._follows_up_id,
            notes=self.notes_edit.text(),
            offender_kind=str(self.offender_combo.currentData() or "") if penalty else "",
            penalty_kinds=[
                str(self.kinds_list.item(i).data(Qt.ItemDataRole.UserRole))
                for i in range(self.kinds_list.count())
                if self.kinds_list.item(i).checkState() == Qt.CheckState.Checked
            ]
            if penalty
            else [],
        )

    @Slot()
    def save(self) -> None:
        self.general_error.hide()
        self.errors.clear()
        data = self.visit_input()
        try:
            if self.visit_id is None:
                self.saved_id = self._service.record_visit(data)
            else:
                self._service.update_visit(self.visit_id, data)
                self.saved_id = self.visit_id
        except DomainError as err:
            leftover = self.errors.show(err)
            self._show_tab_of_first_error()
            if leftover:
                self.general_error.setText(leftover)
                self.general_error.show()
            return
        self.accept()

    def _show_tab_of_first_error(self) -> None:
        pages = [self.tabs.widget(i) for i in range(self.tabs.count())]
        for index, page in enumerate(pages):
            assert page is not None
            for label in page.findChildren(QLabel):
                if label.objectName().startswith("error_") and not label.isHidden():
                    self.tabs.setCurrentIndex(index)
                    return
