"""Pages that guide an employee: start pages by a stated rule, the front page, the journey map on
every screen, journey stage pages, practice pages, workshop print-outs, and both colour schemes."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import ROOT, SHOWCASE_DATA, SMALL, Watched, pdf_pages, pdf_text, serious_violations, write_data
from html_pages import read

from playbook.model import KINDS, Function, Practice, Source, Stat
from playbook.render import start_pages
from playbook.validation import validate

pytestmark = pytest.mark.browser

CATALOG = validate(SHOWCASE_DATA, None).catalog
FUNCTIONS = sorted(CATALOG.of(Function), key=lambda f: CATALOG.of(Function)[f].name.lower())


# Start pages: a rule, not the alphabet ------------------------------------------------------------


def practice(title: str, stage: str, metrics: str = "") -> str:
    return (
        f"title: {title}\nsummary: {title} in brief.\nbody: Do it.\nwhy_it_matters: Customers notice.\nhow_to_start:\n  - Begin\n"
        f"functions:\n  - sales\nstage: {stage}\njourney:\n  - discover\n{metrics}sources:\n  - book\n"
    )


#: A catalog where every ranked list differs from alphabetical order (and from checklist order).
RANKED = {
    **SMALL,
    "practices/always-listen.yml": practice("Always listen", "led"),
    "practices/one-journey.yml": practice("One shared journey", "centric", "metrics:\n  - churn\n"),
    "metrics/churn.yml": "name: Churn rate\ndefinition: Customers who leave.\nhow_to_compute: Lost over total.\nowned_by:\n  - sales\n",
    "metrics/active.yml": "name: Active accounts\ndefinition: Accounts in use.\nhow_to_compute: Count them.\nowned_by:\n  - sales\n",
    "case-studies/acme.yml": (
        "organisation: Acme\ntitle: Always listening\nperiod: since 2001\nsummary: It listened.\nwhat_they_did: Listened.\n"
        "outcome: Customers stayed.\nverdict: exemplar\npractices:\n  - always-listen\nsources:\n  - book\n"
    ),
    "functions/sales.yml": (
        "name: Sales\nsummary: Sell what helps.\nwhat_it_means: Buyers first.\nchecklist:\n"
        "  - id: listen\n    text: Listen to every lost buyer\n    stage: led\n    practice: always-listen\n"
        "  - id: press-release\n    text: Write the press release first\n    stage: focused\n    practice: working-backwards\n"
        "  - id: journey\n    text: Map the buyer's journey\n    stage: centric\n    practice: one-journey\n"
        "  - id: faq\n    text: Write the FAQ with the buyer\n    stage: centric\n    practice: working-backwards\n"
    ),
}


@pytest.fixture(scope="module")
def ranked(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("ranked") / "playbook_data"
    write_data(folder, RANKED)
    return validate(folder, None).catalog


def test_start_page_picks_follow_the_stated_rule_not_the_alphabet(ranked) -> None:
    # Items: lowest maturity stage first, checklist order within a stage (the 'led' item is first on the checklist).
    assert [i.id for i in start_pages.first_items(ranked, "sales")] == ["press-release", "journey", "faq"]
    # Practices: most items first (Working Backwards has two), then the one whose first item comes first.
    assert start_pages.ranked_practices(ranked, "sales") == ["working-backwards", "one-journey", "always-listen"]
    # Cases: exemplars first, the one citing the higher-ranked practice first (Amazon before Acme), then a cautionary tale.
    assert start_pages.to_know(ranked, "sales") == ["amazon", "acme", "jc-penney"]
    # Metrics owned: the one measured by more of the function's practices first.
    assert start_pages.ranked_metrics(ranked, "sales") == ["churn", "active"]


def test_the_start_page_shows_the_picks_in_that_order_and_states_the_rule(ranked) -> None:
    page = start_pages.start_page(ranked, "sales")
    html = "".join(s.html or "" for s in page.sections)
    text = re.sub(r"<[^>]+>", " ", html)

    def order(*needles: str) -> list[int]:
        return [html.index(n) for n in needles]

    assert order("Write the press release first", "Map the buyer&#39;s journey", "Write the FAQ with the buyer") == sorted(
        order("Write the press release first", "Map the buyer&#39;s journey", "Write the FAQ with the buyer")
    )
    assert "Listen to every lost buyer" not in html  # the fourth item: three first items only
    picks = order(
        "practices/working-backwards/",
        "practices/one-journey/",
        "practices/always-listen/",
        "case-studies/amazon/",
        "case-studies/acme/",
        "case-studies/jc-penney/",
        "metrics/churn/",
        "metrics/active/",
    )
    assert picks == sorted(picks)
    assert [s.heading for s in page.sections if s.heading] == [
        "Your first items",
        "Three practices to read first",
        "Case studies to know",
        "The metrics you own",
    ]
    assert "start/sales/" not in html  # no page recommends itself
    assert "Nothing is ranked by its name" in text and "Nothing is ranked by its name" in (start_pages.__doc__ or "")


# The front page and the navigation -------------------------------------------------------------------


def test_the_front_page_starts_with_a_card_per_function(watched: Watched, site_url: str) -> None:
    page = watched.page
    page.goto(site_url)
    cards = page.locator("article h1 + p + ul.pb-function-cards > .pb-function-card > a")  # right after the title and one line
    assert cards.count() == len(FUNCTIONS)
    for card, fn_id in zip(cards.all(), FUNCTIONS, strict=True):
        fn = CATALOG.of(Function)[fn_id]
        assert card.locator(".pb-card-title").inner_text() == fn.name
        assert card.locator(".pb-card-text").inner_text() == fn.summary
        assert card.get_attribute("href") == f"{site_url}start/{fn_id}/"
    lines = page.locator(".pb-line")
    assert lines.nth(0).inner_text().startswith("The maturity model: " + " → ".join(s.name for s in CATALOG.stages.values()))
    assert lines.nth(1).inner_text().startswith("The customer journey: " + " → ".join(j.name for j in CATALOG.journey.values()))
    assert page.locator("article h2").first.inner_text() == "Why it matters"  # after the picker and the two lines


def test_the_nav_groups_employee_pages_and_puts_editor_pages_under_one_entry(watched: Watched, site_url: str) -> None:
    page = watched.page
    page.goto(site_url)
    top = page.locator(".md-nav--primary > .md-nav__list > .md-nav__item")
    labels = [item.locator(":scope > .md-nav__link, :scope > label.md-nav__link").first.inner_text().strip() for item in top.all()]
    # A kind whose section page mkdocs.yml does not place gets an entry of its own, before the editors' entry.
    placed = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    unplaced = [kind.section for kind in KINDS if f" {kind.folder}/index.md\n" not in placed]
    assert labels == ["Home", "Your function", "Learn", "Models", *unplaced, "For editors"]
    editors = top.nth(labels.index("For editors")).locator(".md-nav__item .md-nav__link").all_inner_texts()
    assert [t.strip() for t in editors] == ["How the playbook works", "Review queue", "Statistics", "Sources"]


# The journey map on every screen -------------------------------------------------------------------


def test_the_maps_header_row_and_function_column_stay_in_view_while_scrolling(watched: Watched, site_url: str) -> None:
    page = watched.page
    page.set_viewport_size({"width": 1024, "height": 768})  # a laptop: the map is wider and taller than the window
    page.goto(f"{site_url}journey-map/")
    frame = page.locator(".pb-map-scroll")
    frame.scroll_into_view_if_needed()
    frame.evaluate("f => { f.scrollTop = 1500; f.scrollLeft = 600; }")
    assert frame.evaluate("f => [f.scrollTop > 0, f.scrollLeft > 0]") == [True, True]
    box = frame.bounding_box()
    head = page.locator(".pb-map thead th[data-journey]").nth(3).bounding_box()
    assert abs(head["y"] - box["y"]) <= 2  # the header row sits at the top of the frame
    # The row at the frame's middle still shows its function's name at the frame's left edge.
    name = page.evaluate(
        """([x, y]) => { const e = document.elementFromPoint(x, y); return e && e.closest('tbody th') &&
                                          e.closest('tbody th').textContent.trim(); }""",
        [box["x"] + 20, box["y"] + box["height"] / 2],
    )
    assert name in {CATALOG.of(Function)[f].name for f in FUNCTIONS}
    corner = page.evaluate("([x, y]) => document.elementFromPoint(x, y).closest('th').className", [box["x"] + 10, box["y"] + 10])
    assert corner == "pb-map-corner"
    assert box["height"] <= 768  # the frame is never taller than the window: its sticky rows stay on screen


def test_on_a_phone_the_map_shows_one_functions_journey_as_a_list(watched: Watched, site_url: str) -> None:
    page = watched.page
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{site_url}journey-map/?function=sales")
    pick = page.get_by_label("Show the journey of")
    pick.wait_for()
    assert pick.input_value() == "sales"
    assert page.locator(".pb-map-scroll").is_hidden()
    one = page.locator(".pb-map-one")
    assert one.locator("h2").inner_text() == "Sales across the customer journey"
    stages = one.locator(".pb-map-one-list > li")
    assert stages.count() == len(CATALOG.journey)
    for li, (journey_id, journey) in zip(stages.all(), CATALOG.journey.items(), strict=True):
        assert li.locator("strong a").inner_text() == journey.name
        cell = page.locator(f'tr[data-function="sales"] td[data-journey="{journey_id}"]')
        assert [a.inner_text() for a in li.locator(".pb-map-practices > li > a").all()] == [
            a.text_content() for a in cell.locator(".pb-map-practices > li > a").all()
        ]
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")  # nothing scrolls sideways
    pick.select_option("marketing")
    assert one.locator("h2").inner_text() == f"{CATALOG.of(Function)['marketing'].name} across the customer journey"
    pick.select_option("")  # the whole map, still there
    assert page.locator(".pb-map-scroll").is_visible() and one.is_hidden()
    page.set_viewport_size({"width": 1280, "height": 800})
    assert page.locator(".pb-map-phone").is_hidden() and page.locator(".pb-map-scroll").is_visible()


def test_a_journey_stage_page_shows_each_functions_items_and_metrics(showcase_site: Path) -> None:
    stage_id = "onboarding"
    html = (showcase_site / f"journey/{stage_id}/index.html").read_text(encoding="utf-8")
    practices = CATALOG.of(Practice)
    with_items = []
    for fn_id in FUNCTIONS:
        fn = CATALOG.of(Function)[fn_id]
        items = [i for i in fn.checklist if stage_id in practices[i.practice].journey]
        block = re.search(rf'<section class="pb-journey-function" data-function="{fn_id}">(.*?)</section>', html, re.S)
        if not items:
            assert block is None
            continue
        with_items.append(fn_id)
        text = read_block(block.group(1))
        for n, item in enumerate(fn.checklist, 1):
            assert (f"{n}. {item.text}" in text) == (item in items), (fn_id, item.id)
        metrics = dict.fromkeys(m for i in items for m in practices[i.practice].metrics)
        for metric_id in metrics:
            assert f'href="../../metrics/{metric_id}/"' in block.group(1)
    assert with_items  # the shipped fixture has functions at onboarding


def read_block(fragment: str) -> str:
    import html as html_module

    return " ".join(html_module.unescape(re.sub(r"<[^>]+>", "", fragment)).split())


# Practice pages: the title first, each fact once -------------------------------------------------


def test_a_practice_page_starts_with_its_title_and_states_each_fact_once(watched: Watched, site_url: str, showcase_site: Path) -> None:
    page = watched.page
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{site_url}practices/working-backwards/")
    assert page.locator(".md-tags, .md-tag").count() == 0
    first = page.evaluate(
        "[...(document.querySelector('article.md-content__inner [data-pagefind-body]') || document.querySelector('article.md-content__inner'))"
        ".children].find(e => e.offsetHeight > 0 && !e.matches('.md-content__button')).tagName"
    )
    assert first == "H1"
    assert page.locator("h1").bounding_box()["y"] < 150
    p = CATALOG.of(Practice)["working-backwards"]
    top = page.locator("article").inner_text().split("Why it matters")[0]
    assert top.count(CATALOG.stages[p.stage].name) == 1
    for fn_id in p.functions:
        assert top.count(CATALOG.of(Function)[fn_id].name) == 1
    assert not (showcase_site / "tags").exists()


# Print for workshops ---------------------------------------------------------------------------------


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_a_printed_sheet_has_columns_to_write_in_and_says_where_the_site_is(watched: Watched, site_url: str, tmp_path: Path, paper: str) -> None:
    page = watched.page
    page.goto(f"{site_url}print/functions/sales/")
    pdf = tmp_path / "sales.pdf"
    page.pdf(path=str(pdf), format=paper)
    assert pdf_pages(pdf) == 1
    text = pdf_text(pdf)
    # Each stage's heading row names the columns, and every item has them.
    assert page.locator(".pb-sheet-stage").all_inner_texts() == [f"{s.name}\nOwner\nDue\nNotes" for s in CATALOG.stages.values()]
    assert text.count("Owner Due Notes") == len(CATALOG.stages)
    assert page.locator(".pb-item .pb-write").count() == 3 * len(CATALOG.of(Function)["sales"].checklist)
    assert re.search(rf"Customer Obsession Playbook · online at {re.escape(site_url)}functions/sales/ · data of \d{{4}}-\d\d-\d\d$", text)
    widths = page.evaluate(
        "[...document.querySelector('.pb-item').children].filter(c => c.matches('.pb-write')).map(c => Math.round(c.getBoundingClientRect().width))"
    )
    assert len(widths) == 3 and min(widths) > 40  # room to write by hand


def test_print_pages_have_a_favicon_and_log_no_error(watched: Watched, site_url: str) -> None:
    page = watched.page
    statuses = {}
    page.on("response", lambda r: statuses.__setitem__(r.url, r.status))
    page.goto(f"{site_url}print/functions/sales/")
    page.wait_for_load_state("networkidle")
    icon = page.locator("link[rel=icon]").get_attribute("href")
    url = page.evaluate("h => new URL(h, location.href).href", icon)
    assert statuses.get(url) == 200
    assert watched.errors == []


# Both colour schemes ----------------------------------------------------------------------------------


#: One page of each kind the showcase has, each checked by axe once in each colour scheme. The two
#: schemes take turns at phone and laptop width, so that every kind is also seen at both widths.
#: Pages in other states (a search open, a shared link, team records) are checked where those
#: states are tested.
AXE_PAGES = {
    "home": "",
    "function": "functions/sales/",
    "practice": "practices/working-backwards/",
    "case study": "case-studies/jc-penney/",
    "section": "stats/",
    "journey map": "journey-map/",
    "start page": "start/sales/",
    "start index": "start/",
    "self-assessment": "self-assessment/",
    "print sheet": "print/functions/sales/",
}
WIDTHS = (390, 1280)


def axe_pages(system: str, width: int) -> dict[str, str]:
    """The kinds checked in `system` at `width`: light has the even ones at phone width, dark the odd ones."""
    turn = (WIDTHS.index(width) + (system == "dark")) % 2
    return {kind: path for n, (kind, path) in enumerate(AXE_PAGES.items()) if n % 2 == turn}


def test_every_kind_of_page_is_checked_once_in_each_scheme() -> None:
    for system in ("light", "dark"):
        seen = [kind for width in WIDTHS for kind in axe_pages(system, width)]
        assert sorted(seen) == sorted(AXE_PAGES), system


@pytest.mark.parametrize("system", ["light", "dark"])
@pytest.mark.parametrize("width", WIDTHS)
def test_no_serious_accessibility_violations_on_any_kind_of_page(browser, site_url: str, system: str, width: int) -> None:
    context = browser.new_context(color_scheme=system, viewport={"width": width, "height": 900})
    watched = Watched(context.new_page())
    page, found = watched.page, {}
    try:
        page.goto(f"{site_url}404.html")
        sales = CATALOG.of(Function)["sales"]
        ticks = {i.id: True for i in sales.checklist[:2]}  # so the self-assessment shows its result and its table
        page.evaluate("v => localStorage.setItem('playbook-checklist:sales', v)", json.dumps(ticks))
        for kind, path in axe_pages(system, width).items():
            page.goto(site_url + path)  # waits for "load": the page's scripts have run
            found[kind] = serious_violations(page)
    finally:
        context.close()
    assert found == {kind: [] for kind in axe_pages(system, width)}
    assert watched.external == [] and watched.errors == []


def test_a_disabled_button_looks_disabled(watched: Watched, site_url: str) -> None:
    page = watched.page
    page.goto(f"{site_url}functions/sales/")
    page.locator(".pb-progress").wait_for(state="visible")
    reset = page.locator(".pb-reset")
    first = CATALOG.of(Function)["sales"].checklist[0].id
    page.locator(f'.pb-item[data-item="{first}"] input.pb-tick').check()
    assert reset.is_enabled()
    style = "b => { const s = getComputedStyle(b); return [s.opacity, s.cursor, s.borderStyle]; }"
    enabled = reset.evaluate(style)
    page.locator(f'.pb-item[data-item="{first}"] input.pb-tick').uncheck()
    assert reset.is_disabled()
    assert enabled == ["1", "pointer", "solid"] and reset.evaluate(style) == ["0.5", "not-allowed", "dashed"]
    reset.hover()
    assert reset.evaluate(style) == ["0.5", "not-allowed", "dashed"]  # no hover colour either


def test_every_journey_stage_and_metric_link_on_a_journey_page_resolves(showcase_site: Path) -> None:
    from html_pages import broken_links

    pages = [read(showcase_site / f"journey/{j}/index.html") for j in CATALOG.journey]
    assert broken_links(showcase_site, pages) == []


def test_every_statistic_page_shows_its_figure_with_its_source(showcase_site: Path) -> None:
    for stat_id, stat in CATALOG.of(Stat).items():
        source = CATALOG.of(Source)[stat.source].title
        assert f"{stat.figure} — {stat.claim} ({source}" in read(showcase_site / "stats" / stat_id / "index.html").text, stat_id
