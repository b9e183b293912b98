"""How the site looks on every screen: colours that follow the system until the reader picks them,
the front page's functions above the fold, the adoption page on a phone, and a chart whose size is
bounded by what it shows."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from html import unescape

import pytest
from conftest import SHOWCASE_DATA, Watched, build, free_port, make_project, serious_violations, serve, write_data
from html_pages import read
from playwright.sync_api import expect

from playbook.model import Function
from playbook.render import adoption
from playbook.validation import validate

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


# The front page: every function on the first screen ------------------------------------------------------

SHOWCASE = validate(SHOWCASE_DATA, None).catalog


@pytest.mark.browser
def test_the_front_page_shows_every_function_on_a_laptops_first_screen_and_reads_well_on_a_phone(browser, site_url: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    try:
        page.goto(site_url)
        cards = page.locator(".pb-function-card > a")
        functions = SHOWCASE.of(Function)
        assert cards.count() == len(functions) == 12
        boxes = [card.bounding_box() for card in cards.all()]
        assert [b for b in boxes if b["y"] < 0 or b["y"] + b["height"] > 800] == []  # all within the first screen
        # Each card is one click from its function's start page, and says which function it is.
        targets = [(card.locator(".pb-card-title").inner_text(), card.get_attribute("href")) for card in cards.all()]
        assert sorted(targets) == sorted((f.name, f"{site_url}start/{fn_id}/") for fn_id, f in functions.items())
        cards.first.click()
        # Instant navigation changes the address before it swaps the content: wait for the page itself.
        expect(page.locator("h1")).to_have_text(re.compile(r"^Start here: "))
        assert page.url.startswith(f"{site_url}start/")
        # On a phone: one card a row, as wide as the screen, names whole, two lines of summary, nothing sideways.
        page.set_viewport_size({"width": 390, "height": 844})
        page.goto(site_url)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        shown = cards.evaluate_all(
            """cards => cards.map(a => { const t = a.querySelector('.pb-card-title'), s = a.querySelector('.pb-card-text');
                                          const line = parseFloat(getComputedStyle(s).lineHeight);
                                          return [Math.round(a.getBoundingClientRect().width), t.scrollWidth <= t.clientWidth,
                                                  Math.round(s.getBoundingClientRect().height / line)]; })"""
        )
        assert shown == [[358, True, 2]] * len(functions)
    finally:
        context.close()


# The adoption chart: bounded by what it shows -----------------------------------------------------------

#: A long checklist for one function, so that teams can spread many dated items over the years.
ITEMS = 40
LONG_CHECKLIST = (
    "functions/support.yml",
    (
        "name: Customer support\nsummary: Solve it the first time.\nwhat_it_means: Every contact is a chance.\nchecklist:\n"
        + "".join(
            f"  - id: item-{n:02}\n    text: Checklist item number {n} of the support function\n    stage: {('focused', 'centric', 'led')[n % 3]}\n"
            "    practice: working-backwards\n"
            for n in range(ITEMS)
        )
    ),
)
TEAM_NAMES = [
    "Customer support, Northern Europe and the Baltic states, second line",
    "Support A",
    "Tier one support for enterprise customers in Asia and the Pacific",
    "Support B",
    "Customer care (phone, chat and e-mail), Latin America",
    "Support C",
    "Escalations",
    "Support D",
]


def spread_dates(count: int, today: dt.date) -> list[dt.date]:
    """`count` dates spread evenly from the earliest a team may record (2000-01-01) to today."""
    first, last = 2000 * 12, today.year * 12 + today.month - 1
    dates = [dt.date((m := first + n * (last - first) // (count - 1)) // 12, m % 12 + 1, 1) for n in range(count)]
    return [min(d, today) for d in dates]


@pytest.fixture(scope="module")
def spread(tmp_path_factory: pytest.TempPathFactory):
    """A playbook whose teams did every item of a 40-item checklist, on dates spread over 2000 to today:
    the widest time axis the data can have. Built once, served for the browser tests."""
    today = dt.date.today()
    dates = spread_dates(ITEMS * len(TEAM_NAMES), today)
    teams = {}
    for t, name in enumerate(TEAM_NAMES):
        done = "".join(f"  - item: item-{n:02}\n    date: {dates[t * ITEMS + n].isoformat()}\n" for n in range(ITEMS))
        teams[f"teams/team-{t}.yml"] = f"name: {name}\nfunction: {'support' if t % 4 else 'sales'}\nexample: {'true' if t % 3 == 0 else 'false'}\ndone:\n"
        if t % 4:
            teams[f"teams/team-{t}.yml"] += done
        else:  # a sales team: the three items of the small playbook's sales checklist
            sales = ("buyer-funnel", "shared-record", "customer-in-the-room")
            teams[f"teams/team-{t}.yml"] += "".join(f"  - item: {i}\n    date: {dates[t * ITEMS + n].isoformat()}\n" for n, i in enumerate(sales))
    project = make_project(tmp_path_factory.mktemp("spread"))
    write_data(project / "playbook_data", {LONG_CHECKLIST[0]: LONG_CHECKLIST[1], **teams})
    port = free_port()
    site = build(project, PLAYBOOK_SITE_URL=f"http://127.0.0.1:{port}/")
    url, server = serve(site, port)
    done_dates = [dates[t * ITEMS + n] for t in range(len(TEAM_NAMES)) for n in range(ITEMS if t % 4 else 3)]
    yield site, url, done_dates
    server.shutdown()


def table_rows(html: str) -> list[tuple[str, int, int]]:
    """The rows of the table beside the chart: (month or span, items done, done so far)."""
    table = re.search(r"<caption>Checklist items done per month</caption>.*?</table>", html, re.S).group(0)
    rows = re.findall(r'<tr><th scope="row">([^<]*)</th><td>(\d+)</td><td>(\d+)</td></tr>', table)
    return [(unescape(label), int(n), int(total)) for label, n, total in rows]


def test_the_adoption_chart_and_page_stay_small_for_dates_over_the_whole_valid_range(spread) -> None:
    site, _, dates = spread
    html = (site / "adoption" / "index.html").read_text(encoding="utf-8")
    svg = re.search(r'<svg [^>]*class="pb-chart-svg".*?</svg>', html, re.S).group(0)
    width = int(re.search(r'<svg [^>]*width="(\d+)"', svg).group(1))
    # 18 months and an "Earlier" column twice as wide: 20 slots of 38 px and a 10 px margin.
    assert width == 20 * 38 + 10 and svg.count("<rect ") == adoption.MONTHS_SHOWN + 1
    assert len(svg) < 6_000 and len(html.encode()) < 60_000  # 246 dates over 27 years: 4.1 KB and 36 KB
    # The table gives the chart's columns, with the right numbers: everything before the last 18 months in one row.
    months = Counter(d.year * 12 + d.month - 1 for d in dates)
    last = max(months)
    start = last - adoption.MONTHS_SHOWN + 1
    expected, running = [], 0
    for label, n in [
        (f"Jan 2000 to {adoption.month_label(start - 1)}", sum(n for m, n in months.items() if m < start)),
        *((adoption.month_label(m), months[m]) for m in range(start, last + 1)),
    ]:
        running += n
        expected.append((label, n, running))
    assert table_rows(html) == expected and running == len(dates)
    text = read(site / "adoption" / "index.html").text
    peak = min(months, key=lambda m: (-months[m], m))
    assert (
        f"Checklist items done per month, Jan 2000 to {adoption.month_label(last)}: {len(dates)} in all, most in {adoption.month_label(peak)} "
        f"({months[peak]}). The latest 18 months have a column each; Jan 2000 to {adoption.month_label(start - 1)} share the first, “Earlier”."
    ) in text
    # Each bar's height follows its column's count, the busiest month at the full 140 px; "Earlier",
    # which holds more, is cut at the top with a break across it.
    heights = [int(h) for h in re.findall(r'<rect x="\d+" y="\d+" width="\d+" height="(\d+)"', svg)]
    busiest = max(n for _, n, _ in expected[1:])
    assert heights == [140] + [round(140 * n / busiest) for _, n, _ in expected[1:]] and expected[0][1] > busiest
    assert svg.count('class="pb-chart-break"') == 1


@pytest.mark.parametrize(
    "dates",
    [
        [dt.date(1, 1, 1), dt.date(2026, 3, 2)],  # a typo for the year 2001 before dates were checked
        [dt.date(1, 1, 1), dt.date(9999, 12, 31)],  # the widest axis Python's dates allow
        [dt.date(2026, 3, 2)],
    ],
)
def test_the_chart_is_bounded_whatever_the_dates(dates: list[dt.date]) -> None:
    per_month = Counter(d.year * 12 + d.month - 1 for d in dates)
    cols = adoption.columns(per_month)
    assert len(cols) <= adoption.MONTHS_SHOWN + 1 and sum(c.done for c in cols) == len(dates)
    assert (cols[0].first, cols[-1].last) == (min(per_month), max(per_month))  # from the first real month to the last
    svg = adoption.bar_chart(cols, "label")
    assert int(re.search(r'width="(\d+)"', svg).group(1)) <= 20 * 38 + 10 and len(svg) < 6_000


# The adoption page on a phone ---------------------------------------------------------------------------

#: What a reader could scroll sideways: the page, or a box in it that is wider than it shows (Material lets tables scroll).
SCROLLS_SIDEWAYS = """() => [document.documentElement, ...document.querySelectorAll('.md-content *')]
  .filter(e => e === document.documentElement ? e.scrollWidth > innerWidth
                                              : e.scrollWidth > e.clientWidth + 1 && ['auto', 'scroll'].includes(getComputedStyle(e).overflowX))
  .map(e => e.className || e.tagName)"""


def labelled_cells(row) -> list[str]:
    """Each cell of a row as 'label: text', the label being what the card shows before it ('none' when there is none)."""
    return row.locator("td").evaluate_all(
        "tds => tds.map(td => { const c = getComputedStyle(td, '::before').content; return (c === 'none' ? c : JSON.parse(c)) + ': ' + td.innerText })"
    )


@pytest.mark.browser
@pytest.mark.parametrize("system", ["light", "dark"])
def test_on_a_phone_the_adoption_tables_read_as_cards_without_scrolling_sideways(browser, spread, system: str) -> None:
    _, url, _ = spread
    context = browser.new_context(viewport={"width": 390, "height": 844}, color_scheme=system)
    watched = Watched(context.new_page())
    page = watched.page
    try:
        page.goto(url + "adoption/")
        assert page.evaluate(SCROLLS_SIDEWAYS) == []
        # A team's card names each of its cells, the stage columns with their rule, as shown and as read aloud.
        card = page.locator(".pb-heatmap tbody tr").first
        assert card.locator("th").inner_text() == "Customer care (phone, chat and e-mail), Latin America"
        assert labelled_cells(card) == [
            "Function: Sales",
            "Customer-focused (needs 75%): 1 of 1",  # a small stage, in counts (maturity.StageCount.done_text)
            "Customer-centric (needs 75%): 1 of 1",
            "Customer-led (needs 50%): 1 of 1",
            "Stage reached: Customer-led",
        ]
        assert '- cell "Customer-focused (needs 75%) 1 of 1"' in card.aria_snapshot()
        assert page.locator(".pb-cards thead").first.bounding_box()["width"] <= 1  # the column heads are in the labels
        totals = page.locator(".pb-cards tr.pb-total")
        assert totals.locator("th").inner_text() == "All functions" and labelled_cells(totals)[-1] == "Teams: 8"
        assert serious_violations(page) == [] and watched.errors == []
        # On a laptop the same tables are tables again, without the labels.
        page.set_viewport_size({"width": 1280, "height": 800})
        assert page.locator(".pb-heatmap thead").is_visible() and labelled_cells(card)[0] == "none: Sales"
        assert card.locator("td").first.evaluate("e => getComputedStyle(e).display") == "table-cell"
    finally:
        context.close()
