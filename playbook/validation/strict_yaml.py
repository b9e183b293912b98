"""A strict YAML reader for editors' files.

PyYAML's `safe_load` keeps the last of two duplicate keys, turns `no` into False and
`2024-01-01` into a date, and expands alias bombs. This reader walks the parser's events
instead: it refuses duplicate keys, anchors, aliases, tags and extra documents, returns
every scalar as a string (an empty value as None), and remembers where each value stands
so that later errors can point at the right line and column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

from ..characters import described, first_refused
from . import indentation

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C parser is ~15x faster

MAX_BYTES = 256 * 1024

#: Containers (mappings and lists) open at once. A record needs three: its fields, a list, a
#: checklist item. Without a cap, `[[[[…` 100,000 deep cost gigabytes (every value's path is kept).
MAX_DEPTH = 8

# A non-breaking space where YAML expects indentation or a list's "- " (pasted from a web page or
# a word processor): YAML reads it as text, so the line silently joins the one above. Other
# characters are the character policy's (playbook/characters.py), for the file and each value.
_NBSP_INDENT = re.compile("^[ \t]*(?:-[ \t]*)?\u00a0", re.MULTILINE)


Path_ = tuple  # a path into the document: keys (str) and list indexes (int)


@dataclass
class Document:
    """The plain data of one file, with the position of every value and key."""

    data: object
    positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)

    def where(self, path: Path_) -> tuple[int, int]:
        """The (line, col) of the value at `path`, or of its nearest ancestor that exists."""
        path = tuple(path)
        while path not in self.positions and path:
            path = path[:-1]
        return self.positions.get(path, (1, 1))

    def where_key(self, path: Path_) -> tuple[int, int]:
        """The (line, col) of the key that names `path`, falling back to its value."""
        return self.key_positions.get(tuple(path)) or self.where(path)


class StrictYamlError(Exception):
    def __init__(self, line: int, col: int, message: str, hint: str = ""):
        self.line, self.col, self.message, self.hint = line, col, message, hint
        super().__init__(f"{line}:{col}: {message}")


def _pos(mark: yaml.Mark) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1)


def check_size(size: int) -> None:
    """Refuse a file over MAX_BYTES before reading it."""
    if size > MAX_BYTES:
        raise StrictYamlError(1, 1, f"file is {-(-size // 1024)} KiB, over the {MAX_BYTES // 1024} KiB limit", "split it into smaller records")


def decode(raw: bytes) -> str:
    """UTF-8 text of a file, or a StrictYamlError that points at the first bad byte."""
    check_size(len(raw))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before) - (before.rfind(b"\n") + 1) + 1
        raise StrictYamlError(line, col, f"not valid UTF-8 (byte 0x{raw[exc.start]:02x})", "save the file as UTF-8") from None
    return text.removeprefix("\ufeff")


def check_characters(text: str, fields: indentation.FieldsAt | None = None) -> None:
    """Refuse, at its own line and column, a character that the policy refuses in a file
    (editors cannot see it, or YAML misreads it), or a non-breaking space as indentation."""
    found = first_refused(text, "file")
    nbsp = _NBSP_INDENT.search(text)
    at = min((i for i in (found.index if found else None, nbsp.end() - 1 if nbsp else None) if i is not None), default=None)
    if at is None:
        return
    line = text.count("\n", 0, at) + 1
    col = at - (text.rfind("\n", 0, at) + 1) + 1
    if found is None or at != found.index:
        start = text.rfind("\n", 0, at) + 1
        if not text[start:at].strip(" \t\u00a0"):  # in the indentation: say which column the line belongs at
            explained = indentation.explain(_lines(text), line, col, fields)
            if explained is not None:
                raise StrictYamlError(explained.line, explained.col, explained.message, explained.hint)
        if text[start:at].strip(" \t") == "-":
            raise StrictYamlError(
                line,
                col,
                f"line {line} has a non-breaking space (U+00A0) after its '-'",
                "type an ordinary space after the '-'; pasted text often carries non-breaking ones",
            )
        hint = "indent with ordinary spaces; pasted text often carries non-breaking ones"
        raise StrictYamlError(line, col, f"{described(text[at])} is not allowed here", hint)
    raise StrictYamlError(line, col, f"{found.described} is not allowed here", found.hint)


def _lines(text: str) -> list[str]:
    return [line.removesuffix("\r") for line in text.split("\n")]


def parse(text: str, fields: indentation.FieldsAt | None = None) -> Document:
    """Parse one YAML document strictly; raise StrictYamlError on the first problem.

    `fields` (the field names a record allows at a path) lets a syntax error caused by
    indentation be told apart from text that needs quotes.
    """
    check_characters(text, fields)
    doc = Document(None)
    parser = Loader(text)
    try:
        builder = _Builder(doc, text.split("\n"))  # splitlines() would also split at characters YAML keeps
        feed, get_event = builder.feed, parser.get_event  # the loop runs once per event: ~50 per record
        while (event := get_event()) is not None:
            feed(event)
    except yaml.MarkedYAMLError as exc:
        raise _located(exc, text, fields) from None
    except yaml.YAMLError as exc:  # pragma: no cover - the C parser marks its errors
        raise StrictYamlError(1, 1, f"invalid YAML: {' '.join(str(exc).split())}") from None
    finally:
        parser.dispose()
    return doc


def _located(exc: yaml.MarkedYAMLError, text: str, fields: indentation.FieldsAt | None = None) -> StrictYamlError:
    """The error at the place an editor must change, on one line."""
    mark = exc.problem_mark or exc.context_mark
    line, col = _pos(mark) if mark else (1, 1)
    problem = " ".join((exc.problem or exc.context or "invalid YAML").split())
    context = exc.context or ""
    at_end = mark is not None and not text[mark.index :].strip()
    if exc.context_mark is not None and at_end:
        # The parser noticed only at the end of the file; the cause is where the text or list opened.
        opened = _pos(exc.context_mark)
        if "quoted scalar" in context:
            return StrictYamlError(
                *opened, "invalid YAML: this quoted text has no closing quote", "add the closing quote where the text ends, or remove this one"
            )
    if exc.context_mark is not None and ("flow sequence" in context or "flow mapping" in context) and (at_end or exc.context_mark.line != mark.line):
        # A '[' or '{' left open swallows the lines after it; the fix is where it opened.
        closer = "]" if "sequence" in context else "}"
        until = "never closed" if at_end else f"not closed before line {line}"
        return StrictYamlError(
            *_pos(exc.context_mark),
            f"invalid YAML: this '{text[exc.context_mark.index]}' is {until}",
            f"add the closing '{closer}', or write the items one per line",
        )
    lines = _lines(text)
    # A simple key the parser could not finish started on an earlier line: that line is the one to explain.
    at_line, at_col = _pos(exc.context_mark) if exc.context_mark is not None and "simple key" in context else (line, col)
    found = indentation.explain(lines, at_line, at_col, fields)
    if found is not None:
        return StrictYamlError(found.line, found.col, found.message, found.hint)
    if "mapping values are not allowed" in problem and (owner := indentation.colon_owner(lines, line, col)) is not None:
        what, key = owner
        hint = 'put the whole text in straight double quotes, "..."'
        if key:
            hint += f", or write '{key}: >-' and the text on the lines below it, indented two spaces"
        return StrictYamlError(line, col, f"{what} contains ': ', which YAML reads as the start of a new field", hint)
    at = lines[line - 1][col - 1 : col] if 0 < line <= len(lines) else ""
    hint = "indent with spaces, not tabs" if at == "\t" else _yaml_hint(problem)
    return StrictYamlError(line, col, f"invalid YAML: {problem}", hint)


def _yaml_hint(problem: str) -> str:
    if "mapping values are not allowed" in problem:
        return "put text that contains ': ' in quotes"
    if "could not find expected ':'" in problem or "expected <block end>" in problem:
        return "check the indentation of this line and the one above"
    return "check the indentation and quotes near this place"


class _Builder:
    """Turns parser events into plain dicts, lists and strings, refusing what editors must not use."""

    def __init__(self, doc: Document, lines: list[str]):
        self.doc, self.lines = doc, lines
        self.stack: list[list] = []  # frames: [container, path, pending key or None]
        self.documents = 0

    def feed(self, event: yaml.Event) -> None:
        kind = type(event)
        if kind is yaml.ScalarEvent or kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
            self._node_start(event)
        elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            container, _path, _ = self.stack.pop()
            self._attach(container)
        elif kind is yaml.DocumentStartEvent:
            self.documents += 1
            if self.documents > 1:
                raise StrictYamlError(*_pos(event.start_mark), "a second YAML document ('---') in one file", "keep one record per file; remove the '---' line")
        elif isinstance(event, yaml.AliasEvent):
            raise StrictYamlError(*_pos(event.start_mark), f"alias '*{event.anchor}' is not allowed", "write the value out in full")

    def _node_start(self, event: yaml.NodeEvent) -> None:
        if event.anchor is not None:
            raise StrictYamlError(*_pos(event.start_mark), f"anchor '&{event.anchor}' is not allowed", "write each value out in full")
        if isinstance(event, yaml.ScalarEvent):
            bad = first_refused(event.value, "text")
            if bad:
                raise StrictYamlError(
                    *_pos(event.start_mark),
                    f"the text holds {bad.described} at character {bad.index + 1}, which is not allowed",
                    "remove the escape sequence that makes it",
                )
        elif len(self.stack) >= MAX_DEPTH:
            raise StrictYamlError(
                *_pos(event.start_mark),
                f"values nested more than {MAX_DEPTH} levels deep",
                "a record needs at most four levels: check the brackets and the indentation here",
            )
        if event.tag is not None and not (isinstance(event, yaml.ScalarEvent) and event.tag == "!"):
            tag = event.tag.replace("tag:yaml.org,2002:", "!!")
            raise StrictYamlError(*_pos(event.start_mark), f"tag '{tag}' is not allowed", "remove the tag; every value is read as text")
        # A mapping key arrives as a scalar while the parent mapping waits for one.
        if self.stack and isinstance(self.stack[-1][0], dict) and self.stack[-1][2] is None:
            frame = self.stack[-1]
            if not isinstance(event, yaml.ScalarEvent):
                raise StrictYamlError(*_pos(event.start_mark), "a key must be a plain name", "write keys as 'name: value'")
            key = event.value
            if key in frame[0]:
                first = self.doc.key_positions.get(frame[1] + (key,), (0, 0))[0]
                raise StrictYamlError(*_pos(event.start_mark), f"duplicate key '{key}' (first on line {first})", self._duplicate_hint(event, frame[1], first))
            frame[2] = key
            self.doc.key_positions[frame[1] + (key,)] = _pos(event.start_mark)
            return
        path = self._child_path()
        self.doc.positions[path] = _pos(event.start_mark)
        if isinstance(event, yaml.ScalarEvent):
            self._refuse_trailing_comment(event)
            empty = event.value == "" and not event.style  # `key:` with nothing after it
            self._attach(None if empty else event.value)
        elif isinstance(event, yaml.MappingStartEvent):
            self.stack.append([{}, path, None])
        else:
            self.stack.append([[], path, None])

    def _duplicate_hint(self, event: yaml.Event, path: Path_, first: int) -> str:
        line = event.start_mark.line + 1
        key = event.value
        if path and isinstance(path[-1], int):  # two items run together: the second lost its '- '
            dash = self.doc.positions.get(path, (first, 3))[1] - 2
            return f"if line {line} starts a new item, write '- ' in front of '{key}:', the '-' in column {dash} like the other items"
        after = self.lines[event.end_mark.line][event.end_mark.column :].lstrip()
        if after in (":", ""):  # a list or fields follow: both halves are wanted
            return f"merge them: move the lines under line {line} to '{key}:' on line {first}, then delete line {line}"
        return f"keep one of the two: delete line {line} or line {first}"

    def _refuse_trailing_comment(self, event: yaml.Event) -> None:
        # YAML drops ' #' and what follows from unquoted text: 'figure: 5.7x #1 driver' would keep
        # only '5.7x'. Comments on their own line are fine; after a value they lose data silently.
        if event.style:
            return
        end = event.end_mark
        rest = self.lines[end.line][end.column :] if end.line < len(self.lines) else ""
        if rest.strip().startswith("#"):
            raise StrictYamlError(
                end.line + 1,
                end.column + 1 + len(rest) - len(rest.lstrip()),
                f"'{rest.strip()}' after the value is a comment, and YAML drops it",
                "put the whole value in quotes if '#' belongs to it, or move the comment to its own line",
            )

    def _child_path(self) -> Path_:
        if not self.stack:
            return ()
        container, path, key = self.stack[-1]
        return path + ((key,) if isinstance(container, dict) else (len(container),))

    def _attach(self, value: object) -> None:
        if not self.stack:
            self.doc.data = value
            return
        frame = self.stack[-1]
        if isinstance(frame[0], dict):
            frame[0][frame[2]] = value
            frame[2] = None
        else:
            frame[0].append(value)
