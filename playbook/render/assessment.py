"""Maturity self-assessment: the rules, stated from the stage records, and the markup
that docs/assets/assessment.js brings to life in the browser.

The rules are data: each stage's `reached_at_percent`. A stage is reached when at least that
share of the function's checklist items for it are done and every earlier stage is reached;
the team is placed at the highest stage reached. Everything is computed in the browser from
the ticks stored there; nothing is sent anywhere. Before the first tick the page invites the
reader to tick rather than greet a first visit with a verdict. There are no questions that
repeat the checklist: the checklist is the questionnaire.
"""

from __future__ import annotations

import json

from ..catalog import Catalog
from ..model import ChecklistItem, Function
from .fragments import by_name
from .html import HTML, h, join
from .urls import Links


def not_yet(catalog: Catalog) -> str:
    """The placement before the first stage is reached, e.g. 'Not yet customer-focused'."""
    first = next(iter(catalog.stages.values()), None)
    if first is None:  # data with no stages yet: nothing to place a team at
        return "Not yet placed: the maturity model has no stages"
    return f"Not yet {first.name[:1].lower()}{first.name[1:]}"


def rules(catalog: Catalog) -> HTML:
    """The rule in one sentence, with each stage's share from the stage records.

    assessment.js reads the stage names from here (`data-stage`): record text reaches the
    script only as the text of elements, never inside an attribute.
    """
    stages = list(catalog.stages.items())
    shares = []
    for n, (stage_id, s) in enumerate(stages):
        sep = None if n == 0 else " and " if n == len(stages) - 1 else ", "
        shares.append(join(sep, h("span", h("strong", s.name, class_="pb-rule-stage"), f" {s.reached_at_percent}%", data_stage=stage_id)))
    return h(
        "p",
        "Your stage is the highest one reached, and a stage is reached when every earlier stage is and at least its share "
        "of your checklist items for it is done: ",
        *shares,
        " (until the first is reached: ",
        h("em", not_yet(catalog), class_="pb-not-yet"),
        ").",
        class_="pb-rules",
    )


def _stages_json(catalog: Catalog) -> list[dict[str, object]]:
    """Ids and numbers only; names come from the page's text."""
    return [{"id": stage_id, "percent": s.reached_at_percent} for stage_id, s in catalog.stages.items()]


def self_assessment(catalog: Catalog, function_id: str) -> HTML:
    """The self-assessment block of a function page: the rule, then the result of the ticks (assessment.js)."""
    fn = catalog.get(Function, function_id)
    data = {"function": function_id, "stages": _stages_json(catalog), "items": [{"id": i.id, "stage": i.stage} for i in fn.checklist]}
    app = h(
        "div",
        h(
            "div",
            h("p", "Tick what your team already does on the checklist above: your stage shows here as you tick.", class_="pb-invite"),
            class_="pb-result",
            aria_live="polite",
        ),
        h(
            "div",
            h("button", "Copy as Markdown", type="button", class_="md-button pb-copy"),
            h("button", "Print summary", type="button", class_="md-button pb-print-summary"),
            h("span", "", class_="pb-copy-status", role="status"),
            class_="pb-result-actions",
            hidden=True,
        ),
        h(
            "label",
            "The summary as Markdown, to paste into your team's notes:",
            h("textarea", "", class_="pb-markdown", readonly=True, rows="8"),
            class_="pb-markdown-label",
            hidden=True,
        ),
        class_="pb-assessment-app",
        hidden=True,
    )
    return h(
        "div",
        rules(catalog),
        h("span", fn.name, class_="pb-function-name", hidden=True),
        h("noscript", h("p", "The result needs JavaScript; with the rule above you can work it out from the checklist by hand.")),
        app,
        class_="pb-assessment",
        data_assessment=json.dumps(data, separators=(",", ":"), sort_keys=True),
        data_search_exclude=True,
    )


def overview(catalog: Catalog, links: Links) -> HTML:
    """Every function's stage, side by side, from the ticks stored in this browser (filled in by assessment.js)."""
    functions = by_name(catalog, Function)
    data = {
        "stages": _stages_json(catalog),
        "functions": [
            _with_formerly(
                catalog.get(Function, function_id),
                {"id": function_id, "items": [_with_formerly(i, {"id": i.id, "stage": i.stage}) for i in catalog.get(Function, function_id).checklist]},
            )
            for function_id in functions
        ],
    }
    head = h(
        "tr",
        h("th", "Function", scope="col"),
        h("th", "Stage", scope="col"),
        *(h("th", s.name, h("br"), h("span", f"needs {s.reached_at_percent}%", class_="pb-kind"), scope="col") for s in catalog.stages.values()),
    )
    rows = []
    for function_id in functions:
        fn = catalog.get(Function, function_id)
        per_stage = []
        for stage_id in catalog.stages:
            total = sum(1 for i in fn.checklist if i.stage == stage_id)
            per_stage.append(h("td", f"0 of {total}", class_="pb-ov-stage", data_stage=stage_id))
        rows.append(
            h(
                "tr",
                h("th", h("a", fn.name, href=links.record(Function, function_id) + "#self-assessment"), scope="row"),
                h("td", "No ticks saved", class_="pb-ov-result"),
                *per_stage,
                data_function=function_id,
            )
        )
    # No class on the table: Material styles it, and wraps it to scroll sideways on a narrow screen.
    table = h("table", h("caption", "Each function's stage, from the ticks saved in this browser"), h("thead", head), h("tbody", *rows))
    return h(
        "div",
        rules(catalog),
        h("noscript", h("p", "This overview reads the ticks stored in your browser, which needs JavaScript.")),
        table,
        class_="pb-assessment-overview",
        data_overview=json.dumps(data, separators=(",", ":"), sort_keys=True),
        data_search_exclude=True,
    )


def _with_formerly(record: Function | ChecklistItem, data: dict[str, object]) -> dict[str, object]:
    """Earlier ids, where there are any, so that playbook.js moves the ticks saved under them."""
    return {**data, "formerly": list(record.formerly)} if getattr(record, "formerly", None) else data
