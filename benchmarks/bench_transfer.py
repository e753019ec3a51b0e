"""Import and export speed, as issue 3 asks: prints the figures.

Usage: .venv/bin/python benchmarks/bench_transfer.py [--rows 10000] [--businesses 100000] [--keep DIR]

Targets: import of a 10,000-row messy workbook (validation included) ≤ 10 s; export of 100,000 businesses
≤ 1.3 × a bare openpyxl write-only loop over the same rows, measured in the same run, both the whole register
(the CLI, the File menu) and the rows shown on the register page in its order (its «Xuất Excel»); memory
≤ 300 MB each.
Each measurement runs in its own process so that its peak memory is its own.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_common import CLI_CREDENTIALS, load_average, record

ROOT = Path(__file__).resolve().parent.parent

IMPORT_CHILD = r"""
import json, resource, sys, time
from desktop_app.domain.security import SYSTEM
from desktop_app.services.app_services import open_services
services = open_services(sys.argv[1], actor=SYSTEM)
start, cpu = time.perf_counter(), time.process_time()
preview = services.transfer.preview(sys.argv[2])
read = time.perf_counter() - start
imported = services.transfer.commit(preview)
total = time.perf_counter() - start
print(json.dumps({"read_s": read, "total_s": total, "cpu_s": time.process_time() - cpu,
                  "imported": imported, "rows": preview.rows_read,
                  "errors": preview.count("error"), "warnings": preview.count("warning"),
                  "duplicates": preview.count("duplicate"),
                  "rss_mb": int(next(s for s in open("/proc/self/status") if s[:6] == "VmHWM:").split()[1])
                  / 1024}))
"""

EXPORT_CHILD = r"""
import json, resource, sys, time
from desktop_app.domain.security import SYSTEM
from desktop_app.services.app_services import open_services
services = open_services(sys.argv[1], actor=SYSTEM)
mode, target = sys.argv[2], sys.argv[3]
if mode == "shown":  # the register page's «Xuất Excel»: the rows shown, in the table's order (here by name)
    shown = [r.id for r in sorted(services.businesses.rows(), key=lambda r: r.name) if not r.voided]
start, cpu = time.perf_counter(), time.process_time()
if mode == "app":
    count = services.transfer.export(target)
elif mode == "shown":
    count = services.transfer.export(target, shown)
else:  # the bare loop: same rows, plain tuples, no styles, no title, no atomic rename
    from openpyxl import Workbook
    rows = services.transfer.export_rows()
    workbook = Workbook(write_only=True)
    ws = workbook.create_sheet()
    for row in rows:
        ws.append(tuple(row))
    workbook.save(target)
    count = len(rows)
print(json.dumps({"seconds": time.perf_counter() - start, "cpu_s": time.process_time() - cpu, "count": count,
                  "rss_mb": int(next(s for s in open("/proc/self/status") if s[:6] == "VmHWM:").split()[1])
                  / 1024}))
"""


def messy_workbook(path: Path, rows: int, seed: int = 3) -> None:
    """A 10,000-row list as offices keep them: title rows, synonyms, mixed shapes, errors, totals."""
    from openpyxl import Workbook

    from desktop_app.domain.legacy_text import _TCVN3_HIGH

    tcvn3 = {
        ch: bytes([0x80 + i]).decode("cp1252", errors="ignore") or chr(0x80 + i)
        for i, ch in enumerate(_TCVN3_HIGH)
    }
    rng = random.Random(seed)
    communes = ["Mường Bon", "Xã Chiềng Mung", "TT Hát Lót", "xa co noi", "Xã Nà Bó", "Xã Không Có"]
    types = [
        "nha nghi",
        "Kinh doanh karaoke",
        "Dịch vụ massage",
        "Khách sạn",
        "Cà phê giải khát",
        "Tiệm vàng",
    ]
    workbook = Workbook(write_only=True)
    ws = workbook.create_sheet("DS")
    ws.append(["ỦY BAN NHÂN DÂN HUYỆN MAI SƠN"])
    ws.append(["DANH SÁCH CƠ SỞ KINH DOANH"])
    ws.append([])
    ws.append(
        [
            "TT",
            "Tên cơ sở kinh doanh",
            "Loại hình KD",
            "Địa bàn",
            "Địa chỉ",
            "Họ tên chủ cơ sở",
            "Số CMND/CCCD",
            "SĐT",
            "Mã số doanh nghiệp",
            "Ngày cấp",
            "Số lao động",
            "Trong đó nữ",
        ]
    )
    for i in range(rows):
        name = f"Cơ sở {rng.choice(['Hoàng Long', 'Bình An', 'Sao Mai', 'Hoa Ban'])} {i}"
        if i % 50 == 0:
            name = "".join(tcvn3.get(c, c) for c in name)
        date_value: object = rng.choice(
            [
                datetime(2020, 1 + i % 12, 1 + i % 28),
                f"{1 + i % 28}/{1 + i % 12}/2019",
                "2018-05-07",
                43895,
                "31/02/2020",
            ]
        )
        phone = rng.choice(
            [
                f"0912 {i % 1000:03d} {i % 999:03d}",
                f"+84 98{i % 10}.{i % 1000:03d}.{i % 999:03d}",
                912000000 + i,
                "12345",
            ]
        )
        ws.append(
            [
                i + 1,
                name if i % 97 else None,
                rng.choice(types),
                rng.choice(communes),
                f"Tổ {i % 20}",
                "Nguyễn Văn An",
                14085000000 + i,
                phone,
                f"24A8{i:06d}" if i % 211 else "24A8000001",
                date_value,
                f"{1 + i % 9} người",
                i % 5,
            ]
        )
    ws.append([None, "Tổng cộng", None, None, None, None, None, None, None, None, 1000, 400])
    ws.append([None, "Người lập biểu", None, None, None, None, None, None, "TRƯỞNG PHÒNG"])
    workbook.save(path)


def run_child(code: str, *args: str, env: dict[str, str]) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-c", code, *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--businesses", type=int, default=100_000)
    parser.add_argument("--keep", type=Path)
    parser.add_argument("--pairs", type=int, default=3, help="export runs, app and bare loop alternated")
    args = parser.parse_args()
    print(f"load average {load_average()}")
    folder = args.keep or Path(tempfile.mkdtemp(prefix="pcmd-transfer-"))
    folder.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, **CLI_CREDENTIALS, "PCMD_DATA_DIR": str(folder)}

    workbook = folder / "messy.xlsx"
    messy_workbook(workbook, args.rows)
    import_db = folder / "import.sqlite3"
    import_db.unlink(missing_ok=True)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "desktop_app",
            "--db",
            str(import_db),
            "setup",
            "--unit",
            "Phòng VHXH",
            "--province",
            "Sơn La",
            "--district",
            "Mai Sơn",
        ],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    result = run_child(IMPORT_CHILD, str(import_db), str(workbook), env=env)
    print(
        f"import of a {args.rows:,}-row messy workbook: read + check {result['read_s']:.1f} s, "
        f"with the write {result['total_s']:.1f} s (target ≤ 10 s); imported {result['imported']:,}, "
        f"{result['warnings']:,} with warnings, {result['errors']:,} errors, "
        f"{result['duplicates']:,} duplicates; "
        f"peak memory {result['rss_mb']:.0f} MB (target ≤ 300 MB)"
    )
    record(f"import of {args.rows:,} messy rows (check + write)", result["total_s"], 10, cpu=result["cpu_s"])
    record(f"import of {args.rows:,} messy rows: peak memory", result["rss_mb"], 300, "MB")

    export_db = folder / "export.sqlite3"
    if not export_db.exists():
        subprocess.run(
            [
                sys.executable,
                "-m",
                "desktop_app",
                "--db",
                str(export_db),
                "demo",
                "--businesses",
                str(args.businesses),
            ],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
    bares, apps, pages = [], [], []
    for _ in range(args.pairs):  # alternated, so that all three see the same load
        bares.append(run_child(EXPORT_CHILD, str(export_db), "bare", str(folder / "bare.xlsx"), env=env))
        apps.append(run_child(EXPORT_CHILD, str(export_db), "app", str(folder / "app.xlsx"), env=env))
        pages.append(run_child(EXPORT_CHILD, str(export_db), "shown", str(folder / "shown.xlsx"), env=env))
    bare_s = statistics.median(b["seconds"] for b in bares)
    for label, runs in (("", apps), (" shown on the register page, sorted by name", pages)):
        ratios = [a["seconds"] / b["seconds"] for a, b in zip(runs, bares, strict=True)]
        first = runs[0]
        run_s = statistics.median(a["seconds"] for a in runs)
        ratio = statistics.median(ratios)
        print(
            f"export of {int(first['count']):,} businesses{label} ({args.pairs} alternated rounds, medians): "
            f"{run_s:.1f} s, "
            f"peak memory {max(a['rss_mb'] for a in runs):.0f} MB; bare openpyxl write-only loop over the "
            f"same rows: {bare_s:.1f} s, {max(b['rss_mb'] for b in bares):.0f} MB; "
            f"ratio {ratio:.2f} (per round {', '.join(f'{r:.2f}' for r in ratios)}; target ≤ 1.3)"
        )
        record(
            f"export of {int(first['count']):,} businesses{label}",
            run_s,
            None,
            cpu=statistics.median(a["cpu_s"] for a in runs),
            ratio=ratio,
            ratio_goal=1.3,
            baseline="bare openpyxl write-only loop",
        )
    record("export: peak memory", max(a["rss_mb"] for a in apps + pages), 300, "MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
