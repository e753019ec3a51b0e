"""Time of `demo --businesses N` (the demo office a trainer fills): wall time and the CPU time of the process.

Usage: .venv/bin/python benchmarks/bench_demo.py [--businesses 100000] [--runs 1] [--seed 1]

Each run is the real command in its own process, on a new file in a temporary folder (deleted afterwards):
`python -m desktop_app --db FILE demo --businesses N --seed S`. Goal (#20): ≤ 30 s at 100,000 businesses.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_common import CLI_CREDENTIALS, load_average, record

ROOT = Path(__file__).resolve().parent.parent
GOAL_S = 30.0


def run_once(businesses: int, seed: int) -> tuple[float, float]:
    """(wall, CPU) seconds of one demo fill into a new file."""
    with tempfile.TemporaryDirectory(prefix="pcmd-bench-demo-") as folder:
        env = {**os.environ, **CLI_CREDENTIALS, "PCMD_DATA_DIR": folder}
        db = Path(folder) / "demo.sqlite3"
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        command = [sys.executable, "-m", "desktop_app", "--db", str(db), "demo"]
        subprocess.run(
            [*command, "--businesses", str(businesses), "--seed", str(seed)],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return wall, cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--businesses", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    print(f"load average before: {load_average()}")
    runs = [run_once(args.businesses, args.seed) for _ in range(args.runs)]
    print(f"load average after: {load_average()}")
    walls = [wall for wall, _ in runs]
    cpus = [cpu for _, cpu in runs]
    wall, cpu = statistics.median(walls), statistics.median(cpus)
    print(
        f"demo --businesses {args.businesses:,}: {', '.join(f'{w:.1f}' for w in walls)} s wall, "
        f"{', '.join(f'{c:.1f}' for c in cpus)} s CPU (goal ≤ {GOAL_S:.0f} s)"
    )
    record(f"demo --businesses {args.businesses:,}", wall, GOAL_S, cpu=cpu)
    return 0 if wall <= GOAL_S else 1


if __name__ == "__main__":
    sys.exit(main())
