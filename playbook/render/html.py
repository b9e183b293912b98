"""Turning playbook text into HTML that stays inert.

MkDocs gets placeholders for this HTML and the hook puts it in after Markdown conversion,
but it is written to stay inert even if Markdown or Jinja did see it (a plain static export
of the site does): plain text has every character that HTML or Markdown could act on as a
numeric entity, so no tag, no link, no `{attribute}` list and no `{{ template }}` can form
from it, and browsers show it as typed.
Rich text goes through a restricted Markdown (no HTML, no images), the nh3 allow-list
sanitiser, and then the same escaping of its text and attribute values.
"""

from __future__ import annotations

from functools import lru_cache
from html.parser import HTMLParser

import markdown
import nh3

_ENTITIES = str.maketrans({c: f"&#{ord(c)};" for c in "&<>\"'\\`*_{}[]()#!|~^="})


class HTML(str):
    """A string that is already safe HTML (made by this module, never by data)."""


def text(value: object) -> HTML:
    """Plain text as inert HTML."""
    return HTML(str(value).translate(_ENTITIES))


def h(tag: str, *children: object, **attrs: object) -> HTML:
    """An element. Children that are not HTML are escaped as text; attribute values always are.

    Attribute names come from code (`class_` for class, `data_x` for data-x); values of
    None or False leave the attribute out, True writes it bare.
    """
    parts = [tag]
    for name, value in attrs.items():
        if value is None or value is False:
            continue
        name = name.rstrip("_").replace("_", "-")
        parts.append(name if value is True else f'{name}="{text(value)}"')
    inner = "".join(c if isinstance(c, HTML) else text(c) for c in children if c is not None)
    if tag in _VOID:
        return HTML(f"<{' '.join(parts)}>")
    return HTML(f"<{' '.join(parts)}>{inner}</{tag}>")


def join(*parts: object) -> HTML:
    """Concatenate HTML pieces, escaping any plain string among them."""
    return HTML("".join(p if isinstance(p, HTML) else text(p) for p in parts if p is not None))


_VOID = {"br", "hr", "input", "img", "meta", "link"}

RICH_TAGS = {"p", "ul", "ol", "li", "strong", "em", "code", "a", "br", "blockquote"}
LINK_SCHEMES = ("http://", "https://", "mailto:")


def _restricted_markdown() -> markdown.Markdown:
    md = markdown.Markdown(extensions=["sane_lists"], output_format="html")
    md.preprocessors.deregister("html_block")
    for name in ("html", "image_link", "image_reference", "short_image_ref", "autolink", "automail"):
        md.inlinePatterns.deregister(name)
    return md


_md = _restricted_markdown()


@lru_cache(maxsize=20_000)  # `mkdocs serve` rebuilds every page after each save; most texts are unchanged
def rich(source: str) -> HTML:
    """Restricted Markdown as sanitised, inert HTML on one line."""
    _md.reset()
    raw = _md.convert(source)
    clean = nh3.clean(raw, tags=RICH_TAGS, attributes={"a": {"href"}}, url_schemes={"http", "https", "mailto"}, link_rel=None, strip_comments=True)
    writer = _Reserialiser()
    writer.feed(clean)
    writer.close()
    return HTML("".join(writer.out))


class _Reserialiser(HTMLParser):
    """Writes sanitised HTML back out with inert text, on one line."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.open_links: list[bool] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in RICH_TAGS:
            return
        if tag == "a":
            href = dict(attrs).get("href") or ""
            keep = href.startswith(LINK_SCHEMES)  # relative and scheme-relative links are dropped
            self.open_links.append(keep)
            if keep:
                self.out.append(f'<a href="{text(href)}" rel="noopener noreferrer">')
            return
        self.out.append(f"<{tag}>")

    def handle_endtag(self, tag: str) -> None:
        if tag not in RICH_TAGS or tag in _VOID:
            return
        if tag == "a":
            if self.open_links and self.open_links.pop():
                self.out.append("</a>")
            return
        self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        self.out.append(text(" ".join(data.split("\n"))) if data.strip() else (" " if data else ""))
