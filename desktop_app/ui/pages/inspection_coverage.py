"""The inspections coverage of a period against the programme targets, per commune and overall."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt, Slot
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.dates import format_date
from desktop_app.domain.errors import DomainError
from desktop_app.domain.inspections import (
    CoverageLine,
    InspectionCoverage,
    Targets,
    YearTargets,
    format_target,
)
from desktop_app.domain.periods import Period
from desktop_app.domain.text import format_int, format_vnd
from desktop_app.services.inspections import InspectionService
from desktop_app.ui.geometry import fit_window
from desktop_app.ui.i18n import QT_TRANSLATE_NOOP, error_text
from desktop_app.ui.widgets.tables import fit_columns, plain_table, two_lines

PERIOD_YEAR = "year"
PERIOD_H1 = "h1"
PERIOD_H2 = "h2"
PERIOD_CUSTOM = "custom"
COVERAGE_COLUMNS = (
    QT_TRANSLATE_NOOP("InspectionCoverageView", "Xã, phường"),
    QT_TRANSLATE_NOOP("InspectionCoverageView", "Đang hoạt động"),
    QT_TRANSLATE_NOOP("InspectionCoverageView", "Được kiểm tra trong kỳ"),
    QT_TRANSLATE_NOOP("InspectionCoverageView", "Tỷ lệ trong kỳ"),
    QT_TRANSLATE_NOOP("InspectionCoverageView", "Đã kiểm tra từ đầu chương trình"),
    QT_TRANSLATE_NOOP("InspectionCoverageView", "Lượt kiểm tra"),
    QT_TRANSLATE_NOOP("InspectionCoverageView", "Vi phạm"),
    QT_TRANSLATE_NOOP("InspectionCoverageView", "Nhắc nhở"),
    QT_TRANSLATE_NOOP("InspectionCoverageView", "Xử phạt"),
    QT_TRANSLATE_NOOP("InspectionCoverageView", "Chuyển công an"),
    QT_TRANSLATE_NOOP("InspectionCoverageView", "Tiền phạt"),
)
RED = "#b71c1c"


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def _pct(value: float) -> str:
    return f"{value:.1f}".replace(".", ",") + " %"


class TargetsDialog(QDialog):
    """The programme targets the coverage is measured against."""

    def __init__(self, targets: Targets, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        fit_window(self)
        self.setWindowTitle(self.tr("Chỉ tiêu kiểm tra"))
        self.pct_spin = QSpinBox(self)
        self.pct_spin.setRange(1, 100)
        self.pct_spin.setSuffix(" %")
        self.pct_spin.setValue(targets.annual_pct)
        self.start_edit = QDateEdit(_qdate(targets.programme_start), self)
        self.start_edit.setDisplayFormat("dd/MM/yyyy")
        self.start_edit.setCalendarPopup(True)
        form = QFormLayout()
        form.addRow(self.tr("Tỷ lệ cơ sở được kiểm tra mỗi năm, ít nhất"), self.pct_spin)
        form.addRow(self.tr("Chương trình bắt đầu ngày (100 % cơ sở được kiểm tra)"), self.start_edit)
        self.years_table = QTableWidget(0, 4, self)
        self.years_table.setHorizontalHeaderLabels(
            [
                self.tr("Năm"),
                self.tr("Có cam kết (%)"),
                self.tr("Được kiểm tra (%)"),
                self.tr("Xã có tuyên truyền (%)"),
            ]
        )
        self.years_table.verticalHeader().setVisible(False)
        self.years_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        for line in targets.years:
            self._add_year_row(line)
        self.add_year_button = QPushButton(self.tr("Thêm năm"), self)
        self.remove_year_button = QPushButton(self.tr("Xóa năm"), self)
        self.add_year_button.clicked.connect(self.add_year)
        self.remove_year_button.clicked.connect(self.remove_year)
        year_buttons = QHBoxLayout()
        year_buttons.addWidget(self.add_year_button)
        year_buttons.addWidget(self.remove_year_button)
        year_buttons.addStretch(1)
        buttons = QDialogButtonBox(self)
        buttons.addButton(self.tr("Lưu"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.tr("Hủy"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(
            QLabel(
                self.tr(
                    "Chỉ tiêu theo kế hoạch của tỉnh từng năm (năm không ghi lấy năm gần nhất trước đó; "
                    "chưa ghi năm nào: cam kết 100 %, kiểm tra theo tỷ lệ trên, tuyên truyền 100 %):"
                ),
                self,
                wordWrap=True,
            )
        )
        layout.addWidget(self.years_table)
        layout.addLayout(year_buttons)
        layout.addWidget(buttons)

    def _spin(self, low: int, high: int, value: int, suffix: str = "") -> QSpinBox:
        spin = QSpinBox(self.years_table)
        spin.setRange(low, high)
        spin.setValue(value)
        spin.setSuffix(suffix)
        return spin

    def _add_year_row(self, line: YearTargets) -> None:
        row = self.years_table.rowCount()
        self.years_table.insertRow(row)
        self.years_table.setCellWidget(row, 0, self._spin(2000, 2100, line.year))
        for column, pct in enumerate(
            (line.commitment_pct, line.inspected_pct, line.communication_pct), start=1
        ):
            self.years_table.setCellWidget(row, column, self._spin(1, 100, pct, " %"))

    @Slot()
    def add_year(self) -> None:
        """A row for the year after the last one (this year for the first), with the last row's shares."""
        lines = self.targets().years
        if lines:
            last = lines[-1]
            self._add_year_row(
                YearTargets(last.year + 1, last.commitment_pct, last.inspected_pct, last.communication_pct)
            )
        else:
            self._add_year_row(YearTargets(date.today().year, inspected_pct=self.pct_spin.value()))

    @Slot()
    def remove_year(self) -> None:
        row = self.years_table.currentRow()
        if row >= 0:
            self.years_table.removeRow(row)

    def targets(self) -> Targets:
        years = []
        for row in range(self.years_table.rowCount()):
            spins = [self.years_table.cellWidget(row, column) for column in range(4)]
            values = [spin.value() for spin in spins if isinstance(spin, QSpinBox)]
            years.append(YearTargets(*values))
        return Targets(self.pct_spin.value(), _pydate(self.start_edit.date()), tuple(years))


class InspectionCoverageView(QWidget):
    """Period picker, the targets, a summary sentence and the per-commune table (the total first)."""

    def __init__(self, service: InspectionService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._service = service
        self.active = False
        self.coverage: InspectionCoverage | None = None
        self.period_combo = QComboBox(self)
        for code, label in (
            (PERIOD_YEAR, self.tr("Cả năm")),
            (PERIOD_H1, self.tr("6 tháng đầu năm")),
            (PERIOD_H2, self.tr("6 tháng cuối năm")),
            (PERIOD_CUSTOM, self.tr("Từ ngày … đến ngày …")),
        ):
            self.period_combo.addItem(label, code)
        self.year_spin = QSpinBox(self)
        self.year_spin.setRange(2000, 2100)
        self.year_spin.setValue(date.today().year)
        self.from_edit = QDateEdit(_qdate(date(date.today().year, 1, 1)), self)
        self.to_edit = QDateEdit(_qdate(date.today()), self)
        for edit in (self.from_edit, self.to_edit):
            edit.setDisplayFormat("dd/MM/yyyy")
            edit.setCalendarPopup(True)
        self.targets_label = QLabel(self)
        self.targets_button = QPushButton(self.tr("Đổi chỉ tiêu…"), self)
        self.coverage_table = plain_table(self, [two_lines(self.tr(c)) for c in COVERAGE_COLUMNS])
        self.coverage_table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        fit_columns(self.coverage_table)  # the commune column stretched and was cut: "Xã Chiềng C…"
        self.coverage_summary = QLabel(self)
        self.coverage_summary.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Kỳ"), self))
        row.addWidget(self.period_combo)
        row.addWidget(self.year_spin)
        row.addWidget(self.from_edit)
        row.addWidget(QLabel("–", self))
        row.addWidget(self.to_edit)
        row.addStretch(1)
        row.addWidget(self.targets_label)
        row.addWidget(self.targets_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(row)
        layout.addWidget(self.coverage_summary)
        layout.addWidget(self.coverage_table, 1)
        self.period_combo.currentIndexChanged.connect(self._period_changed)
        self.year_spin.valueChanged.connect(self.refresh)
        self.from_edit.dateChanged.connect(self.refresh)
        self.to_edit.dateChanged.connect(self.refresh)
        self.targets_button.clicked.connect(self.change_targets)
        self._period_changed()

    def period(self) -> Period:
        code = self.period_combo.currentData()
        year = self.year_spin.value()
        if code in (PERIOD_H1, PERIOD_H2):
            return Period.half(year, 1 if code == PERIOD_H1 else 2)
        if code == PERIOD_CUSTOM:
            return Period(_pydate(self.from_edit.date()), _pydate(self.to_edit.date()))
        return Period.year(year)

    @Slot()
    def _period_changed(self) -> None:
        custom = self.period_combo.currentData() == PERIOD_CUSTOM
        self.year_spin.setVisible(not custom)
        self.from_edit.setVisible(custom)
        self.to_edit.setVisible(custom)
        self.refresh()

    @Slot()
    def refresh(self) -> None:
        """Compute the coverage of the chosen period (only once the view has been shown)."""
        if not self.active:
            return
        try:
            self.coverage = self._service.coverage(self.period())
        except DomainError as err:
            self.coverage_summary.setText(f"<span style='color:{RED}'>{error_text(err)}</span>")
            self.coverage_table.setRowCount(0)
            return
        self._fill_coverage(self.coverage)

    def _fill_coverage(self, coverage: InspectionCoverage) -> None:
        targets = coverage.targets
        period_target = format_target(coverage.target_pct)
        yearly = targets.for_year(coverage.period.end.year).inspected_pct
        self.targets_label.setText(
            self.tr("Chỉ tiêu: ≥ {pct} % mỗi năm (kỳ này ≥ {period_pct} %); 100 % từ {start}").format(
                pct=yearly, period_pct=period_target, start=format_date(targets.programme_start)
            )
        )
        total = coverage.total
        met = self.tr("đạt") if coverage.annual_target_met else self.tr("chưa đạt")
        self.coverage_summary.setText(
            self.tr(
                "Kỳ {period}: {inspected} / {active} cơ sở đang hoạt động được kiểm tra ({pct}, "
                "{met} chỉ tiêu {target} %); {ever} cơ sở ({ever_pct}) đã được kiểm tra từ {start}. "
                "{visits} lượt kiểm tra, "
                "{violations} vi phạm, tiền phạt {fines}."
            ).format(
                period=coverage.period.text,
                inspected=format_int(total.inspected_active),
                active=format_int(total.active),
                pct=_pct(total.inspected_pct),
                met=met,
                target=period_target,
                ever=format_int(total.inspected_ever),
                ever_pct=_pct(total.ever_pct),
                start=format_date(targets.programme_start),
                visits=format_int(total.visits),
                violations=format_int(total.violations),
                fines=format_vnd(total.fines_vnd),
            )
        )
        lines = [total, *coverage.lines]
        self.coverage_table.setRowCount(len(lines))
        bold = QFont()
        bold.setBold(True)
        for row, line in enumerate(lines):
            for column, text in enumerate(self._coverage_cells(line)):
                item = QTableWidgetItem(text)
                if column > 0:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if column == 3 and line.active and line.inspected_pct < coverage.target_pct:
                    item.setForeground(QColor(RED))
                    item.setToolTip(
                        self.tr(
                            "Chưa đạt chỉ tiêu của kỳ {pct} % ({annual} %/năm tính theo độ dài kỳ)"
                        ).format(pct=period_target, annual=yearly)
                    )
                if column == 4 and line.active and line.inspected_ever < line.active:
                    item.setForeground(QColor(RED))
                    item.setToolTip(self.tr("Còn cơ sở chưa được kiểm tra lần nào"))
                if line is total:
                    item.setFont(bold)
                self.coverage_table.setItem(row, column, item)

    @staticmethod
    def _coverage_cells(line: CoverageLine) -> tuple[str, ...]:
        return (
            line.commune_name,
            format_int(line.active),
            format_int(line.inspected_active),
            _pct(line.inspected_pct),
            f"{format_int(line.inspected_ever)} ({_pct(line.ever_pct)})",
            format_int(line.visits),
            format_int(line.violations),
            format_int(line.reminders),
            format_int(line.penalties),
            format_int(line.referrals),
            format_vnd(line.fines_vnd),
        )

    @Slot()
    def change_targets(self) -> None:
        dialog = TargetsDialog(self._service.targets(), self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            self._service.set_targets(dialog.targets())
        except DomainError as err:
            QMessageBox.warning(self, self.tr("Chưa lưu được"), error_text(err))
            return
        self.refresh()
