"""What employees see in a real browser: search, ticking, printing, privacy, errors, accessibility."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from conftest import CHROMIUM, CHROMIUM_ARGS, ROOT, SHOWCASE_DATA, Watched, pdf_pages, pdf_text, run_cli, serious_violations, serve, write_data

from playbook.model import Function
from playbook.validation import validate

pytestmark = pytest.mark.browser

CATALOG = validate(SHOWCASE_DATA, None).catalog
SALES = CATALOG.of(Function)["sales"]
SALES_FIRST, SALES_SECOND = SALES.checklist[0], SALES.checklist[1]


def progress(page) -> str:
    return page.locator(".pb-progress").inner_text()


def box(page, item_id: str):
    return page.locator(f'.pb-item[data-item="{item_id}"] input.pb-tick')


def search(page, query: str) -> None:
    """Type a query as a person does, and wait until the results answer it (assets/search.js)."""
    field = page.locator("input.md-search__input")
    field.click()
    field.fill("")
    field.press_sequentially(query, delay=10)
    page.wait_for_function(
        "q => { const a = document.querySelector('[data-pb-search]').getAttribute('data-pb-results-for'); return a !== null && JSON.parse(a)[0] === q; }",
        arg=query,
        timeout=10000,
    )
    if page.locator(".md-search-result__item").count() == 0:
        raise AssertionError(f"search for {query!r} shows no results")


def open_function(page, base: str, function_id: str = "sales") -> None:
    page.goto(f"{base}functions/{function_id}/")
    page.locator(".pb-progress").wait_for(state="visible")


# 1. Search ------------------------------------------------------------------------------------

HANDOVER = next(i for i in SALES.checklist if i.id == "joint-handover-call")


@pytest.mark.parametrize(
    "query, expected",
    [
        ("Working Backwards", "practices/working-backwards/"),
        ("Fair and Square", "case-studies/jc-penney/"),
        ("joint call", f"functions/sales/#item-{HANDOVER.id}"),  # words from a checklist item: its own result
    ],
)
def test_search_finds_it_and_opens_the_right_page(watched: Watched, site_url: str, query: str, expected: str) -> None:
    page = watched.page
    page.goto(site_url)
    search(page, query)
    results = page.locator(".md-search-result__item a")
    results.first.wait_for()
    page_url, _, anchor = expected.partition("#")
    assert re.split("[?#]", results.first.evaluate("a => a.href"))[0] == site_url + page_url
    target = results.filter(has=page.locator(f"xpath=self::*[contains(@href, '#{anchor}')]")).first if anchor else results.first
    target.click()
    page.wait_for_url(re.compile(re.escape(site_url + page_url)))
    if anchor:
        assert page.url.endswith(f"#{anchor}")
        assert page.locator(f"#{anchor} .pb-item-text").inner_text().strip() == HANDOVER.text
    else:
        page.locator("article.md-content__inner h1", has_text=query.split()[0]).wait_for()


def test_every_checklist_item_has_its_own_search_entry() -> None:
    from playbook.search import checklist_records

    entries = {r.url: r.title for r in checklist_records(CATALOG)}
    expected = {f"functions/{f}/#item-{i.id}" for f, fn in CATALOG.of(Function).items() for i in fn.checklist}
    assert set(entries) == expected
    assert entries[f"functions/sales/#item-{HANDOVER.id}"] == HANDOVER.text


# 2. Ticks -------------------------------------------------------------------------------------


def test_a_tick_survives_reload_and_instant_navigation(watched: Watched, site_url: str) -> None:
    page = watched.page
    open_function(page, site_url)
    total = len(SALES.checklist)
    assert progress(page) == f"0 of {total} done"
    box(page, SALES_FIRST.id).check()
    assert progress(page) == f"1 of {total} done"
    stage_total = sum(i.stage == SALES_FIRST.stage for i in SALES.checklist)
    stage = page.locator(f'.pb-stage[data-stage="{SALES_FIRST.stage}"] .pb-stage-progress')
    assert stage.inner_text() == f"1 of {stage_total} done"

    page.reload()
    page.locator(".pb-progress").wait_for(state="visible")
    assert box(page, SALES_FIRST.id).is_checked() and progress(page) == f"1 of {total} done"

    # Instant navigation swaps the page without reloading it: a marker on window survives.
    page.evaluate("window.__samePage = true")
    page.locator(f'.pb-item[data-item="{SALES_FIRST.id}"] .pb-item-practice a').click()
    page.wait_for_url(re.compile(f"/practices/{SALES_FIRST.practice}/$"))
    page.go_back()
    page.wait_for_url(re.compile(r"/functions/sales/$"))
    page.locator(".pb-progress").wait_for(state="visible")
    assert page.evaluate("window.__samePage === true"), "navigation was not instant"
    assert box(page, SALES_FIRST.id).is_checked() and progress(page) == f"1 of {total} done"
    assert watched.errors == []


def test_ticks_are_stored_by_function_and_item_id(watched: Watched, site_url: str) -> None:
    page = watched.page
    open_function(page, site_url)
    box(page, SALES_SECOND.id).check()
    stored = page.evaluate("JSON.parse(localStorage.getItem('playbook-checklist:sales'))")
    assert stored == {SALES_SECOND.id: page.evaluate("window.playbook.today()")}  # the date it was ticked


def test_a_tick_survives_closing_the_browser(playwright_instance, site_url: str, tmp_path: Path) -> None:
    def session():
        return playwright_instance.chromium.launch_persistent_context(str(tmp_path / "profile"), executable_path=CHROMIUM, args=CHROMIUM_ARGS)

    first = session()
    page = first.new_page()
    open_function(page, site_url)
    box(page, SALES_FIRST.id).check()
    first.close()
    second = session()
    page = second.new_page()
    open_function(page, site_url)
    assert box(page, SALES_FIRST.id).is_checked()
    second.close()


def test_reset_asks_first_then_clears(watched: Watched, site_url: str) -> None:
    page = watched.page
    open_function(page, site_url)
    box(page, SALES_FIRST.id).check()
    box(page, SALES_SECOND.id).check()
    messages = []

    page.once("dialog", lambda d: (messages.append(d.message), d.dismiss()))
    page.locator(".pb-reset").click()
    assert progress(page) == f"2 of {len(SALES.checklist)} done"

    page.once("dialog", lambda d: (messages.append(d.message), d.accept()))
    page.locator(".pb-reset").click()
    assert progress(page) == f"0 of {len(SALES.checklist)} done"
    assert not box(page, SALES_FIRST.id).is_checked()
    assert page.evaluate("localStorage.getItem('playbook-checklist:sales')") is None
    assert messages == ["Clear all 2 ticks on the Sales checklist? This cannot be undone."] * 2
    assert page.locator(".pb-reset").is_disabled()


def test_keyboard_users_tick_and_hear_progress(watched: Watched, site_url: str) -> None:
    page = watched.page
    open_function(page, site_url)
    status = page.locator(".pb-progress")
    assert status.get_attribute("role") == "status" and status.get_attribute("aria-live") == "polite"
    box(page, SALES_FIRST.id).focus()
    page.keyboard.press("Space")
    assert box(page, SALES_FIRST.id).is_checked()
    assert status.inner_text() == f"1 of {len(SALES.checklist)} done"
    label = page.get_by_role("checkbox", name=SALES_FIRST.text)
    assert label.is_checked()


def test_without_javascript_the_checklist_is_a_readable_list(browser, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site_url}functions/sales/")
    text = page.locator(".pb-checklist").inner_text()
    for item in SALES.checklist:
        assert item.text in text
    assert not page.locator(".pb-reset").is_visible() and not page.locator(".pb-progress").is_visible()
    assert page.locator(".pb-print-link").is_visible()
    context.close()


# 3. Paper -------------------------------------------------------------------------------------


def words(text: str) -> str:
    """Text compared without hyphens: pdftotext drops the hyphen of a word broken at a line end."""
    return " ".join(text.replace("-", "").split())


CHROME_TEXT = ["Back to the", "Include the ticks", "Prints on A4", "Search", "Table of contents", "Made with", "Reset ticks"]


MM = 72 / 25.4  # PDF points per millimetre


def column_widths(pdf: Path) -> dict[str, float]:
    """The Owner, Due and Notes columns of a printed sheet, in mm, measured between their labels on
    the first page; the last one reaches the right margin, as wide as the left one (an underestimate
    by the label's padding)."""
    boxes = subprocess.run(["pdftotext", "-f", "1", "-l", "1", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    page_width = float(re.search(r'<page width="([\d.]+)"', boxes).group(1))
    words = [(m.group(3), float(m.group(1)), float(m.group(2))) for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)</word>', boxes)]
    left = min(x for _, x, _ in words)
    first = {}
    for word, x, y in words:
        if word in ("Owner", "Due", "Notes") and word not in first:
            first[word] = (x, y)
    assert len({y for _, y in first.values()}) == 1, first  # one heading row
    owner, due, notes = (first[w][0] for w in ("Owner", "Due", "Notes"))
    return {"Owner": (due - owner) / MM, "Due": (notes - due) / MM, "Notes": (page_width - left - notes) / MM}


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_each_function_prints_on_one_page_with_every_item(watched: Watched, site_url: str, tmp_path: Path, paper: str) -> None:
    page = watched.page
    for fn_id, fn in CATALOG.of(Function).items():
        page.goto(f"{site_url}print/functions/{fn_id}/")
        pdf = tmp_path / f"{fn_id}.pdf"
        page.pdf(path=str(pdf), format=paper)
        assert pdf_pages(pdf) == 1, f"{fn_id} takes {pdf_pages(pdf)} pages on {paper}"
        # Columns to write in by hand: each at least 25 mm wide.
        widths = column_widths(pdf)
        assert min(widths.values()) >= 25, f"{fn_id} on {paper}: {widths}"
        text = pdf_text(pdf)
        assert text.startswith("Customer Obsession Playbook · adoption checklist · data of ")
        assert f"{fn.name} " in text and "Team Completed by Date Next review" in pdf_text(pdf, raw=True)  # the four blanks share a line
        for number, item in enumerate(fn.checklist, 1):  # numbered as on the screen and the journey map
            assert words(f"{number}. {item.text}") in words(text), f"{fn_id}: {item.id} missing on {paper}"
        assert [c for c in CHROME_TEXT if c in text] == []


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_the_booklet_starts_each_function_on_a_new_page(watched: Watched, site_url: str, tmp_path: Path, paper: str) -> None:
    page = watched.page
    page.goto(f"{site_url}print/")
    pdf = tmp_path / "booklet.pdf"
    page.pdf(path=str(pdf), format=paper)
    names = sorted((f.name for f in CATALOG.of(Function).values()), key=str.lower)
    assert pdf_pages(pdf) == len(names)
    pages = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout.split("\f")
    for number, name in enumerate(names):
        lines = [line for line in pages[number].split("\n") if line.strip()]
        assert lines[1] == name, f"page {number + 1} should start with {name}"


def test_printing_with_my_ticks_fills_those_boxes(watched: Watched, site_url: str, tmp_path: Path) -> None:
    page = watched.page
    open_function(page, site_url)
    box(page, SALES_SECOND.id).check()
    page.locator(".pb-print-link").click()
    page.wait_for_url(re.compile(r"/print/functions/sales/$"))
    ticked = page.locator(".pb-box.is-ticked")
    assert ticked.count() == 0
    page.locator(".pb-include-ticks").check()
    assert [b.get_attribute("data-item") for b in ticked.all()] == [SALES_SECOND.id]
    page.goto(f"{site_url}print/functions/sales/?ticks=1")
    assert [b.get_attribute("data-item") for b in page.locator(".pb-box.is-ticked").all()] == [SALES_SECOND.id]
    box_style = page.evaluate("getComputedStyle(document.querySelector('.pb-box')).borderTopColor")
    assert box_style == "rgb(0, 0, 0)"
    # Each ticked item says when it was done, in its "Due" cell; an older tick without a date says "Done".
    today = page.evaluate("window.playbook.today()")
    page.evaluate("t => localStorage.setItem('playbook-checklist:sales', JSON.stringify(t))", {SALES_FIRST.id: True, SALES_SECOND.id: "2025-11-03"})
    page.reload()
    done = page.locator(".pb-write-due .pb-done-on:visible")
    assert [d.evaluate("d => d.closest('.pb-item').querySelector('.pb-box').dataset.item") for d in done.all()] == [SALES_FIRST.id, SALES_SECOND.id]
    assert done.all_inner_texts() == ["Done", "Done 2025-11-03"] and today
    pdf = tmp_path / "ticked.pdf"
    page.pdf(path=str(pdf), format="A4")
    assert "Done 2025-11-03" in pdf_text(pdf)
    assert pdf_pages(pdf) == 1


def test_printed_stage_headings_stay_with_their_first_item(watched: Watched, site_url: str) -> None:
    page = watched.page
    page.goto(f"{site_url}print/functions/sales/")
    page.emulate_media(media="print")
    # The heading is in the stage's heading row, which also labels the columns to write in (owner, due, notes).
    keep = page.evaluate("""[...document.querySelectorAll('.pb-keep')].map(k =>
        [k.firstElementChild.firstElementChild.tagName, k.querySelectorAll('.pb-item').length, getComputedStyle(k).breakInside])""")
    assert keep and all(k == ["H2", 1, "avoid"] for k in keep)
    assert page.evaluate("getComputedStyle(document.querySelector('.pb-item')).breakInside") == "avoid"


def test_printed_pages_wrap_tables_and_hide_the_site_chrome(watched: Watched, site_url: str, tmp_path: Path) -> None:
    page = watched.page
    page.set_viewport_size({"width": 700, "height": 900})
    page.goto(f"{site_url}metrics/")
    page.emulate_media(media="print")
    overflow = page.evaluate("""[...document.querySelectorAll('.md-typeset table')].map(t =>
        t.getBoundingClientRect().right - document.querySelector('.md-content').getBoundingClientRect().right)""")
    assert overflow and max(overflow) <= 1
    pdf = tmp_path / "metrics.pdf"
    page.pdf(path=str(pdf), format="A4")
    text = pdf_text(pdf)
    assert text.startswith("Metrics Measures that show") and "Table of contents" not in text and "Made with" not in text


# 4 and 5. Every page: no request to another host, no console error, no dialog ---------------


def all_pages(site: Path) -> list[str]:
    return sorted(p.parent.relative_to(site).as_posix() + "/" if p.name == "index.html" else p.relative_to(site).as_posix() for p in site.rglob("*.html"))


def one_page_of_each_kind(site: Path) -> list[str]:
    """The first page of every section at every depth: each template and each kind of generated page once."""
    chosen: dict[tuple[str, int], str] = {}
    for rel in all_pages(site):
        parts = rel.strip("/").split("/")
        chosen.setdefault((parts[0], len(parts)), rel)
    return sorted(chosen.values())


def test_every_kind_of_page_stays_on_this_host_and_logs_no_error(watched: Watched, site_url: str, showcase_site: Path) -> None:
    page = watched.page
    visited = one_page_of_each_kind(showcase_site)
    for rel in visited:
        page.goto(site_url + ("" if rel == "./" else rel))
        page.wait_for_load_state("load")
    sections = {rel.strip("/").split("/")[0] for rel in visited}
    assert {".", "404.html", "functions", "practices", "case-studies", "print", "start", "journey-map", "stats", "sources"} <= sections
    assert watched.external == []
    assert [e for e in watched.errors if "404" not in e or "404.html" not in e] == []


def test_hostile_records_never_run_script_in_the_browser(browser, project: Path) -> None:
    from payloads import hostile_catalog

    write_data(project / "playbook_data", hostile_catalog())
    assert run_cli("build", cwd=project).returncode == 0
    url, server = serve(project / "site")
    context = browser.new_context()
    page = context.new_page()
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    try:
        for rel in all_pages(project / "site"):
            page.goto(url + ("" if rel == "./" else rel))
        page.goto(url)
        search(page, "cycler")
    finally:
        context.close()
        server.shutdown()
    assert dialogs == []


# 6. Accessibility -----------------------------------------------------------------------------


# Every kind of page is checked in both colour schemes in test_pages.py (AXE_PAGES); here, the
# search results, a state of every page.
def test_search_results_have_no_serious_accessibility_violations(watched: Watched, site_url: str) -> None:
    page = watched.page
    page.goto(site_url)
    search(page, "customer journey")
    assert serious_violations(page) == []


# 7. The site is served, not opened from disk ---------------------------------------------------


def test_the_readme_says_the_site_must_be_served() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "must be **served**" in readme and "file://" in readme
