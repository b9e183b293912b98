"""The customer-journey map: functions down the side, journey stages across the top.

A cell holds the practices of that function that touch that stage of the journey, each with
the numbers of the function's checklist items that put it into action. An empty cell is shown
as a gap on purpose: it is where a customer meets the company and nobody in that function has
a practice for it yet.
"""

from __future__ import annotations

from ..catalog import Catalog
from ..model import Function, JourneyStage, Practice
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
    head = h("tr", h("th", "Function", scope="col", class_="pb-map-corner"),
             *(h("th", links.to(JourneyStage, journey_stage_id), scope="col", id=f"col-{journey_stage_id}", data_journey=journey_stage_id) for journey_stage_id in stages))
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
            cells.append(h("td", h("ul", *(h("li", links.to(Practice, practice_id), _items(catalog, links, function_id, nums))
                                             for practice_id, nums in found), class_="pb-map-practices"),
                           class_="pb-cell", data_journey=journey_stage_id))
        rows.append(h("tr", h("th", links.to(Function, function_id), scope="row"), *cells, id=f"row-{function_id}", data_function=function_id))
    caption = h("caption", f"{len(functions)} functions (rows) across {len(stages)} stages of the customer journey (columns). "
                           f"Each cell lists the function's practices for that stage and the numbers of its checklist items; "
                           f"{gaps} {'cell is a gap' if gaps == 1 else 'cells are gaps'}.")
    focus = h("div",
              h("p", "", class_="pb-map-focus-text"),
              h("button", "Show only this", type="button", class_="md-button pb-map-only"),
              h("button", "Show the whole map", type="button", class_="md-button pb-map-all"),
              class_="pb-map-focus", role="region", aria_label="Highlight on the map", hidden=True, data_search_exclude=True)
    table = h("table", caption, h("thead", head), h("tbody", *rows), class_="pb-map")
    # A focusable, named region: keyboard users can scroll the wide table sideways.
    scroller = h("div", table, class_="pb-map-scroll", tabindex="0", role="region", aria_label="Customer-journey map",
                 data_search_exclude=True)  # it repeats the practice and item pages, which search should find first
    return join(focus, scroller)


def _items(catalog: Catalog, links: Links, function_id: str, numbers: list[int]) -> HTML | None:
    if not numbers:
        return None
    fn = catalog.get(Function, function_id)
    # The item's text is there for screen readers, hidden on screen and paper, where the number is enough.
    return h("span", " · items ", *(
        join(", " if i else None, h("a", str(n), h("span", f" ({fn.name} checklist item: {fn.checklist[n - 1].text})", class_="pb-sr"),
                                    href=links.item(function_id, fn.checklist[n - 1].id)))
        for i, n in enumerate(numbers)), class_="pb-map-items")
