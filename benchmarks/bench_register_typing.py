"""The register as a clerk uses it at 100,000 businesses: typing through real key events, sorting by clicking
the headers, opening every page; prints per-keystroke times, sort times, page open times and peak memory.

Usage: .venv/bin/python benchmarks/bench_register_typing.py [--businesses 100000] [--runs 3] [--folder DIR]

The database is the demo's (`python -m desktop_app demo --businesses N`, then `decrypt`: an unencrypted file),
built once and kept in DIR (default /tmp/pcmd-bench-register-<N>). Each run is a fresh process of the real
app, offscreen: sign-in with the benchmark account, the main window, the register filled in, then:

- keystrokes: each key goes through QTest (IME commits for letters with diacritics, as Unikey sends them);
  a keystroke's time is its key event, the filter and the repaint of the table, without the search debounce
  (SEARCH_DELAY_MS), which is reported on its own;
- sorts: a mouse click on each column header, then its reverse, each through the repaint;
- pages: each page of the navigation list shown (built and loaded as on first visit) and painted;
- memory: VmHWM (peak resident set) after all that.

Wall time, CPU time of the process and the machine's load are printed side by side: on a loaded machine wall
time grows and CPU time does not. Targets (issue #20): keystroke ≤ 100 ms worst case, sort ≤ 300 ms, a page
opens in ≤ 1 s, peak memory ≤ 400 MB.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_common import CLI_CREDENTIALS, compile_bytecode, record

ROOT = Path(__file__).resolve().parent.parent

# (label, keys): a key is one character, "⌫" for backspace or "⌧" for select-all-and-delete (clearing).
SCENARIOS: tuple[tuple[str, str], ...] = (
    ("nha nghi, then backspace to empty", "nha nghi" + "⌫" * 8),
    ("digits 0912, cleared", "0912⌧"),
    ("nhà nghỉ (IME), cleared", "nhà nghỉ⌧"),
    ("đức hưng (IME), cleared", "đức hưng⌧"),
    ("h → hà nội, backspace, cleared", "hà nội⌫⌫⌧"),
    ("karaoke, cleared", "karaoke⌧"),
)

CHILD = r"""
import json, os, sys, time
from time import perf_counter, process_time
started = perf_counter()
from PySide6.QtCore import QEventLoop, QPoint, QSettings, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from desktop_app.app import build_main_window, create_application
from desktop_app.services.app_services import open_services
from desktop_app.ui.settings import UiState

db, ini, scenarios = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
app = create_application()
services = open_services(db)
services.users.sign_in(os.environ["PCMD_USER"], os.environ["PCMD_PASSWORD"])
window = build_main_window(services, UiState(QSettings(ini, QSettings.Format.IniFormat)))
window.resize(1366, 728)
window.show()
app.processEvents()
window.grab()
ready = perf_counter() - started
page = window.business_page
window.nav.setCurrentRow(window.pages.indexOf(page))
while not (page.commitments_loaded and page.inspections_loaded):
    app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
app.processEvents()
background_done = perf_counter() - started

timing = {}
real_set_filter = page.model.set_filter
def set_filter(flt):
    timing["start"] = perf_counter()
    real_set_filter(flt)
    timing["end"] = perf_counter()
page.model.set_filter = set_filter

def wait_filtered():
    while "end" not in timing:
        app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)

def paint():
    app.processEvents()
    page.table.viewport().repaint()

edit = page.search_edit
edit.setFocus()
keystrokes, debounces = [], []
for label, keys in scenarios:
    for key in keys:
        timing.clear()
        t0, c0 = perf_counter(), process_time()
        if key == "⌫":
            QTest.keyClick(edit, Qt.Key.Key_Backspace)
        elif key == "⌧":
            QTest.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
            QTest.keyClick(edit, Qt.Key.Key_Delete)
        elif key.isascii():
            QTest.keyClicks(edit, key)
        else:
            event = QInputMethodEvent()
            event.setCommitString(key)
            QApplication.sendEvent(edit, event)
        t1 = perf_counter()
        wait_filtered()
        paint()
        t2, c2 = perf_counter(), process_time()
        debounces.append((timing["start"] - t1) * 1000)
        keystrokes.append({
            "scenario": label, "key": key, "text": edit.text(),
            "wall_ms": ((t1 - t0) + (t2 - timing["start"])) * 1000,
            "cpu_ms": (c2 - c0) * 1000, "rows": page.model.rowCount(),
        })

header = page.table.horizontalHeader()
sorts = {}
for column in range(page.model.columnCount()):
    if page.table.isColumnHidden(column):
        continue
    name = page.model.headerData(column, Qt.Orientation.Horizontal)
    times = []
    for _ in range(2):  # first click, then the reverse
        x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
        t0, c0 = perf_counter(), process_time()
        QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
        paint()
        times.append(((perf_counter() - t0) * 1000, (process_time() - c0) * 1000))
    sorts[name] = times

pages = {}
for row in range(window.nav.count()):
    title = window.nav.item(row).text()
    t0, c0 = perf_counter(), process_time()
    window.nav.setCurrentRow(row)
    app.processEvents()
    window.pages.currentWidget().grab()
    pages[title] = ((perf_counter() - t0) * 1000, (process_time() - c0) * 1000)
    app.processEvents()

status = open("/proc/self/status").read()
hwm = int(next(line for line in status.splitlines() if line.startswith("VmHWM")).split()[1]) / 1024
print(json.dumps({
    "rows": page.model.total_count(), "ready_s": ready, "background_s": background_done,
    "keystrokes": keystrokes, "debounce_ms": debounces, "sorts": sorts, "pages": pages, "vmhwm_mb": hwm,
    "cpu_s": process_time(),
}))
services.close()
"""


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _build(db: Path, businesses: int, env: dict[str, str]) -> None:
    start, cpu = time.perf_counter(), os.times()
    base = [sys.executable, "-m", "desktop_app", "--db", str(db)]
    demo = [*base, "demo", "--businesses", str(businesses), "--seed", "1"]
    subprocess.run(demo, cwd=ROOT, env=env, check=True)
    subprocess.run([*base, "decrypt"], cwd=ROOT, env=env, check=True, capture_output=True)
    used = os.times()
    child_cpu = (used.children_user - cpu.children_user) + (used.children_system - cpu.children_system)
    print(f"built {db}: {time.perf_counter() - start:.1f} s wall, {child_cpu:.1f} s CPU")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--businesses", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--folder", type=Path, help="where the database is kept (reused if present)")
    args = parser.parse_args()
    folder = args.folder or Path(f"/tmp/pcmd-bench-register-{args.businesses}")
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "bench.sqlite3"
    env = {
        **os.environ,
        **CLI_CREDENTIALS,
        "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
        "PCMD_DATA_DIR": str(folder),
    }
    if not db.exists():
        _build(db, args.businesses, env)

    compile_bytecode(ROOT)
    runs = []
    loads = [os.getloadavg()[0]]
    for _ in range(args.runs):
        out = subprocess.run(
            [sys.executable, "-c", CHILD, str(db), str(folder / "ui.ini"), json.dumps(SCENARIOS)],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
        loads.append(os.getloadavg()[0])

    print(
        f"{runs[0]['rows']:,} businesses; {args.runs} runs; load (1 min) {min(loads):.2f}–{max(loads):.2f} "
        f"on {os.cpu_count()} cores".replace(",", ".")
    )
    print(
        "register ready after sign-in (process start → painted): "
        + ", ".join(f"{r['ready_s']:.2f}" for r in runs)
        + " s; commitment and inspection columns filled in: "
        + ", ".join(f"{r['background_s']:.2f}" for r in runs)
        + " s"
    )
    keys = [k for r in runs for k in r["keystrokes"]]
    wall = [k["wall_ms"] for k in keys]
    cpu = [k["cpu_ms"] for k in keys]
    print(
        f"keystroke → filtered, painted table ({len(keys)} keystrokes, debounce excluded): wall min/median/"
        f"p90/max {min(wall):.0f} / {statistics.median(wall):.0f} / {_pct(wall, 0.9):.0f} / "
        f"{max(wall):.0f} ms; "
        f"CPU median/max {statistics.median(cpu):.0f} / {max(cpu):.0f} ms; "
        f"over 100 ms: {sum(w > 100 for w in wall)} (target: none)"
    )
    debounce = [d for r in runs for d in r["debounce_ms"]]
    print(f"  search debounce (waited, not work): median {statistics.median(debounce):.0f} ms")
    for label, _keys in SCENARIOS:
        mine = [k for k in keys if k["scenario"] == label]
        worst = max(mine, key=lambda k: k["wall_ms"])
        print(
            f"  {label}: median {statistics.median(k['wall_ms'] for k in mine):.0f} ms, worst "
            f"{worst['wall_ms']:.0f} ms wall / {worst['cpu_ms']:.0f} ms CPU at {worst['text']!r} "
            f"({worst['rows']} rows)"
        )
    worst_sort = 0.0
    for name in runs[0]["sorts"]:
        first = [r["sorts"][name][0] for r in runs]
        again = [r["sorts"][name][1] for r in runs]
        worst_sort = max(worst_sort, *(w for w, _c in first + again))
        print(
            f"  sort by {name}: first click {statistics.median(w for w, _ in first):.0f} ms "
            f"({statistics.median(c for _, c in first):.0f} CPU), reverse "
            f"{statistics.median(w for w, _ in again):.0f} ms "
            f"({statistics.median(c for _, c in again):.0f} CPU)"
        )
    print(f"sort by any column: worst {worst_sort:.0f} ms wall (target ≤ 300 ms)")
    worst_key = max(keys, key=lambda k: k["wall_ms"])
    record(
        "search: a keystroke, worst (debounce excluded)",
        worst_key["wall_ms"],
        100,
        "ms",
        cpu=worst_key["cpu_ms"] / 1000,
    )
    record("search: debounce (waited, median)", statistics.median(debounce), None, "ms")
    record("sort by any column, worst", worst_sort, 300, "ms")
    worst_page = 0.0
    for title in runs[0]["pages"]:
        times = [r["pages"][title] for r in runs]
        worst_page = max(worst_page, *(w for w, _ in times))
        print(
            f"  open {title}: median {statistics.median(w for w, _ in times):.0f} ms wall, "
            f"{statistics.median(c for _, c in times):.0f} ms CPU"
        )
    print(f"open any page (first visit): worst {worst_page:.0f} ms wall (target ≤ 1.000 ms)")
    record("open any page (first visit), worst", worst_page, 1000, "ms")
    record("memory after every page (VmHWM)", max(r["vmhwm_mb"] for r in runs), 400, "MB")
    print(
        "peak memory (VmHWM) after every page: "
        + ", ".join(f"{r['vmhwm_mb']:.0f}" for r in runs)
        + " MB (target ≤ 400 MB); process CPU "
        + ", ".join(f"{r['cpu_s']:.1f}" for r in runs)
        + " s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
