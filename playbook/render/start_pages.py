"""'Start here' pages, one per function, chosen from the data by a rule stated on each page.

Nothing is ranked by its name. For a function F:

* Your first items: F's checklist items in maturity-stage order (lowest stage first), and in
  checklist order within a stage; the first three.
* Practices to read first: the practices F's checklist puts into action, the one with the most
  of F's items first; on a tie, the one whose first item comes earlier in that stage order.
  The first five.
* Case studies to know: those that cite one of F's practices, exemplars before cautionary
  tales; then the one citing the higher-ranked practice; then the one citing more of them;
  then the one citing fewer practices in all (the more focused story). The first two
  exemplars and the first cautionary tale.
* The metrics you own: the metrics that name F in `owned_by`, the one measured by more of
  F's items' practices first; then the one measured by the higher-ranked practice; then by
  name, the one place a name decides, between metrics the data cannot tell apart.

No page recommends itself: the function's page and its row on the journey map are links in
the page's introduction, not among the things to read.
"""

from __future__ import annotations

import datetime as dt

from ..catalog import Catalog
from ..maturity import in_stage_order
from ..model import CaseStudy, ChecklistItem, Function, Metric, Practice, Stage
from .fragments import by_name, case_brief, item_numbers
from .html import HTML, h, join
from .page import Page, Section
from .records import review_notice, reviewed_line
from .urls import Links, start_url

FIRST_ITEMS = 3
READ_FIRST = 5
EXEMPLARS = 2
CAUTIONARY = 1


def items_in_stage_order(catalog: Catalog, function_id: str) -> list[ChecklistItem]:
    """The function's checklist, lowest maturity stage first, checklist order within a stage (the order of the maturity rule's next items)."""
    return in_stage_order(catalog, catalog.get(Function, function_id))


def first_items(catalog: Catalog, function_id: str) -> list[ChecklistItem]:
    return items_in_stage_order(catalog, function_id)[:FIRST_ITEMS]


def ranked_practices(catalog: Catalog, function_id: str) -> list[str]:
    """Every practice of the function's checklist: most items first, then by its first item in stage order."""
    count: dict[str, int] = {}
    first: dict[str, int] = {}
    for position, item in enumerate(items_in_stage_order(catalog, function_id)):
        count[item.practice] = count.get(item.practice, 0) + 1
        first.setdefault(item.practice, position)
    return sorted(count, key=lambda practice_id: (-count[practice_id], first[practice_id]))


def ranked_cases(catalog: Catalog, function_id: str) -> list[str]:
    """Case studies citing the function's practices: exemplars first, then the one citing the higher-ranked practice,
    then the one citing more of them, then the more focused one (fewer practices in all)."""
    rank = {practice_id: n for n, practice_id in enumerate(ranked_practices(catalog, function_id))}
    cited: dict[str, list[int]] = {}
    for practice_id, n in rank.items():  # only the cases of these practices: all of them would cost N x N
        for case_id in catalog.referrers(Practice, practice_id, CaseStudy, "practices"):
            cited.setdefault(case_id, []).append(n)
    cases = catalog.of(CaseStudy)
    return sorted(
        cited, key=lambda case_id: (cases[case_id].verdict != "exemplar", min(cited[case_id]), -len(cited[case_id]), len(cases[case_id].practices), case_id)
    )


def to_know(catalog: Catalog, function_id: str) -> list[str]:
    """The case studies on the start page: the first two exemplars and the first cautionary tale."""
    ranked = ranked_cases(catalog, function_id)
    verdict = {case_id: catalog.get(CaseStudy, case_id).verdict for case_id in ranked}
    return [c for c in ranked if verdict[c] == "exemplar"][:EXEMPLARS] + [c for c in ranked if verdict[c] == "cautionary"][:CAUTIONARY]


def ranked_metrics(catalog: Catalog, function_id: str) -> list[str]:
    """Metrics the function owns, the one measured by more of its items' practices first."""
    uses: dict[str, int] = {}
    for item in catalog.get(Function, function_id).checklist:
        for metric_id in catalog.get(Practice, item.practice).metrics:
            uses[metric_id] = uses.get(metric_id, 0) + 1
    best: dict[str, int] = {}
    for n, practice_id in enumerate(ranked_practices(catalog, function_id)):
        for metric_id in catalog.get(Practice, practice_id).metrics:
            best.setdefault(metric_id, n)
    metrics = catalog.of(Metric)
    owned = catalog.referrers(Function, function_id, Metric, "owned_by")
    return sorted(owned, key=lambda metric_id: (-uses.get(metric_id, 0), best.get(metric_id, len(best) + 1), metrics[metric_id].sort_key))


def start_page(catalog: Catalog, function_id: str, data_date: dt.date | None = None) -> Page:
    """A function's "Start here" page; `data_date` adds the overdue notice as on record pages."""
    fn = catalog.get(Function, function_id)
    url = start_url(function_id)
    links = Links(catalog, url)
    practices = catalog.of(Practice)
    fn_href = links.record(Function, function_id)
    intro = h(
        "p",
        "Your function's page, ",
        h("a", fn.name, href=fn_href),
        f", has your adoption checklist of {len(fn.checklist)} items and your self-assessment; ",
        h("a", "your row on the journey map", href=links.function_on_map(function_id)),
        " shows where your practices meet customers, and the gaps. Below: where to begin.",
        class_="pb-start-intro",
    )
    numbers = item_numbers(fn)
    items = h(
        "ol",
        *(
            h(
                "li",
                h("a", item.text, href=links.item(function_id, item.id)),
                " ",
                h("span", f"(item {numbers[item.id]}, ", links.to(Stage, item.stage), ")", class_="pb-kind"),
            )
            for item in first_items(catalog, function_id)
        ),
        class_="pb-first-items",
    )
    counts: dict[str, int] = {}
    for item in fn.checklist:
        counts[item.practice] = counts.get(item.practice, 0) + 1
    read = ranked_practices(catalog, function_id)[:READ_FIRST]
    reading = h(
        "ol",
        *(
            h(
                "li",
                links.to(Practice, practice_id),
                ": ",
                practices[practice_id].summary,
                h("br"),
                h("span", f"{counts[practice_id]} of your items · first step: ", practices[practice_id].how_to_start[0], class_="pb-kind"),
            )
            for practice_id in read
        ),
        class_="pb-read-first",
    )
    cases = to_know(catalog, function_id)
    case_block = (
        join(*(case_brief(catalog, case_id, links, lesson=catalog.get(CaseStudy, case_id).verdict == "cautionary") for case_id in cases))
        if cases
        else h("p", "No case study illustrates these practices yet.")
    )
    owned = ranked_metrics(catalog, function_id)
    metrics = (
        h("ul", *(h("li", links.to(Metric, metric_id), ": ", catalog.get(Metric, metric_id).definition) for metric_id in owned))
        if owned
        else h("p", f"No metric names {fn.name} as its owner yet.")
    )
    how = h("details", h("summary", "How these were chosen"), h("ul", *(h("li", line) for line in RULES)), class_="pb-how-chosen")
    sections = [
        Section(None, join(h("p", fn.summary, class_="pb-lead"), intro)),
        Section(None, review_notice(fn, data_date)),
        Section(
            "Your first items",
            join(
                items, h("p", "Tick them on ", h("a", "your checklist", href=fn_href + "#adoption-checklist"), " when your team does them.", class_="pb-kind")
            ),
        ),
        Section(f"{_count(len(read))} to read first", reading),
        Section("Case studies to know" if len(cases) != 1 else "The case study to know", case_block),
        Section("The metrics you own", metrics),
        Section(None, join(how, reviewed_line(fn.last_reviewed, fn.owner))),
    ]
    return Page(
        url=url, title=f"Start here: {fn.name}", sections=tuple(s for s in sections if s.heading or s.html), source=f"{Function.folder}/{function_id}.yml"
    )


def _count(n: int) -> str:
    word = {1: "One practice", 2: "Two practices", 3: "Three practices", 4: "Four practices", 5: "Five practices"}
    return word.get(n, f"{n} practices")


RULES = [
    "Your first items: your checklist from the lowest maturity stage up, in checklist order within a stage.",
    "Practices: those your checklist puts into action, the one with the most of your items first; "
    "on a tie, the one whose first item comes first in that order.",
    "Case studies: those that cite these practices, exemplars before cautionary tales; then the one that cites the higher-ranked "
    "practice, then the one that cites more of them. Two exemplars and one cautionary tale.",
    "Metrics: those that name your function as their owner, the one measured by more of your practices first.",
    "Nothing is ranked by its name, but metrics the data cannot tell apart.",
]


def start_index(catalog: Catalog, links: Links) -> HTML:
    """Every function as a card: its name and one line, linking its start page."""
    functions = catalog.of(Function)
    return h(
        "ul",
        *(
            h(
                "li",
                h(
                    "a",
                    h("strong", functions[function_id].name, class_="pb-card-title"),
                    h("span", functions[function_id].summary, class_="pb-card-text"),
                    href=links.url(start_url(function_id)),
                ),
                class_="pb-function-card",
            )
            for function_id in by_name(catalog, Function)
        ),
        class_="pb-function-cards",
    )
