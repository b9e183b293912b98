"""Search (Pagefind): what an employee types, what comes back, and how it behaves in a browser.

The relevance tests run on the real playbook, built for a sub-path and served under it: the
search quality of the shipped data is their subject (tests/search_queries.yml, and the blind set
tests/search_queries_blind.yml, written before anyone ran a search), so a pull request that renames
or removes a page a query expects updates the list with it. Everything else runs on fixtures: the
showcase playbook, the small catalog of conftest.py (also served under a sub-path), inline
catalogs, or hostile data.
"""

from __future__ import annotations

import functools
import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
import warnings
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, SHOWCASE_DATA, SMALL, Watched, build, free_port, make_project, run_cli, serious_violations, serve, write_data
from html_pages import read

from playbook import indexer, lexicon, search
from playbook.catalog import Catalog
from playbook.model import CaseStudy, Function, GlossaryTerm, Metric, Practice, Source, Stage, Team
from playbook.render.glossary import abbreviations, spell_out
from playbook.validation import validate
from playbook.validation.load import load

QUERIES = yaml.safe_load((Path(__file__).parent / "search_queries.yml").read_text(encoding="utf-8"))
BLIND = yaml.safe_load((Path(__file__).parent / "search_queries_blind.yml").read_text(encoding="utf-8"))
#: Misspelt queries (ours, not tuned to the playbook): each finds the first result of its correct spelling.
TYPOS: dict[str, list[str]] = QUERIES["typos"]
#: Query groups: {query: expected page}; the blind set: [{query, expected: [pages]}].
RELEVANCE = {
    **{f"listed-{g}": {str(q): [e] for q, e in queries.items()} for g, queries in QUERIES.items() if g != "typos"},
    **{f"blind-{g}": {e["query"]: e["expected"] for e in entries} for g, entries in BLIND.items()},
}

#: Glossary terms for the program tests: an abbreviation, an alias, and the records they belong to.
GLOSSARY = {
    "glossary/net-promoter-score.yml": (
        "term: Net Promoter Score\nabbreviations:\n  - NPS\naliases:\n  - promoter score\n"
        "definition: How likely customers say they are to recommend us.\nmetrics:\n  - nps\nfunctions:\n  - support\n"
    ),
    "glossary/quarterly-business-review.yml": (
        "term: Quarterly business review\nabbreviations:\n  - QBR\naliases:\n  - account review\n"
        "definition: A regular meeting with an account.\nfunctions:\n  - sales\n"
    ),
    "glossary/information-technology.yml": "term: Information technology\nabbreviations:\n  - IT\ndefinition: The systems.\n",
}


@functools.cache
def showcase() -> Catalog:
    """The catalog of the showcase playbook that `site_url` serves."""
    return validate(SHOWCASE_DATA, None).catalog


def shipped() -> Catalog:
    """The shipped playbook's catalog, for the tests of its search quality (`shipped_subpath`)."""
    return validate(ROOT / "playbook_data", None).catalog


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
        "names": ["Net Promoter Score (NPS)", "NPS", "net promoter", "promoter score"],
        "names_weight": 7,
        "terms": [],
    }
    assert search.page_search(catalog, Practice, "working-backwards") == {
        "kind": "Practice",
        "functions": ["Customer support", "Sales"],
        "stages": ["Customer-focused"],
        "names": ["Working Backwards"],
        "names_weight": 6,
        "terms": [],
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


# The glossary: a kind of record, a page, and abbreviations spelt out -----------------------------


def test_a_glossary_term_is_validated_like_every_record(project: Path) -> None:
    write_data(
        project / "playbook_data",
        {
            **GLOSSARY,
            "glossary/lean.yml": "term: Lean\nabbreviations:\n  - lean\ndefinition: Small steps.\n",
            "glossary/agile.yml": "term: Agile\ndefinition: Short cycles.\npractices:\n  - working-backwardz\n",
            "glossary/promoters.yml": "term: Promoter score\ndefinition: Recommend.\n",
        },
    )
    result = run_cli("validate", cwd=project)
    assert result.returncode == 1
    assert result.stdout.splitlines()[:3] == [
        "playbook_data/glossary/agile.yml:5:5: practices[0]: unknown practice 'working-backwardz' (did you mean 'working-backwards'?)",
        "playbook_data/glossary/lean.yml:4:5: abbreviations[0]: is not an abbreviation, got 'lean' "
        "(write it as it appears in text, with at least two capital letters, e.g. NPS or FP&A; other names go under aliases)",
        "playbook_data/glossary/promoters.yml:2:7: term: 'Promoter score' is already a name of the glossary term 'net-promoter-score' "
        "(give each name to one term only: remove it here, or from that term)",
    ]


def test_the_glossary_page_lists_every_term_a_to_z_with_an_anchor_and_its_records(project: Path) -> None:
    write_data(project / "playbook_data", GLOSSARY)
    site = build(project)
    page = read(site / "glossary/index.html")
    assert {"glossary-term-net-promoter-score", "glossary-term-quarterly-business-review", "glossary-i", "glossary-n", "glossary-q"} <= page.ids
    html = (site / "glossary/index.html").read_text(encoding="utf-8")
    entry = re.search(r'<div id="glossary-term-net-promoter-score" class="pb-term">(.*?)</div>', html).group(1)
    assert "<dt>Net Promoter Score &#40;" in entry and "Also called: promoter score" in entry
    assert '<a href="../functions/support/">Customer support</a>, <a href="../metrics/nps/">Net Promoter Score (NPS)</a>' in entry.replace(
        "&#40;", "("
    ).replace("&#41;", ")").replace('<abbr class="pb-abbr-first" title="Net Promoter Score" tabindex="0">NPS</abbr>', "NPS")
    assert page.text.index("Information technology") < page.text.index("Net Promoter Score") < page.text.index("Quarterly business review")
    # In the navigation, under Learn; no page of its own per term; the schema for editors' IDEs.
    home = (site / "index.html").read_text(encoding="utf-8")
    learn = re.search(r">\s*Learn\s*<.*?>\s*Models\s*<", home, re.S).group(0)
    assert re.search(r'<a href="glossary/" class="md-nav__link">\s*<span class="md-ellipsis">\s*Glossary', learn)
    assert not (site / "glossary/net-promoter-score").exists()
    assert json.loads((site / "schema/glossary-term.json").read_text())["title"] == "Playbook glossary-term"


def test_abbreviations_are_spelt_out_in_text_only() -> None:
    meaning = {"NPS": "Net Promoter Score", "FP&A": "Financial planning and analysis", "IT": "Information technology"}
    html = (
        '<p id="NPS" title="NPS">Our NPS rose, and NPS again; FP&#38;A and FP&amp;A; NPSs, tNPS, it.</p>'
        '<a href="/nps/">NPS</a><h2>NPS</h2><code>NPS</code>'
        '<div hidden><span data-pagefind-meta="names-w7">IT</span></div><label>IT <span>IT</span></label><p>&#73;T</p>'
        "<script>var x = '<p>NPS</p>';</script><!-- NPS -->"
    )
    assert spell_out(html, meaning) == (
        '<p id="NPS" title="NPS">Our <abbr class="pb-abbr-first" title="Net Promoter Score" tabindex="0">NPS</abbr> rose, and '
        '<abbr>NPS</abbr> again; <abbr class="pb-abbr-first" title="Financial planning and analysis" tabindex="0">FP&#38;A</abbr>'
        " and <abbr>FP&amp;A</abbr>; NPSs, tNPS, it.</p>"
        '<a href="/nps/">NPS</a><h2>NPS</h2><code>NPS</code>'
        '<div hidden><span data-pagefind-meta="names-w7">IT</span></div>'
        '<label><abbr class="pb-abbr-first" title="Information technology">IT</abbr> <span><abbr>IT</abbr></span></label>'
        "<p>&#73;T</p><script>var x = '<p>NPS</p>';</script><!-- NPS -->"
    )
    # The term is written once per page, however often its abbreviation is used: the page grows by the uses, not uses x term.
    many = spell_out("<p>" + "NPS, " * 1_000 + "</p><ul><li>NPS</li></ul>", meaning)
    assert many.count("Net Promoter Score") == 1 and many.count("<abbr>NPS</abbr>") == 1_000
    # A meaning is text in an attribute: it cannot close the attribute or the element.
    assert spell_out("<p>XSS</p>", {"XSS": '"><script>alert(1)</script>'}) == (
        '<p><abbr class="pb-abbr-first" title="&#34;&#62;&#60;script&#62;alert&#40;1&#41;&#60;/script&#62;" tabindex="0">XSS</abbr></p>'
    )
    # Broken or hostile markup: every character is kept, in one pass.
    for broken in ("<p>NPS <a href='x'>NPS", "</a></a>NPS<", "<<<>>>NPS", "<p" * 10_000 + "NPS"):
        assert spell_out(broken, meaning).replace('<abbr class="pb-abbr-first" title="Net Promoter Score" tabindex="0">', "").replace("</abbr>", "") == broken


def test_record_pages_show_what_an_abbreviation_stands_for(project: Path) -> None:
    write_data(
        project / "playbook_data",
        {**GLOSSARY, "practices/one-journey.yml": SMALL["practices/one-journey.yml"].replace("Map it once.", "Map it once, with IT and QBR notes.")},
    )
    site = build(project)
    html = (site / "practices/one-journey/index.html").read_text(encoding="utf-8")
    assert (
        '<abbr class="pb-abbr-first" title="Information technology" tabindex="0">IT</abbr> and <abbr class="pb-abbr-first" title="Quarterly business review"'
        in html
    )
    assert abbreviations(load(project / "playbook_data").catalog) == {
        "NPS": "Net Promoter Score",
        "QBR": "Quarterly business review",
        "IT": "Information technology",
    }


# What people type: the rules both this side and the browser apply ---------------------------------


def test_the_typo_rule_follows_word_length_and_counts_a_swap_as_one_edit() -> None:
    vocabulary = ["retention", "retain", "satisfaction", "onboarding", "persona", "personas", "policy", "customer", "churn", "chart"]
    assert [lexicon.typo_budget(w) for w in ("chrn", "churn", "customer", "retention")] == [0, 1, 1, 2]
    assert lexicon.edit_distance("retnetion", "retention", 2) == 1  # two letters swapped: one edit
    assert lexicon.edit_distance("satisfacton", "satisfaction", 2) == 1
    assert lexicon.edit_distance("abc", "xyz", 1) == 2  # stops once past the limit
    assert lexicon.correction("retension", vocabulary) == "retention"
    assert lexicon.correction("satisfcation", vocabulary) == "satisfaction"
    assert lexicon.correction("onbaordng", vocabulary) == "onboarding"  # two edits in a word of nine letters or more
    assert lexicon.correction("custmr", vocabulary) is None  # two edits in six letters: too far
    assert lexicon.correction("chrun", vocabulary) == "churn"
    assert lexicon.correction("xustomer", vocabulary) is None  # the first letter is taken as typed
    assert lexicon.correction("chrn", vocabulary) is None  # under five letters: as typed
    # Known words, and words the index finds through an English ending, are never corrected.
    assert [lexicon.correction(w, vocabulary) for w in ("retain", "persona", "personas", "policies", "customers", "custom")] == [None] * 6
    assert lexicon.correction("retain5", vocabulary) is None


def test_query_words_read_punctuation_as_the_search_engine_does() -> None:
    assert lexicon.query_words("Team's FP&A  customer-led Café") == ["teams", "fpa", "customerled", "cafe"]
    assert lexicon.name_keys("Win/loss review") == ["winloss review", "win loss review"]
    assert lexicon.name_keys("IT") == ["IT"]  # a filler word as a name only in its capitals
    assert lexicon.name_keys("NPS") == ["nps"]


# The search data: records, custom results, the lexicon ----------------------------------------------


def test_glossary_terms_and_the_booklet_are_results_of_their_own(tmp_path: Path) -> None:
    catalog = small_catalog(tmp_path, GLOSSARY)
    terms = search.glossary_records(catalog)
    nps = next(r for r in terms if "net-promoter" in r.url)
    assert (nps.url, nps.title, nps.kind, nps.content) == (
        "glossary/#glossary-term-net-promoter-score",
        "Net Promoter Score (NPS)",
        "Glossary term",
        "How likely customers say they are to recommend us.",
    )
    assert nps.meta() == {"title": "Net Promoter Score (NPS)", "kind": "Glossary term", "names-w6": "Net Promoter Score · NPS · promoter score"}
    assert nps.filters() == {"kind": ["Glossary term"]}
    (booklet,) = search.page_records(catalog)
    assert (booklet.url, booklet.meta()["names-w8"]) == (
        "print/",
        "All adoption checklists · print checklists · printable checklist · workshop sheet · paper checklist",
    )
    # A term's names go to the records it belongs to, one field per term.
    assert search.page_search(catalog, Function, "sales")["terms"] == [["Quarterly business review", "QBR", "account review"]]
    assert search.page_search(catalog, Metric, "nps")["terms"] == [["Net Promoter Score", "NPS", "promoter score"]]


def test_the_lexicon_holds_the_rules_the_glossary_names_and_the_index_words(project: Path) -> None:
    write_data(project / "playbook_data", GLOSSARY)
    site = build(project)
    entry = json.loads((site / "lexicon/lexicon.json").read_text(encoding="utf-8"))
    assert entry["rule"] == {"oneTypo": 5, "twoTypos": 9}
    assert entry["filler"][:9] == ["how", "what", "is", "do", "we", "our", "my", "can", "the"]
    assert entry["terms"] == ["information technology", "net promoter score", "quarterly business review"]  # by id
    assert entry["names"]["qbr"] == entry["names"]["account review"] == entry["names"]["quarterly business review"] == 2
    assert entry["names"]["IT"] == 0 and "it" not in entry["names"]
    functions = json.loads((site / "lexicon" / entry["functions"]).read_text(encoding="utf-8"))
    assert functions == [{"name": "Customer support", "url": "functions/support/"}, {"name": "Sales", "url": "functions/sales/"}]
    words = json.loads((site / "lexicon" / entry["words"]["c"]).read_text(encoding="utf-8"))
    assert words[0] == "customer" and {"checklist", "council", "customerled"} <= set(words)  # the most common first
    assert all(w.startswith("c") and w.isalpha() and len(w) >= 3 for w in words)
    assert re.fullmatch(r"words-c\.[0-9a-f]{10}\.json", entry["words"]["c"])
    # A rebuild into the same folder replaces the word files it wrote, and nothing else.
    stale, other = site / "lexicon/words-c.0123456789.json", site / "lexicon/notes.txt"
    stale.write_text("[]"), other.write_text("mine")
    lexicon.write_lexicon(site, load(project / "playbook_data").catalog)
    assert not stale.exists() and other.read_text() == "mine"


def test_a_page_named_lexicon_stops_the_build_with_one_line(project: Path) -> None:
    (project / "docs/lexicon.md").write_text("# Lexicon\n\nOur words.\n", encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "      - Review queue: review-queue.md\n", "      - Review queue: review-queue.md\n      - Lexicon: lexicon.md\n"
        )
    )
    result = run_cli("build", cwd=project)
    assert result.returncode == 1
    assert "the search lexicon needs the folder lexicon/, which a page of the site already uses: rename that page" in result.stdout + result.stderr


def test_hand_written_pages_are_found_by_their_aliases_and_validated(project: Path) -> None:
    site = build(project)
    facts = re.search(r'data-pagefind-meta="names-w(\d+)">([^<]*)<', (site / "adoption/index.html").read_text(encoding="utf-8"))
    assert facts.groups() == (str(search.PAGE_NAME_WEIGHT), "Adoption · how far along are we · team progress · adoption dashboard · rollout progress")
    page = project / "docs/adoption.md"
    page.write_text(page.read_text(encoding="utf-8").replace("aliases:\n  - how far along are we\n", "aliases:\n  - 12\n  - how far along are we\n"))
    result = run_cli("validate", cwd=project)
    assert result.returncode == 1
    assert "docs/adoption.md:5:5: aliases[0]: expected a name in plain text, got 12 (write it as text, quoted if it reads as a number)" in result.stdout


def test_the_sitemap_lists_only_what_instant_navigation_reads(small_site: Path) -> None:
    sitemap = (small_site / "sitemap.xml").read_text(encoding="utf-8")
    declaration, body = sitemap.split("\n", 1)
    assert declaration == '<?xml version="1.0" encoding="UTF-8"?>'
    assert re.fullmatch(r"<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">(<url><loc>http://localhost/[^<]*</loc></url>)+</urlset>\n?", body)
    locs = re.findall(r"<loc>http://localhost/([^<]*)</loc>", sitemap)
    assert {"", "practices/working-backwards/", "functions/sales/", "glossary/", "start/sales/"} <= set(locs)
    assert not [loc for loc in locs if loc.startswith("print/")]  # printable sheets open in full, never in place


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
    """The results once they answer `query`, in order: each function's checklist items right after
    it, marked `nested`."""
    page.wait_for_function(
        "q => { const a = document.querySelector('[data-pb-search]').getAttribute('data-pb-results-for'); return a !== null && JSON.parse(a)[0] === q; }",
        arg=query.strip(),
        timeout=10000,
    )
    return page.locator("#pb-search-results li").evaluate_all("""items => items.map(li => ({
        href: li.querySelector('a').getAttribute('href'), title: li.querySelector('.pb-result-title').textContent,
        kind: li.querySelector('.pb-result-kind').textContent, nested: li.classList.contains('pb-result-item'),
        excerpt: (li.querySelector(':scope > a .pb-result-excerpt') || {innerHTML: ''}).innerHTML,
        tags: [...li.querySelectorAll(':scope > a .pb-result-excerpt *')].map(e => e.tagName)}))""")


def top_level(results: list[dict]) -> list[dict]:
    return [r for r in results if not r["nested"]]


def site_path(base: str, href: str) -> str:
    """A result's link as a site-relative path: '/playbook/functions/sales/' -> 'functions/sales/'."""
    from urllib.parse import urlsplit

    return href.removeprefix(urlsplit(base).path)


@pytest.mark.browser
@pytest.mark.parametrize("group", sorted(RELEVANCE))
def test_each_query_finds_its_page_in_the_top_three(watched: Watched, shipped_subpath: str, group: str, record_property) -> None:
    page = watched.page
    page.goto(shipped_subpath)
    misses, first = [], 0
    queries = {q: expected for q, expected in RELEVANCE[group].items() if expected}
    for query in RELEVANCE[group].keys() - queries.keys():
        warnings.warn(f"{group}: {query!r} lists no expected page; not tested", stacklevel=1)
    for query, expected in queries.items():
        top = [site_path(shipped_subpath, r["href"]).split("#")[0] for r in top_level(paste_query(page, query))[:3]]
        first += bool(top) and top[0] in expected
        if not set(expected) & set(top):
            misses.append(f"{query!r}: expected one of {expected}, got {top}")
    record_property("hit_at_1", f"{first}/{len(queries)}")
    assert misses == [], "\n".join(misses)
    assert watched.external == [] and watched.errors == []


@pytest.mark.browser
def test_a_misspelt_query_finds_what_its_spelling_finds(watched: Watched, shipped_subpath: str) -> None:
    page = watched.page
    page.goto(shipped_subpath)
    differ = []
    for right, wrongs in TYPOS.items():
        want = top_level(paste_query(page, right))[0]["href"]
        for wrong in wrongs:
            got = top_level(paste_query(page, wrong))
            notice = page.locator("#pb-search-notice").inner_text()
            if not got or got[0]["href"] != want or not notice.startswith("Showing results for ") or f"Search instead for {wrong}" not in notice:
                differ.append(f"{wrong!r}: {got[0]['href'] if got else None} ({notice!r}), {right!r}: {want}")
    assert differ == []
    # "Search instead for" searches the words as typed; a word that exists is never corrected.
    paste_query(page, "retension")
    page.locator(".pb-search-as-typed").click()
    page.wait_for_function("() => !document.querySelector('.pb-search-corrected')")
    for word in ("loyal", "customers", "policies", "Spire2", "workshop"):
        paste_query(page, word)
        assert page.locator(".pb-search-corrected").count() == 0, word


@pytest.mark.browser
def test_the_browser_applies_the_same_rules_as_the_build(watched: Watched, shipped_subpath: str, tmp_path: Path) -> None:
    """One table made here from playbook.search, checked against assets/search.js in Chromium."""
    vocabulary = ["customer", "customers", "retention", "retain", "satisfaction", "onboarding", "policy", "churn", "chart", "persona", "personal", "council"]
    words = [
        "retension",
        "retnetion",
        "satisfcation",
        "onbaordng",
        "custmr",
        "xustomer",
        "chrn",
        "chrun",
        "policies",
        "customers",
        "retain5",
        "councel",
        "persona",
        "personel",
    ]
    rule = {"oneTypo": lexicon.ONE_TYPO, "twoTypos": lexicon.TWO_TYPOS}
    table = {
        "budget": [lexicon.typo_budget(w) for w in words],
        "stems": [lexicon.stems(w) for w in words],
        "known": [lexicon.is_known(w, vocabulary) for w in words],
        "correction": [lexicon.correction(w, vocabulary) for w in words],
        "distance": [lexicon.edit_distance(a, b, 2) for a in words for b in vocabulary],
        "queryWords": [lexicon.query_words(t) for t in ("Team's FP&A", "  customer-led   Café ", "5.7x ROI?")],
    }
    page = watched.page
    page.goto(shipped_subpath)
    browser = page.evaluate(
        """([words, vocabulary, rule, texts]) => { const s = window.playbookSearch; return {
            budget: words.map(w => s.typoBudget(w, rule)), stems: words.map(s.stems), known: words.map(w => s.isKnown(w, vocabulary)),
            correction: words.map(w => s.correction(w, vocabulary, rule)),
            distance: words.flatMap(a => vocabulary.map(b => s.editDistance(a, b, 2))), queryWords: texts.map(t => s.queryWords(t)) }; }""",
        [words, vocabulary, rule, ["Team's FP&A", "  customer-led   Café ", "5.7x ROI?"]],
    )
    assert browser == table
    # A word of another script is looked up among the words that begin with a letter outside a-z, as the build files them.
    entry, by_letter = lexicon.lexicon(small_catalog(tmp_path), {"продажи": 2, "cafe": 1})
    assert sorted(by_letter) == ["_", "c"]
    plan = page.evaluate("""([entry, files]) => window.playbookSearch.understand("Продажи Café zzzz", entry, l => files[l] || [])""", [entry, by_letter])
    assert (plan["query"], plan["unknown"], plan["corrected"]) == ("Продажи Café", ["zzzz"], [])


@pytest.mark.browser
def test_abbreviations_and_synonyms_search_their_glossary_term(watched: Watched, shipped_subpath: str) -> None:
    page = watched.page
    page.goto(shipped_subpath)
    shipped_terms = shipped().of(GlossaryTerm)
    assert len(shipped_terms) >= 40
    for query in ("cx", "CSM", "voice of the customer", "gdpr"):
        results = top_level(paste_query(page, query))
        kinds = [r["kind"] for r in results[:5]]
        assert "Glossary term" in kinds, (query, results[:5])
    # The term's own entry opens at its anchor on the glossary page.
    results = top_level(paste_query(page, "qbr"))
    term = next(r for r in results if r["kind"] == "Glossary term")
    page.locator(f'#pb-search-results a[href="{term["href"]}"]').click()
    page.wait_for_url("**/glossary/#glossary-term-quarterly-business-review")
    assert page.locator("#glossary-term-quarterly-business-review dt").inner_text() == "Quarterly business review (QBR)"
    assert page.locator("#glossary-term-quarterly-business-review a", has_text="Customer success").count() == 1


@pytest.mark.browser
def test_an_abbreviation_on_a_page_shows_its_meaning_on_tap_and_on_paper(browser, shipped_subpath: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        page.goto(shipped_subpath + "functions/customer-success/")
        first = page.locator("abbr.pb-abbr-first", has_text="NPS").first
        assert first.get_attribute("title") == "Net Promoter Score"
        after = "el => getComputedStyle(el, '::after').content"
        assert first.evaluate(after) in ("none", "normal")
        first.tap()
        assert first.evaluate(after) == '" (Net Promoter Score)"'
        page.emulate_media(media="print")
        page.locator("body").click(position={"x": 5, "y": 300})
        assert first.evaluate(after) == '" (Net Promoter Score)"'
        assert page.locator("abbr:not(.pb-abbr-first)", has_text="NPS").first.evaluate(after) in ("none", "normal")
    finally:
        context.close()


@pytest.mark.browser
def test_pages_come_before_checklist_items(watched: Watched, shipped_subpath: str) -> None:
    page = watched.page
    page.goto(shipped_subpath)
    for query, first in (("adoption", "adoption/"), ("review queue", "review-queue/"), ("sales", "functions/sales/"), ("maturity quiz", "self-assessment/")):
        results = paste_query(page, query)
        assert site_path(shipped_subpath, top_level(results)[0]["href"]) == first, (query, results[:3])
        # No checklist item stands on its own: each is shown under its function's result.
        assert [r for r in top_level(results) if r["kind"] == "Checklist item"] == []
    results = paste_query(page, "sales")
    under_sales = [r for r in results[1:][: next((i for i, r in enumerate(results[1:]) if not r["nested"]), None)]]
    assert under_sales and all(site_path(shipped_subpath, r["href"]).startswith("functions/sales/#item-") for r in under_sales)


@pytest.mark.browser
def test_a_search_that_finds_nothing_offers_a_way_on(watched: Watched, shipped_subpath: str) -> None:
    page = watched.page
    page.goto(shipped_subpath)
    assert paste_query(page, "zqxw vbnm") == []
    assert page.locator("#pb-search-status").inner_text() == "No results for “zqxw vbnm”."
    help_ = page.locator(".pb-search-nothing")
    assert "No page mentions “zqxw” or “vbnm”" in help_.inner_text()
    links = help_.locator("a").evaluate_all("as => as.map(a => [a.textContent, a.href])")
    names = sorted(f.name for f in shipped().of(Function).values())
    assert [name for name, _ in links] == ["Glossary", *names]
    for _, href in links[:3]:
        with urllib.request.urlopen(href) as response:
            assert response.status == 200
    # Searched as typed, a misspelling that finds nothing offers its correction.
    paste_query(page, "retenshon")
    assert page.locator("#pb-search-notice").inner_text().startswith("Showing results for retention")
    page.locator(".pb-search-as-typed").click()
    page.locator(".pb-search-nothing").wait_for()
    assert "Did you mean retention?" in page.locator(".pb-search-nothing").inner_text()
    assert "No matching documents" not in page.locator("[data-pb-search]").inner_text()


@pytest.mark.browser
def test_typing_waits_for_a_pause_and_never_shows_an_older_answer(watched: Watched, shipped_subpath: str) -> None:
    page = watched.page
    # Pagefind, with its answer to "Spire2" held back until the test lets it go.
    page.route(
        "**/pagefind/pagefind.js",
        lambda route: route.fulfill(
            content_type="text/javascript",
            body=(
                "import * as real from './pagefind.js?real';"
                "export const options = real.options, preload = real.preload, filters = real.filters;"
                "window.pbSearches = []; let release; const held = new Promise(r => { release = r; }); window.pbRelease = () => release();"
                "export function search(term, opts) { window.pbSearches.push(term);"
                " return (term === 'Spire2' ? held : Promise.resolve()).then(() => real.search(term, opts)); }"
            ),
        ),
    )
    page.goto(shipped_subpath)
    field = page.locator("input.md-search__input")
    field.click()
    field.press_sequentially("s", delay=20)
    page.wait_for_timeout(400)
    assert page.evaluate("window.pbSearches || []") == []  # one letter: no search
    assert page.locator("#pb-search-status").inner_text() == "Type at least two letters"
    page.wait_for_function("Array.isArray(window.pbSearches)")
    # Seventeen keys, each an input event, faster than the pause (and than a busy machine's timers).
    searched_at_once = page.evaluate(
        """text => { const box = document.querySelector('input.md-search__input'); box.value = '';
            for (let i = 1; i <= text.length; i++) { box.value = text.slice(0, i); box.dispatchEvent(new Event('input', {bubbles: true})); }
            return window.pbSearches.length; }""",
        "working backwards",
    )
    assert searched_at_once == 0  # nothing before the pause
    shown_results(page, "working backwards")
    searches = page.evaluate("window.pbSearches")
    assert searches[0] == "working backwards" and set(searches) <= {"working backwards", "working", "backwards"}  # never a prefix typed on the way
    page.evaluate("window.pbSearches = []")
    field.fill("Spire2")
    page.wait_for_function("window.pbSearches.includes('Spire2')")  # its search has started, and waits
    # Every status line shown from now on, however briefly.
    page.evaluate("""() => { window.pbStatuses = []; const s = document.getElementById('pb-search-status');
        new MutationObserver(() => window.pbStatuses.push(s.textContent)).observe(s, {childList: true, characterData: true, subtree: true}); }""")
    # The reader types on; the older answer arrives before the newer query is even searched: it is dropped.
    page.evaluate("""() => { const box = document.querySelector('input.md-search__input'); box.value = 'sales';
        box.dispatchEvent(new Event('input', {bubbles: true})); window.pbRelease(); }""")
    results = shown_results(page, "sales")
    page.wait_for_timeout(300)
    assert page.evaluate("window.pbSearches")[:2] == ["Spire2", "sales"]
    assert [s for s in page.evaluate("window.pbStatuses") if "Spire2" in s] == []
    assert json.loads(page.locator("[data-pb-search]").get_attribute("data-pb-results-for"))[0] == "sales"
    assert page.locator("#pb-search-results > li > a").first.get_attribute("href") == results[0]["href"]
    assert page.locator("#pb-search-status").inner_text().endswith("for “sales”")


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

    monkeypatch.setattr(indexer, "_index", fails)
    with pytest.raises(search.SearchIndexError) as caught:
        indexer.index_site(tmp_path, small_catalog(tmp_path))
    assert str(caught.value) == "the search index could not be built: Pagefind said: Failed to write the index"
