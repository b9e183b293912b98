"""The customer-journey map: functions down the side, journey stages across the top.

A cell holds the practices of that function that touch that stage of the journey, each with
the numbers of the function's checklist items that put it into action. An empty cell is shown
as a gap on purpose: it is where a customer meets the company and nobody in that function has
a practice for it yet.
"""

from __future__ import annotations

from ..catalog import Catalog
from ..model import Function, JourneyStage, Metric, Practice
from .fragments import by_name, item_numbers
from .html import HTML, h, join
from .urls import Links


def cell(catalog: Catalog, function_id: str, journey_stage_id: str) -> list[tuple[str, list[int]]]:
    """(practice id, numbers of the function's checklist items for it) for one cell, by practice title.

    A practice is in the cell when it touches the journey stage and either names the function
    or one of the function's checklist items puts it into action. Item numbers count from 1 in
    checklist order, as on the function's page.
    """
    fn = catalog.get(Function, function_id)
    numbers: dict[str, list[int]] = {}
    number = item_numbers(fn)
    for item in fn.checklist:
        numbers.setdefault(item.practice, []).append(number[item.id])
    candidates = dict.fromkeys([*catalog.referrers(Function, function_id, Practice, "functions"), *numbers])  # not every practice: N x N
    practices = catalog.of(Practice)
    found = by_name(catalog, Practice, [practice_id for practice_id in candidates if journey_stage_id in practices[practice_id].journey])
    return [(practice_id, numbers.get(practice_id, [])) for practice_id in found]


def journey_map(catalog: Catalog, links: Links) -> HTML:
    """The whole map as an accessible table, with the (JavaScript-only) highlight and filter bar."""
    stages = catalog.journey
    functions = by_name(catalog, Function)
    head = h(
        "tr",
        h("th", "Function", scope="col", class_="pb-map-corner"),
        *(
            h("th", links.to(JourneyStage, journey_stage_id), scope="col", id=f"col-{journey_stage_id}", data_journey=journey_stage_id)
            for journey_stage_id in stages
        ),
    )
    rows = []
    gaps = 0
    for function_id in functions:
        cells = []
        for journey_stage_id in stages:
            found = cell(catalog, function_id, journey_stage_id)
            if not found:
                gaps += 1
                cells.append(h("td", h("span", "Gap: no practice yet", class_="pb-gap-text"), class_="pb-cell pb-gap", data_journey=journey_stage_id))
                continue
            cells.append(
                h(
                    "td",
                    h(
                        "ul",
                        *(h("li", links.to(Practice, practice_id), _items(catalog, links, function_id, nums)) for practice_id, nums in found),
                        class_="pb-map-practices",
                    ),
                    class_="pb-cell",
                    data_journey=journey_stage_id,
                )
            )
        rows.append(h("tr", h("th", links.to(Function, function_id), scope="row"), *cells, id=f"row-{function_id}", data_function=function_id))
    caption = h(
        "caption",
        f"{len(functions)} functions (rows) across {len(stages)} stages of the customer journey (columns). "
        f"Each cell lists the function's practices for that stage and the numbers of its checklist items; "
        f"{gaps} {'cell is a gap' if gaps == 1 else 'cells are gaps'}.",
    )
    focus = h(
        "div",
        h("p", "", class_="pb-map-focus-text"),
        h("button", "Show only this", type="button", class_="md-button pb-map-only"),
        h("button", "Show the whole map", type="button", class_="md-button pb-map-all"),
        class_="pb-map-focus",
        role="region",
        aria_label="Highlight on the map",
        hidden=True,
        data_search_exclude=True,
    )
    table = h("table", caption, h("thead", head), h("tbody", *rows), class_="pb-map")
    # A focusable, named region: keyboard users can scroll the wide table sideways.
    scroller = h(
        "div", table, class_="pb-map-scroll", tabindex="0", role="region", aria_label="Customer-journey map", data_search_exclude=True
    )  # it repeats the practice and item pages, which search should find first
    # On a phone the table is a wall: one function's journey as a list reads better. journey-map.js
    # fills the list from the table's row, so the page holds the map once.
    phone = h(
        "div",
        h(
            "label",
            "Show the journey of ",
            h(
                "select",
                *(h("option", catalog.get(Function, f).name, value=f) for f in functions),
                h("option", "every function (the whole map)", value=""),
                class_="pb-map-pick",
            ),
        ),
        h("div", class_="pb-map-one", aria_live="polite"),
        class_="pb-map-phone",
        hidden=True,
        data_search_exclude=True,
    )
    return join(focus, phone, scroller)


def _items(catalog: Catalog, links: Links, function_id: str, numbers: list[int]) -> HTML | None:
    if not numbers:
        return None
    fn = catalog.get(Function, function_id)
    # The item's text is there for screen readers, hidden on screen and paper, where the number is enough.
    return h(
        "span",
        " · items ",
        *(
            join(
                ", " if i else None,
                h(
                    "a",
                    str(n),
                    h("span", f" ({fn.name} checklist item: {fn.checklist[n - 1].text})", class_="pb-sr"),
                    href=links.item(function_id, fn.checklist[n - 1].id),
                ),
            )
            for i, n in enumerate(numbers)
        ),
        class_="pb-map-items",
    )


def at_journey_stage(catalog: Catalog, journey_stage_id: str, links: Links) -> HTML:
    """Per function, the checklist items for one journey stage, and the metrics that fit it.

    An item is for the stage when its practice touches the stage (the same rule as the map's
    cells); the metrics are those its practices measure with, in the order the items name them.
    Functions with no item here are named at the end: they are the map's gaps in this column.
    """
    practices = catalog.of(Practice)
    blocks = []
    gaps = []
    for function_id in by_name(catalog, Function):
        fn = catalog.get(Function, function_id)
        numbers = item_numbers(fn)
        items = [i for i in fn.checklist if journey_stage_id in practices[i.practice].journey]
        if not items:
            gaps.append(function_id)
            continue
        metrics = list(dict.fromkeys(m for i in items for m in practices[i.practice].metrics))
        blocks.append(
            h(
                "section",
                h("h3", links.to(Function, function_id), id=f"fn-{function_id}"),
                h(
                    "ul",
                    *(
                        h(
                            "li",
                            h("a", f"{numbers[i.id]}. {i.text}", href=links.item(function_id, i.id)),
                            h("span", " · practice: ", links.to(Practice, i.practice), class_="pb-kind"),
                        )
                        for i in items
                    ),
                    class_="pb-journey-items",
                ),
                h("p", "Measure it with: ", HTML(", ".join(links.to(Metric, m) for m in metrics)), class_="pb-journey-metrics") if metrics else None,
                class_="pb-journey-function",
                data_function=function_id,
            )
        )
    if gaps:
        blocks.append(
            h(
                "p",
                h("strong", "No checklist item here yet: "),
                HTML(", ".join(links.to(Function, f) for f in gaps)),
                " (the gaps in this column of the map).",
                class_="pb-journey-gaps",
            )
        )
    return join(*blocks)
