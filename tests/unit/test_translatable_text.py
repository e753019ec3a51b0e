"""Every text the UI translates is one pyside6-lupdate can collect: `self.tr(...)` and
`QCoreApplication.translate(context, ...)` take a string literal, or a value of a module constant whose texts
are marked where they are written, `QT_TRANSLATE_NOOP(context, "…")`, in the context that translates them.

Read from the source (ast), without importing Qt."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from desktop_app.domain import office_kinds, units

UI = Path(__file__).resolve().parents[2] / "desktop_app" / "ui"
MARKER = "QT_TRANSLATE_NOOP"


def _is_text(node: ast.AST) -> bool:
    """A string literal a person reads (not a code such as "any" or "valid")."""
    return (
        isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and (" " in node.value or not node.value.isascii())
    )


def _marked_constants(tree: ast.Module) -> dict[str, set[str]]:
    """Module constants whose every text is marked: name → the contexts of their markers."""
    found: dict[str, set[str]] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            target, value = node.target, node.value
        else:
            continue
        if not isinstance(target, ast.Name):
            continue
        markers = [
            n
            for n in ast.walk(value)
            if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == MARKER
        ]
        if not markers:
            continue
        inside = {id(arg) for m in markers for arg in m.args}
        keys = {id(k) for d in ast.walk(value) if isinstance(d, ast.Dict) for k in d.keys if k is not None}
        loose = [n for n in ast.walk(value) if _is_text(n) and id(n) not in inside | keys]
        assert not loose, f"{target.id}: unmarked text {[n.value for n in loose]}"  # type: ignore[attr-defined]
        contexts = set()
        for marker in markers:
            assert len(marker.args) == 2 and all(isinstance(a, ast.Constant) for a in marker.args), (
                f"{target.id}: {MARKER} takes two string literals"
            )
            contexts.add(marker.args[0].value)  # type: ignore[attr-defined]
        found[target.id] = contexts
    return found


def _parents(tree: ast.Module) -> dict[int, ast.AST]:
    return {id(child): node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}


def _translations(tree: ast.Module) -> list[tuple[ast.Call, ast.expr, str]]:
    """(call, text argument, context) of every self.tr(…) and QCoreApplication.translate(context, …)."""
    parents = _parents(tree)
    calls: list[tuple[ast.Call, ast.expr, str]] = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        if node.func.attr == "tr" and node.args:
            owner: ast.AST | None = node
            while owner is not None and not isinstance(owner, ast.ClassDef):
                owner = parents.get(id(owner))
            calls.append((node, node.args[0], owner.name if isinstance(owner, ast.ClassDef) else ""))
        elif node.func.attr == "translate" and len(node.args) >= 2:
            context = node.args[0]
            assert isinstance(context, ast.Constant), f"line {node.lineno}: the context must be a literal"
            calls.append((node, node.args[1], str(context.value)))
    return calls


def _source_constant(tree: ast.Module, call: ast.Call, text: ast.expr) -> str | None:
    """The module constant a non-literal text comes from: `CONSTANT[key]`, or a name bound by a loop or a
    comprehension over `CONSTANT` (or `.items()`, `.values()`, enumerate of it) around the call."""
    if isinstance(text, ast.Subscript) and isinstance(text.value, ast.Name):
        return text.value.id
    if not isinstance(text, ast.Name):
        return None
    for node in ast.walk(tree):
        if isinstance(node, ast.comprehension | ast.For):
            bound = {n.id for n in ast.walk(node.target) if isinstance(n, ast.Name)}
            if text.id not in bound:
                continue
            owner = node if isinstance(node, ast.For) else None
            if owner is not None and not (owner.lineno <= call.lineno <= (owner.end_lineno or 0)):
                continue
            iterable = node.iter
            names = [n.id for n in ast.walk(iterable) if isinstance(n, ast.Name) and n.id.isupper()]
            if names:
                return names[0]
    return None


# The one helper that translates texts it is handed: ui/registers.py's `translated`, whose callers pass the
# fields of PAGES and REGISTER_VIEWS, every one of them written as QT_TRANSLATE_NOOP("registers", "…")
# (test_the_register_texts_are_all_marked checks that).
HELPERS = {("registers.py", "translated")}


def _inside_helper(tree: ast.Module, path: Path, call: ast.Call) -> bool:
    return any(
        isinstance(node, ast.FunctionDef)
        and (path.name, node.name) in HELPERS
        and node.lineno <= call.lineno <= (node.end_lineno or 0)
        for node in ast.walk(tree)
    )


def _problems(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    marked = _marked_constants(tree)
    problems = []
    for call, text, context in _translations(tree):
        if isinstance(text, ast.Constant) and isinstance(text.value, str):
            continue
        if _inside_helper(tree, path, call):
            continue
        where = f"{path.parent.name}/{path.name}:{call.lineno}: {ast.unparse(call)}"
        constant = _source_constant(tree, call, text)
        if constant is None or constant not in marked:
            problems.append(f"{where}: not a literal, nor a constant marked with {MARKER}")
        elif marked[constant] != {context}:
            problems.append(
                f"{where}: {constant} is marked in {sorted(marked[constant])}, translated in {context}"
            )
    return problems


def test_the_register_texts_are_all_marked() -> None:
    from desktop_app.ui import registers as views

    tree = ast.parse((UI / "registers.py").read_text(encoding="utf-8"))
    marked = {
        node.args[1].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == MARKER
        and isinstance(node.args[1], ast.Constant)
        and node.args[0].value == "registers"  # type: ignore[attr-defined]
    }
    shown = [page.title for page in views.PAGES]
    for view in views.REGISTER_VIEWS.values():
        shown += [view.import_title, view.noun, view.export_title, view.export_label, view.export_done]
    assert set(shown) <= marked, sorted(set(shown) - marked)


def test_every_translated_text_is_a_literal_or_marked_where_it_is_written() -> None:
    problems = [p for path in sorted(UI.rglob("*.py")) for p in _problems(path)]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    ("source", "why"),
    [
        (
            'COLUMNS = ("Tên", "Mã")\nclass A:\n    def f(self):\n        [self.tr(c) for c in COLUMNS]\n',
            "not",
        ),
        (
            'COLUMNS = (QT_TRANSLATE_NOOP("B", "Tên"),)\nclass A:\n    def f(self):\n'
            "        [self.tr(c) for c in COLUMNS]\n",
            "marked in ['B'], translated in A",
        ),
        ('def _tr(text):\n    return QCoreApplication.translate("V", text)\n', "not"),
        ('class A:\n    def f(self, n):\n        self.tr(f"{n} cơ sở")\n', "not"),
        ("class A:\n    def f(self, row):\n        self.tr(STATUS_LABELS[row.status])\n", "not"),
    ],
)
def test_the_scan_finds_what_lupdate_cannot_collect(tmp_path: Path, source: str, why: str) -> None:
    module = tmp_path / "probe.py"
    module.write_text(source, encoding="utf-8")
    (problem,) = _problems(module)
    assert why in problem


def _dict_texts(path: Path, name: str, labels_of: object) -> dict[str, str]:
    """A UI dict {DOMAIN_CONSTANT: QT_TRANSLATE_NOOP(context, text)} with its keys' domain values."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    node = next(
        n
        for n in tree.body
        if isinstance(n, ast.Assign) and isinstance(n.targets[0], ast.Name) and n.targets[0].id == name
    )
    assert isinstance(node.value, ast.Dict)
    result = {}
    for key, value in zip(node.value.keys, node.value.values, strict=True):
        assert isinstance(key, ast.Name) and isinstance(value, ast.Call)
        text = value.args[1]
        assert isinstance(text, ast.Constant)
        result[getattr(labels_of, key.id)] = text.value
    return result


def test_labels_of_the_core_marked_in_the_ui_are_the_cores() -> None:
    """The core has no Qt, so the UI marks the labels it translates; they must stay the core's words."""
    units_dialog = UI / "dialogs" / "units_dialog.py"
    assert _dict_texts(units_dialog, "STATUS_TEXTS", units) == units.STATUS_LABELS
    office_forms = UI / "widgets" / "office_forms.py"
    assert _dict_texts(office_forms, "KIND_TEXTS", office_kinds) == office_kinds.OFFICE_KIND_LABELS
