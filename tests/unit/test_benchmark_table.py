"""`python -m benchmarks`: the figures the scripts hand over, and the one table printed from them."""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> object:
    monkeypatch.syspath_prepend(str(ROOT))
    monkeypatch.syspath_prepend(str(ROOT / "benchmarks"))
    monkeypatch.setenv("PCMD_BENCH_RECORD", str(tmp_path / "figures.jsonl"))
    return importlib.import_module("benchmarks.__main__")


def test_recorded_figures_make_one_table_with_verdicts(runner: object, tmp_path: Path) -> None:
    common = sys.modules["bench_common"]
    common.record("year report", 1.4, 2.0, cpu=1.1)  # type: ignore[attr-defined]
    common.record("keystroke, worst", 130, 100, "ms")  # type: ignore[attr-defined]
    common.record(  # type: ignore[attr-defined]
        "register interactive", 1.2, 1.5, ratio=1.9, ratio_goal=1.5, baseline="bare QTableView"
    )
    common.record("start-up: imports", 0.6, None)  # type: ignore[attr-defined]
    common.record("signed in at once", 1.0, 1.5, ratio=2.4, baseline="bare QTableView")  # type: ignore[attr-defined]
    lines = (tmp_path / "figures.jsonl").read_text(encoding="utf-8").splitlines()
    entries = [json.loads(line) for line in lines]
    assert [e["figure"] for e in entries] == [
        "year report",
        "keystroke, worst",
        "register interactive",
        "start-up: imports",
        "signed in at once",
    ]
    text = runner.table(entries)  # type: ignore[attr-defined]
    rows = {line.split("  ")[0]: line for line in text.splitlines()[2:]}
    assert rows["year report"].rstrip().endswith("ok") and "1.40 s" in rows["year report"]
    assert "1.10 s" in rows["year report"]  # the CPU time beside the wall time
    assert rows["keystroke, worst"].rstrip().endswith("OVER") and "130 ms" in rows["keystroke, worst"]
    # within its own goal, over the goal of its ratio to the baseline measured in the same run
    assert "1.90 ×" in rows["register interactive"] and rows["register interactive"].endswith("OVER")
    assert not rows["start-up: imports"].rstrip().endswith(("ok", "OVER"))
    # a ratio shown for information, without a goal of its own: judged by its time alone
    assert "2.40 × bare QTableView" in rows["signed in at once"] and "None" not in rows["signed in at once"]
    assert rows["signed in at once"].endswith("ok")


class _Parsed(Exception):
    """Raised in place of running a benchmark once its command line was read without an error."""


def test_every_script_of_the_runner_exists_and_takes_its_arguments(
    runner: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    import argparse
    import runpy

    parse = argparse.ArgumentParser.parse_args

    def parse_then_stop(self: argparse.ArgumentParser, *args: object, **kwargs: object) -> None:
        parse(self, *args, **kwargs)  # type: ignore[arg-type]
        raise _Parsed

    monkeypatch.setattr(argparse.ArgumentParser, "parse_args", parse_then_stop)
    for name, (script, full, small) in runner.SCRIPTS.items():  # type: ignore[attr-defined]
        path = ROOT / "benchmarks" / script
        assert path.is_file(), name
        for args in (full, small):
            monkeypatch.setattr(sys, "argv", [str(path), *[a.replace("{tmp}", "/tmp/x") for a in args]])
            with pytest.raises(_Parsed):  # an unknown or malformed argument exits with 2 instead
                runpy.run_path(str(path), run_name="__main__")
