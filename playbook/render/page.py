"""Pages as data: what the core hands to a site engine.

A page is its address, its title, a few facts about it and its sections of finished HTML.
Nothing here knows about MkDocs: an adapter turns a Page into whatever its engine reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .html import HTML


@dataclass(frozen=True)
class Section:
    """A heading (plain text, or None for none) and its block of finished HTML."""

    heading: str | None
    html: HTML | None = None
    level: int = 2


@dataclass(frozen=True)
class Page:
    """A generated page.

    `url` is site-relative ('practices/x/'); `source` is the data file or folder it is made
    from, relative to the project (for "edit this page"); `search_facts` says its sections carry what search
    should know of it (render/search.py); `layout` is 'print' for a printable sheet, which search skips.
    """

    url: str
    title: str
    sections: tuple[Section, ...]
    source: str
    search_facts: bool = False
    layout: Literal["page", "print"] = "page"
    show_title: bool = True
