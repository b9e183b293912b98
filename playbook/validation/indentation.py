"""Indentation mistakes, named as such.

When the YAML parser stops, its own words ("mapping values are not allowed in this context",
"did not find expected '-' indicator") describe what it saw, not what the editor did: a key
indented two spaces too far, a field pushed under the list above it, a tab. This module reads
the lines before the one the parser stopped at the way YAML does (keys, list items, text that
continues a value) and, when the line does not line up with its siblings or its parent, says
which line it should line up under.

It only ever explains a line the parser refused; a file the parser accepts is judged by the
model and the checks in `text_checks`.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass, field

#: The field names a record allows in the mapping at a path (keys and list indexes), if known.
FieldsAt = Callable[[tuple], Collection[str]]

_KEY = re.compile(r"([A-Za-z_][\w-]*)[ \t]*:(?=[ \t]|$)")
_BLOCK = re.compile(r"[|>][-+0-9]*[ \t]*(?:#.*)?$")
_WHITESPACE = " \t\u00a0"


@dataclass
class Level:
    """An open mapping (its keys' column) or list (its dashes' column) above a line."""

    col: int
    kind: str  # "map" or "seq"
    line: int  # the line of its latest key or '-'
    key: str  # map: its latest key; seq: the key the list belongs to ("" at the top)
    path: tuple  # where the mapping or list stands in the record
    empty: bool = False  # map: its latest key has no value on its line, so a block may follow
    items: int = 0  # seq: items seen


@dataclass
class _Scalar:
    """A value that later, deeper lines continue: plain text, or a '|' or '>' block."""

    owner: int  # lines indented more than this continue the value
    key: str
    line: int
    block: bool
    what: str  # how a message names it: "the text of 'figure:'", "the item on line 12"
    item: bool = False  # a list item's own text, not a field's value


@dataclass
class Outline:
    """What is open just before a line: the levels, innermost last, and any value it would continue."""

    levels: list[Level] = field(default_factory=list)
    scalar: _Scalar | None = None


@dataclass(frozen=True)
class Finding:
    """An indentation mistake at `line`, worded for the editor."""

    line: int
    col: int
    message: str
    hint: str


def _split(text: str) -> tuple[str, str]:
    stripped = text.lstrip(_WHITESPACE)
    return text[: len(text) - len(stripped)], stripped


def _is_dash(content: str) -> bool:
    return content == "-" or content.startswith(("- ", "-\t"))


def outline(lines: list[str], before: int) -> Outline:
    """The levels open before line `before` (1-based), read from the lines above it."""
    out = Outline()
    for number in range(1, before):
        text = lines[number - 1]
        ws, content = _split(text)
        if not content or content.startswith("#"):
            continue
        indent = len(ws)
        if out.scalar is not None:
            if indent > out.scalar.owner:
                continue
            out.scalar = None
        if "\t" in ws or "\u00a0" in ws:
            continue  # the parser refused this line already; the caller explains it
        _place(out, indent, content, number)
    return out


def _pop(levels: list[Level], indent: int) -> None:
    while levels and levels[-1].col > indent:
        levels.pop()


def _place(out: Outline, indent: int, content: str, number: int) -> None:
    levels = out.levels
    _pop(levels, indent)
    if _is_dash(content):
        top = levels[-1] if levels else None
        if top is not None and top.kind == "seq" and top.col == indent:
            top.line, top.items = number, top.items + 1
            seq = top
        else:
            parent = levels[-1] if levels else None
            owner = parent.key if parent is not None and parent.kind == "map" else ""
            path = (parent.path + (owner,)) if parent is not None and parent.kind == "map" else ()
            seq = Level(indent, "seq", number, owner, path, items=1)
            levels.append(seq)
        rest = content[1:]
        inner = rest.lstrip(" ")
        item_path = seq.path + (seq.items - 1,)
        if not inner:
            return
        col = indent + 1 + (len(rest) - len(inner))
        inner_key = _KEY.match(inner)
        if inner_key is not None:
            levels.append(Level(col, "map", number, inner_key.group(1), item_path))
            _value(out, levels[-1], inner[inner_key.end() :], col, number)
        else:
            out.scalar = _Scalar(indent, seq.key, number, bool(_BLOCK.match(inner)), f"the item on line {number}", item=True)
        return
    key = _KEY.match(content)
    if key is None:
        return  # text the parser took as part of something we do not follow: leave it
    top = levels[-1] if levels else None
    if top is not None and top.kind == "seq" and top.col == indent:
        levels.pop()  # a list written at its key's column ends at the next key
        top = levels[-1] if levels else None
    if top is not None and top.kind == "map" and top.col == indent:
        top.key, top.line = key.group(1), number
        level = top
    else:
        parent = levels[-1] if levels else None
        path = (parent.path + (parent.key,)) if parent is not None and parent.kind == "map" else ()
        level = Level(indent, "map", number, key.group(1), path)
        levels.append(level)
    _value(out, level, content[key.end() :], indent, number)


def _value(out: Outline, level: Level, rest: str, col: int, number: int) -> None:
    value = rest.strip()
    level.empty = not value or value.startswith("#")
    if level.empty:
        return
    out.scalar = _Scalar(col, level.key, number, bool(_BLOCK.match(value)), f"the text of '{level.key}:'")


def _spaces(n: int) -> str:
    return f"{n} space{'s' if n != 1 else ''}"


def _known(fields: FieldsAt | None, level: Level, key: str) -> bool:
    return fields is not None and key in fields(level.path)


def _nearest(candidates: list[Level], indent: int, key: str, fields: FieldsAt | None) -> Level:
    """The level a line at `indent` was most likely meant for: the closest column, then the one
    whose mapping allows the key, then the innermost."""
    return min(reversed(candidates), key=lambda lv: (abs(lv.col - indent), not _known(fields, lv, key)))


def explain(lines: list[str], number: int, col: int, fields: FieldsAt | None = None) -> Finding | None:
    """An indentation mistake that explains why the parser stopped at line `number`, column `col`
    (both 1-based), or None when the line lines up and the parser's own words must do."""
    if not 0 < number <= len(lines):
        return None
    ws, content = _split(lines[number - 1])
    if not content:
        if "\t" in ws:
            return Finding(number, 1, f"line {number} is blank but for a tab", "delete the tab: YAML refuses tabs where it reads indentation")
        return None
    state = outline(lines, number)
    if "\t" in ws or "\u00a0" in ws:
        return _invisible(state, number, ws, content, fields)
    indent = len(ws)
    if fields is not None and state.scalar is not None and indent > state.scalar.owner:
        earlier = _left_behind(lines, state.scalar, fields)
        if earlier is not None:
            return earlier
    key = None if _is_dash(content) else _KEY.match(content)
    if _is_dash(content):
        return _list_cut(lines, state, indent) or _dash(state, number, indent)
    if key is not None:
        if col - 1 > indent + key.end(1):
            return None  # the parser stopped further along the line: an unquoted ': ' in the value
        return _key(state, number, indent, key.group(1), fields)
    return _text(state, number, indent, content, fields)


def _left_behind(lines: list[str], scalar: _Scalar, fields: FieldsAt) -> Finding | None:
    """The key whose text swallowed the line the parser stopped at, when that key itself is out of
    place: written further left than the mapping it belongs to, it closed that mapping."""
    if scalar.item:
        return None
    before = outline(lines, scalar.line)
    col = scalar.owner
    own = next((lv for lv in before.levels if lv.kind == "map" and lv.col == col), None)
    if own is not None and _known(fields, own, scalar.key):
        return None
    deeper = [lv for lv in before.levels if lv.kind == "map" and lv.col > col and _known(fields, lv, scalar.key)]
    if not deeper:
        return None
    ref = deeper[-1]
    return Finding(
        scalar.line,
        col + 1,
        f"line {scalar.line} is indented {_spaces(ref.col - col)} fewer than '{ref.key}:' on line {ref.line}",
        f"line it up under '{ref.key}:', in column {ref.col + 1}",
    )


def _list_cut(lines: list[str], state: Outline, indent: int) -> Finding | None:
    """The key written further left than the fields of a list's item, which ended the list that this
    line's '-' continues."""
    if not state.levels or any(lv.kind == "seq" and lv.col == indent for lv in state.levels):
        return None
    top = state.levels[-1]
    if top.kind != "map" or top.col >= indent:
        return None
    before = outline(lines, top.line)
    seq = next((lv for lv in before.levels if lv.kind == "seq" and lv.col == indent), None)
    deeper = [lv for lv in before.levels if lv.kind == "map" and lv.col > indent]
    if seq is None or not deeper:
        return None
    ref = deeper[-1]
    return Finding(
        top.line,
        top.col + 1,
        f"line {top.line} is indented {_spaces(ref.col - top.col)} fewer than '{ref.key}:' on line {ref.line}, so it ends the list under '{seq.key}:'",
        f"line it up under '{ref.key}:', in column {ref.col + 1}",
    )


def _key(state: Outline, number: int, indent: int, name: str, fields: FieldsAt | None) -> Finding | None:
    maps = [lv for lv in state.levels if lv.kind == "map"]
    scalar = state.scalar
    swallowed = scalar is not None and indent > scalar.owner
    if not maps or (swallowed and fields is not None and not any(_known(fields, lv, name) for lv in maps)):
        return None  # text that happens to contain ': ', not a field: the quotes hint is right
    top = state.levels[-1]
    if not swallowed and top.kind == "map" and top.empty and indent > top.col:
        return None  # a new block under an empty key: YAML's complaint is about something else
    ref = _nearest(maps, indent, name, fields)
    if ref.col == indent:
        return None
    diff = indent - ref.col
    message = f"line {number} is indented {_spaces(abs(diff))} {'more' if diff > 0 else 'fewer'} than '{ref.key}:' on line {ref.line}"
    seqs = [lv for lv in state.levels if lv.kind == "seq" and ref.col < lv.col <= indent]
    if swallowed and scalar is not None:
        message += f", so YAML reads '{name}:' as part of {scalar.what}"
    elif seqs:
        message += f", so YAML reads '{name}:' as part of the list under '{seqs[-1].key}:'"
    return Finding(number, indent + 1, message, f"line it up under '{ref.key}:', in column {ref.col + 1}")


def _dash(state: Outline, number: int, indent: int) -> Finding | None:
    seqs = [lv for lv in state.levels if lv.kind == "seq"]
    top = state.levels[-1] if state.levels else None
    if top is not None and top.kind == "map" and top.empty and indent >= top.col and not any(s.col == indent for s in seqs):
        return None  # the first item of a new list
    if not seqs or any(s.col == indent for s in seqs):
        return None
    ref = min(reversed(seqs), key=lambda lv: abs(lv.col - indent))
    diff = indent - ref.col
    return Finding(
        number,
        indent + 1,
        f"line {number} is indented {_spaces(abs(diff))} {'more' if diff > 0 else 'fewer'} than the '-' on line {ref.line}",
        f"put the '-' in column {ref.col + 1}, under the '-' of line {ref.line}",
    )


def _text(state: Outline, number: int, indent: int, content: str, fields: FieldsAt | None) -> Finding | None:
    maps = [lv for lv in state.levels if lv.kind == "map"]
    word = content.split()[0]
    known = sorted({name for lv in maps for name in fields(lv.path)}) if fields is not None else []
    name, colon, value = word.partition(":")
    if colon and value and name in known:
        return Finding(number, indent + 1, f"line {number} has no space after '{name}:'", f"write '{name}: {value}', with a space after the colon")
    meant = difflib.get_close_matches(word, known, n=1, cutoff=0.8)
    if meant and " " in content:
        return Finding(number, indent + 1, f"line {number} has no ':' after '{word}'", f"write it as '{meant[0]}: ...'")
    scalar = state.scalar
    seqs = [lv for lv in state.levels if lv.kind == "seq"]
    if scalar is not None and not scalar.block and not scalar.item and indent <= scalar.owner:
        deeper = scalar.owner + 2 - indent
        return Finding(
            number,
            indent + 1,
            f"line {number} continues the text of '{scalar.key}:' on line {scalar.line}, but starts in column {indent + 1}, where YAML expects a new field",
            f"indent it by {_spaces(deeper)}, or join it to line {scalar.line}",
        )
    if seqs and seqs[-1].col == indent:
        seq = seqs[-1]
        return Finding(
            number,
            indent + 1,
            f"line {number} stands in the list under '{seq.key}:' but does not start with '- '",
            f"start it with '- ', the '-' in column {seq.col + 1} under the '-' of line {seq.line}",
        )
    return None


def intended(state: Outline, content: str, fields: FieldsAt | None = None) -> tuple[int, str] | None:
    """The column a line with `content` most likely belongs at, and what it then lines up under."""
    levels = state.levels
    top = levels[-1] if levels else None
    if _is_dash(content):
        if top is not None and top.kind == "map" and top.empty:
            return top.col + 2, f"the '-' is two spaces deeper than '{top.key}:' on line {top.line}"
        seq = next((lv for lv in reversed(levels) if lv.kind == "seq"), None)
        return (seq.col, f"the '-' is under the '-' of line {seq.line}") if seq is not None else None
    key = _KEY.match(content)
    name = key.group(1) if key is not None else ""
    if top is not None and top.kind == "map" and top.empty and (fields is None or name in fields(top.path + (top.key,))):
        return top.col + 2, f"'{name}:' is two spaces deeper than '{top.key}:' on line {top.line}"
    maps = [lv for lv in reversed(levels) if lv.kind == "map"]  # innermost first
    target = next((lv for lv in maps if _known(fields, lv, name)), maps[0] if maps else None)
    if target is None:
        return None
    return target.col, f"'{name}:' is under '{target.key}:' on line {target.line}"


def _invisible(state: Outline, number: int, ws: str, content: str, fields: FieldsAt | None) -> Finding:
    if "\t" in ws:
        what, why = "a tab", "YAML indents with spaces only"
    else:
        what, why = "non-breaking spaces", "they come with text pasted from web pages and word processors"
    where = intended(state, content, fields)
    if where is None:
        fix = "indent it with ordinary spaces"
    else:
        col, under = where
        fix = f"replace the indentation with {_spaces(col)}, so that {under}" if col else f"delete the indentation, so that {under}"
    return Finding(number, 1, f"line {number} is indented with {what}", f"{why}: {fix}")


_KEY_ON_LINE = re.compile(r"[ ]*(?:-[ ]+)?([A-Za-z_][\w-]*)[ ]*:[ ]")


def colon_owner(lines: list[str], number: int, col: int) -> tuple[str, str] | None:
    """What holds the unquoted ': ' at line `number`, column `col`: how to name it in a message
    ("the text of 'summary:'") and the key whose value it is, if any."""
    if not 0 < number <= len(lines):
        return None
    found = _KEY_ON_LINE.match(lines[number - 1])
    if found is not None and found.end() <= col:
        return f"the text of '{found.group(1)}:'", found.group(1)
    scalar = outline(lines, number).scalar
    if scalar is None:
        return None
    return scalar.what, "" if scalar.item else scalar.key
