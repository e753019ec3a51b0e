"""Large reads and writes: the driver's own tuples, without building a SQLAlchemy Row or parameter dict for
each."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date
from operator import itemgetter
from typing import Any, overload

from sqlalchemy import Table, insert
from sqlalchemy.orm import Session
from sqlalchemy.sql import Executable


def plain_rows(session: Session, statement: Executable) -> list[tuple[Any, ...]]:
    """The rows of `statement` as the database driver returns them.

    The parameters still go through SQLAlchemy's bind processing; the results skip its type processing, so
    select only integer and text columns here (SQLite returns booleans as 0/1 and dates as ISO strings).
    About three times faster than Row objects over a hundred thousand rows (benchmarks/bench_inspections.py).
    """
    result = session.connection().execute(statement)
    try:
        return list(result.cursor.fetchall()) if result.cursor is not None else []
    finally:
        result.close()


BATCH_ROWS = 2000  # rows fetched at a time by plain_batches


def plain_batches(session: Session, statement: Executable) -> Iterator[Sequence[Any]]:
    """The rows of `statement` as `plain_rows` gives them, BATCH_ROWS at a time: a caller that turns each row
    into something it keeps frees the driver's tuples batch by batch, and the next batch takes their memory
    (read all at once, 100,000 rows' tuples and their repeated strings leave about 40 MB of freed blocks
    scattered between the kept ones, which the process does not give back)."""
    result = session.connection().execute(statement)
    try:
        cursor = result.cursor
        while cursor is not None and (batch := cursor.fetchmany(BATCH_ROWS)):
            yield batch
    finally:
        result.close()


@overload
def plain_date(value: date | str) -> date: ...
@overload
def plain_date(value: date | str | None) -> date | None: ...
def plain_date(value: date | str | None) -> date | None:
    """A date column of `plain_rows` as a date: SQLite gives ISO text, PostgreSQL a date."""
    return date.fromisoformat(value) if isinstance(value, str) else value


def insert_rows(session: Session, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert many rows into `table`, one statement executed for all of them; every row has the keys of the
    first one.

    On SQLite the rows go to the driver's `executemany` as tuples, each column's values converted once per
    distinct value by the column type's own bind processor: the same stored values as `session.execute(
    insert(table), rows)`, without SQLAlchemy building a parameter dict per row (which dominated the demo
    fill and the import's writes). Columns left out take their scalar defaults. Elsewhere, and for a table
    with a computed Python default, SQLAlchemy's own executemany.
    """
    if not rows:
        return
    keys = list(rows[0])
    connection = session.connection()
    dialect = connection.dialect
    missing = [c for c in table.columns if c.key not in keys and c.default is not None]
    if dialect.name != "sqlite" or any(not c.default.is_scalar for c in missing):  # type: ignore[union-attr]
        session.execute(insert(table), list(rows))
        return
    defaults = {c.key: c.default.arg for c in missing}  # type: ignore[union-attr]
    compiled = insert(table).compile(dialect=dialect, column_keys=[*keys, *defaults])
    order = compiled.positiontup or []
    given = [name for name in order if name in rows[0]]
    columns = list(zip(*map(itemgetter(*given), rows), strict=True)) if len(given) > 1 else []
    if len(given) == 1:
        columns = [tuple(row[given[0]] for row in rows)]
    by_name = dict(zip(given, columns, strict=True))
    converted: list[Sequence[Any]] = []
    for name in order:
        values = by_name[name] if name in by_name else (defaults[name],) * len(rows)
        processor = table.c[name].type._cached_bind_processor(dialect)
        converted.append(values if processor is None else _converted(values, processor))
    connection.exec_driver_sql(str(compiled), list(zip(*converted, strict=True)))


def _converted(values: Sequence[Any], processor: Callable[[Any], Any]) -> Sequence[Any]:
    """`processor` over `values`, called once per distinct value."""
    try:
        distinct = set(values)
    except TypeError:  # an unhashable value (a JSON list, say)
        return [processor(value) for value in values]
    if len({type(value) for value in distinct} - {type(None)}) > 1:  # 1 and True are one key of a set
        return [processor(value) for value in values]
    once = {value: processor(value) for value in distinct}
    return list(map(once.__getitem__, values))


@contextmanager
def larger_cache(session: Session, mebibytes: int = 64) -> Iterator[None]:
    """A larger SQLite page cache for the connection of `session` while the block runs, then the one it had
    (SQLite frees the pages above it).

    SQLite keeps 2 MiB of pages by default (SQLCipher about 8 MB): a figure that reads the same large tables
    several times (the year report reads the business table four times) or writes rows into several indexes
    at once (the demo fill) otherwise reads and, with SQLCipher, decrypts the same pages again. (A memory
    map does not help an encrypted file: its pages are decrypted into this cache; measured, no change.)
    Nothing on other databases.
    """
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        yield
        return
    before = int(connection.exec_driver_sql("PRAGMA cache_size").scalar() or 0)
    connection.exec_driver_sql(f"PRAGMA cache_size = {-1024 * int(mebibytes)}")
    try:
        yield
    finally:
        connection.exec_driver_sql(f"PRAGMA cache_size = {before}")
