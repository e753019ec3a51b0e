"""Commitments page: coverage per commune on a date, the businesses behind each number, signing, printing."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QDate, QModelIndex, Qt, Signal, Slot
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.businesses import BusinessRow, RegisterFilter
from desktop_app.domain.commitments import (
    EXPIRING_DAYS,
    RULE_LABELS,
    RULE_MONTHS,
    STATE_COVERED,
    STATE_EXPIRED,
    STATE_EXPIRING,
    STATE_LABELS,
    STATE_NEVER,
    Coverage,
    CoverageLine,
    ValidityRule,
)
from desktop_app.domain.errors import DomainError
from desktop_app.domain.text import format_int
from desktop_app.services.app_services import Services
from desktop_app.ui.dialogs.commitment_dialog import BusinessCommitmentsDialog, RecordCommitmentDialog
from desktop_app.ui.geometry import fit_window
from desktop_app.ui.i18n import QT_TRANSLATE_NOOP, error_text
from desktop_app.ui.list_actions import export_list, import_list
from desktop_app.ui.models.business_table import (
    DEFAULT_ORDER,
    REGISTER_COLUMNS,
    ROW_ID_ROLE,
    BusinessTableModel,
)
from desktop_app.ui.settings import UiState
from desktop_app.ui.tasks import SaveOptions, TaskRunner, save_with_progress
from desktop_app.ui.widgets.table_columns import TableColumns
from desktop_app.ui.widgets.tables import fit_columns, keyboard_list, two_lines

# Coverage table columns: (title, the business group the number stands for). Titles and tips are marked for
# translation; {days} is put in after it (EXPIRING_DAYS).
COVERAGE_COLUMNS: tuple[tuple[str, str | None], ...] = (
    (QT_TRANSLATE_NOOP("CommitmentPage", "Xã, phường"), None),
    (QT_TRANSLATE_NOOP("CommitmentPage", "Đang hoạt động"), "any"),
    # "Còn hiệu lực" alone reads as every valid commitment: both parts and their sum say what they count.
    (QT_TRANSLATE_NOOP("CommitmentPage", "Còn hiệu lực trên {days} ngày"), STATE_COVERED),
    (QT_TRANSLATE_NOOP("CommitmentPage", "Sắp hết hạn (≤ {days} ngày)"), STATE_EXPIRING),
    (QT_TRANSLATE_NOOP("CommitmentPage", "Đã hết hạn"), STATE_EXPIRED),
    (QT_TRANSLATE_NOOP("CommitmentPage", "Chưa ký"), STATE_NEVER),
    (QT_TRANSLATE_NOOP("CommitmentPage", "Chưa có cam kết hiệu lực"), "missing"),
    (QT_TRANSLATE_NOOP("CommitmentPage", "Tổng còn hiệu lực (tỷ lệ)"), "valid"),
)
GROUP_LABELS = {
    "any": "Cơ sở đang hoạt động",
    "valid": "Có cam kết còn hiệu lực",
    "missing": "Chưa có cam kết còn hiệu lực",
    **STATE_LABELS,
    STATE_COVERED: f"Còn hiệu lực trên {EXPIRING_DAYS} ngày",
}
COVERAGE_TIPS = {
    STATE_COVERED: QT_TRANSLATE_NOOP(
        "CommitmentPage", "Cam kết còn hiệu lực, chưa hết hạn trong {days} ngày tới"
    ),
    STATE_EXPIRING: QT_TRANSLATE_NOOP(
        "CommitmentPage", "Cam kết còn hiệu lực nhưng hết hạn trong {days} ngày tới: cần ký lại"
    ),
    "valid": QT_TRANSLATE_NOOP(
        "CommitmentPage",
        "Mọi cơ sở có cam kết còn hiệu lực (kể cả sắp hết hạn) và tỷ lệ so với chỉ tiêu 100 %",
    ),
}
TARGET_PCT = 100.0


def qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class ValidityRuleDialog(QDialog):
    """The office's default validity of a commitment."""

    def __init__(self, rule: ValidityRule, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        fit_window(self)
        self.setWindowTitle(self.tr("Thời hạn mặc định của cam kết"))
        self.kind_combo = QComboBox(self)
        for kind, label in RULE_LABELS.items():
            self.kind_combo.addItem(label, kind)
        self.kind_combo.setCurrentIndex(max(self.kind_combo.findData(rule.kind), 0))
        self.months_spin = QSpinBox(self)
        self.months_spin.setRange(1, 120)
        self.months_spin.setValue(rule.months)
        self.months_spin.setSuffix(self.tr(" tháng"))
        form = QFormLayout()
        form.addRow(self.tr("Hiệu lực"), self.kind_combo)
        form.addRow(self.tr("Số tháng"), self.months_spin)
        buttons = QDialogButtonBox(self)
        buttons.addButton(self.tr("Lưu"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.tr("Hủy"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(self.tr("Áp dụng khi ghi nhận lần ký mới mà không nhập ngày hết hiệu lực."), self)
        )
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.kind_combo.currentIndexChanged.connect(self._toggle)
        self._toggle()

    @Slot()
    def _toggle(self) -> None:
        self.months_spin.setEnabled(self.kind_combo.currentData() == RULE_MONTHS)

    def rule(self) -> ValidityRule:
        return ValidityRule(str(self.kind_combo.currentData()), self.months_spin.value())


class PrintFormsDialog(QDialog):
    """Which businesses get a pre-filled form, and the date written on it."""

    def __init__(
        self, selected: int, shown: int, missing: int, day: date, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        fit_window(self)
        self.setWindowTitle(self.tr("In bản cam kết để ký"))
        self.selected_radio = QRadioButton(
            self.tr("Các cơ sở đang chọn ({n})").format(n=format_int(selected))
        )
        self.shown_radio = QRadioButton(self.tr("Cả danh sách đang hiện ({n})").format(n=format_int(shown)))
        self.missing_radio = QRadioButton(
            self.tr("Mọi cơ sở chưa có cam kết còn hiệu lực ngày {day} ({n})").format(
                day=day.strftime("%d/%m/%Y"), n=format_int(missing)
            )
        )
        group = QButtonGroup(self)
        for radio, count in (
            (self.selected_radio, selected),
            (self.shown_radio, shown),
            (self.missing_radio, missing),
        ):
            group.addButton(radio)
            radio.setEnabled(count > 0)
        first = next(
            (r for r in (self.selected_radio, self.missing_radio, self.shown_radio) if r.isEnabled()), None
        )
        if first is not None:
            first.setChecked(True)
        self.date_edit = QDateEdit(qdate(date.today()), self)
        self.date_edit.setDisplayFormat("dd/MM/yyyy")
        self.date_edit.setCalendarPopup(True)
        form = QFormLayout()
        form.addRow(self.tr("Ngày ghi trên bản cam kết"), self.date_edit)
        buttons = QDialogButtonBox(self)
        self.ok_button = buttons.addButton(self.tr("Tạo tệp PDF…"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setEnabled(first is not None)
        buttons.addButton(self.tr("Hủy"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Mỗi cơ sở một bản cam kết điền sẵn, trong một tệp PDF:"), self))
        for radio in (self.selected_radio, self.shown_radio, self.missing_radio):
            layout.addWidget(radio)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def choice(self) -> str:
        if self.selected_radio.isChecked():
            return "selected"
        return "shown" if self.shown_radio.isChecked() else "missing"

    def form_date(self) -> date:
        return pydate(self.date_edit.date())


class CommitmentPage(QWidget):
    """Coverage on a date, per commune and overall, against the 100 % target; numbers open their lists."""

    commitments_changed = Signal()

    def __init__(
        self,
        services: Services,
        runner: TaskRunner | None = None,
        ui_state: UiState | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._runner = runner or TaskRunner(self)
        self._ui_state = ui_state or UiState()
        self.coverage: Coverage | None = None
        self.last_print: str | None = None
        self.last_export: str | None = None
        self._group: tuple[int | None, str] = (None, "missing")
        self._loaded = False
        self._refreshes = 0
        self._computing = False  # the coverage is being computed in the background

        self.day_edit = QDateEdit(qdate(date.today()), self)
        self.day_edit.setDisplayFormat("dd/MM/yyyy")
        self.day_edit.setCalendarPopup(True)
        self.rule_label = QLabel(self)
        self.rule_button = QPushButton(self.tr("Đổi thời hạn…"), self)
        self.record_button = QPushButton(self.tr("Ghi nhận ký cam kết…"), self)
        self.open_button = QPushButton(self.tr("Cam kết của cơ sở…"), self)
        self.print_button = QPushButton(self.tr("In bản cam kết…"), self)
        self.import_button = QPushButton(self.tr("Nhập từ Excel…"), self)
        self.import_button.setToolTip(self.tr("Nhập danh sách cam kết đã ký từ tệp .xlsx, .xls hoặc .csv"))
        self.export_button = QPushButton(self.tr("Xuất Excel…"), self)
        self.export_button.setToolTip(self.tr("Xuất danh sách các lần ký cam kết ra tệp Excel"))
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Tình hình ngày"), self))
        top.addWidget(self.day_edit)
        top.addSpacing(12)
        top.addWidget(self.rule_label)
        top.addWidget(self.rule_button)
        top.addStretch(1)
        for button in (self.import_button, self.export_button):
            top.addWidget(button)
        actions = QHBoxLayout()
        for button in (self.record_button, self.open_button, self.print_button):
            actions.addWidget(button)
        actions.addStretch(1)

        self.coverage_table = QTableWidget(0, len(COVERAGE_COLUMNS), self)
        self.coverage_table.setHorizontalHeaderLabels(
            [two_lines(self.tr(title).format(days=EXPIRING_DAYS)) for title, _ in COVERAGE_COLUMNS]
        )
        for column, (_, group) in enumerate(COVERAGE_COLUMNS):
            header_item = self.coverage_table.horizontalHeaderItem(column)
            if group in COVERAGE_TIPS and header_item is not None:
                header_item.setToolTip(self.tr(COVERAGE_TIPS[group]).format(days=EXPIRING_DAYS))
        self.coverage_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.coverage_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.coverage_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.coverage_table.verticalHeader().setVisible(False)
        self.coverage_table.verticalHeader().setDefaultSectionSize(22)
        fit_columns(self.coverage_table)
        self.coverage_table.setToolTip(self.tr("Bấm vào một con số để xem danh sách cơ sở"))

        self.list_label = QLabel(self)
        self.list_label.setObjectName("list_label")
        self.model = BusinessTableModel(self)
        self.list_view = QTableView(self)
        self.list_view.setModel(self.model)
        self.list_view.setSortingEnabled(True)
        self.list_view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.list_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.list_view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list_view.setAlternatingRowColors(True)
        self.list_view.setWordWrap(False)
        self.list_view.verticalHeader().setDefaultSectionSize(22)
        self.list_columns = TableColumns(
            self.list_view,
            REGISTER_COLUMNS,
            self.model.column_samples,
            self._ui_state,
            "commitment_list",
            DEFAULT_ORDER,
        )
        keyboard_list(self.list_view)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(top)
        layout.addWidget(self.coverage_table, 2)
        list_row = QHBoxLayout()
        list_row.addWidget(self.list_label, 1)
        list_row.addLayout(actions)
        layout.addLayout(list_row)
        layout.addWidget(self.list_view, 3)

        self.day_edit.dateChanged.connect(lambda _day: self.refresh())
        self.rule_button.clicked.connect(self.change_rule)
        self.record_button.clicked.connect(self.record_selected)
        self.open_button.clicked.connect(self.open_selected)
        self.print_button.clicked.connect(self.print_forms)
        self.import_button.clicked.connect(self.import_file)
        self.export_button.clicked.connect(self.export_file)
        self.coverage_table.cellClicked.connect(self._cell_chosen)
        self.coverage_table.cellActivated.connect(self._cell_chosen)
        self.list_view.doubleClicked.connect(self._on_double_click)
        self.list_view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.model.modelReset.connect(self._update_buttons)
        self.model.layoutChanged.connect(self._update_buttons)  # another group listed: a layout change

    def edit_controls(self) -> list[QWidget]:
        return [self.record_button, self.print_button, self.import_button]

    def admin_controls(self) -> list[QWidget]:
        return [self.rule_button]

    # ---- Loading
    def day(self) -> date:
        return pydate(self.day_edit.date())

    def reload(self, rows: Sequence[BusinessRow] | BusinessTableModel | None = None) -> None:
        """Load the businesses (the register's when given, else from the database), then the coverage."""
        self._set_rows(rows)
        self.refresh()

    def _set_rows(self, rows: Sequence[BusinessRow] | BusinessTableModel | None) -> None:
        if isinstance(rows, BusinessTableModel):
            self.model.set_rows_of(rows)  # the register's rows and sort ranks, not computed again
        else:
            self.model.set_rows(self._services.businesses.rows() if rows is None else rows)
        self.list_columns.fit()
        self._loaded = True

    def mark_stale(self) -> None:
        """The register changed: take its rows again the next time this page is shown."""
        self._loaded = False

    def ensure_loaded(self, rows: BusinessTableModel | None = None) -> None:
        """On a visit: the rows at once, the coverage (a reading of every commitment) off the GUI thread."""
        if not self._loaded:
            self._set_rows(rows)
            self.refresh(background=True)

    @Slot()
    def refresh(self, background: bool = False) -> None:
        """Recompute the coverage on the chosen date (rows stay loaded); with `background`, on the worker
        (the figures read «…» meanwhile)."""
        if not self._loaded:
            return
        commitments = self._services.commitments
        rule = commitments.validity_rule()
        self.rule_label.setText(self.tr("Thời hạn mặc định: {rule}").format(rule=self._rule_text(rule)))
        day = self.day()
        self._refreshes += 1
        if not background:
            self._show_coverage(self._refreshes, *commitments.coverage_and_states(day))
            return
        self._computing = True
        self.list_label.setText(self.tr("Đang tính tình hình cam kết…"))
        refresh = self._refreshes

        def job(_progress: object, _cancel: object) -> tuple[Coverage, dict[int, str]]:
            return commitments.coverage_and_states(day)

        self._runner.start(
            job,
            lambda result: self._show_coverage(refresh, *result),
            self._coverage_failed,
        )

    def _show_coverage(self, refresh: int, coverage: Coverage, states: dict[int, str]) -> None:
        if refresh != self._refreshes:  # a later date or change is being computed
            return
        self._computing = False
        self.coverage = coverage
        self.model.set_commitment_states(states)
        self._fill_coverage(coverage)
        self.show_group(*self._group)

    def _coverage_failed(self, err: BaseException) -> None:
        self._computing = False
        text = (
            error_text(err) if isinstance(err, DomainError) else self.tr("Không tính được tình hình cam kết.")
        )
        self.list_label.setText(text)

    def _rule_text(self, rule: ValidityRule) -> str:
        if rule.kind == RULE_MONTHS:
            return self.tr("{n} tháng kể từ ngày ký").format(n=rule.months)
        return RULE_LABELS[rule.kind].lower()

    def _fill_coverage(self, coverage: Coverage) -> None:
        lines = [coverage.total, *coverage.lines]  # the whole territory first, always in view
        self.coverage_table.setRowCount(len(lines))
        bold = QFont()
        bold.setBold(True)
        for row, line in enumerate(lines):
            for column, (_, group) in enumerate(COVERAGE_COLUMNS):
                item = QTableWidgetItem(self._cell_text(line, group))
                item.setData(Qt.ItemDataRole.UserRole, (line.commune_id, group))
                if column > 0:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if group == "valid" and line.active and line.coverage_pct < TARGET_PCT:
                    item.setForeground(QColor("#b71c1c"))
                    item.setToolTip(self.tr("Chưa đạt chỉ tiêu 100 %"))
                if line is coverage.total:
                    item.setFont(bold)
                self.coverage_table.setItem(row, column, item)

    @staticmethod
    def _cell_text(line: CoverageLine, group: str | None) -> str:
        if group is None:
            return line.commune_name
        if group == "any":
            return format_int(line.active)
        if group == "missing":
            return format_int(line.count(STATE_EXPIRED) + line.count(STATE_NEVER))
        if group == "valid":
            pct = f"{line.coverage_pct:.1f}".replace(".", ",")
            return f"{format_int(line.covered_total)} ({pct} %)"
        return format_int(line.count(group))

    # ---- Drill-down
    @Slot(int, int)
    def _cell_chosen(self, row: int, column: int) -> None:
        item = self.coverage_table.item(row, column)
        if item is None:
            return
        commune_id, group = item.data(Qt.ItemDataRole.UserRole)
        self.show_group(commune_id, group or "any")

    def show_group(self, commune_id: int | None, group: str) -> None:
        """List the businesses behind one number of the coverage table."""
        self._group = (commune_id, group)
        self.model.set_filter(RegisterFilter(commune_id=commune_id, commitment=group))
        if self._computing:  # the states are not known yet: listed when they are
            self.list_label.setText(self.tr("Đang tính tình hình cam kết…"))
            return
        where = self.tr("toàn địa bàn")
        if self.coverage is not None and commune_id is not None:
            where = next((x.commune_name for x in self.coverage.lines if x.commune_id == commune_id), where)
        self.list_label.setText(
            self.tr("{what} — {where}: {n} cơ sở (bấm đúp để xem, ghi nhận cam kết)").format(
                what=GROUP_LABELS.get(group, group), where=where, n=format_int(self.model.visible_count())
            )
        )

    def selected_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.list_view.selectionModel().selectedRows()})
        return [int(self.model.index(r, 0).data(ROW_ID_ROLE)) for r in rows]

    def select_business(self, business_id: int) -> None:
        row = self.model.visible_row_of(business_id)
        if row is not None:
            self.list_view.selectRow(row)

    @Slot()
    def _update_buttons(self) -> None:
        one = len(self.selected_ids()) == 1
        self.record_button.setEnabled(one)
        self.open_button.setEnabled(one)

    @Slot(QModelIndex)
    def _on_double_click(self, _index: QModelIndex) -> None:
        self.open_selected()

    def _name_of(self, business_id: int) -> str:
        row = self.model.row_at(self.model.visible_row_of(business_id) or 0)
        return row.name if row is not None and row.id == business_id else ""

    # ---- Actions
    @Slot()
    def record_selected(self) -> None:
        ids = self.selected_ids()
        if len(ids) != 1:
            return
        dialog = RecordCommitmentDialog(
            self._services.commitments, ids[0], self._name_of(ids[0]), self._ui_state, self
        )
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._changed(ids[0])

    @Slot()
    def open_selected(self) -> None:
        ids = self.selected_ids()
        if len(ids) != 1:
            return
        dialog = BusinessCommitmentsDialog(
            self._services.commitments, self._runner, ids[0], self._name_of(ids[0]), self._ui_state, self
        )
        dialog.exec()
        if dialog.changed:
            self._changed(ids[0])

    def _changed(self, business_id: int) -> None:
        self.refresh()
        self.select_business(business_id)
        self.commitments_changed.emit()

    @Slot()
    def change_rule(self) -> None:
        dialog = ValidityRuleDialog(self._services.commitments.validity_rule(), self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            self._services.commitments.set_validity_rule(dialog.rule())
        except DomainError as err:
            QMessageBox.warning(self, self.tr("Chưa lưu được"), error_text(err))
            return
        self.refresh()

    @Slot()
    def print_forms(self) -> None:
        day = self.day()
        missing = self._services.commitments.missing_on(day)
        dialog = PrintFormsDialog(
            len(self.selected_ids()), self.model.visible_count(), len(missing), day, self
        )
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        ids = {"selected": self.selected_ids(), "shown": self.model.visible_ids(), "missing": missing}[
            dialog.choice()
        ]
        service, form_date = self._services.commitments, dialog.form_date()

        def remember(path: str) -> None:
            self.last_print = path

        save_with_progress(
            self._runner,
            self,
            self._ui_state,
            SaveOptions(
                title=self.tr("Lưu bản cam kết"),
                default_name="ban-cam-ket.pdf",
                file_filter="PDF (*.pdf)",
                label=self.tr("Đang tạo bản cam kết…"),
                done_text=lambda n, name: self.tr("Đã tạo {n} bản cam kết trong «{file}».").format(
                    n=format_int(n), file=name
                ),
                failure_text=self.tr("Không tạo được tệp PDF."),
            ),
            lambda path, progress, cancel: service.print_owner_forms(path, ids, form_date, progress, cancel),
            on_done=remember,
        )

    @Slot()
    def import_file(self) -> None:
        if import_list(self, self._services.transfer_for("commitments"), self._runner, self._ui_state):
            self.refresh()
            self.commitments_changed.emit()

    @Slot()
    def export_file(self) -> None:
        export_list(
            self,
            "commitments",
            self._services.transfer_for("commitments"),
            self._runner,
            self._ui_state,
            on_done=self._remember_export,
        )

    def _remember_export(self, path: str) -> None:
        self.last_export = path
