"""Render every table of the report to PNG, as the PDF prints it and as the Excel workbook prints on A4, for
docs/reports.md: docs/report-pdf-<table>.png (the PDF page where each default table starts),
docs/report-xlsx-<table>.png (the first A4 page of each sheet, printed by LibreOffice), and
docs/report-province-groups.png and docs/report-province-tables.png (the PDF with the province example
template resources/report_templates/vi-du-tinh.json, a few figures typed in: the page of its first table, by
groups of business types, and the page of its last tables, typed-in figures). The office is the demo one (Sở
Y tế Sơn La, 75 communes) with 300 generated businesses, the year report of 2026. Needs pdftoppm and
pdftotext (poppler-utils) and soffice (LibreOffice).

Usage:
    .venv/bin/python docs/make_report_pages.py

Pictures last made: 2026-12-07 (when a run changes no picture, update this date and commit it).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from desktop_app.domain.periods import parse_period
from desktop_app.domain.security import ROLE_ADMIN, UserInput
from desktop_app.services.app_services import open_services

DOCS = Path(__file__).resolve().parent
TEMPLATES = DOCS.parent / "resources" / "report_templates"
FONTS = DOCS.parent / "resources" / "fonts"
YEAR = parse_period("2026")
DPI = 70


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise SystemExit(f"{name} is missing (poppler-utils, libreoffice)")
    return found


def _page_texts(pdf: Path) -> list[str]:
    """The text of each page of `pdf`."""
    text = subprocess.run(
        [_tool("pdftotext"), "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    return text.split("\f")


def _first_page_with(pages: list[str], title: str, after: int = 0) -> int:
    """The 1-based number of the first page from `after` whose text holds the table's title (its first words,
    which never wrap), in any case."""
    words = " ".join(title.split()[:3]).upper()  # the workbook prints titles in capitals
    for number, text in enumerate(pages, start=1):
        if number >= after and words in " ".join(text.split()).upper():
            return number
    raise SystemExit(f"no page shows «{title}»")


def _png(pdf: Path, page: int, name: str) -> None:
    stem = DOCS / name
    pages = ["-f", str(page), "-l", str(page), "-singlefile"]
    subprocess.run([_tool("pdftoppm"), "-r", str(DPI), "-png", *pages, str(pdf), str(stem)], check=True)
    print("saved", stem.with_suffix(".png"), "page", page)


def _fontconfig(folder: Path) -> dict[str, str]:
    """The environment for LibreOffice with the app's bundled Liberation Serif added to the system's fonts:
    it has the metrics of Times New Roman, which the workbook names, so the pages break as on an office PC
    (without it LibreOffice falls back to a wider font on Linux)."""
    config = folder / "fonts.conf"
    config.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        f'<include ignore_missing="yes">/etc/fonts/fonts.conf</include><dir>{FONTS}</dir></fontconfig>',
        encoding="utf-8",
    )
    return {**os.environ, "FONTCONFIG_FILE": str(config)}


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="pcmd-report-pages-"))
    services = open_services(folder / "demo.sqlite3")
    admin = UserInput("hang.nt", "Nguyễn Thị Hằng", ROLE_ADMIN, "mat-khau-minh-hoa")
    services.users.create_first_admin(admin)
    services.users.sign_in("hang.nt", "mat-khau-minh-hoa")
    services.demo.fill(300, seed=5)
    reports = services.reports

    # the default template: each table's PDF page and its Excel sheet on A4
    tables = json.loads((TEMPLATES / "default.json").read_text(encoding="utf-8"))["tables"]
    report = reports.report(YEAR)
    pdf = reports.write_pdf(report, folder / "bao-cao.pdf")
    xlsx = reports.write_xlsx(report, folder / "bao-cao.xlsx")
    pages = _page_texts(pdf)
    after = 1
    for table in tables:
        after = _first_page_with(pages, table["title"], after)
        _png(pdf, after, f"report-pdf-{table['id']}")
    subprocess.run(
        [_tool("soffice"), "--headless", "--convert-to", "pdf", "--outdir", str(folder / "xlsx"), str(xlsx)],
        check=True,
        capture_output=True,
        env=_fontconfig(folder),
    )
    printed = folder / "xlsx" / "bao-cao.pdf"
    pages = _page_texts(printed)
    after = 1
    for table in tables:
        after = _first_page_with(pages, table["title"], after)
        _png(printed, after, f"report-xlsx-{table['id']}")

    # the province example: typed-in figures and groups of business types
    reports.import_template(TEMPLATES / "vi-du-tinh.json")
    communes = reports.entered_communes()
    typed: dict[tuple[str, int | None], int | None] = {
        ("tin_bao_tiep_nhan", None): 12,
        ("tin_bao_da_xu_ly", None): 11,
        ("vu_an_hinh_su", None): 2,
        ("doi_tuong_hinh_su", None): 3,
        ("kinh_phi_vnd", None): 150_000_000,
        ("nbd_uoc_tinh_nu_18_30", None): 14,
        ("nbd_ho_so_nu_18_30", None): 6,
        ("nbd_xu_ly_nu_18_30", None): 4,
    }
    for commune_id, _name in communes[:3]:
        typed[("tiep_can_thanh_nien", commune_id)] = 120
        typed[("tiep_can_phu_nu", commune_id)] = 85
        typed[("tiep_can_lao_dong", commune_id)] = 40
    reports.save_entered(YEAR, typed)
    province = reports.report(YEAR)
    pdf = reports.write_pdf(province, folder / "bao-cao-tinh.pdf")
    tables = json.loads((TEMPLATES / "vi-du-tinh.json").read_text(encoding="utf-8"))["tables"]
    pages = _page_texts(pdf)
    _png(pdf, _first_page_with(pages, tables[0]["title"]), "report-province-groups")  # the type groups
    _png(pdf, _first_page_with(pages, tables[-1]["title"]), "report-province-tables")  # typed-in figures
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
