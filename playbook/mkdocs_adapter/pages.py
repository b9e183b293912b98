"""Core pages as MkDocs pages: their HTML, headings and table of contents, written here.

The core already makes each generated page's HTML, so Python-Markdown has nothing to do for
it: MkDocs gets a source with the page's metadata only, and the hook hands the theme the page's
HTML, its table of contents and its title once MkDocs has "converted" that empty source
(`content`). The headings come out exactly as Python-Markdown's `toc` extension writes them
(ids, their de-duplication, the table of contents), for the Markdown extensions that leave a
heading of escaped text alone (`writes_headings`); with any other configuration the page goes
through Markdown as its headings and a placeholder comment per block of finished HTML (`markdown`,
then `fill`), which is also how macros on hand-written pages hand over their HTML. The blocks
travel on the MkDocs `File` they belong to, under one attribute.
"""

from __future__ import annotations

import html
import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any

from markdown.extensions.toc import nest_toc_tokens, slugify, unique

from ..catalog import Catalog
from ..model import KINDS
from ..render import Page, PageMaker, index_page, site_page_makers
from ..render.glossary import abbreviations
from ..render.html import HTML, text
from ..render.urls import index_url
from .data import DATA_FOLDER, data_date_for

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File

#: The attribute of a MkDocs File that holds its page's blocks of finished HTML.
BLOCKS_ATTRIBUTE = "playbook_blocks"
#: The attribute of a MkDocs File that holds the core Page whose HTML the hook writes.
CORE_PAGE = "playbook_page"

# Record text cannot form this: `<` and `!` are always written as entities.
_PLACEHOLDER = re.compile(r"<!--pb-block:(\d+)-->")


def keep(file: File, block: str) -> str:
    """Keep `block` aside on `file`; the comment that stands for it in the page's Markdown."""
    blocks: list[str] = file.__dict__.setdefault(BLOCKS_ATTRIBUTE, [])
    blocks.append(block)
    return f"<!--pb-block:{len(blocks) - 1}-->"


def fill(html: str, file: File) -> str:
    """The converted page with each placeholder replaced by its block.

    A placeholder with no block (typed by hand into a page in docs/) is left as it is, a comment.
    """
    blocks: list[str] = file.__dict__.get(BLOCKS_ATTRIBUTE) or []
    if not blocks:
        return html
    return _PLACEHOLDER.sub(lambda m: blocks[int(m.group(1))] if int(m.group(1)) < len(blocks) else m.group(0), html)


#: The attributes of a build's MkDocs config that hold what every page of it shares: the data's
#: date and the glossary's abbreviations (set by `makers`, once per build).
_DATA_DATE, _ABBREVIATIONS = "playbook_data_date", "playbook_abbreviations"


def makers(config: MkDocsConfig, catalog: Catalog, in_docs: Callable[[str], bool]) -> dict[str, PageMaker]:
    """Every page the core makes for this site, by address, in the order the build adds them: the
    site's pages (`site_page_makers`) and the section page of each kind that docs/ has none for
    (`in_docs(path)`: does docs/ have the page at this path). Notes on `config` the data's date
    and the glossary's abbreviations, which every page shares (`shared_changes`)."""
    date = config.__dict__[_DATA_DATE] = data_date_for(config, catalog)
    config.__dict__[_ABBREVIATIONS] = abbreviations(catalog)
    # Paper names the address only when the operator set it: mkdocs.yml's default (localhost)
    # is no place a reader of a printed checklist can go.
    printed_url = config.site_url or "" if os.environ.get("PLAYBOOK_SITE_URL") else ""
    out = site_page_makers(catalog, date, config.site_name, printed_url)
    for kind in KINDS:
        if not in_docs(f"{kind.folder}/index.md"):
            out[index_url(kind)] = partial(index_page, kind=kind, data_date=date)
    return out


def abbreviations_for(config: MkDocsConfig) -> dict[str, str]:
    """The glossary's abbreviations for this build's pages (see `makers`)."""
    expansions: dict[str, str] = config.__dict__.get(_ABBREVIATIONS) or {}
    return expansions


def shared_changes(config: MkDocsConfig, catalog: Catalog) -> bool:
    """Whether `catalog` changes what every page of the build shares (see `makers`): then every page changes."""
    return data_date_for(config, catalog) != config.__dict__.get(_DATA_DATE) or abbreviations(catalog) != config.__dict__.get(_ABBREVIATIONS)


def generated_file(config: MkDocsConfig, page: Page) -> File:
    """The MkDocs File of a generated page, its edit link pointing at the data it is made from."""
    from mkdocs.structure.files import File, InclusionLevel

    # Records stay out of the navigation: listed in every page's nav, they made build time and page
    # size grow with the square of their number (a practice page weighed 29 KB with 100 records and
    # 87 KB with 3,000). Each section page lists every record of its kind, and search finds them all.
    file = File.generated(config, source_path(page), content="", inclusion=InclusionLevel.NOT_IN_NAV)
    set_page(config, file, page)
    file.edit_uri = f"{DATA_FOLDER}/{page.source}"
    return file


def set_page(config: MkDocsConfig, file: File, page: Page) -> None:
    """Make `file` the source of `page` (again)."""
    file.__dict__[CORE_PAGE] = page
    if writes_headings(config):
        file.content_string = source(page)
    else:
        file.__dict__.pop(BLOCKS_ATTRIBUTE, None)
        file.content_string = markdown(page, file)


def source_path(page: Page) -> str:
    """The docs path MkDocs gets for a page: 'practices/x/' -> 'practices/x/index.md'."""
    return f"{page.url}index.md"


#: Markdown extensions that leave an ATX heading of escaped text (`text`) as `toc` alone writes it.
_HEADING_NEUTRAL = frozenset({"toc", "tables", "fenced_code", "admonition"})


def writes_headings(config: MkDocsConfig) -> bool:
    """Whether `content` writes headings exactly as Python-Markdown would with this configuration.

    Only for the extensions known to leave headings alone and `toc` with its defaults (no
    permalinks, anchors, other slugs or levels); otherwise pages go through Markdown.
    """
    names = config.markdown_extensions
    if not all(isinstance(name, str) for name in names) or not _HEADING_NEUTRAL.issuperset(names):
        return False
    toc = config.mdx_configs.get("toc") or {}
    return all(key == "permalink" and value is False for key, value in toc.items())


@dataclass
class Content:
    """A page as the theme needs it: its HTML, the ids of its headings, their nested table of
    contents (Python-Markdown's tokens) and its title (the first level-1 heading, if any)."""

    html: str
    title: str | None = None
    toc_tokens: list[dict[str, Any]] = field(default_factory=list)
    anchors: set[str] = field(default_factory=set)


def content(page: Page) -> Content:
    """The page's HTML with its headings as Python-Markdown's `toc` extension writes them."""
    out = Content("")
    parts: list[str] = []
    tokens: list[dict[str, Any]] = []
    counters: dict[str, int] = {}

    def heading(level: int, value: str) -> None:
        inner = text(value)  # entities stay entities in Markdown's output
        anchor = unique(slugify(html.unescape(inner), "-"), out.anchors, counters)
        parts.append(f'<h{level} id="{anchor}">{inner}</h{level}>')
        tokens.append({"level": level, "id": anchor, "name": inner, "html": inner, "data-toc-label": ""})
        if level == 1 and out.title is None:
            out.title = " ".join(inner.split())

    if page.show_title:
        heading(1, page.title)
    for section in page.sections:
        if section.heading:
            heading(section.level, section.heading)
        if section.html:
            parts.append(_block(section.html) + "\n")  # Markdown ends a block of raw HTML with a blank line
    out.html = "\n".join(parts).strip()
    out.toc_tokens = nest_toc_tokens(tokens)
    return out


def _block(fragment: HTML) -> HTML:
    return HTML(f'<div class="pb-block">{fragment}</div>')


def source(page: Page) -> str:
    """What MkDocs reads for a page whose HTML `content` writes: its metadata alone."""
    return front_matter(page) + "\n"


def markdown(page: Page, file: File) -> str:
    """The page's Markdown source, its blocks kept on `file` (for configurations `content` does not cover)."""
    out = [front_matter(page), ""]
    if page.show_title:
        out += [f"# {text(page.title)}", ""]
    for section in page.sections:
        if section.heading:
            out += [f"{'#' * section.level} {text(section.heading)}", ""]
        if section.html:
            out += [keep(file, _block(section.html)), ""]
    return "\n".join(out)


def front_matter(page: Page) -> str:
    """The page's metadata for MkDocs and Material, in a form no text can break.

    Generated pages never run macros. Text (a print page's title) is written as HTML with every
    non-ASCII character as an entity: the themes show it without escaping, and YAML reads plain
    ASCII in JSON's quoting as JSON does (an emoji is written as an entity, never as a JSON
    surrogate pair).
    """
    meta: dict[str, object] = {"render_macros": False}
    if page.layout == "print":
        meta.update(template="pb-print.html", title=_ascii_html(page.title), search={"exclude": True})
    elif page.search_facts:
        meta["search"] = {"in_page": True}  # the theme adds no facts of its own (overrides/main.html)
    lines = [f"{key}: {json.dumps(value)}" for key, value in meta.items()]
    return "\n".join(["---", *lines, "---"])


def _ascii_html(value: str) -> str:
    return "".join(c if ord(c) < 128 else f"&#{ord(c)};" for c in text(value))
