"""The hostile-input corpus for the browser (tests/hostile_browser.yml): share links, pasted team
records, stored ticks and typed dates, each case one line there, all checked here in one tab."""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path

import pytest
import yaml

pytestmark = pytest.mark.browser

CASES = yaml.safe_load((Path(__file__).parent / "hostile_browser.yml").read_text(encoding="utf-8"))
PAGE = "functions/sales/"


def expand(text: str) -> str:
    """«x*N» -> N copies of x."""
    return re.sub(r"«(.+?)\*(\d+)»", lambda m: m.group(1) * int(m.group(2)), text, flags=re.DOTALL)


def share_hash(case: dict) -> str:
    """The fragment of a share link: the ids, base64url-encoded as the page writes them."""
    if "hash" in case:
        return case["hash"]
    ids = list(case["share"]) * case.get("repeat", 1) + [f"x{n}-unknown" for n in range(case.get("unknown", 0))]
    return "#ticks=" + base64.urlsafe_b64encode(",".join(ids).encode()).decode().rstrip("=")


def pasted(case: dict) -> str:
    extra = "".join(f"  - item: x{n}-unknown-item-of-another-checklist\n    date: 2026-01-01\n" for n in range(case.get("unknown", 0)))
    return expand(case["paste"]) + extra


def test_case_names_are_unique() -> None:
    names = [case["name"] for case in CASES]
    assert len(names) == len(set(names))


def test_hostile_browser_input(browser, site_url: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("dialog", lambda d: d.accept())
    failures = []
    try:
        page.goto(site_url + "404.html")
        for number, case in enumerate(CASES):
            page.evaluate("v => { localStorage.clear(); if (v !== null) localStorage.setItem('playbook-checklist:sales', v); }", case.get("storage"))
            # A query of its own makes each case a new page, even when only the fragment differs.
            page.goto(f"{site_url}{PAGE}?case={number}{share_hash(case) if 'share' in case or 'hash' in case else ''}")
            page.locator(".pb-progress").wait_for(state="visible")
            days = page.evaluate("[window.playbook.today(), window.playbook.latestDate(window.playbook.today())]")
            ids = page.evaluate("window.playbook.fn('sales').items.map(i => i.id)")

            def dated(text: str, days: list[str] = days) -> str:
                return text.replace("{today}", days[0]).replace("{tomorrow}", days[1])

            got: dict[str, object] = {}
            if "panel" in case:
                got["panel"] = page.locator(".pb-shared p:not(.admonition-title)").first.inner_text()
                got["listed"] = page.locator(".pb-shared-list li").count()
            if "paste" in case:
                # As a paste puts it there: typing megabytes key by key is not what a reader does.
                page.locator(".pb-team-paste").evaluate("(box, text) => { box.value = text; }", pasted(case))
                page.locator(".pb-team-replace" if case.get("load") == "replace" else ".pb-team-merge").click()
            for number, day in case.get("dates", []):
                page.locator(f'.pb-team-date-list input[name="{ids[number - 1]}"]').fill(day)
            if case.get("save"):
                page.get_by_label("Team name").fill("Hostile")
                page.get_by_label("Owner (a role, e.g. Head of Sales)").fill("Head of Sales")
                page.get_by_role("button", name="Save as team record").click()
                record = page.locator(".pb-team-yaml").input_value() if page.locator(".pb-team-saved").is_visible() else ""
                got["record"] = [[ids.index(i) + 1, d] for i, d in re.findall(r"  - item: (\S+)\n    date: (\S+)\n", record)]
            got["status"] = page.locator(".pb-team-status").inner_text()
            got["status_length"] = len(got["status"])
            got["ticked"] = page.locator("input.pb-tick:checked").count()
            want = {key: case[key] for key in ("panel", "listed", "status", "ticked", "record") if key in case}
            want = json.loads(dated(json.dumps(want)))
            if {key: got[key] for key in want} != want or got["status_length"] > 600:
                failures.append((case["name"], {key: got.get(key) for key in [*want, "status_length"]}))
    finally:
        context.close()
    assert failures == []
    assert errors == []
