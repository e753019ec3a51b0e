"""The penalty catalogue: reading its JSON file, and bringing the database's legal_basis rows in line with it
(added, updated, retired), with the version in the settings."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, column, insert, select, table, update
from sqlalchemy import types as sa_types

from desktop_app.domain.legal import Catalogue, CatalogueEntry, CatalogueError, parse_catalogue
from desktop_app.paths import resource

VERSION_KEY = "legal_catalogue_version"
MAX_FILE_BYTES = 5_000_000


def bundled_catalogue_path() -> Path:
    return resource("legal", "penalty_catalogue.json")


def read_catalogue(path: Path) -> Catalogue:
    """Read and validate a catalogue file. Raises CatalogueError (unreadable, not JSON, invalid)."""
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise CatalogueError(f"Tệp «{path.name}» quá lớn để là danh mục xử phạt.")
        data = json.loads(path.read_text(encoding="utf-8"))
    except CatalogueError:
        raise
    except OSError as err:
        raise CatalogueError(f"Không đọc được tệp «{path.name}»: kiểm tra đường dẫn và quyền đọc.") from err
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise CatalogueError(
            f"Tệp «{path.name}» không phải tệp JSON (UTF-8) của danh mục xử phạt; không có gì được thay đổi."
        ) from err
    return parse_catalogue(data)


# Plain Core tables (not the ORM models) so that migration 0013 can use the same code whatever later
# migrations add to these tables.
_legal = table(
    "legal_basis",
    column("id", sa_types.Integer),
    column("decree", sa_types.String),
    column("article", sa_types.String),
    column("clause", sa_types.String),
    column("point", sa_types.String),
    column("text", sa_types.Text),
    column("active", sa_types.Boolean),
    column("fine_min", sa_types.BigInteger),
    column("fine_max", sa_types.BigInteger),
    column("organisation_factor", sa_types.Integer),
    column("applies_to", sa_types.String),
    column("warning_allowed", sa_types.Boolean),
    column("valid_from", sa_types.Date),
    column("valid_to", sa_types.Date),
    column("source", sa_types.Text),
    column("verified", sa_types.Boolean),
    column("catalogue_version", sa_types.String),
    column("replaces", sa_types.Text),
)
_setting = table("app_setting", column("key", sa_types.String), column("value", sa_types.Text))


def _values(entry: CatalogueEntry, version: str) -> dict[str, Any]:
    return {
        "text": entry.act,
        "active": True,
        "fine_min": entry.fine_min,
        "fine_max": entry.fine_max,
        "organisation_factor": entry.organisation_factor,
        "applies_to": ",".join(entry.applies_to),
        "warning_allowed": entry.warning_allowed,
        "valid_from": entry.valid_from,
        "valid_to": entry.valid_to,
        "source": entry.source,
        "verified": entry.verified,
        "catalogue_version": version,
        "replaces": "\n".join("|".join(ref) for ref in entry.replaces),
    }


def catalogue_version(connection: Connection) -> str:
    raw = connection.scalar(select(_setting.c.value).where(_setting.c.key == VERSION_KEY))
    return str(json.loads(raw)) if raw else ""


def sync_catalogue(connection: Connection, catalogue: Catalogue) -> dict[str, int]:
    """Make legal_basis match the catalogue: add new acts, update known ones (same decree – article – clause
    – point), retire (make inactive, never delete) catalogue rows it no longer has. Entries added by hand
    are left alone. Visits keep their links. Returns the counts {added, updated, retired}."""
    rows = connection.execute(
        select(
            _legal.c.id,
            _legal.c.decree,
            _legal.c.article,
            _legal.c.clause,
            _legal.c.point,
            _legal.c.catalogue_version,
            _legal.c.active,
        )
    ).all()
    known = {(r.decree, r.article, r.clause, r.point): (r.id, r.catalogue_version, r.active) for r in rows}
    counts = {"added": 0, "updated": 0, "retired": 0}
    wanted = set()
    for entry in catalogue.entries:
        wanted.add(entry.key)
        values = _values(entry, catalogue.version)
        found = known.get(entry.key)
        if found is None:
            decree, article, clause, point = entry.key
            connection.execute(
                insert(_legal).values(decree=decree, article=article, clause=clause, point=point, **values)
            )
            counts["added"] += 1
        else:
            connection.execute(update(_legal).where(_legal.c.id == found[0]).values(**values))
            counts["updated"] += 1
    for key, (row_id, version, active) in known.items():
        if version and active and key not in wanted:
            connection.execute(update(_legal).where(_legal.c.id == row_id).values(active=False))
            counts["retired"] += 1
    # Entries outside the catalogue (retired, or added by hand) without dates take their decree's.
    for decree, (start, end) in catalogue.decrees.items():
        connection.execute(
            update(_legal)
            .where(_legal.c.decree == decree, _legal.c.valid_from.is_(None))
            .values(valid_from=start, valid_to=end)
        )
    if connection.scalar(select(_setting.c.key).where(_setting.c.key == VERSION_KEY)) is None:
        connection.execute(insert(_setting).values(key=VERSION_KEY, value=json.dumps(catalogue.version)))
    else:
        connection.execute(
            update(_setting).where(_setting.c.key == VERSION_KEY).values(value=json.dumps(catalogue.version))
        )
    return counts
