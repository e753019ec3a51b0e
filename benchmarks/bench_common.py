"""What the benchmark scripts share: number formats as docs/performance.md quotes them, and a timer."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

# The command line signs in; on a fresh database `setup` and `demo` create this administrator.
CLI_CREDENTIALS = {"PCMD_USER": "benchmark", "PCMD_PASSWORD": "benchmark-password"}


def ms(seconds: float) -> str:
    """1.2345 → '1.235 ms' (Vietnamese thousands separator)."""
    return f"{seconds * 1000:,.0f} ms".replace(",", ".")


def n(value: int) -> str:
    """100000 → '100.000'."""
    return f"{value:,}".replace(",", ".")


def timed(fn: Callable[[], T]) -> tuple[float, T]:
    """(seconds, result) of one call."""
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


# ---- One table for every figure (`python -m benchmarks`)
RECORD_ENV = "PCMD_BENCH_RECORD"  # a JSON-lines file the runner reads; unset when a script runs alone


def record(
    figure: str,
    value: float,
    goal: float | None,
    unit: str = "s",
    *,
    cpu: float | None = None,
    ratio: float | None = None,
    ratio_goal: float | None = None,
    baseline: str = "",
) -> None:
    """Hand one measured figure to `python -m benchmarks` (lower is better for every figure): its value and
    goal in `unit` (None: a phase shown for its share, without a goal of its own), the CPU seconds beside a
    wall time, and the ratio to a baseline measured in the same run."""
    path = os.environ.get(RECORD_ENV)
    if not path:
        return
    entry = {
        "figure": figure,
        "value": value,
        "goal": goal,
        "unit": unit,
        "cpu": cpu,
        "ratio": ratio,
        "ratio_goal": ratio_goal,
        "baseline": baseline,
    }
    with open(path, "a", encoding="utf-8") as out:
        out.write(json.dumps(entry, ensure_ascii=False) + "\n")


def cpu_timed(fn: Callable[[], T]) -> tuple[float, float, T]:
    """(wall seconds, CPU seconds of this process, result) of one call."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn()
    return time.perf_counter() - wall, time.process_time() - cpu, result


def load_average() -> str:
    """The machine's load, as the figures should be read: '1.02/0.87/0.60 on 2 CPUs'."""
    return "/".join(f"{value:.2f}" for value in os.getloadavg()) + f" on {os.cpu_count()} CPUs"


def _journal_too(database: Path) -> list[Path]:
    return [p for p in (database, database.with_name(database.name + "-wal")) if p.exists()]


def read_into_os_cache(database: Path) -> None:
    """Read a SQLite file (and its journal) once, so that a first call measured next is a new process's
    (SQLite's own cache empty, every page decrypted again), not the disk's: what the benchmarks before it
    read does not decide the figure."""
    for path in _journal_too(database):
        with path.open("rb") as stream:
            while stream.read(1 << 20):
                pass


def drop_from_os_cache(database: Path) -> bool:
    """Ask the OS to forget the cached pages of a SQLite file and its journal (Linux; elsewhere nothing is
    done and False comes back): the next read comes from the disk, as the first one after the PC started.
    Written pages are flushed first (the OS drops only clean ones)."""
    advise = getattr(os, "posix_fadvise", None)
    if advise is None:
        return False
    for path in _journal_too(database):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
            advise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        finally:
            os.close(fd)
    return True


def demo_data_version() -> str:
    """What the demo generator writes, as a short key for a cached benchmark database: the fingerprint that
    tests/unit/test_demo_fingerprint.py pins. A change to the generator that keeps its data keeps the key; one
    that changes the data must re-pin the fingerprint, which changes the key and rebuilds the caches."""
    test = Path(__file__).resolve().parent.parent / "tests" / "unit" / "test_demo_fingerprint.py"
    found = re.search(r'^FINGERPRINT = "([0-9a-f]+)"', test.read_text(encoding="utf-8"), re.MULTILINE)
    if found is None:
        raise RuntimeError(f"no FINGERPRINT in {test}")
    return found.group(1)[:10]


def compile_bytecode(root: Path) -> None:
    """Write the project's bytecode (__pycache__) once, as an installed app has it: with
    PYTHONDONTWRITEBYTECODE set, every start would otherwise compile the sources again (about 0.4 s)."""
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(root / "desktop_app")],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
