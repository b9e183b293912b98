"""Search (Pagefind): what an employee types, what comes back, and how it behaves in a browser.

The relevance tests run on the real playbook, built for a sub-path and served under it: the
search quality of the shipped data is their subject, so a pull request that renames or removes
a page a query expects updates tests/search_queries.yml with it. Everything else runs on
fixtures: the showcase playbook, the small catalog of conftest.py (also served under a
sub-path), or hostile data.
"""

from __future__ import annotations

import functools
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, SHOWCASE_DATA, SMALL, Watched, free_port, make_project, run_cli, serious_violations, serve, write_data

from playbook import search
from playbook.catalog import Catalog
from playbook.model import CaseStudy, Function, Metric, Practice, Source, Stage, Team
from playbook.validation import validate

QUERIES = yaml.safe_load((Path(__file__).parent / "search_queries.yml").read_text(encoding="utf-8"))


@functools.cache
def showcase() -> Catalog:
    """The catalog of the showcase playbook that `site_url` serves."""
    return validate(SHOWCASE_DATA, None).catalog


# The data search is built from (no browser) ---------------------------------------------------


def small_catalog(tmp_path: Path, records: dict[str, str | None] | None = None):
    write_data(tmp_path / "playbook_data", {**SMALL, **(records or {})})
    return validate(tmp_path / "playbook_data", None).catalog


def test_each_checklist_item_is_a_record_of_its_own(tmp_path: Path) -> None:
    records = search.checklist_records(small_catalog(tmp_path))
    assert [(r.url, r.title, r.kind, r.function, r.stage) for r in records][:2] == [
        ("functions/sales/#item-buyer-funnel", "Rename the sales funnel to the buyer funnel", "Checklist item", "Sales", "Customer-focused"),
        ("functions/sales/#item-shared-record", "Read the shared customer record before every call", "Checklist item", "Sales", "Customer-centric"),
    ]
    assert records[0].content == "Sales checklist · Customer-focused · Practice: One shared journey"
    assert len(records) == 6


def test_a_record_page_tells_search_its_kind_facets_and_names(tmp_path: Path) -> None:
    catalog = small_catalog(
        tmp_path,
        {"metrics/nps.yml": SMALL["metrics/nps.yml"] + "aliases:\n  - net promoter\n  - promoter score\n", "teams/north.yml": "name: North\nfunction: sales\n"},
    )
    assert search.page_search(catalog, Metric, "nps") == {
        "kind": "Metric",
        "functions": ["Customer support"],
        "stages": [],
        "names": ["Net Promoter Score (NPS)", "net promoter", "promoter score"],
        "names_weight": 7,
    }
    assert search.page_search(catalog, Practice, "working-backwards") == {
        "kind": "Practice",
        "functions": ["Customer support", "Sales"],
        "stages": ["Customer-focused"],
        "names": ["Working Backwards"],
        "names_weight": 6,
    }
    case = search.page_search(catalog, CaseStudy, "jc-penney")
    assert (case["kind"], case["functions"], case["stages"]) == ("Case study", ["Sales"], ["Customer-centric"])
    assert search.page_search(catalog, Function, "sales")["names_weight"] == 10
    # A function belongs to itself alone: the practices and stages its checklist items name are not its facets.
    sales = search.page_search(catalog, Function, "sales")
    assert (sales["functions"], sales["stages"]) == (["Sales"], [])
    north = search.page_search(catalog, Team, "north")  # a team belongs to its function
    assert (north["functions"], north["stages"]) == (["Sales"], [])
    assert search.page_search(catalog, Stage, "led")["kind"] == "Maturity stage"
    weight = {kind: search.page_search(catalog, kind, rid)["names_weight"] for kind, rid in ((Source, "book"), (Practice, "one-journey"))}
    assert weight[Source] < weight[Practice]


def test_aliases_are_validated_like_every_field(project: Path) -> None:
    write_data(project / "playbook_data", {"metrics/nps.yml": SMALL["metrics/nps.yml"] + "aliases: net promoter\n"})
    result = run_cli("validate", cwd=project)
    assert result.returncode == 1
    assert (
        "playbook_data/metrics/nps.yml:8:10: aliases: expected a list, got 'net promoter' (write each item on its own line, starting with '- ')"
    ) in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_aliases_show_on_the_page_as_text(project: Path) -> None:
    from payloads import fitting, yaml_text

    from playbook.model import Metric

    alias = yaml_text(fitting(Metric, "aliases", item=True))
    write_data(project / "playbook_data", {"metrics/nps.yml": SMALL["metrics/nps.yml"] + f"aliases:\n  - NPS score\n  - {alias}\n"})
    assert run_cli("build", cwd=project).returncode == 0
    html = (project / "site/metrics/nps/index.html").read_text(encoding="utf-8")
    assert '<p class="pb-aliases">Also known as: NPS score, &#60;script&#62;alert&#40;1&#41;&#60;/script&#62;' in html
    assert "<script>alert" not in html


def test_every_build_writes_the_pagefind_index_and_no_lunr_index(project: Path) -> None:
    for command in ([sys.executable, "-m", "playbook", "build"], [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", "plain"]):
        result = subprocess.run(command, cwd=project, capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
        assert result.returncode == 0, result.stderr
    for site in (project / "site", project / "plain"):
        entry = json.loads((site / "pagefind/pagefind-entry.json").read_text())
        assert entry["version"] == "1.5.2"
        assert entry["languages"]["en"]["page_count"] > 20
        assert (site / "pagefind/pagefind.js").is_file() and (site / "pagefind/wasm.en.pagefind").is_file()
        assert not (site / "search").exists()
        assert "search_index" not in (site / "index.html").read_text()


# In the browser ---------------------------------------------------------------------------------


def built_under_subpath(tmp_path: Path, cwd: Path) -> tuple[str, object]:
    """Build the project in `cwd` for http://127.0.0.1:PORT/playbook/ and serve it there."""
    port = free_port()
    result = run_cli("build", "--site-dir", str(tmp_path / "www/playbook"), cwd=cwd, PLAYBOOK_SITE_URL=f"http://127.0.0.1:{port}/playbook/")
    assert result.returncode == 0, result.stdout + result.stderr
    url, server = serve(tmp_path / "www", port)
    return url + "playbook/", server


@pytest.fixture(scope="session")
def shipped_subpath(tmp_path_factory):
    """The real playbook, served under /playbook/ as on an intranet that hosts several sites: for the relevance tests alone."""
    url, server = built_under_subpath(tmp_path_factory.mktemp("subpath"), ROOT)
    yield url
    server.shutdown()


@pytest.fixture(scope="module")
def small_subpath(tmp_path_factory):
    """The small catalog, served under /playbook/."""
    folder = tmp_path_factory.mktemp("small-subpath")
    (folder / "project").mkdir()
    url, server = built_under_subpath(folder, make_project(folder / "project"))
    yield url
    server.shutdown()


def type_query(page, query: str) -> list[dict]:
    """Type `query` into the header's search box as a person does; the results once they answer it."""
    field = page.locator("input.md-search__input")
    field.click()
    field.fill("")
    field.press_sequentially(query, delay=15)
    return shown_results(page, query)


def paste_query(page, query: str) -> list[dict]:
    """Put `query` in the search box at once, as pasting does; the results once they answer it.

    For the relevance lists, whose subject is what comes back; the other tests type key by key.
    """
    field = page.locator("input.md-search__input")
    field.click()
    field.fill(query)
    return shown_results(page, query)


def shown_results(page, query: str) -> list[dict]:
    page.wait_for_function(
        "q => { const a = document.querySelector('[data-pb-search]').getAttribute('data-pb-results-for'); return a !== null && JSON.parse(a)[0] === q; }",
        arg=query.strip(),
        timeout=10000,
    )
    return page.locator("#pb-search-results > li").evaluate_all("""items => items.map(li => ({
        href: li.querySelector('a').getAttribute('href'), title: li.querySelector('.pb-result-title').textContent,
        kind: li.querySelector('.pb-result-kind').textContent, excerpt: li.querySelector('.pb-result-excerpt').innerHTML,
        tags: [...li.querySelectorAll('.pb-result-excerpt *')].map(e => e.tagName)}))""")


def site_path(base: str, href: str) -> str:
    """A result's link as a site-relative path: '/playbook/functions/sales/' -> 'functions/sales/'."""
    from urllib.parse import urlsplit

    return href.removeprefix(urlsplit(base).path)


@pytest.mark.browser
@pytest.mark.parametrize("group", sorted(QUERIES))
def test_each_query_finds_its_page_in_the_top_three(watched: Watched, shipped_subpath: str, group: str) -> None:
    page = watched.page
    page.goto(shipped_subpath)
    misses = []
    for query, expected in QUERIES[group].items():
        top = [site_path(shipped_subpath, r["href"]) for r in paste_query(page, str(query))[:3]]
        if expected not in [t.split("#")[0] for t in top]:
            misses.append(f"{query!r}: expected {expected}, got {top}")
    assert misses == [], "\n".join(misses)
    assert watched.external == [] and watched.errors == []


@pytest.mark.browser
def test_results_show_title_kind_and_an_excerpt_with_the_words_marked(watched: Watched, site_url: str) -> None:
    page = watched.page
    page.goto(site_url)
    first = type_query(page, "churn")[0]
    churn = showcase().get(Metric, "churn-rate")
    assert (site_path(site_url, first["href"]), first["title"], first["kind"]) == ("metrics/churn-rate/", churn.display_title, "Metric")
    assert "<mark>churn</mark>" in first["excerpt"].lower()
    assert set(first["tags"]) == {"MARK"}
    # Facts read as words, not as "StageCustomer-ledForSales".
    practice = type_query(page, "working backwards five stages")[0]
    assert "StageCustomer" not in practice["excerpt"] and "ForProduct" not in practice["excerpt"]


@pytest.mark.browser
def test_facets_narrow_by_kind_function_and_stage(watched: Watched, site_url: str) -> None:
    page, catalog = watched.page, showcase()
    page.goto(site_url)
    everything = type_query(page, "customer")
    assert {r["kind"] for r in everything} >= {"Practice", "Function"} or len(everything) == 10

    def choose(facet: str, value: str) -> list[dict]:
        page.locator(f'select[data-pb-facet="{facet}"]').select_option(value)
        page.wait_for_function(
            "([f, v]) => { const a = document.querySelector('[data-pb-search]').getAttribute('data-pb-results-for');"
            " return a !== null && (JSON.parse(a)[1][f] || '') === v; }",
            arg=[facet, value],
        )
        more = page.locator(".pb-search-more")
        while more.is_visible():
            count = page.locator("#pb-search-results > li").count()
            more.click()
            page.wait_for_function(f"document.querySelectorAll('#pb-search-results > li').length > {count}")
        return shown_results(page, "customer")

    kinds = page.locator('select[data-pb-facet="kind"] option').all_inner_texts()
    assert {"All", "Function", "Practice", "Case study", "Metric", "Statistic", "Checklist item", "Maturity stage"} <= set(kinds)
    metrics = choose("kind", "Metric")
    assert metrics and {r["kind"] for r in metrics} == {"Metric"}
    practices = choose("kind", "Practice")
    sales_practices = choose("function", "Sales")
    expected = {f"practices/{p}/" for p in catalog.referrers(Function, "sales", Practice, "functions")}
    assert sales_practices and {site_path(site_url, r["href"]) for r in sales_practices} <= expected
    assert len(sales_practices) < len(practices)
    led = choose("stage", "Customer-led")
    expected = {f"practices/{p}/" for p in catalog.referrers(Function, "sales", Practice, "functions") if catalog.get(Practice, p).stage == "customer-led"}
    assert led and {site_path(site_url, r["href"]) for r in led} <= expected


@pytest.mark.browser
def test_keyboard_alone_searches_and_opens_a_result_with_instant_navigation(watched: Watched, site_url: str) -> None:
    page = watched.page
    page.goto(site_url + "practices/")
    page.wait_for_load_state("networkidle")
    page.evaluate("window.pbSamePage = true")  # survives instant navigation, not a reload
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.matches('input.md-search__input')")
    page.keyboard.type("working backwards", delay=15)
    results = shown_results(page, "working backwards")
    assert page.locator("#pb-search-results").is_visible()
    focused = "document.activeElement.getAttribute('href')"
    page.keyboard.press("ArrowDown")
    assert page.evaluate(focused) == results[0]["href"]
    page.keyboard.press("ArrowDown")
    assert page.evaluate(focused) == results[1]["href"]
    page.keyboard.press("ArrowUp")
    assert page.evaluate(focused) == results[0]["href"]
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{results[0]['href']}")
    page.locator("article h1", has_text=results[0]["title"].split(":")[0]).wait_for()
    assert page.evaluate("window.pbSamePage") is True
    assert not page.locator("#__search").is_checked()
    # On the new page "s" opens search again, and Escape closes it. Material closes the search
    # 125 ms after every change of address (its bundle: merge(location$, target$), delay(125)),
    # so a key pressed sooner is undone; a reader's next key comes later than that.
    page.wait_for_timeout(500)
    page.keyboard.press("s")
    assert page.evaluate("document.activeElement.matches('input.md-search__input')")
    assert page.locator("#__search").is_checked()
    page.keyboard.press("Escape")
    assert not page.locator("#__search").is_checked()
    assert watched.external == [] and watched.errors == []


@pytest.mark.browser
def test_enter_in_the_box_opens_the_first_result(watched: Watched, site_url: str) -> None:
    page = watched.page
    page.goto(site_url)
    first = type_query(page, "Spire2")[0]
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{first['href']}")
    assert site_path(site_url, first["href"]) == "case-studies/nationwide-insurance/"


@pytest.mark.browser
def test_every_request_stays_on_this_host_under_the_sub_path(watched: Watched, small_subpath: str) -> None:
    page = watched.page
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(small_subpath)
    type_query(page, "customer journey")
    page.locator('select[data-pb-facet="kind"]').select_option("Practice")
    page.locator("#pb-search-results a").first.click()
    page.wait_for_load_state("networkidle")
    assert watched.external == [] and watched.errors == []
    search_files = [u for u in requests if "/pagefind/" in u]
    assert search_files and all(u.startswith(small_subpath + "pagefind/") for u in search_files)
    assert all(u.startswith(small_subpath) for u in requests if not u.startswith("data:"))


@pytest.mark.browser
def test_a_checklist_item_is_a_result_that_opens_the_item(watched: Watched, small_subpath: str) -> None:
    page = watched.page
    page.goto(small_subpath)
    results = type_query(page, "ten tickets")
    item = next(r for r in results if r["kind"] == "Checklist item")
    assert (site_path(small_subpath, item["href"]), item["title"]) == ("functions/support/#item-read-tickets", "Read ten tickets a week")
    page.locator('#pb-search-results a[href$="#item-read-tickets"]').click()  # other pages list the item too
    page.wait_for_url("**/functions/support/#item-read-tickets")
    assert page.locator("#item-read-tickets .pb-item-text").inner_text() == "Read ten tickets a week"


@pytest.mark.browser
def test_search_works_on_a_phone(browser, site_url: str) -> None:
    # In the dark scheme: test_browser.py checks the results with axe in the light one.
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, color_scheme="dark")
    page = context.new_page()
    try:
        page.goto(site_url)
        page.locator('label.md-header__button[for="__search"]').click()
        field = page.locator("input.md-search__input")
        assert field.is_visible() and page.evaluate("document.activeElement.matches('input.md-search__input')")
        field.press_sequentially("sales", delay=15)
        results = shown_results(page, "sales")
        assert site_path(site_url, results[0]["href"]) == "functions/sales/"
        boxes = [page.locator(sel).bounding_box() for sel in ("#pb-search-results > li >> nth=0", ".pb-search-facets", "input.md-search__input")]
        assert all(b and b["x"] >= 0 and b["x"] + b["width"] <= 390 for b in boxes), boxes
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        assert serious_violations(page) == []
    finally:
        context.close()


@pytest.mark.browser
def test_without_javascript_the_box_points_to_the_index_pages(browser, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(site_url + "practices/working-backwards/")
        page.locator(".pb-search-nojs summary").click()
        message = page.locator(".pb-search-nojs p")
        assert message.is_visible()
        assert message.inner_text().startswith("Search needs JavaScript, which is off in this browser. Browse the index pages instead:")
        links = message.locator("a")
        assert {"Functions", "Practices", "Case studies", "Metrics"} <= set(links.all_inner_texts())
        for href in links.evaluate_all("as => as.map(a => a.href)"):
            with urllib.request.urlopen(href) as response:
                assert response.status == 200
    finally:
        context.close()


@pytest.mark.browser
def test_hostile_records_stay_inert_in_the_results(browser, tmp_path: Path, project: Path) -> None:
    from payloads import ALL, fitting, hostile_catalog

    from playbook.model import Function

    write_data(project / "playbook_data", hostile_catalog())
    url, server = built_under_subpath(tmp_path, project)
    context = browser.new_context()
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    try:
        page.goto(url)
        results = type_query(page, "cycler")
        assert results and any(r["title"] == ALL for r in results)
        assert all(set(r["tags"]) <= {"MARK"} for r in results)
        assert page.locator("#pb-search-results script, #pb-search-results img, .pb-search-facets script").count() == 0
        assert fitting(Function, "name") in page.locator('select[data-pb-facet="function"] option').all_inner_texts()
        page.locator("#pb-search-results a").first.click()
        page.wait_for_load_state("networkidle")
    finally:
        context.close()
        server.shutdown()
    assert dialogs == []


@pytest.mark.browser
def test_the_preview_finds_a_record_changed_in_yaml(watched: Watched, project: Path) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PLAYBOOK_SITE_URL": base}
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--strict", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        assert wait_for(base + "practices/one-journey/", "One shared journey"), "mkdocs serve did not answer"
        write_data(
            project / "playbook_data",
            {"practices/one-journey.yml": SMALL["practices/one-journey.yml"].replace("title: One shared journey", "title: Zanzibar journey")},
        )
        assert wait_for(base + "practices/one-journey/", "Zanzibar journey"), "the preview did not rebuild"
        page = watched.page
        page.goto(base)
        results = type_query(page, "Zanzibar")
        assert (site_path(base, results[0]["href"]), results[0]["title"]) == ("practices/one-journey/", "Zanzibar journey")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=10)


def wait_for(url: str, text: str, timeout: float = 60) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if text in response.read().decode("utf-8", errors="replace"):
                    return True
        except OSError:
            pass
        time.sleep(0.1)
    return False


def test_a_failing_indexer_is_one_line_not_a_traceback(tmp_path: Path, monkeypatch) -> None:
    async def fails(site, extra):
        raise Exception("Failed to write the index")  # what the Python wrapper raises with the binary's message

    monkeypatch.setattr(search, "_index", fails)
    with pytest.raises(search.SearchIndexError) as caught:
        search.index_site(tmp_path, small_catalog(tmp_path))
    assert str(caught.value) == "the search index could not be built: Pagefind said: Failed to write the index"
