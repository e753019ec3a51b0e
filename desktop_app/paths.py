"""Where things are: bundled resources (checkout or frozen build) and the per-user data folder."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from platformdirs import user_data_dir

APP_NAME = "PCMD Desk"
DB_FILE_NAME = "pcmd.sqlite3"


def resources_dir() -> Path:
    """The `resources/` folder: beside the package in a checkout, inside the bundle when frozen."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def data_dir() -> Path:
    """Per-user data folder (PCMD_DATA_DIR overrides it, e.g. for tests and portable installs)."""
    override = os.environ.get("PCMD_DATA_DIR")
    if override:
        return Path(override)
    return Path(user_data_dir(APP_NAME, appauthor=False, roaming=False))


def default_database() -> Path:
    return data_dir() / DB_FILE_NAME


def log_file() -> Path:
    """The app's log (`pcmd-desk.log` in the data folder): the GUI's logging and the command line's errors."""
    return data_dir() / "pcmd-desk.log"
