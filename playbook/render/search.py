"""Search entries that are not pages: each checklist item, titled with its text."""

from __future__ import annotations

from ..catalog import Catalog
from ..model import Function, Practice
from .html import h, text
from .urls import item_anchor, record_url


def checklist_search_entries(catalog: Catalog) -> list[dict[str, object]]:
    """One search entry per checklist item, titled with the item's text.

    Search weighs titles far above body text, so a person who types words from an item finds
    the item itself, on its function's page, before practices that use the same words.
    """
    entries: list[dict[str, object]] = []
    for function_id, fn in sorted(catalog.of(Function).items()):
        for item in fn.checklist:
            where = (f"{fn.name} checklist \u00b7 {catalog.stages[item.stage].name} \u00b7 "
                     f"Practice: {catalog.get(Practice, item.practice).title}")
            entries.append({"location": f"{record_url(Function, function_id)}#{item_anchor(item.id)}", "title": str(text(item.text)),
                            "text": str(h("p", where)), "boost": 2})
    return entries
