"""One page per record, and each kind's list on its section page: a kind's renderer, registered
in one place with `@renders(Kind, ...)`.

A renderer returns the record's sections; `record_page` adds what every record page has
(the overdue notice, the review line) and the page's facts for the site engine. A kind in
model.KINDS without a renderer is refused when the render package is imported, before anything is built.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from ..catalog import Catalog
from ..freshness import REVIEW_DAYS
from ..maturity import team_done, team_placement
from ..model import KINDS, CaseStudy, Function, GlossaryTerm, JourneyStage, Metric, Practice, Record, Source, Stage, Stat, Team
from . import client, indexes
from .adoption import done_list, example_notice, next_list, stage_label, stage_table
from .assessment import self_assessment
from .dates import readable_date, readable_partial_date
from .fragments import (
    bullets,
    by_name,
    checklist,
    evidence,
    facts,
    glossary_entry,
    inline,
    practices_for,
    quote,
    record_refs,
    stat_figure,
    stat_list,
    verdict_badge,
)
from .html import HTML, h, join, rich
from .indexes import Index
from .journey_map import at_journey_stage
from .page import Page, Section
from .search import search_facts
from .team_tools import team_tools
from .urls import ADOPTION_URL, Links, record_url, start_url

R = TypeVar("R", bound=Record)
#: (catalog, the record, its id, links from its page) -> the page's sections.
PageRenderer = Callable[[Catalog, Any, str, Links], list[Section]]


@dataclass(frozen=True)
class KindRenderer:
    """How a kind is shown: each record's page, and every record on the kind's section page."""

    page: PageRenderer
    index: Index


RENDERERS: dict[type[Record], KindRenderer] = {}


def renders(
    kind: type[R], *, index: Index | None = None, entry: Callable[[R], object] | None = None
) -> Callable[[Callable[[Catalog, R, str, Links], list[Section]]], PageRenderer]:
    """Register a kind's renderer: the decorated function gives a record's page, and the kind's
    section page lists its records with `index` or, for a kind without an index of its own, each
    record's link followed by `entry(record)`, e.g. `@renders(Workshop, entry=lambda w: w.summary)`."""

    def register(fn: Callable[[Catalog, R, str, Links], list[Section]]) -> PageRenderer:
        RENDERERS[kind] = KindRenderer(page=fn, index=index or indexes.entries(kind, entry))
        return fn

    return register


def record_index(catalog: Catalog, kind: type[Record], links: Links) -> HTML:
    """The list of every record of a kind, for its section page."""
    return RENDERERS[kind].index(catalog, links)


def record_page(catalog: Catalog, kind: type[Record], record_id: str, data_date: dt.date | None = None) -> Page:
    """The generated page for one record.

    `data_date` is the date of this version of the data: a record whose review is older than
    REVIEW_DAYS on that date carries a notice (the date, not today, keeps builds reproducible).
    """
    record = catalog.get(kind, record_id)
    url = record_url(kind, record_id)
    sections = RENDERERS[kind].page(catalog, record, record_id, Links(catalog, url))
    if record.aliases:
        sections.insert(0, Section(None, h("p", "Also known as: ", ", ".join(record.aliases), class_="pb-aliases")))
    notice = review_notice(record, data_date)
    if notice:
        sections.insert(0, Section(None, notice))
    sections.append(Section(None, join(reviewed_line(record.last_reviewed, record.owner), search_facts(catalog, kind, record_id))))
    # No tags: each one repeated a fact the page states once under its title (stage, functions,
    # verdict), and Material shows them above the title; the index pages already group by them.
    return Page(url=url, title=record.display_title, sections=tuple(sections), source=f"{kind.folder}/{record_id}.yml", search_facts=True)


def record_pages(catalog: Catalog, data_date: dt.date | None = None) -> list[Page]:
    """Every record's page, kinds in site order, records by id; kinds listed on their section's page have none."""
    return [record_page(catalog, kind, record_id, data_date) for kind in KINDS if kind.page_per_record for record_id in sorted(catalog.of(kind))]


def review_notice(record: Record, data_date: dt.date | None) -> HTML | None:
    """The "Review overdue" notice, when the record's review is older than REVIEW_DAYS on `data_date`."""
    if data_date is None or (data_date - record.last_reviewed).days <= REVIEW_DAYS:
        return None
    age = (data_date - record.last_reviewed).days
    return h(
        "div",
        h("p", "Review overdue", class_="admonition-title"),
        h(
            "p",
            f"Last reviewed {record.last_reviewed.isoformat()}, {age} days before this version of "
            f"the playbook; reviews are due every {REVIEW_DAYS} days. Owner: {record.owner}.",
        ),
        class_="admonition warning pb-overdue",
    )


def reviewed_line(last_reviewed: dt.date, owner: str) -> HTML:
    """The line at the foot of a page that says who keeps it true, and when they last checked it."""
    return h("p", f"Last reviewed {last_reviewed.isoformat()} by {owner}", class_="pb-reviewed")


@renders(Practice, index=indexes.practices)
def _practice(catalog: Catalog, p: Practice, record_id: str, links: Links) -> list[Section]:
    rows = facts(
        [
            ("Stage", links.to(Stage, p.stage)),
            ("For", inline(links.to(Function, f) for f in p.functions)),
            ("Journey", inline(links.to(JourneyStage, j) for j in p.journey) if p.journey else None),
        ]
    )
    sections = [
        Section(None, join(h("p", p.summary, class_="pb-lead"), rows)),
        Section(None, rich(p.body)),
        Section("Why it matters", h("p", p.why_it_matters)),
        Section("How to start", h("ol", *(h("li", step) for step in p.how_to_start))),
    ]
    if p.quote:
        sections.append(Section(None, quote(p.quote, links)))
    sections.append(Section("Evidence", evidence(catalog, record_id, links)))
    items = catalog.items_for(record_id)
    if items:
        # A cross-reference: search should lead to the function page that holds the item, not here.
        entries = (h("li", links.to(Function, fn), ": ", h("a", item.text, href=links.item(fn, item.id))) for fn, item in items)
        sections.append(Section("In the checklists", h("ul", *entries, data_search_exclude=True)))
    if p.metrics:
        sections.append(Section("Measure it", links.many(Metric, p.metrics)))
    sections.append(Section("Sources", links.many(Source, p.sources)))
    return sections


@renders(CaseStudy, index=indexes.case_studies)
def _case_study(catalog: Catalog, c: CaseStudy, record_id: str, links: Links) -> list[Section]:
    rows = facts([("Organisation", c.organisation), ("Period", c.period), ("Verdict", verdict_badge(c.verdict))])
    sections = [
        Section(None, join(h("p", c.summary, class_="pb-lead"), rows)),
        Section("What they did", rich(c.what_they_did)),
        Section("Outcome", rich(c.outcome)),
    ]
    if c.lessons:
        sections.append(Section("Lessons", bullets(c.lessons)))
    if c.quote:
        sections.append(Section(None, quote(c.quote, links)))
    sections.append(Section("Practices it illustrates", links.many(Practice, c.practices)))
    if c.stats:
        sections.append(Section("Figures", stat_list(catalog, c.stats, links)))
    sections.append(Section("Sources", links.many(Source, c.sources)))
    return sections


@renders(Function, index=indexes.functions)
def _function(catalog: Catalog, f: Function, record_id: str, links: Links) -> list[Section]:
    start = h(
        "p",
        h("a", f"Start here: {f.name}", href=links.url(start_url(record_id))),
        " · ",
        h("a", "Your row on the journey map", href=links.function_on_map(record_id)),
        " · ",
        h("a", "Self-assessment", href="#self-assessment"),
        class_="pb-start-link",
    )
    sections = [
        Section(None, join(h("p", f.summary, class_="pb-lead"), start)),
        Section("What it means here", rich(f.what_it_means)),
        # The page's one contract: the checklist, the self-assessment and the team tools all read it.
        Section("Adoption checklist", join(checklist(catalog, record_id, links), client.element(client.payload(catalog, [record_id], with_teams=True)))),
        Section("Self-assessment", self_assessment(catalog, record_id)),
        Section("Your team's record", team_tools(catalog, record_id, links)),
    ]
    if f.stats:
        sections.append(Section("Figures", stat_list(catalog, f.stats, links)))
    owned = catalog.referrers(Function, record_id, Metric, "owned_by")
    if owned:
        sections.append(Section("Metrics you own", links.many(Metric, owned)))
    if catalog.referrers(Function, record_id, Practice, "functions"):
        sections.append(Section("Practices for this function", practices_for(catalog, record_id, links)))
    return sections


@renders(Stage, index=indexes.stages)
def _stage(catalog: Catalog, s: Stage, record_id: str, links: Links) -> list[Section]:
    sections = [Section(None, h("p", s.summary, class_="pb-lead")), Section("What it looks like", bullets(s.characteristics))]
    if s.limits:
        sections.append(Section("Its limits", bullets(s.limits)))
    if s.next_step:
        sections.append(Section("Moving to the next stage", bullets(s.next_step)))
    practices = catalog.referrers(Stage, record_id, Practice, "stage")
    if practices:
        sections.append(Section("Practices at this stage", links.many(Practice, practices)))
    return sections


@renders(JourneyStage, index=indexes.journey)
def _journey_stage(catalog: Catalog, j: JourneyStage, record_id: str, links: Links) -> list[Section]:
    sections = [Section(None, join(h("p", j.summary, class_="pb-lead"), h("p", h("strong", "The customer's goal: "), j.customer_goal)))]
    sections.append(
        Section(
            None,
            h(
                "p",
                h("a", f"{j.name} on the journey map", href=links.journey_stage_on_map(record_id)),
                ": every function at this stage side by side, and the gaps.",
                class_="pb-start-link",
            ),
        )
    )
    # A cross-reference to every function's items, each a search result of its own: left out of this page's search text.
    sections.append(Section("What each function does here", h("div", at_journey_stage(catalog, record_id, links), data_search_exclude=True)))
    practices = by_name(catalog, Practice, catalog.referrers(JourneyStage, record_id, Practice, "journey"))
    if practices:
        sections.append(Section("Practices that touch this stage", links.many(Practice, practices)))
    return sections


@renders(Metric, index=indexes.metrics)
def _metric(catalog: Catalog, m: Metric, record_id: str, links: Links) -> list[Section]:
    sections = [
        Section(None, h("p", m.definition, class_="pb-lead")),
        Section("How to compute it", h("p", m.how_to_compute)),
        Section("Who owns it", links.many(Function, m.owned_by)),
    ]
    practices = catalog.referrers(Metric, record_id, Practice, "metrics")
    if practices:
        sections.append(Section("Practices it evidences", links.many(Practice, practices)))
    if m.sources:
        sections.append(Section("Sources", links.many(Source, m.sources)))
    return sections


@renders(Stat, index=indexes.stats)
def _stat(catalog: Catalog, s: Stat, record_id: str, links: Links) -> list[Section]:
    sections = [Section(None, stat_figure(catalog, record_id, links, block=True))]
    cited = catalog.citing_records(Stat, record_id)
    if cited:
        sections.append(Section("Where the playbook uses it", record_refs(catalog, cited, links)))
    return sections


@renders(Team, index=indexes.teams)
def _team(catalog: Catalog, t: Team, record_id: str, links: Links) -> list[Section]:
    placement = team_placement(catalog, t)
    done = team_done(catalog, t)
    fn = catalog.get(Function, t.function)
    carry_on = f"{links.record(Function, t.function)}?team={record_id}#load-team"  # teams.js chooses this team there
    rows = facts(
        [
            ("Function", links.to(Function, t.function)),
            ("Stage", links.to(Stage, placement.stage.stage_id) if placement.stage else stage_label(catalog, placement)),
            ("Items done", f"{len(done)} of {len(fn.checklist)}"),
            ("Last item done", readable_date(max(done.values())) if done else "none yet"),
        ]
    )
    return [
        Section(None, join(example_notice(t), rows)),
        Section(
            "Where it stands",
            join(
                h("div", stage_table(placement, f"{t.name}: items done per stage"), class_="pb-fit"),
                h(
                    "p",
                    "The rule: a stage is reached when at least its share of the checklist items is done and every earlier stage is reached.",
                    class_="pb-kind",
                ),
            ),
        ),
        Section("What it did when", done_list(catalog, t, links)),
        Section("Next items", next_list(catalog, t, placement, links)),
        Section(
            None,
            h(
                "p",
                h("a", "Every team's stage on the adoption page", href=links.url(ADOPTION_URL)),
                " · ",
                h("a", f"Carry on from this record on the {fn.name} page", href=carry_on),
            ),
        ),
    ]


def citation(s: Source) -> str:
    """A one-line reference to cite, from what the source itself gives; nothing is made up."""
    parts = [s.author, f"“{s.title}”", s.publisher, readable_partial_date(s.date) if s.date else None]
    line = ", ".join(p for p in parts if p) + "."
    if not (s.author or s.publisher or s.date):
        line += " (Author, publisher and date not given.)"
    return line


@renders(Source, index=indexes.sources)
def _source(catalog: Catalog, s: Source, record_id: str, links: Links) -> list[Section]:
    missing = h("span", "not given in the source", class_="pb-kind")
    rows = facts(
        [
            ("Author", s.author or missing),
            ("Publisher", s.publisher or missing),
            ("Date", s.date or missing),
            ("Type", s.type.capitalize()),
            ("Read it", h("a", s.url, href=s.url, rel="noopener noreferrer") if s.url else None),
        ]
    )
    sections = [
        Section(None, join(h("p", s.summary, class_="pb-lead") if s.summary else None, rows)),
        Section("Cite it as", h("p", citation(s), class_="pb-citation")),
    ]
    if s.cites:
        sections.append(Section("Its own sources", links.many(Source, s.cites)))
    figures = catalog.referrers(Source, record_id, Stat, "source")
    if figures:
        sections.append(Section("Figures from this source", stat_list(catalog, figures, links, with_source=False)))
    quotes = [
        r.quote
        for c in catalog.cited_by(Source, record_id)
        if c.loc == ("quote", "source")
        for r in [catalog.get(c.kind, c.record_id)]
        if isinstance(r, (Practice, CaseStudy)) and r.quote
    ]
    if quotes:
        sections.append(Section("Quotations", join(*(quote(q, links, cite=False) for q in quotes))))
    cited = catalog.citing_records(Source, record_id)
    if cited:
        sections.append(Section("Cited by", record_refs(catalog, cited, links)))
    return sections


@renders(GlossaryTerm, index=indexes.glossary)
def _glossary_term(catalog: Catalog, t: GlossaryTerm, record_id: str, links: Links) -> list[Section]:
    """A term's entry, as the glossary page lists it (terms have no page of their own)."""
    return [Section(None, glossary_entry(catalog, record_id, links))]


class KindWithoutRenderer(TypeError):
    """A kind in model.KINDS has no renderer: nothing could show its records."""


def check_renderers(kinds: tuple[type[Record], ...] = KINDS) -> None:
    """Refuse kinds that have no renderer, naming where to register one."""
    missing = [kind for kind in kinds if kind not in RENDERERS]
    if missing:
        raise KindWithoutRenderer(
            "; ".join(
                f"the kind {kind.__name__} ('{kind.kind}', in KINDS in playbook/model.py) has no renderer: "
                f"register one in playbook/render/records.py with @renders({kind.__name__}) (CONTRIBUTING.md, 'Adding a kind')"
                for kind in missing
            )
        )
