"""Complexity only goes down: no file gets more C901/PLR0912/PLR0913/PLR0915 findings than its baseline, no
new file gets any, and a baseline higher than today's count must be lowered (so the gain is kept)."""

from __future__ import annotations

from tests.tools.complexity_baseline import RULES, Counts, current_counts, read_baseline

REGENERATE = "regenerate with: .venv/bin/python tests/tools/complexity_baseline.py"


def compare(found: Counts, baseline: Counts) -> tuple[list[str], list[str]]:
    """(what grew beyond the baseline, what the baseline still allows but is gone)."""
    grew: list[str] = []
    stale: list[str] = []
    for path in sorted(found.keys() | baseline.keys()):
        for rule in RULES:
            now = found.get(path, {}).get(rule, 0)
            allowed = baseline.get(path, {}).get(rule, 0)
            if now > allowed:
                grew.append(f"{path}: {rule} {now} > {allowed}")
            elif now < allowed:
                stale.append(f"{path}: {rule} {now} < {allowed}")
    return grew, stale


def test_no_file_gets_more_complex_than_its_baseline() -> None:
    grew, _ = compare(current_counts(), read_baseline())
    assert not grew, (
        "more complexity findings than the baseline allows; split the function or pass a command "
        "object instead of many arguments (ruff check --select C901,PLR0912,PLR0913,PLR0915 FILE shows "
        "them):\n" + "\n".join(grew)
    )


def test_the_baseline_is_lowered_when_findings_go_away() -> None:
    _, stale = compare(current_counts(), read_baseline())
    assert not stale, "fewer findings than the baseline; lower it, " + REGENERATE + "\n" + "\n".join(stale)


def test_compare_flags_growth_new_files_and_stale_entries() -> None:
    baseline: Counts = {"a.py": {"C901": 2}, "gone.py": {"PLR0913": 1}}
    found: Counts = {"a.py": {"C901": 3}, "new.py": {"PLR0915": 1}}
    grew, stale = compare(found, baseline)
    assert grew == ["a.py: C901 3 > 2", "new.py: PLR0915 1 > 0"]
    assert stale == ["gone.py: PLR0913 0 < 1"]
    assert compare(baseline, baseline) == ([], [])
