"""The playbook as a tool, in a real browser: the journey map, the maturity self-assessment,
the role start pages and the evidence on practice pages."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from conftest import SHOWCASE_DATA, Watched, pdf_page_size, pdf_pages, pdf_text, serious_violations
from html_pages import broken_links, read

from playbook.maturity import place
from playbook.model import CaseStudy, Function, Metric, Practice, Source, Stat
from playbook.validation import validate

pytestmark = pytest.mark.browser

CATALOG = validate(SHOWCASE_DATA, None).catalog
STAGES = list(CATALOG.stages.values())
FUNCTIONS = sorted(CATALOG.of(Function), key=lambda f: CATALOG.of(Function)[f].name.lower())
SALES = CATALOG.of(Function)["sales"]
NOT_YET = "Not yet customer-focused"


# The customer-journey map ----------------------------------------------------------------------


def expected_cell(fn_id: str, stage_id: str) -> list[tuple[str, list[int]]]:
    """The rule of the map, written out again: practices of the function at that stage, and its item numbers."""
    fn = CATALOG.of(Function)[fn_id]
    numbers: dict[str, list[int]] = {}
    for n, item in enumerate(fn.checklist, 1):
        numbers.setdefault(item.practice, []).append(n)
    found = [pid for pid, p in CATALOG.of(Practice).items() if stage_id in p.journey and (fn_id in p.functions or pid in numbers)]
    return [(CATALOG.of(Practice)[pid].title, numbers.get(pid, [])) for pid in sorted(found, key=lambda p: CATALOG.of(Practice)[p].title.lower())]


def item_number(link) -> int:
    """The number an item link on the map shows (a link or its text); its full text names the item for screen readers."""
    text = link if isinstance(link, str) else link.text_content()
    return int(re.fullmatch(r"(\d+) \(.+ checklist item: .+\)", text).group(1))


def test_the_map_is_a_table_of_functions_by_journey_stage(watched: Watched, site_url: str) -> None:
    page = watched.page
    page.goto(f"{site_url}journey-map/")
    table = page.locator("table.pb-map")
    assert table.locator("caption").inner_text().startswith(f"{len(FUNCTIONS)} functions (rows) across {len(CATALOG.journey)} stages")
    assert table.locator("thead th[scope=col]").all_inner_texts() == ["Function", *(j.name for j in CATALOG.journey.values())]
    assert table.locator("tbody th[scope=row]").all_inner_texts() == [CATALOG.of(Function)[f].name for f in FUNCTIONS]
    # Every cell read in one go (a round trip per cell took seconds): its text, whether it shows,
    # and per practice its link text and the text of its item links.
    cells = table.locator("tbody td[data-journey]").evaluate_all("""cells => cells.map(td => ({
        row: td.closest('tr').dataset.function, stage: td.dataset.journey, text: td.innerText,
        shown: td.getClientRects().length > 0 && getComputedStyle(td).visibility !== 'hidden',
        entries: [...td.querySelectorAll('li')].map(li => [li.querySelector('a').innerText,
            [...li.querySelectorAll('.pb-map-items a')].map(a => a.textContent)])}))""")
    shown = {(c["row"], c["stage"]): c for c in cells}
    assert set(shown) == {(f, j) for f in FUNCTIONS for j in CATALOG.journey}
    gaps = 0
    for fn_id in FUNCTIONS:
        for stage_id in CATALOG.journey:
            cell, want = shown[fn_id, stage_id], expected_cell(fn_id, stage_id)
            if not want:
                gaps += 1
                assert cell["text"] == "Gap: no practice yet" and cell["shown"], (fn_id, stage_id)
                continue
            got = [(title, [item_number(text) for text in items]) for title, items in cell["entries"]]
            assert got == want, (fn_id, stage_id)
    assert gaps > 0  # the shipped playbook has gaps, and the map shows them
    assert page.locator(".pb-gap").count() == gaps


def test_every_link_on_the_map_resolves(showcase_site: Path) -> None:
    assert broken_links(showcase_site, [read(showcase_site / "journey-map/index.html")]) == []


def test_an_item_number_leads_to_that_item(watched: Watched, site_url: str) -> None:
    page = watched.page
    page.goto(f"{site_url}journey-map/")
    link = page.locator('tr[data-function="sales"] .pb-map-items a').first
    number = item_number(link)
    assert link.bounding_box()["width"] < 30  # on screen only the number; the item's text is for screen readers
    link.click()
    page.wait_for_url(re.compile(r"/functions/sales/#item-"))
    item = SALES.checklist[number - 1]
    assert page.url.endswith(f"#item-{item.id}")
    assert page.locator(f"#item-{item.id} .pb-item-number").inner_text() == f"{number}."
    assert page.locator(f"#item-{item.id} .pb-item-text").inner_text() == item.text


def test_a_function_page_highlights_and_filters_its_row(watched: Watched, site_url: str) -> None:
    page = watched.page
    page.goto(f"{site_url}functions/sales/")
    page.get_by_role("link", name="Your row on the journey map").first.click()
    page.wait_for_url(re.compile(r"/journey-map/\?function=sales#row-sales$"))
    bar = page.locator(".pb-map-focus")
    bar.wait_for(state="visible")
    assert bar.locator("p").inner_text() == "Highlighted: Sales."
    highlighted = page.locator(".pb-map .pb-hl")
    assert highlighted.count() == 1 + len(CATALOG.journey)
    assert {c.evaluate("c => c.closest('tr').dataset.function") for c in highlighted.all()} == {"sales"}
    page.get_by_role("button", name="Show only this row").click()
    assert [r.get_attribute("data-function") for r in page.locator(".pb-map tbody tr:visible").all()] == ["sales"]
    page.get_by_role("button", name="Show the whole map").click()
    assert page.locator(".pb-map tbody tr:visible").count() == len(FUNCTIONS)


def test_a_journey_page_highlights_and_filters_its_column(watched: Watched, site_url: str) -> None:
    page = watched.page
    page.goto(f"{site_url}journey/onboarding/")
    page.get_by_role("link", name="Onboarding on the journey map").click()
    page.wait_for_url(re.compile(r"/journey-map/\?journey=onboarding#col-onboarding$"))
    page.locator(".pb-map-focus").wait_for(state="visible")
    assert page.locator(".pb-map-focus p").inner_text() == "Highlighted: Onboarding."
    highlighted = page.locator(".pb-map .pb-hl")
    assert highlighted.count() == 1 + len(FUNCTIONS)
    assert {c.get_attribute("data-journey") for c in highlighted.all()} == {"onboarding"}
    page.get_by_role("button", name="Show only this column").click()
    assert page.locator(".pb-map thead th:visible").all_inner_texts() == ["Function", "Onboarding"]
    assert all(r.locator("td:visible").count() == 1 for r in page.locator(".pb-map tbody tr").all())
    page.get_by_role("button", name="Show the whole map").click()
    assert page.locator(".pb-map thead th:visible").count() == 1 + len(CATALOG.journey)


def test_without_javascript_the_link_still_lands_on_the_row(browser, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"{site_url}journey-map/?function=sales#row-sales")
        assert page.locator(".pb-map-focus").is_hidden()
        background = page.evaluate("getComputedStyle(document.querySelector('#row-sales td')).backgroundColor")
        assert background == "rgb(255, 246, 194)"  # :target highlights the row
    finally:
        context.close()


def test_on_a_laptop_the_map_scrolls_sideways_inside_its_frame(watched: Watched, site_url: str) -> None:
    page = watched.page
    page.set_viewport_size({"width": 1024, "height": 768})
    page.goto(f"{site_url}journey-map/")
    frame = page.locator(".pb-map-scroll")
    assert frame.get_attribute("tabindex") == "0" and frame.get_attribute("aria-label") == "Customer-journey map"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")  # the page itself does not scroll
    sizes = frame.evaluate("f => [f.scrollWidth, f.clientWidth]")
    assert sizes[0] > sizes[1]  # the table is wider than the frame, which scrolls
    frame.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("document.querySelector('.pb-map-scroll').scrollLeft > 0")


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_the_map_prints_landscape_on_two_pages_at_most(watched: Watched, site_url: str, tmp_path: Path, paper: str) -> None:
    page = watched.page
    page.goto(f"{site_url}journey-map/")
    pdf = tmp_path / "map.pdf"
    page.pdf(path=str(pdf), format=paper)
    count, (width, height) = pdf_pages(pdf), pdf_page_size(pdf)
    assert count <= 2 and width > height, f"{count} pages of {width} x {height} pt on {paper}"
    text = pdf_text(pdf, raw=True)  # in the order the cells were written, not line by line across them
    assert text.startswith("Customer-journey map")
    for name in [*(CATALOG.of(Function)[f].name for f in FUNCTIONS), *(j.name for j in CATALOG.journey.values())]:
        assert name in text
    assert "Show only" not in text and "Made with" not in text


# The maturity self-assessment ------------------------------------------------------------------


def assess(fn_id: str, ticked: set[str]) -> tuple[str, list[str]]:
    """The stage and the next three items by playbook.maturity (test_browser_contract checks the browser's rule against it)."""
    placed = place(CATALOG, CATALOG.of(Function)[fn_id], ticked)
    return (placed.stage.stage.name if placed.stage else NOT_YET), [i.text for i in placed.next_items]


def ids(stage_id: str, count: int | None = None) -> set[str]:
    items = [i.id for i in SALES.checklist if i.stage == stage_id]
    return set(items[:count] if count is not None else items)


FOCUSED, CENTRIC, LED = list(CATALOG.stages)
TICK_STATES = {
    "three of four customer-focused items (75% is enough)": ids(FOCUSED, 3),
    "half the customer-focused items": ids(FOCUSED, 2),
    "all customer-focused items": ids(FOCUSED),
    "customer-focused and customer-led, not customer-centric": ids(FOCUSED) | ids(LED),
    "everything": {i.id for i in SALES.checklist},
}


def set_ticks(page, base: str, fn_id: str, ticked: set[str]) -> None:
    page.goto(base + "404.html")
    page.evaluate("([key, value]) => localStorage.setItem(key, value)", [f"playbook-checklist:{fn_id}", json.dumps({i: True for i in sorted(ticked)})])


def result(page) -> tuple[str, list[str]]:
    box = page.locator(".pb-result")
    box.wait_for(state="visible")
    return box.locator(".pb-result-stage").inner_text(), [a.inner_text() for a in box.locator(".pb-next a").all()]


def test_the_page_states_the_rules_from_the_data(watched: Watched, site_url: str) -> None:
    page = watched.page
    page.goto(f"{site_url}functions/sales/")
    # One sentence, with each stage's share from the stage records; stated once on the page.
    shares = ", ".join(f"{s.name} {s.reached_at_percent}%" for s in STAGES[:-1]) + f" and {STAGES[-1].name} {STAGES[-1].reached_at_percent}%"
    assert page.locator(".pb-assessment .pb-rules").inner_text() == (
        "Your stage is the highest one reached, and a stage is reached when every earlier stage is and at least its share of your "
        f"checklist items for it is done: {shares} (until the first is reached: {NOT_YET})."
    )
    assert page.locator("article").inner_text().count("a stage is reached when") == 1


@pytest.mark.parametrize("state", TICK_STATES)
def test_the_stage_and_next_items_follow_the_rules(watched: Watched, site_url: str, state: str) -> None:
    page = watched.page
    ticked = TICK_STATES[state]
    set_ticks(page, site_url, "sales", ticked)
    page.goto(f"{site_url}functions/sales/")
    assert result(page) == assess("sales", ticked)


def test_the_result_explains_why(watched: Watched, site_url: str) -> None:
    page = watched.page
    ticked = TICK_STATES["customer-focused and customer-led, not customer-centric"]
    set_ticks(page, site_url, "sales", ticked)
    page.goto(f"{site_url}functions/sales/")
    centric = place(CATALOG, SALES, ticked).stages[1]
    assert centric.progress == f"0 of {centric.total} done, needs {centric.needed}"  # a small stage, in counts
    assert page.locator(".pb-result-why").inner_text() == (
        f"Customer-focused is reached. Customer-centric is not yet reached: {centric.progress}. "
        "Customer-led would meet its share, but a stage counts only when every earlier stage is reached."
    )


INVITATION = "Tick what your team already does on the checklist above: your stage shows here as you tick."


def test_a_first_visit_is_invited_to_tick_not_given_a_verdict(watched: Watched, site_url: str) -> None:
    page = watched.page
    page.goto(f"{site_url}functions/sales/")
    box = page.locator(".pb-result")
    box.wait_for(state="visible")
    assert box.inner_text() == INVITATION
    assert NOT_YET not in page.locator(".pb-assessment-app").inner_text()
    assert page.locator(".pb-result-actions").is_hidden()  # nothing to copy or print yet
    # No questions that repeat the checklist: the checklist is the questionnaire.
    assert page.locator(".pb-assessment input, .pb-assessment form, .pb-question").count() == 0
    assert page.get_by_role("button", name="Answer questions instead").count() == 0
    # Unticking the last tick brings the invitation back.
    first = SALES.checklist[0].id
    page.locator(f'.pb-item[data-item="{first}"] input.pb-tick').check()
    assert result(page)[0] == NOT_YET
    page.locator(f'.pb-item[data-item="{first}"] input.pb-tick').uncheck()
    assert box.inner_text() == INVITATION


def test_ticking_on_the_page_updates_the_result(watched: Watched, site_url: str) -> None:
    page = watched.page
    page.goto(f"{site_url}functions/sales/")
    page.locator(".pb-invite").wait_for()
    for item_id in sorted(ids(FOCUSED)):
        page.locator(f'.pb-item[data-item="{item_id}"] input.pb-tick').check()
    assert result(page) == assess("sales", ids(FOCUSED))


def escape_markdown(text: str) -> str:
    return re.sub(r"([\\`*_\[\]<>|#])", r"\\\1", text)


def expected_markdown(fn_id: str, ticked: set[str], basis: str, day: str) -> str:
    fn = CATALOG.of(Function)[fn_id]
    placed = place(CATALOG, fn, ticked)
    stage, nxt = assess(fn_id, ticked)
    lines = [f"## {fn.name}: maturity self-assessment", "", f"**Stage: {stage}** (from {basis}, {day})", ""]
    reached = [s.stage.name for s in placed.stages[: placed.reached]]
    rows = [f"| {s.stage.name} | {s.done_text} | {s.needed_text} | {'yes' if n < placed.reached else 'no'} |" for n, s in enumerate(placed.stages)]
    missing = placed.stages[placed.reached]
    why = f"{missing.stage.name} is not yet reached: {missing.progress}."
    lead = (reached[0] + " is reached. ") if len(reached) == 1 else (", ".join(reached[:-1]) + f" and {reached[-1]} are reached. " if reached else "")
    lines += [escape_markdown(lead + why), "", "| Stage | Done | Needed | Reached |", "| --- | --- | --- | --- |", *rows, ""]
    by_text = {i.text: i for i in fn.checklist}
    lines += ["Next items to work on:", ""]
    lines += [f"{n}. {escape_markdown(t)} ({CATALOG.stages[by_text[t].stage].name})" for n, t in enumerate(nxt, 1)]
    lines += ["", "Rule: a stage is reached when at least its share of the checklist items is done and every earlier stage is reached."]
    return "\n".join(lines) + "\n"


def test_copy_as_markdown_copies_the_exact_summary(browser, site_url: str) -> None:
    context = browser.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/"))
    page = context.new_page()
    try:
        page.clock.set_fixed_time(dt.datetime(2026, 11, 23, 10, 0))
        ticked = ids(FOCUSED) | ids(CENTRIC, 1)
        set_ticks(page, site_url, "sales", ticked)
        page.goto(f"{site_url}functions/sales/")
        result(page)
        page.get_by_role("button", name="Copy as Markdown").click()
        page.locator(".pb-copy-status", has_text="Copied the summary as Markdown.").wait_for()
        copied = page.evaluate("navigator.clipboard.readText()")
    finally:
        context.close()
    assert copied == expected_markdown("sales", ticked, "the ticks saved in this browser", "2026-11-23")


def test_on_plain_http_copy_selects_the_markdown_to_copy(browser, site_url: str) -> None:
    """An intranet served over http is not a secure context: browsers give it no clipboard API."""
    context = browser.new_context()
    context.add_init_script("Object.defineProperty(window, 'isSecureContext', {value: false})")
    page = context.new_page()
    try:
        page.clock.set_fixed_time(dt.datetime(2026, 11, 23, 10, 0))
        set_ticks(page, site_url, "sales", ids(FOCUSED))
        page.goto(f"{site_url}functions/sales/")
        result(page)
        page.get_by_role("button", name="Copy as Markdown").click()
        box = page.get_by_label("The summary as Markdown, to paste into your team's notes:")
        box.wait_for(state="visible")
        assert box.input_value() == expected_markdown("sales", ids(FOCUSED), "the ticks saved in this browser", "2026-11-23")
        assert page.evaluate("document.activeElement.selectionEnd - document.activeElement.selectionStart") == len(box.input_value())
        assert page.locator(".pb-copy-status").inner_text() in ("Copied the summary as Markdown.", "Press Ctrl+C (or Cmd+C) to copy the selected Markdown.")
    finally:
        context.close()


def test_the_summary_prints_on_one_page(watched: Watched, site_url: str, tmp_path: Path) -> None:
    page = watched.page
    ticked = ids(FOCUSED)
    set_ticks(page, site_url, "sales", ticked)
    page.goto(f"{site_url}functions/sales/")
    stage, nxt = result(page)
    page.evaluate("window.print = () => {}")  # the dialog itself is the browser's; what it prints is ours
    page.get_by_role("button", name="Print summary").click()
    pdf = tmp_path / "summary.pdf"
    page.pdf(path=str(pdf), format="A4")
    (width, height), text = pdf_page_size(pdf), pdf_text(pdf)
    assert pdf_pages(pdf) == 1 and height > width
    assert "Sales: maturity self-assessment" in text and f"Result: {stage}" in text
    assert all(" ".join(t.split()) in text for t in nxt)
    assert "Adoption checklist" not in text and "Practices for this function" not in text and "Made with" not in text


def test_the_overview_shows_each_functions_stage_side_by_side(watched: Watched, site_url: str) -> None:
    page = watched.page
    set_ticks(page, site_url, "sales", ids(FOCUSED))
    support = CATALOG.of(Function)["customer-support"]
    all_support = {i.id for i in support.checklist}
    page.evaluate("v => localStorage.setItem('playbook-checklist:customer-support', v)", json.dumps({i: True for i in sorted(all_support)}))
    page.goto(f"{site_url}self-assessment/")
    rows = {r.get_attribute("data-function"): r.locator(".pb-ov-result").inner_text() for r in page.locator(".pb-assessment-overview tbody tr").all()}
    assert list(rows) == FUNCTIONS
    assert rows["sales"] == assess("sales", ids(FOCUSED))[0]
    assert rows["customer-support"] == STAGES[-1].name
    assert {f: r for f, r in rows.items() if f not in ("sales", "customer-support")} == {
        f: "No ticks saved" for f in FUNCTIONS if f not in ("sales", "customer-support")
    }
    sales_focused = page.locator(f'tr[data-function="sales"] .pb-ov-stage[data-stage="{FOCUSED}"]').inner_text()
    assert sales_focused == place(CATALOG, SALES, ids(FOCUSED)).stages[0].done_text == f"{len(ids(FOCUSED))} of {len(ids(FOCUSED))}"


# Role start pages -------------------------------------------------------------------------------


def test_the_front_page_links_every_start_page(showcase_site: Path) -> None:
    links = set(read(showcase_site / "index.html").links)
    assert {f"start/{f}/" for f in CATALOG.of(Function)} <= links


@pytest.mark.parametrize("fn_id", sorted(CATALOG.of(Function)))
def test_a_start_page_links_only_to_existing_pages(showcase_site: Path, fn_id: str) -> None:
    assert broken_links(showcase_site, [read(showcase_site / f"start/{fn_id}/index.html")]) == []


def ranked_practices_by_hand(fn_id: str) -> list[str]:
    """The stated rule, written out again: most of the function's items first, then the first item in stage order."""
    order = list(CATALOG.stages)
    items = sorted(enumerate(CATALOG.of(Function)[fn_id].checklist), key=lambda ni: (order.index(ni[1].stage), ni[0]))
    count = {i.practice: sum(j.practice == i.practice for _, j in items) for _, i in items}
    first = {}
    for position, (_, i) in enumerate(items):
        first.setdefault(i.practice, position)
    return sorted(count, key=lambda p: (-count[p], first[p]))


def test_a_start_page_gives_first_items_practices_cases_and_metrics_by_its_rule(watched: Watched, site_url: str) -> None:
    page = watched.page
    page.goto(f"{site_url}start/sales/")
    assert page.locator("h1").inner_text() == "Start here: Sales"

    def section(title: str):
        return page.locator(f"xpath=//h2[normalize-space()='{title}']/following-sibling::*[1]")

    # The function's page and its map row are links in the introduction, not things to read.
    intro = page.locator(".pb-start-intro a")
    assert [a.get_attribute("href") for a in intro.all()] == [f"{site_url}functions/sales/", f"{site_url}journey-map/?function=sales#row-sales"]
    order = list(CATALOG.stages)
    in_stage_order = [i for _, i in sorted(enumerate(SALES.checklist), key=lambda ni: (order.index(ni[1].stage), ni[0]))]
    assert section("Your first items").locator("li > a").all_inner_texts() == [i.text for i in in_stage_order[:3]]
    practices = section("Five practices to read first").locator("ol > li > a")
    assert practices.all_inner_texts() == [CATALOG.of(Practice)[p].title for p in ranked_practices_by_hand("sales")[:5]]
    cases = section("Case studies to know").locator(".pb-card")
    verdicts = [c.locator(".pb-verdict").inner_text() for c in cases.all()]
    assert verdicts == sorted(verdicts, key=lambda v: not v.startswith("Exemplar")) and verdicts  # exemplars first
    owned = [CATALOG.of(Metric)[m].display_title for m in CATALOG.referrers(Function, "sales", Metric, "owned_by")]
    assert sorted(section("The metrics you own").locator("a").all_inner_texts()) == sorted(owned)
    hrefs = [a.get_attribute("href") for a in page.locator("article .pb-block a").all()]
    assert f"{site_url}start/sales/" not in hrefs  # no page recommends itself
    assert page.locator(".pb-reviewed").inner_text() == f"Last reviewed {SALES.last_reviewed.isoformat()} by {SALES.owner}"


# Evidence on practice pages ---------------------------------------------------------------------


def test_practice_pages_show_supporting_and_cautionary_cases_and_figures(showcase_site: Path) -> None:
    page = read(showcase_site / "practices/research-and-personas/index.html")
    text = page.text
    cautionary = text.index("Cautionary cases: how it goes wrong")
    assert text.index("J.C. Penney", cautionary) > cautionary
    assert "Lesson: Know what your customers value" in text
    for pid, practice in CATALOG.of(Practice).items():
        text = read(showcase_site / f"practices/{pid}/index.html").text
        cases = [CATALOG.of(CaseStudy)[c] for c in CATALOG.referrers(Practice, pid, CaseStudy, "practices")]
        for heading, verdict in (("Cases that support it", "exemplar"), ("Cautionary cases: how it goes wrong", "cautionary")):
            assert (heading in text) == any(c.verdict == verdict for c in cases), (pid, heading)
        for sid in practice.stats:
            stat = CATALOG.of(Stat)[sid]
            source = CATALOG.of(Source)[stat.source]
            assert stat.figure in text and source.title in text, (pid, sid)


# Privacy and accessibility on the new pages -----------------------------------------------------


# Every kind of page, in both colour schemes, is checked in test_pages.py (AXE_PAGES); here, the
# journey map's two states that the plain page does not show.
@pytest.mark.parametrize(
    "path, action",
    [
        ("journey-map/?function=sales#row-sales", "Show only this row"),
        ("journey-map/?journey=onboarding#col-onboarding", None),
    ],
)
def test_the_journey_maps_states_stay_on_this_host_and_pass_axe(watched: Watched, site_url: str, path: str, action: str | None) -> None:
    page = watched.page
    set_ticks(page, site_url, "sales", ids(FOCUSED))
    page.goto(site_url + path)
    page.wait_for_load_state("networkidle")
    if action:
        page.get_by_role("button", name=action).click()
    assert serious_violations(page) == []
    assert watched.external == [] and watched.errors == []
