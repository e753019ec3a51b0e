"""Periodic reports: pick a period, preview every table of the template, then write Excel, PDF or the data
package; or consolidate units' files (the upper level's side) and write the same outputs from them. Issue a
report (frozen with its number and date), re-open an issued one as sent, see what changed since."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QSize, Qt, Slot
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.dates import format_date
from desktop_app.domain.errors import DomainError
from desktop_app.domain.issued_reports import FILE_KINDS, FILE_LABELS, ChangesSinceIssue, IssuedReportSummary
from desktop_app.domain.periods import (
    CLOSING_CONVENTIONS,
    CLOSING_RULE_SOURCE,
    CLOSING_RULE_VERIFIED,
    ROMAN_QUARTERS,
    Period,
)
from desktop_app.domain.report_templates import (
    ReportTable,
    ReportTemplate,
    format_value,
    parse_template,
    summary_rows,
    table_rows,
)
from desktop_app.domain.reports import Report
from desktop_app.services.issued_reports import IssuedReportService
from desktop_app.services.reports import Consolidation, ReportService
from desktop_app.ui.dialogs.entered_dialog import EnteredDialog
from desktop_app.ui.dialogs.issue_dialogs import IssueDialog, IssuedReportsDialog
from desktop_app.ui.geometry import fit_window
from desktop_app.ui.i18n import error_text
from desktop_app.ui.tasks import SaveOptions, TaskRunner, run_with_progress, save_with_progress
from desktop_app.ui.widgets.tables import plain_table

KIND_YEAR, KIND_S1, KIND_S2, KIND_QUARTER, KIND_MONTH, KIND_RANGE = range(6)


def default_period(today: date) -> tuple[int, int]:
    """(kind, year) of the last finished six months: the first half once July has come, else last year."""
    return (KIND_S1, today.year) if today.month > 6 else (KIND_YEAR, today.year - 1)


VALUE_COLUMN_WIDTH = 95
HEADER_PADDING = 12
MISSING_NAMED = 5  # more units missing than this: the title gives their number, the message one line


def _wrapped(text: str, metrics: QFontMetrics, width: int) -> str:
    """`text` broken at spaces into lines no wider than `width` (a single longer word keeps its line)."""
    lines: list[str] = []
    for word in text.split():
        if lines and metrics.horizontalAdvance(f"{lines[-1]} {word}") <= width:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return "\n".join(lines)


class ReportPage(QWidget):
    def __init__(
        self,
        reports: ReportService,
        runner: TaskRunner,
        ui_state: Any,
        parent: QWidget | None = None,
        can_admin: bool = False,
        issued: IssuedReportService | None = None,
    ) -> None:
        super().__init__(parent)
        self._reports = reports
        self._issued = issued
        self.issued_report: IssuedReportSummary | None = None  # the issued report shown, as it was sent
        self.changes: ChangesSinceIssue | None = None  # the report shown against its period's issue
        self._runner = runner
        self._ui_state = ui_state
        self._can_admin = can_admin
        self.report: Report | None = None
        self.consolidation: Consolidation | None = None

        self.kind = QComboBox(self)
        self.kind.addItems(
            [
                self.tr("Năm"),
                self.tr("6 tháng đầu năm"),
                self.tr("6 tháng cuối năm"),
                self.tr("Quý"),
                self.tr("Tháng"),
                self.tr("Khoảng ngày"),
            ]
        )
        self.year = QSpinBox(self)
        self.year.setRange(2000, 2100)
        self.part = QComboBox(self)
        self.date_from = QDateEdit(self)
        self.date_to = QDateEdit(self)
        for edit in (self.date_from, self.date_to):
            edit.setDisplayFormat("dd/MM/yyyy")
            edit.setCalendarPopup(True)
        today = date.today()
        kind, year = default_period(today)
        self.year.setValue(year)
        self.kind.setCurrentIndex(kind)
        self.date_from.setDate(QDate(today.year, 1, 1))
        self.date_to.setDate(QDate(today.year, today.month, today.day))
        self.make_button = QPushButton(self.tr("&Lập báo cáo"), self)
        self.make_button.setDefault(True)
        self.entered_button = QPushButton(self.tr("Số liệu &nhập tay…"), self)
        self.entered_button.setToolTip(self.tr("Các số liệu mẫu báo cáo của tỉnh yêu cầu đơn vị tự nhập"))
        self.consolidate_button = QPushButton(self.tr("Tổng hợp từ đơn vị…"), self)
        self.template_button = QPushButton(self.tr("Mẫu báo cáo…"), self)
        self.template_button.setVisible(can_admin)

        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Kỳ báo cáo:"), self))
        self._dash = QLabel("–", self)
        for widget in (self.kind, self.year, self.part, self.date_from, self._dash, self.date_to):
            top.addWidget(widget)
        top.addWidget(self.make_button)
        top.addWidget(self.entered_button)
        top.addStretch(1)
        top.addWidget(self.consolidate_button)
        top.addWidget(self.template_button)

        self.title = QLabel(self)
        self.title.setWordWrap(True)
        self.tabs = QTabWidget(self)
        self.xlsx_button = QPushButton(self.tr("Xuất &Excel…"), self)
        self.pdf_button = QPushButton(self.tr("Xuất &PDF…"), self)
        self.package_button = QPushButton(self.tr("Gói số liệu gửi cấp trên…"), self)
        self.issue_button = QPushButton(self.tr("&Ban hành báo cáo…"), self)
        self.issue_button.setEnabled(False)
        self.issued_button = QPushButton(self.tr("Báo cáo đã ban hành…"), self)
        self.save_issued_button = QPushButton(self.tr("Lưu bản đã ban hành…"), self)
        self._save_issued_menu = QMenu(self.save_issued_button)
        for file_kind in FILE_KINDS:
            action = self._save_issued_menu.addAction(FILE_LABELS[file_kind])
            action.setData(file_kind)
            action.triggered.connect(lambda _c=False, k=file_kind: self.save_issued(k))
        self.save_issued_button.setMenu(self._save_issued_menu)
        self.save_issued_button.setVisible(False)
        bottom = QHBoxLayout()
        if issued is not None:
            bottom.addWidget(self.issue_button)
            bottom.addWidget(self.issued_button)
        else:
            self.issue_button.hide()
            self.issued_button.hide()
        bottom.addStretch(1)
        for button in (self.xlsx_button, self.pdf_button, self.package_button):
            bottom.addWidget(button)
            button.setEnabled(False)
        bottom.addWidget(self.save_issued_button)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.title)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(bottom)

        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.make_button.clicked.connect(self.make_report)
        self.consolidate_button.clicked.connect(self.consolidate)
        self.entered_button.clicked.connect(self.enter_figures)
        self.template_button.clicked.connect(self.manage_template)
        self.xlsx_button.clicked.connect(lambda: self._save("xlsx"))
        self.pdf_button.clicked.connect(lambda: self._save("pdf"))
        self.package_button.clicked.connect(lambda: self._save("json"))
        self.issue_button.clicked.connect(self.issue_report)
        self.issued_button.clicked.connect(self.show_issued)
        self._kind_changed()
        self.title.setText(self.tr("Chọn kỳ báo cáo rồi bấm «Lập báo cáo»."))
        self._template_changed()

    def _template_changed(self) -> None:
        """The typed-in figures' button only for a template that declares some."""
        self.entered_button.setVisible(bool(self._reports.template().entered))

    @Slot()
    def enter_figures(self) -> None:
        """Type in the template's entered figures for the chosen period; the report shown is made again."""
        period = self.period()
        if period.end < period.start:
            return
        dialog = EnteredDialog(self._reports, period, self)
        if (
            dialog.exec() == QDialog.DialogCode.Accepted
            and self.report is not None
            and self.consolidation is None
        ):
            self.make_report()

    # ---- Period
    @Slot()
    def _kind_changed(self) -> None:
        kind = self.kind.currentIndex()
        self.part.clear()
        if kind == KIND_QUARTER:
            self.part.addItems([f"Quý {q}" for q in ROMAN_QUARTERS])
        elif kind == KIND_MONTH:
            self.part.addItems([f"Tháng {m}" for m in range(1, 13)])
        self.part.setVisible(kind in (KIND_QUARTER, KIND_MONTH))
        self.year.setVisible(kind != KIND_RANGE)
        for widget in (self.date_from, self.date_to, self._dash):
            widget.setVisible(kind == KIND_RANGE)

    def period(self) -> Period:
        kind, year, part = self.kind.currentIndex(), self.year.value(), self.part.currentIndex() + 1
        if kind == KIND_YEAR:
            return Period.year(year)
        if kind in (KIND_S1, KIND_S2):
            return Period.half(year, 1 if kind == KIND_S1 else 2)
        if kind == KIND_QUARTER:
            return Period.quarter(year, part)
        if kind == KIND_MONTH:
            return Period.month(year, part)
        start, end = self.date_from.date(), self.date_to.date()
        return Period(
            date(start.year(), start.month(), start.day()), date(end.year(), end.month(), end.day())
        )

    # ---- Computing
    @Slot()
    def make_report(self) -> None:
        period = self.period()
        if period.end < period.start:
            QMessageBox.information(
                self, self.tr("Kỳ báo cáo"), self.tr("Ngày cuối kỳ phải từ ngày đầu kỳ trở đi.")
            )
            return

        issued = self._issued

        def work(
            _progress: Callable[[int, int], None], _cancel: threading.Event
        ) -> tuple[Report, ReportTemplate, ChangesSinceIssue | None]:
            report = self._reports.report(period)
            changes = issued.changes(report) if issued is not None else None
            return report, self._reports.template(), changes

        run_with_progress(
            self._runner,
            self,
            self.tr("Đang tính các chỉ tiêu…"),
            work,
            lambda result: self._show(result[0], result[1], None, changes=result[2]),
            self._failed,
        )

    def _failed(self, err: BaseException) -> None:
        text = error_text(err) if isinstance(err, DomainError) else self.tr("Không lập được báo cáo.")
        QMessageBox.information(self, self.tr("Chưa lập được báo cáo"), text)

    def _show(
        self,
        report: Report,
        template: ReportTemplate,
        consolidation: Consolidation | None,
        changes: ChangesSinceIssue | None = None,
        issued: IssuedReportSummary | None = None,
    ) -> None:
        self.report, self.consolidation = report, consolidation
        self.changes, self.issued_report = changes, issued
        self.tabs.clear()
        if changes is not None and changes.differences:
            label = self.tr("Khác bản đã ban hành ({n})").format(n=len(changes.differences))
            self.tabs.addTab(self._changes_widget(changes), label)
        for table in template.tables:
            self.tabs.addTab(self._table_widget(table, report), table.title.split(".")[0])
        title = f"{report.unit.name} — {report.period.label} ({report.period.text})"
        if consolidation is not None:
            title += self.tr(". Tổng hợp {n} đơn vị").format(n=len(consolidation.included))
            missing = consolidation.missing
            if len(missing) > MISSING_NAMED:  # a Sở Y tế expects every commune of its province
                title += self.tr("; chưa có {n} đơn vị").format(n=len(missing))
            elif missing:
                title += self.tr("; chưa có: {names}").format(names=", ".join(missing))
            if consolidation.rejected:
                title += self.tr("; loại {n} tệp").format(n=len(consolidation.rejected))
        if issued is not None:
            sent = self.tr("Báo cáo số {number} ngày {day} (đã ban hành; số liệu và tệp như đã gửi): ")
            title = sent.format(number=issued.number, day=format_date(issued.issued_on)) + title
            if issued.replaces_number:
                title += self.tr(". Thay thế báo cáo số {n}").format(n=issued.replaces_number)
            if issued.replaced_by_number:
                title += self.tr(". Đã được thay thế bằng báo cáo số {n}").format(n=issued.replaced_by_number)
        elif changes is not None:
            title += self.tr(". Kỳ này đã ban hành báo cáo số {number} ngày {day}").format(
                number=changes.issued.number, day=format_date(changes.issued.issued_on)
            )
            title += (
                self.tr("; {n} số liệu khác với bản đã gửi (xem trang «Khác bản đã ban hành»)").format(
                    n=len(changes.differences)
                )
                if changes.differences
                else self.tr("; số liệu không khác bản đã gửi")
            )
        self.title.setText(title + ".")
        usable = consolidation is None or bool(consolidation.included)  # never an empty report upward
        for button in (self.xlsx_button, self.pdf_button, self.package_button):
            button.setEnabled(usable)
            button.setVisible(issued is None)
        self.save_issued_button.setVisible(issued is not None)
        self.issue_button.setEnabled(usable and issued is None and not report.demo)
        self.issue_button.setText(
            self.tr("&Ban hành báo cáo thay thế…") if changes is not None else self.tr("&Ban hành báo cáo…")
        )

    def _changes_widget(self, changes: ChangesSinceIssue) -> QWidget:
        box = QWidget(self.tabs)
        layout = QVBoxLayout(box)
        layout.addWidget(
            QLabel(
                self.tr("Số liệu khác với báo cáo số {number} ngày {day} đã ban hành").format(
                    number=changes.issued.number, day=format_date(changes.issued.issued_on)
                ),
                box,
            )
        )
        grid = plain_table(
            box, [self.tr("Chỉ tiêu"), self.tr("Dòng"), self.tr("Đã gửi"), self.tr("Hiện nay")]
        )
        grid.setObjectName("changes_since_issue")
        grid.setRowCount(len(changes.differences))
        for r, d in enumerate(changes.differences):
            texts = [d.indicator, d.row or self.tr("Tổng số"), _figure(d.sent), _figure(d.now)]
            for c, text in enumerate(texts):
                item = QTableWidgetItem(text)
                if c >= 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                grid.setItem(r, c, item)
        grid.setColumnWidth(0, 360)
        grid.setColumnWidth(1, 220)
        grid.setColumnWidth(2, 120)
        layout.addWidget(grid, 1)
        return box

    def _table_widget(self, table: ReportTable, report: Report) -> QWidget:
        box = QWidget(self.tabs)
        layout = QVBoxLayout(box)
        layout.addWidget(QLabel(f"<b>{table.title}</b>", box))
        if table.by is None:
            headers = ["STT", table.row_header, table.value_label]
        else:
            groups = {
                index: label for label, first, last in table.header_groups for index in range(first, last + 1)
            }
            headers = [
                "STT",
                table.row_header,
                *[f"{groups[i]}\n{c.label}" if i in groups else c.label for i, c in enumerate(table.columns)],
            ]
        grid: QTableWidget = plain_table(box, headers)
        rows = table_rows(table, report.values)
        grid.setRowCount(len(rows))
        for r, row in enumerate(rows):
            texts = [
                row.number,
                row.label,
                *[format_value(v, u) for v, u in zip(row.cells, row.units, strict=True)],
            ]
            for c, text in enumerate(texts):
                item = QTableWidgetItem(text)
                if c >= 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if row.total:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                grid.setItem(r, c, item)
        # how each figure is counted, on hover: the column's indicator, or the row's in a list table
        for c, column in enumerate(table.columns, start=2):
            header = grid.horizontalHeaderItem(c)
            if header is not None:
                header.setToolTip(report.values.indicator(column.indicator).definition)
        for r, line in enumerate(table.lines):
            label = grid.item(r, 1)
            if label is not None:
                label.setToolTip(report.values.indicator(line.indicator).definition)
        grid.setColumnWidth(0, 40)
        grid.setColumnWidth(1, 230 if table.by is not None else 420)
        metrics = grid.horizontalHeader().fontMetrics()
        for c in range(2, len(headers)):
            # a long heading is broken into lines that fit its column, never cut at both ends
            words = headers[c].split()
            width = max([VALUE_COLUMN_WIDTH, *(metrics.horizontalAdvance(w) + HEADER_PADDING for w in words)])
            lines = [_wrapped(part, metrics, width - HEADER_PADDING) for part in headers[c].split("\n")]
            header_item = grid.horizontalHeaderItem(c)
            if header_item is not None:
                header_item.setText("\n".join(lines))
            grid.setColumnWidth(c, width)
        grid.horizontalHeader().setStretchLastSection(False)
        layout.addWidget(grid, 1)
        extra = [
            f"{label}: {format_value(value, unit)}"
            for label, value, unit in summary_rows(table, report.values)
        ]
        extra += [self.tr("Ghi chú: {note}").format(note=note) for note in table.notes]
        if extra:
            notes = QLabel("\n".join(extra), box)
            notes.setWordWrap(True)
            layout.addWidget(notes)
        return box

    # ---- Writing
    def _save(self, kind: str) -> None:
        report = self.report
        if report is None:
            return
        prefix = "tong-hop" if report.consolidated else "bao-cao"
        names = {"xlsx": "Excel (*.xlsx)", "pdf": "PDF (*.pdf)", "json": self.tr("Gói số liệu (*.json)")}
        writers: dict[str, Callable[[Report, str], Path]] = {
            "xlsx": self._reports.write_xlsx,
            "pdf": self._reports.write_pdf,
            "json": self._reports.write_package,
        }

        def job(path: str, _progress: Callable[[int, int], None], _cancel: threading.Event) -> int:
            writers[kind](report, path)
            return 1

        save_with_progress(
            self._runner,
            self,
            self._ui_state,
            SaveOptions(
                title=self.tr("Lưu báo cáo"),
                default_name=f"{prefix}-pcmd-{report.period.code}.{kind}",
                file_filter=names[kind],
                label=self.tr("Đang ghi báo cáo…"),
                done_text=lambda _n, name: self.tr("Đã ghi «{name}».").format(name=name),
                failure_text=self.tr("Không ghi được tệp báo cáo."),
            ),
            job,
        )

    # ---- Issuing
    @Slot()
    def issue_report(self) -> None:
        """Ask the number and date, then freeze the report shown (a replacement of its period's issue)."""
        report, issued = self.report, self._issued
        if report is None or issued is None or self.issued_report is not None:
            return
        try:
            newest = issued.newest_issue(self._reports.template().id, report.period.code)
            proposed = issued.proposed_number(date.today().year)
        except DomainError as err:
            QMessageBox.information(self, self.tr("Chưa ban hành được"), error_text(err))
            return
        dialog = IssueDialog(report.period.label, proposed, date.today(), newest, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        number, day = dialog.values()
        replaces_id = newest.id if newest is not None else None

        def work(_progress: Callable[[int, int], None], _cancel: threading.Event) -> IssuedReportSummary:
            return issued.issue(report, number, day, replaces_id)

        def failed(err: BaseException) -> None:
            text = error_text(err) if isinstance(err, DomainError) else self.tr("Không ban hành được.")
            QMessageBox.information(self, self.tr("Chưa ban hành được"), text)

        label = self.tr("Đang ban hành báo cáo…")
        run_with_progress(self._runner, self, label, work, lambda done: self.open_issued(done.id), failed)

    @Slot()
    def show_issued(self) -> None:
        """The list of issued reports; the one chosen is shown as it was sent."""
        if self._issued is None:
            return
        dialog = IssuedReportsDialog(self._issued.issued_reports(), self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.chosen is not None:
            self.open_issued(dialog.chosen.id)

    def open_issued(self, report_id: int) -> None:
        """Show an issued report: its stored figures, laid out with the template it was issued with."""
        if self._issued is None:
            return
        try:
            found = self._issued.open_issued(report_id)
            template = parse_template(found.template_data)
        except DomainError as err:
            QMessageBox.information(self, self.tr("Không mở được báo cáo"), error_text(err))
            return
        self._show(found.report, template, None, issued=found.summary)

    def save_issued(self, kind: str) -> None:
        """Save a file of the issued report shown, byte for byte as it was issued."""
        issued, shown = self._issued, self.issued_report
        if issued is None or shown is None:
            return
        name = next((f.file_name for f in shown.files if f.kind == kind), f"bao-cao.{kind}")
        filters = {"xlsx": "Excel (*.xlsx)", "pdf": "PDF (*.pdf)", "json": self.tr("Gói số liệu (*.json)")}

        def job(path: str, _progress: Callable[[int, int], None], _cancel: threading.Event) -> int:
            issued.save_issued_file(shown.id, kind, path)
            return 1

        save_with_progress(
            self._runner,
            self,
            self._ui_state,
            SaveOptions(
                title=self.tr("Lưu bản đã ban hành"),
                default_name=name,
                file_filter=filters[kind],
                label=self.tr("Đang ghi tệp…"),
                done_text=lambda _n, saved: self.tr("Đã ghi «{name}» (đúng bản đã ban hành).").format(
                    name=saved
                ),
                failure_text=self.tr("Không ghi được tệp."),
            ),
            job,
        )

    # ---- Consolidation
    @Slot()
    def consolidate(self) -> None:
        folder = self._ui_state.last_folder if self._ui_state is not None else ""
        files, _ = QFileDialog.getOpenFileNames(
            self,
            self.tr("Chọn báo cáo của các đơn vị"),
            folder,
            self.tr("Gói số liệu hoặc báo cáo Excel (*.json *.xlsx)"),
        )
        if not files:
            return
        period = self.period()
        dialog = QDialog(self)
        fit_window(dialog)
        dialog.setWindowTitle(self.tr("Tổng hợp báo cáo"))
        text = QLabel(
            self.tr("Tổng hợp {n} tệp cho kỳ {period}.").format(n=len(files), period=period.label), dialog
        )
        newest_box = QCheckBox(self.tr("Đơn vị gửi hai lần: dùng tệp mới nhất"), dialog)
        expected_before = self._reports.expected_units()
        expected = QPlainTextEdit("\n".join(expected_before), dialog)
        expected.setObjectName("expected_units")
        expected.setReadOnly(not self._can_admin)
        expected.setMaximumHeight(120)
        expected_label = QLabel(
            self.tr(
                "Các đơn vị phải gửi báo cáo (mỗi dòng một đơn vị, mã đơn vị trong ngoặc vuông như "
                "«Xã Mai Sơn [2025:04105]»; để trống nếu không theo dõi):"
            ),
            dialog,
        )
        expected_label.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, dialog
        )
        buttons.accepted.connect(dialog.accept)
        buttons.rejected.connect(dialog.reject)
        box = QVBoxLayout(dialog)
        for widget in (text, newest_box, expected_label, expected, buttons):
            box.addWidget(widget)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        newest = newest_box.isChecked()
        names = [line.strip() for line in expected.toPlainText().splitlines() if line.strip()]
        if self._can_admin and names != expected_before:
            try:
                self._reports.set_expected_units(names)
            except DomainError as err:
                QMessageBox.information(self, self.tr("Chưa lưu danh sách đơn vị"), error_text(err))

        def work(
            _progress: Callable[[int, int], None], _cancel: threading.Event
        ) -> tuple[Consolidation, ReportTemplate]:
            return self._reports.consolidate(files, period, newest), self._reports.template()

        def done(result: tuple[Consolidation, ReportTemplate]) -> None:
            consolidation, template = result
            self._show(consolidation.report, template, consolidation)
            if consolidation.rejected or consolidation.missing:
                lines = [f"• {r.file_name}: {r.reason}" for r in consolidation.rejected]
                missing = consolidation.missing
                if len(missing) > MISSING_NAMED:
                    lines.append(
                        self.tr("• Chưa có báo cáo của {n} đơn vị: {names}").format(
                            n=len(missing), names="; ".join(missing)
                        )
                    )
                else:
                    lines += [self.tr("• Chưa có báo cáo của: {name}").format(name=m) for m in missing]
                QMessageBox.information(self, self.tr("Kết quả tổng hợp"), "\n".join(lines))

        run_with_progress(self._runner, self, self.tr("Đang tổng hợp…"), work, done, self._failed)

    # ---- Template (administrators)
    @Slot()
    def manage_template(self) -> None:
        TemplateDialog(self._reports, self).exec()
        self._template_changed()


def _figure(value: int | float | None) -> str:
    if value is None:
        return "—"
    return format_value(value, "pct" if isinstance(value, float) else "count")


class TemplateDialog(QDialog):
    """Which template the reports use: an administrator loads the province's file or goes back to the
    default."""

    def __init__(self, reports: ReportService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._reports = reports
        self.setWindowTitle(self.tr("Mẫu báo cáo"))
        self.current = QLabel(self)
        self.current.setWordWrap(True)
        self.load_button = QPushButton(self.tr("Nhập tệp mẫu của cấp trên…"), self)
        self.default_button = QPushButton(self.tr("Dùng mẫu mặc định"), self)
        self.closing = QComboBox(self)
        for code, label in CLOSING_CONVENTIONS.items():
            self.closing.addItem(label, code)
        self.closing.setCurrentIndex(max(self.closing.findData(reports.closing_convention()), 0))
        self.closing_note = QLabel(self)
        self.closing_note.setWordWrap(True)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.load_button)
        buttons.addWidget(self.default_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.current)
        layout.addLayout(buttons)
        layout.addWidget(QLabel(self.tr("Thời gian chốt số liệu của báo cáo định kỳ:"), self))
        layout.addWidget(self.closing)
        layout.addWidget(self.closing_note)
        layout.addWidget(close)
        self.closing.currentIndexChanged.connect(self._closing_changed)
        self.load_button.clicked.connect(self.load)
        self.default_button.clicked.connect(self.use_default)
        fit_window(self, QSize(600, 260))
        self.refresh()

    @Slot()
    def _closing_changed(self) -> None:
        self._reports.set_closing_convention(str(self.closing.currentData()))
        self.refresh()

    def refresh(self) -> None:
        template = self._reports.template()
        default = self._reports.template_is_default()
        self.current.setText(
            self.tr("Đang dùng: «{name}» ({n} biểu{kind}).").format(
                name=template.name,
                n=len(template.tables),
                kind=self.tr(", mẫu mặc định") if default else self.tr(", nhập từ tệp"),
            )
        )
        problem = self._reports.stored_template_problem()
        if problem:
            self.current.setText(
                self.current.text()
                + "\n"
                + self.tr("Mẫu đã nhập không dùng được ({problem}); báo cáo đang dùng mẫu mặc định.").format(
                    problem=problem
                )
            )
        self.default_button.setEnabled(not default)
        moved = self._reports.official_period(Period.half(date.today().year, 1))
        note = self.tr("Ví dụ: 6 tháng đầu năm {year} tính từ ngày {start} đến ngày {end}.").format(
            year=date.today().year, start=format_date(moved.start), end=format_date(moved.end)
        )
        if moved.named and not CLOSING_RULE_VERIFIED:
            note += " " + self.tr("Cách chốt này chưa đối chiếu đủ với văn bản gốc của {source}.").format(
                source=CLOSING_RULE_SOURCE
            )
        self.closing_note.setText(note)

    @Slot()
    def load(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Chọn tệp mẫu báo cáo do cấp trên gửi"), "", self.tr("Mẫu báo cáo (*.json)")
        )
        if not path:
            return
        try:
            self._reports.import_template(path)
        except DomainError as err:
            QMessageBox.information(self, self.tr("Không dùng được tệp mẫu"), error_text(err))
            return
        self.refresh()

    @Slot()
    def use_default(self) -> None:
        self._reports.reset_template()
        self.refresh()
