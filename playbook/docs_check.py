"""Macro calls in the hand-written pages (docs/**/*.md), checked by `validate`.

The build runs these pages through mkdocs-macros and fails on an unknown id or macro; checking
them here means pre-commit and `validate` catch a rename (`amazon` -> `amazon-com`) before the
build does, in the same one-line format as a data problem. The page is parsed with Jinja's own
parser, so a call is found wherever mkdocs-macros would find it.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

import jinja2
import yaml
from jinja2 import nodes

from .model import KIND_BY_FOLDER
from .problems import Problem
from .render.macros import MACROS

#: Variables macros.py exposes: counts.<folder, with '_' for '-'>.
COUNTS = sorted(folder.replace("-", "_") for folder in KIND_BY_FOLDER)

#: What mkdocs-macros itself provides; calling these is not a mistake.
BUILTINS = frozenset(
    {"macros_info", "now", "fix_url", "context", "pretty", "relative_url", "filters", "range", "lipsum", "dict", "cycler", "joiner", "namespace"}
)


def check_pages(docs_dir: Path, data_dir: Path, shown_docs: str = "docs") -> list[Problem]:
    """One problem per wrong macro call, unknown macro or unknown id in every page under `docs_dir`."""
    if not docs_dir.is_dir():
        return []
    ids = _ids(data_dir)
    env = jinja2.Environment()
    problems: list[Problem] = []
    for page in sorted(docs_dir.rglob("*.md")):
        shown = f"{shown_docs}/{page.relative_to(docs_dir).as_posix()}"
        try:
            text = page.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(Problem(shown, 1, 1, "", f"cannot read the page: {exc}", "save it as UTF-8"))
            continue
        try:
            tree = env.parse(text)
        except jinja2.TemplateSyntaxError as exc:
            problems.append(Problem(shown, exc.lineno or 1, 1, "", f"macro syntax: {exc.message}", "write macros as {{ name('id') }}"))
            continue
        lines = text.splitlines()
        problems += _check_aliases(text, shown)
        for call in tree.find_all(nodes.Call):
            problems += _check_call(call, ids, shown, lines)
        for attr in tree.find_all(nodes.Getattr):
            if isinstance(attr.node, nodes.Name) and attr.node.name == "counts" and attr.attr not in COUNTS:
                guess = difflib.get_close_matches(attr.attr, COUNTS, n=1)
                problems.append(
                    Problem(
                        shown,
                        attr.lineno,
                        _col(lines, attr.lineno, "counts"),
                        f"counts.{attr.attr}",
                        "unknown count",
                        f"did you mean 'counts.{guess[0]}'?" if guess else f"use one of: {', '.join('counts.' + c for c in COUNTS)}",
                    )
                )
    return sorted(problems)


def _check_aliases(text: str, shown: str) -> list[Problem]:
    """The `aliases` of a page's front matter, the names search finds it by: a list of plain text."""
    match = re.match(r"---\r?\n(.*?)\r?\n---\r?\n", text, re.S)
    if not match or not re.search(r"^aliases\s*:", match.group(1), re.M):
        return []
    try:
        meta = yaml.safe_load(match.group(1))
    except yaml.YAMLError:
        return []  # MkDocs reports front matter it cannot read
    aliases = meta.get("aliases") if isinstance(meta, dict) else None
    line = 1 + next(n for n, row in enumerate(match.group(1).splitlines(), 1) if row.startswith("aliases"))
    if not isinstance(aliases, list):
        return [Problem(shown, line, 1, "aliases", "expected a list of names", "write each name on its own line, starting with '  - '")]
    return [
        Problem(shown, line + i + 1, 1, f"aliases[{i}]", f"expected a name in plain text, got {alias!r}", "write it as text, quoted if it reads as a number")
        for i, alias in enumerate(aliases)
        if not isinstance(alias, str) or not alias.strip() or "\n" in alias
    ]


def _check_call(call: nodes.Call, ids: dict[str, set[str]], shown: str, lines: list[str]) -> list[Problem]:
    if not isinstance(call.node, nodes.Name):
        return []
    name = call.node.name
    line = call.lineno
    col = _col(lines, line, name + "(")
    args = [a.value if isinstance(a, nodes.Const) else None for a in call.args]
    label = f"{name}({', '.join(repr(a) if a is not None else '…' for a in args)})"
    if name not in MACROS:
        if name in BUILTINS:
            return []
        guess = difflib.get_close_matches(name, list(MACROS), n=1)
        return [Problem(shown, line, col, label, f"unknown macro '{name}'", f"did you mean '{guess[0]}'?" if guess else f"use one of: {', '.join(MACROS)}")]
    params = MACROS[name].params
    usage = f"{name}({', '.join(p for p, _ in params)})"
    if call.kwargs or call.dyn_args or call.dyn_kwargs or len(args) != len(params):
        wanted = f"{len(params)} argument{'s' if len(params) != 1 else ''}" if params else "no arguments"
        return [Problem(shown, line, col, label, f"takes {wanted}", f"write it as {{{{ {usage} }}}}")]
    problems = []
    for value, (param, target) in zip(args, params, strict=True):
        if value is None:
            continue  # computed in the page: only the build can tell
        if not isinstance(value, str):
            problems.append(Problem(shown, line, col, label, f"{param} must be text in quotes, got {value!r}", f"write it as {{{{ {name}('...') }}}}"))
            continue
        known = set(KIND_BY_FOLDER) if target == "folder" else ids.get(target.kind, set())  # type: ignore[union-attr]
        if value in known:
            continue
        what = "folder" if target == "folder" else target.kind  # type: ignore[union-attr]
        guess = difflib.get_close_matches(value, sorted(known), n=1)
        where = "one of: " + ", ".join(KIND_BY_FOLDER) if target == "folder" else f"a file name in playbook_data/{target.folder}/"  # type: ignore[union-attr]
        problems.append(Problem(shown, line, col, label, f"unknown {what} '{value}'", f"did you mean '{guess[0]}'?" if guess else f"use {where}"))
    return problems


def _ids(data_dir: Path) -> dict[str, set[str]]:
    """Every record id that has a file, valid or not: its own errors are reported elsewhere."""
    found: dict[str, set[str]] = {}
    for folder, kind in KIND_BY_FOLDER.items():
        try:
            found[kind.kind] = {p.stem for p in (data_dir / folder).iterdir() if p.suffix.lower() in (".yml", ".yaml")}
        except OSError:  # no such folder, or one that cannot be read: the loader reports that
            found[kind.kind] = set()
    return found


def _col(lines: list[str], line: int, needle: str) -> int:
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    return text.find(needle) + 1 if needle in text else 1
