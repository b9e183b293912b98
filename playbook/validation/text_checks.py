"""Checks on one file that need its source text, not only its values.

The strict reader returns every scalar as text; some mistakes only show in how that text was
written: a list step indented one space too far is folded into the step above, `~` is YAML's
way of writing "nothing", and curly quotes are not quotes at all. Each check here turns such a
slip into one problem at the line an editor must change, instead of publishing it silently.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import re
import typing
from collections.abc import Iterator
from pathlib import Path

from .. import dates
from ..fields import ID_RE, is_plain_text
from ..model import KIND_BY_FOLDER, KINDS, Record
from .problems import Problem, field_label
from .strict_yaml import MAX_BYTES, Document, StrictYamlError, check_size, decode, parse

#: How YAML writes "nothing" without quotes. The strict reader keeps them as text; left alone,
#: `title: ~` was published as the text "~".
NULL_WORDS = frozenset({"~", "null", "Null", "NULL"})

#: Each yamllint rule and what `validate` does about it. yamllint no longer reads playbook_data/:
#: `validate` is the only judge of data, and a rule belongs there only when breaking it can lose
#: or change data. Everything else is harmless layout and is accepted.
YAMLLINT_RULES = {
    "anchors": "error: anchors and aliases are refused by the reader",
    "braces": "accepted: spacing inside { } changes nothing",
    "brackets": "accepted: spacing inside [ ] changes nothing",
    "colons": "accepted: spacing around ':' changes nothing",
    "commas": "accepted: spacing around ',' changes nothing",
    "comments": "accepted on its own line; a comment after a value is an error (YAML drops it silently)",
    "comments-indentation": "accepted: a comment's indentation changes nothing",
    "document-end": "accepted: '...' at the end changes nothing",
    "document-start": "accepted: files start with the schema line; a second document ('---') is an error",
    "empty-lines": "accepted: blank lines between fields change nothing",
    "empty-values": "error where a value is required ('is empty'); allowed for optional fields, as absent",
    "float-values": "accepted: every value is read as text, so 1e3 stays '1e3'",
    "hyphens": "accepted: spacing after '-' changes nothing",
    "indentation": "accepted, except a list step folded into the step above: an error (text_checks.merged_steps)",
    "key-duplicates": "error: the reader refuses a key written twice",
    "key-ordering": "accepted: fields may come in any order",
    "line-length": "accepted: editors write sentences",
    "new-line-at-end-of-file": "accepted: a missing final newline changes nothing",
    "new-lines": "accepted: Windows (CRLF) line endings are read like Unix ones",
    "octal-values": "accepted: every value is read as text, so 010 stays '010'",
    "quoted-strings": "accepted: quotes are optional around plain text",
    "trailing-spaces": "accepted: spaces at the end of a line are dropped",
    "truthy": "accepted: every value is read as text, so 'no' stays 'no'",
}


def null_paths(doc: Document, lines: list[str]) -> dict[tuple, str]:
    """Every value written as an unquoted `~` or `null`, with its spelling, set to None in `doc`.

    After this, `~`, `null` and an empty value mean the same thing everywhere: nothing. An
    optional field is then simply absent; a required one is reported as empty.
    """
    found: dict[tuple, str] = {}

    def visit(value: object, path: tuple) -> object:
        if isinstance(value, dict):
            for key in value:
                value[key] = visit(value[key], path + (key,))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                value[i] = visit(item, path + (i,))
        elif isinstance(value, str) and value in NULL_WORDS and _unquoted(doc, lines, path, value):
            found[path] = value
            return None
        return value

    doc.data = visit(doc.data, ())
    return found


def _unquoted(doc: Document, lines: list[str], path: tuple, value: str) -> bool:
    line, col = doc.where(path)
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    return text[col - 1 : col - 1 + len(value)] == value


def explain_nulls(problems: list[Problem], nulls: dict[tuple, str]) -> list[Problem]:
    """'is empty' says why when the editor wrote `~` or `null`: YAML reads them as nothing."""
    spelled = {field_label(path): word for path, word in nulls.items()}
    out = []
    for p in problems:
        word = spelled.get(p.field)
        if word is not None and p.message == "is empty":
            p = Problem(p.file, p.line, p.col, p.field, f"is empty: YAML reads '{word}' as nothing", p.hint)
        out.append(p)
    return out


def future_review(doc: Document, shown: str, today: dt.date | None = None) -> list[Problem]:
    """`last_reviewed` after tomorrow is a typo that would hide the record from the review queue."""
    data = doc.data if isinstance(doc.data, dict) else {}
    value = data.get("last_reviewed")
    try:
        day = dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return []  # not a date: the model says so
    latest = dates.latest(today)
    if day is None or day <= latest:
        return []
    return [
        Problem(
            shown,
            *doc.where(("last_reviewed",)),
            "last_reviewed",
            f"{value} is in the future",
            f"write the date of the last review, {latest.isoformat()} at the latest",
        )
    ]


@functools.cache  # the model does not change while the program runs, and this runs for every file
def text_list_fields(kind: type[Record]) -> tuple[str, ...]:
    """Fields that hold a list of plain text items (how_to_start, lessons, characteristics, ...)."""
    return tuple(name for name, f in kind.model_fields.items() if typing.get_origin(f.annotation) is list and is_plain_text(typing.get_args(f.annotation)[0]))


def merged_steps(doc: Document, lines: list[str], kind: type[Record], shown: str) -> tuple[list[Problem], set[tuple]]:
    """Lines starting with '- ' that YAML folded into a text item, or into a whole list field.

    Returns the problems and the paths whose model errors they replace.
    """
    data = doc.data if isinstance(doc.data, dict) else {}
    problems: list[Problem] = []
    replaced: set[tuple] = set()
    for name in text_list_fields(kind):
        value = data.get(name)
        if isinstance(value, str):
            key_line, key_col = doc.where_key((name,))
            folded = _dash_lines(lines, key_line, key_col - 1)
            if folded:
                line, col = doc.where((name,))
                indicator = lines[line - 1][col - 1 : col] if 0 < line <= len(lines) else ""
                how = f"'{indicator}'" if indicator in ("|", ">") else "the text after the colon"
                problems.append(
                    Problem(
                        shown,
                        line,
                        col,
                        name,
                        f"{how} makes lines {folded[0]}-{folded[-1]} one text, not a list",
                        f"remove {how} after '{name}:' so that each '- ' line is an item",
                    )
                )
                replaced.add((name,))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                if not isinstance(item, str):
                    continue
                line, col = doc.where((name, i))
                dash = lines[line - 1].rfind("-", 0, col - 1) if 0 < line <= len(lines) else -1
                if dash < 0:
                    continue
                folded = _dash_lines(lines, line, dash)
                run_on = [] if folded or lines[line - 1][col - 1 : col] in ("|", ">") else _run_on_lines(lines, line, dash)
                if run_on:
                    first = run_on[0]
                    problems.append(
                        Problem(
                            shown,
                            first,
                            _indent(lines[first - 1]) + 1,
                            field_label((name, i)),
                            f"line {first} '{_short(lines[first - 1].strip())}' reads as a new item run into the one above",
                            f"start line {first} with '- ' in column {dash + 1}, under the '-' of line {line}; "
                            f"if it continues that item, join it to the line above",
                        )
                    )
                if folded:
                    first = folded[0]
                    deeper = _indent(lines[first - 1]) - dash
                    problems.append(
                        Problem(
                            shown,
                            first,
                            _indent(lines[first - 1]) + 1,
                            field_label((name, i)),
                            f"line {first} is indented {deeper} space{'s' if deeper != 1 else ''} more than the '-' on line {line}, "
                            f"so YAML joins '{_short(lines[first - 1].strip())}' to the item above",
                            f"put the '-' in column {dash + 1}, under the '-' of line {line}",
                        )
                    )
    return problems, replaced


def _continuation(lines: list[str], start: int, indent: int, *, to_blank: bool = False) -> Iterator[tuple[int, str, str]]:
    """(number, text stripped, line before) of each line after `start` that continues its value:
    indented deeper than `indent`, up to a comment, a shallower line, or (`to_blank`) a blank one."""
    previous = lines[start - 1].rstrip()
    for number in range(start + 1, len(lines) + 1):
        text = lines[number - 1]
        stripped = text.lstrip(" ")
        if not stripped.strip():
            if to_blank:
                return
            continue
        if len(text) - len(stripped) <= indent or stripped.startswith("#"):
            return
        yield number, stripped.rstrip(), previous
        previous = text.rstrip()


def _dash_lines(lines: list[str], start: int, indent: int) -> list[int]:
    """Continuation lines that start with '- ': items YAML folded into the value above."""
    return [n for n, text, _ in _continuation(lines, start, indent) if text.startswith("- ") or text == "-"]


def _run_on_lines(lines: list[str], start: int, indent: int) -> list[int]:
    """Continuation lines of a plain text item that start a new sentence after one that ended:
    most often a step whose '- ' was forgotten, which YAML joins to the step above."""
    return [n for n, text, before in _continuation(lines, start, indent, to_blank=True) if before.endswith((".", "!", "?")) and text[:1].isupper()]


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _short(text: str, size: int = 40) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"


def belongs_to(doc: Document, kind: type[Record] | None) -> type[Record] | None:
    """The other kind whose fields these are, when they are not those of `kind` and only one kind fits."""
    if not isinstance(doc.data, dict):
        return None
    keys = {k for k in doc.data if isinstance(k, str)} - _fields(Record)[0]
    if not keys or (kind is not None and keys <= _fields(kind)[0]):
        return None

    def score(k: type[Record]) -> int:
        return len(keys & _fields(k)[1])

    fits = sorted((k for k in KINDS if k is not kind and keys <= _fields(k)[0]), key=score, reverse=True)
    if not fits or (len(fits) > 1 and score(fits[0]) == score(fits[1])):
        return None  # no kind, or several, could hold these fields: the usual messages say more
    return fits[0]


def wrong_folder(doc: Document, kind: type[Record], shown: str, first_line: str) -> Problem | None:
    """One problem, instead of a dozen, when the fields are those of another kind of record."""
    other = belongs_to(doc, kind)
    if other is None:
        return None
    path = Path(shown)
    modeline = f"# yaml-language-server: $schema=../../schema/{other.kind}.json"
    then = "" if first_line == modeline else f", and make its first line '{modeline}'"
    return Problem(
        shown,
        1,
        1,
        "",
        f"these are the fields of a {other.kind}, not of a {kind.kind}",
        f"move it to {path.parent.parent.as_posix()}/{other.folder}/{path.name}{then}",
        cause=True,
    )


@functools.cache
def _fields(kind: type[Record]) -> tuple[frozenset[str], frozenset[str]]:
    """(every field, the required fields) of a kind: computed once, used for every file."""
    fields = kind.model_fields
    return frozenset(fields), frozenset(n for n, f in fields.items() if f.is_required())


def meant_id(name: str) -> str | None:
    """The id a file that is not read was most likely meant to have: 'x.yml.txt' and 'x.yaml' -> 'x'."""
    stem = name.split(".", 1)[0]
    return stem if ID_RE.match(stem) else None


def not_a_record(path: Path, shown: str, shown_dir: str) -> Problem:
    """A file in a folder of records that is not read as one: its name does not end in .yml."""
    rid = meant_id(path.name)
    if path.suffix == ".yml":  # a folder, a pipe or a device named like a record
        return Problem(shown, 1, 1, "", "not a .yml record file", f"records are ordinary files: move this one out of {shown_dir}/", cause=True)
    if rid is not None and path.is_file() and re.search(r"\.ya?ml", path.name, re.IGNORECASE):
        suffix = path.name[len(rid) :]
        return Problem(
            shown, 1, 1, "", f"'{suffix}' files are not read", f"rename it to {rid}.yml; until then, references to '{rid}' are not checked", cause=True
        )
    hint = f"rename it to {rid}.yml if it is a record, or move it out of {shown_dir}/" if rid else f"name record files <id>.yml, or move it out of {shown_dir}/"
    return Problem(shown, 1, 1, "", "not a .yml record file", hint, cause=True)


def folder_meant(name: str) -> type[Record] | None:
    """The kind whose folder a misspelt folder name was meant to be: 'practice' -> practices/."""
    guess = difflib.get_close_matches(name.lower(), list(KIND_BY_FOLDER), n=1, cutoff=0.75)
    return KIND_BY_FOLDER[guess[0]] if guess else None


def kind_of_file(path: Path) -> type[Record] | None:
    """The kind whose fields a file outside the folders of records holds, if exactly one kind fits."""
    try:
        check_size(path.stat().st_size)
        with path.open("rb") as file:
            doc = parse(decode(file.read(MAX_BYTES + 1)))
    except (OSError, StrictYamlError):
        return None
    return belongs_to(doc, None)


def unread_ids(data_dir: Path) -> set[tuple[str, str]]:
    """(kind, id) of every file that was meant as a record but is not read (a misnamed file, a misspelt
    folder), so that references to it are not reported as unknown: the file itself is reported."""
    found: set[tuple[str, str]] = set()
    try:
        entries = list(data_dir.iterdir())
    except OSError:  # _list_files reports it
        return found
    for entry in entries:
        kind = KIND_BY_FOLDER.get(entry.name) or folder_meant(entry.name)
        if kind is None and entry.is_file() and (rid := meant_id(entry.name)) is not None and (stray := kind_of_file(entry)) is not None:
            found.add((stray.kind, rid))  # a record saved beside the folders
        if kind is None or not entry.is_dir():
            continue
        misspelt = entry.name not in KIND_BY_FOLDER
        try:
            names = [p.name for p in entry.iterdir() if misspelt or p.suffix != ".yml" or not p.is_file()]
        except OSError:
            continue
        found |= {(kind.kind, rid) for name in names if (rid := meant_id(name)) is not None}
    return found


_CURLY = "\u201c\u201d\u2018\u2019\u00ab\u00bb\u201e"


def syntax_hint(line: int, hint: str, text: str | None) -> str:
    """A better hint for a YAML syntax error whose line holds curly quotes: they are not quotes to YAML."""
    lines = text.splitlines() if text else []
    source = lines[line - 1] if 0 < line <= len(lines) else ""
    if any(c in source for c in _CURLY) and ": " in source.split(":", 1)[-1]:
        return "curly quotes \u201c \u201d are text to YAML, not quotes: type straight quotes \"...\" around text that contains ': '"
    return hint
