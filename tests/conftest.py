"""Shared fixtures: a real database brought up by the migration path, SQLite and (in CI) PostgreSQL."""

from __future__ import annotations

import os
import sys
import time
import uuid
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from desktop_app.domain.businesses import BusinessInput
from desktop_app.domain.office import CommuneInput, OfficeProfile
from desktop_app.domain.security import SYSTEM
from desktop_app.services.app_services import Services, open_services

PG_URL = os.environ.get("PCMD_TEST_PG_URL", "")

COMMUNES = ["Thị trấn Hát Lót", "Xã Mường Bon", "Xã Chiềng Mung", "Xã Cò Nòi", "Xã Đông Hưng"]


class FixedClock:
    """A clock tests can move."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


ROOT = Path(__file__).resolve().parents[1]


def _backends() -> list[str]:
    return ["sqlite", "postgresql"] if PG_URL else ["sqlite"]


def _fresh_pg_url() -> str:
    """A new empty schema-less database per test on the CI server."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    base = make_url(PG_URL)
    name = f"pcmd_test_{int(time.time())}_{uuid.uuid4().hex[:8]}"  # the time: see sweep_pg_test_databases
    admin = create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


def _drop_pg_databases(names: list[str], force: bool) -> None:
    """Drop test databases, best effort: one still in use (by a connection a failed test left open, or by
    another test run when not `force`) stays, and a later run's sweep takes it."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import SQLAlchemyError

    # A plain DROP waits out an autovacuum worker itself; FORCE also ends connections a test left open, but
    # may not signal an autovacuum worker without pg_signal_backend: try plain, then forced, then again.
    ways = ["", " WITH (FORCE)", ""] if force else [""]
    admin = create_engine(make_url(PG_URL).set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            for name in names:
                for attempt, way in enumerate(ways):
                    try:
                        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"{way}'))
                        break
                    except SQLAlchemyError:
                        time.sleep(0.2 * attempt)
    finally:
        admin.dispose()


@pytest.fixture(scope="session", autouse=True)
def sweep_pg_test_databases() -> None:
    """Databases earlier runs could not drop (a run killed half way) go at the start of the next run: those
    made more than an hour ago, so that a run going on beside this one on the same server keeps its own."""
    if not PG_URL:
        return
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    admin = create_engine(make_url(PG_URL).set(database="postgres"))
    try:
        with admin.connect() as conn:
            query = text("SELECT datname FROM pg_database WHERE starts_with(datname, 'pcmd_test_')")
            names = [row[0] for row in conn.execute(query)]
    finally:
        admin.dispose()
    _drop_pg_databases([name for name in names if _made_long_ago(name)], force=False)


def _made_long_ago(name: str) -> bool:
    made = name.removeprefix("pcmd_test_").split("_")[0]
    return not made.isdigit() or int(made) < time.time() - 3600  # (names without a time are from before)


@pytest.fixture(params=_backends())
def db_target(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database location: a SQLite file, or a fresh PostgreSQL database when PCMD_TEST_PG_URL is set.

    A PostgreSQL database is dropped after its test, so repeated runs leave nothing on the server.
    """
    if request.param == "postgresql":
        url = _fresh_pg_url()
        yield url
        from sqlalchemy.engine import make_url

        _drop_pg_databases([str(make_url(url).database)], force=True)
        return
    yield str(tmp_path / "pcmd.sqlite3")


@pytest.fixture
def services(db_target: str) -> Iterator[Services]:
    svc = open_services(db_target, actor=SYSTEM)
    yield svc
    svc.close()


@pytest.fixture
def sqlite_services(tmp_path: Path) -> Iterator[Services]:
    svc = open_services(tmp_path / "pcmd.sqlite3", actor=SYSTEM)
    yield svc
    svc.close()


ADMIN_USER = "quantri"
ADMIN_PASSWORD = "mat-khau-thu-nghiem"


@pytest.fixture(autouse=True)
def cli_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    """The command line signs in as the test administrator unless a test says otherwise."""
    monkeypatch.setenv("PCMD_USER", ADMIN_USER)
    monkeypatch.setenv("PCMD_PASSWORD", ADMIN_PASSWORD)
    monkeypatch.delenv("PCMD_NEW_PASSWORD", raising=False)


def ensure_admin(target: str | Path) -> None:
    """Give a database built through the services (no accounts yet) the test administrator."""
    from desktop_app.domain.security import ROLE_ADMIN, UserInput

    services = open_services(target)
    try:
        if not services.users.has_accounts():
            services.users.create_first_admin(
                UserInput(ADMIN_USER, "Quản trị thử", ROLE_ADMIN, ADMIN_PASSWORD)
            )
    finally:
        services.close()


def add_account(
    services: Services, username: str, full_name: str, role: str, first_password_only: bool = False
) -> str:
    """A new account added by the test administrator (created first when the database has none), whose
    holder has already chosen their own password (unless `first_password_only`); nobody is signed in
    afterwards. Returns the password to sign in with."""
    from desktop_app.domain.security import ROLE_ADMIN, UserInput

    services.db.actor = None
    if not services.users.has_accounts():
        services.users.create_first_admin(UserInput(ADMIN_USER, "Quản trị thử", ROLE_ADMIN, ADMIN_PASSWORD))
    services.users.sign_in(ADMIN_USER, ADMIN_PASSWORD)
    services.users.add(UserInput(username, full_name, role, FIRST_PASSWORD))
    services.users.sign_out()
    if first_password_only:
        return FIRST_PASSWORD
    services.users.sign_in(username, FIRST_PASSWORD)
    services.users.change_own_password(FIRST_PASSWORD, OWN_PASSWORD)
    services.users.sign_out()
    return OWN_PASSWORD


FIRST_PASSWORD = "mat-khau-ban-dau"
OWN_PASSWORD = "mat-khau-cua-toi"


def choose_own_password(target: str | Path, username: str, given: str) -> str:
    """What the holder of a new or reset account does at first sign-in; returns the new password."""
    services = open_services(target)
    try:
        services.users.sign_in(username, given)
        services.users.change_own_password(given, OWN_PASSWORD)
        services.users.sign_out()
    finally:
        services.close()
    return OWN_PASSWORD


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run the command line in-process: (exit code, stdout, stderr). A database given with --db that exists
    and has no account yet gets the test administrator first (except for check and restore)."""
    from desktop_app.__main__ import main

    if "--db" in argv:
        target = argv[argv.index("--db") + 1]
        command = next((a for a in argv[argv.index("--db") + 2 :] if not a.startswith("-")), "")
        exists = "://" in target or Path(target).exists()
        if exists and command not in ("check", "restore", "setup", "demo", "recovery-key"):
            ensure_admin(target)

    try:
        code = main(list(argv))
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def raw_connect(path: str | Path, key_of: Path | None = None) -> Any:
    """A driver-level connection to a database file, plain or encrypted. An encrypted file opens with the
    key of the database `key_of`, else the key file beside it or, for a backup, the one beside the
    database whose folder holds it."""
    from desktop_app.storage import keys

    path = Path(path)
    key = None
    if keys.is_encrypted_file(path):
        if key_of is not None:
            return keys.connect(path, keys.load_key(key_of))
        found = [*path.parent.glob("*.key"), *path.parent.parent.glob("*.key")]
        assert found, f"no key file near {path}"
        key = keys.load_key(found[0].with_suffix(""))
    return keys.connect(path, key)


def configure(services: Services, communes: list[str] | None = None) -> None:
    profile = OfficeProfile(
        issuing_unit="Phòng Lao động – Thương binh và Xã hội",  # a district office before 1/7/2025
        parent_unit="Ủy ban nhân dân huyện Mai Sơn",
        place_name="Mai Sơn",
        upward_recipient="Sở Lao động – Thương binh và Xã hội tỉnh Sơn La",
        signer_name="Nguyễn Văn Minh",
        signer_position="Trưởng phòng",
    )
    services.office.setup(profile, [CommuneInput(name) for name in (communes or COMMUNES)])


@pytest.fixture
def office(services: Services) -> Services:
    """Services over a configured office (profile, five communes, default types)."""
    configure(services)
    return services


def sample_input(services: Services, **overrides: object) -> BusinessInput:
    types = {t.code: t.id for t in services.office.business_types()}
    communes = {c.name: c.id for c in services.office.communes()}
    values: dict[str, object] = {
        "name": "Nhà nghỉ Hoàng Long",
        "type_id": types["NN"],
        # the test office's Xã Mường Bon; else (the demo's office of today) its first commune
        "commune_id": communes.get("Xã Mường Bon", next(iter(communes.values()), None)),
        "address": "Tiểu khu 3",
        "owner_name": "Trần Văn An",
        "owner_id_number": "014085001234",
        "owner_phone": "0912 345 678",
        "registration_number": "24A8001234",
        "registration_date": "05/03/2020",
        "employees_total": "5",
        "employees_female": "3",
        "rooms": "12",
    }
    values.update(overrides)
    return BusinessInput(**values)  # type: ignore[arg-type]


TODAY = date(2026, 11, 23)


# ---- Ending the test process
# With the whole GUI suite in one process, CPython 3.11 aborts in its very last garbage collection, after
# every test has passed and been reported ("bool_dealloc: deallocating True or False", a reference-count
# error of a C extension; a gdb backtrace shows it in interpreter_clear). The app itself exits cleanly. Once
# pytest has written its report, the process ends with pytest's own exit status instead of finalizing.
def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    session.config.stash[_EXIT_STATUS] = int(exitstatus)


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    status = config.stash.get(_EXIT_STATUS, None)
    if status is not None and "PySide6" in sys.modules:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(status)


_EXIT_STATUS = pytest.StashKey[int]()


def kill_when(script: str, marker: str, after: float = 0.0) -> None:
    """Run `script` in a new interpreter and kill it (SIGKILL) `after` seconds once it prints `marker`."""
    import signal
    import subprocess

    process = subprocess.Popen(
        [sys.executable, "-c", script],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert process.stdout is not None
    for line in process.stdout:
        if line.strip() == marker:
            time.sleep(after)
            break
    else:  # pragma: no cover - the script ended without printing the marker
        raise AssertionError(process.stderr.read() if process.stderr else "no marker")
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    # the child must still have been working when killed; if it ended first, show why (a rare failure)
    assert process.returncode == -signal.SIGKILL, process.stderr.read() if process.stderr else ""


def sign_in_cli_as_leader(target: str | Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A lãnh đạo account on `target`, signed in for the command line (PCMD_USER / PCMD_PASSWORD)."""
    from desktop_app.domain.security import ROLE_LEADER

    services = open_services(target)
    try:
        password = add_account(services, "lanhdao", "Lê Văn Lãnh", ROLE_LEADER)
    finally:
        services.close()
    monkeypatch.setenv("PCMD_USER", "lanhdao")
    monkeypatch.setenv("PCMD_PASSWORD", password)
