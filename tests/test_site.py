"""Real MkDocs builds of a small playbook: pages, links, edit links, safety and reproducibility."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from urllib.parse import urlsplit

from conftest import SMALL, run_cli, write_data
from html_pages import broken_links, pages, read
from payloads import PAYLOADS, hostile_catalog

from playbook.model import KINDS

#: The hand-written pages in docs/ that are not a kind's section page, and the 404 page.
HAND_WRITTEN = [
    "404.html",
    "index.html",
    "how-it-works/index.html",
    "journey-map/index.html",
    "review-queue/index.html",
    "self-assessment/index.html",
    "start/index.html",
    "adoption/index.html",
]
SMALL_FUNCTIONS = [rel.removeprefix("functions/").removesuffix(".yml") for rel in SMALL if rel.startswith("functions/")]

#: Every page the small catalog builds: the hand-written pages, a section page per kind (written
#: by hand or generated), one page per record, each function's print sheet and start page, and
#: the booklet. Nothing more, nothing less.
EXPECTED_PAGES = sorted(
    [
        *HAND_WRITTEN,
        *(f"{kind.folder}/index.html" for kind in KINDS),
        *(f"{rel.removesuffix('.yml')}/index.html" for rel in SMALL),
        *(f"{where}/{function_id}/index.html" for function_id in SMALL_FUNCTIONS for where in ("start", "print/functions")),
        "print/index.html",
    ]
)


def digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_small_catalog_builds_exactly_its_pages(small_site: Path) -> None:
    assert sorted(p.relative_to(small_site).as_posix() for p in small_site.rglob("*.html")) == EXPECTED_PAGES


def test_every_internal_link_and_anchor_resolves(small_site: Path) -> None:
    assert broken_links(small_site) == []


def test_function_page_shows_the_checklist_grouped_by_stage(small_site: Path) -> None:
    page = read(small_site / "functions/support/index.html")
    text = page.text
    # Items are numbered through the whole checklist: the journey map refers to them by number.
    assert (
        text.index("Customer-focused 1. Read ten tickets a week Practice: Working Backwards")
        < text.index("Customer-centric 2. Share one customer view Practice: One shared journey")
        < text.index("Customer-led 3. Join the customer council")
    )
    assert "../../practices/one-journey/" in page.links


def test_case_cards_on_a_hand_written_page(small_site: Path) -> None:
    text = read(small_site / "case-studies/index.html").text
    assert "Two to start with Amazon: Working Backwards Exemplar: follow it since 1994 Customer obsession first. Lesson: Mechanisms beat intentions" in text
    assert "J.C. Penney: Fair and Square Cautionary: learn from it" in text


def test_a_statistic_is_shown_with_its_source(small_site: Path) -> None:
    text = read(small_site / "practices/working-backwards/index.html").text
    assert "5.7x — more revenue for superior experience (An article)" in text


def test_edit_links_open_the_record_yaml_or_the_page_markdown(project: Path) -> None:
    edit = "https://git.example.com/customer-obsession-playbook/-/edit/main/"
    assert run_cli("build", cwd=project, PLAYBOOK_EDIT_URI=edit).returncode == 0
    built = project / "site"
    practice = read(built / "practices/working-backwards/index.html")
    home = read(built / "index.html")
    assert f"{edit}playbook_data/practices/working-backwards.yml" in practice.links
    assert f"{edit}docs/index.md" in home.links
    assert "Last reviewed 2026-01-15 by Head of Customer Experience" in practice.text


def test_a_bad_record_fails_the_build_and_leaves_site_unchanged(project: Path, built: Path) -> None:
    before = digest(built)
    write_data(project / "playbook_data", {"practices/one-journey.yml": SMALL["practices/one-journey.yml"].replace("stage: centric", "stage: centrik")})
    result = run_cli("build", cwd=project)
    assert result.returncode == 1
    assert result.stdout == ("playbook_data/practices/one-journey.yml:10:8: stage: unknown stage 'centrik' (did you mean 'centric'?)\n")
    assert "Traceback" not in result.stderr
    assert result.stderr == "Error: not built: 1 problem in playbook_data; site/ is unchanged.\n"
    assert digest(built) == before


def test_a_failing_macro_fails_the_build_and_leaves_site_unchanged(project: Path, built: Path) -> None:
    before = digest(built)
    (project / "docs/index.md").write_text("# Home\n\n{{ stat('nope') }}\n")
    result = run_cli("build", cwd=project)
    assert result.returncode == 1
    assert result.stdout == "docs/index.md:3:4: stat('nope'): unknown stat 'nope' (use a file name in playbook_data/stats/)\n"
    assert result.stderr == "Error: not built: 1 problem in docs; site/ is unchanged.\n"
    assert digest(built) == before


def test_mkdocs_build_itself_stops_on_bad_data(project: Path) -> None:
    import subprocess
    import sys

    write_data(project / "playbook_data", {"stats/superior-cx-revenue-5-7x.yml": "figure: 5.7x\nclaim: more revenue\nsource: nobody\n"})
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=project, capture_output=True, text=True)
    assert result.returncode == 1
    assert (
        "the playbook data has 1 problem:\nplaybook_data/stats/superior-cx-revenue-5-7x.yml:4:9: source: unknown source 'nobody' "
        "(ids are file names in playbook_data/sources/)"
    ) in result.stderr
    assert "Traceback" not in result.stderr
    assert not (project / "site").exists()


#: Pagefind 1.5.2 writes its filter indexes in hash-map order, so they, and the two files that
#: name them by their hash, differ from one build to the next (Pagefind issue #638: "the
#: fragment hashes are now stable ... other files will still change, such as the
#: filter/metadata indexes"). Every page, fragment and word index is byte-identical.
UNSTABLE = re.compile(r"^pagefind/(filter/.*|pagefind-entry\.json|pagefind\.[^/]*\.pf_meta)$")


def test_two_builds_of_the_same_data_are_byte_identical(project: Path, built: Path) -> None:
    first = digest(built)
    assert run_cli("build", "--site-dir", "site2", cwd=project).returncode == 0
    second = digest(project / "site2")
    assert {k: v for k, v in second.items() if not UNSTABLE.match(k)} == {k: v for k, v in first.items() if not UNSTABLE.match(k)}
    assert sum(1 for k in first if k.startswith("pagefind/fragment/")) > 20
    assert len([k for k in first if UNSTABLE.match(k)]) == len([k for k in second if UNSTABLE.match(k)])


def test_the_site_loads_nothing_from_other_hosts(small_site: Path) -> None:
    external = sorted({a for p in pages(small_site) for a in p.assets if urlsplit(a).scheme or a.startswith("//")})
    assert external == []


def test_hostile_text_comes_out_inert(project: Path) -> None:
    write_data(project / "playbook_data", hostile_catalog())
    result = run_cli("build", cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    site = project / "site"
    built = pages(site)
    assert [s for p in built for s in p.scripts if "alert" in s or "popen" in s] == []
    assert [(p.path.name, t, n) for p in built for t, n, _ in p.attributes if n.startswith("on")] == []
    assert [(p.path.name, v) for p in built for _, n, v in p.attributes if "javascript:" in v.lower()] == []
    assert [(p.path.name, v) for p in built for t, n, v in p.attributes if n in ("src", "href") and "example.com/?q=<" in v] == [
        ("index.html", "https://example.com/?q=<script>")
    ]  # the source's own link, as a link
    for rel in [
        "practices/working-backwards/index.html",
        "case-studies/amazon/index.html",
        "functions/support/index.html",
        "stages/focused/index.html",
        "journey/discover/index.html",
        "metrics/nps/index.html",
        "stats/superior-cx-revenue-5-7x/index.html",
        "sources/book/index.html",
        "start/support/index.html",
        "journey-map/index.html",
        "self-assessment/index.html",
    ]:
        text = read(site / rel).text
        for payload in PAYLOADS:
            assert payload in text, f"{rel} does not show {payload!r} as text"
        assert "49" not in text and "uid=" not in text
    # Search results built from this data are checked in a browser (test_search.py): the index is binary.
    assert (site / "pagefind/pagefind-entry.json").is_file()


def test_a_placeholder_typed_into_a_page_stays_a_comment(project: Path) -> None:
    page = project / "docs/review-queue.md"
    page.write_text(page.read_text() + "\n<!--pb-block:99-->\n")
    result = run_cli("build", cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "<!--pb-block:99-->" in (project / "site/review-queue/index.html").read_text()


def test_a_printed_sheet_names_no_address_until_the_operator_sets_one(small_site: Path) -> None:
    """mkdocs.yml's default site_url (localhost) is no address for a reader of paper."""
    footer = read(small_site / "print/functions/sales/index.html").text
    assert "localhost" not in footer and "online at" not in footer
    assert "Customer Obsession Playbook · data of 2026-01-01" in footer
