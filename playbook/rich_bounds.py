"""Bounds on rich text, checked at validation, so that every text that validates builds in linear time.

Python-Markdown is recursive in block nesting and scans forward from every `[` to find its `]`
(and from every `](` to find its `)`): 20,000 `[` in a 20 KB body took over a minute and a half
to render, and about 500 nested list markers (`- - - … x`) or 600 × `1. ` crashed the build with a
RecursionError. Editors never need more than a few levels of lists or brackets, so the rules are:

- lists and quotes nest at most MAX_NESTING levels (each marker at the start of a line, and each
  four columns of indentation, is a level);
- every `[` is closed by a `]` on the same line, brackets nest at most MAX_BRACKETS deep;
- the address of a link, `](…)`, is closed by its `)` on the same line;
- a field holds at most MAX_CHARS characters. Python-Markdown's inline processing copies the
  rest of a paragraph for every match (`*a* ` repeated over 250 KB took seconds, growing faster
  than the text); with the length capped, each field costs at most a small constant per character.

With brackets balanced and shallow, each `[` is scanned only up to its own `]`, so the total work
is a small multiple of the text's length.
"""

from __future__ import annotations

import re

MAX_NESTING = 6
MAX_BRACKETS = 3
MAX_CHARS = 10_000  # the longest rich text in the shipped playbook has about 3,000

# A list marker or a quote marker at the start of a line (after indentation or another marker).
_MARKER = re.compile(r"[ \t]*(?:[-*+](?=[ \t]|$)|[0-9]{1,9}[.)](?=[ \t]|$)|>)")


class RichTextError(ValueError):
    """What is wrong, where in the text (1-based line and column), and the fix."""

    def __init__(self, line: int, col: int, message: str, hint: str):
        super().__init__(f"{message} ({hint})")
        self.line, self.col, self.message, self.hint = line, col, message, hint


def check_rich_text(text: str) -> str:
    """Return `text` unchanged, or raise RichTextError for the first construct past the bounds."""
    if len(text) > MAX_CHARS:
        raise RichTextError(
            1, 1, f"the text has {len(text):,} characters, more than {MAX_CHARS:,}", "shorten it, or move the detail into a document and link to it"
        )
    if "[" not in text and "]" not in text and not _might_nest(text):
        return text  # the common case: no brackets, no nesting to measure
    for number, line in enumerate(text.split("\n"), 1):
        _check_nesting(number, line)
        if "[" in line:
            _check_brackets(number, line)
    return text


def _might_nest(text: str) -> bool:
    return any(c in text for c in "-*+>)") or "." in text or "    " in text or "\t" in text


def _check_nesting(number: int, line: str) -> None:
    indent = len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip(" "))
    depth, pos = indent // 4, 0
    while depth <= MAX_NESTING:
        marker = _MARKER.match(line, pos)
        if not marker or marker.end() == pos:
            return
        depth, pos = depth + 1, marker.end()
    raise RichTextError(number, pos, f"lists or quotes nested more than {MAX_NESTING} levels deep", "write the deeper items as a flat list or as sentences")


def _check_brackets(number: int, line: str) -> None:
    opened: list[int] = []
    i, n = 0, len(line)
    while i < n:
        c = line[i]
        if c == "\\":
            i += 2  # an escaped character is text to Markdown
            continue
        if c == "[":
            opened.append(i)
            if len(opened) > MAX_BRACKETS:
                raise RichTextError(number, i + 1, f"square brackets nested more than {MAX_BRACKETS} deep", "write '\\[' for a bracket that is not a link")
        elif c == "]" and opened:
            opened.pop()
            if line.startswith("](", i):
                close = _closing_paren(line, i + 2)
                if close < 0:
                    raise RichTextError(
                        number, i + 2, "the address of this link has no closing ')' on its line", "write links as [text](https://address) on one line"
                    )
                i = close
        i += 1
    if opened:
        raise RichTextError(
            number,
            opened[0] + 1,
            "this '[' has no closing ']' on its line",
            "write links as [text](https://address), or '\\[' for a bracket that is not a link",
        )


def _closing_paren(line: str, start: int) -> int:
    """Index of the ')' that closes a link address starting at `start`, or -1."""
    depth = 1
    for i in range(start, len(line)):
        if line[i] == "(":
            depth += 1
            if depth > MAX_BRACKETS:
                return -1
        elif line[i] == ")":
            depth -= 1
            if depth == 0:
                return i
    return -1
