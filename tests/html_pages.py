"""Reading built pages the way a browser would: elements, attributes, links and visible text."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit


@dataclass
class Page:
    path: Path
    links: list[str] = field(default_factory=list)
    assets: list[str] = field(default_factory=list)
    scripts: list[str] = field(default_factory=list)
    attributes: list[tuple[str, str, str]] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    text: str = ""


class _Reader(HTMLParser):
    def __init__(self, page: Page):
        super().__init__(convert_charrefs=True)
        self.page, self.in_script, self.chunks = page, False, []
        self.skip = 0
        self.hidden: list[str] = []  # open elements with the `hidden` attribute: their text is not shown

    def handle_starttag(self, tag, attrs):
        if tag in BLOCKS:
            self.chunks.append(" ")
        for name, value in attrs:
            self.page.attributes.append((tag, name, value or ""))
            if name == "id":
                self.page.ids.add(value or "")
        a = dict(attrs)
        if tag == "a" and a.get("href") is not None:
            self.page.links.append(a["href"])
        if tag in ("script", "img", "iframe") and a.get("src"):
            self.page.assets.append(a["src"])
        if tag == "link" and a.get("href"):
            self.page.assets.append(a["href"])
        if tag == "script":
            self.in_script = True
        if tag in ("style", "title") or (tag == "svg"):
            self.skip += 1
        if (self.hidden or "hidden" in a) and tag not in ("input", "br", "img", "meta", "link", "hr"):
            self.hidden.append(tag)

    def handle_endtag(self, tag):
        if tag in BLOCKS:
            self.chunks.append(" ")
        if tag == "script":
            self.in_script = False
        if tag in ("style", "title", "svg") and self.skip:
            self.skip -= 1
        if self.hidden and self.hidden[-1] == tag:
            self.hidden.pop()

    def handle_data(self, data):
        if self.in_script:
            self.page.scripts.append(data)
        elif not self.skip and not self.hidden:
            self.chunks.append(data)


BLOCKS = {
    "p",
    "li",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "dt",
    "dd",
    "td",
    "th",
    "tr",
    "section",
    "ul",
    "ol",
    "table",
    "figure",
    "figcaption",
    "blockquote",
    "nav",
    "header",
    "footer",
    "label",
    "br",
    "article",
    "main",
}


def read(path: Path) -> Page:
    page = Page(path)
    reader = _Reader(page)
    reader.feed(path.read_text(encoding="utf-8"))
    page.text = " ".join("".join(reader.chunks).split())
    return page


def pages(site: Path) -> list[Page]:
    return [read(p) for p in sorted(site.rglob("*.html"))]


def broken_links(site: Path, only: list[Page] | None = None) -> list[str]:
    """Links between built pages that lead nowhere, or to a page without the anchor they name.

    A query string (the journey map's ?function=sales) is for the page's script, not the server.
    """
    by_path = {p.path: p for p in pages(site)}
    broken = []
    for page in only if only is not None else by_path.values():
        base = "/" + page.path.relative_to(site).as_posix()
        for href in page.links:
            if urlsplit(href).scheme or href.startswith("//"):
                continue
            url, anchor = urldefrag(urljoin(base, href))
            url = url.split("?")[0]
            target = site / url.lstrip("/")
            if target.is_dir() or url.endswith("/"):
                target = target / "index.html"
            if not target.is_file():
                broken.append(f"{base} -> {href}")
            elif anchor and anchor not in by_path[target].ids:
                broken.append(f"{base} -> {href} (no #{anchor})")
    return broken
