"""Hand-written pages are Markdown text, never markup: no raw HTML, no link that runs code.

Two views of the same rule. `source_problems` reads a page's Markdown and names, at its line and
column, each piece of raw HTML (a tag, a closing tag, a declaration) and each link or image whose
address is not a page of the site, http(s) or mailto: once the entities and the blanks a browser
ignores are taken out (`&#106;avascript:`, `java&#09;script:`). Code spans on one line are text
and are skipped; plain HTML comments, and `<https://...>` and `<name@host>` autolinks, are
inert and allowed. `active_html` reads the HTML that Markdown made of a page and names whatever
plain Markdown does not make (an element, an attribute, an address): `validate` runs it on each
page that the first view passed, and the build runs it on each page it is about to publish, so
what slips past one reading of Markdown is still never published.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from html.parser import HTMLParser

import markdown

from .templates import short

#: The schemes a page's links and images may use; an address without a scheme is a page of this site.
LINK_SCHEMES = frozenset({"http", "https", "mailto"})

#: What Markdown makes of text (with the site's extensions: tables, admonitions, headings' ids).
ALLOWED_TAGS = frozenset(
    {"a", "abbr", "blockquote", "br", "code", "dd", "del", "div", "dl", "dt", "em", "hr", "img", "ins", "li", "ol", "p", "pre"}
    | {"span", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul", "h1", "h2", "h3", "h4", "h5", "h6"}
)
_ANY_TAG = frozenset({"id", "class", "title"})
ALLOWED_ATTRIBUTES = {"a": {"href"}, "img": {"src", "alt"}, "ol": {"start"}, "th": {"style", "align"}, "td": {"style", "align"}}
_TABLE_ALIGN = re.compile(r"text-align: (?:left|right|center);?")

#: The extensions `validate` converts a page with: those of the site's mkdocs.yml.
MARKDOWN_EXTENSIONS = ("toc", "admonition", "tables")

HTML_HINT = "a page is Markdown: write **bold**, [text](address) and lists in Markdown, put markup in `backticks` to show it as code, or write &lt; for '<'"
_LINK_HINT = "link to a page of this site, an https:// or http:// address, or mailto:; other addresses (javascript:, data:, vbscript:, file:) can run code"
_ATTRIBUTE_HINT = "remove the attribute list: a page's elements take no attributes of their own"

_TAG_START = re.compile(r"<(?=[A-Za-z/!?])")
_AUTOLINK = re.compile(r"<(?:https?://[^<>\s]*|[^<>\s@!]+@[^<>\s@]+)>")
_COMMENT = re.compile(r"<!--((?:(?!--)[^<>])*)-->")
_CODE_SPAN = re.compile(r"(?<![`\\])(`+)(?!`)(.+?)(?<!`)\1(?!`)")
_LINK_TARGET = re.compile(r"\]\(|^[ ]{0,3}\[[^\]\n]+\]:", re.MULTILINE)
_ATTRIBUTE_LIST = re.compile(r"\{:?[^}\n]*?\b(?:on[a-z]+|href|src|srcdoc|style|formaction)\s*=[^}\n]*\}", re.IGNORECASE)
_BLANKS = re.compile(r"[\x00-\x20\x7f\\]+")
_SCHEME = re.compile(r"([a-z][a-z0-9+.\-]*):")


def scheme(address: str) -> str | None:
    """The scheme a browser reads at the start of `address` (entities decoded, blanks and
    backslashes it ignores taken out, lowercase), or None for an address of this site."""
    found = _SCHEME.match(_BLANKS.sub("", html.unescape(address)).lower().lstrip("<"))
    return found.group(1) if found else None


def source_problems(text: str, start: int = 0, first_line: int = 1) -> Iterator[tuple[int, int, str, str]]:
    """(line, col, message, hint) for each raw HTML piece, active link and attribute list in
    `text` from `start` on (`text` begins at line `first_line` of the file)."""
    masked = text[:start] + _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), text[start:])  # code is shown as text

    def where(at: int) -> tuple[int, int]:
        return text.count("\n", 0, at) + first_line, at - (text.rfind("\n", 0, at) + 1) + 1

    at = start
    while (tag := _TAG_START.search(masked, at)) is not None:
        at = tag.start()
        inert = _AUTOLINK.match(masked, at) or _COMMENT.match(masked, at)
        if inert is not None and scheme(inert.group(0)[1:]) in (None, *LINK_SCHEMES):
            at = inert.end()
            continue
        end = masked.find(">", at, at + 200)
        piece = text[at : end + 1 if end != -1 else at + 40].split("\n")[0]
        yield *where(at), f"'{short(piece, 40)}' is HTML, which a page may not hold", HTML_HINT
        at += 1
    for link in _LINK_TARGET.finditer(masked, start):
        window = text[link.end() : link.end() + 200]
        found = scheme(window)
        if found is not None and found not in LINK_SCHEMES:
            yield *where(link.end()), f"a link to a {short(found, 20)}: address, which a page may not hold", _LINK_HINT
    for attributes in _ATTRIBUTE_LIST.finditer(masked, start):
        yield *where(attributes.start()), f"'{short(attributes.group(0), 40)}' sets an attribute, which a page may not", _ATTRIBUTE_HINT


def converted_problems(text: str) -> list[str]:
    """What the HTML that Markdown makes of `text` holds that plain Markdown does not make (see `active_html`)."""
    return active_html(markdown.markdown(text, extensions=list(MARKDOWN_EXTENSIONS)))


def active_html(page_html: str) -> list[str]:
    """Each element, attribute, address or declaration in `page_html` that Markdown does not make
    of text, described for a message ('a <script> element'), in the order found."""
    checker = _Checker()
    checker.feed(page_html)
    checker.close()
    return checker.found


class _Checker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_TAGS:
            self.found.append(f"a <{tag}> element")
            return
        for name, value in attrs:
            if name not in _ANY_TAG and name not in ALLOWED_ATTRIBUTES.get(tag, ()):
                self.found.append(f"{'an' if name[:1] in 'aeiou' else 'a'} {name} attribute on <{tag}>")
            elif name == "style" and not _TABLE_ALIGN.fullmatch(value or ""):
                self.found.append(f"a style attribute on <{tag}>")
            elif name in ("href", "src") and scheme(value or "") not in (None, *LINK_SCHEMES):
                self.found.append(f"a link to a {scheme(value or '')}: address")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_comment(self, data: str) -> None:
        if "--" in data or "<" in data or ">" in data:  # browsers and parsers disagree on where it ends
            self.found.append("an HTML comment that holds markup")

    def handle_decl(self, decl: str) -> None:
        self.found.append("a markup declaration")

    def handle_pi(self, data: str) -> None:
        self.found.append("a processing instruction")

    def unknown_decl(self, data: str) -> None:
        self.found.append("a markup declaration")
