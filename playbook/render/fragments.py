"""Pieces of pages shared by record pages, index pages and the macros of hand-written pages.

Everything returns HTML whose only active parts are written here: record text is always
inert (see html.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..catalog import Catalog
from ..model import CaseStudy, ChecklistItem, Function, GlossaryTerm, Practice, Quote, Record, Source, Stage, Stat
from .html import HTML, h, join
from .urls import Links, item_anchor, print_url, record_anchor


def item_numbers(fn: Function) -> dict[str, int]:
    """Item id -> its number, from 1 in checklist order: the same on screen, on paper and on the journey map."""
    return {item.id: n for n, item in enumerate(fn.checklist, 1)}


def stage_groups(catalog: Catalog, fn: Function) -> Iterator[tuple[str, Stage, list[ChecklistItem]]]:
    """(maturity stage id, stage, the function's items for it) in model order, stages with items only."""
    for stage_id, stage in catalog.stages.items():
        items = [i for i in fn.checklist if i.stage == stage_id]
        if items:
            yield stage_id, stage, items


def by_name(catalog: Catalog, kind: type[Record], ids: Iterable[str] | None = None) -> list[str]:
    """Record ids sorted by how readers find them in a list: their title, ignoring case."""
    records = catalog.of(kind)
    return sorted(records if ids is None else ids, key=lambda record_id: records[record_id].sort_key)


def checklist(catalog: Catalog, function_id: str, links: Links) -> HTML:
    """A function's checklist, grouped by maturity stage, each item linking its practice.

    Without JavaScript it is a readable list. checklist.js enables the boxes, stores ticks in
    the browser under the function and item ids, and shows progress and the reset control. The
    page that shows it carries the function in its contract (client.py).
    """
    fn = catalog.get(Function, function_id)
    total = len(fn.checklist)
    toolbar = h(
        "div",
        h("p", h("span", "0", class_="pb-done"), f" of {total} done", class_="pb-progress", role="status", aria_live="polite", hidden=True),
        h("a", "Print checklist", href=links.url(print_url(function_id)), target="_self", class_="md-button pb-print-link"),
        h("button", "Reset ticks", type="button", class_="md-button pb-reset", hidden=True),
        h(
            "p",
            "This browser does not let the page store ticks (private browsing, or storage full or turned off): "
            "your ticks count on this page until you leave it, and are not saved.",
            class_="pb-unsaved",
            role="alert",
            hidden=True,
        ),
        class_="pb-toolbar",
        data_search_exclude=True,
    )
    numbers = item_numbers(fn)
    groups = []
    for stage_id, stage, items in stage_groups(catalog, fn):
        groups.append(
            h(
                "section",
                h(
                    "h3",
                    links.to(Stage, stage_id, stage.name),
                    " ",
                    h("span", f"0 of {len(items)} done", class_="pb-stage-progress", hidden=True, data_search_exclude=True),
                    class_="pb-stage-heading",
                    id=f"stage-{stage_id}",
                ),
                h(
                    "ul",
                    *(
                        h(
                            "li",
                            h("span", f"{numbers[item.id]}.", class_="pb-item-number"),
                            " ",
                            h("label", h("input", type="checkbox", class_="pb-tick", disabled=True), " ", h("span", item.text, class_="pb-item-text")),
                            h("span", " Practice: ", links.to(Practice, item.practice), class_="pb-item-practice"),
                            id=item_anchor(item.id),
                            class_="pb-item",
                            data_item=item.id,
                        )
                        for item in items
                    ),
                    class_="pb-items",
                ),
                class_="pb-stage",
                data_stage=stage_id,
            )
        )
    return h("div", toolbar, *groups, class_="pb-checklist", data_function=function_id)


def quote(q: Quote, links: Links, cite: bool = True) -> HTML:
    source = h("cite", links.to(Source, q.source)) if cite else None
    return h("figure", h("blockquote", h("p", q.text)), h("figcaption", "— ", q.speaker, ", " if cite else None, source), class_="pb-quote")


def stat_figure(catalog: Catalog, stat_id: str, links: Links, block: bool = False, with_source: bool = True) -> HTML:
    """A figure, what it says, and its source: a statistic is never shown without it."""
    s = catalog.get(Stat, stat_id)
    source = catalog.get(Source, s.source)
    year = f", {s.year}" if s.year else ""
    cite = (
        h("span", " (", links.to(Source, s.source, source.title), year, ")", class_="pb-stat-source")
        if with_source
        else (h("span", f" ({s.year})", class_="pb-stat-source") if s.year else None)
    )
    tag = "p" if block else "span"
    return h(tag, h("strong", s.figure, class_="pb-stat-figure"), " — ", s.claim, cite, class_="pb-stat", data_stat=stat_id)


def stat_list(catalog: Catalog, ids: Iterable[str], links: Links, with_source: bool = True) -> HTML:
    ids = list(ids)
    if not ids:
        return HTML("")
    return h(
        "ul",
        *(
            h("li", stat_figure(catalog, stat_id, links, with_source=with_source), " ", links.to(Stat, stat_id, "(details)", class_="pb-stat-link"))
            for stat_id in ids
        ),
        class_="pb-stats",
    )


def case_brief(catalog: Catalog, case_id: str, links: Links, lesson: bool = True) -> HTML:
    """A case study in brief, the one way it is shown outside its page: headline, verdict,
    period, summary and (unless `lesson` is False) its first lesson."""
    c = catalog.get(CaseStudy, case_id)
    first_lesson = h("p", h("strong", "Lesson: "), c.lessons[0]) if lesson and c.lessons else None
    return h(
        "div",
        h("p", h("strong", links.to(CaseStudy, case_id)), " ", verdict_badge(c.verdict)),
        h("p", c.period, class_="pb-kind"),
        h("p", c.summary),
        first_lesson,
        class_="pb-card admonition note",
    )


def practices_for(catalog: Catalog, function_id: str, links: Links) -> HTML:
    """Every practice that applies to a function, by title."""
    return links.many(Practice, by_name(catalog, Practice, catalog.referrers(Function, function_id, Practice, "functions")))


def verdict_badge(verdict: str) -> HTML:
    label = "Exemplar: follow it" if verdict == "exemplar" else "Cautionary: learn from it"
    return h("span", label, class_=f"pb-verdict pb-verdict-{verdict}")


def evidence(catalog: Catalog, practice_id: str, links: Links) -> HTML:
    """The cases that support a practice, the cautionary ones that warn about it, and the figures behind it."""
    cases = catalog.referrers(Practice, practice_id, CaseStudy, "practices")
    support = [c for c in cases if catalog.get(CaseStudy, c).verdict == "exemplar"]
    warn = [c for c in cases if catalog.get(CaseStudy, c).verdict == "cautionary"]
    stats = catalog.get(Practice, practice_id).stats
    if not (cases or stats):
        return h("p", "No case study or figure backs this practice yet.", class_="pb-gap-text")
    return join(
        join(h("h3", "Cases that support it", id="evidence-support"), *(case_brief(catalog, c, links, lesson=False) for c in support)) if support else None,
        join(h("h3", "Cautionary cases: how it goes wrong", id="evidence-cautionary"), *(case_brief(catalog, c, links) for c in warn)) if warn else None,
        join(h("h3", "Figures that back it", id="evidence-figures"), stat_list(catalog, stats, links)) if stats else None,
    )


def record_refs(catalog: Catalog, refs: Iterable[tuple[type[Record], str]], links: Links) -> HTML:
    """A list of records of any kind, each with its kind."""
    return h("ul", *(h("li", links.to(kind, record_id), h("span", f" ({kind.kind.replace('-', ' ')})", class_="pb-kind")) for kind, record_id in refs))


def facts(rows: list[tuple[str, object]]) -> HTML:
    """A definition list of the rows that have a value.

    One <div> per row and a space between label and value: text taken from the page (search
    excerpts) reads "Stage Customer-led For Sales", not "StageCustomer-ledForSales".
    """
    return h("dl", *(h("div", h("dt", label), " ", h("dd", value)) for label, value in rows if value), class_="pb-facts")


def inline(parts: Iterable[HTML]) -> HTML:
    return HTML(", ".join(parts))


def bullets(lines: Iterable[str]) -> HTML:
    return h("ul", *(h("li", line) for line in lines))


def table(head: list[str], rows: Iterable[list[object]]) -> HTML:
    return h("table", h("thead", h("tr", *(h("th", c) for c in head))), h("tbody", *(h("tr", *(h("td", c) for c in row)) for row in rows)))


def glossary_entry(catalog: Catalog, term_id: str, links: Links) -> HTML:
    """A term as the glossary lists it, at its own anchor: the term and its abbreviations, the
    definition, the other names people use, the records it belongs to, its figures and sources."""
    t = catalog.get(GlossaryTerm, term_id)
    related = [(kind, record_id) for kind, record_id in t.related() if kind is not Stat]  # figures are shown with their sources
    return h(
        "div",
        h("dt", t.term, *((" (", ", ".join(t.abbreviations), ")") if t.abbreviations else ())),
        h("dd", t.definition),
        h("dd", "Also called: ", ", ".join(t.aliases), class_="pb-term-aliases") if t.aliases else None,
        h("dd", "In the playbook: ", inline(links.to(kind, record_id) for kind, record_id in related), class_="pb-term-links") if related else None,
        h("dd", stat_list(catalog, t.stats, links)) if t.stats else None,
        h("dd", "Sources: ", inline(links.to(Source, s) for s in t.sources), class_="pb-term-sources") if t.sources else None,
        id=record_anchor(GlossaryTerm, term_id),
        class_="pb-term",
    )
