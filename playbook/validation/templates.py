"""The template syntax a hand-written page may hold: macro calls with text arguments, and counts.

The site engine renders each page in docs/ as a Jinja template before Markdown sees it, and a
Jinja expression reaches any Python object: `{{ cycler.__init__.__globals__.os.popen('id') }}`
runs a command on the machine that builds the site. This module finds every place where the
template engine would see code, as its lexer does: each '{{', '{%' and '{#' in the text, whatever
surrounds it (code spans, HTML comments, fenced blocks). It accepts only this grammar, in which
nothing can be looked up, computed or run:

    call   '{{' SPACE* NAME '(' SPACE* [ARG (SPACE* ',' SPACE* ARG)*] SPACE* ')' SPACE* '}}'
    count  '{{' SPACE* 'counts.' NAME SPACE* '}}'
    ARG    text in single or double quotes, on one line, without a backslash

A call that does not fit (a number, a name, `none`, a list, a keyword as an argument) is still
returned, with its arguments described, so that docs_pages can say which argument is wrong;
anything else is refused here. No template engine is imported: the scanner accepts exactly this
much, whatever a template engine would also accept.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

#: What starts template code: Jinja's default delimiters, which the adapter requires.
TAG_START = re.compile(r"\{[{%#]")
NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_NUMBER = re.compile(r"[-+]?[0-9][0-9_]*(?:\.[0-9_]+)?(?:[eE][-+]?[0-9]+)?")
_SPACE = " \t"
#: Words Jinja reads as values, not names.
_LITERALS = frozenset({"none", "None", "true", "True", "false", "False"})

EXAMPLE = "{{ index('practices') }}"


@dataclass(frozen=True)
class Argument:
    """One argument of a call as written: `value` is set only for text in quotes."""

    source: str
    value: str | None
    #: How a message names it when text was expected: "2", "the name x", "none", "a list".
    described: str
    keyword: str | None = None

    @property
    def label(self) -> str:
        shown = repr(self.value) if self.value is not None else (self.source if self.described == self.source else "…")
        return f"{self.keyword}={shown}" if self.keyword else shown


@dataclass(frozen=True)
class Call:
    """`{{ name(arguments) }}`, at the line and column of its name."""

    name: str
    arguments: tuple[Argument, ...]
    line: int
    col: int

    @property
    def label(self) -> str:
        return short(f"{self.name}({', '.join(a.label for a in self.arguments)})", 80)


@dataclass(frozen=True)
class Count:
    """`{{ counts.name }}`, at the line and column of 'counts'."""

    name: str
    line: int
    col: int


@dataclass(frozen=True)
class Refusal:
    """Template code that is not a call or a count: what it is, and the fix."""

    line: int
    col: int
    message: str
    hint: str


Found = Call | Count | Refusal


class _Locator:
    """Line and column of positions visited in increasing order, in time linear in the text."""

    def __init__(self, text: str, first_line: int):
        self.text, self.pos, self.line, self.line_start = text, 0, first_line, 0

    def __call__(self, pos: int) -> tuple[int, int]:
        newline = self.text.rfind("\n", self.pos, pos)
        if newline >= 0:
            self.line += self.text.count("\n", self.pos, pos)
            self.line_start = newline + 1
        self.pos = pos
        return self.line, pos - self.line_start + 1


def scan(text: str, start: int = 0, first_line: int = 1) -> Iterator[Found]:
    """Every piece of template code in `text` from `start`, in order. Lines count from
    `first_line` at position 0 of `text`."""
    where = _Locator(text, first_line)
    pos, end_of_line = start, -1
    while (match := TAG_START.search(text, pos)) is not None:
        at = match.start()
        if at > end_of_line:  # found once per line, so that a long line of tags costs no more than its length
            end_of_line = text.find("\n", at)
            end_of_line = len(text) if end_of_line < 0 else end_of_line
        kind = text[at + 1]
        if kind == "{":
            found, pos = _variable(text, at, end_of_line, where)
        else:
            closer = "%}" if kind == "%" else "#}"
            close = text.find(closer, at + 2, end_of_line)
            pos = end_of_line if close < 0 else close + 2
            tag = _tag_text(text, at, pos)
            if kind == "%":
                found = Refusal(
                    *where(at),
                    f"{tag} is a template statement, which a page may not hold",
                    f"pages only call macros, e.g. {EXAMPLE}; to show '{{%' as text, write &#123;%",
                )
            else:
                found = Refusal(
                    *where(at),
                    f"{tag} is a template comment, which a page may not hold",
                    "use an HTML comment, <!-- like this -->; to show '{#' as text, write &#123;#",
                )
        yield found


def _variable(text: str, at: int, end: int, where: _Locator) -> tuple[Found, int]:
    """The `{{ ... }}` that starts at `at` (on a line ending at `end`), and where scanning resumes."""

    def refuse(what: str, hint: str) -> tuple[Found, int]:
        close = text.find("}}", at + 2, end)
        resume = end if close < 0 else close + 2
        return Refusal(*where(at), f"{_tag_text(text, at, resume)} {what}", hint), resume

    not_a_call = (
        "is not a macro call",
        f"pages only call the playbook's macros, with ids in quotes, e.g. {EXAMPLE}; to show '{{{{' as text, write &#123;&#123;",
    )
    if text.find("}}", at + 2, end) < 0:  # a template engine would read on, across lines
        return refuse("is not closed on its line", f"write the whole call on one line, e.g. {EXAMPLE}")
    i = at + 2
    if i < end and text[i] in "-+":
        return refuse("uses whitespace control ('{{-'), which a page may not", f"write '{{{{ ' and the call, e.g. {EXAMPLE}")
    i = _skip(text, i, end)
    name = NAME.match(text, i, end)
    if name is None:
        return refuse(*not_a_call)
    name_at, i = i, name.end()
    if name.group() == "counts" and text.startswith(".", i):
        count = NAME.match(text, i + 1, end)
        if count is None:
            return refuse(*not_a_call)
        i = _skip(text, count.end(), end)
        if not text.startswith("}}", i):
            return refuse(*not_a_call)
        return Count(count.group(), *where(name_at)), i + 2
    if not text.startswith("(", i):
        return refuse(*not_a_call)
    arguments: list[Argument] = []
    i = _skip(text, i + 1, end)
    while not text.startswith(")", i):
        if arguments:
            if not text.startswith(",", i):
                return refuse("computes an argument", f"write each argument as an id in quotes, e.g. {EXAMPLE}")
            i = _skip(text, i + 1, end)
        argument, i = _argument(text, i, end)
        if isinstance(argument, str):
            return refuse(argument, f"write each argument as an id in quotes, e.g. {EXAMPLE}")
        arguments.append(argument)
        i = _skip(text, i, end)
    i = _skip(text, i + 1, end)
    if text.startswith(("-}}", "+}}"), i):
        return refuse(f"uses whitespace control ('{text[i]}}}}}'), which a page may not", f"write ' }}}}' after the call, e.g. {EXAMPLE}")
    if not text.startswith("}}", i):
        return refuse("holds more than a macro call", f"end it right after the call's ')', e.g. {EXAMPLE}")
    return Call(name.group(), tuple(arguments), *where(name_at)), i + 2


def _argument(text: str, i: int, end: int) -> tuple[Argument | str, int]:
    """One argument from `i`, or what is wrong with it (a sentence without its subject)."""
    keyword = None
    name = NAME.match(text, i, end)
    if name is not None:
        after = _skip(text, name.end(), end)
        if text.startswith("=", after) and not text.startswith("==", after):
            keyword = name.group()
            i = _skip(text, after + 1, end)
            name = NAME.match(text, i, end)
    quote = text[i] if i < end else ""
    if quote in ("'", '"'):
        close = text.find(quote, i + 1, end)
        if close < 0:
            return "has a quote that is not closed on its line", end
        value = text[i + 1 : close]
        if "\\" in value:
            return "has a backslash in an argument", end
        return Argument(text[i : close + 1], value, "text", keyword), close + 1
    if name is not None:
        word = name.group()
        return Argument(word, None, word if word in _LITERALS else f"the name {word}", keyword), name.end()
    number = _NUMBER.match(text, i, end)
    if number is not None:
        return Argument(number.group(), None, number.group(), keyword), number.end()
    if quote in ("[", "{", "("):
        close = _closing(text, i, end)
        if close < 0:
            return f"has a '{quote}' that is not closed on its line", end
        described = {"[": "a list", "{": "a mapping", "(": "an expression in brackets"}[quote]
        return Argument(text[i : close + 1], None, described, keyword), close + 1
    return "computes an argument", end


def _closing(text: str, i: int, end: int) -> int:
    """The position of the bracket that closes the one at `i`, skipping quoted text; -1 if none."""
    depth, quote = 0, ""
    for j in range(i, end):
        c = text[j]
        if quote:
            quote = "" if c == quote else quote
        elif c in "'\"":
            quote = c
        elif c in "[{(":
            depth += 1
        elif c in "]})":
            depth -= 1
            if depth == 0:
                return j
    return -1


def _skip(text: str, i: int, end: int) -> int:
    while i < end and text[i] in _SPACE:
        i += 1
    return i


def _tag_text(text: str, start: int, end: int) -> str:
    return f"'{short(text[start:end].rstrip(), 60)}'"


def short(text: str, size: int) -> str:
    """`text`, cut to `size` characters with an ellipsis."""
    return text if len(text) <= size else text[: size - 1] + "…"
