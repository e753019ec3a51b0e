"""The change log as a hash chain: every unit of work seals what it logged; editing, deleting or cutting off
entries is found by the service and by `check`."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from desktop_app.domain.audit import ChainHead, LogEntry, chain_problems, extend
from desktop_app.domain.security import SYSTEM
from desktop_app.services.app_services import Services, open_services
from desktop_app.services.backup import restore_database
from desktop_app.storage.models import ChangeLogRecord
from tests.conftest import configure, raw_connect, run_cli, sample_input


def _entries(n: int) -> list[LogEntry]:
    at = datetime(2026, 11, 25, 9, 0)
    return [LogEntry(i, "business", i, "update", f'{{"name": "{i}"}}', at, "") for i in range(1, n + 1)]


def _sealed(entries: list[LogEntry]) -> tuple[list[LogEntry], ChainHead]:
    hashes, head = extend(ChainHead(), entries)
    by_id = dict(hashes)
    return [
        LogEntry(e.id, e.entity, e.entity_id, e.action, e.changes, e.at, e.actor, by_id[e.id])
        for e in entries
    ], head


def test_the_chain_finds_an_edited_a_deleted_and_a_cut_off_entry() -> None:
    entries, head = _sealed(_entries(5))
    assert chain_problems(entries, head) == []

    edited = list(entries)
    e = edited[2]
    edited[2] = LogEntry(e.id, e.entity, e.entity_id, e.action, '{"name": "khác"}', e.at, e.actor, e.hash)
    assert chain_problems(edited, head) == [
        "Mục nhật ký số 3 không khớp: mục này hoặc mục ngay trước nó đã bị sửa hoặc xóa.",
    ]
    deleted = entries[:1] + entries[2:]
    problems = chain_problems(deleted, head)
    assert problems[0].startswith("Mục nhật ký số 3 không khớp")
    assert problems[-1] == "Nhật ký có 4 mục, ít hơn 5 mục đã ghi: các mục cuối đã bị xóa."
    assert chain_problems(entries[:4], head) == [
        "Nhật ký có 4 mục, ít hơn 5 mục đã ghi: các mục cuối đã bị xóa."
    ]
    extra, _ = _sealed(_entries(6))
    assert chain_problems(extra, head) == [
        "Điểm cuối của nhật ký không khớp với bản ghi kiểm soát: nhật ký đã bị sửa."
    ]


@pytest.fixture
def logged(office: Services) -> Services:
    """Some changes, so that the log has entries: created, edited, voided businesses."""
    first = office.businesses.create(sample_input(office, name="Nhà nghỉ Bình An", registration_number="A1"))
    office.businesses.create(sample_input(office, name="Karaoke Hoa Ban", registration_number="A2"))
    office.businesses.update(
        first, sample_input(office, name="Nhà nghỉ Bình An Mới", registration_number="A1")
    )
    office.businesses.void(first, "Nhập nhầm")
    return office


def _count(services: Services) -> int:
    with services.db.read() as session:
        return int(session.scalar(select(func.count()).select_from(ChangeLogRecord)) or 0)


def test_every_transaction_seals_its_entries(logged: Services) -> None:
    assert _count(logged) >= 4
    with logged.db.read() as session:
        unsealed = session.scalar(select(func.count()).where(ChangeLogRecord.hash.is_(None)))
    assert unsealed == 0
    assert logged.audit.problems() == []


def test_tampering_with_the_stored_log_is_detected(logged: Services) -> None:
    with logged.db.unit_of_work() as session:
        ids = list(session.scalars(select(ChangeLogRecord.id).order_by(ChangeLogRecord.id)))
        session.execute(
            text("UPDATE change_log SET changes = :c WHERE id = :i"), {"c": '{"name": "đã sửa"}', "i": ids[1]}
        )
    problems = logged.audit.problems()
    assert problems == [
        f"Mục nhật ký số {ids[1]} không khớp: mục này hoặc mục ngay trước nó đã bị sửa hoặc xóa."
    ]

    with logged.db.unit_of_work() as session:
        session.execute(text("DELETE FROM change_log WHERE id = :i"), {"i": ids[-1]})
    assert logged.audit.problems()[-1].endswith("các mục cuối đã bị xóa.")


def test_check_command_reports_a_deleted_entry(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "pcmd.sqlite3"
    services = open_services(path, actor=SYSTEM)
    try:
        configure(services)
        for i in range(3):
            services.businesses.create(sample_input(services, name=f"Cơ sở {i}", registration_number=f"C{i}"))
        with services.db.unit_of_work() as session:
            second = sorted(session.scalars(select(ChangeLogRecord.id)))[1]
            session.execute(text("DELETE FROM change_log WHERE id = :i"), {"i": second})
    finally:
        services.close()
    code, out, _err = run_cli(capsys, "--db", str(path), "check")
    assert code == 1
    assert "không khớp: mục này hoặc mục ngay trước nó đã bị sửa hoặc xóa." in out
    assert out.strip().endswith("Nhật ký thay đổi không còn nguyên vẹn: hãy báo cho quản trị viên.")


# ---- The head kept outside the database (beside the key file and every backup)


def test_the_log_must_still_reach_the_head_kept_outside() -> None:
    entries, head = _sealed(_entries(5))
    assert chain_problems(entries, head, head, "pcmd.sqlite3.chain") == []
    assert chain_problems(entries, head, ChainHead(3, entries[2].hash or ""), "x") == []  # a later log
    gone = chain_problems([], ChainHead(), head, "pcmd.sqlite3.chain")
    assert gone == [
        "Nhật ký có 0 mục, ít hơn 5 mục đã ghi bên ngoài dữ liệu (tệp «pcmd.sqlite3.chain»): "
        "nhật ký đã bị xóa hoặc cắt bớt."
    ]
    rewritten, new_head = _sealed(_entries(6))  # every hash computed again over other entries
    assert chain_problems(rewritten, new_head) == []
    assert chain_problems(rewritten, new_head, ChainHead(5, "f" * 64), "x") == [
        "Mục nhật ký thứ 5 không khớp với điểm cuối ghi bên ngoài dữ liệu (tệp «x»): nhật ký đã bị viết lại."
    ]


def _office_with_log(path: Path) -> None:
    services = open_services(path, actor=SYSTEM)
    try:
        configure(services)
        for i in range(3):
            services.businesses.create(sample_input(services, name=f"Cơ sở {i}", registration_number=f"C{i}"))
    finally:
        services.close()


def _forge(services: Services, keep: int) -> None:
    """What someone with the open file could do: keep the first `keep` entries, delete the rest and write
    the head inside the file to match, so that the chain alone looks intact."""
    with services.db.unit_of_work() as session:
        ids = sorted(session.scalars(select(ChangeLogRecord.id)))
        session.execute(text("DELETE FROM change_log WHERE id > :i"), {"i": ids[keep - 1] if keep else 0})
        rows = session.execute(
            select(ChangeLogRecord.hash).order_by(ChangeLogRecord.id.desc()).limit(1)
        ).scalar()
        head = json.dumps({"count": keep, "last_hash": rows or "0" * 64})
        session.execute(text("UPDATE app_setting SET value = :v WHERE key = 'audit.chain_head'"), {"v": head})


@pytest.mark.parametrize("keep", [0, 2])
def test_the_log_deleted_or_cut_with_its_head_is_found(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], keep: int
) -> None:
    path = tmp_path / "pcmd.sqlite3"
    _office_with_log(path)
    anchor = json.loads((tmp_path / "pcmd.sqlite3.chain").read_text(encoding="utf-8"))
    assert anchor["count"] > 3
    services = open_services(path, actor=SYSTEM)
    try:
        assert services.audit.problems() == []
        _forge(services, keep)
        problems = services.audit.problems()
    finally:
        services.close()
    assert problems == [
        f"Nhật ký có {keep} mục, ít hơn {anchor['count']} mục đã ghi bên ngoài dữ liệu "
        "(tệp «pcmd.sqlite3.chain»): nhật ký đã bị xóa hoặc cắt bớt."
    ]
    code, out, _err = run_cli(capsys, "--db", str(path), "check")
    assert code == 1 and "ít hơn" in out


def test_the_head_outside_follows_commits_backups_and_restores(tmp_path: Path) -> None:
    path = tmp_path / "pcmd.sqlite3"
    _office_with_log(path)
    anchor = path.with_name("pcmd.sqlite3.chain")
    services = open_services(path, actor=SYSTEM)
    try:
        made = services.backup.backup_now()
        at_backup = json.loads(made.with_name(made.name + ".chain").read_text(encoding="utf-8"))
        services.businesses.create(sample_input(services, name="Cơ sở mới", registration_number="M1"))
        assert json.loads(anchor.read_text(encoding="utf-8"))["count"] > at_backup["count"]
        _forge(services, at_backup["count"] - 2)
        services.backup.backup_now(tmp_path / "usb")  # a copy of the forged data, and its head
        services.backup.restore(made)
    finally:
        services.close()
    services = open_services(path, actor=SYSTEM)
    try:  # the restored data is what the backup was: intact, the head beside it reset to the backup's
        assert json.loads(anchor.read_text(encoding="utf-8"))["count"] == at_backup["count"]
        assert services.audit.problems() == []
    finally:
        services.close()
    # a backup whose log was cut after it was made gives its head away when restored
    with raw_connect(made) as conn:
        conn.execute("DELETE FROM change_log WHERE id = (SELECT max(id) FROM change_log)")
        last = conn.execute("SELECT hash FROM change_log ORDER BY id DESC LIMIT 1").fetchone()[0]
        value = json.dumps({"count": at_backup["count"] - 1, "last_hash": last})
        conn.execute("UPDATE app_setting SET value = ? WHERE key = 'audit.chain_head'", (value,))
    restore_database(path, made)
    services = open_services(path, actor=SYSTEM)
    try:  # the restore's own entry takes the cut entry's place: the log no longer reaches the head outside
        problem = services.audit.problems()[0]
        assert "(tệp «pcmd.sqlite3.chain»)" in problem
        assert problem.endswith(("nhật ký đã bị xóa hoặc cắt bớt.", "nhật ký đã bị viết lại."))
        anchor.unlink()  # the head outside deleted as well: said, not passed over
        assert services.audit.problems()[0].startswith("Không có tệp «pcmd.sqlite3.chain»")
    finally:
        services.close()
