"""Ticks in the browser are read without prototype lookups: an item id that Object.prototype also
carries (`constructor`) is not ticked in a fresh browser, and poisoned storage ticks nothing."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import SMALL, run_cli, serve, write_data

pytestmark = pytest.mark.browser

# The sales checklist with an item whose id every plain JavaScript object already "has".
SALES = SMALL["functions/sales.yml"].replace("id: buyer-funnel", "id: constructor")


@pytest.fixture
def prototype_site(project: Path):
    write_data(project / "playbook_data", {"functions/sales.yml": SALES})
    result = run_cli("build", cwd=project)
    assert result.returncode == 0, result.stderr
    url, server = serve(project / "site")
    yield url
    server.shutdown()


def open_sales(page, url: str) -> None:
    page.goto(f"{url}functions/sales/")
    page.locator(".pb-progress").wait_for(state="visible")


def state(page) -> tuple[str, bool, str]:
    """(progress, whether the 'constructor' box is ticked, the self-assessment's explanation)."""
    return (
        page.locator(".pb-progress").inner_text(),
        page.locator('.pb-item[data-item="constructor"] input.pb-tick').is_checked(),
        page.locator(".pb-result").inner_text(),
    )


#: Before any tick, the self-assessment invites a tick instead of giving a verdict.
NOTHING_DONE = "Tick what your team already does on the checklist above: your stage shows here as you tick."


def test_an_item_called_constructor_starts_unticked_and_can_be_ticked_and_unticked(browser, prototype_site: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        open_sales(page, prototype_site)
        assert state(page) == ("0 of 3 done", False, NOTHING_DONE)
        page.locator('.pb-item[data-item="constructor"] input.pb-tick').check()
        assert state(page)[:2] == ("1 of 3 done", True)
        stored = page.evaluate("JSON.parse(localStorage.getItem('playbook-checklist:sales'))")
        assert list(stored) == ["constructor"] and re.fullmatch(r"\d{4}-\d{2}-\d{2}", stored["constructor"])  # the day it was ticked
        page.locator('.pb-item[data-item="constructor"] input.pb-tick').uncheck()
        assert state(page) == ("0 of 3 done", False, NOTHING_DONE)
        page.reload()
        page.locator(".pb-progress").wait_for(state="visible")
        assert state(page) == ("0 of 3 done", False, NOTHING_DONE)
        page.goto(f"{prototype_site}self-assessment/")
        assert page.locator('tr[data-function="sales"] .pb-ov-result').inner_text() == "No ticks saved"
    finally:
        context.close()
    assert errors == []


POISONED = {"__proto__": {"constructor": True, "shared-record": True}, "toString": True, "hasOwnProperty": True, "valueOf": True, "shared-record": "yes"}


def test_poisoned_storage_ticks_nothing(browser, prototype_site: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(prototype_site)
        page.evaluate("value => localStorage.setItem('playbook-checklist:sales', value)", json.dumps(POISONED))
        open_sales(page, prototype_site)
        assert state(page) == ("0 of 3 done", False, NOTHING_DONE)
        assert page.locator("input.pb-tick:checked").count() == 0
        page.goto(f"{prototype_site}print/functions/sales/?ticks=1")
        assert page.locator(".pb-box.is-ticked").count() == 0
    finally:
        context.close()
    assert errors == []


REFUSED = (
    "This browser does not let the page store ticks (private browsing, or storage full or turned off): "
    "your ticks count on this page until you leave it, and are not saved."
)


def test_when_storage_refuses_ticks_stay_for_the_page_and_the_page_says_they_are_not_saved(browser, prototype_site: str) -> None:
    context = browser.new_context()
    context.add_init_script("Storage.prototype.setItem = function () { throw new DOMException('The quota has been exceeded.', 'QuotaExceededError'); };")
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        open_sales(page, prototype_site)
        notice = page.locator(".pb-unsaved")
        assert notice.is_hidden()
        page.locator('.pb-item[data-item="constructor"] input.pb-tick').check()
        page.locator('.pb-item[data-item="shared-record"] input.pb-tick').check()
        assert page.locator("input.pb-tick:checked").count() == 2 and page.locator(".pb-progress").inner_text() == "2 of 3 done"
        assert notice.is_visible() and notice.inner_text() == REFUSED and notice.get_attribute("role") == "alert"
        assert page.locator(".pb-result-stage").inner_text() == "Customer-centric"
        # Every block that re-reads the ticks (a team record loaded, another tab) sees them too.
        page.evaluate("window.dispatchEvent(new StorageEvent('storage', {key: 'playbook-checklist:sales', storageArea: localStorage}))")
        assert page.locator("input.pb-tick:checked").count() == 2 and page.locator(".pb-progress").inner_text() == "2 of 3 done"
        page.locator('.pb-item[data-item="constructor"] input.pb-tick').uncheck()
        assert page.locator("input.pb-tick:checked").count() == 1 and page.locator(".pb-progress").inner_text() == "1 of 3 done"
    finally:
        context.close()
    assert errors == []
