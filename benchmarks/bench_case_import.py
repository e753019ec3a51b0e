"""Speed of `import cases` (issue 14, item 14): prints the preview and write times of case lists of
2,000 and 10,000 rows, each into a fresh office and then once more into the filled one (every row a
duplicate), every measurement in its own process.

Usage: .venv/bin/python benchmarks/bench_case_import.py [--rows 2000 10000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_common import CLI_CREDENTIALS

ROOT = Path(__file__).resolve().parent.parent

CHILD = r"""
import json, resource, sys, time
from desktop_app.domain.security import SYSTEM
from desktop_app.services.app_services import open_services
services = open_services(sys.argv[1], actor=SYSTEM)
start = time.perf_counter()
preview = services.case_transfer.preview(sys.argv[2])
read = time.perf_counter() - start
imported = services.case_transfer.commit(preview)
print(json.dumps({"read_s": read, "write_s": time.perf_counter() - start - read, "imported": imported,
                  "duplicates": preview.count("duplicate"), "errors": preview.count("error"),
                  "rss_mb": int(next(s for s in open("/proc/self/status") if s[:6] == "VmHWM:").split()[1])
                  / 1024}))
"""

COMMUNES = ["Mường Bon", "Xã Chiềng Mung", "Xã Cò Nòi", "Xã Nà Bó", "Xã Chiềng Ban"]
SURNAMES = ["Lò", "Quàng", "Cà", "Tòng", "Lường", "Nguyễn", "Vì", "Hà"]
GIVEN = ["Hương", "Lan", "Dung", "Hoa", "Mai", "Thu", "Xuân", "Hạnh", "Nga", "Yến"]


def case_list(path: Path, rows: int) -> Path:
    """`rows` different people (distinct CCCD; a name comes back every 800 rows, a year later)."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    ws = workbook.create_sheet("DS")
    ws.append(["DANH SÁCH NGƯỜI ĐƯỢC HỖ TRỢ"])
    ws.append(["TT", "Họ tên", "Năm sinh", "Giới", "Số CCCD", "Nơi cư trú", "Xã", "SĐT", "Ngày lập hồ sơ",
               "Ngày đồng ý", "Trạng thái"])  # fmt: skip
    for i in range(rows):
        name = f"{SURNAMES[i % 8]} Thị {GIVEN[(i // 8) % 10]} {GIVEN[(i // 80) % 10]}"
        ws.append([i + 1, name, 1950 + i // 800, "Nữ", f"0141{i:08d}", f"Bản {i % 30}", COMMUNES[i % 5],
                   None, datetime(2025, 1 + i % 12, 1 + i % 28), datetime(2025, 1 + i % 12, 1 + i % 28),
                   "Đang hỗ trợ"])  # fmt: skip
    workbook.save(path)
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[2_000, 10_000])
    parser.add_argument("--keep", type=Path)
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="pcmd-cases-"))
    folder.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, **CLI_CREDENTIALS, "PCMD_DATA_DIR": str(folder)}
    for rows in args.rows:
        db = folder / f"cases-{rows}.sqlite3"
        db.unlink(missing_ok=True)
        subprocess.run(
            [sys.executable, "-m", "desktop_app", "--db", str(db), "setup", "--unit", "Phòng VHXH",
             "--province", "Sơn La", "--district", "Mai Sơn"],
            cwd=ROOT, env=env, check=True, capture_output=True,
        )  # fmt: skip
        workbook = case_list(folder / f"cases-{rows}.xlsx", rows)
        for attempt in ("into an empty office", "again (every row a duplicate)"):
            out = subprocess.run(
                [sys.executable, "-c", CHILD, str(db), str(workbook)],
                cwd=ROOT, env=env, check=True, capture_output=True, text=True,
            )  # fmt: skip
            r = json.loads(out.stdout.strip().splitlines()[-1])
            print(
                f"{rows:,} cases {attempt}: preview {r['read_s']:.1f} s, write {r['write_s']:.1f} s; "
                f"imported {r['imported']:,}, duplicates {r['duplicates']:,}, errors {r['errors']:,}; "
                f"peak memory {r['rss_mb']:.0f} MB"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
