"""Support cases: the list by code (never a name), what needs doing, intake and the case file."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.cases import STATUS_LABELS, CaseRow
from desktop_app.domain.dates import format_date
from desktop_app.domain.office import Commune
from desktop_app.domain.text import format_int
from desktop_app.services.cases import CaseService
from desktop_app.ui.dialogs.case_dialogs import CaseFileDialog, NewCaseDialog
from desktop_app.ui.widgets.tables import fill_rows, plain_table

COLUMNS = (
    "Mã hồ sơ",
    "Xã/phường",
    "Tình trạng",
    "Cán bộ phụ trách",
    "Tiếp nhận",
    "Liên lạc gần nhất",
    "Cần chú ý",
)


class CasePage(QWidget):
    """Loads when first shown; every case is listed by its code."""

    def __init__(
        self,
        cases: CaseService,
        communes: Callable[[], Sequence[Commune]],
        can_see_identity: bool,
        parent: QWidget | None = None,
        can_erase: bool = False,
    ) -> None:
        super().__init__(parent)
        self._cases = cases
        self._can_erase = can_erase
        self._communes = communes
        self._can_see_identity = can_see_identity
        self.rows: list[CaseRow] = []
        self.shown: list[CaseRow] = []
        self.loaded = False
        self.status_filter = QComboBox(self)
        self.status_filter.addItem(self.tr("Mọi tình trạng"), None)
        for code, label in STATUS_LABELS.items():
            self.status_filter.addItem(label, code)
        self.attention_filter = QComboBox(self)
        self.attention_filter.addItem(self.tr("Mọi hồ sơ"), "")
        self.attention_filter.addItem(self.tr("Đến hạn theo dõi"), "due")
        self.attention_filter.addItem(self.tr("Lâu không liên lạc"), "quiet")
        self.new_button = QPushButton(self.tr("Tiếp nhận hồ sơ…"), self)
        self.open_button = QPushButton(self.tr("Mở hồ sơ…"), self)
        self.new_button.setEnabled(can_see_identity)  # intake records an identity
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Tình trạng:"), self))
        top.addWidget(self.status_filter)
        top.addWidget(self.attention_filter)
        top.addStretch(1)
        top.addWidget(self.new_button)
        top.addWidget(self.open_button)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.table = plain_table(self, [self.tr(c) for c in COLUMNS])
        for column, width in enumerate((110, 170, 130, 160, 90, 120)):
            self.table.setColumnWidth(column, width)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        self.status_filter.currentIndexChanged.connect(self.apply_filter)
        self.attention_filter.currentIndexChanged.connect(self.apply_filter)
        self.new_button.clicked.connect(self.new_case)
        self.open_button.clicked.connect(self.open_case)
        self.table.doubleClicked.connect(self.open_case)

    def ensure_loaded(self) -> None:
        if not self.loaded:
            self.reload()

    def reload(self) -> None:
        self.loaded = True
        self.rows = self._cases.rows()
        self._due = {f.case_id for f in self._cases.due_follow_ups()}
        self._quiet = {r.id for r in self._cases.without_contact()}
        counts = {label: 0 for label in STATUS_LABELS.values()}
        for row in self.rows:
            counts[row.status_label] += 1
        self.summary.setText(
            "; ".join(f"{label}: {format_int(n)}" for label, n in counts.items())
            + self.tr(" — {due} hồ sơ đến hạn theo dõi, {quiet} hồ sơ lâu không liên lạc.").format(
                due=len(self._due), quiet=len(self._quiet)
            )
        )
        self.apply_filter()

    @Slot()
    def apply_filter(self) -> None:
        status = self.status_filter.currentData()
        attention = self.attention_filter.currentData()
        self.shown = [
            r
            for r in self.rows
            if (status is None or r.status == status)
            and (attention != "due" or r.id in self._due)
            and (attention != "quiet" or r.id in self._quiet)
        ]

        def flags(row: CaseRow) -> str:
            marks = []
            if row.id in self._due:
                marks.append(self.tr("đến hạn theo dõi"))
            if row.id in self._quiet:
                marks.append(self.tr("lâu không liên lạc"))
            return ", ".join(marks)

        fill_rows(
            self.table,
            [
                (
                    r.code,
                    r.commune_name,
                    r.status_label + (self.tr(" (đã xóa nhân thân)") if r.deidentified else ""),
                    r.assigned_worker,
                    format_date(r.intake_date),
                    format_date(r.last_contact),
                    flags(r),
                )
                for r in self.shown
            ],
        )

    def selected(self) -> CaseRow | None:
        row = self.table.currentRow()
        return self.shown[row] if 0 <= row < len(self.shown) else None

    @Slot()
    def new_case(self) -> None:
        dialog = NewCaseDialog(self._cases, [c for c in self._communes() if c.active], self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.reload()
        target = dialog.created[0] if dialog.created else dialog.open_existing
        if target is not None:
            self.open_file(target)

    @Slot()
    def open_case(self) -> None:
        row = self.selected()
        if row is not None:
            self.open_file(row.id)

    def open_file(self, case_id: int) -> None:
        CaseFileDialog(
            self._cases, case_id, self._communes(), self._can_see_identity, self, can_erase=self._can_erase
        ).exec()
        self.reload()
