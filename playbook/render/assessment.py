"""Maturity self-assessment: the rules, stated from the stage records, and the markup
that docs/assets/assessment.js brings to life in the browser.

The rules are data: each stage's `reached_at_percent`. A stage is reached when at least that
share of the function's checklist items for it are done and every earlier stage is reached;
the team is placed at the highest stage reached (playbook/maturity.py; in the browser, the same
rule from the page's contract, client.py). Everything is computed in the browser from the ticks
stored there; nothing is sent anywhere. Before the first tick the page invites the reader to
tick rather than greet a first visit with a verdict. There are no questions that repeat the
checklist: the checklist is the questionnaire.
"""

from __future__ import annotations

from ..catalog import Catalog
from ..maturity import place
from ..model import Function
from . import client
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


def self_assessment(catalog: Catalog, function_id: str) -> HTML:
    """The self-assessment block of a function page: the rule, then the result of the ticks (assessment.js)."""
    fn = catalog.get(Function, function_id)
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
        data_function=function_id,
        data_search_exclude=True,
    )


def overview(catalog: Catalog, links: Links) -> HTML:
    """Every function's stage, side by side, from the ticks stored in this browser (filled in by assessment.js)."""
    functions = by_name(catalog, Function)
    head = h(
        "tr",
        h("th", "Function", scope="col"),
        h("th", "Stage", scope="col"),
        *(h("th", s.name, h("br"), h("span", f"needs {s.reached_at_percent}%", class_="pb-kind"), scope="col") for s in catalog.stages.values()),
    )
    rows = []
    for function_id in functions:
        fn = catalog.get(Function, function_id)
        per_stage = [h("td", s.done_text, class_="pb-ov-stage", data_stage=s.stage_id) for s in place(catalog, fn, ()).stages]
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
        client.element(client.payload(catalog, functions)),
        class_="pb-assessment-overview",
        data_search_exclude=True,
    )
