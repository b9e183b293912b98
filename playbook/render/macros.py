"""The macros that hand-written pages in docs/ may call, described once.

Each takes ids (or a folder name) as arguments and returns HTML in which record text is inert.
The site engine's adapter registers every one of them; `validate` checks every call in docs/
against the same table, so the two can never disagree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from ..catalog import Catalog
from ..model import KIND_BY_FOLDER, CaseStudy, Function, Record, Stat
from . import adoption, assessment, client, fragments, home, indexes, journey_map, records, start_pages
from .html import HTML, join
from .urls import Links

#: An argument: its name, and what it names: the id of a record of a kind, or "folder".
Param = tuple[str, type[Record] | str]


@dataclass(frozen=True)
class Context:
    """What a macro may use: the catalog, links from the calling page, and the data's date."""

    catalog: Catalog
    links: Links
    data_date: dt.date


@dataclass(frozen=True)
class Macro:
    name: str
    doc: str
    params: tuple[Param, ...]
    render: Callable[..., HTML]  # (Context, *arguments) -> HTML

    @property
    def usage(self) -> str:
        return f"{self.name}({', '.join(p for p, _ in self.params)})"


MACROS: dict[str, Macro] = {
    m.name: m
    for m in [
        Macro(
            "index",
            "Every record of one kind, e.g. {{ index('practices') }}.",
            (("folder", "folder"),),
            lambda c, folder: records.record_index(c.catalog, KIND_BY_FOLDER[folder], c.links),
        ),
        Macro(
            "checklist",
            "A function's adoption checklist, e.g. {{ checklist('sales') }}.",
            (("function_id", Function),),
            lambda c, record_id: join(fragments.checklist(c.catalog, record_id, c.links), client.element(client.payload(c.catalog, [record_id]))),
        ),
        Macro(
            "stat",
            "A figure with its claim and source, e.g. {{ stat('superior-cx-revenue-5-7x') }}.",
            (("stat_id", Stat),),
            lambda c, record_id: fragments.stat_figure(c.catalog, record_id, c.links),
        ),
        Macro(
            "case_card",
            "A case study in brief, e.g. {{ case_card('amazon') }}.",
            (("case_id", CaseStudy),),
            lambda c, record_id: fragments.case_brief(c.catalog, record_id, c.links),
        ),
        Macro(
            "practices_for",
            "Every practice that applies to a function, e.g. {{ practices_for('sales') }}.",
            (("function_id", Function),),
            lambda c, record_id: fragments.practices_for(c.catalog, record_id, c.links),
        ),
        Macro(
            "review_queue",
            "Records whose review is overdue, by owner, as of the date of the data.",
            (),
            lambda c: indexes.review_queue(c.catalog, c.data_date, c.links),
        ),
        Macro(
            "journey_map_table", "Functions down the side, customer-journey stages across the top.", (), lambda c: journey_map.journey_map(c.catalog, c.links)
        ),
        Macro(
            "start_links",
            'Every function as a card (its name and one line) linking its "Start here" page.',
            (),
            lambda c: start_pages.start_index(c.catalog, c.links),
        ),
        Macro("maturity_line", "The maturity model's stages in one line.", (), lambda c: home.maturity_line(c.catalog, c.links)),
        Macro("journey_line", "The customer journey's stages in one line.", (), lambda c: home.journey_line(c.catalog, c.links)),
        Macro(
            "maturity_overview",
            "Each function's self-assessed stage, from the ticks stored in the reader's browser.",
            (),
            lambda c: assessment.overview(c.catalog, c.links),
        ),
        Macro(
            "adoption_overview",
            "Every team's stage, teams by function and stage, and items done per month, from the team records.",
            (),
            lambda c: adoption.adoption(c.catalog, c.links),
        ),
    ]
}


#: The numbers pages may show as `{{ counts.<name> }}`: how many records of each kind, by folder
#: name with '_' for '-' (counts.case_studies).
COUNTS: dict[str, type[Record]] = {kind.folder.replace("-", "_"): kind for kind in KIND_BY_FOLDER.values()}


def argument_problem(catalog: Catalog, param: Param, value: str) -> str | None:
    """What is wrong with `value` for `param` (an unknown id or folder), or None."""
    _name, what = param
    if what == "folder":
        return None if value in KIND_BY_FOLDER else f"unknown folder '{value}' (use one of: {', '.join(KIND_BY_FOLDER)})"
    assert not isinstance(what, str)
    if value in catalog.of(what):
        return None
    return f"unknown {what.kind} '{value}' (use one of: {', '.join(sorted(catalog.of(what))) or 'none yet'})"
