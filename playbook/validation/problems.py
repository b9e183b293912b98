"""Problems found in the playbook data, and how they are written for editors."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from ..characters import shown


@functools.total_ordering
@dataclass(frozen=True)
class Problem:
    """One thing wrong (or worth a look) in one file, at one place.

    Problems sort by place, except that a `cause` (a file that is not read as a record at all)
    comes first: what it breaks elsewhere makes sense only once it is known.
    """

    file: str
    line: int
    col: int
    field: str
    message: str
    hint: str = ""
    #: "error" and "warning" fail the pull request; a "note" never fails.
    severity: str = "error"
    cause: bool = False

    def _order(self) -> tuple[bool, str, int, int, str, str, str, str]:
        return (not self.cause, self.file, self.line, self.col, self.field, self.message, self.hint, self.severity)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Problem):
            return NotImplemented
        return self._order() < other._order()

    def text(self) -> str:
        """`file:line:col: field: message (hint)`, the one line an editor reads."""
        where = f"{self.file}:{self.line}:{self.col}: "
        label = f"{self.severity}: " if self.severity != "error" else ""
        field = f"{self.field}: " if self.field else ""
        hint = f" ({self.hint})" if self.hint else ""
        return visible(f"{where}{label}{field}{self.message}{hint}")

    def github(self) -> str:
        """A GitHub Actions workflow command, so the problem shows on the changed line."""
        level = {"warning": "warning", "note": "notice"}.get(self.severity, "error")
        field = f"{self.field}: " if self.field else ""
        hint = f" ({self.hint})" if self.hint else ""
        message = _escape_data(visible(f"{field}{self.message}{hint}"))
        return f"::{level} file={_escape_property(visible(self.file))},line={self.line},col={self.col}::{message}"


def visible(line: str) -> str:
    """`line` with every control character (a newline in a file name, an ESC) and every character
    the policy refuses (a right-to-left override) written as an escape, so that a message stays
    one line, reads in its own order and cannot drive the terminal."""
    return shown(line)


def field_label(loc: tuple) -> str:
    """('checklist', 2, 'stage') -> 'checklist[2].stage'."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


class PlaybookError(Exception):
    """Raised when the data has errors; carries every problem found, sorted by place."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(p.text() for p in self.problems))


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")
