"""Create or change an inspection round: plan, team, members, dates and scope."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.businesses import BusinessRow
from desktop_app.domain.dates import format_date
from desktop_app.domain.errors import DomainError
from desktop_app.domain.inspections import (
    LEVEL_COMMUNE,
    LEVEL_LABELS,
    SCOPE_ALL,
    SCOPE_BUSINESSES,
    SCOPE_COMMUNES,
    SCOPE_LABELS,
    InspectionRound,
    RoundInput,
)
from desktop_app.domain.office import Commune
from desktop_app.services.inspections import InspectionService
from desktop_app.ui.geometry import fit_window
from desktop_app.ui.widgets.business_picker import BusinessPicker
from desktop_app.ui.widgets.data_entry import EntryDialog, label_buddies
from desktop_app.ui.widgets.forms import FieldErrors, date_edit, form_row


class RoundDialog(EntryDialog):
    """A round (đợt kiểm tra); its scope is the whole territory, some communes, or a list of businesses."""

    def __init__(
        self,
        service: InspectionService,
        communes: Sequence[Commune],
        rows: Sequence[BusinessRow],
        existing: InspectionRound | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        fit_window(self)
        self._service = service
        self._names = {r.id: r.name for r in rows}
        self.round_id = existing.id if existing else None
        self.saved_id: int | None = None
        self.errors = FieldErrors()
        self.setWindowTitle(self.tr("Sửa đợt kiểm tra") if existing else self.tr("Thêm đợt kiểm tra"))
        self.setModal(True)
        self.setMinimumWidth(560)

        self.plan_edit = QLineEdit(self)
        self.plan_edit.setMaxLength(50)
        self.plan_edit.setPlaceholderText(self.tr("vd. 12/KH-UBND"))
        self.plan_date_edit = date_edit(self)
        self.team_edit = QLineEdit(self)
        self.team_edit.setPlaceholderText(self.tr("vd. Đội kiểm tra liên ngành 178 xã Chiềng Mung"))
        self.level_combo = QComboBox(self)
        for level, label in LEVEL_LABELS.items():
            self.level_combo.addItem(label, level)
        self.level_combo.setCurrentIndex(self.level_combo.findData(LEVEL_COMMUNE))
        # the decision that set up the team, printed in the inspection minutes (blank lines when not entered)
        self.decision_edit = QLineEdit(self)
        self.decision_edit.setMaxLength(50)
        self.decision_edit.setPlaceholderText(self.tr("vd. 12/QĐ-UBND"))
        self.decision_date_edit = date_edit(self)
        decision = QWidget(self)
        decision_layout = QHBoxLayout(decision)
        decision_layout.setContentsMargins(0, 0, 0, 0)
        decision_layout.addWidget(self.decision_edit)
        decision_layout.addWidget(QLabel(self.tr("ngày"), decision))
        decision_layout.addWidget(self.decision_date_edit)
        self.starts_edit = date_edit(self)
        self.ends_edit = date_edit(self)
        dates = QWidget(self)
        dates_layout = QHBoxLayout(dates)
        dates_layout.setContentsMargins(0, 0, 0, 0)
        dates_layout.addWidget(self.starts_edit)
        dates_layout.addWidget(QLabel(self.tr("đến"), dates))
        dates_layout.addWidget(self.ends_edit)
        self.members_edit = QPlainTextEdit(self)
        self.members_edit.setPlaceholderText(self.tr("Mỗi dòng một người: họ tên – chức vụ, đơn vị"))
        self.members_edit.setFixedHeight(70)
        self.notes_edit = QLineEdit(self)

        self.scope_buttons = QButtonGroup(self)
        scope_row = QHBoxLayout()
        self.scope_radios: dict[str, QRadioButton] = {}
        for scope, label in SCOPE_LABELS.items():
            radio = QRadioButton(label, self)
            self.scope_buttons.addButton(radio)
            self.scope_radios[scope] = radio
            scope_row.addWidget(radio)
        scope_row.addStretch(1)
        self.commune_list = QListWidget(self)
        for commune in communes:
            if not commune.active:
                continue
            item = QListWidgetItem(commune.name, self.commune_list)
            item.setData(Qt.ItemDataRole.UserRole, commune.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
        self.picker = BusinessPicker(rows, self)
        self.business_list = QListWidget(self)
        self.business_list.setMaximumHeight(90)
        self.remove_business_button = QPushButton(self.tr("Bỏ cơ sở đang chọn"), self)
        business_page = QWidget(self)
        business_layout = QVBoxLayout(business_page)
        business_layout.setContentsMargins(0, 0, 0, 0)
        business_layout.addWidget(self.picker)
        business_layout.addWidget(self.business_list)
        business_layout.addWidget(self.remove_business_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.scope_stack = QStackedWidget(self)
        self.scope_stack.addWidget(QLabel(self.tr("Mọi cơ sở trên địa bàn."), self))
        self.scope_stack.addWidget(self.commune_list)
        self.scope_stack.addWidget(business_page)
        self.scope_stack.setMaximumHeight(230)
        scope_box = QWidget(self)
        scope_layout = QVBoxLayout(scope_box)
        scope_layout.setContentsMargins(0, 0, 0, 0)
        scope_layout.addLayout(scope_row)
        scope_layout.addWidget(self.scope_stack)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form_row(form, self.errors, self.tr("Số kế hoạch *"), "plan_number", self.plan_edit)
        form_row(form, self.errors, self.tr("Ngày kế hoạch"), "plan_date", self.plan_date_edit)
        form_row(form, self.errors, self.tr("Đội kiểm tra *"), "team_name", self.team_edit)
        form_row(form, self.errors, self.tr("Cấp"), "team_level", self.level_combo)
        form_row(form, self.errors, self.tr("QĐ thành lập đội"), "decision_number", decision)
        form.addRow("", self.errors.add("decision_date", self.decision_date_edit, self))
        form_row(form, self.errors, self.tr("Thời gian *"), "starts_on", dates)
        dates_error = self.errors.add("ends_on", self.ends_edit, self)
        form.addRow("", dates_error)
        form.addRow(self.tr("Thành viên"), self.members_edit)
        form_row(form, self.errors, self.tr("Phạm vi"), "scope", scope_box)
        form.addRow(self.tr("Ghi chú"), self.notes_edit)
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
        layout.addLayout(form)
        layout.addWidget(self.general_error)
        layout.addWidget(buttons)

        self.scope_buttons.buttonToggled.connect(self._scope_changed)
        self.picker.chosen.connect(self._add_business)
        self.remove_business_button.clicked.connect(self._remove_business)
        self._fill(existing)
        label_buddies(self)
        self.entry_keys(self.save, self.round_input)

    def _fill(self, existing: InspectionRound | None) -> None:
        scope = existing.scope if existing else SCOPE_ALL
        self.scope_radios[scope].setChecked(True)
        self._scope_changed()
        if existing is None:
            return
        self.plan_edit.setText(existing.plan_number)
        self.plan_date_edit.setText(format_date(existing.plan_date))
        self.team_edit.setText(existing.team_name)
        self.level_combo.setCurrentIndex(max(self.level_combo.findData(existing.team_level), 0))
        self.decision_edit.setText(existing.decision_number)
        self.decision_date_edit.setText(format_date(existing.decision_date))
        self.starts_edit.setText(format_date(existing.starts_on))
        self.ends_edit.setText(format_date(existing.ends_on))
        self.members_edit.setPlainText("\n".join(existing.members))
        self.notes_edit.setText(existing.notes)
        for index in range(self.commune_list.count()):
            item = self.commune_list.item(index)
            if int(item.data(Qt.ItemDataRole.UserRole)) in existing.commune_ids:
                item.setCheckState(Qt.CheckState.Checked)
        for business_id in existing.business_ids:
            self._add_business(business_id)

    def scope(self) -> str:
        return next((s for s, radio in self.scope_radios.items() if radio.isChecked()), SCOPE_ALL)

    @Slot()
    def _scope_changed(self) -> None:
        self.scope_stack.setCurrentIndex(list(SCOPE_LABELS).index(self.scope()))

    @Slot(int)
    def _add_business(self, business_id: int) -> None:
        if business_id in self._business_ids():
            return
        item = QListWidgetItem(self._names.get(business_id, str(business_id)), self.business_list)
        item.setData(Qt.ItemDataRole.UserRole, business_id)

    @Slot()
    def _remove_business(self) -> None:
        row = self.business_list.currentRow()
        if row >= 0:
            self.business_list.takeItem(row)

    def _business_ids(self) -> list[int]:
        return [
            int(self.business_list.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.business_list.count())
        ]

    def round_input(self) -> RoundInput:
        communes = [
            int(self.commune_list.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.commune_list.count())
            if self.commune_list.item(i).checkState() == Qt.CheckState.Checked
        ]
        return RoundInput(
            plan_number=self.plan_edit.text(),
            plan_date=self.plan_date_edit.text(),
            team_name=self.team_edit.text(),
            team_level=str(self.level_combo.currentData()),
            starts_on=self.starts_edit.text(),
            ends_on=self.ends_edit.text(),
            members=self.members_edit.toPlainText(),
            scope=self.scope(),
            commune_ids=communes if self.scope() == SCOPE_COMMUNES else (),
            business_ids=self._business_ids() if self.scope() == SCOPE_BUSINESSES else (),
            notes=self.notes_edit.text(),
            decision_number=self.decision_edit.text(),
            decision_date=self.decision_date_edit.text(),
        )

    @Slot()
    def save(self) -> None:
        self.general_error.hide()
        data = self.round_input()
        try:
            if self.round_id is None:
                self.saved_id = self._service.create_round(data)
            else:
                self._service.update_round(self.round_id, data)
                self.saved_id = self.round_id
        except DomainError as err:
            leftover = self.errors.show(err)
            if leftover:
                self.general_error.setText(leftover)
                self.general_error.show()
            return
        self.accept()
