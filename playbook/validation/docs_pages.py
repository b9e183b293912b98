"""The hand-written pages in docs/: text and macro calls, nothing else.

A page may call the playbook's macros (render.macros.MACROS) with ids in quotes, and show
`{{ counts.<folder> }}`; any other template code is refused (templates.py says exactly what is
accepted), as is template syntax anywhere in the page's metadata, which the site engine also
renders (the title) or turns into template variables (every key). `validate` checks every page
here; the adapter runs the same checks on each page right before the engine renders it, so the
build never runs what `validate` refuses. Unknown ids and macros are reported in the same
one-line format as a data problem, so a rename (`amazon` -> `amazon-com`) is caught before the build.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Iterator, Mapping
from pathlib import Path

import yaml

from ..characters import first_refused
from ..model import KIND_BY_FOLDER
from ..render.macros import COUNTS, MACROS
from . import docs_html, text_checks
from .problems import Problem, field_label
from .strict_yaml import Document, StrictYamlError, parse
from .templates import TAG_START, Call, Count, Refusal, scan, short

#: The file names the site engine renders as pages (MkDocs' list), compared without case.
PAGE_SUFFIXES = (".md", ".markdown", ".mdown", ".mkdn", ".mkd")

#: A YAML front matter block at the top of a page, as MkDocs (and Jekyll) find it.
FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)
#: A first line that Python-Markdown's metadata syntax would take away from the page as `key: value`.
_META_LINE = re.compile(r"^[ ]{0,3}([A-Za-z0-9_-]+):")

#: The longest name a page's front matter may give it (as a record's alias).
ALIAS_MAX = 80

#: Problems reported per page at most: a page of a million '{%' gets a bounded answer.
MAX_PER_PAGE = 50

_NOT_IN_METADATA = "metadata holds plain values: put macro calls in the page below the front matter"


def check_pages(docs_dir: Path, data_dir: Path, shown_docs: str = "docs") -> list[Problem]:
    """One problem per refused template code, wrong macro call, unknown macro or unknown id in
    every page under `docs_dir`."""
    if not docs_dir.is_dir():
        return []
    ids = _ids(data_dir)
    problems: list[Problem] = []
    for page in pages_in(docs_dir):
        shown = f"{shown_docs}/{page.relative_to(docs_dir).as_posix()}"
        try:
            with page.open(encoding="utf-8-sig") as file:  # as the site engine reads it: BOM dropped, line ends as '\n'
                text = file.read()
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(Problem(shown, 1, 1, "", f"cannot read the page: {exc}", "save it as UTF-8"))
            continue
        problems += check_page(text, shown, ids)
    return sorted(problems)


def check_page(text: str, shown: str, ids: Mapping[str, set[str]]) -> list[Problem]:
    """Every problem in one page's text (its front matter included), `ids` being the record
    ids that exist, by kind."""
    problems: list[Problem] = []
    body_start = 0
    front = FRONT_MATTER.match(text)
    if front is not None:
        body_start = front.end()
        problems += _front_matter(text, front, shown)
    elif (first := _META_LINE.match(text)) is not None:
        problems.append(
            Problem(
                shown,
                1,
                1,
                "",
                f"line 1 reads as page metadata ('{short(first.group(1), 40)}: ...'), which the site would take off the page",
                "start the page with a heading or a sentence, or put metadata between two '---' lines",
            )
        )
        return problems
    problems += _characters(text, shown, body_start)  # the front matter's reader has checked its own
    return problems + _markup(text, body_start, shown) + _bounded(shown, _template_problems(text, body_start, 1, shown, ids))


def _markup(text: str, body_start: int, shown: str) -> list[Problem]:
    """Raw HTML and active links in the page's Markdown, at their place; if there are none, what
    the HTML made of it holds beyond plain Markdown, at the first line of the text."""
    found = [Problem(shown, line, col, "", message, hint) for line, col, message, hint in docs_html.source_problems(text, body_start)]
    if found:
        return _bounded(shown, iter(found))
    line = text.count("\n", 0, body_start) + 1
    made = docs_html.converted_problems(text[body_start:])
    return [Problem(shown, line, 1, "", f"the page makes {made[0]}, which a page may not hold", docs_html.HTML_HINT)] if made else []


def check_rendered(markdown: str, meta: Mapping[str, object], title: str | None, shown: str, first_line: int = 1) -> list[Problem]:
    """What the site engine is about to render of a page: its Markdown (the text below the front
    matter, starting at line `first_line` of the file), its metadata and its title. Ids are not
    checked here: a macro reports an unknown id itself."""
    problems = []
    if title and TAG_START.search(title) and meta.get("title") != title:  # a title from the metadata is checked with it
        problems.append(Problem(shown, 1, 1, "", f"the title {_quoted(title)} holds template syntax", _NOT_IN_METADATA))
    problems += [Problem(shown, 1, 1, field_label(path), message, hint) for path, _key, message, hint in _metadata(meta)]
    return problems + _bounded(shown, _template_problems(markdown, 0, first_line, shown, None))


def _characters(text: str, shown: str, start: int = 0, first_line: int = 1) -> list[Problem]:
    """The first character from `start` on that the one character policy refuses in a file (a bidi
    override reorders what a reviewer reads; a zero-width space hides a difference), at its place."""
    found = first_refused(text[start:], "file")
    if found is None:
        return []
    at = start + found.index
    line = text.count("\n", 0, at) + first_line
    col = at - (text.rfind("\n", 0, at) + 1) + 1
    return [Problem(shown, line, col, "", f"{found.described} is not allowed here", found.hint)]


def _front_matter(text: str, front: re.Match[str], shown: str) -> list[Problem]:
    raw = TAG_START.search(text, 0, front.end())
    if raw is not None:  # whether or not YAML can read the block, no template code stands in it
        line = text.count("\n", 0, raw.start()) + 1
        col = raw.start() - (text.rfind("\n", 0, raw.start()) + 1) + 1
        return [Problem(shown, line, col, "", "template syntax in the front matter", _NOT_IN_METADATA)]
    try:
        doc = parse(front.group(1))
    except StrictYamlError as exc:
        return [Problem(shown, exc.line + 1, exc.col, "", f"front matter: {exc.message}", exc.hint)]
    if not isinstance(doc.data, dict):
        return [Problem(shown, 2, 1, "", "the front matter is not a list of fields (name: value)", "write one 'name: value' per line between the '---' lines")]
    found = []
    for path, key, message, hint in _metadata(doc.data):
        line, col = doc.where_key(path) if key else doc.where(path)
        found.append(Problem(shown, line + 1, col, field_label(path), message, hint))
    return found + _aliases(doc, shown, front.group(1))


def _aliases(doc: Document, shown: str, block: str) -> list[Problem]:
    """The `aliases` of a page's front matter, the names search finds the page by: a list of names
    in plain text, as the site engine reads them (its YAML reads `12` or `yes` as no text at all)."""
    assert isinstance(doc.data, dict)
    if "aliases" not in doc.data:
        return []
    try:
        read = yaml.safe_load(block)
    except yaml.YAMLError:  # pragma: no cover - the strict reader has read it already
        return []
    aliases = read.get("aliases") if isinstance(read, dict) else None
    if not isinstance(aliases, list):
        line, col = doc.where_key(("aliases",))
        return [Problem(shown, line + 1, col, "aliases", "expected a list of names", "write each name on its own line, starting with '  - '")]
    found = []
    for i, alias in enumerate(aliases):
        if isinstance(alias, str) and alias.strip() and len(alias) <= ALIAS_MAX:
            continue
        line, col = doc.where(("aliases", i))
        if isinstance(alias, str):
            found.append(
                Problem(shown, line + 1, col, f"aliases[{i}]", "expected a name in plain text", f"write a name people type, of at most {ALIAS_MAX} characters")
            )
        else:
            found.append(
                Problem(
                    shown, line + 1, col, f"aliases[{i}]", f"expected a name in plain text, got {alias!r}", "write it as text, quoted if it reads as a number"
                )
            )
    return found


def _metadata(meta: object) -> Iterator[tuple[tuple[str | int, ...], bool, str, str]]:
    """(path, whether the key is at fault, message, hint) for each key that would hide a name pages
    use and each key or value that holds template syntax, however deep. Each container is visited
    once, so one shared many times costs nothing."""
    hidden = {*MACROS, "counts"}
    seen: set[int] = set()
    stack: list[tuple[tuple[str | int, ...], object]] = [((), meta)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, str):
            if TAG_START.search(value):
                yield path, False, f"{_quoted(value)} holds template syntax", _NOT_IN_METADATA
        elif isinstance(value, (dict, list)) and id(value) not in seen:
            seen.add(id(value))
            items = value.items() if isinstance(value, dict) else enumerate(value)
            for key, item in items:
                at = (*path, key if isinstance(key, int) else str(key))
                if not path and key in hidden:
                    yield at, True, f"'{key}' would hide the macro or count of that name from the page", f"rename '{key}' in the front matter"
                if isinstance(key, str) and TAG_START.search(key):
                    yield at, True, f"{_quoted(key)} holds template syntax", _NOT_IN_METADATA
                stack.append((at, item))


def _template_problems(text: str, start: int, first_line: int, shown: str, ids: Mapping[str, set[str]] | None) -> Iterator[Problem]:
    for found in scan(text, start, first_line):
        if isinstance(found, Refusal):
            yield Problem(shown, found.line, found.col, "", found.message, found.hint)
        elif isinstance(found, Count):
            if found.name not in COUNTS:
                guess = difflib.get_close_matches(found.name, list(COUNTS), n=1)
                hint = f"did you mean 'counts.{guess[0]}'?" if guess else f"use one of: {', '.join('counts.' + c for c in sorted(COUNTS))}"
                yield Problem(shown, found.line, found.col, f"counts.{short(found.name, 40)}", "unknown count", hint)
        else:
            yield from _call_problems(found, shown, ids)


def _call_problems(call: Call, shown: str, ids: Mapping[str, set[str]] | None) -> Iterator[Problem]:
    where = (shown, call.line, call.col, call.label)
    macro = MACROS.get(call.name)
    if macro is None:
        guess = difflib.get_close_matches(call.name, list(MACROS), n=1)
        hint = f"did you mean '{guess[0]}'?" if guess else f"use one of: {', '.join(MACROS)}"
        yield Problem(*where, f"unknown macro '{short(call.name, 40)}'", hint)
        return
    params = macro.params
    if len(call.arguments) != len(params) or any(a.keyword for a in call.arguments):
        wanted = f"{len(params)} argument{'s' if len(params) != 1 else ''}" if params else "no arguments"
        yield Problem(*where, f"takes {wanted}", f"write it as {{{{ {macro.usage} }}}}")
        return
    for argument, (param, target) in zip(call.arguments, params, strict=True):
        if argument.value is None:
            yield Problem(*where, f"{param} must be text in quotes, got {short(argument.described, 40)}", f"write it as {{{{ {call.name}('...') }}}}")
            continue
        if ids is None:
            continue
        known = set(KIND_BY_FOLDER) if target == "folder" else ids.get(target.kind, set())  # type: ignore[union-attr]
        if argument.value in known:
            continue
        what = "folder" if target == "folder" else target.kind  # type: ignore[union-attr]
        guess = difflib.get_close_matches(argument.value, sorted(known), n=1)
        where_ids = "one of: " + ", ".join(KIND_BY_FOLDER) if target == "folder" else f"a file name in playbook_data/{target.folder}/"  # type: ignore[union-attr]
        yield Problem(*where, f"unknown {what} '{short(argument.value, 40)}'", f"did you mean '{guess[0]}'?" if guess else f"use {where_ids}")


def _bounded(shown: str, problems: Iterator[Problem]) -> list[Problem]:
    out: list[Problem] = []
    for problem in problems:
        if len(out) == MAX_PER_PAGE:
            more = 1 + sum(1 for _ in problems)
            out.append(Problem(shown, problem.line, problem.col, "", f"{more} more template problems in this page", "fix the ones above and run again"))
            break
        out.append(problem)
    return out


def pages_in(docs_dir: Path) -> Iterator[Path]:
    """Every page the site engine could render, symbolic links to folders followed as it follows
    them (each real folder once, so a link loop ends), hidden ones included."""
    seen: set[str] = set()
    for folder, dirs, files in os.walk(docs_dir, followlinks=True):
        real = os.path.realpath(folder)
        if real in seen:
            dirs[:] = []
            continue
        seen.add(real)
        dirs.sort()
        for name in sorted(files):
            if name.lower().endswith(PAGE_SUFFIXES):
                yield Path(folder, name)


def _ids(data_dir: Path) -> dict[str, set[str]]:
    """Every record id that has a file, valid or not: its own errors are reported elsewhere."""
    found: dict[str, set[str]] = {}
    for folder, kind in KIND_BY_FOLDER.items():
        try:
            found[kind.kind] = {p.stem for p in (data_dir / folder).iterdir() if p.suffix.lower() in (".yml", ".yaml")}
        except OSError:  # no such folder, or one that cannot be read: the loader reports that
            found[kind.kind] = set()
    for kind_name, rid in text_checks.unread_ids(data_dir):  # reported once, as the file that is not read
        found[kind_name].add(rid)
    return found


def _quoted(text: str) -> str:
    return f"'{short(text, 60)}'"
