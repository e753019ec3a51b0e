"""Render the report PDF and an owner commitment form for each office kind to PNG, for the documents: the
first page (header, addressee) and the last (signature block) of each, docs/office-<kind>-report.png,
-report-signature.png, -form.png, -form-signature.png; and the report-pdf.png, commitment-form.png,
inspection-minutes.png, violation-record.png and consent-notice.png from a commune office of today. Needs
pdftoppm and pdfinfo (poppler-utils).

Usage:
    .venv/bin/python docs/make_office_pages.py

Pictures last made: 2026-12-07 (when a run changes no picture, update this date and commit it).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from dataclasses import replace
from datetime import date
from pathlib import Path

from desktop_app.domain.cases import CaseInput, IdentityInput
from desktop_app.domain.inspections import (
    LEVEL_COMMUNE,
    RESULT_PENALTY,
    RESULT_PLANNED,
    RoundInput,
    VisitInput,
)
from desktop_app.domain.periods import parse_period
from desktop_app.domain.security import SYSTEM
from desktop_app.services.app_services import open_services

DOCS = Path(__file__).resolve().parent

# kind: (province, commune or district, issuer, report period, form date)
KINDS = {
    "xa": ("Sơn La", "Mai Sơn", "ubnd", "2026S1", date(2026, 7, 10)),
    "so-y-te": ("Sơn La", "", "ubnd", "2026S1", date(2026, 7, 10)),
    "huyen-cu": ("Sơn La", "Mai Sơn", "ubnd", "2024", date(2025, 3, 3)),
}
SIGNERS = {"xa": "Lò Văn Dũng", "so-y-te": "Nguyễn Văn Minh", "huyen-cu": "Cầm Thị Hoa"}


def _pages(pdf: Path) -> int:
    tool = shutil.which("pdfinfo") or "pdfinfo"
    out = subprocess.run([tool, str(pdf)], check=True, capture_output=True, text=True).stdout
    return int(next(line.split()[-1] for line in out.splitlines() if line.startswith("Pages:")))


def _png(pdf: Path, name: str, page: int = 1, dpi: int = 60) -> None:
    tool = shutil.which("pdftoppm")
    if tool is None:
        raise SystemExit("pdftoppm is missing: apt-get install -y poppler-utils")
    stem = DOCS / name
    subprocess.run(
        [tool, "-r", str(dpi), "-png", "-f", str(page), "-l", str(page), "-singlefile", str(pdf), str(stem)],
        check=True,
    )
    print("saved", stem.with_suffix(".png"))


def render(kind: str, folder: Path) -> None:
    province, unit, issuer, period, form_day = KINDS[kind]
    services = open_services(folder / f"{kind}.sqlite3", actor=SYSTEM, encrypt_new=False)
    try:
        preset = services.office.office_preset_from_names(
            kind, province, unit, issuer, signer_name=SIGNERS[kind]
        )
        services.office.setup(preset.profile, list(preset.communes))
        services.demo.fill(80, seed=7)
        report = services.reports.report(parse_period(period))
        pdf = services.reports.write_pdf(report, folder / f"{kind}-report.pdf")
        _png(pdf, f"office-{kind}-report")  # header
        _png(pdf, f"office-{kind}-report-signature", _pages(pdf))  # "Nơi nhận" and the signature block
        business = services.businesses.rows()[0].id
        form = folder / f"{kind}-form.pdf"
        services.commitments.print_owner_forms(form, [business], form_date=form_day)
        _png(form, f"office-{kind}-form")  # addressed to the commune's People's Committee
        _png(form, f"office-{kind}-form-signature", _pages(form))
    finally:
        services.close()


def readme_pages(folder: Path) -> None:
    """The documents' report, commitment form, minutes and violation record pictures, from a commune office of
    today (Xã Mai Sơn whose People's Committee issues): docs/report-pdf.png, commitment-form.png,
    inspection-minutes.png, violation-record.png, consent-notice.png."""
    services = open_services(folder / "readme.sqlite3", actor=SYSTEM, encrypt_new=False)
    try:
        preset = services.office.office_preset_from_names(
            "xa", "Sơn La", "Mai Sơn", signer_name="Lò Văn Dũng"
        )
        services.office.setup(preset.profile, list(preset.communes))
        services.demo.fill(120, seed=5)
        report = services.reports.report(parse_period("2026S1"))
        _png(services.reports.write_pdf(report, folder / "report.pdf"), "report-pdf", dpi=80)
        business = services.businesses.rows()[0].id
        owner = replace(  # the owner's birth date and residence, as a clerk records them
            services.businesses.detail(business).as_input(),
            owner_birth_date=date(1984, 5, 12),
            owner_residence="Tiểu khu 2, xã Mai Sơn, tỉnh Sơn La",
        )
        services.businesses.update(business, owner)
        form = folder / "form.pdf"
        services.commitments.print_owner_forms(form, [business], form_date=date(2026, 7, 10))
        _png(form, "commitment-form", dpi=80)
        round_id = services.inspections.create_round(
            RoundInput(
                "12/KH-UBND",
                date(2026, 7, 2),
                "Đội kiểm tra liên ngành 178 xã Mai Sơn",
                LEVEL_COMMUNE,
                date(2026, 7, 6),
                date(2026, 7, 31),
                "Lò Văn Hùng – Phó Chủ tịch UBND xã, Đội trưởng\nCà Thị Mai – Công chức Văn hóa – Xã hội\n"
                "Quàng Văn Tú – Công an xã",
                decision_number="08/QĐ-UBND",
                decision_date=date(2026, 6, 30),
            )
        )
        visit = services.inspections.record_visit(
            VisitInput(
                business, date(2026, 7, 17), round_id=round_id, visit_time="14:30", result=RESULT_PLANNED
            )
        )
        minutes = folder / "minutes.pdf"
        services.inspections.print_minutes(minutes, [visit])
        _png(minutes, "inspection-minutes", dpi=90)
        lodging = next(  # NĐ 282/2025 Điều 10 khoản 2 điểm đ: 4–8 million đ for an organisation
            b.id
            for b in services.inspections.legal_basis()
            if (b.decree, b.article, b.clause, b.point) == ("282/2025/NĐ-CP", "10", "2", "đ")
        )
        guesthouse = next(  # an act of lodging businesses, found at a guesthouse
            r.id for r in services.businesses.rows() if r.type_name.startswith(("Nhà nghỉ", "Khách sạn"))
        )
        fined = services.inspections.record_visit(
            VisitInput(
                guesthouse,
                date(2026, 7, 20),
                round_id=round_id,
                visit_time="09:15",
                result=RESULT_PENALTY,
                findings="03 khách nghỉ qua đêm chưa được thông báo lưu trú.",
                decision_number="05/QĐ-XPHC",
                decision_date=date(2026, 7, 22),
                legal_basis_ids=(lodging,),
                fine_vnd=5_000_000,
            )
        )
        record = folder / "violation.pdf"
        services.inspections.print_violation_records(record, [fined])
        _png(record, "violation-record", dpi=90)
        case_id, _ = services.cases.create(  # a made-up person: the notice carries the case code only
            CaseInput(
                "03/08/2026",
                services.office.communes()[0].id,
                referral_source="Công an xã",
                consent_on="03/08/2026",
                consent_way="van_ban",
                assigned_worker="Cà Thị Mai",
            ),
            IdentityInput("Lò Thị Hương", birth_year="1998"),
        )
        notice = folder / "notice.pdf"
        services.cases.print_consent_notice(notice, case_id)
        _png(notice, "consent-notice", dpi=80)
    finally:
        services.close()


def main() -> None:
    with tempfile.TemporaryDirectory() as temp:
        for kind in KINDS:
            render(kind, Path(temp))
        readme_pages(Path(temp))


if __name__ == "__main__":
    main()
