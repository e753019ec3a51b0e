"""The core (domain, storage, services, imports, exports, CLI) never loads Qt; import-linter agrees, and its
contract that only storage imports SQLAlchemy covers every module of the package."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_importing_the_core_does_not_load_pyside6() -> None:
    code = (
        "import sys, pkgutil, importlib\n"
        "import desktop_app\n"
        "for pkg in ('domain', 'storage', 'services', 'imports', 'exports', 'demo'):\n"
        "    mod = importlib.import_module('desktop_app.' + pkg)\n"
        "    for info in pkgutil.walk_packages(mod.__path__, mod.__name__ + '.'):\n"
        "        if '.migrations' not in info.name:\n"
        "            importlib.import_module(info.name)\n"
        "import desktop_app.cli, desktop_app.paths\n"
        "loaded = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6')))\n"
        "print(loaded)\n"
        "sys.exit(1 if loaded else 0)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_import_linter_contracts_hold() -> None:
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint)], cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_only_storage_may_import_sqlalchemy_and_the_contract_covers_every_other_module() -> None:
    import desktop_app

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    sql = next(c for c in contracts if set(c.get("forbidden_modules", ())) == {"sqlalchemy", "alembic"})
    top_level = {f"desktop_app.{info.name}" for info in pkgutil.iter_modules(desktop_app.__path__)}
    assert top_level - {"desktop_app.storage"} == set(sql["source_modules"])
