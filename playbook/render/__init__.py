"""Rendering: the validated catalog in, pages as data out (see page.py). No site engine here.

urls.py         every address on the site, and relative links
html.py         inert HTML from record text; restricted Markdown for rich text
page.py         Page and Section, what an engine adapter receives
fragments.py    pieces shared by pages and macros (checklist, stat, case in brief, ...)
records.py      a renderer per kind, registered in one place: its records' pages and its section's list
indexes.py      the lists of records on the section pages; the review queue
printing.py     printable checklists
client.py       the browser contract: the one payload per page that docs/assets/playbook.js reads
dates.py        dates as readers see them (3 Feb 2022)
journey_map.py, start_pages.py, assessment.py, search.py   the pages and blocks built across kinds
glossary.py     the abbreviations the glossary defines, spelt out in a page's text
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial

from ..catalog import Catalog
from ..model import KINDS, Function, Record
from .html import h, join
from .page import Page, Section
from .printing import print_booklet, print_page
from .records import check_renderers, record_index, record_page, reviewed_line
from .start_pages import start_page
from .urls import PRINT_BOOKLET_URL, Links, index_url, print_url, record_url, start_url

__all__ = ["Page", "PageMaker", "Section", "index_page", "site_page_makers", "site_pages"]

#: Makes one page from a catalog.
PageMaker = Callable[[Catalog], Page]

# Every renderer is registered by now (records.py): a kind without one stops every command here.
check_renderers()


def site_pages(catalog: Catalog, data_date: dt.date, site_name: str, site_url: str = "") -> list[Page]:
    """Every generated page: one per record, each function's printable checklist and start page, the booklet.

    `site_url`, the address the site is served at, is printed on the paper checklists."""
    return [make(catalog) for make in site_page_makers(catalog, data_date, site_name, site_url).values()]


def site_page_makers(catalog: Catalog, data_date: dt.date, site_name: str, site_url: str = "") -> dict[str, PageMaker]:
    """`site_pages` one page at a time: every generated page's address, in site order, and how to
    make it from a catalog with the same records (so that a preview can remake only some)."""
    date = data_date.isoformat()
    functions = sorted(catalog.of(Function))
    makers: dict[str, PageMaker] = {}
    for kind in KINDS:
        if not kind.page_per_record:  # listed on their section's page (records.record_pages)
            continue
        for record_id in sorted(catalog.of(kind)):
            makers[record_url(kind, record_id)] = partial(record_page, kind=kind, record_id=record_id, data_date=data_date)
    for f in functions:
        makers[print_url(f)] = partial(print_page, function_id=f, data_date=date, site_name=site_name, site_url=site_url)
    makers[PRINT_BOOKLET_URL] = partial(print_booklet, data_date=date, site_name=site_name, site_url=site_url)
    for f in functions:
        makers[start_url(f)] = partial(start_page, function_id=f, data_date=data_date)
    return makers


def index_page(catalog: Catalog, kind: type[Record], data_date: dt.date) -> Page:
    """A kind's section page, for a kind whose index page nobody has written by hand: what the
    kind is (its model's docstring), every record, and a review line naming the kind's
    `section_owner` with the latest review of the records listed (the data's date if none)."""
    url = index_url(kind)
    intro = h("p", " ".join((kind.__doc__ or "").split()))
    reviewed = max((record.last_reviewed for record in catalog.of(kind).values()), default=data_date)
    return Page(
        url=url,
        title=kind.section,
        sections=(
            Section(None, join(intro, record_index(catalog, kind, Links(catalog, url)))),
            Section(None, reviewed_line(reviewed, kind.section_owner)),
        ),
        source=f"{kind.folder}/",
    )
