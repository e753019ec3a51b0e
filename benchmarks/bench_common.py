"""What the benchmark scripts share: number formats as the README quotes them, and a timer."""

from __future__ import annotations

import time
from collections.abc import Callable
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
