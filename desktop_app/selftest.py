"""`--self-test`: what a technician runs on a new PC (and CI on the packaged files) to prove an install works.

Everything happens in a fresh temporary folder, never in the clerk's data: a new encrypted database is
created by the migration path, an older one is upgraded (with its pre-migration copy), a small demo register
is written to Excel and to a pre-filled commitment PDF, its periodic report to Excel (with the data package)
and PDF, and every file is read back. The bundled fonts,
form templates, translations and icon must be found. No Qt here: `__main__` checks Qt separately.
"""

from __future__ import annotations

import io
import platform
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TextIO

from desktop_app import __version__
from desktop_app.domain.security import SYSTEM
from desktop_app.paths import resources_dir
from desktop_app.services.self_checks import SelfCheckFailure, check_database, check_scans, check_upgrade

REQUIRED_RESOURCES: tuple[str, ...] = (
    "fonts/LiberationSerif-Regular.ttf",
    "fonts/LiberationSerif-Bold.ttf",
    "fonts/LiberationSerif-Italic.ttf",
    "fonts/LiberationSerif-BoldItalic.ttf",
    "fonts/BeVietnamPro-Regular.ttf",
    "fonts/BeVietnamPro-Medium.ttf",
    "fonts/BeVietnamPro-Bold.ttf",
    "form_templates/commitment_owner.txt",
    "form_templates/commitment_grounds.txt",
    "form_templates/commitment_employee.txt",
    "form_templates/inspection_minutes.txt",
    "form_templates/violation_record.txt",
    "report_templates/default.json",
    "translations/qtbase_vi.qm",
    "icons/app.ico",
    "icons/app.png",
    "help/huong-dan.md",
)
QM_MAGIC = bytes.fromhex("3cb86418caef9c95cd211cbf60a1bddd")
TRUETYPE_MAGICS = (b"\x00\x01\x00\x00", b"true", b"OTTO")
DEMO_BUSINESSES = 3
FORM_DATE = date(2026, 1, 15)
XLSX_TITLE_START = "DANH SÁCH CƠ SỞ KINH DOANH"
PDF_MIN_BYTES = 10_000
PDF_FONT_NAME = b"LiberationSerif"


# One check found a problem; the message says what (Vietnamese first, then English). The storage probes
# (a new encrypted database, an encrypted scan, an upgrade) live behind the services: the self-test never
# imports storage.
SelfTestFailure = SelfCheckFailure


@dataclass(frozen=True)
class CheckResult:
    name: str
    ok: bool
    detail: str
    seconds: float


@dataclass
class SelfTestReport:
    results: list[CheckResult]

    @property
    def ok(self) -> bool:
        return all(result.ok for result in self.results)


def check_resources(root: Path | None = None) -> str:
    """Every bundled file the app needs is there and looks like what it should be."""
    base = root or resources_dir()
    missing = [name for name in REQUIRED_RESOURCES if not (base / name).is_file()]
    if missing:
        raise SelfTestFailure(f"Thiếu tệp / missing: {', '.join(missing)} (trong / in {base})")
    for name in REQUIRED_RESOURCES:
        head = (base / name).read_bytes()[:16]
        if name.endswith(".ttf") and head[:4] not in TRUETYPE_MAGICS:
            raise SelfTestFailure(f"Phông chữ hỏng / broken font: {name}")
        if name.endswith(".qm") and head != QM_MAGIC:
            raise SelfTestFailure(f"Bản dịch hỏng / broken translation: {name}")
    return f"{len(REQUIRED_RESOURCES)} tệp trong / files in {base}"


def check_pdf_fonts() -> str:
    """reportlab registers the bundled Vietnamese serif family."""
    from reportlab.pdfbase import pdfmetrics

    from desktop_app.exports import pdf_layout

    pdf_layout.register_fonts()
    names = [pdf_layout.FONT, pdf_layout.FONT_BOLD, pdf_layout.FONT_ITALIC, pdf_layout.FONT_BOLD_ITALIC]
    for name in names:
        font = pdfmetrics.getFont(name)
        if not font.face.charWidths or ord("Ự") not in font.face.charWidths:
            raise SelfTestFailure(f"Phông {name} thiếu chữ tiếng Việt / lacks Vietnamese letters")
    return ", ".join(names)


def check_exports(folder: Path) -> str:
    """Demo data written to Excel and to a commitment PDF, then both read back."""
    from openpyxl import load_workbook

    from desktop_app.domain.periods import Period
    from desktop_app.domain.reports import read_package
    from desktop_app.exports.report_xlsx import read_package_from_xlsx
    from desktop_app.services.app_services import open_services

    services = open_services(folder / "xuat" / "pcmd.sqlite3", actor=SYSTEM, encrypt_new=False)
    try:
        services.demo.fill(DEMO_BUSINESSES, seed=1)
        xlsx = folder / "danh-sach-co-so.xlsx"
        exported = services.transfer.export(xlsx)
        ids = [row.id for row in services.businesses.rows()]
        pdf = folder / "ban-cam-ket.pdf"
        printed = services.commitments.print_owner_forms(pdf, ids, FORM_DATE)
        report = services.reports.report(Period.year(FORM_DATE.year))
        report_xlsx = services.reports.write_xlsx(report, folder / "bao-cao.xlsx")
        report_pdf = services.reports.write_pdf(report, folder / "bao-cao.pdf")
    finally:
        services.close()
    package = read_package_from_xlsx(report_xlsx)
    if package is None or read_package(package).values.flat() != report.values.flat():
        raise SelfTestFailure(
            "Báo cáo Excel không mang đúng gói số liệu / report workbook without its data package"
        )
    report_data = report_pdf.read_bytes()
    if not report_data.startswith(b"%PDF-") or len(report_data) < PDF_MIN_BYTES:
        raise SelfTestFailure(f"Báo cáo PDF không đúng / unexpected report PDF ({len(report_data)} bytes)")
    workbook = load_workbook(xlsx, read_only=True)
    try:
        cells = [str(value) for row in workbook.active.iter_rows(values_only=True) for value in row if value]
    finally:
        workbook.close()
    if exported != DEMO_BUSINESSES or not any(cell.startswith(XLSX_TITLE_START) for cell in cells):
        raise SelfTestFailure(f"Tệp Excel không đúng / unexpected workbook ({exported} dòng / rows)")
    data = pdf.read_bytes()
    if not data.startswith(b"%PDF-") or len(data) < PDF_MIN_BYTES or PDF_FONT_NAME not in data:
        raise SelfTestFailure(f"Tệp PDF không đúng / unexpected PDF ({len(data)} bytes)")
    return (
        f"Excel {exported} dòng / rows, PDF {printed} bản / forms, {len(data) // 1024} KB; "
        f"báo cáo / report: Excel + PDF {len(report_data) // 1024} KB"
    )


Check = tuple[str, Callable[[], str]]


def _checks(folder: Path) -> list[Check]:
    return [
        ("Tài nguyên / resources", check_resources),
        ("Phông PDF / PDF fonts", check_pdf_fonts),
        ("Dữ liệu mới / new database", lambda: check_database(folder)),
        ("Bản chụp mã hóa / encrypted scans", lambda: check_scans(folder)),
        ("Nâng cấp dữ liệu / upgrade", lambda: check_upgrade(folder)),
        ("Xuất Excel và PDF / exports", lambda: check_exports(folder)),
    ]


@contextmanager
def _scratch() -> Iterator[Path]:
    # ignore_cleanup_errors: on Windows a scanner may still hold a file we just wrote
    with tempfile.TemporaryDirectory(prefix="pcmd-selftest-", ignore_cleanup_errors=True) as name:
        yield Path(name)


def run_checks(extra: list[Check] | None = None) -> SelfTestReport:
    """Run every check in a temporary folder; a failing check does not stop the others."""
    results: list[CheckResult] = []
    with _scratch() as folder:
        for name, check in _checks(folder) + (extra or []):
            started = time.perf_counter()
            try:
                detail, ok = check(), True
            except SelfTestFailure as err:
                detail, ok = str(err), False
            except Exception as err:
                last = traceback.extract_tb(err.__traceback__)[-1]
                where = f"{Path(last.filename).name}:{last.lineno}"
                detail, ok = f"{type(err).__name__}: {err} ({where})", False
            results.append(CheckResult(name, ok, detail, time.perf_counter() - started))
    return SelfTestReport(results)


def print_report(report: SelfTestReport, out: TextIO) -> None:
    out.write(
        f"PCMD Desk {__version__} — tự kiểm tra / self-test "
        f"(Python {platform.python_version()}, {platform.platform()})\n"
    )
    for result in report.results:
        mark = "OK  " if result.ok else "LỖI "
        out.write(f"  [{mark}] {result.name}: {result.detail} ({result.seconds:.1f} s)\n")
    if report.ok:
        out.write("Kết quả: ĐẠT — máy này chạy được PCMD Desk. / Result: PASS\n")
    else:
        out.write("Kết quả: KHÔNG ĐẠT — xem các dòng LỖI ở trên. / Result: FAIL\n")
    out.flush()


def main(extra: list[Check] | None = None, out: TextIO | None = None) -> int:
    """Run, print and return the exit code: 0 when every check passed, 1 otherwise."""
    report = run_checks(extra)
    if out is None:
        out = sys.stdout
        if isinstance(out, io.TextIOWrapper):  # a Windows pipe in cp1252 must not crash the report
            out.reconfigure(errors="replace")
    print_report(report, out)
    return 0 if report.ok else 1
