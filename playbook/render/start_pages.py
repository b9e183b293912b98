"""'Start here' pages, one per function, chosen from the data by rules stated on each page.

* Practices to adopt this quarter: the first three practices the function's checklist puts
  into action, taking its items from the lowest maturity stage first, in checklist order.
* Relevance of a practice to a function: two points for each of the function's checklist
  items that puts it into action, one if the practice names the function.
* The most relevant case study: the one whose practices add up to the most relevance;
  on a tie an exemplar comes before a cautionary tale, then by name.
* Five things to read first: the function's page, its row on the journey map, then the most
  relevant practices that are not already among the three to adopt.
* The metrics it owns: every metric that names the function in `owned_by`.
"""

from __future__ import annotations

import datetime as dt

from ..catalog import Catalog
from ..model import CaseStudy, Function, Metric, Practice
from .fragments import by_name, case_brief
from .html import HTML, h, join
from .page import Page, Section
from .records import review_notice, reviewed_line
from .urls import Links, start_url

READ_FIRST = 5
ADOPT = 3


def relevance(catalog: Catalog, function_id: str) -> dict[str, int]:
    """Practice id -> relevance to the function (only practices with some)."""
    fn = catalog.get(Function, function_id)
    score: dict[str, int] = {}
    for item in fn.checklist:
        score[item.practice] = score.get(item.practice, 0) + 2
    for practice_id in catalog.referrers(Function, function_id, Practice, "functions"):
        score[practice_id] = score.get(practice_id, 0) + 1
    return score


def to_adopt(catalog: Catalog, function_id: str) -> list[str]:
    """The first three practices of the checklist, lowest stage first."""
    fn = catalog.get(Function, function_id)
    order = {stage_id: n for n, stage_id in enumerate(catalog.stages)}
    items = sorted(enumerate(fn.checklist), key=lambda pair: (order.get(pair[1].stage, len(order)), pair[0]))
    chosen: list[str] = []
    for _, item in items:
        if item.practice not in chosen:
            chosen.append(item.practice)
        if len(chosen) == ADOPT:
            break
    return chosen


def best_case(catalog: Catalog, function_id: str) -> str | None:
    score = relevance(catalog, function_id)
    totals: dict[str, int] = {}
    for practice_id, points in score.items():  # only the cases of relevant practices: all of them would cost N x N
        for case_id in catalog.referrers(Practice, practice_id, CaseStudy, "practices"):
            totals[case_id] = totals.get(case_id, 0) + points
    cases = catalog.of(CaseStudy)
    ranked = sorted(totals, key=lambda case_id: (-totals[case_id], cases[case_id].verdict != "exemplar", cases[case_id].sort_key))
    return ranked[0] if ranked else None


def to_read(catalog: Catalog, function_id: str) -> list[str]:
    """Practice ids for the reading list, after the function's page and its journey-map row."""
    score = relevance(catalog, function_id)
    adopt = set(to_adopt(catalog, function_id))
    practices = catalog.of(Practice)
    ranked = sorted((practice_id for practice_id in score if practice_id not in adopt), key=lambda practice_id: (-score[practice_id], practices[practice_id].sort_key))
    return ranked[:READ_FIRST - 2]


def start_page(catalog: Catalog, function_id: str, data_date: dt.date | None = None) -> Page:
    """A function's "Start here" page; `data_date` adds the overdue notice as on record pages."""
    fn = catalog.get(Function, function_id)
    url = start_url(function_id)
    links = Links(catalog, url)
    practices = catalog.of(Practice)
    fn_href = links.record(Function, function_id)
    stages = len({i.stage for i in fn.checklist})
    reading = [h("li", h("a", f"{fn.name}", href=fn_href), ": what customer obsession means in your job, and your checklist of "
                       f"{len(fn.checklist)} items in {stages} maturity stage{'s' if stages != 1 else ''}."),
               h("li", h("a", "Your row on the customer-journey map", href=links.function_on_map(function_id)),
                 ": where your practices meet customers, and the gaps.")]
    for practice_id in to_read(catalog, function_id):
        reading.append(h("li", links.to(Practice, practice_id), ": ", practices[practice_id].summary))
    adopt = [h("li", links.to(Practice, practice_id), ": ", practices[practice_id].summary,
               h("br"), h("span", "First step: ", practices[practice_id].how_to_start[0], class_="pb-kind"))
             for practice_id in to_adopt(catalog, function_id)]
    case_id = best_case(catalog, function_id)
    case_block = (case_brief(catalog, case_id, links, lesson=False) if case_id
                  else h("p", "No case study illustrates this function's practices yet."))
    owned = catalog.referrers(Function, function_id, Metric, "owned_by")
    metrics = (h("ul", *(h("li", links.to(Metric, metric_id), ": ", catalog.get(Metric, metric_id).definition) for metric_id in owned)) if owned
               else h("p", f"No metric names {fn.name} as its owner yet."))
    assess = h("p", "Where does your team stand? Tick what you already do on ",
               h("a", "your checklist", href=fn_href + "#adoption-checklist"), ", then read your result in the ",
               h("a", "self-assessment", href=fn_href + "#self-assessment"), ".")
    how = h("details", h("summary", "How these were chosen"), h("ul", *(h("li", line) for line in _RULES)), class_="pb-how-chosen")
    sections = [
        Section(None, h("p", fn.summary, class_="pb-lead")),
        Section(None, review_notice(fn, data_date)),
        Section("Five things to read first", h("ol", *reading)),
        Section("Three practices to adopt this quarter", h("ol", *adopt)),
        Section("The case study to know", case_block),
        Section("The metrics you own", metrics),
        Section("Where you stand", assess),
        Section(None, join(how, reviewed_line(fn))),
    ]
    return Page(url=url, title=f"Start here: {fn.name}", sections=tuple(s for s in sections if s.heading or s.html),
                source=f"{Function.folder}/{function_id}.yml")


_RULES = [
    "Practices to adopt this quarter: the first three practices your checklist puts into action, from the lowest maturity stage first.",
    "Relevance of a practice: two points for each of your checklist items that puts it into action, one if the practice names your function.",
    "The case study: the one whose practices add up to the most relevance; on a tie an exemplar comes first.",
    "Reading: your function's page, your row on the journey map, then the most relevant practices not already among the three to adopt.",
    "Metrics: every metric that names your function as its owner.",
]


def start_index(catalog: Catalog, links: Links) -> HTML:
    """Links to every start page, by function name."""
    functions = catalog.of(Function)
    return h("ul", *(h("li", h("a", f"Start here: {functions[function_id].name}", href=links.url(start_url(function_id))))
                     for function_id in by_name(catalog, Function)), class_="pb-start-links")
