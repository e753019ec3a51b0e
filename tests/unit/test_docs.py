"""The documents stay true: links and anchors resolve, the CLI reference matches the parser, the pictures
are current."""

from __future__ import annotations

import argparse
import ast
import fnmatch
import re
import subprocess
from pathlib import Path

import pytest

from desktop_app.cli import build_parser

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
SCREENSHOT_SCRIPTS = sorted(DOCS.glob("make_*.py"))
UI_CODE = ("desktop_app/ui", "desktop_app/exports")  # what the pictures show
PICTURES_MAY_LAG_DAYS = 30

_FENCE = re.compile(r"^\s*(```|~~~)")
_CODE_SPAN = re.compile(r"`+[^`]*`+")
_LINK = re.compile(r"!?\[(?:[^\[\]]|\[[^\]]*\])*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
_HTML_ANCHOR = re.compile(r'<a\s+(?:name|id)="([^"]+)"')


def documents() -> list[Path]:
    """Every document a reader is sent to: README, CONTRIBUTING, docs/*.md, the user guide, installer's."""
    found = [ROOT / "README.md", ROOT / "CONTRIBUTING.md", ROOT / "installer" / "README.md"]
    found += sorted(DOCS.glob("*.md"))
    found.append(ROOT / "resources" / "help" / "huong-dan.md")
    return found


def prose_lines(text: str) -> list[str]:
    """The lines of a Markdown text outside fenced code blocks, with code spans removed."""
    lines: list[str] = []
    fenced = False
    for line in text.splitlines():
        if _FENCE.match(line):
            fenced = not fenced
            continue
        if not fenced:
            lines.append(_CODE_SPAN.sub("", line))
    return lines


def links(text: str) -> list[str]:
    """The targets of the Markdown links and images of `text` (not those shown as code)."""
    return [target for line in prose_lines(text) for target in _LINK.findall(line)]


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped (letters with diacritics kept)."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", heading)  # a link's text only
    text = text.strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def anchors(text: str) -> set[str]:
    """The anchors a link may name in a Markdown text: its headings' slugs and its `<a name>` anchors."""
    found: set[str] = set(_HTML_ANCHOR.findall(text))
    seen: dict[str, int] = {}
    fenced = False
    for line in text.splitlines():
        if _FENCE.match(line):
            fenced = not fenced
            continue
        heading = re.match(r"^#{1,6}\s+(.*?)\s*#*\s*$", line)
        if heading and not fenced:
            base = slug(heading.group(1))
            count = seen.get(base, 0)
            seen[base] = count + 1
            found.add(base if count == 0 else f"{base}-{count}")
    return found


def broken_links(document: Path) -> list[str]:
    """What is wrong with the links of `document`: missing files or anchors, links leaving the repository."""
    problems = []
    text = document.read_text(encoding="utf-8")
    for target in links(text):
        where = f"{document.relative_to(ROOT)}: ({target})"
        if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.IGNORECASE):
            problems.append(f"{where} points outside the repository")
            continue
        path_part, _, fragment = target.partition("#")
        path = (document.parent / path_part).resolve() if path_part else document
        if not path.is_relative_to(ROOT):
            problems.append(f"{where} points outside the repository")
        elif not path.exists():
            problems.append(f"{where}: no such file")
        elif fragment and path.suffix == ".md" and fragment not in anchors(path.read_text(encoding="utf-8")):
            problems.append(f"{where}: no heading or anchor «{fragment}» in {path.relative_to(ROOT)}")
    return problems


# ---- links


def test_every_document_exists_and_the_readme_stays_short() -> None:
    for document in documents():
        assert document.is_file(), document
    assert len((ROOT / "README.md").read_text(encoding="utf-8").splitlines()) < 150


@pytest.mark.parametrize("document", documents(), ids=lambda path: str(path.relative_to(ROOT)))
def test_every_relative_link_and_anchor_resolves(document: Path) -> None:
    assert broken_links(document) == []


def test_the_link_checker_finds_a_missing_file_a_missing_anchor_and_an_outside_link(tmp_path: Path) -> None:
    """The checker itself: a document with one good link and three bad ones."""
    document = DOCS / "zz-link-checker-probe.md"
    document.write_text(
        "# Probe\n\n## Đăng nhập và tài khoản\n\n"
        "[ok](#đăng-nhập-và-tài-khoản) [ok](cli.md#commands) `[code](nowhere.md)`\n"
        "[gone](no-such-file.md) [anchor](cli.md#no-such-heading)\n"
        "[out](https://example.org) [up](../../x.md)\n",
        encoding="utf-8",
    )
    try:
        problems = broken_links(document)
    finally:
        document.unlink()
    assert len(problems) == 4, problems
    assert "no such file" in problems[0] and "no-such-heading" in problems[1]
    assert "outside" in problems[2] and "outside" in problems[3]


def test_slugs_follow_github() -> None:
    assert slug("Offices of today (Loại cơ quan)") == "offices-of-today-loại-cơ-quan"
    assert slug("What `bash .ci/run` does") == "what-bash-cirun-does"
    assert slug("9. Anti-patterns, with where they were seen") == "9-anti-patterns-with-where-they-were-seen"
    assert anchors("# A\n## A\n```\n# not a heading\n```\n") == {"a", "a-1"}


def test_nothing_points_outside_the_repository() -> None:
    """No document sends its reader to a file beside the checkout (the style guide lives in docs/)."""
    for document in documents():
        text = document.read_text(encoding="utf-8")
        assert "../shared" not in text and "/work/" not in text, document


# ---- the CLI reference


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _first_choices(parser: argparse.ArgumentParser) -> list[str]:
    """The choices of the command's first positional argument (`import businesses|commitments|…`)."""
    for action in parser._actions:
        if not action.option_strings and not isinstance(action, argparse._SubParsersAction):
            return [str(choice) for choice in action.choices or ()]
    return []


def parser_commands() -> set[str]:
    """Every command of the parser as it is typed: `backup`, `users add`, `import businesses`…"""
    found: set[str] = set()
    for name, sub in _subcommands(build_parser()).items():
        found.add(name)
        found.update(f"{name} {action}" for action in _subcommands(sub))
        found.update(f"{name} {choice}" for choice in _first_choices(sub))
    return found


def parser_options() -> set[str]:
    """Every long option of the parser and its commands (`--help` left out)."""
    found: set[str] = set()
    parsers = [build_parser()]
    while parsers:
        parser = parsers.pop()
        parsers.extend(_subcommands(parser).values())
        for action in parser._actions:
            found.update(o for o in action.option_strings if o.startswith("--") and o != "--help")
    return found


def documented_commands(reference: str) -> tuple[set[str], set[str]]:
    """The commands named in the first column of the reference's command table, and the root options there."""
    table = reference.split("## Commands", 1)[1].split("\n## ", 1)[0]
    commands: set[str] = set()
    options: set[str] = set()
    for row in table.splitlines():
        if not row.startswith("| `"):
            continue
        first_cell = re.split(r"(?<!\\)\|", row)[1]
        for span in re.findall(r"`([^`]+)`", first_cell):
            words = span.replace("\\|", "|").split()
            if words[0].startswith("--"):
                options.add(words[0])
                continue
            commands.add(words[0])
            if len(words) > 1 and re.fullmatch(r"[a-z0-9][a-z0-9-]*(\|[a-z0-9-]+)*", words[1]):
                commands.update(f"{words[0]} {word}" for word in words[1].split("|"))
    return commands, options


def test_every_command_of_the_parser_is_in_the_cli_reference_and_the_other_way_round() -> None:
    commands, options = documented_commands((DOCS / "cli.md").read_text(encoding="utf-8"))
    actual = parser_commands()
    assert actual - commands == set(), "commands missing from docs/cli.md"
    assert commands - actual == set(), "docs/cli.md names commands the parser does not have"
    root_options = {o for action in build_parser()._actions for o in action.option_strings}
    assert options <= root_options, "docs/cli.md names options the parser does not have"


def test_every_option_of_the_parser_is_in_the_cli_reference() -> None:
    reference = (DOCS / "cli.md").read_text(encoding="utf-8")
    missing = {o for o in parser_options() if not re.search(rf"(?<![\w-]){re.escape(o)}(?![\w-])", reference)}
    assert missing == set(), "options missing from docs/cli.md"


def test_the_cli_check_sees_a_command_named_but_missing_and_one_left_out() -> None:
    reference = (DOCS / "cli.md").read_text(encoding="utf-8")
    commands, _ = documented_commands(reference)
    assert {"users add", "import businesses", "forms violation", "units convert", "legal review"} <= commands
    renamed = reference.replace("| `backup [--to DIR]`", "| `backups [--to DIR]`")
    commands, _ = documented_commands(renamed)
    assert "backup" in parser_commands() - commands and "backups" in commands - parser_commands()


# ---- pictures


def script_patterns(script: Path) -> list[str]:
    """The picture names a screenshot script writes, as patterns (`office-*-report`, `register`)."""
    patterns = []
    for node in ast.walk(ast.parse(script.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            text = node.value
        elif isinstance(node, ast.JoinedStr):
            text = "".join(v.value if isinstance(v, ast.Constant) else "*" for v in node.values)
        else:
            continue
        name = text.removesuffix(".png")
        named = re.fullmatch(r"[a-z0-9*][a-z0-9*-]*", name) and len(name.replace("*", "")) > 4 and "-" in name
        if named or (text.endswith(".png") and re.fullmatch(r"[a-z0-9-]+", name)):
            patterns.append(name)
    return patterns


def pictures_of(script: Path) -> list[Path]:
    patterns = script_patterns(script)
    return [p for p in sorted(DOCS.glob("*.png")) if any(fnmatch.fnmatch(p.stem, pat) for pat in patterns)]


def test_every_picture_is_made_by_a_script_and_shown_in_a_document() -> None:
    made = {picture for script in SCREENSHOT_SCRIPTS for picture in pictures_of(script)}
    pictures = set(DOCS.glob("*.png"))
    assert pictures - made == set(), "pictures no script in docs/ makes"
    shown = {
        (document.parent / target.partition("#")[0]).resolve()
        for document in documents()
        for target in links(document.read_text(encoding="utf-8"))
    }
    assert {p.name for p in pictures - shown} == set(), "pictures no document shows"


def _last_commit(*paths: str) -> int:
    done = subprocess.run(
        ["git", "-C", str(ROOT), "log", "-1", "--format=%ct", "--", *paths],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.strip(), f"no commit touches {paths}: the pictures are checked in a git checkout"
    return int(done.stdout)


def test_the_pictures_were_made_again_after_the_ui_changed() -> None:
    """Each script's pictures (or the script, whose docstring says when they were last made) were committed at
    most 30 days before the last change to the UI or the exports: after changing a page, run its script again
    (see CONTRIBUTING.md, Screenshots)."""
    code = _last_commit(*UI_CODE)
    stale = []
    for script in SCREENSHOT_SCRIPTS:
        pictures = [str(p.relative_to(ROOT)) for p in pictures_of(script)]
        assert pictures, f"{script.name} makes no picture in docs/"
        lag = (code - _last_commit(str(script.relative_to(ROOT)), *pictures)) / 86400
        if lag > PICTURES_MAY_LAG_DAYS:
            stale.append(f"{script.name}: pictures {lag:.0f} days older than the last change to {UI_CODE}")
    assert stale == []
