"""The complexity findings ruff would report today, per file and rule, and the baseline they may not exceed.

C901 (McCabe complexity), PLR0912 (branches), PLR0913 (arguments) and PLR0915 (statements) stay out of the
everyday `ruff check`; tests/unit/test_complexity_baseline.py holds every file to the counts kept in
tests/complexity_baseline.json, which may only go down. After making a function simpler (or after a merge),
write the new counts with

    .venv/bin/python tests/tools/complexity_baseline.py
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BASELINE = ROOT / "tests" / "complexity_baseline.json"
RULES = ("C901", "PLR0912", "PLR0913", "PLR0915")
# The folders the CI's `ruff check` lints (.ci/run).
CHECKED = ("desktop_app", "tests", "benchmarks", "docs")

Counts = dict[str, dict[str, int]]


def ruff() -> Path:
    """ruff beside the running interpreter (the project's virtualenv), else the one on PATH."""
    beside = Path(sys.executable).with_name("ruff")
    return beside if beside.exists() else Path("ruff")


def current_counts() -> Counts:
    """{file relative to the repository, in POSIX form: {rule: findings}} for every file with a finding."""
    folders = [name for name in CHECKED if (ROOT / name).is_dir()]
    result = subprocess.run(
        [str(ruff()), "check", *folders, "--select", ",".join(RULES), "--output-format", "json",
         "--exit-zero", "--no-cache"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    )  # fmt: skip
    found: Counter[tuple[str, str]] = Counter()
    for finding in json.loads(result.stdout):
        path = Path(finding["filename"]).resolve().relative_to(ROOT).as_posix()
        found[path, finding["code"]] += 1
    counts: Counts = {}
    for (path, code), number in sorted(found.items()):
        counts.setdefault(path, {})[code] = number
    return counts


def read_baseline() -> Counts:
    data: Counts = json.loads(BASELINE.read_text(encoding="utf-8"))
    return data


def write_baseline(counts: Counts) -> None:
    BASELINE.write_text(json.dumps(counts, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def main() -> int:
    counts = current_counts()
    write_baseline(counts)
    total = sum(sum(rules.values()) for rules in counts.values())
    print(f"{BASELINE.relative_to(ROOT)}: {total} findings in {len(counts)} files")
    return 0


if __name__ == "__main__":
    sys.exit(main())
