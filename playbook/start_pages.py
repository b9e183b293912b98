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

from .catalog import Catalog
from .html import HTML, h, join, text
from .model import CaseStudy, Function, Metric, Practice
from .render import Links, Page, function_map_link, generated_page, record_url, review_notice, verdict_badge

READ_FIRST = 5
ADOPT = 3


def start_url(function_id: str) -> str:
    """Site-relative URL of a function's start page."""
    return f"start/{function_id}/"


def start_src(function_id: str) -> str:
    return f"start/{function_id}.md"


def relevance(catalog: Catalog, function_id: str) -> dict[str, int]:
    """Practice id -> relevance to the function (only practices with some)."""
    fn = catalog.functions[function_id]
    score: dict[str, int] = {}
    for item in fn.checklist:
        score[item.practice] = score.get(item.practice, 0) + 2
    for pid in catalog.practices_for_function.get(function_id, []):
        score[pid] = score.get(pid, 0) + 1
    return score


def to_adopt(catalog: Catalog, function_id: str) -> list[str]:
    """The first three practices of the checklist, lowest stage first."""
    fn = catalog.functions[function_id]
    order = {sid: n for n, sid in enumerate(catalog.stages)}
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
    for pid, points in score.items():  # only the cases of relevant practices: all of them would cost N x N
        for cid in catalog.cases_for_practice.get(pid, []):
            totals[cid] = totals.get(cid, 0) + points
    ranked = sorted(totals, key=lambda cid: (-totals[cid], catalog.case_studies[cid].verdict != "exemplar",
                                             catalog.case_studies[cid].organisation.lower()))
    return ranked[0] if ranked else None


def to_read(catalog: Catalog, function_id: str) -> list[str]:
    """Practice ids for the reading list, after the function's page and its journey-map row."""
    score = relevance(catalog, function_id)
    adopt = set(to_adopt(catalog, function_id))
    ranked = sorted((pid for pid in score if pid not in adopt), key=lambda pid: (-score[pid], catalog.practices[pid].title.lower()))
    return ranked[:READ_FIRST - 2]


def start_page(catalog: Catalog, function_id: str, data_date: dt.date | None = None) -> Page:
    """A function's "Start here" page; `data_date` adds the overdue notice as on record pages."""
    fn = catalog.functions[function_id]
    links = Links(catalog, start_url(function_id))
    fn_href = links.url(record_url(Function, function_id))
    stages = len({i.stage for i in fn.checklist})
    reading = [h("li", h("a", f"{fn.name}", href=fn_href), ": what customer obsession means in your job, and your checklist of "
                       f"{len(fn.checklist)} items in {stages} maturity stage{'s' if stages != 1 else ''}."),
               h("li", h("a", f"Your row on the customer-journey map", href=function_map_link(links, function_id)),
                 ": where your practices meet customers, and the gaps.")]
    for pid in to_read(catalog, function_id):
        reading.append(h("li", links.to(Practice, pid), ": ", catalog.practices[pid].summary))
    adopt = [h("li", links.to(Practice, pid), ": ", catalog.practices[pid].summary,
               h("br"), h("span", "First step: ", catalog.practices[pid].how_to_start[0], class_="pb-kind"))
             for pid in to_adopt(catalog, function_id)]
    case_id = best_case(catalog, function_id)
    if case_id:
        case = catalog.case_studies[case_id]
        case_block = join(h("p", h("strong", links.to(CaseStudy, case_id)), " ", verdict_badge(case.verdict)), h("p", case.summary))
    else:
        case_block = h("p", "No case study illustrates this function's practices yet.")
    owned = catalog.metrics_for_function.get(function_id, [])
    metrics = (h("ul", *(h("li", links.to(Metric, mid), ": ", catalog.metrics[mid].definition) for mid in owned)) if owned
               else h("p", f"No metric names {fn.name} as its owner yet."))
    assess = h("p", "Where does your team stand? Tick what you already do on ",
               h("a", "your checklist", href=fn_href + "#adoption-checklist"), ", then read your result in the ",
               h("a", "self-assessment", href=fn_href + "#self-assessment"), ".")
    how = h("details", h("summary", "How these were chosen"), h("ul", *(h("li", line) for line in _RULES)), class_="pb-how-chosen")
    parts: list[tuple[str | None, HTML | None]] = [
        (f"# Start here: {text(fn.name)}", None),
        (None, h("p", fn.summary, class_="pb-lead")),
        (None, review_notice(fn, data_date)),
        ("## Five things to read first", h("ol", *reading)),
        ("## Three practices to adopt this quarter", h("ol", *adopt)),
        ("## The case study to know", case_block),
        ("## The metrics you own", metrics),
        ("## Where you stand", assess),
        (None, join(how, h("p", f"Last reviewed {fn.last_reviewed.isoformat()} by {fn.owner}", class_="pb-reviewed"))),
    ]
    return generated_page({"render_macros": False}, [(heading, block) for heading, block in parts if heading or block])


_RULES = [
    "Practices to adopt this quarter: the first three practices your checklist puts into action, from the lowest maturity stage first.",
    "Relevance of a practice: two points for each of your checklist items that puts it into action, one if the practice names your function.",
    "The case study: the one whose practices add up to the most relevance; on a tie an exemplar comes first.",
    "Reading: your function's page, your row on the journey map, then the most relevant practices not already among the three to adopt.",
    "Metrics: every metric that names your function as its owner.",
]


def start_index(catalog: Catalog, links: Links) -> HTML:
    """Links to every start page, by function name."""
    functions = sorted(catalog.functions, key=lambda f: catalog.functions[f].name.lower())
    return h("ul", *(h("li", h("a", f"Start here: {catalog.functions[fid].name}", href=links.url(start_url(fid))))
                     for fid in functions), class_="pb-start-links")
