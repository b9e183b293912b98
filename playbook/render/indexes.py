"""Index pages: every record of a kind, for its section's page; and the review queue.

Each kind's index is registered with its page renderer, in one place (records.py: `renders`);
a kind without an index of its own lists its records with `entries`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TypeVar

from ..catalog import Catalog
from ..freshness import REVIEW_DAYS, Overdue, overdue
from ..maturity import team_done, team_placement
from ..model import CaseStudy, Function, GlossaryTerm, JourneyStage, Metric, Practice, Record, Source, Stage, Stat, Team
from .adoption import stage_label
from .dates import readable_date
from .fragments import by_name, glossary_entry, inline, stat_list, table, verdict_badge
from .html import HTML, h, join
from .urls import Links

R = TypeVar("R", bound=Record)
#: Every record of a kind, as its section page lists them.
Index = Callable[[Catalog, Links], HTML]


def entries(kind: type[R], entry: Callable[[R], object] | None = None) -> Index:
    """The list of a kind that has no index of its own: each record's link, by title, followed
    by `entry(record)` (a line that says what it is, e.g. its summary) when given."""

    def index(catalog: Catalog, links: Links) -> HTML:
        records = catalog.of(kind)
        if not records:
            return h("p", f"No {kind.section.lower()} yet.")
        return h(
            "ul",
            *(h("li", links.to(kind, i), *((": ", entry(records[i])) if entry else ())) for i in by_name(catalog, kind)),
            class_="pb-entries",
        )

    return index


def practices(catalog: Catalog, links: Links) -> HTML:
    """Practices grouped by the maturity stage where teams adopt them, each with what it is."""
    groups = []
    practices = catalog.of(Practice)
    for stage_id, stage in catalog.stages.items():
        ids = by_name(catalog, Practice, catalog.referrers(Stage, stage_id, Practice, "stage"))
        if ids:
            groups.append(
                join(
                    h("h2", links.to(Stage, stage_id, stage.name)),
                    table(["Practice", "What it is"], ([links.to(Practice, i), practices[i].summary] for i in ids)),
                )
            )
    return join(*groups)


def case_studies(catalog: Catalog, links: Links) -> HTML:
    """Case studies by name, with period, verdict and the case in brief."""
    cases = catalog.of(CaseStudy)
    return table(
        ["Case", "Period", "Verdict", "In brief"],
        ([links.to(CaseStudy, i), cases[i].period, verdict_badge(cases[i].verdict), cases[i].summary] for i in by_name(catalog, CaseStudy)),
    )


def functions(catalog: Catalog, links: Links) -> HTML:
    """Functions by name, with what customer obsession means there and the checklist's length."""
    functions = catalog.of(Function)
    return table(
        ["Function", "What customer obsession means here", "Checklist"],
        ([links.to(Function, i), functions[i].summary, f"{len(functions[i].checklist)} items"] for i in by_name(catalog, Function)),
    )


def stages(catalog: Catalog, links: Links) -> HTML:
    """The maturity model's stages in order, each with its summary."""
    return h("ol", *(h("li", h("strong", links.to(Stage, stage_id)), ": ", s.summary) for stage_id, s in catalog.stages.items()), class_="pb-stages")


def journey(catalog: Catalog, links: Links) -> HTML:
    """The customer journey's stages in order, each with the customer's goal."""
    return h(
        "ol",
        *(
            h("li", h("strong", links.to(JourneyStage, journey_stage_id)), ": ", j.summary, " ", h("em", f"The customer's goal: {j.customer_goal}"))
            for journey_stage_id, j in catalog.journey.items()
        ),
        class_="pb-journey",
    )


def metrics(catalog: Catalog, links: Links) -> HTML:
    """Metrics by name, with what each measures and who owns it."""
    metrics = catalog.of(Metric)
    return table(
        ["Metric", "What it measures", "Owned by"],
        ([links.to(Metric, i), metrics[i].definition, inline(links.to(Function, f) for f in metrics[i].owned_by)] for i in by_name(catalog, Metric)),
    )


def stats(catalog: Catalog, links: Links) -> HTML:
    """Every figure with its claim and source."""
    return stat_list(catalog, sorted(catalog.of(Stat)), links)


def sources(catalog: Catalog, links: Links) -> HTML:
    """Sources by title, with author or publisher, date and how many records cite each."""
    sources = catalog.of(Source)
    return table(
        ["Source", "By", "Date", "Cited by"],
        (
            [links.to(Source, i), sources[i].author or sources[i].publisher or "", sources[i].date or "", f"{len(catalog.citing_records(Source, i))} records"]
            for i in by_name(catalog, Source)
        ),
    )


def teams(catalog: Catalog, links: Links) -> HTML:
    """Teams by name, with function, stage reached, items done and the last one's date."""
    teams = catalog.of(Team)
    rows: list[list[object]] = []
    for i in by_name(catalog, Team):
        done = team_done(catalog, teams[i])
        rows.append(
            [
                join(links.to(Team, i), *((" ", h("span", "Example", class_="pb-example-tag")) if teams[i].example else ())),
                links.to(Function, teams[i].function),
                stage_label(catalog, team_placement(catalog, teams[i])),
                f"{len(done)} of {len(catalog.get(Function, teams[i].function).checklist)}",
                readable_date(max(done.values())) if done else "",
            ]
        )
    if not rows:
        return h("p", "No team has recorded its progress yet.")
    return table(["Team", "Function", "Stage", "Items done", "Last item done"], rows)


def glossary(catalog: Catalog, links: Links) -> HTML:
    """A to Z, a heading per letter and an anchor per term. Search finds each term as a result of its
    own (playbook.search), so the list is left out of this page's own search text."""
    by_letter: dict[str, list[str]] = {}
    for term_id in by_name(catalog, GlossaryTerm):
        first = catalog.get(GlossaryTerm, term_id).sort_key[:1].upper()
        by_letter.setdefault(first if first.isalpha() else "#", []).append(term_id)
    if not by_letter:
        return h("p", "No term has been added yet.")
    letters = h("p", *(join(h("a", letter, href=f"#glossary-{_letter_id(letter)}"), " ") for letter in by_letter), class_="pb-az")
    groups = (
        join(h("h2", letter, id=f"glossary-{_letter_id(letter)}"), h("dl", *(glossary_entry(catalog, t, links) for t in ids), class_="pb-glossary"))
        for letter, ids in by_letter.items()
    )
    return h("div", letters, *groups, data_search_exclude=True)


def _letter_id(letter: str) -> str:
    if letter == "#":
        return "other"
    return letter.lower() if letter.isascii() else f"u{ord(letter):x}"


def review_queue(catalog: Catalog, data_date: dt.date, links: Links, days: int = REVIEW_DAYS) -> HTML:
    """Overdue records grouped by owner, oldest first: the maintainers' to-do list."""
    late = overdue(catalog, data_date, days)
    if not late:
        return h("p", f"Nothing is overdue: every record was reviewed in the {days} days before {data_date.isoformat()}.")
    by_owner: dict[str, list[Overdue]] = {}
    for item in late:
        by_owner.setdefault(item.record.owner, []).append(item)
    return join(
        *(
            join(
                h("h2", f"{owner} ({len(items)})"),
                table(
                    ["Record", "Kind", "Last reviewed", "Days since"],
                    ([links.to(i.kind, i.record_id), i.kind.kind.replace("-", " "), i.record.last_reviewed.isoformat(), str(i.days)] for i in items),
                ),
            )
            for owner, items in sorted(by_owner.items(), key=lambda kv: kv[1][0].record.last_reviewed)
        )
    )
