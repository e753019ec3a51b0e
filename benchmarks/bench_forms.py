"""Time to print 1,000 owner commitment forms into one PDF (target ≤ 20 s) and the size of the file.

Usage: .venv/bin/python benchmarks/bench_forms.py [--forms 1000] [--keep FILE]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import date
from pathlib import Path

from desktop_app.domain.forms import FormOffice, OwnerCommitmentForm
from desktop_app.exports.commitment_forms import write_owner_forms

TARGET_SECONDS = 20.0
COMMUNES = ("Xã Mường Bon", "Thị trấn Hát Lót", "Xã Chiềng Mung", "Xã Cò Nòi", "Phường Tô Hiệu")
TYPES = ("Nhà nghỉ", "Karaoke", "Khách sạn", "Xoa bóp", "Nhà hàng")
SURNAMES = ("Nguyễn", "Trần", "Lò", "Lường", "Cầm", "Đỗ", "Hoàng")
GIVEN = ("Văn Ứng", "Thị Hằng", "Đức Thịnh", "Thị Mai", "Văn Dũng", "Ngọc Ánh")


def sample_forms(count: int) -> list[OwnerCommitmentForm]:
    """Varied forms; every seventh has blank fields and every fifth is open-ended."""
    forms = []
    for i in range(count):
        blank = i % 7 == 0
        commune = COMMUNES[i % len(COMMUNES)]
        forms.append(
            OwnerCommitmentForm(
                commune_name=commune,
                business_name=f"{TYPES[i % len(TYPES)]} Hoa Ban {i + 1}",
                business_type=TYPES[i % len(TYPES)],
                address="" if blank else f"Số {i + 1}, tổ {i % 12 + 1}, {commune.lower()}, tỉnh Sơn La",
                owner_name=f"{SURNAMES[i % len(SURNAMES)]} {GIVEN[i % len(GIVEN)]}",
                owner_id_number="" if blank else f"014{i:09d}",
                owner_phone="" if blank else f"09{i:08d}",
                registration_number="" if blank else f"24A8{i:06d}",
                registration_date=None if blank else date(2020 + i % 6, i % 12 + 1, i % 28 + 1),
                valid_from=date(2026, 3, 5),
                valid_to=None if i % 5 == 0 else date(2026, 12, 31),
            )
        )
    return forms


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--forms", type=int, default=1000)
    parser.add_argument("--keep", type=Path, help="write the PDF here instead of a temporary folder")
    args = parser.parse_args()

    office = FormOffice("Ủy ban nhân dân xã Mường Bon", "", "Mai Sơn")
    forms = sample_forms(args.forms)
    with tempfile.TemporaryDirectory() as folder:
        target = args.keep or Path(folder) / "cam-ket.pdf"
        started = time.perf_counter()
        write_owner_forms(target, office, forms, date(2026, 3, 5))
        seconds = time.perf_counter() - started
        size_mb = target.stat().st_size / 1_000_000
    verdict = "OK" if seconds <= TARGET_SECONDS else "TOO SLOW"
    target_text = f"target ≤ {TARGET_SECONDS:.0f} s, {verdict}"
    print(f"{args.forms} owner forms: {seconds:.2f} s ({target_text}), {size_mb:.2f} MB")


if __name__ == "__main__":
    main()
