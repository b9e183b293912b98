"""Every address on the site, and relative links between pages.

No other module builds a URL by hand: a page's address is derived here from its kind and id.
Addresses are site-relative and end in a slash ('practices/working-backwards/').
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..model import Function, Record
from .html import HTML, h

if TYPE_CHECKING:
    from ..catalog import Catalog

MAP_URL = "journey-map/"
PRINT_BOOKLET_URL = "print/"
START_INDEX_URL = "start/"
ADOPTION_URL = "adoption/"


def record_url(kind: type[Record], record_id: str) -> str:
    """A record's page, or its entry on its section's page for a kind without a page per record."""
    if not kind.page_per_record:
        return f"{kind.folder}/#{record_anchor(kind, record_id)}"
    return f"{kind.folder}/{record_id}/"


def record_anchor(kind: type[Record], record_id: str) -> str:
    """The id of a record's entry on its section's page (kinds without a page per record)."""
    return f"{kind.kind}-{record_id}"


def index_url(kind: type[Record]) -> str:
    """The page that lists every record of a kind."""
    return f"{kind.folder}/"


def print_url(function_id: str) -> str:
    """A function's printable checklist."""
    return f"print/functions/{function_id}/"


def start_url(function_id: str) -> str:
    """A function's "Start here" page."""
    return f"start/{function_id}/"


def item_anchor(item_id: str) -> str:
    """The id of a checklist item's element on its function's page."""
    return f"item-{item_id}"


class Links:
    """Relative links from the page at `here` (a site-relative URL such as 'practices/x/')."""

    def __init__(self, catalog: Catalog, here: str):
        self.catalog = catalog
        self.base = "../" * here.count("/")

    def url(self, site_url: str) -> str:
        return (self.base + site_url) or "./"

    def record(self, kind: type[Record], record_id: str) -> str:
        return self.url(record_url(kind, record_id))

    def item(self, function_id: str, item_id: str) -> str:
        """A checklist item on its function's page."""
        return f"{self.record(Function, function_id)}#{item_anchor(item_id)}"

    def function_on_map(self, function_id: str) -> str:
        """The journey map with one function's row highlighted (and scrolled to, even without JavaScript)."""
        return f"{self.url(MAP_URL)}?function={function_id}#row-{function_id}"

    def journey_stage_on_map(self, journey_stage_id: str) -> str:
        """The journey map with one journey stage's column highlighted."""
        return f"{self.url(MAP_URL)}?journey={journey_stage_id}#col-{journey_stage_id}"

    def to(self, kind: type[Record], record_id: str, label: object | None = None, **attrs: object) -> HTML:
        record = self.catalog.get(kind, record_id)
        return h("a", label if label is not None else record.display_title, href=self.record(kind, record_id), **attrs)

    def many(self, kind: type[Record], ids: Iterable[str]) -> HTML:
        return h("ul", *(h("li", self.to(kind, record_id)) for record_id in ids))
