"""The change log as a hash chain: each entry's hash covers the previous entry's hash and its own fields, and
a head (count, last hash) is kept apart, so that editing, deleting or cutting off entries is detected."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

GENESIS = "0" * 64


@dataclass(frozen=True, slots=True)
class LogEntry:
    id: int
    entity: str
    entity_id: int
    action: str
    changes: str
    at: datetime
    actor: str
    hash: str | None = None


@dataclass(frozen=True, slots=True)
class ChainHead:
    count: int = 0
    last_hash: str = GENESIS


def entry_hash(previous: str, entry: LogEntry) -> str:
    """SHA-256 over the previous hash and the entry's fields in a fixed canonical form."""
    payload = json.dumps(
        [
            previous,
            entry.id,
            entry.entity,
            entry.entity_id,
            entry.action,
            entry.changes,
            entry.at.isoformat(timespec="microseconds"),
            entry.actor,
        ],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def extend(head: ChainHead, entries: Iterable[LogEntry]) -> tuple[list[tuple[int, str]], ChainHead]:
    """Hashes for new entries (in id order) chained after `head`: the (id, hash) pairs and the new head."""
    hashes: list[tuple[int, str]] = []
    last, count = head.last_hash, head.count
    for entry in entries:
        last = entry_hash(last, entry)
        count += 1
        hashes.append((entry.id, last))
    return hashes, ChainHead(count, last)


def chain_problems(entries: Iterable[LogEntry], head: ChainHead) -> list[str]:
    """Why the log is not intact, one Vietnamese line each (at most 20); empty when it is.

    An edited entry no longer matches its hash; a deleted entry breaks the link of the one after it; entries
    cut off the end leave fewer entries, or another last hash, than the head records.
    """
    problems: list[str] = []
    last, count = GENESIS, 0
    for entry in entries:
        expected = entry_hash(last, entry)
        if entry.hash is None:
            problems.append(f"Mục nhật ký số {entry.id} chưa được niêm phong.")
        elif entry.hash != expected:
            problems.append(
                f"Mục nhật ký số {entry.id} không khớp: mục này hoặc mục ngay trước nó đã bị sửa hoặc xóa."
            )
        last, count = entry.hash or expected, count + 1
        if len(problems) >= 20:
            problems.append("… và có thể còn nữa.")
            return problems
    if count < head.count:
        problems.append(f"Nhật ký có {count} mục, ít hơn {head.count} mục đã ghi: các mục cuối đã bị xóa.")
    elif count > head.count or last != head.last_hash:
        problems.append("Điểm cuối của nhật ký không khớp với bản ghi kiểm soát: nhật ký đã bị sửa.")
    return problems
