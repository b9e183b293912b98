"""The front page's one-line summaries of the maturity model and the customer journey.

The function picker itself is `start_pages.start_index`: a card per function, linking its start page.
"""

from __future__ import annotations

from ..catalog import Catalog
from ..model import JourneyStage, Stage
from .html import HTML, h, join
from .urls import Links, index_url


def maturity_line(catalog: Catalog, links: Links) -> HTML:
    """'Maturity model: Customer-focused → Customer-centric → Customer-led', each a link, in one line."""
    return _line("The maturity model", links.url(index_url(Stage)), [links.to(Stage, s) for s in catalog.stages], "where your team stands, from its checklist.")


def journey_line(catalog: Catalog, links: Links) -> HTML:
    """The customer journey's stages in order, each a link, in one line."""
    return _line(
        "The customer journey",
        links.url(index_url(JourneyStage)),
        [links.to(JourneyStage, j) for j in catalog.journey],
        "the one journey every function shares.",
    )


def _line(label: str, href: str, steps: list[HTML], what: str) -> HTML:
    arrows = join(*(join(h("span", " → ", aria_hidden="true", class_="pb-arrow") if n else None, step) for n, step in enumerate(steps)))
    return h("p", h("a", label, href=href, class_="pb-line-label"), ": ", arrows, h("span", f" — {what}", class_="pb-kind"), class_="pb-line")
