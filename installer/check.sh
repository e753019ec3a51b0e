#!/usr/bin/env bash
# Checks the installer that build.sh made, on Linux:
#   1. its contents (7z listing): the app, resources, embeddable Python, the kept Qt files, none of the cut ones;
#   2. the packaged app files (exactly those in the installer) run `--self-test` on Linux, Qt included,
#      with Linux builds of the same pinned dependency versions;
#   3. under Wine (64-bit, a throw-away prefix): a refusal on Windows 7; a silent install (/S) of an older
#      version, a data folder beside it, then this installer over it (the old program files go, the data
#      folder stays); files, shortcuts, PATH (once) and the uninstall key in place; the core self-test with
#      the installed Python, and the Qt refcount probe with the installed Python and Qt (offscreen, with a
#      stand-in for Windows' ICU: installer/wine/icuuc_stub.c); then a silent uninstall that removes the
#      program and leaves the data folder with its backups.
# Usage: installer/check.sh [SETUP.EXE]   (default: the one in installer/build/)
set -euo pipefail
START=$(date +%s)
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(dirname "$HERE")"
BUILD="$HERE/build"
EXE="${1:-$(ls "$BUILD"/PCMD-Desk-*-setup.exe | tail -n 1)}"
EXE="$(cd "$(dirname "$EXE")" && pwd)/$(basename "$EXE")"
export PIP_DISABLE_PIP_VERSION_CHECK=1

fail() { echo "check: FAIL: $*" >&2; exit 1; }
step() { echo "check: $*"; }

need() {
    local missing=()
    command -v 7z >/dev/null || missing+=(p7zip-full)
    command -v objdump >/dev/null || missing+=(binutils)
    command -v wine >/dev/null || missing+=(wine64 wine)
    command -v x86_64-w64-mingw32-gcc >/dev/null || missing+=(gcc-mingw-w64-x86-64-win32)
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
        step "apt-get install ${missing[*]}"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    else
        fail "missing ${missing[*]} (apt-get install ${missing[*]})"
    fi
}
need

# ---- 1. Contents
step "contents of $(basename "$EXE") ($(($(stat -c %s "$EXE") / 1024 / 1024)) MB)"
grep -q "PE32+ executable" <<<"$(file "$EXE")" || fail "not a 64-bit Windows program"
grep -q "SubType = NSIS-3 Unicode 64-bit" <<<"$(7z l "$EXE")" || fail "not a 64-bit Unicode NSIS installer"
LISTING="$BUILD/check-listing.txt"
7z l -ba -slt "$EXE" | sed -n 's/^Path = //p' | tr '\\' '/' >"$LISTING"
for expected in \
    Python/python.exe Python/pythonw.exe Python/python311.dll Python/sqlite3.dll \
    PCMD_Desk.launch.pyw bin/pcmd-desk.exe app.ico \
    pkgs/desktop_app/__main__.py pkgs/desktop_app/selftest.py \
    pkgs/desktop_app/storage/migrations/env.py pkgs/desktop_app/storage/migrations/script.py.mako \
    pkgs/resources/fonts/LiberationSerif-Regular.ttf pkgs/resources/fonts/BeVietnamPro-Regular.ttf \
    pkgs/resources/form_templates/commitment_owner.txt pkgs/resources/translations/qtbase_vi.qm \
    pkgs/resources/icons/app.ico \
    pkgs/PySide6/Qt6Core.dll pkgs/PySide6/Qt6Widgets.dll pkgs/PySide6/QtWidgets.pyd \
    pkgs/PySide6/QtPrintSupport.pyd pkgs/PySide6/QtCharts.pyd pkgs/PySide6/Qt6Charts.dll \
    pkgs/PySide6/plugins/platforms/qwindows.dll \
    pkgs/PySide6/plugins/styles/qmodernwindowsstyle.dll pkgs/shiboken6/Shiboken.pyd \
    pkgs/sqlcipher3 pkgs/argon2 pkgs/msoffcrypto pkgs/openpyxl pkgs/reportlab pkgs/sqlalchemy pkgs/alembic; do
    grep -qx "$expected\(/.*\)\?" "$LISTING" || fail "missing from the installer: $expected"
done
grep -q "^pkgs/desktop_app/storage/migrations/versions/0001_.*\.py$" "$LISTING" || fail "migrations missing"
for unwanted in opengl32sw.dll Qt6Quick.dll Qt6Qml.dll Qt6WebEngineCore.dll Qt6Designer.dll QtQuick.pyd \
    designer.exe "qml/" "translations/qt_" "[^/]*\.pyi" "plugins/sqldrivers/"; do
    if grep -q -- "^pkgs/PySide6/$unwanted" "$LISTING"; then fail "should not be in the installer: $unwanted"; fi
done
if grep -q "^pkgs/resources/.*\.ts$" "$LISTING"; then fail "translation sources (.ts) in the installer"; fi
if grep -q "^pkgs/\(numpy\|shapely\|geopy\|unidecode\|tqdm\)/" "$LISTING"; then fail "unused dependencies in the installer"; fi
for unwanted in "phonenumbers/geodata/" "phonenumbers/carrierdata/" "PIL/_avif[^/]*\.pyd" "sqlalchemy/testing/" \
    "alembic/testing/" "mako/testing/" "PySide6/vcruntime140" "shiboken6/vcruntime140" "PySide6/vcomp140.dll" \
    "shiboken6/vcamp140.dll"; do
    if grep -q -- "^pkgs/$unwanted" "$LISTING"; then fail "should not be in the installer: $unwanted"; fi
done
step "  $(wc -l <"$LISTING") entries; app, resources, Python and the kept Qt files present; cut Qt parts absent"
# Every Qt, PySide6, shiboken6 or MSVC runtime DLL that a shipped Qt binary imports is shipped too.
EXTRACTED="$BUILD/check-extracted"
rm -rf "$EXTRACTED"
7z x -bd -y -o"$EXTRACTED" "$EXE" 'pkgs/PySide6/*' 'pkgs/shiboken6/*' 'Python/*' >/dev/null
SHIPPED=$(cd "$EXTRACTED" && ls pkgs/PySide6 pkgs/shiboken6 Python | tr '[:upper:]' '[:lower:]')
imports=0
while IFS= read -r binary; do
    while IFS= read -r dll; do
        case "${dll,,}" in
        qt6* | pyside6* | shiboken6* | msvcp* | vcruntime* | concrt* | python3*.dll)
            imports=$((imports + 1))
            grep -qx "${dll,,}" <<<"$SHIPPED" || fail "${binary#"$EXTRACTED/"} needs $dll, which is not shipped"
            ;;
        esac
    done < <(objdump -p "$binary" | sed -n 's/^[[:space:]]*DLL Name: //p')
done < <(find "$EXTRACTED/pkgs" -name '*.dll' -o -name '*.pyd')
step "  the shipped Qt binaries' $imports imports of Qt/PySide6/shiboken6/MSVC/Python DLLs are all shipped"

# ---- 2. The packaged app files run the self-test on Linux
step "self-test of the packaged app files on Linux"
LINUX_VENV="$BUILD/linux-venv"
if [ ! -x "$LINUX_VENV/bin/python" ]; then
    python3 -m venv "$LINUX_VENV"
fi
# The same pinned versions as the Windows wheels, built for Linux (pip picks what exists for this platform).
sed -n 's/^\([^#][^ ]*\) .*/\1/p' "$HERE/windows-wheels.txt" >"$BUILD/linux-requirements.txt"
"$LINUX_VENV/bin/pip" install -q -r "$BUILD/linux-requirements.txt" 2>&1 | grep -v "^WARNING: Location" || true
# ... less the dependencies the installer leaves out (installer_config.UNUSED_DEPENDENCIES)
"$LINUX_VENV/bin/pip" uninstall -q -y numpy shapely geopy geographiclib unidecode tqdm
UNPACKED="$BUILD/unpacked"
rm -rf "$UNPACKED" && mkdir -p "$UNPACKED/pkgs"
# the same files the installer packs: pkgs/desktop_app, and resources/ which it installs into pkgs/
cp -r "$BUILD/nsis/pkgs/desktop_app" "$BUILD/nsis/resources" "$UNPACKED/pkgs/"
(
    cd "$UNPACKED"
    PYTHONPATH="$UNPACKED/pkgs" PCMD_DATA_DIR="$UNPACKED/data" QT_QPA_PLATFORM=offscreen PYTHONIOENCODING=utf-8 \
        "$LINUX_VENV/bin/python" -m desktop_app --self-test | tee "$BUILD/check-selftest-linux.txt"
) || fail "the self-test of the packaged files failed"
grep -q "files in $UNPACKED/pkgs/resources" "$BUILD/check-selftest-linux.txt" || fail "resources not found in pkgs/"
[ ! -e "$UNPACKED/data" ] || fail "the self-test wrote into the data folder"

# ---- 3. Wine: install, upgrade, uninstall
step "Wine: silent install, upgrade and uninstall"
WINE_HOME="$BUILD/wine-home"
rm -rf "$WINE_HOME" && mkdir -p "$WINE_HOME"
export HOME="$WINE_HOME" WINEPREFIX="$WINE_HOME/prefix" WINEARCH=win64 WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
export DISPLAY=""
wineboot -i >/dev/null 2>&1 || true
wineserver -w
WINUSER=$(ls "$WINEPREFIX/drive_c/users" | grep -v -x -e Public -e public | head -n 1)
PROFILE="$WINEPREFIX/drive_c/users/$WINUSER"
INSTDIR="$PROFILE/AppData/Local/Programs/PCMD Desk"
DATADIR="$PROFILE/AppData/Local/PCMD Desk"
START_MENU="$PROFILE/AppData/Roaming/Microsoft/Windows/Start Menu/Programs"
VERSION=$(sed -n 's/^__version__ = "\(.*\)"/\1/p' "$ROOT/desktop_app/__init__.py")

# Wine 8 presents itself as Windows 7: the installer must refuse (exit code 2) and install nothing.
code=0
wine "$EXE" /S || code=$?
wineserver -w
[ "$code" = 2 ] || fail "on Windows 7 the installer should stop with exit code 2, not $code"
[ ! -e "$INSTDIR" ] || fail "the installer installed on Windows 7"
step "  Windows 7: refused (Qt 6 needs Windows 10 1903 or later)"
wine winecfg /v win10 >/dev/null 2>&1
wineserver -w
# Windows 10 1903+ has ICU (icuuc.dll), which Qt6Core imports; Wine 8 has none. A stand-in that reports
# every ICU converter unavailable goes into this throw-away prefix's system32 (never into the installer),
# so that the installed Qt starts and the self-test's refcount probe runs below.
x86_64-w64-mingw32-gcc -O2 -shared -o "$WINEPREFIX/drive_c/windows/system32/icuuc.dll" "$HERE/wine/icuuc_stub.c"

# An older version first: the same files recompiled uncompressed as 0.0.1, plus a module only it has.
OLD="$BUILD/check-old"
rm -rf "$OLD" && cp -r "$BUILD/nsis" "$OLD"
echo "# a module of an older version" >"$OLD/pkgs/desktop_app/only_in_the_old_version.py"
sed -i -e 's/^!define PRODUCT_VERSION ".*"/!define PRODUCT_VERSION "0.0.1"/' \
    -e 's/^!define INSTALLER_NAME ".*"/!define INSTALLER_NAME "old-setup.exe"/' \
    -e 's/^VIProductVersion .*/VIProductVersion "0.0.1.0"/' -e 's/^SetCompressor .*/SetCompress off/' \
    "$OLD/installer.nsi"
makensis -V1 -INPUTCHARSET UTF8 "$OLD/installer.nsi" >/dev/null
wine "$OLD/old-setup.exe" /S
wineserver -w
grep -A12 "Uninstall\\\\\\\\PCMD Desk" "$WINEPREFIX/user.reg" | grep -q '"DisplayVersion"="0.0.1"' ||
    fail "the older version did not install"
[ -e "$INSTDIR/pkgs/desktop_app/only_in_the_old_version.py" ] || fail "the older version lacks its own module"
[ ! -e "$DATADIR" ] || fail "the installer created the data folder"
# A data folder as the app leaves it (database, key file, backups)
mkdir -p "$DATADIR/sao-luu"
cp "$BUILD/check-selftest-linux.txt" "$DATADIR/pcmd.sqlite3"
echo "key" >"$DATADIR/pcmd.sqlite3.key"
echo "backup" >"$DATADIR/sao-luu/pcmd-20260101-0800.sqlite3"
(cd "$DATADIR" && find . -type f | sort | xargs sha256sum) >"$WINE_HOME/data-before.txt"
step "  older version 0.0.1 installed; a data folder beside it (database, key file, backup: stand-ins)"

# The new version over it
INSTALL_START=$(date +%s)
wine "$EXE" /S
wineserver -w
INSTALL_SECONDS=$(($(date +%s) - INSTALL_START))
[ ! -e "$INSTDIR/pkgs/desktop_app/only_in_the_old_version.py" ] || fail "the upgrade left old program files"
(cd "$DATADIR" && find . -type f | sort | xargs sha256sum) | cmp -s - "$WINE_HOME/data-before.txt" ||
    fail "the upgrade changed the data folder"
for path in "$INSTDIR/Python/pythonw.exe" "$INSTDIR/pkgs/desktop_app/__main__.py" \
    "$INSTDIR/pkgs/resources/fonts/LiberationSerif-Regular.ttf" "$INSTDIR/pkgs/PySide6/Qt6Widgets.dll" \
    "$INSTDIR/uninstall.exe" "$INSTDIR/bin/pcmd-desk.exe" "$START_MENU/PCMD Desk.lnk"; do
    [ -e "$path" ] || fail "not installed: ${path#"$PROFILE/"}"
done
ls "$PROFILE"/Desktop/"PCMD Desk.lnk" >/dev/null 2>&1 || ls "$WINE_HOME"/Desktop/"PCMD Desk.lnk" >/dev/null 2>&1 ||
    fail "no desktop shortcut"
grep -q "Uninstall\\\\\\\\PCMD Desk" "$WINEPREFIX/user.reg" || fail "no uninstall key under HKCU"
grep -A12 "Uninstall\\\\\\\\PCMD Desk" "$WINEPREFIX/user.reg" | grep -q "\"DisplayVersion\"=\"$VERSION\"" ||
    fail "the uninstall key does not carry version $VERSION"
grep -A3 '^\[Environment\]' "$WINEPREFIX/user.reg" | grep -qi 'PCMD Desk\\\\bin' ||
    fail "pcmd-desk is not on the user's PATH"
path_entries=$(grep -A3 '^\[Environment\]' "$WINEPREFIX/user.reg" | grep -io 'PCMD Desk\\\\bin' | wc -l)
[ "$path_entries" = 1 ] || fail "after installing over an earlier version the user's PATH names bin $path_entries times"
grep -q '_system_path.py" remove_user' "$BUILD/nsis/installer.nsi" && ! grep -q '_system_path.py" remove "' "$BUILD/nsis/installer.nsi" ||
    fail "the uninstaller must take bin off the user's PATH only (remove_user), never the machine-wide one"
step "  upgraded to $VERSION: the older version's files gone, data folder untouched"
step "  installed in ${INSTALL_SECONDS} s: $(find "$INSTDIR" -type f | wc -l) files, $(du -sm "$INSTDIR" | cut -f1) MB in AppData/Local/Programs/PCMD Desk; Start menu, desktop, PATH, HKCU uninstall key $VERSION"

# The self-test with the installed Python. Under Wine, Python's standard streams must be pipes (a file or
# /dev/null stops it at start-up: "init_sys_streams ... Invalid handle"), hence `| cat`. Wine 8 has
# no bcryptprimitives.dll, which cryptography (password-protected files) loads on Windows 10/11, so the app's
# command line does not import here: without that DLL only the checks below the services run (resources,
# PDF fonts, a new SQLCipher database with its key protected by DPAPI, an upgrade with its copy).
REPORT="$WINE_HOME/selftest-wine.txt"
if [ -e "$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll" ]; then
    wine "$INSTDIR/Python/pythonw.exe" -m desktop_app --self-test --skip-qt --report "Z:${REPORT//\//\\}" 2>&1 | cat
else
    cat >"$WINE_HOME/wine_checks.py" <<'PY'
import sys
import tempfile
from pathlib import Path

from desktop_app import selftest

out = open(sys.argv[1], "w", encoding="utf-8")
passed = True
with tempfile.TemporaryDirectory() as name:
    folder = Path(name)
    for title, check in [
        ("resources", selftest.check_resources),
        ("PDF fonts", selftest.check_pdf_fonts),
        ("new database (DPAPI key)", lambda: selftest.check_database(folder)),
        ("upgrade", lambda: selftest.check_upgrade(folder)),
    ]:
        try:
            out.write(f"[OK  ] {title}: {check()}\n")
        except Exception as err:
            passed = False
            out.write(f"[FAIL] {title}: {type(err).__name__}: {err}\n")
out.write("Result: PASS (core checks below the services)\n" if passed else "Result: FAIL\n")
PY
    wine "$INSTDIR/Python/pythonw.exe" "Z:${WINE_HOME//\//\\}\\wine_checks.py" "Z:${REPORT//\//\\}" 2>&1 | cat
fi
wineserver -w
[ -f "$REPORT" ] || fail "the self-test under Wine wrote no report"
sed 's/^/  wine: /' "$REPORT"
grep -q "Result: PASS" "$REPORT" || fail "the self-test failed under Wine"

# The self-test's Qt refcount probe with the installed Python and Qt (offscreen): PySide6 6.12.0 on this
# CPython 3.11 leaks references to None and aborts the app after a few thousand Qt calls.
PROBE_REPORT="$WINE_HOME/qt-probe-wine.txt"
cat >"$WINE_HOME/qt_probe.py" <<'PY'
import os
import sys

os.environ["QT_QPA_PLATFORM"] = "offscreen"
out = open(sys.argv[1], "w", encoding="utf-8")
try:
    import PySide6
    from PySide6.QtWidgets import QApplication

    app = QApplication([])
    from desktop_app.ui.refcount_probe import none_refcount_probe

    result = none_refcount_probe()
    out.write(f"PySide6 {PySide6.__version__}, Python {sys.version.split()[0]}: {result.describe()}\n")
    out.write("Result: PASS\n" if result.ok else "Result: FAIL\n")
except Exception as err:
    out.write(f"Result: FAIL {type(err).__name__}: {err}\n")
out.close()
PY
wine "$INSTDIR/Python/pythonw.exe" "Z:${WINE_HOME//\//\\}\\qt_probe.py" "Z:${PROBE_REPORT//\//\\}" 2>&1 | cat
wineserver -w
[ -f "$PROBE_REPORT" ] || fail "the Qt refcount probe under Wine wrote no report"
sed 's/^/  wine: Qt probe: /' "$PROBE_REPORT"
grep -q "Result: PASS" "$PROBE_REPORT" || fail "the Qt refcount probe failed under Wine"


wine "$INSTDIR/uninstall.exe" /S
wineserver -w
sleep 1
wineserver -w
[ ! -e "$INSTDIR" ] || fail "the uninstaller left $(find "$INSTDIR" | head -n 5)"
[ ! -e "$START_MENU/PCMD Desk.lnk" ] || fail "the uninstaller left the Start-menu shortcut"
! grep -q "Uninstall\\\\\\\\PCMD Desk" "$WINEPREFIX/user.reg" || fail "the uninstaller left the uninstall key"
! grep -A3 '^\[Environment\]' "$WINEPREFIX/user.reg" | grep -qi 'PCMD Desk\\\\bin' ||
    fail "the uninstaller left pcmd-desk on the PATH"
(cd "$DATADIR" && find . -type f | sort | xargs sha256sum) | cmp -s - "$WINE_HOME/data-before.txt" ||
    fail "the uninstaller touched the data folder"
step "  uninstalled: program folder, shortcuts, PATH entry and key gone; data folder and backups kept"
wineserver -k || true
echo "check: all passed in $(($(date +%s) - START)) s"
