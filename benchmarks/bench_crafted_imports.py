"""Memory and time of reading crafted workbooks (issue 14, item 3): prints peak memory and time of the
`import businesses` preview of each, every file in its own process.

Usage: .venv/bin/python benchmarks/bench_crafted_imports.py [--keep DIR] [--limit-gb 4]

The files are generated (nothing big is committed):
- far-cell: about 1.5 KB, declares A1:XFD1048576 and has one cell, at XFD1048576;
- shared-strings: about 2.4 MB on disk with about 630 MB of shared strings;
- million-rows: a business list with a header and 1,048,575 rows below it.
Target: every preview stays under 400 MB peak memory and ends (imported, refused or stopped) with a clear
Vietnamese message. The child's address space is capped (`--limit-gb`) so that a reader without bounds
fails there instead of taking the machine's memory.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Iterable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_common import CLI_CREDENTIALS

ROOT = Path(__file__).resolve().parent.parent

CHILD = r"""
import json, resource, sys, time
limit = int(sys.argv[3]) * 1024**3
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
from desktop_app.domain.errors import DomainError
from desktop_app.domain.security import SYSTEM
from desktop_app.services.app_services import open_services
services = open_services(sys.argv[1], actor=SYSTEM)
start = time.perf_counter()
try:
    preview = services.transfer.preview(sys.argv[2])
    outcome = (f"read: {preview.rows_read:,} rows, {preview.count('error'):,} errors, "
               f"{len(preview.rows):,} in the preview")
except DomainError as err:
    outcome = "refused: " + err.message
except MemoryError:
    outcome = "MemoryError (address space capped)"
print(json.dumps({"seconds": time.perf_counter() - start, "outcome": outcome,
                  "rss_mb": int(next(s for s in open("/proc/self/status") if s[:6] == "VmHWM:").split()[1])
                  / 1024}))
"""

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "{strings}</Types>"
)
STRINGS_TYPE = (
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="DS" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'worksheet" Target="worksheets/sheet1.xml"/>{strings}</Relationships>'
)
STRINGS_REL = (
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'sharedStrings" Target="sharedStrings.xml"/>'
)
SHEET_HEAD = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<dimension ref="{dimension}"/><sheetData>'
)
SHEET_TAIL = "</sheetData></worksheet>"


def raw_xlsx(path: Path, dimension: str, rows: Iterable[str], strings: Iterable[str] | None = None) -> Path:
    """An .xlsx written part by part: `rows` is the sheet's <row> XML in pieces, `strings` the shared
    strings' <si> XML in pieces (streamed, so a part may be far bigger than memory would like)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        has_strings = strings is not None
        archive.writestr("[Content_Types].xml", CONTENT_TYPES.format(strings=STRINGS_TYPE * has_strings))
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr(
            "xl/_rels/workbook.xml.rels", WORKBOOK_RELS.format(strings=STRINGS_REL * has_strings)
        )
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(SHEET_HEAD.format(dimension=dimension).encode())
            for piece in rows:
                sheet.write(piece.encode())
            sheet.write(SHEET_TAIL.encode())
        if strings is not None:
            with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as part:
                part.write(
                    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                    b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                )
                for piece in strings:
                    part.write(piece.encode())
                part.write(b"</sst>")
    return path


def inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


HEADER_ROW = (
    '<row r="1">'
    + inline("A1", "Tên cơ sở kinh doanh")
    + inline("B1", "Loại hình KD")
    + inline("C1", "Địa bàn")
    + inline("D1", "Địa chỉ")
    + "</row>"
)


def far_cell(path: Path) -> Path:
    return raw_xlsx(path, "A1:XFD1048576", ['<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'])


def shared_strings(path: Path, megabytes: int = 630) -> Path:
    """A header, ten rows using strings 0–9, and `megabytes` of long shared strings."""
    piece = "Cơ sở " + "x" * 10_000  # each <si> about 10 KB; 63,000 of them for 630 MB
    noise = random.Random(14)

    def strings() -> Iterable[str]:
        for i in range(megabytes * 100):  # a little noise in each, as the 2.4 MB file had
            yield f"<si><t>{i} {noise.getrandbits(128):032x} {piece}</t></si>"

    rows = [HEADER_ROW] + [
        f'<row r="{r}"><c r="A{r}" t="s"><v>{r}</v></c>{inline(f"B{r}", "Karaoke")}'
        f"{inline(f'C{r}', 'Mường Bon')}</row>"
        for r in range(2, 12)
    ]
    return raw_xlsx(path, "A1:D11", rows, strings())


def million_rows(path: Path, rows: int = 1_048_576) -> Path:
    """A header and a business on every row below it, down to Excel's last row."""

    def pieces() -> Iterable[str]:
        yield HEADER_ROW
        for r in range(2, rows + 1):
            yield (
                f'<row r="{r}">{inline(f"A{r}", f"Cơ sở Hoa Ban {r}")}{inline(f"B{r}", "Karaoke")}'
                f"{inline(f'C{r}', 'Mường Bon')}</row>"
            )

    return raw_xlsx(path, f"A1:C{rows}", pieces())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path)
    parser.add_argument("--limit-gb", type=int, default=4)
    parser.add_argument("--only", choices=("far-cell", "shared-strings", "million-rows"))
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="pcmd-crafted-"))
    folder.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, **CLI_CREDENTIALS, "PCMD_DATA_DIR": str(folder)}
    db = folder / "import.sqlite3"
    if not db.exists():
        subprocess.run(
            [sys.executable, "-m", "desktop_app", "--db", str(db), "setup", "--unit", "Phòng VHXH",
             "--province", "Sơn La", "--district", "Mai Sơn"],
            cwd=ROOT, env=env, check=True, capture_output=True,
        )  # fmt: skip
    builders = {"far-cell": far_cell, "shared-strings": shared_strings, "million-rows": million_rows}
    for name, build in builders.items():
        if args.only and name != args.only:
            continue
        path = folder / f"{name}.xlsx"
        if not path.exists():
            build(path)
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(i.file_size for i in archive.infolist())
        out = subprocess.run(
            [sys.executable, "-c", CHILD, str(db), str(path), str(args.limit_gb)],
            check=False, cwd=ROOT, env=env, capture_output=True, text=True,
        )  # fmt: skip
        lines = out.stdout.strip().splitlines()
        if out.returncode or not lines:
            print(f"{name}: the child failed ({out.returncode}): {out.stderr.strip()[-300:]}")
            continue
        result = json.loads(lines[-1])
        print(
            f"{name}: {path.stat().st_size / 1024:,.1f} KB on disk, {unpacked / 1024**2:,.1f} MB unpacked; "
            f"{result['seconds']:.1f} s, peak memory {result['rss_mb']:.0f} MB (target < 400 MB); "
            f"{result['outcome']}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
