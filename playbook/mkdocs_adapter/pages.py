"""Core pages as MkDocs page sources, and the finished HTML put back after Markdown.

MkDocs gets each page as Markdown that holds only its headings and a placeholder comment for
each block of finished HTML; the hook puts the blocks back once Markdown has been converted
(`fill`). Python-Markdown would otherwise re-parse every block with its pure-Python HTML
parser: that was a third of the build. Macros on hand-written pages hand over their HTML the
same way. The blocks travel on the MkDocs `File` they belong to, under one attribute.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

import yaml

from ..render import Page
from ..render.html import HTML, text

if TYPE_CHECKING:
    from mkdocs.structure.files import File

#: The attribute of a MkDocs File that holds its page's blocks of finished HTML.
BLOCKS_ATTRIBUTE = "playbook_blocks"

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


def source_path(page: Page) -> str:
    """The docs path MkDocs gets for a page: 'practices/x/' -> 'practices/x/index.md'."""
    return f"{page.url}index.md"


def markdown(page: Page, file: File) -> str:
    """The page's Markdown source, its blocks kept on `file`."""
    out = [front_matter(page), ""]
    if page.show_title:
        out += [f"# {text(page.title)}", ""]
    for section in page.sections:
        if section.heading:
            out += [f"{'#' * section.level} {text(section.heading)}", ""]
        if section.html:
            out += [keep(file, HTML(f'<div class="pb-block">{section.html}</div>')), ""]
    return "\n".join(out)


def front_matter(page: Page) -> str:
    """The page's metadata for MkDocs and Material, in a form no text can break.

    Generated pages never run macros. Text (a print page's title) is written as HTML with every
    non-ASCII character as an entity: the themes show it without escaping, and YAML cannot
    misread plain ASCII in JSON's quoting (an emoji written as a JSON surrogate pair, say).
    """
    meta: dict[str, object] = {"render_macros": False}
    if page.layout == "print":
        meta.update(template="pb-print.html", title=_ascii_html(page.title), search={"exclude": True})
    elif page.search_facts:
        meta["search"] = {"in_page": True}  # the theme adds no facts of its own (overrides/main.html)
    lines = [f"{key}: {json.dumps(value)}" for key, value in meta.items()]
    source = "\n".join(["---", *lines, "---"])
    if yaml.safe_load("\n".join(lines)) != meta:  # pragma: no cover - a guard: metadata must read back as written
        raise ValueError(f"generated front matter of {page.url} does not read back as written")
    return source


def _ascii_html(value: str) -> str:
    return "".join(c if ord(c) < 128 else f"&#{ord(c)};" for c in text(value))
