"""The Windows installer's configuration: which Qt files ship, which dependencies have Windows wheels, and
that the app finds its resources where the installer puts them (pkgs/resources beside pkgs/desktop_app)."""

from __future__ import annotations

import importlib.util
import re
import sys
import tomllib
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
INSTALLER = ROOT / "installer"


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("installer_config", INSTALLER / "installer_config.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["installer_config"] = module
    spec.loader.exec_module(module)
    return module


config = _load()


@pytest.mark.parametrize(
    "path",
    [
        "PySide6/__init__.py",
        "PySide6/support/deprecated.py",
        "PySide6/QtCore.pyd",
        "PySide6/QtWidgets.pyd",
        "PySide6/QtPrintSupport.pyd",
        "PySide6/QtCharts.pyd",
        "PySide6/Qt6Charts.dll",
        "PySide6/Qt6Core.dll",
        "PySide6/Qt6Gui.dll",
        "PySide6/Qt6Widgets.dll",
        "PySide6/pyside6.abi3.dll",
        "PySide6/msvcp140.dll",
        "PySide6/msvcp140_1.dll",
        "PySide6/plugins/platforms/qwindows.dll",
        "PySide6/plugins/platforms/qoffscreen.dll",
        "PySide6/plugins/styles/qmodernwindowsstyle.dll",
        "PySide6/plugins/imageformats/qico.dll",
        "shiboken6/Shiboken.pyd",
        "pyside6_essentials-6.12.0.dist-info/METADATA",
    ],
)
def test_the_qt_the_app_uses_ships(path: str) -> None:
    assert config.keep_qt_file(path)


@pytest.mark.parametrize(
    "path",
    [
        "PySide6/opengl32sw.dll",
        "PySide6/vcruntime140.dll",  # beside python.exe already
        "PySide6/vcamp140.dll",
        "PySide6/vcomp140.dll",
        "PySide6/Qt6Quick.dll",
        "PySide6/Qt6Qml.dll",
        "PySide6/Qt6Designer.dll",
        "PySide6/QtQuick.pyd",
        "PySide6/QtDataVisualization.pyd",
        "PySide6/pyside6qml.abi3.dll",
        "PySide6/avcodec-63.dll",
        "PySide6/QtCore.pyi",
        "PySide6/designer.exe",
        "PySide6/pyside6.abi3.lib",
        "PySide6/qml/QtQuick/Controls/qmldir",
        "PySide6/translations/qtbase_de.qm",
        "PySide6/resources/icudtl.dat",
        "PySide6/metatypes/qt6core_relwithdebinfo_metatypes.json",
        "PySide6/scripts/deploy.py",
        "PySide6/plugins/sqldrivers/qsqlite.dll",
        "PySide6/plugins/platforms/qdirect2d.dll",
        "PySide6/plugins/qmltooling/qmldbg_tcp.dll",
    ],
)
def test_unused_qt_is_left_out(path: str) -> None:
    assert not config.keep_qt_file(path)


def test_every_qt_module_the_app_imports_is_kept() -> None:
    used = set()
    for source in (ROOT / "desktop_app").rglob("*.py"):
        used |= set(re.findall(r"PySide6\.(Qt\w+)", source.read_text(encoding="utf-8")))
    assert used, "the UI imports Qt"
    assert used <= config.QT_PYTHON_MODULES
    for module in used:
        assert config.keep_qt_file(f"PySide6/{module}.pyd")
        assert config.keep_qt_file(f"PySide6/Qt6{module.removeprefix('Qt')}.dll")


def test_excludes_collapse_to_folders_and_never_hit_a_kept_file() -> None:
    names = [
        "PySide6/__init__.py",
        "PySide6/support/__init__.py",
        "PySide6/support/__pycache__/x.pyc",
        "PySide6/Qt6Core.dll",
        "PySide6/Qt6Quick.dll",
        "PySide6/qml/QtQuick/qmldir",
        "PySide6/qml/QtQml/qmldir",
        "PySide6/plugins/platforms/qwindows.dll",
        "PySide6/plugins/platforms/qminimal.dll",
        "PySide6/plugins/tls/qschannelbackend.dll",
        "PySide6/",
    ]
    assert config.qt_excludes(names) == [
        "pkgs/PySide6/Qt6Quick.dll",
        "pkgs/PySide6/plugins/platforms/qminimal.dll",
        "pkgs/PySide6/plugins/tls",
        "pkgs/PySide6/qml",
        "pkgs/PySide6/support/__pycache__",
    ]


def test_every_dependency_has_a_pinned_windows_wheel() -> None:
    pinned = [
        line.split()[0]
        for line in (INSTALLER / "windows-wheels.txt").read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    assert all(
        "--hash=sha256:" in line
        for line in (INSTALLER / "windows-wheels.txt").read_text().splitlines()
        if line and not line.startswith("#")
    )
    names = {config.requirement_name(p.split("==")[0]) for p in pinned}
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    assert {config.requirement_name(d) for d in deps} <= names
    config.check_wheels_cover_dependencies([Path(f"{p.replace('==', '-')}-py3-none-any.whl") for p in pinned])
    with pytest.raises(SystemExit, match="sqlcipher3-wheels"):
        config.check_wheels_cover_dependencies([Path(f"{p}-1-py3-none-any.whl") for p in ("openpyxl",)])


def test_the_config_names_version_entry_point_resources_and_the_template(tmp_path: Path) -> None:
    text = config.render_config(tmp_path, [tmp_path / "a.whl"], tmp_path / "app.whl", ["pkgs/PySide6/qml"])
    from desktop_app import __version__

    assert f"version = {__version__}\n" in text
    assert f"installer_name = PCMD-Desk-{__version__}-setup.exe" in text
    assert "entry_point = desktop_app.__main__:main" in text
    assert "bitness = 64" in text
    assert f"files = {tmp_path / 'staging' / 'resources'} > $INSTDIR\\pkgs" in text
    assert "pkgs/PySide6/qml" in text
    assert "nsi_template = pcmd.nsi" in text


def test_the_admin_unit_data_package_and_its_dependencies_stay_out() -> None:
    """The pre-2025 list is a resource file: vietnamadminunits is a development dependency only."""
    wheels = [Path("numpy-2.4.6-cp311-cp311-win_amd64.whl"), Path("openpyxl-3.1.5-py2.py3-none-any.whl")]
    assert config.shipped_wheels(wheels) == [wheels[1]]
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert not [d for d in project["dependencies"] if d.startswith("vietnamadminunits")]
    assert [d for d in project["optional-dependencies"]["dev"] if d.startswith("vietnamadminunits")]
    lock = (INSTALLER / "windows-wheels.txt").read_text(encoding="utf-8").lower()
    for name in ("vietnamadminunits", *config.UNUSED_DEPENDENCIES):
        assert f"\n{name}==" not in lock, name
    uses = re.compile(r"(import|from) vietnamadminunits|[\"']vietnamadminunits[\"']|dataset\.db")
    for source in (ROOT / "desktop_app").rglob("*.py"):
        assert not uses.search(source.read_text(encoding="utf-8")), source  # neither imported nor its files


def test_resources_beside_the_package_are_what_the_app_finds() -> None:
    """The installer puts resources/ into pkgs/, beside pkgs/desktop_app, where resources_dir() looks."""
    from desktop_app import paths

    assert paths.resources_dir() == Path(paths.__file__).resolve().parent.parent / "resources"


def test_the_build_ships_the_admin_unit_conversion_data_without_its_script() -> None:
    """resources/ is copied whole (legacy_to_2025.csv with it); the script that made the data stays out."""
    build = (INSTALLER / "build.sh").read_text(encoding="utf-8")
    assert 'cp -r "$ROOT/resources" "$BUILD/staging/resources"' in build
    assert "-name 'make_*.py' -delete" in build
    assert (ROOT / "resources" / "admin_units" / "legacy_to_2025.csv").is_file()
    assert (ROOT / "resources" / "admin_units" / "make_legacy_to_2025.py").is_file()


def test_the_nsis_script_is_per_user_64_bit_vietnamese_and_keeps_the_data() -> None:
    nsi = (INSTALLER / "pcmd.nsi").read_text(encoding="utf-8")
    assert "Target amd64-unicode" in nsi
    assert "!define MULTIUSER_EXECUTIONLEVEL Standard" in nsi
    assert '!insertmacro MUI_LANGUAGE "Vietnamese"' in nsi
    assert "MIN_WINDOWS_BUILD 18362" in nsi
    uninstall = nsi.split('Section "Uninstall"', 1)[1].split("SectionEnd", 1)[0]
    assert "LOCALAPPDATA" not in uninstall and "$APPDATA" not in uninstall
    removals = [
        line.strip() for line in uninstall.splitlines() if line.strip().startswith(("Delete", "RMDir"))
    ]
    assert removals
    for line in removals:  # the program folder (pynsist installs below $INSTDIR), shortcuts, uninstall key
        assert any(
            place in line
            for place in ("$INSTDIR", "pjoin(destination", "$SMPROGRAMS", "$DESKTOP", "UNINSTALL_KEY")
        )


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split(".")[:2])


def test_the_shipped_python_and_pyside6_are_not_the_pair_that_aborts() -> None:
    """PySide6 6.12 leaks references to None, which CPython before 3.12 frees ("none_dealloc")."""
    embedded = re.search(r"^EMBED_VERSION=(\S+)$", (INSTALLER / "build.sh").read_text(), re.MULTILINE)
    assert embedded is not None
    pins = dict(
        re.findall(
            r"^(pyside6_essentials|pyside6_addons|shiboken6)==(\S+) ",
            (INSTALLER / "windows-wheels.txt").read_text(),
            re.MULTILINE,
        )
    )
    assert set(pins) == {"pyside6_essentials", "pyside6_addons", "shiboken6"}
    assert len(set(pins.values())) == 1, pins  # one Qt release, never mixed
    if _version(embedded.group(1)) < (3, 12):
        assert _version(pins["pyside6_essentials"]) < (6, 12), pins


def test_pyproject_keeps_pyside6_below_6_12_on_python_3_11() -> None:
    from packaging.markers import Marker
    from packaging.requirements import Requirement

    dependencies = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    for name in ("PySide6-Essentials", "PySide6-Addons"):
        rules = [Requirement(dep) for dep in dependencies if dep.startswith(name)]
        on_311 = [
            rule for rule in rules if rule.marker is None or rule.marker.evaluate({"python_version": "3.11"})
        ]
        assert on_311 and all(not rule.specifier.contains("6.12.0") for rule in on_311), on_311
        assert all(rule.specifier.contains("6.11.3") for rule in on_311)
        assert isinstance(rules[0].marker, Marker | None)


def test_the_bundle_leaves_out_what_the_app_never_loads(tmp_path: Path) -> None:
    text = config.render_config(tmp_path, [tmp_path / "a.whl"], tmp_path / "app.whl", [])
    for excluded in (
        "pkgs/PIL/_avif",
        "pkgs/sqlalchemy/testing",
        "pkgs/alembic/testing",
        "pkgs/mako/testing",
        "pkgs/shiboken6/vcruntime140.dll",
        "pkgs/shiboken6/vcomp140.dll",
    ):
        assert excluded in text
    wheels = [
        Path(f"{name}-1-py3-none-any.whl") for name in ("Unidecode", "tqdm", "openpyxl", "phonenumberslite")
    ]
    assert [w.name.split("-")[0] for w in config.shipped_wheels(wheels)] == ["openpyxl", "phonenumberslite"]
    assert not any(
        line.startswith("phonenumbers==")
        for line in (INSTALLER / "windows-wheels.txt").read_text().splitlines()
    )
