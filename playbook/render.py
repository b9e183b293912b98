"""Render records as page source for MkDocs, and as fragments for hand-written pages.

Everything here returns Markdown or HTML whose only active parts are written by this module:
fixed headings, and HTML built with `html.h`, in which every piece of record text is inert.
Generated pages switch mkdocs-macros off (`render_macros: false`), so record text never
reaches Jinja either.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterable, Sequence
from typing import NamedTuple

from .catalog import Catalog
from .freshness import REVIEW_DAYS, overdue
from .assessment import self_assessment
from .html import HTML, h, join, rich, text
from .model import CaseStudy, Function, JourneyStage, Metric, Practice, Record, Source, Stage, Stat
from .search import page_search

Section = tuple[str | None, HTML]  # (h2 heading text or None, block)


def record_url(kind: type[Record], rid: str) -> str:
    """Site-relative URL of a record's page."""
    return f"{kind.folder}/{rid}/"


def index_url(kind: type[Record]) -> str:
    return f"{kind.folder}/"


MAP_URL = "journey-map/"


def function_map_link(links: Links, function_id: str) -> str:
    """The journey map with one function's row highlighted (and scrolled to, even without JavaScript)."""
    return f"{links.url(MAP_URL)}?function={function_id}#row-{function_id}"


def stage_map_link(links: Links, stage_id: str) -> str:
    """The journey map with one journey stage's column highlighted."""
    return f"{links.url(MAP_URL)}?stage={stage_id}#col-{stage_id}"


def page_src(kind: type[Record], rid: str) -> str:
    """The virtual docs path of a record's page."""
    return f"{kind.folder}/{rid}.md"


class Links:
    """Relative links from the page at `here` (a site-relative URL such as 'practices/x/')."""

    def __init__(self, catalog: Catalog, here: str):
        self.catalog = catalog
        self.base = "../" * here.count("/")

    def url(self, site_url: str) -> str:
        return (self.base + site_url) or "./"

    def to(self, kind: type[Record], rid: str, label: object | None = None, **attrs: object) -> HTML:
        record = self.catalog.get(kind, rid)
        return h("a", label if label is not None else record.display_title, href=self.url(record_url(kind, rid)), **attrs)

    def many(self, kind: type[Record], ids: Iterable[str]) -> HTML:
        return h("ul", *(h("li", self.to(kind, rid)) for rid in ids))


# Pages --------------------------------------------------------------------------------------

class Page(NamedTuple):
    """A generated page: Markdown whose HTML blocks are placeholders, and the blocks.

    MkDocs converts only the headings and front matter; the hook puts the blocks into the page
    after conversion (`fill`). Python-Markdown would otherwise re-parse every block, which is
    already finished HTML, with its pure-Python HTML parser: that was a third of the build.
    """

    markdown: str
    blocks: tuple[HTML, ...]

    def fill(self, html: str) -> str:
        """The converted page with each placeholder replaced by its block."""
        return fill_blocks(html, self.blocks)

    def static(self) -> str:
        """The same page as one Markdown file with the blocks written in (for plain MkDocs)."""
        return fill_blocks(self.markdown, self.blocks)


# Record text cannot form this: `<` and `!` are always written as entities.
_PLACEHOLDER = re.compile(r"<!--pb-block:(\d+)-->")


def placeholder(blocks: list[HTML], block: HTML) -> str:
    """Keep `block` aside in `blocks`; the comment that stands for it in the Markdown."""
    blocks.append(block)
    return f"<!--pb-block:{len(blocks) - 1}-->"


def fill_blocks(text: str, blocks: Sequence[str]) -> str:
    """`text` with each placeholder replaced by its block.

    A placeholder with no block (typed by hand into a page in docs/) is left as it is, a comment.
    """
    return _PLACEHOLDER.sub(lambda m: blocks[int(m.group(1))] if int(m.group(1)) < len(blocks) else m.group(0), text)


def generated_page(front: dict[str, object], parts: Iterable[tuple[str | None, HTML | None]]) -> Page:
    """A page from its front matter and (Markdown heading or None, HTML block or None) parts, in order."""
    out = ["---", *(f"{k}: {json.dumps(v)}" for k, v in front.items()), "---", ""]
    blocks: list[HTML] = []
    for heading, block in parts:
        if heading:
            out += [heading, ""]
        if block:
            out += [placeholder(blocks, HTML(f'<div class="pb-block">{block}</div>')), ""]
    return Page("\n".join(out), tuple(blocks))


def record_page(catalog: Catalog, kind: type[Record], rid: str, data_date: dt.date | None = None) -> Page:
    """The generated page for one record.

    `data_date` is the date of this version of the data: a record whose review is older than
    REVIEW_DAYS on that date carries a notice (the date, not today, keeps builds reproducible).
    """
    record = catalog.get(kind, rid)
    links = Links(catalog, record_url(kind, rid))
    sections = _RENDERERS[kind](catalog, record, rid, links)
    if record.aliases:
        sections.insert(0, (None, h("p", "Also known as: ", ", ".join(record.aliases), class_="pb-aliases")))
    notice = review_notice(record, data_date)
    if notice:
        sections.insert(0, (None, notice))
    sections.append((None, h("p", f"Last reviewed {record.last_reviewed.isoformat()} by {record.owner}", class_="pb-reviewed")))
    front = {"render_macros": False, "tags": _tags(catalog, record), "search": page_search(catalog, kind, rid)}
    return generated_page(front, [(f"# {text(record.display_title)}", None),
                         *((f"## {text(heading)}" if heading else None, block) for heading, block in sections)])


def review_notice(record: Record, data_date: dt.date | None) -> HTML | None:
    """The "Review overdue" notice, when the record's review is older than REVIEW_DAYS on `data_date`."""
    if data_date is None or (data_date - record.last_reviewed).days <= REVIEW_DAYS:
        return None
    age = (data_date - record.last_reviewed).days
    return h("div", h("p", "Review overdue", class_="admonition-title"),
             h("p", f"Last reviewed {record.last_reviewed.isoformat()}, {age} days before this version of "
                    f"the playbook; reviews are due every {REVIEW_DAYS} days. Owner: {record.owner}."),
             class_="admonition warning pb-overdue")


def _tags(catalog: Catalog, record: Record) -> list[str]:
    # Tag names are shown by theme templates that do not escape: write them as inert HTML.
    if isinstance(record, Practice):
        return [text(catalog.stages[record.stage].name)] + [text(catalog.functions[f].name) for f in record.functions]
    if isinstance(record, CaseStudy):
        return [text(record.verdict.capitalize())]
    return []


def _practice(catalog: Catalog, p: Practice, rid: str, links: Links) -> list[Section]:
    facts = _facts([
        ("Stage", links.to(Stage, p.stage)),
        ("For", _inline(links.to(Function, f) for f in p.functions)),
        ("Journey", _inline(links.to(JourneyStage, j) for j in p.journey) if p.journey else None),
    ])
    sections: list[Section] = [(None, join(h("p", p.summary, class_="pb-lead"), facts)), (None, rich(p.body)),
                               ("Why it matters", h("p", p.why_it_matters)),
                               ("How to start", h("ol", *(h("li", step) for step in p.how_to_start)))]
    if p.quote:
        sections.append((None, quote(catalog, p.quote, links)))
    sections.append(("Evidence", evidence(catalog, rid, links)))
    items = catalog.checklist_links.get(rid, [])
    if items:
        # A cross-reference: search should lead to the function page that holds the item, not here.
        sections.append(("In the checklists", h("ul", data_search_exclude=True, *(
            h("li", links.to(Function, fn), ": ", h("a", _item(catalog, fn, item).text,
                                                   href=links.url(record_url(Function, fn)) + f"#item-{item}"))
            for fn, item in items))))
    if p.metrics:
        sections.append(("Measure it", links.many(Metric, p.metrics)))
    sections.append(("Sources", links.many(Source, p.sources)))
    return sections


def _case_study(catalog: Catalog, c: CaseStudy, rid: str, links: Links) -> list[Section]:
    facts = _facts([("Organisation", c.organisation), ("Period", c.period), ("Verdict", verdict_badge(c.verdict))])
    sections: list[Section] = [(None, join(h("p", c.summary, class_="pb-lead"), facts)),
                               ("What they did", rich(c.what_they_did)), ("Outcome", rich(c.outcome))]
    if c.lessons:
        sections.append(("Lessons", h("ul", *(h("li", lesson) for lesson in c.lessons))))
    if c.quote:
        sections.append((None, quote(catalog, c.quote, links)))
    sections.append(("Practices it illustrates", links.many(Practice, c.practices)))
    if c.stats:
        sections.append(("Figures", stat_list(catalog, c.stats, links)))
    sections.append(("Sources", links.many(Source, c.sources)))
    return sections


def _function(catalog: Catalog, f: Function, rid: str, links: Links) -> list[Section]:
    start = h("p", h("a", f"Start here: {f.name}", href=links.url(f"start/{rid}/")), " · ",
              h("a", "Your row on the journey map", href=function_map_link(links, rid)), " · ",
              h("a", "Self-assessment", href="#self-assessment"), class_="pb-start-link")
    sections: list[Section] = [(None, join(h("p", f.summary, class_="pb-lead"), start)), ("What it means here", rich(f.what_it_means)),
                               ("Adoption checklist", checklist(catalog, rid, links)),
                               ("Self-assessment", self_assessment(catalog, rid, links))]
    if f.stats:
        sections.append(("Figures", stat_list(catalog, f.stats, links)))
    owned = catalog.metrics_for_function.get(rid, [])
    if owned:
        sections.append(("Metrics you own", links.many(Metric, owned)))
    if catalog.practices_for_function.get(rid):
        sections.append(("Practices for this function", practices_for(catalog, rid, links)))
    return sections


def _stage(catalog: Catalog, s: Stage, rid: str, links: Links) -> list[Section]:
    sections: list[Section] = [(None, h("p", s.summary, class_="pb-lead")),
                               ("What it looks like", _bullets(s.characteristics))]
    if s.limits:
        sections.append(("Its limits", _bullets(s.limits)))
    if s.next_step:
        sections.append(("Moving to the next stage", _bullets(s.next_step)))
    practices = [pid for pid, p in catalog.practices.items() if p.stage == rid]
    if practices:
        sections.append(("Practices at this stage", links.many(Practice, practices)))
    return sections


def _journey_stage(catalog: Catalog, j: JourneyStage, rid: str, links: Links) -> list[Section]:
    sections: list[Section] = [(None, join(h("p", j.summary, class_="pb-lead"),
                                           h("p", h("strong", "The customer's goal: "), j.customer_goal)))]
    practices = [pid for pid, p in catalog.practices.items() if rid in p.journey]
    if practices:
        sections.append(("Practices that touch this stage", links.many(Practice, practices)))
    sections.append(("Every function at this stage", h("p", h("a", f"{j.name} on the journey map", href=stage_map_link(links, rid)),
                                                       ": which functions have practices here, and where the gaps are.")))
    return sections


def _metric(catalog: Catalog, m: Metric, rid: str, links: Links) -> list[Section]:
    sections: list[Section] = [(None, h("p", m.definition, class_="pb-lead")), ("How to compute it", h("p", m.how_to_compute)),
                               ("Who owns it", links.many(Function, m.owned_by))]
    evidence = catalog.practices_for_metric.get(rid, [])
    if evidence:
        sections.append(("Practices it evidences", links.many(Practice, evidence)))
    if m.sources:
        sections.append(("Sources", links.many(Source, m.sources)))
    return sections


def _stat(catalog: Catalog, s: Stat, rid: str, links: Links) -> list[Section]:
    sections: list[Section] = [(None, stat_figure(catalog, rid, links, block=True))]
    cited = catalog.stat_citations.get(rid, [])
    if cited:
        sections.append(("Where the playbook uses it", _record_refs(catalog, cited, links)))
    return sections


def _source(catalog: Catalog, s: Source, rid: str, links: Links) -> list[Section]:
    facts = _facts([("Author", s.author), ("Publisher", s.publisher), ("Date", s.date), ("Type", s.type.capitalize()),
                    ("Read it", h("a", s.url, href=s.url, rel="noopener noreferrer") if s.url else None)])
    sections: list[Section] = [(None, join(h("p", s.summary, class_="pb-lead") if s.summary else None, facts))]
    if s.cites:
        sections.append(("Its own sources", links.many(Source, s.cites)))
    figures = catalog.stats_for_source.get(rid, [])
    if figures:
        sections.append(("Figures from this source", stat_list(catalog, figures, links, with_source=False)))
    quotes = [(k, r) for k, r in catalog.citations.get(rid, []) if getattr(catalog.records[k][r], "quote", None)
              and catalog.records[k][r].quote.source == rid]  # type: ignore[attr-defined]
    if quotes:
        sections.append(("Quotations", join(*(quote(catalog, catalog.records[k][r].quote, links, cite=False)  # type: ignore[attr-defined]
                                              for k, r in quotes))))
    cited = catalog.citations.get(rid, [])
    if cited:
        sections.append(("Cited by", _record_refs(catalog, cited, links)))
    return sections


_RENDERERS: dict[type[Record], Callable[..., list[Section]]] = {
    Practice: _practice, CaseStudy: _case_study, Function: _function, Stage: _stage,
    JourneyStage: _journey_stage, Metric: _metric, Stat: _stat, Source: _source,
}


# Fragments shared by pages and macros --------------------------------------------------------

def print_url(function_id: str) -> str:
    """Site-relative URL of a function's printable checklist."""
    return f"print/functions/{function_id}/"


def item_numbers(fn: Function) -> dict[str, int]:
    """Item id -> its number, from 1 in checklist order: the same on screen, on paper and on the journey map."""
    return {item.id: n for n, item in enumerate(fn.checklist, 1)}


def checklist(catalog: Catalog, function_id: str, links: Links) -> HTML:
    """A function's checklist, grouped by maturity stage, each item linking its practice.

    Without JavaScript it is a readable list. checklist.js enables the boxes, stores ticks in
    the browser under the function and item ids, and shows progress and the reset control.
    """
    fn = catalog.functions[function_id]
    total = len(fn.checklist)
    toolbar = h("div",
                h("p", h("span", "0", class_="pb-done"), f" of {total} done", class_="pb-progress", role="status", aria_live="polite",
                  hidden=True),
                h("a", "Print checklist", href=links.url(print_url(function_id)), target="_self", class_="md-button pb-print-link"),
                h("button", "Reset ticks", type="button", class_="md-button pb-reset", hidden=True),
                class_="pb-toolbar", data_search_exclude=True)
    numbers = item_numbers(fn)
    groups = []
    for stage_id, stage, items in _stage_groups(catalog, fn):
        groups.append(h("section",
                        h("h3", links.to(Stage, stage_id, stage.name), " ",
                          h("span", f"0 of {len(items)} done", class_="pb-stage-progress", hidden=True, data_search_exclude=True),
                          class_="pb-stage-heading", id=f"stage-{stage_id}"),
                        h("ul", *(h("li", h("span", f"{numbers[item.id]}.", class_="pb-item-number"), " ",
                                            h("label", h("input", type="checkbox", class_="pb-tick", disabled=True),
                                                     " ", h("span", item.text, class_="pb-item-text")),
                                         h("span", " Practice: ", links.to(Practice, item.practice), class_="pb-item-practice"),
                                         id=f"item-{item.id}", class_="pb-item", data_item=item.id)
                                  for item in items), class_="pb-items"),
                        class_="pb-stage", data_stage=stage_id, data_total=len(items)))
    return h("div", toolbar, *groups, class_="pb-checklist", data_function=function_id, data_total=total)


def _stage_groups(catalog: Catalog, fn: Function):
    for stage_id, stage in catalog.stages.items():
        items = [i for i in fn.checklist if i.stage == stage_id]
        if items:
            yield stage_id, stage, items


def print_sheet(catalog: Catalog, function_id: str, data_date: str, site_name: str, heading: str = "h1") -> HTML:
    """One function's checklist as a sheet of paper: header with blanks to fill in, black boxes, no links."""
    fn = catalog.functions[function_id]
    blanks = h("dl", *(join(h("dt", label), h("dd", "")) for label in ("Team", "Completed by", "Date", "Next review")),
               class_="pb-blanks")
    header = h("header", h("p", site_name, " · adoption checklist · data of ", data_date, class_="pb-sheet-meta"),
               h(heading, fn.name, class_="pb-sheet-title"), h("p", fn.summary, class_="pb-sheet-summary"), blanks,
               class_="pb-sheet-header")

    numbers = item_numbers(fn)

    def item(i) -> HTML:
        practice = catalog.practices[i.practice].title
        return h("li", h("span", class_="pb-box", data_item=i.id),
                 h("span", h("span", f"{numbers[i.id]}. ", class_="pb-item-number"), i.text, class_="pb-item-text"),
                 h("span", f"Practice: {practice}", class_="pb-item-practice"), class_="pb-item")

    stages = []
    for stage_id, stage, items in _stage_groups(catalog, fn):
        first = h("div", h("h2" if heading == "h1" else "h3", stage.name, class_="pb-sheet-stage"),
                  h("ul", item(items[0]), class_="pb-items"), class_="pb-keep")
        rest = h("ul", *(item(i) for i in items[1:]), class_="pb-items") if len(items) > 1 else None
        stages.append(h("section", first, rest, class_="pb-sheet-section"))
    return h("article", header, *stages, class_="pb-sheet", data_function=function_id)


def print_controls(back_href: str, back_label: str) -> HTML:
    """Screen-only controls of a printable view; checklist.js shows the ones that need it."""
    return h("div",
             h("a", back_label, href=back_href, class_="pb-back"),
             h("label", h("input", type="checkbox", class_="pb-include-ticks"), " Include the ticks saved in this browser",
               class_="pb-include", hidden=True),
             h("button", "Print", type="button", class_="pb-print-button", hidden=True),
             h("p", "Prints on A4 or US Letter: choose the paper in the print dialog.", class_="pb-paper"),
             class_="pb-print-controls")


def print_page(catalog: Catalog, function_id: str, data_date: str, site_name: str) -> Page:
    """A function's printable checklist (its own template, not in search)."""
    fn = catalog.functions[function_id]
    links = Links(catalog, print_url(function_id))
    controls = print_controls(links.url(record_url(Function, function_id)), f"Back to the {fn.name} page")
    body = join(controls, print_sheet(catalog, function_id, data_date, site_name))
    return _print_source(f"{fn.name}: adoption checklist", body)


def print_booklet(catalog: Catalog, data_date: str, site_name: str) -> Page:
    """Every function's checklist in one booklet, one function per page."""
    links = Links(catalog, "print/")
    order = sorted(catalog.functions, key=lambda i: catalog.functions[i].name.lower())
    controls = print_controls(links.url(index_url(Function)), "Back to the functions")
    return _print_source("All adoption checklists", join(controls, *(print_sheet(catalog, f, data_date, site_name) for f in order)))


def _print_source(title: str, body: HTML) -> Page:
    front = {"render_macros": False, "template": "pb-print.html", "title": text(title), "search": {"exclude": True}}
    return generated_page(front, [(None, body)])


def quote(catalog: Catalog, q, links: Links, cite: bool = True) -> HTML:
    source = h("cite", links.to(Source, q.source)) if cite else None
    return h("figure", h("blockquote", h("p", q.text)), h("figcaption", "— ", q.speaker, ", " if cite else None, source),
             class_="pb-quote")


def stat_figure(catalog: Catalog, stat_id: str, links: Links, block: bool = False, with_source: bool = True) -> HTML:
    """A figure, what it says, and its source: a statistic is never shown without it."""
    s = catalog.stats[stat_id]
    source = catalog.sources[s.source]
    year = f", {s.year}" if s.year else ""
    cite = h("span", " (", links.to(Source, s.source, source.title), year, ")", class_="pb-stat-source") if with_source else (
        h("span", f" ({s.year})", class_="pb-stat-source") if s.year else None)
    tag = "p" if block else "span"
    return h(tag, h("strong", s.figure, class_="pb-stat-figure"), " — ", s.claim, cite, class_="pb-stat", data_stat=stat_id)


def stat_list(catalog: Catalog, ids: Iterable[str], links: Links, with_source: bool = True) -> HTML:
    ids = list(ids)
    if not ids:
        return HTML("")
    return h("ul", *(h("li", stat_figure(catalog, sid, links, with_source=with_source),
                          " ", links.to(Stat, sid, "(details)", class_="pb-stat-link")) for sid in ids), class_="pb-stats")


def case_card(catalog: Catalog, case_id: str, links: Links) -> HTML:
    """A case study in brief: headline, verdict, period, summary and its first lesson."""
    c = catalog.case_studies[case_id]
    lesson = h("p", h("strong", "Lesson: "), c.lessons[0]) if c.lessons else None
    return h("div", h("p", h("strong", links.to(CaseStudy, case_id)), " ", verdict_badge(c.verdict)),
             h("p", c.period, class_="pb-kind"), h("p", c.summary), lesson, class_="pb-card admonition note")


def practices_for(catalog: Catalog, function_id: str, links: Links) -> HTML:
    """Every practice that applies to a function, by title."""
    ids = sorted(catalog.practices_for_function.get(function_id, []), key=lambda i: catalog.practices[i].title)
    return links.many(Practice, ids)


def verdict_badge(verdict: str) -> HTML:
    label = "Exemplar: follow it" if verdict == "exemplar" else "Cautionary: learn from it"
    return h("span", label, class_=f"pb-verdict pb-verdict-{verdict}")


def evidence(catalog: Catalog, practice_id: str, links: Links) -> HTML:
    """The cases that support a practice, the cautionary ones that warn about it, and the figures behind it."""
    cases = catalog.cases_for_practice.get(practice_id, [])
    support = [c for c in cases if catalog.case_studies[c].verdict == "exemplar"]
    warn = [c for c in cases if catalog.case_studies[c].verdict == "cautionary"]
    stats = catalog.practices[practice_id].stats
    if not (cases or stats):
        return h("p", "No case study or figure backs this practice yet.", class_="pb-gap-text")

    def case(cid: str, lesson: bool) -> HTML:
        c = catalog.case_studies[cid]
        return h("li", links.to(CaseStudy, cid), " ", verdict_badge(c.verdict), h("br"), c.summary,
                 join(h("br"), h("strong", "Lesson: "), c.lessons[0]) if lesson and c.lessons else None)

    return join(
        join(h("h3", "Cases that support it", id="evidence-support"), h("ul", *(case(c, False) for c in support), class_="pb-cases"))
        if support else None,
        join(h("h3", "Cautionary cases: how it goes wrong", id="evidence-cautionary"),
             h("ul", *(case(c, True) for c in warn), class_="pb-cases")) if warn else None,
        join(h("h3", "Figures that back it", id="evidence-figures"), stat_list(catalog, stats, links)) if stats else None)


def _item(catalog: Catalog, function_id: str, item_id: str):
    return next(i for i in catalog.functions[function_id].checklist if i.id == item_id)


def _record_refs(catalog: Catalog, refs: list[tuple[str, str]], links: Links) -> HTML:
    by_name = {k.kind: k for k in _RENDERERS}
    return h("ul", *(h("li", links.to(by_name[k], r), h("span", f" ({k.replace('-', ' ')})", class_="pb-kind"))
                     for k, r in refs))


def _facts(rows: list[tuple[str, object]]) -> HTML:
    # One <div> per row and a space between label and value: text extracted from the page (search
    # excerpts) reads "Stage Customer-led. For Sales", not "StageCustomer-ledForSales".
    return h("dl", *(h("div", h("dt", label), " ", h("dd", value)) for label, value in rows if value), class_="pb-facts")


def _inline(parts: Iterable[HTML]) -> HTML:
    return HTML(", ".join(parts))


def _bullets(lines: list[str]) -> HTML:
    return h("ul", *(h("li", line) for line in lines))


# Index pages -----------------------------------------------------------------------------------

def record_index(catalog: Catalog, kind: type[Record], links: Links) -> HTML:
    """The list of every record of a kind, for its section's index page."""
    return _INDEXES[kind](catalog, links)


def _table(head: list[str], rows: Iterable[list[object]]) -> HTML:
    return h("table", h("thead", h("tr", *(h("th", c) for c in head))),
             h("tbody", *(h("tr", *(h("td", c) for c in row)) for row in rows)))


def _practice_index(catalog: Catalog, links: Links) -> HTML:
    groups = []
    for stage_id, stage in catalog.stages.items():
        ids = sorted((pid for pid, p in catalog.practices.items() if p.stage == stage_id), key=lambda i: catalog.practices[i].title)
        if ids:
            groups.append(join(h("h2", links.to(Stage, stage_id, stage.name)),
                               _table(["Practice", "What it is"], ([links.to(Practice, i), catalog.practices[i].summary] for i in ids))))
    return join(*groups)


def _case_index(catalog: Catalog, links: Links) -> HTML:
    ids = sorted(catalog.case_studies, key=lambda i: catalog.case_studies[i].organisation.lower())
    return _table(["Case", "Period", "Verdict", "In brief"],
                  ([links.to(CaseStudy, i), c.period, verdict_badge(c.verdict), c.summary]
                   for i in ids for c in [catalog.case_studies[i]]))


def _function_index(catalog: Catalog, links: Links) -> HTML:
    ids = sorted(catalog.functions, key=lambda i: catalog.functions[i].name.lower())
    return _table(["Function", "What customer obsession means here", "Checklist"],
                  ([links.to(Function, i), f.summary, f"{len(f.checklist)} items"] for i in ids for f in [catalog.functions[i]]))


def _stage_index(catalog: Catalog, links: Links) -> HTML:
    return h("ol", *(h("li", h("strong", links.to(Stage, sid)), ": ", s.summary) for sid, s in catalog.stages.items()),
             class_="pb-stages")


def _journey_index(catalog: Catalog, links: Links) -> HTML:
    return h("ol", *(h("li", h("strong", links.to(JourneyStage, jid)), ": ", j.summary, " ", h("em", f"The customer's goal: {j.customer_goal}"))
                     for jid, j in catalog.journey.items()), class_="pb-journey")


def _metric_index(catalog: Catalog, links: Links) -> HTML:
    ids = sorted(catalog.metrics, key=lambda i: catalog.metrics[i].name.lower())
    return _table(["Metric", "What it measures", "Owned by"],
                  ([links.to(Metric, i), m.definition, _inline(links.to(Function, f) for f in m.owned_by)]
                   for i in ids for m in [catalog.metrics[i]]))


def _stat_index(catalog: Catalog, links: Links) -> HTML:
    return stat_list(catalog, sorted(catalog.stats), links)


def _source_index(catalog: Catalog, links: Links) -> HTML:
    ids = sorted(catalog.sources, key=lambda i: catalog.sources[i].title.lower())
    return _table(["Source", "By", "Date", "Cited by"],
                  ([links.to(Source, i), s.author or s.publisher or "", s.date or "", f"{len(catalog.citations.get(i, []))} records"]
                   for i in ids for s in [catalog.sources[i]]))


_INDEXES: dict[type[Record], Callable[[Catalog, Links], HTML]] = {
    Practice: _practice_index, CaseStudy: _case_index, Function: _function_index, Stage: _stage_index,
    JourneyStage: _journey_index, Metric: _metric_index, Stat: _stat_index, Source: _source_index,
}


def review_queue(catalog: Catalog, data_date: dt.date, links: Links, days: int = REVIEW_DAYS) -> HTML:
    """Overdue records grouped by owner, oldest first: the maintainers' to-do list."""
    late = overdue(catalog, data_date, days)
    if not late:
        return h("p", f"Nothing is overdue: every record was reviewed in the {days} days before {data_date.isoformat()}.")
    by_owner: dict[str, list] = {}
    for item in late:
        by_owner.setdefault(item.record.owner, []).append(item)
    return join(*(join(h("h2", f"{owner} ({len(items)})"),
                       _table(["Record", "Kind", "Last reviewed", "Days since"],
                              ([links.to(i.kind, i.rid), i.kind.kind.replace("-", " "), i.record.last_reviewed.isoformat(), str(i.days)]
                               for i in items)))
                  for owner, items in sorted(by_owner.items(), key=lambda kv: kv[1][0].record.last_reviewed)))
