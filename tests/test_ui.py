"""How the site looks on every screen: colours that follow the system until the reader picks them,
the front page's functions above the fold, the adoption page on a phone, and a chart whose size is
bounded by what it shows."""

from __future__ import annotations

import json

import pytest
from conftest import Watched

# Colours ---------------------------------------------------------------------------------------------


def scheme(page) -> str:
    return page.evaluate("document.body.dataset.mdColorScheme")


def toggle(page):
    """The header's colour toggle as shown now: one label per state, naming the state and the next one."""
    return page.locator("label.md-header__button[for^='__palette']:visible")


def stored_palette(page) -> dict:
    """The palette Material stored, or {} when it is not JSON."""
    return page.evaluate("() => { try { return JSON.parse(localStorage.getItem(__md_scope.pathname + '.__palette')) || {} } catch (e) { return {} } }")


@pytest.mark.browser
def test_the_colours_follow_the_system_until_the_reader_picks_light_or_dark(browser, site_url: str) -> None:
    context = browser.new_context(color_scheme="light")
    page = context.new_page()
    try:
        page.goto(site_url)
        assert scheme(page) == "default"
        assert toggle(page).get_attribute("title") == "Colours: automatic. Switch to light mode"
        # The system turns dark with the page open, then again after a reload: the site follows both times.
        page.emulate_media(color_scheme="dark")
        page.wait_for_function("document.body.dataset.mdColorScheme === 'slate'")
        page.reload()
        assert scheme(page) == "slate"
        # Light, chosen, sticks on a dark system, from page to page.
        toggle(page).click()
        assert scheme(page) == "default" and toggle(page).get_attribute("title") == "Colours: light. Switch to dark mode"
        page.goto(f"{site_url}functions/sales/")
        assert scheme(page) == "default"
        toggle(page).click()
        assert scheme(page) == "slate" and toggle(page).get_attribute("title") == "Colours: dark. Switch to automatic (as the system)"
        page.emulate_media(color_scheme="light")
        page.reload()
        assert scheme(page) == "slate"  # dark, chosen, sticks on a light system
        # Automatic again: the system's scheme, now and after the next change.
        toggle(page).click()
        assert scheme(page) == "default" and stored_palette(page)["color"]["media"] == "(prefers-color-scheme)"
        page.emulate_media(color_scheme="dark")
        page.reload()
        assert scheme(page) == "slate"
    finally:
        context.close()


#: What the earlier two-entry toggle (light, dark) stored on a first visit, whether or not the reader chose it.
EARLIER = {
    "light": {"index": 0, "color": {"media": "(prefers-color-scheme: light)", "scheme": "default", "primary": "indigo", "accent": "indigo"}},
    "dark": {"index": 1, "color": {"media": "(prefers-color-scheme: dark)", "scheme": "slate", "primary": "indigo", "accent": "indigo"}},
}


#: Records the scheme the page has when Material's bundle is about to run: what the first paint shows.
BEFORE_BUNDLE = """
new MutationObserver((records, observer) => {
  for (const record of records) for (const node of record.addedNodes)
    if (node.tagName === "SCRIPT" && /bundle\\.[0-9a-f]+\\.min\\.js$/.test(node.src)) {
      window.pbBeforeBundle = document.body.dataset.mdColorScheme
      observer.disconnect()
    }
}).observe(document, { childList: true, subtree: true })
"""


@pytest.mark.browser
def test_a_palette_stored_by_the_earlier_toggle_follows_the_system_again(browser, site_url: str) -> None:
    context = browser.new_context(color_scheme="light")
    context.add_init_script(BEFORE_BUNDLE)
    page = context.new_page()
    watched = Watched(page)
    shown = []
    try:
        page.goto(f"{site_url}404.html")
        for earlier, system in ((None, "dark"), ("dark", "light"), ("light", "dark"), ("dark", "dark"), ("not a palette", "dark")):
            page.emulate_media(color_scheme=system)
            if earlier is None:
                page.evaluate("localStorage.clear()")
            else:
                value = json.dumps(EARLIER[earlier]) if earlier in EARLIER else '{"index": "length"'
                page.evaluate("v => localStorage.setItem(__md_scope.pathname + '.__palette', v)", value)
            page.goto(site_url)
            shown.append((earlier, system, page.evaluate("window.pbBeforeBundle"), scheme(page), stored_palette(page).get("index")))
    finally:
        context.close()
    assert shown == [
        (None, "dark", "slate", "slate", 0),  # a first visit is dark from the first paint, not after the scripts
        ("dark", "light", "default", "default", 0),  # index 1 named dark then and names light now: automatic
        ("light", "dark", "slate", "slate", 0),
        ("dark", "dark", "slate", "slate", 0),
        ("not a palette", "dark", "slate", "slate", 0),
    ]
    assert watched.errors == []
