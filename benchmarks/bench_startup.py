"""GUI start-up at 100,000 businesses, phase by phase, against a bare PySide6 table over the same file.

Usage: .venv/bin/python benchmarks/bench_startup.py [--db FILE] [--runs 5] [--root CHECKOUT]

Each run is a fresh process started the way a clerk starts the app (`python -m desktop_app --db FILE`,
offscreen), signed in through the real sign-in window (its fields filled, its button's slot called), then the
register page opened. Phases, as wall time since the process was started and the process's CPU time:
imports, sign-in window shown, signed in, main window shown, register interactive (its first rows painted),
all loaded (the background commitment and inspection columns filled in). Between the window being shown and
everything loaded, a 5 ms timer on the GUI thread records the longest stall.

The baseline, run alternately in the same session: a bare PySide6 script that opens the same SQLite file with
`sqlite3`, reads its businesses with their commune and type, and shows them in a `QTableView` (goal: the
app's interactive register ≤ 1.5 × that). The machine's load average is printed before and after.

Goals (#20): interactive register ≤ 1.5 s at 100k and ≤ 1.5 × the baseline; sign-in window ≤ 0.5 s; no GUI
stall over 50 ms while the rest loads; peak memory (VmHWM) ≤ 400 MB.

The database: `demo --businesses 100000 --seed 1` then `decrypt` (the baseline reads it with plain sqlite3),
built once and kept (default /tmp/pcmd-bench-startup/plain.sqlite3).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_common import CLI_CREDENTIALS, compile_bytecode, record

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = Path(tempfile.gettempdir()) / "pcmd-bench-startup" / "plain.sqlite3"

APP_CHILD = r"""
import json, os, sys, time
T0 = float(sys.argv[1])
DB, OUT, USER, PASSWORD = sys.argv[2:6]
marks = {}

def mark(name):
    marks[name] = (time.time() - T0, time.process_time())

def vm_hwm_mb():
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0

mark("interpreter")
import desktop_app.app as app_module  # what `python -m desktop_app --db FILE` imports before its first window
mark("imports")
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from desktop_app.ui.dialogs.account_dialogs import LoginDialog

shown_by_app = LoginDialog.show

def show_sign_in(dialog):  # the app shows the sign-in window, then opens the data while the clerk types
    shown_by_app(dialog)
    if "sign_in_shown" not in marks:
        QApplication.processEvents()
        dialog.grab()
        mark("sign_in_shown")

LoginDialog.show = show_sign_in

def sign_in_window(dialog):
    if "sign_in_shown" not in marks:
        dialog.show()
    dialog.username.setText(USER)
    dialog.password.setText(PASSWORD)
    dialog.try_sign_in()  # what «Đăng nhập» does
    mark("signed_in")
    return dialog.result()

LoginDialog.exec = sign_in_window
build = app_module.build_main_window

def finish(extra):
    with open(OUT, "w", encoding="utf-8") as out:
        json.dump({"marks": marks, "vm_hwm_mb": vm_hwm_mb(), **extra}, out)
    os._exit(0)  # skip the closing backup: not part of start-up

def probe(window):
    window.grab()
    mark("main_window_shown")
    window.go_to_page(1)
    page = window.business_page
    state = {"last": time.perf_counter(), "stall": 0.0, "interactive": False, "start": time.perf_counter()}

    def tick():
        now = time.perf_counter()
        state["stall"] = max(state["stall"], now - state["last"])
        state["last"] = now
        if not state["interactive"] and page.model.rowCount() > 0:
            page.table.viewport().grab()
            mark("register_interactive")
            state["interactive"] = True
        rows_in = getattr(page, "rows_loaded", True)
        if state["interactive"] and rows_in and "all_rows" not in marks:
            mark("all_rows")
        columns = getattr(page, "commitments_loaded", True) and getattr(page, "inspections_loaded", True)
        done = rows_in and columns
        if state["interactive"] and done:
            mark("all_loaded")
            finish({"rows": page.model.rowCount(), "stall_ms": state["stall"] * 1000})
        if now - state["start"] > 120:
            finish({"rows": page.model.rowCount(), "stall_ms": state["stall"] * 1000, "timeout": True})
        state["last"] = time.perf_counter()

    timer = QTimer(window)
    timer.setInterval(5)
    timer.timeout.connect(tick)
    timer.start()
    tick()

def build_and_watch(services, ui_state=None):
    window = build(services, ui_state)
    QTimer.singleShot(0, lambda: probe(window))
    return window

app_module.build_main_window = build_and_watch
import runpy
sys.argv = ["desktop_app", "--db", DB]
runpy.run_module("desktop_app", run_name="__main__", alter_sys=True)
"""

BASELINE_CHILD = r"""
import json, sqlite3, sys, time
T0 = float(sys.argv[1])
DB, OUT = sys.argv[2:4]
from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtWidgets import QApplication, QTableView

class Model(QAbstractTableModel):
    HEADERS = ("Tên", "Địa chỉ", "Xã/phường", "Loại hình", "Chủ cơ sở", "Điện thoại", "Số GCN", "Trạng thái")

    def __init__(self, rows):
        super().__init__()
        self.rows = rows

    def rowCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole:
            return self.rows[index.row()][index.column()]
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section]
        return None

app = QApplication(sys.argv[:1])
connection = sqlite3.connect(DB)
rows = connection.execute(
    "SELECT b.name, b.address, c.name, t.name, b.owner_name, b.owner_phone, b.registration_number, b.status "
    "FROM business b JOIN commune c ON c.id = b.commune_id JOIN business_type t ON t.id = b.type_id "
    "WHERE NOT b.voided ORDER BY b.id"
).fetchall()
view = QTableView()
view.setModel(Model(rows))
view.resize(1366, 728)
view.show()
app.processEvents()
view.viewport().grab()
with open(OUT, "w", encoding="utf-8") as out:
    json.dump({"wall": time.time() - T0, "cpu": time.process_time(), "rows": len(rows)}, out)
"""

PHASES = (
    ("imports", "interpreter and imports"),
    ("sign_in_shown", "sign-in window shown"),
    ("signed_in", "signed in"),
    ("main_window_shown", "main window shown"),
    ("register_interactive", "register interactive (first rows painted)"),
    ("all_rows", "every business in the register"),
    ("all_loaded", "all loaded (background columns filled)"),
)


def build_database(db: Path, businesses: int, env: dict[str, str]) -> None:
    """The demo fill on a new file, then decrypted so that plain sqlite3 reads it."""
    db.parent.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    for command in (["demo", "--businesses", str(businesses), "--seed", "1"], ["decrypt"]):
        subprocess.run(
            [sys.executable, "-m", "desktop_app", "--db", str(db), *command],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    print(f"built {db} in {time.perf_counter() - start:.1f} s")


def prepare(args: argparse.Namespace, env: dict[str, str]) -> None:
    """The database built if missing; the measured checkout's bytecode written, as an installed app has it."""
    if not args.db.exists():
        build_database(args.db, args.businesses, env)
    compile_bytecode(args.root)


def run_child(code: str, args: list[str], root: Path, env: dict[str, str]) -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix="pcmd-startup-") as folder:
        out = Path(folder) / "out.json"
        t0 = time.time()
        result = subprocess.run(
            [sys.executable, "-c", code, repr(t0), *args[:1], str(out), *args[1:]],
            cwd=root,
            env={**env, "PYTHONPATH": str(root)},
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        if not out.exists():
            raise SystemExit(f"the child wrote nothing (exit {result.returncode}):\n{result.stderr[-3000:]}")
        data: dict[str, object] = json.loads(out.read_text(encoding="utf-8"))
        return data


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=DEFAULT_DB, help="plain SQLite file (built if missing)")
    parser.add_argument("--businesses", type=int, default=100_000, help="when building the file")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--root", type=Path, default=ROOT, help="checkout whose app is measured")
    args = parser.parse_args()
    folder = args.db.parent
    env = {
        **os.environ,
        **CLI_CREDENTIALS,
        "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
        "PCMD_DATA_DIR": str(folder),
        "XDG_CONFIG_HOME": str(folder / "config"),  # the window's QSettings, not the user's
    }
    prepare(args, env)
    user, password = CLI_CREDENTIALS["PCMD_USER"], CLI_CREDENTIALS["PCMD_PASSWORD"]
    load_before = os.getloadavg()
    baselines: list[dict[str, object]] = []
    apps: list[dict[str, object]] = []
    run_child(APP_CHILD, [str(args.db), user, password], args.root, env)  # warm the page cache once
    for _ in range(args.runs):  # alternated, so that both see the same load
        baselines.append(run_child(BASELINE_CHILD, [str(args.db)], args.root, env))
        apps.append(run_child(APP_CHILD, [str(args.db), user, password], args.root, env))
    load_after = os.getloadavg()

    def med(values: list[float]) -> float:
        return statistics.median(values)

    print(f"code measured: {args.root}; database: {args.db} ({apps[0]['rows']:,} rows in the register)")
    before = "/".join(f"{value:.2f}" for value in load_before)
    after = "/".join(f"{value:.2f}" for value in load_after)
    print(f"load average (1/5/15 min): before {before}, after {after}; {os.cpu_count()} CPUs")
    print(
        f"{args.runs} runs each, alternated; medians (min – max) of wall time since process start, "
        "CPU time of the process"
    )
    print(f"{'phase':48} {'wall s':>7} {'(min – max)':>15} {'CPU s':>7}")

    def line(label: str, walls: list[float], cpus: list[float]) -> None:
        print(f"{label:48} {med(walls):7.2f} {min(walls):7.2f} – {max(walls):5.2f} {med(cpus):7.2f}")

    ratios = [
        float(a["marks"]["register_interactive"][0]) / float(b["wall"])  # type: ignore[index, arg-type]
        for a, b in zip(apps, baselines, strict=True)
    ]
    goals = {"sign_in_shown": 0.5, "register_interactive": 1.5}
    for key, label in PHASES:
        walls = [float(a["marks"][key][0]) for a in apps if key in a["marks"]]  # type: ignore[index, operator]
        cpus = [float(a["marks"][key][1]) for a in apps if key in a["marks"]]  # type: ignore[index, operator]
        if walls:
            line(label, walls, cpus)
            ratio = med(ratios) if key == "register_interactive" else None
            baseline = "bare PySide6 QTableView" if ratio is not None else ""
            record(
                f"start-up: {label}",
                med(walls),
                goals.get(key),
                cpu=med(cpus),
                ratio=ratio,
                ratio_goal=1.5 if ratio is not None else None,
                baseline=baseline,
            )
    base_walls = [float(b["wall"]) for b in baselines]  # type: ignore[arg-type]
    base_cpus = [float(b["cpu"]) for b in baselines]  # type: ignore[arg-type]
    line(f"baseline: bare PySide6 QTableView, {baselines[0]['rows']:,} rows", base_walls, base_cpus)
    interactive = med([float(a["marks"]["register_interactive"][0]) for a in apps])  # type: ignore[index]
    sign_in = med([float(a["marks"]["sign_in_shown"][0]) for a in apps])  # type: ignore[index]
    stall = max(float(a["stall_ms"]) for a in apps)  # type: ignore[arg-type]
    hwm = max(float(a["vm_hwm_mb"]) for a in apps)  # type: ignore[arg-type]
    per_run = ", ".join(f"{r:.2f}" for r in ratios)
    print(
        f"interactive register: {interactive:.2f} s (goal ≤ 1.5 s), {med(ratios):.2f} × the baseline of the "
        f"same run (goal ≤ 1.5 ×; per run {per_run})"
    )
    print(f"sign-in window: {sign_in:.2f} s (goal ≤ 0.5 s)")
    record("start-up: longest GUI stall while loading", stall, 50, "ms")
    record("start-up: peak memory (VmHWM)", hwm, 400, "MB")
    print(f"longest GUI stall from the window shown to all loaded: {stall:.0f} ms (goal ≤ 50 ms)")
    print(f"peak memory (VmHWM) at all loaded: {hwm:.0f} MB (goal ≤ 400 MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
