"""Every performance figure of the project in one table: `python -m benchmarks` from the checkout.

Usage: .venv/bin/python -m benchmarks [--size full|small] [--only NAME ...] [--log FILE]

Runs each benchmark script in its own process, one after the other (their databases are built once and kept
in the temporary folder, so the first run takes long), collects the figures each hands over
(`bench_common.record`) and prints one table: figure, goal, measured (wall), CPU, ratio to the baseline
measured in the same run where there is one, and the verdict. The machine's load is printed before and after:
read the wall times against it (CPU time is the steadier figure on a loaded machine).

`--size small` runs every script at a small scale (1,000 businesses): a check that the scripts and the table
work, not a measure of the goals, which are stated at 100,000 businesses. The full output of each script goes
to the log (default: benchmarks-last-run.log in the temporary folder).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from bench_common import RECORD_ENV, load_average  # noqa: E402

# name → (script, arguments at full size, arguments at small size)
SCRIPTS: dict[str, tuple[str, list[str], list[str]]] = {
    "startup": (
        "bench_startup.py",
        ["--runs", "5"],
        ["--runs", "1", "--businesses", "1000", "--db", "{tmp}/s.db"],
    ),
    "typing": (
        "bench_register_typing.py",
        ["--runs", "2"],
        ["--runs", "1", "--businesses", "1000", "--folder", "{tmp}/t"],
    ),
    "demo": ("bench_demo.py", ["--runs", "1"], ["--businesses", "1000"]),
    "transfer": ("bench_transfer.py", [], ["--rows", "500", "--businesses", "1000", "--pairs", "1"]),
    "commitments": ("bench_commitments.py", ["--from-disk"], ["--businesses", "1000"]),
    "inspections": (
        "bench_inspections.py",
        ["--from-disk"],
        ["--businesses", "1000", "--visits", "5000", "--runs", "2"],
    ),
    "reports": (
        "bench_reports.py",
        [],
        ["--businesses", "1000", "--visits", "5000", "--cases", "100", "--units", "5", "--runs", "2"],
    ),
}


def _cell(value: float | None, unit: str) -> str:
    if value is None:
        return "–"
    if unit == "s":
        return f"{value:.2f} s"
    return f"{value:.0f} {unit}"


def _verdict(entry: dict[str, object]) -> str:
    checks = []
    if entry["goal"] is not None:
        checks.append(float(entry["value"]) <= float(entry["goal"]))  # type: ignore[arg-type]
    if entry["ratio"] is not None and entry["ratio_goal"] is not None:
        checks.append(float(entry["ratio"]) <= float(entry["ratio_goal"]))  # type: ignore[arg-type]
    if not checks:
        return ""
    return "ok" if all(checks) else "OVER"


def table(entries: list[dict[str, object]]) -> str:
    """The figures as a fixed-width text table."""
    rows = [("figure", "goal", "measured", "CPU", "ratio to baseline", "")]
    for e in entries:
        unit = str(e["unit"])
        goal = "–" if e["goal"] is None else f"≤ {_cell(float(e['goal']), unit)}"  # type: ignore[arg-type]
        cpu = "–" if e["cpu"] is None else f"{float(e['cpu']):.2f} s"  # type: ignore[arg-type]
        ratio = ""
        if e["ratio"] is not None:
            limit = "" if e["ratio_goal"] is None else f"(≤ {e['ratio_goal']} ×) "
            ratio = f"{float(e['ratio']):.2f} × {limit}{e['baseline']}"  # type: ignore[arg-type]
        rows.append((str(e["figure"]), goal, _cell(float(e["value"]), unit), cpu, ratio, _verdict(e)))  # type: ignore[arg-type]
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(widths[i]) for i, cell in enumerate(r)).rstrip() for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--size", choices=("full", "small"), default="full")
    parser.add_argument("--only", nargs="+", choices=sorted(SCRIPTS), help="run only these")
    parser.add_argument("--log", type=Path, default=Path(tempfile.gettempdir()) / "benchmarks-last-run.log")
    args = parser.parse_args()
    names = args.only or list(SCRIPTS)
    failed: list[str] = []
    with tempfile.TemporaryDirectory(prefix="pcmd-benchmarks-") as tmp:
        records = Path(tmp) / "figures.jsonl"
        env = {
            **os.environ,
            RECORD_ENV: str(records),
            "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
        }
        before = load_average()
        started = time.perf_counter()
        with args.log.open("w", encoding="utf-8") as log:
            for name in names:
                script, full, small = SCRIPTS[name]
                extra = [a.replace("{tmp}", tmp) for a in (small if args.size == "small" else full)]
                print(f"running {script} {' '.join(extra)}", flush=True)
                log.write(f"==== {script} {' '.join(extra)}\n")
                log.flush()
                done = subprocess.run(
                    [sys.executable, str(HERE / script), *extra],
                    check=False,
                    cwd=ROOT,
                    env=env,
                    stdout=log,
                    stderr=log,
                )
                if done.returncode not in (0, 1):  # 1: a figure over its goal, which the table shows
                    failed.append(f"{script} (exit {done.returncode})")
        entries = (
            [json.loads(line) for line in records.read_text(encoding="utf-8").splitlines()]
            if records.exists()
            else []
        )
    print()
    print(
        f"load average before: {before}; after: {load_average()}; "
        f"{time.perf_counter() - started:.0f} s in all"
    )
    if args.size == "small":
        print("size small: the scripts at 1,000 businesses; the goals are stated at 100,000")
    print(table(entries))
    print(f"full output of each script: {args.log}")
    if failed:
        print("failed: " + ", ".join(failed))
        return 2
    return 1 if any(_verdict(e) == "OVER" for e in entries) else 0


if __name__ == "__main__":
    sys.exit(main())
