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

from ..catalog import Catalog
from ..model import Function, Record
from .html import h, join
from .page import Page, Section
from .printing import print_booklet, print_page
from .records import check_renderers, record_index, record_pages, reviewed_line
from .start_pages import start_page
from .urls import Links, index_url

__all__ = ["Page", "Section", "index_page", "site_pages"]

# Every renderer is registered by now (records.py): a kind without one stops every command here.
check_renderers()


def site_pages(catalog: Catalog, data_date: dt.date, site_name: str, site_url: str = "") -> list[Page]:
    """Every generated page: one per record, each function's printable checklist and start page, the booklet.

    `site_url`, the address the site is served at, is printed on the paper checklists."""
    functions = sorted(catalog.of(Function))
    return [
        *record_pages(catalog, data_date),
        *(print_page(catalog, f, data_date.isoformat(), site_name, site_url) for f in functions),
        print_booklet(catalog, data_date.isoformat(), site_name, site_url),
        *(start_page(catalog, f, data_date) for f in functions),
    ]


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
