"""Inspections page: rounds and their visits, the follow-up to-do list, coverage against the targets,
hot-spots; printing minutes, importing and exporting visits."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from datetime import date

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.businesses import BusinessRow
from desktop_app.domain.dates import format_date
from desktop_app.domain.errors import DomainError
from desktop_app.domain.inspections import (
    LEVEL_LABELS,
    SCOPE_LABELS,
    InspectionRound,
    Visit,
    VisitInput,
)
from desktop_app.domain.legal import PenaltyReview
from desktop_app.domain.text import format_int
from desktop_app.services.app_services import Services
from desktop_app.ui.dialogs.legal_basis_dialog import LegalBasisDialog
from desktop_app.ui.dialogs.round_dialog import RoundDialog
from desktop_app.ui.dialogs.visit_dialog import VisitDialog
from desktop_app.ui.i18n import error_text
from desktop_app.ui.list_actions import export_list, import_list
from desktop_app.ui.pages.hotspot_view import HotspotView
from desktop_app.ui.pages.inspection_coverage import InspectionCoverageView
from desktop_app.ui.settings import UiState
from desktop_app.ui.tasks import SaveOptions, TaskRunner, save_with_progress
from desktop_app.ui.widgets.tables import plain_table
from desktop_app.ui.widgets.visit_table import VisitTable

RECENT_VISITS = 500


class InspectionPage(QWidget):
    """Four tabs: rounds and visits, to-do (follow-ups due, planned visits), coverage, hot-spots."""

    inspections_changed = Signal()

    def __init__(
        self,
        services: Services,
        runner: TaskRunner | None = None,
        ui_state: UiState | None = None,
        parent: QWidget | None = None,
        rows: Callable[[], Sequence[BusinessRow]] | None = None,
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._service = services.inspections
        self._runner = runner or TaskRunner(self)
        self._ui_state = ui_state or UiState()
        self._rows_provider = rows or services.businesses.rows
        self._loaded = False
        self._visit_requests = 0  # the latest reading of a round's visits; older ones are not shown
        self.rounds: list[InspectionRound] = []
        self.reviews: list[PenaltyReview] = []
        self.last_print: str | None = None
        self.last_export: str | None = None

        self.legal_button = QPushButton(self.tr("Căn cứ xử phạt…"), self)
        self.review_button = QPushButton(self.tr("Rà soát xử phạt"), self)
        self.review_button.setToolTip(
            self.tr(
                "Các quyết định xử phạt đã ghi mà danh mục hiện hành không chấp nhận (dữ liệu không bị sửa)"
            )
        )
        self.review_button.hide()
        self.import_button = QPushButton(self.tr("Nhập từ Excel…"), self)
        self.import_button.setToolTip(self.tr("Nhập danh sách lượt kiểm tra từ tệp .xlsx, .xls hoặc .csv"))
        self.export_button = QPushButton(self.tr("Xuất Excel…"), self)
        self.export_button.setToolTip(self.tr("Xuất danh sách lượt kiểm tra ra tệp Excel"))
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("<b>Kiểm tra liên ngành (Đội 178)</b>"), self))
        top.addStretch(1)
        for button in (self.review_button, self.legal_button, self.import_button, self.export_button):
            top.addWidget(button)

        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._rounds_tab(), self.tr("Đợt và lượt kiểm tra"))
        self.tabs.addTab(self._todo_tab(), self.tr("Việc cần làm"))
        self.coverage_view = InspectionCoverageView(self._service, self)
        self.hotspot_view = HotspotView(
            self._service, lambda: self._services.office.communes(include_inactive=True), self
        )
        self.tabs.addTab(self.coverage_view, self.tr("Tỷ lệ kiểm tra"))
        self.tabs.addTab(self.hotspot_view, self.tr("Tụ điểm"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(top)
        layout.addWidget(self.tabs)

        self.legal_button.clicked.connect(self.edit_legal_basis)
        self.review_button.clicked.connect(self.show_reviews)
        self.import_button.clicked.connect(self.import_file)
        self.export_button.clicked.connect(self.export_file)
        self.tabs.currentChanged.connect(self._tab_changed)
        self.hotspot_view.changed.connect(self.inspections_changed)

    def edit_controls(self) -> list[QWidget]:
        return [
            self.legal_button,
            self.import_button,
            self.new_round_button,
            self.edit_round_button,
            self.void_round_button,
            self.new_visit_button,
            self.follow_up_button,
            self.print_button,
            self.void_visit_button,
            self.due_follow_up_button,
            self.planned_result_button,
            self.planned_print_button,
            self.hotspot_view.new_hotspot_button,
            self.hotspot_view.edit_hotspot_button,
            self.hotspot_view.void_hotspot_button,
        ]

    def admin_controls(self) -> list[QWidget]:
        return [self.coverage_view.targets_button]

    # ---- Tabs
    def _rounds_tab(self) -> QWidget:
        page = QWidget(self)
        self.new_round_button = QPushButton(self.tr("Thêm đợt…"), page)
        self.edit_round_button = QPushButton(self.tr("Sửa đợt…"), page)
        self.void_round_button = QPushButton(self.tr("Đánh dấu nhập nhầm"), page)
        self.void_round_button.setToolTip(self.tr("Đánh dấu đợt đang chọn là nhập nhầm (không xóa)"))
        self.rounds_table = plain_table(
            page,
            [
                self.tr("Số kế hoạch"),
                self.tr("Đội kiểm tra"),
                self.tr("Cấp"),
                self.tr("Thời gian"),
                self.tr("Phạm vi"),
                self.tr("Lượt"),
                self.tr("Vi phạm"),
            ],
        )
        for column, width in enumerate((110, 280, 80, 170, 130, 70)):
            self.rounds_table.setColumnWidth(column, width)
        self.recent_check = QCheckBox(self.tr("Xem mọi lượt gần đây (cả lượt không thuộc đợt)"), page)
        self.visits_label = QLabel(page)
        self.visits_table = VisitTable(page)
        self.new_visit_button = QPushButton(self.tr("Ghi lượt kiểm tra…"), page)
        self.edit_visit_button = QPushButton(self.tr("Sửa / ghi kết quả…"), page)
        self.follow_up_button = QPushButton(self.tr("Ghi hậu kiểm…"), page)
        self.print_button = QPushButton(self.tr("In biên bản…"), page)
        self.print_button.setToolTip(self.tr("In biên bản kiểm tra điền sẵn cho các lượt đang chọn"))
        self.violation_button = QPushButton(self.tr("In biên bản vi phạm…"), page)
        self.violation_button.setToolTip(
            self.tr("In biên bản vi phạm hành chính điền sẵn cho các lượt có vi phạm đang chọn")
        )
        self.void_visit_button = QPushButton(self.tr("Đánh dấu nhập nhầm"), page)
        self.void_visit_button.setToolTip(self.tr("Đánh dấu lượt đang chọn là nhập nhầm (không xóa)"))

        round_buttons = QHBoxLayout()
        for button in (self.new_round_button, self.edit_round_button, self.void_round_button):
            round_buttons.addWidget(button)
        round_buttons.addStretch(1)
        upper = QWidget(page)
        upper_layout = QVBoxLayout(upper)
        upper_layout.setContentsMargins(0, 0, 0, 0)
        upper_layout.addLayout(round_buttons)
        upper_layout.addWidget(self.rounds_table)
        visit_buttons = QHBoxLayout()
        for button in (
            self.new_visit_button,
            self.edit_visit_button,
            self.follow_up_button,
            self.print_button,
            self.violation_button,
            self.void_visit_button,
        ):
            visit_buttons.addWidget(button)
        visit_buttons.addStretch(1)
        lower = QWidget(page)
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        label_row = QHBoxLayout()
        label_row.addWidget(self.visits_label, 1)
        label_row.addWidget(self.recent_check)
        lower_layout.addLayout(label_row)
        lower_layout.addLayout(visit_buttons)
        lower_layout.addWidget(self.visits_table)
        splitter = QSplitter(Qt.Orientation.Vertical, page)
        splitter.addWidget(upper)
        splitter.addWidget(lower)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([200, 300])
        layout = QVBoxLayout(page)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(splitter)

        self.new_round_button.clicked.connect(self.new_round)
        self.edit_round_button.clicked.connect(self.edit_round)
        self.void_round_button.clicked.connect(self.void_round)
        self.rounds_table.itemSelectionChanged.connect(self._show_round_visits)
        self.rounds_table.doubleClicked.connect(self.edit_round)
        self.recent_check.toggled.connect(self._show_round_visits)
        self.new_visit_button.clicked.connect(self.new_visit)
        self.edit_visit_button.clicked.connect(self.edit_visit)
        self.follow_up_button.clicked.connect(self.record_follow_up)
        self.print_button.clicked.connect(self.print_minutes)
        self.violation_button.clicked.connect(self.print_violation_records)
        self.void_visit_button.clicked.connect(self.void_visit)
        self.visits_table.doubleClicked.connect(self.edit_visit)
        self.visits_table.selection_changed.connect(self._update_buttons)
        return page

    def _todo_tab(self) -> QWidget:
        page = QWidget(self)
        self.due_label = QLabel(page)
        self.due_table = VisitTable(page)
        self.due_follow_up_button = QPushButton(self.tr("Ghi hậu kiểm…"), page)
        self.planned_label = QLabel(page)
        self.planned_table = VisitTable(page)
        self.planned_result_button = QPushButton(self.tr("Ghi kết quả…"), page)
        self.planned_print_button = QPushButton(self.tr("In biên bản…"), page)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(4, 4, 4, 4)
        row = QHBoxLayout()
        row.addWidget(self.due_label, 1)
        row.addWidget(self.due_follow_up_button)
        layout.addLayout(row)
        layout.addWidget(self.due_table, 1)
        row = QHBoxLayout()
        row.addWidget(self.planned_label, 1)
        row.addWidget(self.planned_result_button)
        row.addWidget(self.planned_print_button)
        layout.addLayout(row)
        layout.addWidget(self.planned_table, 1)
        self.due_follow_up_button.clicked.connect(self._follow_up_from_todo)
        self.due_table.doubleClicked.connect(self._follow_up_from_todo)
        self.planned_result_button.clicked.connect(self._result_of_planned)
        self.planned_table.doubleClicked.connect(self._result_of_planned)
        self.planned_print_button.clicked.connect(self._print_planned)
        return page

    # ---- Loading
    def mark_stale(self) -> None:
        self._loaded = False

    def ensure_loaded(self) -> None:
        """On a visit: the page at once, the chosen round's visits read off the GUI thread."""
        if not self._loaded:
            self.reload(background=True)

    def reload(self, background: bool = False) -> None:
        """Read rounds, to-do lists and hot-spots again; the coverage when its tab is shown."""
        self._loaded = True
        self._load_rounds(background)
        self._load_todo()
        self.hotspot_view.reload()
        self._load_reviews()
        if self.tabs.currentIndex() == 2:
            self.coverage_view.refresh()
        self._update_buttons()

    @Slot(int)
    def _tab_changed(self, index: int) -> None:
        if index == 2 and self._loaded:
            self.coverage_view.active = True
            self.coverage_view.refresh()

    def _load_rounds(self, background: bool = False) -> None:
        selected = self.selected_round()
        self.rounds = self._service.rounds()
        table = self.rounds_table
        table.blockSignals(True)
        table.setRowCount(len(self.rounds))
        for row, r in enumerate(self.rounds):
            values = (
                r.plan_number,
                r.team_name,
                LEVEL_LABELS.get(r.team_level, r.team_level),
                r.period_text,
                SCOPE_LABELS.get(r.scope, r.scope),
                f"{r.visits_done}/{r.visits}",
                format_int(r.violations),
            )
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, r.id)
                table.setItem(row, column, item)
        row = next((i for i, r in enumerate(self.rounds) if selected and r.id == selected.id), 0)
        if self.rounds:
            table.selectRow(row)
        table.blockSignals(False)
        self._fetch_round_visits(background)  # once: the selection above is made with the signals blocked

    def selected_round(self) -> InspectionRound | None:
        rows = self.rounds_table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.rounds):
            return None
        return self.rounds[rows[0].row()]

    @Slot()
    def _show_round_visits(self) -> None:
        self._fetch_round_visits(background=False)

    def _fetch_round_visits(self, background: bool) -> None:
        """The chosen round's visits (or the most recent ones); with `background`, read on the worker (a
        round of a large district holds 20,000 visits: the page opens first, the list fills in after)."""
        round_ = self.selected_round()
        service = self._service
        label: Callable[..., str]
        fetch: Callable[[], list[Visit]]
        if self.recent_check.isChecked():
            fetch = functools.partial(service.visits, limit=RECENT_VISITS)
            label = self.tr("Các lượt kiểm tra gần đây nhất ({n})").format
        elif round_ is not None:
            fetch = functools.partial(service.visits, round_id=round_.id)
            label = functools.partial(
                self.tr("Lượt kiểm tra của đợt {plan} ({n})").format, plan=round_.plan_number
            )
        else:
            fetch = list
            text = self.tr("Chưa có đợt kiểm tra: thêm đợt, hoặc ghi lượt kiểm tra đột xuất không thuộc đợt.")
            label = functools.partial(_constant, text)
        self._visit_requests += 1
        request = self._visit_requests
        if not background:
            self._show_visits(request, label, fetch())
            return
        self.visits_label.setText(self.tr("Đang đọc các lượt kiểm tra…"))
        self.visits_table.set_visits([])
        self._runner.start(
            lambda _progress, _cancel: fetch(),
            lambda visits: self._show_visits(request, label, visits),
            self._visits_failed,
        )

    def _show_visits(self, request: int, label: Callable[..., str], visits: list[Visit]) -> None:
        if request != self._visit_requests:  # another round was chosen meanwhile
            return
        self.visits_label.setText(label(n=format_int(len(visits))))
        self.visits_table.set_visits(visits)
        self._update_buttons()

    def _visits_failed(self, err: BaseException) -> None:
        fallback = self.tr("Không đọc được các lượt kiểm tra; hãy chọn lại đợt để đọc lại.")
        self.visits_label.setText(error_text(err) if isinstance(err, DomainError) else fallback)

    def _load_todo(self) -> None:
        due = self._service.open_follow_ups()
        today = date.today()
        overdue = sum(1 for v in due if v.follow_up_due is not None and v.follow_up_due < today)
        self.due_label.setText(
            self.tr("Hậu kiểm cần làm: {n} (quá hạn {late})").format(
                n=format_int(len(due)), late=format_int(overdue)
            )
        )
        self.due_table.set_visits(due)
        planned = self._service.planned()
        self.planned_label.setText(self.tr("Lượt kiểm tra dự kiến: {n}").format(n=format_int(len(planned))))
        self.planned_table.set_visits(planned)
        self.tabs.setTabText(1, self.tr("Việc cần làm ({n})").format(n=len(due) + len(planned)))

    # ---- Rounds
    @Slot()
    def new_round(self) -> None:
        dialog = RoundDialog(
            self._service,
            self._services.office.communes(include_inactive=True),
            self._rows_provider(),
            None,
            self,
        )
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._changed(round_id=dialog.saved_id)

    @Slot()
    def edit_round(self) -> None:
        round_ = self.selected_round()
        if round_ is None:
            return
        dialog = RoundDialog(
            self._service,
            self._services.office.communes(include_inactive=True),
            self._rows_provider(),
            round_,
            self,
        )
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._changed(round_id=round_.id)

    @Slot()
    def void_round(self) -> None:
        round_ = self.selected_round()
        if round_ is None:
            return
        answer = QMessageBox.question(
            self,
            self.tr("Đánh dấu nhập nhầm"),
            self.tr("Đánh dấu đợt {plan} là nhập nhầm? Đợt sẽ không còn trong danh sách.").format(
                plan=round_.plan_number
            ),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            self._service.void_round(round_.id)
        except DomainError as err:
            QMessageBox.warning(self, self.tr("Chưa hủy được"), error_text(err))
            return
        self._changed()

    # ---- Visits
    def _visit_dialog(
        self, initial: VisitInput, visit_id: int | None = None, lock_business: bool = False
    ) -> VisitDialog:
        return VisitDialog(
            self._service, self._rows_provider(), self.rounds, initial, visit_id, lock_business, parent=self
        )

    @Slot()
    def new_visit(self) -> None:
        round_ = None if self.recent_check.isChecked() else self.selected_round()
        start = date.today()
        if round_ is not None and not round_.covers(start):
            start = round_.starts_on if start < round_.starts_on else round_.ends_on
        initial = VisitInput(None, start, round_id=round_.id if round_ else None)
        dialog = self._visit_dialog(initial=initial)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._changed(visit_id=dialog.saved_id)

    def _edit(self, visit: Visit) -> None:
        dialog = self._visit_dialog(initial=visit.as_input(), visit_id=visit.id, lock_business=True)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._changed(visit_id=visit.id)

    @Slot()
    def edit_visit(self) -> None:
        visits = self.visits_table.selected_visits()
        if len(visits) == 1:
            self._edit(visits[0])

    def _follow_up(self, visit: Visit) -> None:
        initial = self._service.follow_up_input(visit.id)
        dialog = self._visit_dialog(initial=initial, lock_business=True)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._changed(visit_id=dialog.saved_id)

    @Slot()
    def record_follow_up(self) -> None:
        visits = self.visits_table.selected_visits()
        if len(visits) == 1 and visits[0].follow_up_open:
            self._follow_up(visits[0])

    @Slot()
    def _follow_up_from_todo(self) -> None:
        visits = self.due_table.selected_visits()
        if len(visits) == 1:
            self._follow_up(visits[0])

    @Slot()
    def _result_of_planned(self) -> None:
        visits = self.planned_table.selected_visits()
        if len(visits) == 1:
            self._edit(visits[0])

    @Slot()
    def void_visit(self) -> None:
        visits = self.visits_table.selected_visits()
        if len(visits) != 1:
            return
        visit = visits[0]
        answer = QMessageBox.question(
            self,
            self.tr("Đánh dấu nhập nhầm"),
            self.tr("Đánh dấu lượt kiểm tra ngày {day} tại «{name}» là nhập nhầm?").format(
                day=format_date(visit.visit_date), name=visit.business_name
            ),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            self._service.void_visit(visit.id)
        except DomainError as err:
            QMessageBox.warning(self, self.tr("Chưa hủy được"), error_text(err))
            return
        self._changed()

    @Slot()
    def _update_buttons(self) -> None:
        visits = self.visits_table.selected_visits()
        one = len(visits) == 1
        self.edit_visit_button.setEnabled(one)
        self.void_visit_button.setEnabled(one)
        self.follow_up_button.setEnabled(one and visits[0].follow_up_open)
        self.print_button.setEnabled(bool(visits))
        self.violation_button.setEnabled(bool(visits) and all(v.is_violation for v in visits))
        has_round = self.selected_round() is not None
        self.edit_round_button.setEnabled(has_round)
        self.void_round_button.setEnabled(has_round)

    def _changed(self, round_id: int | None = None, visit_id: int | None = None) -> None:
        self.reload()
        if round_id is not None:
            row = next((i for i, r in enumerate(self.rounds) if r.id == round_id), None)
            if row is not None:
                self.rounds_table.selectRow(row)
        if visit_id is not None:
            self.visits_table.select_visit(visit_id)
        self.inspections_changed.emit()

    # ---- Minutes
    def _print(self, visit_ids: list[int]) -> None:
        service = self._service

        def remember(path: str) -> None:
            self.last_print = path

        save_with_progress(
            self._runner,
            self,
            self._ui_state,
            SaveOptions(
                title=self.tr("Lưu biên bản kiểm tra"),
                default_name="bien-ban-kiem-tra.pdf",
                file_filter="PDF (*.pdf)",
                label=self.tr("Đang tạo biên bản kiểm tra…"),
                done_text=lambda n, name: self.tr("Đã tạo {n} biên bản kiểm tra trong «{file}».").format(
                    n=format_int(n), file=name
                ),
                failure_text=self.tr("Không tạo được tệp PDF."),
            ),
            lambda path, progress, cancel: service.print_minutes(path, visit_ids, progress, cancel),
            on_done=remember,
        )

    @Slot()
    def print_minutes(self) -> None:
        ids = self.visits_table.selected_ids()
        if ids:
            self._print(ids)

    @Slot()
    def print_violation_records(self) -> None:
        """A violation record (biên bản vi phạm hành chính) for each selected visit that found a violation."""
        ids = [v.id for v in self.visits_table.selected_visits() if v.is_violation]
        if not ids:
            return
        service = self._service

        def remember(path: str) -> None:
            self.last_print = path

        save_with_progress(
            self._runner,
            self,
            self._ui_state,
            SaveOptions(
                title=self.tr("Lưu biên bản vi phạm hành chính"),
                default_name="bien-ban-vi-pham-hanh-chinh.pdf",
                file_filter="PDF (*.pdf)",
                label=self.tr("Đang tạo biên bản vi phạm hành chính…"),
                done_text=lambda n, name: self.tr(
                    "Đã tạo {n} biên bản vi phạm hành chính trong «{file}»."
                ).format(n=format_int(n), file=name),
                failure_text=self.tr("Không tạo được tệp PDF."),
            ),
            lambda path, progress, cancel: service.print_violation_records(path, ids, progress, cancel),
            on_done=remember,
        )

    @Slot()
    def _print_planned(self) -> None:
        ids = self.planned_table.selected_ids() or [v.id for v in self.planned_table.visits]
        if ids:
            self._print(ids)

    # ---- Catalogue and files
    def _load_reviews(self) -> None:
        self.reviews = self._service.penalty_reviews()
        self.review_button.setText(self.tr("Rà soát xử phạt ({n})").format(n=len(self.reviews)))
        self.review_button.setVisible(bool(self.reviews))

    @Slot()
    def show_reviews(self) -> None:
        lines = [
            self.tr("{day} – {name} – QĐ {decision}: {problems}").format(
                day=format_date(r.visit.visit_date),
                name=r.visit.business_name,
                decision=r.visit.decision_number or "…",
                problems=" ".join(r.problems),
            )
            for r in self.reviews
        ]
        box = QMessageBox(
            QMessageBox.Icon.Warning, self.tr("Quyết định xử phạt cần rà soát"), "", parent=self
        )
        box.setText(
            self.tr(
                "{n} quyết định xử phạt đã ghi không khớp danh mục hành vi và khung phạt hiện hành. Dữ liệu "
                "không bị sửa: mở từng lượt kiểm tra để đối chiếu với quyết định gốc."
            ).format(n=len(self.reviews))
        )
        box.setDetailedText("\n\n".join(lines))
        box.exec()

    @Slot()
    def edit_legal_basis(self) -> None:
        LegalBasisDialog(self._service, self).exec()
        self._load_reviews()

    @Slot()
    def import_file(self) -> None:
        if import_list(self, self._services.transfer_for("inspections"), self._runner, self._ui_state):
            self._changed()

    @Slot()
    def export_file(self) -> None:
        export_list(
            self,
            "inspections",
            self._services.transfer_for("inspections"),
            self._runner,
            self._ui_state,
            on_done=self._remember_export,
        )

    def _remember_export(self, path: str) -> None:
        self.last_export = path


def _constant(text: str, **_values: object) -> str:
    return text
