"""The business register page: search, filters, sortable table, add/edit, void/restore."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.businesses import SORT_COLUMNS, STATUS_LABELS, STATUSES, RegisterFilter
from desktop_app.domain.commitments import STATE_LABELS
from desktop_app.domain.errors import DomainError
from desktop_app.domain.inspections import FLAG_LABELS
from desktop_app.domain.office import BusinessType, Commune
from desktop_app.domain.text import format_int, vn_sort_key
from desktop_app.services.app_services import Services
from desktop_app.ui.dialogs.business_dialog import BusinessDialog
from desktop_app.ui.dialogs.business_inspections_dialog import BusinessInspectionsDialog
from desktop_app.ui.dialogs.commitment_dialog import BusinessCommitmentsDialog
from desktop_app.ui.gc_guard import gui_collector, holding
from desktop_app.ui.i18n import error_text
from desktop_app.ui.list_actions import export_list, import_list
from desktop_app.ui.models.business_table import (
    DEFAULT_ORDER,
    REGISTER_COLUMNS,
    ROW_ID_ROLE,
    BusinessTableModel,
    PreparedRows,
)
from desktop_app.ui.settings import UiState
from desktop_app.ui.tasks import TaskRunner
from desktop_app.ui.widgets.commune_combo import commune_combo
from desktop_app.ui.widgets.table_columns import TableColumns
from desktop_app.ui.widgets.tables import keyboard_list

# Typing waits this long after the last key before filtering: a clerk types a word in one go, and each
# filter of 100,000 rows then runs once per pause instead of once per letter.
SEARCH_DELAY_MS = 150
COMMITMENTS_DELAY_MS = 250
# A register larger than this shows its first businesses at once and loads the rest in the background.
FIRST_ROWS = 200
RANK_PAUSE_MS = 100  # between ranking one column and the next, in the background
RANK_AFTER_TYPING_S = 0.3  # no ranking starts right after a change in the search box


class _Table(QTableView):
    """Enter opens the selected business instead of moving to the next row."""

    activated_row = Signal()

    def keyPressEvent(self, event: object) -> None:
        from PySide6.QtGui import QKeyEvent

        assert isinstance(event, QKeyEvent)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.activated_row.emit()
            return
        super().keyPressEvent(event)


class BusinessPage(QWidget):
    """Owns the register's toolbar, filters and table. Talks to services only."""

    commitments_changed = Signal()
    inspections_changed = Signal()
    rows_changed = Signal()  # a business was added, edited, voided or restored, or the list was reloaded
    columns_loaded = Signal()  # the commitment and inspection columns were read (or could not be)

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
        self._types: list[BusinessType] = []
        self._communes: list[Commune] = []
        self.model = BusinessTableModel(self)
        self.last_export: str | None = None
        self.commitments_loaded = False
        self.inspections_loaded = False
        self.rows_loaded = False  # every business is in the model (a large register loads in the background)
        self._generation = 0
        self._changed_while_loading = False
        self._last_typed = 0.0  # time.monotonic() of the last change in the search box

        self.toolbar = QToolBar(self)
        self.new_action = QAction(self.tr("Thêm cơ sở"), self)
        self.new_action.setShortcut(QKeySequence.StandardKey.New)
        self.new_action.setToolTip(self.tr("Thêm cơ sở mới (Ctrl+N)"))
        self.edit_action = QAction(self.tr("Sửa"), self)
        self.edit_action.setToolTip(self.tr("Sửa cơ sở đang chọn (Enter)"))
        self.void_action = QAction(self.tr("Đánh dấu nhập nhầm"), self)
        self.void_action.setToolTip(self.tr("Ẩn bản ghi nhập nhầm (không xóa; có thể khôi phục)"))
        self.restore_action = QAction(self.tr("Khôi phục"), self)
        self.inspections_action = QAction(self.tr("Kiểm tra…"), self)
        self.inspections_action.setToolTip(
            self.tr("Lịch sử kiểm tra, ghi lượt kiểm tra, hậu kiểm của cơ sở đang chọn")
        )
        self.commitments_action = QAction(self.tr("Cam kết…"), self)
        self.commitments_action.setToolTip(
            self.tr("Cam kết của cơ sở đang chọn: ghi nhận lần ký, bản chụp, người lao động")
        )
        self.refresh_action = QAction(self.tr("Tải lại"), self)
        self.refresh_action.setShortcut(QKeySequence.StandardKey.Refresh)
        self.import_action = QAction(self.tr("Nhập từ Excel…"), self)
        self.import_action.setToolTip(self.tr("Nhập danh sách cơ sở từ tệp .xlsx, .xls hoặc .csv"))
        self.export_action = QAction(self.tr("Xuất Excel…"), self)
        self.export_action.setToolTip(self.tr("Xuất các cơ sở đang hiện (theo bộ lọc) ra tệp Excel"))
        self.search_action = QAction(self.tr("Tìm kiếm"), self)
        self.search_action.setShortcut(QKeySequence.StandardKey.Find)
        for action in (self.new_action, self.edit_action, self.void_action, self.restore_action):
            self.toolbar.addAction(action)
        self.toolbar.addAction(self.commitments_action)
        self.toolbar.addAction(self.inspections_action)
        self.toolbar.addSeparator()
        self.toolbar.addAction(self.import_action)
        self.toolbar.addAction(self.export_action)
        self.toolbar.addSeparator()
        self.toolbar.addAction(self.refresh_action)
        for action in self.toolbar.actions():  # a toolbar drops the "…" that says a dialog follows: keep it
            action.setIconText(action.text())
        self.addAction(self.search_action)

        self.search_edit = QLineEdit(self)
        self.search_edit.setPlaceholderText(
            self.tr("Tìm theo tên, chủ cơ sở, địa chỉ, số ĐKKD, điện thoại (Ctrl+F)")
        )
        self.search_edit.setClearButtonEnabled(True)
        self.commune_filter = commune_combo(self)
        self.type_filter = QComboBox(self)
        self.status_filter = QComboBox(self)
        self.status_filter.addItem(self.tr("Mọi trạng thái"), None)
        for status in STATUSES:
            self.status_filter.addItem(STATUS_LABELS[status], status)
        self.commitment_filter = QComboBox(self)
        self.commitment_filter.addItem(self.tr("Mọi tình trạng cam kết"), None)
        self.commitment_filter.addItem(self.tr("Chưa có cam kết còn hiệu lực"), "missing")
        for state, label in STATE_LABELS.items():
            self.commitment_filter.addItem(self.tr("Cam kết: {state}").format(state=label.lower()), state)
        self.inspection_filter = QComboBox(self)
        self.inspection_filter.addItem(self.tr("Mọi tình trạng kiểm tra"), None)
        for flag, label in FLAG_LABELS.items():
            self.inspection_filter.addItem(label, flag)
        self.voided_check = QCheckBox(self.tr("Hiện bản ghi nhập nhầm"), self)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("count_label")

        # The search box has a row of its own: beside five lists it shrank to "Tì…" on a 1366×768 screen.
        search_row = QHBoxLayout()
        search_row.addWidget(self.search_edit, 1)
        search_row.addWidget(self.voided_check)
        filters = QHBoxLayout()
        for combo in (
            self.commune_filter,
            self.type_filter,
            self.status_filter,
            self.commitment_filter,
            self.inspection_filter,
        ):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            filters.addWidget(combo)
        filters.addStretch(1)

        self.table = _Table(self)
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.columns = TableColumns(
            self.table, REGISTER_COLUMNS, self.model.column_samples, self._ui_state, "register", DEFAULT_ORDER
        )
        keyboard_list(self.table)

        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label)
        bottom.addStretch(1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 0, 6, 6)
        layout.addWidget(self.toolbar)
        layout.addLayout(search_row)
        layout.addLayout(filters)
        self.empty_panel = self._empty_panel()
        self.table_stack = QStackedWidget(self)
        self.table_stack.addWidget(self.table)
        self.table_stack.addWidget(self.empty_panel)
        layout.addWidget(self.table_stack, 1)
        layout.addLayout(bottom)
        QWidget.setTabOrder(self.inspection_filter, self.table)  # the filters, then the list

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_filter)
        self.search_edit.textChanged.connect(self._search_timer.start)
        self.search_edit.textChanged.connect(self._typed)
        self.commune_filter.currentIndexChanged.connect(self.apply_filter)
        self.type_filter.currentIndexChanged.connect(self.apply_filter)
        self.status_filter.currentIndexChanged.connect(self.apply_filter)
        self.commitment_filter.currentIndexChanged.connect(self.apply_filter)
        self.inspection_filter.currentIndexChanged.connect(self.apply_filter)
        self.commitments_action.triggered.connect(self.open_commitments)
        self.inspections_action.triggered.connect(self.open_inspections)
        self.voided_check.toggled.connect(self.apply_filter)
        self.new_action.triggered.connect(self.add_business)
        self.edit_action.triggered.connect(self.edit_selected)
        self.void_action.triggered.connect(self.void_selected)
        self.restore_action.triggered.connect(self.restore_selected)
        self.refresh_action.triggered.connect(self.reload)
        self.import_action.triggered.connect(self.import_file)
        self.export_action.triggered.connect(self.export_file)
        self.search_action.triggered.connect(self._focus_search)
        self.table.doubleClicked.connect(self._on_double_click)
        self.table.activated_row.connect(self.edit_selected)
        self.table.selectionModel().selectionChanged.connect(self._update_actions)
        self.model.modelReset.connect(self._update_count)
        self.model.modelReset.connect(self._update_actions)
        self.model.modelReset.connect(self._update_empty)
        self.model.layoutChanged.connect(self._update_actions)  # a filter or sort keeps the selection
        self.model.layoutChanged.connect(self._update_empty)
        self._update_empty()

    def _empty_panel(self) -> QWidget:
        """What a new office sees instead of a blank grid: how to bring its businesses in."""
        panel = QWidget(self)
        self.empty_label = QLabel(panel)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.empty_import_button = QPushButton(self.import_action.text(), panel)
        self.empty_import_button.setToolTip(self.import_action.toolTip())
        self.empty_import_button.clicked.connect(self.import_action.trigger)
        self.empty_new_button = QPushButton(self.new_action.text(), panel)
        self.empty_new_button.setToolTip(self.new_action.toolTip())
        self.empty_new_button.clicked.connect(self.new_action.trigger)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.empty_import_button)
        buttons.addWidget(self.empty_new_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(panel)
        layout.addStretch(1)
        layout.addWidget(self.empty_label)
        layout.addLayout(buttons)
        layout.addStretch(2)
        return panel

    @Slot()
    def _update_empty(self) -> None:
        """An empty register shows the way in (the import, a first business) rather than an empty table."""
        empty = self.model.total_count() == 0
        can_add = self.new_action.isVisible() and self.import_action.isVisible()
        if can_add:
            self.empty_label.setText(
                self.tr(
                    "<p style='font-size: 13pt;'><b>Sổ chưa có cơ sở nào.</b></p>"
                    "<p>Đưa danh sách sẵn có vào bằng <b>Nhập từ Excel…</b> (tệp .xlsx, .xls, .csv), "
                    "hoặc nhập từng cơ sở bằng <b>Thêm cơ sở</b> (Ctrl+N).</p>"
                )
            )
        else:
            self.empty_label.setText(
                self.tr(
                    "<p style='font-size: 13pt;'><b>Sổ chưa có cơ sở nào.</b></p>"
                    "<p>Cán bộ của đơn vị nhập danh sách cơ sở; khi có, danh sách hiện ở đây.</p>"
                )
            )
        self.empty_import_button.setVisible(can_add)
        self.empty_new_button.setVisible(can_add)
        self.table_stack.setCurrentWidget(self.empty_panel if empty else self.table)

    def edit_controls(self) -> list[QAction]:
        """What changes the register: hidden for a read-only role (the services refuse it anyway)."""
        return [self.new_action, self.void_action, self.restore_action, self.import_action]

    # ---- Loading
    def reload(self) -> None:
        """Reload catalogs and every row from the database, keeping the filters."""
        self._types = self._services.office.business_types(include_inactive=True)
        self._communes = self._services.office.communes(include_inactive=True)
        self._fill_filter(
            self.commune_filter, self.tr("Mọi xã, phường"), [(c.id, c.name) for c in self._communes]
        )
        self._fill_filter(self.type_filter, self.tr("Mọi loại hình"), [(t.id, t.name) for t in self._types])
        self._generation += 1
        self._changed_while_loading = False
        businesses = self._services.businesses
        first = businesses.rows(FIRST_ROWS + 1)
        if len(first) <= FIRST_ROWS:  # that is every business
            self.model.set_rows(first)
            self._rows_arrived()
            return
        # A large register: its first businesses at once (the window answers), the rest off the GUI thread.
        self.rows_loaded = False
        self.model.set_rows(first[:FIRST_ROWS])
        self.columns.fit()
        self.apply_filter()
        generation, model = self._generation, self.model
        collector = gui_collector(QCoreApplication.instance())

        def job(_progress: Any, _cancel: Any) -> PreparedRows:
            with holding(collector, freeze=True):  # no collection walks the rows while they are built
                return model.prepare(businesses.rows())()

        def failed(err: BaseException) -> None:
            self._rows_failed(generation, err)

        def arrived(prepared: PreparedRows) -> None:
            self._all_rows_arrived(generation, prepared)

        self._runner.start(job, arrived, failed)

    def _all_rows_arrived(self, generation: int, prepared: PreparedRows) -> None:
        if generation != self._generation:  # a newer reload is on its way
            return
        selected = self.selected_id()
        self.model.set_prepared(prepared)
        if selected is not None:
            self.select_business(selected)
        if self._changed_while_loading:  # a business saved meanwhile may be missing from what was read
            self.reload()
            return
        self._rows_arrived()

    def _rows_arrived(self) -> None:
        """Every row is in the model: fit the columns, filter, then the commitment and inspection columns."""
        self.rows_loaded = True
        self.columns.fit()
        self.apply_filter()
        self.rows_changed.emit()
        self.commitments_loaded = False
        # After the first paint: the states query would otherwise compete with it for the interpreter.
        QTimer.singleShot(COMMITMENTS_DELAY_MS, self.refresh_commitments)
        QTimer.singleShot(COMMITMENTS_DELAY_MS, self.refresh_inspections)
        QTimer.singleShot(COMMITMENTS_DELAY_MS, self._rank_columns)

    @Slot()
    def _rank_columns(self) -> None:
        """Every column's sort order computed on the worker, one column a job with a pause between (each
        holds the interpreter for a moment: typing meanwhile stays quick), after the columns above: the
        first click on a header does not compute 100,000 collation keys on the GUI thread."""
        if len(self.model.ranked_columns()) >= len(SORT_COLUMNS):
            return
        if time.monotonic() - self._last_typed < RANK_AFTER_TYPING_S:  # the filter goes first
            QTimer.singleShot(RANK_PAUSE_MS, self._rank_columns)
            return
        job = self.model.rank_columns(limit=1)

        def ranked(keep: Callable[[], None]) -> None:
            keep()
            QTimer.singleShot(RANK_PAUSE_MS, self._rank_columns)

        self._runner.start(lambda _progress, _cancel: job(), ranked, lambda _err: None)

    @Slot()
    def _typed(self) -> None:
        self._last_typed = time.monotonic()

    def _rows_failed(self, generation: int, err: BaseException) -> None:
        if generation != self._generation:
            return
        self.rows_loaded = True
        self._update_count()
        text = error_text(err) if isinstance(err, DomainError) else self.tr("Không đọc được danh sách cơ sở.")
        QMessageBox.warning(
            self,
            self.tr("Không tải hết được danh sách"),
            self.tr("{error}\nSổ chỉ hiện một phần; hãy bấm «Tải lại» (F5) để đọc lại.").format(error=text),
        )

    @Slot()
    def refresh_commitments(self) -> None:
        """Re-read each business's commitment state off the GUI thread; the column fills in when ready."""
        commitments, today = self._services.commitments, date.today()
        self.commitments_loaded = False

        def job(_progress: Any, _cancel: Any) -> dict[int, str]:
            return commitments.states(today)

        self._runner.start(job, self._show_commitment_states, self._commitment_states_failed)

    def _show_commitment_states(self, states: dict[int, str]) -> None:
        selected = self.selected_id()
        self.model.set_commitment_states(states)
        self.commitments_loaded = True
        self._update_count()
        if selected is not None:
            self.select_business(selected)
        if self.inspections_loaded:
            self.columns_loaded.emit()

    @Slot()
    def refresh_inspections(self) -> None:
        """Re-read each business's inspection flags off the GUI thread, for the inspection filter."""
        inspections, today = self._services.inspections, date.today()
        ids = [row.id for row in self.model.rows()]
        self.inspections_loaded = False

        def job(_progress: Any, _cancel: Any) -> dict[int, frozenset[str]]:
            return inspections.flags(ids, today)

        self._runner.start(job, self._show_inspection_flags, self._inspection_flags_failed)

    def _show_inspection_flags(self, flags: dict[int, frozenset[str]]) -> None:
        selected = self.selected_id()
        self.model.set_inspection_flags(flags)
        self.inspections_loaded = True
        self._update_count()
        if selected is not None:
            self.select_business(selected)
        if self.commitments_loaded:
            self.columns_loaded.emit()

    def _inspection_flags_failed(self, err: BaseException) -> None:
        text = (
            error_text(err)
            if isinstance(err, DomainError)
            else self.tr("Không đọc được tình trạng kiểm tra.")
        )
        self.columns_loaded.emit()
        QMessageBox.warning(self, self.tr("Không tải được tình trạng kiểm tra"), text)

    def _commitment_states_failed(self, err: BaseException) -> None:
        text = (
            error_text(err) if isinstance(err, DomainError) else self.tr("Không đọc được tình trạng cam kết.")
        )
        self.columns_loaded.emit()
        QMessageBox.warning(self, self.tr("Không tải được cột cam kết"), text)

    @staticmethod
    def _fill_filter(combo: QComboBox, everything: str, items: list[tuple[int, str]]) -> None:
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(everything, None)
        for item_id, name in sorted(items, key=lambda item: vn_sort_key(item[1])):
            combo.addItem(name, item_id)
        index = combo.findData(current)
        combo.setCurrentIndex(index if index >= 0 else 0)
        combo.blockSignals(False)

    # ---- Filtering
    def current_filter(self) -> RegisterFilter:
        return RegisterFilter(
            query=self.search_edit.text(),
            commune_id=self.commune_filter.currentData(),
            type_id=self.type_filter.currentData(),
            status=self.status_filter.currentData(),
            show_voided=self.voided_check.isChecked(),
            commitment=self.commitment_filter.currentData(),
            inspection=self.inspection_filter.currentData(),
        )

    @Slot()
    def apply_filter(self) -> None:
        self._search_timer.stop()
        self.model.set_filter(self.current_filter())
        self._update_count()

    @Slot()
    def _update_count(self) -> None:
        shown, total = self.model.visible_count(), self.model.total_count()
        if not self.rows_loaded:
            self.count_label.setText(
                self.tr("Đang tải danh sách… (đã hiện {n} cơ sở đầu tiên)").format(n=format_int(total))
            )
            return
        text = self.tr("{n} cơ sở").format(n=format_int(shown))
        flt = self.model.current_filter
        if (
            flt.query or flt.commune_id or flt.type_id or flt.status or flt.commitment or flt.inspection
        ) and shown != total:
            text += self.tr(" (lọc từ {total})").format(total=format_int(total))
        self.count_label.setText(text)

    @Slot()
    def _focus_search(self) -> None:
        self.search_edit.setFocus()
        self.search_edit.selectAll()

    # ---- Selection and actions
    def selected_id(self) -> int | None:
        indexes = self.table.selectionModel().selectedRows()
        if not indexes:
            return None
        value = indexes[0].data(ROW_ID_ROLE)
        return int(value) if value is not None else None

    def select_business(self, business_id: int) -> None:
        row = self.model.visible_row_of(business_id)
        if row is not None:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))

    @Slot()
    def _update_actions(self) -> None:
        business_id = self.selected_id()
        row = self.model.row_at(self.table.currentIndex().row()) if business_id is not None else None
        self.edit_action.setEnabled(row is not None)
        self.void_action.setEnabled(row is not None and not row.voided)
        self.restore_action.setEnabled(row is not None and row.voided)
        self.commitments_action.setEnabled(row is not None and not row.voided)
        self.inspections_action.setEnabled(row is not None and not row.voided)

    def _dialog(self, business_id: int | None) -> BusinessDialog:
        active_communes = [c for c in self._communes if c.active]
        active_types = [t for t in self._types if t.active]
        return BusinessDialog(self._services.businesses, active_types, active_communes, business_id, self)

    def _after_save(self, business_id: int) -> None:
        self._changed_while_loading = not self.rows_loaded
        try:
            self.model.upsert_row(self._services.businesses.row(business_id))
        except DomainError as err:
            QMessageBox.warning(self, self.tr("Không tải lại được"), err.message)
            return
        self._update_count()
        self.select_business(business_id)
        self.rows_changed.emit()

    @Slot()
    def add_business(self) -> None:
        dialog = self._dialog(None)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.saved_id is not None:
            self._after_save(dialog.saved_id)

    @Slot()
    def edit_selected(self) -> None:
        business_id = self.selected_id()
        if business_id is None:
            return
        try:
            dialog = self._dialog(business_id)
        except DomainError as err:
            QMessageBox.warning(self, self.tr("Không mở được"), err.message)
            return
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        if accepted or dialog.status_changed:
            self._after_save(business_id)

    @Slot(QModelIndex)
    def _on_double_click(self, _index: QModelIndex) -> None:
        self.edit_selected()

    @Slot()
    def void_selected(self) -> None:
        business_id = self.selected_id()
        if business_id is None:
            return
        reason, ok = QInputDialog.getText(
            self,
            self.tr("Đánh dấu nhập nhầm"),
            self.tr("Bản ghi sẽ được ẩn khỏi danh sách (không bị xóa, có thể khôi phục).\nLý do:"),
        )
        if not ok:
            return
        try:
            self._services.businesses.void(business_id, reason)
        except DomainError as err:
            QMessageBox.warning(self, self.tr("Chưa đánh dấu được"), err.message)
            return
        self._after_save(business_id)

    @Slot()
    def restore_selected(self) -> None:
        business_id = self.selected_id()
        if business_id is None:
            return
        try:
            self._services.businesses.restore(business_id)
        except DomainError as err:
            QMessageBox.warning(self, self.tr("Chưa khôi phục được"), err.message)
            return
        self._after_save(business_id)

    @Slot()
    def open_commitments(self) -> None:
        business_id = self.selected_id()
        row = self.model.row_at(self.table.currentIndex().row()) if business_id is not None else None
        if business_id is None or row is None:
            return
        dialog = BusinessCommitmentsDialog(
            self._services.commitments, self._runner, business_id, row.name, self._ui_state, self
        )
        dialog.exec()
        if dialog.changed:
            self.refresh_commitments()
            self.select_business(business_id)
            self.commitments_changed.emit()

    @Slot()
    def open_inspections(self) -> None:
        business_id = self.selected_id()
        row = self.model.row_at(self.table.currentIndex().row()) if business_id is not None else None
        if business_id is None or row is None:
            return
        dialog = BusinessInspectionsDialog(self._services.inspections, row, self)
        dialog.exec()
        if dialog.changed:
            self.refresh_inspections()
            self.select_business(business_id)
            self.inspections_changed.emit()

    # ---- Files
    @Slot()
    def import_file(self) -> None:
        if import_list(self, self._services.transfer_for("businesses"), self._runner, self._ui_state):
            self.reload()

    @Slot()
    def export_file(self) -> None:
        """The businesses shown (filtered, in the table's order), not the whole register."""
        ids, transfer = self.model.visible_ids(), self._services.transfer

        def shown(path: str, progress: Any, cancel: Any) -> int:
            return transfer.export(path, ids, progress, cancel)

        export_list(
            self,
            "businesses",
            transfer,
            self._runner,
            self._ui_state,
            job=shown,
            on_done=self._remember_export,
        )

    def _remember_export(self, path: str) -> None:
        self.last_export = path
