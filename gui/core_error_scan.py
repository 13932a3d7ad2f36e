"""Find every error message core can raise, as a template, by reading core's source.

Core words its errors in English with values inside (``raise DataError(f"expected {n}
columns, got {len(row)}", path, line)``). The GUI translates them by template
(``gui.core_messages``): each f-string becomes a template whose fields are named after the
value (``"expected {n} columns, got {row}"``), matched against the message and put back into
its translation. This module reads core with :mod:`ast` — nothing is imported or run — so the
list (``gui/_core_errors.py``, written by ``python -m gui.i18n_tools update``) always follows
the code, and a test fails when a raise site is added without a translation.

Read: the first argument (or ``problem=``/``message=``) of every call to a ``…Error`` class or
to ``damaged(...)`` (core.model_file's error of a bad model file) —
string literals, f-strings and module constants — and the strings returned by the helpers that
compose a problem for an error (``core/models/params.py``). Skipped: the command line
(``core/cli.py``, ``core/sweep_cli.py``), which is English for scripts, and templates with no
words of their own (``f"{exc}"``).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORE_DIR = ROOT / "core"
CLI_ONLY = {"cli.py", "sweep_cli.py", "__main__.py"}
ERROR_CALL = re.compile(r"(Error|Diverged|Stopped)$")
ERROR_HELPERS = {"damaged"}  # functions that build an error from a problem (core.model_file)
MESSAGE_KEYWORDS = ("problem", "message")
# Helpers whose returned strings become part of an error message: (file under core, function).
PROBLEM_HELPERS = {
    ("models/params.py", "problem"), ("models/params.py", "_problem"),
    ("models/params.py", "describe_range"),
}
WORDS = re.compile(r"[A-Za-z]{2,}")


def field_name(node: ast.expr) -> str:
    """A readable placeholder name for the value an f-string puts in: ``{len(row)}`` → row."""
    if isinstance(node, ast.Name):
        name = node.id
    elif isinstance(node, ast.Attribute):
        name = node.attr
    elif isinstance(node, ast.Call):
        inner = node.func
        if isinstance(inner, ast.Name) and inner.id in ("len", "str", "repr", "int", "float",
                                                        "sorted", "list", "round", "abs") \
                and node.args:
            return field_name(node.args[0])
        name = inner.attr if isinstance(inner, ast.Attribute) else getattr(inner, "id", "value")
    elif isinstance(node, ast.Subscript):
        return field_name(node.value)
    else:
        name = "value"
    name = re.sub(r"[^a-z0-9_]", "_", name.lower()).strip("_") or "value"
    return name if not name[0].isdigit() else f"v{name}"


def template_of(node: ast.expr, constants: dict[str, str]) -> str | None:
    """The template a message expression stands for, or None when it is not a literal."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value.replace("{", "{{").replace("}", "}}")
    if isinstance(node, ast.Name) and node.id in constants:
        return constants[node.id].replace("{", "{{").replace("}", "}}")
    if isinstance(node, ast.IfExp):
        return None
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = template_of(node.left, constants), template_of(node.right, constants)
        return left + right if left is not None and right is not None else None
    if not isinstance(node, ast.JoinedStr):
        return None
    parts: list[str] = []
    names: dict[str, str] = {}  # expression source -> field name
    for value in node.values:
        if isinstance(value, ast.Constant):
            parts.append(str(value.value).replace("{", "{{").replace("}", "}}"))
            continue
        assert isinstance(value, ast.FormattedValue)
        source = ast.unparse(value.value)
        if source not in names:
            base = field_name(value.value)
            name, k = base, 2
            while name in names.values():
                name, k = f"{base}{k}", k + 1
            names[source] = name
        parts.append("{" + names[source] + "}")
    return "".join(parts)


def _constants(tree: ast.Module) -> dict[str, str]:
    out = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant) \
                and isinstance(node.value.value, str):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    out[target.id] = node.value.value
    return out


def _call_name(node: ast.Call) -> str:
    func = node.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def message_nodes(tree: ast.Module, relative: str) -> list[ast.expr]:
    """The message expressions of one core module (see the module docstring)."""
    found: list[ast.expr] = []
    for node in ast.walk(tree):
        name = _call_name(node) if isinstance(node, ast.Call) else ""
        if name and (ERROR_CALL.search(name) or name in ERROR_HELPERS):
            if node.args:
                found.append(node.args[0])
            found.extend(k.value for k in node.keywords if k.arg in MESSAGE_KEYWORDS)
        if isinstance(node, ast.FunctionDef) and (relative, node.name) in PROBLEM_HELPERS:
            for inner in ast.walk(node):
                if isinstance(inner, ast.Return) and inner.value is not None:
                    found.append(inner.value)
                    if isinstance(inner.value, ast.IfExp):
                        found.extend((inner.value.body, inner.value.orelse))
    return found


def core_modules() -> list[Path]:
    return sorted(p for p in CORE_DIR.rglob("*.py") if p.name not in CLI_ONLY
                  and "__pycache__" not in p.parts)


def scan() -> tuple[list[str], list[str]]:
    """(templates, sites whose message is not a literal: "file:line expression")."""
    templates: dict[str, None] = {}
    computed: list[str] = []
    for path in core_modules():
        relative = path.relative_to(CORE_DIR).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        constants = _constants(tree)
        for node in message_nodes(tree, relative):
            template = template_of(node, constants)
            if template is None:
                computed.append(f"core/{relative}:{node.lineno} {ast.unparse(node)}")
            elif WORDS.search(re.sub(r"\{[^{}]*\}", "", template)):
                templates.setdefault(template, None)
    return list(templates), computed


def error_templates() -> list[str]:
    return scan()[0]


def phrase_templates() -> list[str]:
    """The literal templates of every ``phrase("…", …)`` call in core (``core.phrase``)."""
    found: dict[str, None] = {}
    for path in core_modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and _call_name(node) == "phrase" and node.args \
                    and isinstance(node.args[0], ast.Constant) \
                    and isinstance(node.args[0].value, str) \
                    and WORDS.search(re.sub(r"\{[^{}]*\}", "", node.args[0].value)):
                found.setdefault(node.args[0].value, None)
    return list(found)


# Pieces composed outside a raise site that appear inside error messages: the ranges
# ``ParamSpec.describe_range`` builds ("must be >= 0 and < 1"); a loader's note on the table; why a
# neural run stopped early.
EXTRA_TEMPLATES = (
    "must be {low} and {high}",
    "must be {bound}",
    "titles not loaded: {exc}",  # core.io.movielens: a note of the loaded table
    # core.models.neural.training: TrainingResult.diverged, a reason rather than an error
    "training diverged at epoch {epoch}, batch {b}: the loss {loss} is over {factor} times the "
    "first batch's {reference}; lower the learning rate",
)

ERRORS_FILE = Path(__file__).resolve().parent / "_core_errors.py"
ERROR_CONTEXT = "CoreError"
PHRASE_CONTEXT = "Phrase"


def all_templates() -> list[str]:
    """Every error template the GUI translates: the scanned ones, then ``EXTRA_TEMPLATES``."""
    return list(dict.fromkeys([*error_templates(), *EXTRA_TEMPLATES]))


def _noop_lines(context: str, texts: list[str]) -> list[str]:
    from gui.i18n_tools import noop_lines

    return noop_lines(context, texts, 60)


def errors_source(templates: list[str], phrases: list[str]) -> str:
    lines = [
        '"""Error messages and phrases of core, as templates, listed for pyside6-lupdate.',
        "",
        "Generated by ``python -m gui.i18n_tools update`` from core's raise sites",
        "and phrase(...) calls (``gui.core_error_scan``); do not edit.",
        "``gui.core_messages.error_text`` matches a message against CORE_ERRORS; ``phrase_text``",
        "translates a core.phrase.Phrase. Translations: assets/i18n/*.ts, contexts"
        f' "{ERROR_CONTEXT}" and "{PHRASE_CONTEXT}".',
        '"""',
        "",
        "from PySide6.QtCore import QT_TRANSLATE_NOOP",
        "",
        "CORE_ERRORS = (",
        *_noop_lines(ERROR_CONTEXT, templates),
        ")",
        "",
        "# Sentences core composes as phrases (core.phrase): the Why? panel, the cold-item note.",
        "CORE_PHRASES = (",
        *_noop_lines(PHRASE_CONTEXT, phrases),
        ")",
    ]
    return "\n".join(lines) + "\n"


def write_errors() -> bool:
    """Regenerate gui/_core_errors.py; True when it changed."""
    source = errors_source(all_templates(), phrase_templates())
    old = ERRORS_FILE.read_text(encoding="utf-8") if ERRORS_FILE.exists() else ""
    if old == source:
        return False
    ERRORS_FILE.write_text(source, encoding="utf-8")
    return True
