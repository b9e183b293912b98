"""Printable checklists: one sheet per function, and a booklet of them all.

A sheet is made for a workshop: each item has a box, and columns to write its owner, a due
date and notes; the footer says where the checklist lives online and the date of its data.
"""

from __future__ import annotations

from ..catalog import Catalog
from ..model import ChecklistItem, Function, Practice
from . import client
from .fragments import by_name, item_numbers, stage_groups
from .html import HTML, h, join
from .page import Page, Section
from .urls import PRINT_BOOKLET_URL, Links, index_url, print_url, record_url

COLUMNS = ("Owner", "Due", "Notes")
#: The booklet's title, and the names colleagues use for it: search finds the booklet by them alone
#: (its pages are not indexed: they repeat every function's checklist).
BOOKLET_TITLE = "All adoption checklists"
BOOKLET_ALIASES = ("print checklists", "printable checklist", "workshop sheet", "paper checklist")


def print_sheet(catalog: Catalog, function_id: str, data_date: str, site_name: str, heading: str = "h1", site_url: str = "") -> HTML:
    """One function's checklist as a sheet of paper: header with blanks to fill in, black boxes, columns
    to write in, no links; `site_url` (the site's address) goes in the footer with the date of the data."""
    fn = catalog.get(Function, function_id)
    blanks = h("dl", *(join(h("dt", label), h("dd", "")) for label in ("Team", "Completed by", "Date", "Next review")), class_="pb-blanks")
    header = h(
        "header",
        h("p", site_name, " · adoption checklist · data of ", data_date, class_="pb-sheet-meta"),
        h(heading, fn.name, class_="pb-sheet-title"),
        h("p", fn.summary, class_="pb-sheet-summary"),
        blanks,
        class_="pb-sheet-header",
    )
    numbers = item_numbers(fn)

    def item(i: ChecklistItem) -> HTML:
        practice = catalog.get(Practice, i.practice).title
        return h(
            "li",
            h("span", class_="pb-box", data_item=i.id),
            # The practice runs on after the item's text: a line of its own would push long checklists onto a second sheet.
            h(
                "span",
                h("span", f"{numbers[i.id]}. ", class_="pb-item-number"),
                i.text,
                " ",
                h("span", f"Practice: {practice}", class_="pb-item-practice"),
                class_="pb-item-text",
            ),
            *(h("span", h("span", f"{label}:", class_="pb-sr"), _done_on(label), class_=f"pb-write pb-write-{label.lower()}") for label in COLUMNS),
            class_="pb-item",
        )

    stages = []
    for _stage_id, stage, items in stage_groups(catalog, fn):
        # The stage's heading row names the columns to write in, so they cost no line of their own.
        title = h(
            "div",
            h("h2" if heading == "h1" else "h3", stage.name, class_="pb-sheet-stage-name"),
            *(h("span", label, class_="pb-column-label", aria_hidden="true") for label in COLUMNS),
            class_="pb-sheet-stage",
        )
        first = h("div", title, h("ul", item(items[0]), class_="pb-items"), class_="pb-keep")
        rest = h("ul", *(item(i) for i in items[1:]), class_="pb-items") if len(items) > 1 else None
        stages.append(h("section", first, rest, class_="pb-sheet-section"))
    online = join(" · online at ", h("span", f"{site_url.rstrip('/')}/{record_url(Function, function_id)}", class_="pb-sheet-url")) if site_url else None
    footer = h("footer", site_name, online, " · data of ", data_date, class_="pb-sheet-footer")
    return h("article", header, *stages, footer, class_="pb-sheet", data_function=function_id)


def _done_on(column: str) -> HTML | None:
    """With the ticks included, a ticked item's "Due" says when it was done instead (checklist.js fills it in)."""
    return h("span", "", class_="pb-done-on", hidden=True) if column == "Due" else None


def print_controls(back_href: str, back_label: str) -> HTML:
    """Screen-only controls of a printable view; checklist.js shows the ones that need it."""
    return h(
        "div",
        h("a", back_label, href=back_href, class_="pb-back"),
        h("label", h("input", type="checkbox", class_="pb-include-ticks"), " Include the ticks saved in this browser", class_="pb-include", hidden=True),
        h("button", "Print", type="button", class_="pb-print-button", hidden=True),
        h("p", "Prints on A4 or US Letter: choose the paper in the print dialog.", class_="pb-paper"),
        class_="pb-print-controls",
    )


def print_page(catalog: Catalog, function_id: str, data_date: str, site_name: str, site_url: str = "") -> Page:
    """A function's printable checklist."""
    fn = catalog.get(Function, function_id)
    url = print_url(function_id)
    links = Links(catalog, url)
    controls = print_controls(links.url(record_url(Function, function_id)), f"Back to the {fn.name} page")
    body = join(controls, print_sheet(catalog, function_id, data_date, site_name, site_url=site_url), client.element(client.payload(catalog, [function_id])))
    return _print(url, f"{fn.name}: adoption checklist", body, f"{Function.folder}/{function_id}.yml")


def print_booklet(catalog: Catalog, data_date: str, site_name: str, site_url: str = "") -> Page:
    """Every function's checklist in one booklet, one function per page."""
    links = Links(catalog, PRINT_BOOKLET_URL)
    controls = print_controls(links.url(index_url(Function)), "Back to the functions")
    functions = by_name(catalog, Function)
    sheets = (print_sheet(catalog, f, data_date, site_name, site_url=site_url) for f in functions)
    body = join(controls, *sheets, client.element(client.payload(catalog, functions)))
    return _print(PRINT_BOOKLET_URL, BOOKLET_TITLE, body, f"{Function.folder}/")


def _print(url: str, title: str, body: HTML, source: str) -> Page:
    return Page(url=url, title=title, sections=(Section(None, body),), source=source, layout="print", show_title=False)
