"""The one character policy: which characters the playbook refuses, wherever text comes in.

Text reaches the site from three places: the records in playbook_data/ (read by `validate`),
the operator's settings in the environment (checked before a build), and what the browser
writes into a team record (a team's name and owner, typed on a function page). All three
refuse the same characters, because each of them ends up in the same pages:

- control characters, C0 and C1 (U+0085 "next line" among them) and DEL: a terminal acts on
  them, XML refuses most of them (sitemap.xml), YAML reads some as line breaks;
- the line and paragraph separators U+2028 and U+2029: line breaks that editors cannot see;
- bidirectional controls (embeddings, overrides, isolates and the invisible marks): they
  reorder how the text around them is shown, on every page that shows it;
- invisible characters that make two texts look the same while they differ (zero-width
  space, word joiner, soft hyphen, Hangul fillers, tag characters, ...);
- characters no reader's device can show: lone surrogates, non-characters, private use.

The zero-width joiner is allowed only where it joins two emoji (a family, a rainbow flag),
and the zero-width non-joiner only between letters of the scripts that need it (Persian,
Indic scripts). Every other character is allowed; ids are further limited to a-z, 0-9 and
hyphens by the model.

Three contexts differ only in line breaks and tabs: a whole file (line endings and tabs are
YAML's business), a value of a record (a tab or a line break may shape rich text; a carriage
return may not), and one line (a setting, a name typed in the browser: no tab, no line break).

`REFUSED_IN_LINE` and `REFUSED_IN_TEXT` are regular expressions written so that Python's `re`
and JavaScript's `new RegExp(source, "u")` read them alike: the browser gets the same policy
from the page's payload, and `cases()` is the table both languages are tested against.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: (first, last code point, what it is, why it is refused). Checked in order: the first range
#: that holds a character names it.
REFUSED: tuple[tuple[int, int, str, str], ...] = (
    (0x00, 0x08, "a control character", "control"),
    (0x0B, 0x0C, "a control character", "control"),
    (0x0E, 0x1F, "a control character", "control"),
    (0x7F, 0x84, "a control character", "control"),
    (0x85, 0x85, "a next-line character", "line break"),
    (0x86, 0x9F, "a control character", "control"),
    (0xAD, 0xAD, "a soft hyphen", "invisible"),
    (0x034F, 0x034F, "a combining grapheme joiner", "invisible"),
    (0x061C, 0x061C, "an Arabic letter mark", "bidi"),
    (0x115F, 0x1160, "a Hangul filler", "invisible"),
    (0x17B4, 0x17B5, "an invisible Khmer vowel", "invisible"),
    (0x180B, 0x180F, "a Mongolian format character", "invisible"),
    (0x200B, 0x200B, "a zero-width space", "invisible"),
    (0x200E, 0x200F, "a left-to-right or right-to-left mark", "bidi"),
    (0x2028, 0x2028, "a line separator", "line break"),
    (0x2029, 0x2029, "a paragraph separator", "line break"),
    (0x202A, 0x202E, "a bidirectional embedding or override", "bidi"),
    (0x2060, 0x2064, "a word joiner or invisible operator", "invisible"),
    (0x2066, 0x2069, "a bidirectional isolate", "bidi"),
    (0x206A, 0x206F, "a deprecated format character", "invisible"),
    (0x2800, 0x2800, "a blank Braille pattern", "invisible"),
    (0x3164, 0x3164, "a Hangul filler", "invisible"),
    (0xD800, 0xDFFF, "a lone surrogate", "unshowable"),
    (0xE000, 0xF8FF, "a private-use character", "unshowable"),
    (0xFDD0, 0xFDEF, "a non-character", "unshowable"),
    (0xFEFF, 0xFEFF, "a zero-width no-break space", "invisible"),
    (0xFFA0, 0xFFA0, "a Hangul filler", "invisible"),
    (0xFFF9, 0xFFFB, "an interlinear annotation character", "invisible"),
    (0xFFFE, 0xFFFF, "a non-character", "unshowable"),
    (0x1BCA0, 0x1BCA3, "a shorthand format control", "invisible"),
    (0x1D173, 0x1D17A, "a musical format control", "invisible"),
    (0xE0000, 0xE007F, "a tag character", "invisible"),
    (0xF0000, 0x10FFFF, "a private-use character", "unshowable"),
    *((plane + 0xFFFE, plane + 0xFFFF, "a non-character", "unshowable") for plane in range(0x10000, 0xF0000, 0x10000)),
)

ZWNJ, ZWJ = 0x200C, 0x200D

#: Where a zero-width joiner may stand: between two of these (emoji and the symbols that emoji
#: sequences use), optionally after the emoji presentation selector U+FE0F.
PICTOGRAPHS: tuple[tuple[int, int], ...] = (
    (0x00A9, 0x00A9),
    (0x00AE, 0x00AE),
    (0x203C, 0x203C),
    (0x2049, 0x2049),
    (0x2122, 0x2122),
    (0x2139, 0x2139),
    (0x2194, 0x21AA),
    (0x231A, 0x23FF),
    (0x24C2, 0x24C2),
    (0x25AA, 0x27BF),
    (0x2934, 0x2935),
    (0x2B05, 0x2B55),
    (0x3030, 0x3030),
    (0x303D, 0x303D),
    (0x3297, 0x3299),
    (0x1F000, 0x1FAFF),
)

#: Where a zero-width non-joiner may stand: between two letters of the scripts that write with it.
JOINING_SCRIPTS: tuple[tuple[int, int], ...] = (
    (0x0600, 0x06FF),  # Arabic, Persian
    (0x0700, 0x074F),  # Syriac
    (0x0750, 0x077F),  # Arabic supplement
    (0x08A0, 0x08FF),  # Arabic extended
    (0x0900, 0x0DFF),  # Devanagari to Sinhala
    (0xFB50, 0xFDFF),  # Arabic presentation forms A
    (0xFE70, 0xFEFC),  # Arabic presentation forms B
)

#: Why each kind of character is refused, as the hint of a message.
HINTS = {
    "control": "delete it: it is invisible in most editors",
    "line break": "use an ordinary line break",
    "bidi": "delete it: it is invisible and changes the order in which the text around it is shown",
    "invisible": "delete it: it is invisible, so two texts that look the same would differ",
    "unshowable": "delete it: no reader's device can show it",
    "joiner": "delete it: a zero-width joiner belongs only between two emoji",
    "non-joiner": "delete it: a zero-width non-joiner belongs only between letters of scripts such as Persian",
    "layout": "delete it: a name or a setting is one line",
}

#: Names of the characters a message names one by one; others are named by their range.
_NAMES = {
    0x00: "a NUL character",
    0x07: "a bell character",
    0x08: "a backspace",
    0x09: "a tab",
    0x0A: "a line break",
    0x0B: "a vertical tab",
    0x0C: "a form feed",
    0x0D: "a carriage return",
    0x1B: "an escape character",
    0x7F: "a delete character",
    0xA0: "a non-breaking space",
    0x200C: "a zero-width non-joiner",
    0x200D: "a zero-width joiner",
    0x202E: "a right-to-left override",
    0x202D: "a left-to-right override",
}


def _escape(code: int) -> str:
    """A code point as both languages read it in a pattern: \\uXXXX in the BMP, the character itself beyond
    (Python's \\U and JavaScript's \\u{} differ; a literal character is one code point to both with the u flag)."""
    return f"\\u{code:04X}" if code <= 0xFFFF else chr(code)


def _class(ranges: tuple[tuple[int, int], ...] | list[tuple[int, int]]) -> str:
    return "[" + "".join(_escape(a) if a == b else f"{_escape(a)}-{_escape(b)}" for a, b in ranges) + "]"


def _pattern(extra: tuple[int, ...]) -> str:
    refused = sorted([(a, b) for a, b, _, _ in REFUSED] + [(c, c) for c in extra])
    pict = _class([*PICTOGRAPHS, (0xFE0F, 0xFE0F)])
    scripts = _class(JOINING_SCRIPTS)
    return f"{_class(refused)}|(?<!{pict})\\u200D|\\u200D(?!{_class(PICTOGRAPHS)})|(?<!{scripts})\\u200C|\\u200C(?!{scripts})"


#: A character refused anywhere in a record's file (tabs and line endings are the file's own).
REFUSED_IN_FILE = _pattern(())
#: A character refused in a value of a record: as in a file, and a carriage return.
REFUSED_IN_TEXT = _pattern((0x0D,))
#: A character refused in one line: a setting, a name or owner typed in the browser.
REFUSED_IN_LINE = _pattern((0x09, 0x0A, 0x0D))

_COMPILED = {name: re.compile(source) for name, source in (("file", REFUSED_IN_FILE), ("text", REFUSED_IN_TEXT), ("line", REFUSED_IN_LINE))}


@dataclass(frozen=True)
class Refusal:
    """The first refused character of a text: where (0-based index), which, and how to say it."""

    index: int
    char: str
    name: str
    hint: str

    @property
    def described(self) -> str:
        """e.g. 'a right-to-left override (U+202E)'."""
        return f"{self.name} (U+{ord(self.char):04X})"


def first_refused(text: str, context: str = "text") -> Refusal | None:
    """The first character of `text` that the policy refuses in `context` ('file', 'text' or 'line'), or None."""
    found = _COMPILED[context].search(text)
    if found is None:
        return None
    at = found.start()
    char = text[at]
    kind = kind_of(char)
    return Refusal(at, char, character_name(char), HINTS["layout" if context == "line" and kind == "line break" else kind])


def kind_of(char: str) -> str:
    """Why `char` is refused: a key of HINTS."""
    code = ord(char)
    if code == ZWJ:
        return "joiner"
    if code == ZWNJ:
        return "non-joiner"
    if code in (0x09, 0x0A, 0x0D):
        return "layout"
    for first, last, _, kind in REFUSED:
        if first <= code <= last:
            return kind
    return "control"


def character_name(char: str) -> str:
    """How a message names a character the policy refuses, e.g. 'a form feed (U+000C)' without the code."""
    code = ord(char)
    if code in _NAMES:
        return _NAMES[code]
    for first, last, name, _ in REFUSED:
        if first <= code <= last:
            return name
    return "a control character"


def described(char: str) -> str:
    """A character as a message names it, e.g. 'a form feed (U+000C)'."""
    return f"{character_name(char)} (U+{ord(char):04X})"


def shown(text: str) -> str:
    """`text` safe to print on one line: every refused or unprintable character written as an escape."""
    line = _COMPILED["line"]
    if text.isprintable() and line.search(text) is None:
        return text
    return "".join(_escaped(c) if (c not in "\u200c\u200d" and not c.isprintable()) or line.match(text, i) else c for i, c in enumerate(text))


def _escaped(char: str) -> str:
    return char.encode("unicode_escape").decode("ascii")


def cases() -> list[tuple[str, int | None]]:
    """(text, index of its first character refused in one line, or None): the table that both
    this module and the browser's copy of the pattern are tested against. Indexes count code
    points (in JavaScript, positions in `Array.from(text)`)."""
    sample: list[tuple[str, int | None]] = []
    for first, last, _, _ in REFUSED:
        for code in sorted({first, last}):
            sample.append((f"Sales{chr(code)}", 5))
            sample.append((f"{chr(code)}Sales", 0))
    sample += [
        ("Sales\tteam", 5),
        ("Sales\nteam", 5),
        ("Sales\rteam", 5),
        ("Ventes – équipe", None),
        ("販売チーム", None),
        ("مبيعات", None),
        ("Sales 🚀", None),
        ("Team 👩\u200d💻", None),  # woman technologist: a joiner between two emoji
        ("Pride 🏳\ufe0f\u200d🌈", None),  # rainbow flag: emoji, presentation selector, joiner, emoji
        ("Sa\u200dles", 2),
        ("Sales\u200d", 5),
        ("\u200d🚀", 0),
        ("🚀\u200d", 1),
        ("می\u200cخواهم", None),  # Persian: a non-joiner between two letters
        ("Sa\u200cles", 2),
        ("Sales\u00a0team", None),  # a non-breaking space is visible as a space
        ("Stage {{ 7*7 }}", None),
    ]
    return sample
