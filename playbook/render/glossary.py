"""Abbreviations the glossary defines, marked up with what they stand for wherever a page uses them.

`spell_out` runs over a page's finished HTML. Only the text between tags changes, and only a
word that is exactly an abbreviation of a glossary term (`NPS`, `tNPS`, `FP&A`): it becomes
`<abbr title="Net Promoter Score">NPS</abbr>`. Tags, attributes, entities and the text of links,
headings, code, form controls and hidden search facts are never touched, and the work is one
pass over the page. The first use of each abbreviation on a page is focusable (a tap on a touch
screen, or Tab) and printed with its expansion (playbook.css shows it), and only it carries the
term (`title=`): later uses are a bare `<abbr>`, so a page holds each term once however often its
abbreviation is used, and the site stays linear in the data.
"""

from __future__ import annotations

import html
import re

from ..catalog import Catalog
from ..model import GlossaryTerm
from .html import text

#: Elements whose text stays exactly as written: links and headings (a name, not prose), a
#: glossary entry's own term (its abbreviations stand next to it), code, form controls, and text
#: that is not shown as prose at all.
_KEEP = frozenset(
    {"a", "abbr", "dt", "code", "pre", "kbd", "samp", "script", "style", "textarea", "select", "option", "button", "svg", "math", "title"}
    | {f"h{n}" for n in range(1, 7)}
)
#: Elements whose text is read as raw text by browsers: their content is skipped whole.
_RAW = ("script", "style", "textarea")
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})

_PIECE = re.compile(r"<!--.*?-->|<[^>]*>", re.S)
_TAG = re.compile(r"<\s*(/?)\s*([A-Za-z][A-Za-z0-9-]*)")
#: Attributes that mark an element whose text is not prose on the page: hidden, or search facts.
_NOT_PROSE = re.compile(r"\s(?:hidden|data-pagefind-meta|data-pagefind-filter|data-pagefind-ignore)(?=[\s=/>])")
#: An entity (kept whole), or a word: letters and digits, possibly joined by '&' (FP&A, R&D).
_WORD = re.compile(r"&#?\w+;|[A-Za-z0-9]+(?:(?:&#38;|&amp;|&)[A-Za-z0-9]+)*")


def abbreviations(catalog: Catalog) -> dict[str, str]:
    """Each abbreviation the glossary defines -> the term it stands for, e.g. 'NPS' -> 'Net Promoter Score'."""
    return {a: term.term for term in catalog.of(GlossaryTerm).values() for a in term.abbreviations}


def spell_out(page_html: str, expansions: dict[str, str]) -> str:
    """`page_html` with every abbreviation in `expansions` marked up in its prose (see the module)."""
    if not expansions or not page_html:
        return page_html
    out: list[str] = []
    stack: list[tuple[str, bool, bool]] = []  # (tag, text kept as is, inside a label)
    seen: set[str] = set()
    pos = 0
    while pos < len(page_html):
        match = _PIECE.search(page_html, pos)
        end = match.start() if match else len(page_html)
        if end > pos:
            chunk = page_html[pos:end]
            keep = bool(stack) and stack[-1][1]
            out.append(chunk if keep else _mark(chunk, expansions, seen, in_label=bool(stack) and stack[-1][2]))
        if match is None:
            break
        piece = match.group()
        out.append(piece)
        pos = match.end()
        tag = _TAG.match(piece)
        if tag is None:
            continue  # a comment, or a stray '<'
        closing, name = tag.group(1) == "/", tag.group(2).lower()
        if closing:
            for i in range(len(stack) - 1, -1, -1):
                if stack[i][0] == name:
                    del stack[i:]
                    break
        elif name in _RAW:
            close = re.compile(rf"</\s*{name}\s*>", re.I).search(page_html, pos)
            stop = close.end() if close else len(page_html)
            out.append(page_html[pos:stop])
            pos = stop
        elif name not in _VOID and not piece.endswith("/>"):
            outer_keep, outer_label = stack[-1][1:] if stack else (False, False)
            keep = outer_keep or name in _KEEP or _NOT_PROSE.search(piece) is not None
            stack.append((name, keep, outer_label or name == "label"))
    return "".join(out)


def _mark(chunk: str, expansions: dict[str, str], seen: set[str], in_label: bool) -> str:
    def replace(word: re.Match[str]) -> str:
        found = word.group()
        if found.startswith("&"):
            return found
        abbreviation = html.unescape(found)
        meaning = expansions.get(abbreviation)
        if meaning is None:
            return found
        if abbreviation in seen:
            return f"<abbr>{found}</abbr>"  # the page spelt it out once: repeating it would copy the term per use
        seen.add(abbreviation)
        title = text(meaning)
        # Inside a label a tap ticks the box, so there the first use is not made focusable.
        focus = "" if in_label else ' tabindex="0"'
        return f'<abbr class="pb-abbr-first" title="{title}"{focus}>{found}</abbr>'

    return _WORD.sub(replace, chunk)
