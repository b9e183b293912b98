"""Teams: a team's progress as a record, its page, the adoption page, and ticks that never get lost
(two tabs, save as a team record and load it back, a share link), on a small fixture playbook."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from conftest import SMALL, Watched, build, free_port, make_project, pdf_pages, pdf_text, run_cli, serious_violations, serve, write_data
from html_pages import broken_links, read
from payloads import PAYLOADS, chunks, limit_of, yaml_text

from playbook.model import Team

# Three teams of the small playbook's functions (support: read-tickets focused, one-view centric, council led;
# sales: buyer-funnel focused, shared-record centric, customer-in-the-room led).
TEAMS = {
    # Customer-focused 1 of 1 and customer-centric 1 of 1: customer-centric.
    "teams/alpha.yml": (
        "name: Alpha support\nfunction: support\ndone:\n  - item: read-tickets\n    date: 2026-01-10\n  - item: one-view\n    date: 2026-02-03\n"
    ),
    # Customer-focused only.
    "teams/beta.yml": "name: Beta sales\nfunction: sales\ndone:\n  - item: buyer-funnel\n    date: 2026-02-20\n",
    # A led item done, but no focused one: not yet customer-focused, whatever the later stage's share.
    "teams/gamma.yml": ("name: Gamma sales\nfunction: sales\nexample: true\ndone:\n  - item: customer-in-the-room\n    date: 2026-04-05\n"),
}


def validate(project: Path) -> list[str]:
    result = run_cli("validate", cwd=project)
    return result.stdout.splitlines()


# The record and its checks ------------------------------------------------------------------------


def test_team_records_are_checked_against_their_functions_checklist(project: Path) -> None:
    soon = (dt.date.today() + dt.timedelta(days=2)).isoformat()
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    write_data(
        project / "playbook_data",
        {
            "teams/one.yml": (
                "name: One\nfunction: sales\ndone:\n  - item: buyer-funel\n    date: 2026-01-01\n"
                "  - item: shared-record\n    date: 2026-01-02\n  - item: shared-record\n    date: 2026-01-03\n"
                f"  - item: customer-in-the-room\n    date: {soon}\n  - item: zzz\n    date: {tomorrow}\n"
            ),
            "teams/two.yml": "name: Two\nfunction: sails\nexample: yes\ndone:\n  - item: anything\n    date: 2026-01-01\n",
        },
    )
    assert validate(project) == [
        "playbook_data/teams/one.yml:5:11: done[0].item: 'buyer-funel' is not an item on the checklist of 'sales' (did you mean 'buyer-funnel'?)",
        "playbook_data/teams/one.yml:9:11: done[2].item: 'shared-record' is listed twice (remove this one: it is first on line 7)",
        f"playbook_data/teams/one.yml:12:11: done[3].date: {soon} is in the future (write the date the team did it)",
        "playbook_data/teams/one.yml:13:11: done[4].item: 'zzz' is not an item on the checklist of 'sales' "
        "(the items of 'sales' are: buyer-funnel, shared-record, customer-in-the-room)",
        "playbook_data/teams/two.yml:4:10: example: expected true or false, got 'yes' (write true)",
    ]
    write_data(project / "playbook_data", {"teams/two.yml": "name: Two\nfunction: sails\n"})
    assert validate(project)[-1] == "playbook_data/teams/two.yml:3:11: function: unknown function 'sails' (did you mean 'sales'?)"


def test_new_team_skeleton_names_its_fields(project: Path) -> None:
    assert run_cli("new", "team", "north", cwd=project).returncode == 0
    text = (project / "playbook_data" / "teams" / "north.yml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schema/team.json\n")
    assert "function: TODO" in text and "# Optional fields: aliases, example, done" in text


# Pages from the team records: one module-wide build of the small playbook with three teams ----------


@pytest.fixture(scope="module")
def teams_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make_project(tmp_path_factory.mktemp("teams"))
    write_data(project / "playbook_data", TEAMS)
    return project


@pytest.fixture(scope="module")
def teams_port() -> int:
    return free_port()


@pytest.fixture(scope="module")
def teams_site(teams_project: Path, teams_port: int) -> Path:
    return build(teams_project, PLAYBOOK_SITE_URL=f"http://127.0.0.1:{teams_port}/")


@pytest.fixture(scope="module")
def teams_url(teams_site: Path, teams_port: int):
    url, server = serve(teams_site, teams_port)
    yield url
    server.shutdown()


def test_a_team_page_shows_its_stage_what_it_did_when_and_what_is_next(teams_site: Path) -> None:
    alpha = read(teams_site / "teams" / "alpha" / "index.html").text
    assert (
        "Function Customer support Stage Customer-centric Items done 2 of 3 Last item done 3 Feb 2026 "
        "Where it stands Alpha support: items done per stage Stage Done Needed Reached Customer-focused 1 of 1 1 yes "
        "Customer-centric 1 of 1 1 yes Customer-led 0 of 1 1 no"
    ) in alpha
    assert (
        "What it did when 10 Jan 2026: Read ten tickets a week (Customer-focused) 3 Feb 2026: Share one customer view "
        "(Customer-centric) Next items Join the customer council (Customer-led)"
    ) in alpha
    assert "Example team" not in alpha
    gamma = read(teams_site / "teams" / "gamma" / "index.html").text
    assert "Example team This is an example shipped with the playbook" in gamma
    assert "Stage Not yet customer-focused Items done 1 of 3" in gamma
    assert (
        "Next items Rename the sales funnel to the buyer funnel (Customer-focused) "
        "Read the shared customer record before every call (Customer-centric) "
        "Every team's stage on the adoption page · Carry on from this record on the Sales page Last reviewed"
    ) in gamma


def test_the_adoption_page_counts_the_fixtures_teams_exactly(teams_site: Path) -> None:
    page = read(teams_site / "adoption" / "index.html")
    assert (
        "Each team's items done per maturity stage Team Function Customer-focused needs 75% Customer-centric needs 75% "
        "Customer-led needs 50% Stage reached "
        "Alpha support Customer support 1 of 1 1 of 1 0 of 1 Customer-centric "
        "Beta sales Sales 1 of 1 0 of 1 0 of 1 Customer-focused "
        "Gamma sales Example Sales 0 of 1 0 of 1 1 of 1 Not yet customer-focused"
    ) in page.text
    assert (
        "Number of teams at each stage, by function Function Not yet customer-focused Customer-focused Customer-centric "
        "Customer-led Teams Customer support 0 0 1 0 1 Sales 1 1 0 0 2 All functions 1 1 1 0 3"
    ) in page.text
    assert (
        "Checklist items done per month, Jan 2026 to Apr 2026: 4 in all, most in Feb 2026 (2). "
        "The table below gives every month. Checklist items done per month Month Items done Done so far "
        "Jan 2026 1 1 Feb 2026 2 3 Mar 2026 0 3 Apr 2026 1 4"
    ) in page.text
    html = (teams_site / "adoption" / "index.html").read_text(encoding="utf-8")
    svg = re.search(r"<svg[^>]*pb-chart-svg.*?</svg>", html, re.S).group(0)
    assert re.findall(r'<rect x="\d+" y="\d+" width="28" height="(\d+)"', svg) == ["70", "140", "0", "70"]
    assert 'role="img"' in svg and 'aria-labelledby="pb-adoption-chart-summary"' in svg and "<script" not in svg
    assert '<th scope="row"><a href="../teams/alpha/">Alpha support</a></th>' in html
    home = (teams_site / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<a href="adoption/" class="md-nav__link">\s*<span class="md-ellipsis">\s*Adoption', home)
    assert re.search(r'<a href="teams/" class="md-nav__link">\s*<span class="md-ellipsis">\s*Teams', home)
    teams = read(teams_site / "teams" / "index.html").text
    assert "From the 3 team records in the playbook (2 functions), by the rule of the maturity model." in page.text
    assert (
        "Team Function Stage Items done Last item done Alpha support Customer support Customer-centric 2 of 3 3 Feb 2026 "
        "Beta sales Sales Customer-focused 1 of 3 20 Feb 2026 Gamma sales Example Sales Not yet customer-focused 1 of 3 5 Apr 2026"
    ) in teams
    assert broken_links(teams_site, [read(teams_site / "adoption" / "index.html"), read(teams_site / "teams" / "alpha" / "index.html")]) == []


def test_without_teams_the_adoption_page_says_how_to_start(built: Path) -> None:
    assert "No team has recorded its progress yet." in read(built / "adoption" / "index.html").text


# In the browser ------------------------------------------------------------------------------------


def ticks(page, fn: str) -> dict:
    return page.evaluate(f"JSON.parse(localStorage.getItem('playbook-checklist:{fn}') || '{{}}')")


def box(page, item: str):
    return page.locator(f'.pb-item[data-item="{item}"] input.pb-tick')


def open_page(page, url: str) -> None:
    page.goto(url)
    page.locator(".pb-progress").wait_for(state="visible")


@pytest.mark.browser
def test_two_tabs_ticking_different_items_keep_both(browser, teams_url: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    a, b = context.new_page(), context.new_page()
    open_page(a, teams_url + "functions/support/")
    open_page(b, teams_url + "functions/support/")
    box(b, "read-tickets").check()
    # Tab A shows B's tick without a reload, in the checklist and in its self-assessment.
    a.wait_for_function("document.querySelector('.pb-item[data-item=\"read-tickets\"] input').checked")
    assert a.locator(".pb-progress").inner_text() == "1 of 3 done"
    assert a.locator(".pb-result-stage").inner_text() == "Customer-focused"
    box(a, "one-view").check()
    assert set(ticks(a, "support")) == {"read-tickets", "one-view"}
    b.wait_for_function("document.querySelector('.pb-item[data-item=\"one-view\"] input').checked")
    assert b.locator(".pb-progress").inner_text() == "2 of 3 done"
    # Reset counts what is stored, whichever tab ticked it.
    messages = []
    b.once("dialog", lambda d: (messages.append(d.message), d.dismiss()))
    b.locator(".pb-reset").click()
    assert messages == ["Clear all 2 ticks on the Customer support checklist? This cannot be undone."]
    b.once("dialog", lambda d: d.accept())
    b.locator(".pb-reset").click()
    a.wait_for_function("!document.querySelector('.pb-item[data-item=\"one-view\"] input').checked")
    assert a.locator(".pb-progress").inner_text() == "0 of 3 done" and ticks(a, "support") == {}
    context.close()


@pytest.mark.browser
def test_an_item_id_like_constructor_is_just_an_id(watched: Watched, teams_url: str) -> None:
    page = watched.page
    page.goto(teams_url + "functions/support/")
    page.evaluate("localStorage.setItem('playbook-checklist:support', JSON.stringify({constructor: '2026-01-01', __proto__: null}))")
    open_page(page, teams_url + "functions/support/")
    assert page.locator(".pb-progress").inner_text() == "0 of 3 done"
    box(page, "council").check()
    assert ticks(page, "support")["constructor"] == "2026-01-01" and "council" in ticks(page, "support")
    assert watched.errors == []


@pytest.mark.browser
def test_saved_team_record_validates_and_loads_back(watched: Watched, teams_url: str, teams_project: Path) -> None:
    page = watched.page
    page.goto(teams_url + "functions/sales/")
    page.evaluate("localStorage.setItem('playbook-checklist:sales', JSON.stringify({'shared-record': '2026-03-04'}))")
    open_page(page, teams_url + "functions/sales/")
    box(page, "customer-in-the-room").check()
    page.get_by_label("Team name").fill('Sales "East" – Ärger')
    page.get_by_label("Owner (a role, e.g. Head of Sales)").fill("Head of Sales")
    page.get_by_role("button", name="Save as team record").click()
    text = page.locator(".pb-team-yaml").input_value()
    today = page.evaluate("window.playbook.today()")
    assert text == (
        "# yaml-language-server: $schema=../../schema/team.json\n"
        'name: "Sales \\"East\\" – Ärger"\nfunction: sales\ndone:\n'
        "  - item: shared-record\n    date: 2026-03-04\n"
        f"  - item: customer-in-the-room\n    date: {today}\n"
        f'owner: "Head of Sales"\nlast_reviewed: {today}\n'
    )
    assert page.locator(".pb-team-file").inner_text() == "sales-east-arger.yml"
    link = page.locator(".pb-team-download")
    assert link.get_attribute("download") == "sales-east-arger.yml" and link.get_attribute("href").startswith("blob:")
    with page.expect_download() as download:
        link.click()
    assert Path(download.value.path()).read_text(encoding="utf-8") == text

    saved = teams_project / "playbook_data" / "teams" / "sales-east-arger.yml"
    saved.write_text(text, encoding="utf-8")
    try:
        result = run_cli("validate", cwd=teams_project)
        assert result.returncode == 0, result.stdout
    finally:
        saved.unlink()

    # Load it back into a fresh browser: the same ticks, with their dates.
    page.evaluate("localStorage.clear()")
    open_page(page, teams_url + "functions/sales/")
    page.get_by_label("Or paste a team record (YAML)").fill(text)
    messages = []
    page.once("dialog", lambda d: (messages.append(d.message), d.accept()))
    page.get_by_role("button", name="Replace my ticks").click()
    assert messages == ["Replace your 0 ticks on the Sales checklist with the 2 ticks of the pasted record? Your own ticks will be lost."]
    assert ticks(page, "sales") == {"shared-record": "2026-03-04", "customer-in-the-room": today}
    assert box(page, "shared-record").is_checked() and box(page, "customer-in-the-room").is_checked()
    assert page.locator(".pb-progress").inner_text() == "2 of 3 done"
    assert watched.errors == [] and watched.external == []


@pytest.mark.browser
def test_load_one_of_the_sites_teams_merges_after_asking(watched: Watched, teams_url: str) -> None:
    page = watched.page
    page.goto(teams_url + "teams/beta/")
    page.get_by_role("link", name="Carry on from this record on the Sales page").click()
    page.locator(".pb-progress").wait_for(state="visible")
    assert page.get_by_label("A team of this function").input_value() == "beta"  # chosen, not loaded
    assert ticks(page, "sales") == {}
    box(page, "shared-record").check()
    messages = []
    page.once("dialog", lambda d: (messages.append(d.message), d.dismiss()))
    page.get_by_role("button", name="Merge into my ticks").click()
    assert page.locator(".pb-team-status").inner_text() == "Nothing changed."
    page.once("dialog", lambda d: (messages.append(d.message), d.accept()))
    page.get_by_role("button", name="Merge into my ticks").click()
    assert messages[1] == "Add the 1 tick of Beta sales to your 1 tick on the Sales checklist? Items you have ticked keep their tick."
    assert set(ticks(page, "sales")) == {"shared-record", "buyer-funnel"} and ticks(page, "sales")["buyer-funnel"] == "2026-02-20"
    assert box(page, "buyer-funnel").is_checked() and page.locator(".pb-result-stage").inner_text() == "Customer-centric"
    page.get_by_label("Or paste a team record (YAML)").fill("name: X\nfunction: support\n")
    page.get_by_role("button", name="Merge into my ticks").click()
    assert page.locator(".pb-team-status").inner_text() == ("This record is for the function 'support', not Sales: open that function's page to load it.")


@pytest.mark.browser
def test_a_share_link_round_trips(browser, teams_url: str) -> None:
    sender = browser.new_context()
    page = sender.new_page()
    open_page(page, teams_url + "functions/support/")
    box(page, "read-tickets").check()
    box(page, "council").check()
    page.get_by_role("button", name="Make a share link").click()
    link = page.locator(".pb-share-url").input_value()
    assert link.startswith(teams_url + "functions/support/#ticks=")
    sender.close()

    receiver = browser.new_context()
    page = receiver.new_page()
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    open_page(page, teams_url + "functions/support/")
    box(page, "one-view").check()
    page.goto(link)
    panel = page.get_by_role("region", name="Ticks shared with you")
    panel.wait_for()
    assert panel.locator(".pb-shared-summary").inner_text() == (
        "This link holds 2 ticks on the Customer support checklist (0 of them ticked in this browser already). Your ticks do not change unless you merge."
    )
    panel.get_by_role("button", name="View them").click()
    assert panel.locator(".pb-shared-list li").all_inner_texts() == ["Read ten tickets a week (Customer-focused)", "Join the customer council (Customer-led)"]
    assert list(ticks(page, "support")) == ["one-view"]  # viewing changes nothing
    assert serious_violations(page) == []
    panel.get_by_role("button", name="Merge into my ticks").click()
    assert set(ticks(page, "support")) == {"one-view", "read-tickets", "council"}
    assert box(page, "council").is_checked() and page.locator(".pb-progress").inner_text() == "3 of 3 done"
    assert "#ticks=" not in page.url
    assert all(r.startswith(teams_url) and "ticks=" not in r for r in requests)
    receiver.close()


# Renames never lose a tick: a link and a record made on the site before a rename, used after it -------------

#: Two support items renamed, each keeping its earlier id in `formerly`.
RENAMED = {"read-tickets": "read-calls", "council": "customer-council"}
#: The dates a team lead gave the items before saving the record: all on one day, then one changed.
BACKFILLED = {"read-tickets": "2025-03-01", "one-view": "2025-03-01", "council": "2025-05-10"}


@pytest.fixture(scope="module")
def made_before_a_rename(browser, teams_url: str) -> dict[str, str]:
    """On the site before the rename: every support item ticked, shared as a link, and saved as a team
    record dated with the date pickers ("Set all to", then one item's own date)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        open_page(page, teams_url + "functions/support/")
        for item in BACKFILLED:
            box(page, item).check()
        page.get_by_role("button", name="Make a share link").click()
        link = page.locator(".pb-share-url").input_value()
        page.get_by_label("Set all to").fill("2025-03-01")
        page.get_by_role("button", name="Set all", exact=True).click()
        page.get_by_label("3. Join the customer council").fill("2025-05-10")
        page.get_by_label("Team name").fill("Backfill team")
        page.get_by_label("Owner (a role, e.g. Head of Sales)").fill("Head of Support")
        page.get_by_role("button", name="Save as team record").click()
        record = page.locator(".pb-team-yaml").input_value()
        stored = ticks(page, "support")
        file = page.locator(".pb-team-file").inner_text()
    finally:
        context.close()
    assert stored == BACKFILLED  # the chosen dates are the ticks' dates now
    assert "  - item: read-tickets\n    date: 2025-03-01\n  - item: one-view\n    date: 2025-03-01\n  - item: council\n    date: 2025-05-10\n" in record
    return {"link": link, "record": record, "file": file}


@pytest.fixture(scope="module")
def renamed(tmp_path_factory: pytest.TempPathFactory, teams_project: Path, made_before_a_rename: dict[str, str]):
    """The site after renaming two support items, with the backfilled record added: (project, its address)."""
    folder = tmp_path_factory.mktemp("renamed")
    project = make_project(folder, teams_project / "playbook_data")
    support = SMALL["functions/support.yml"]
    for old, new in RENAMED.items():
        support = support.replace(f"  - id: {old}\n", f"  - id: {new}\n    formerly: [{old}]\n")
    write_data(project / "playbook_data", {"functions/support.yml": support})
    (project / "playbook_data" / "teams" / made_before_a_rename["file"]).write_text(made_before_a_rename["record"], encoding="utf-8")
    assert validate(project) == []
    port = free_port()
    site = build(project, PLAYBOOK_SITE_URL=f"http://127.0.0.1:{port}/")
    url, server = serve(site, port)
    yield project, url
    server.shutdown()


def renamed_ids(marks: dict[str, str]) -> dict[str, str]:
    return {RENAMED.get(item, item): value for item, value in marks.items()}


@pytest.mark.browser
def test_a_share_link_made_before_a_rename_restores_every_tick(browser, teams_url: str, made_before_a_rename: dict[str, str], renamed) -> None:
    _, url = renamed
    context = browser.new_context()
    page = context.new_page()
    page.goto(made_before_a_rename["link"].replace(teams_url, url))
    panel = page.get_by_role("region", name="Ticks shared with you")
    panel.wait_for()
    assert panel.locator(".pb-shared-summary").inner_text() == (
        "This link holds 3 ticks on the Customer support checklist (0 of them ticked in this browser already). Your ticks do not change unless you merge."
    )
    panel.get_by_role("button", name="View them").click()
    assert panel.locator(".pb-shared-list li").all_inner_texts() == [
        "Read ten tickets a week (Customer-focused)",
        "Share one customer view (Customer-centric)",
        "Join the customer council (Customer-led)",
    ]
    panel.get_by_role("button", name="Merge into my ticks").click()
    assert set(ticks(page, "support")) == set(renamed_ids(BACKFILLED))
    assert page.locator(".pb-progress").inner_text() == "3 of 3 done" and page.locator("input.pb-tick:checked").count() == 3
    context.close()


@pytest.mark.browser
def test_a_team_record_made_before_a_rename_loads_every_tick_with_its_date(browser, made_before_a_rename: dict[str, str], renamed) -> None:
    _, url = renamed
    context = browser.new_context()
    page = context.new_page()
    open_page(page, url + "functions/support/")
    page.get_by_label("Or paste a team record (YAML)").fill(made_before_a_rename["record"])
    messages = []
    page.once("dialog", lambda d: (messages.append(d.message), d.accept()))
    page.get_by_role("button", name="Replace my ticks").click()
    assert messages == ["Replace your 0 ticks on the Customer support checklist with the 3 ticks of the pasted record? Your own ticks will be lost."]
    assert page.locator(".pb-team-status").inner_text() == "Loaded 3 ticks from the pasted record; 3 items ticked on this checklist now."
    assert ticks(page, "support") == renamed_ids(BACKFILLED)
    # The same record as one of the site's teams: the site read it with the same rule.
    page.evaluate("localStorage.clear()")
    open_page(page, url + "functions/support/")
    page.get_by_label("A team of this function").select_option(label="Backfill team")
    page.once("dialog", lambda d: d.accept())
    page.get_by_role("button", name="Merge into my ticks").click()
    assert ticks(page, "support") == renamed_ids(BACKFILLED)
    context.close()


def test_backfilled_dates_reach_the_team_page_and_the_adoption_page(renamed) -> None:
    project, _ = renamed
    team = read(project / "site" / "teams" / "support-backfill-team" / "index.html").text
    assert (
        "What it did when 1 Mar 2025: Read ten tickets a week (Customer-focused) 1 Mar 2025: Share one customer view (Customer-centric) "
        "10 May 2025: Join the customer council (Customer-led)"
    ) in team
    adoption = read(project / "site" / "adoption" / "index.html").text
    assert "Checklist items done per month, Mar 2025 to Apr 2026: 7 in all, most in Mar 2025 (2)." in adoption
    assert "Mar 2025 2 2 Apr 2025 0 2 May 2025 1 3 Jun 2025 0 3" in adoption
    # Alpha's record names an item by its id before the rename: it still counts.
    assert "Alpha support Customer support 1 of 1 1 of 1 0 of 1 Customer-centric" in adoption


# Copying the link and the record ---------------------------------------------------------------------------


@pytest.mark.browser
def test_copy_buttons_put_the_link_and_the_record_on_the_clipboard(browser, teams_url: str) -> None:
    context = browser.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=teams_url.rstrip("/"))
    page = context.new_page()
    open_page(page, teams_url + "functions/support/?ticket=4711&utm_source=mail")
    box(page, "one-view").check()
    page.get_by_role("button", name="Make a share link").click()
    link = page.locator(".pb-share-url").input_value()
    assert re.fullmatch(re.escape(teams_url) + r"functions/support/#ticks=[A-Za-z0-9_-]+", link)  # the ticks and nothing else
    page.get_by_role("button", name="Copy the link").click()
    page.locator(".pb-share-copied", has_text="Copied the link.").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == link
    page.get_by_label("Team name").fill("Copied")
    page.get_by_label("Owner (a role, e.g. Head of Sales)").fill("Head of Support")
    page.get_by_role("button", name="Save as team record").click()
    page.get_by_role("button", name="Copy the record").click()
    page.locator(".pb-team-saved .pb-copied", has_text="Copied the record.").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == page.locator(".pb-team-yaml").input_value()
    assert serious_violations(page) == []  # the date pickers, the record and the link, all shown
    context.close()


@pytest.mark.browser
def test_where_the_clipboard_is_refused_the_link_is_selected_to_copy_by_hand(browser, teams_url: str) -> None:
    context = browser.new_context()
    context.add_init_script(
        "navigator.clipboard.writeText = () => Promise.reject(new DOMException('refused', 'NotAllowedError'));document.execCommand = () => false;"
    )
    page = context.new_page()
    open_page(page, teams_url + "functions/support/")
    box(page, "one-view").check()
    page.get_by_role("button", name="Make a share link").click()
    page.locator(".pb-team-status").click()  # the link is no longer selected
    page.get_by_role("button", name="Copy the link").click()
    status = page.locator(".pb-share-copied")
    status.filter(has_text="did not let").wait_for()
    assert status.inner_text() == "Your browser did not let the page copy: the link is selected, press Ctrl+C (or Cmd+C) to copy it."
    assert page.evaluate("document.activeElement.className") == "pb-share-url"
    assert page.evaluate("document.activeElement.selectionEnd - document.activeElement.selectionStart") == len(page.locator(".pb-share-url").input_value())
    context.close()


# The adoption page is checked in both colour schemes in test_ui.py, the other kinds of page in
# test_pages.py: here a team page once in each scheme (a team, an example team), and a function
# page whose team picker lists the teams.
@pytest.mark.browser
@pytest.mark.parametrize(("path", "width", "system"), [("teams/alpha/", 390, "light"), ("teams/gamma/", 1280, "dark"), ("functions/sales/", 1280, "light")])
def test_team_pages_pass_axe(browser, teams_url: str, path: str, width: int, system: str) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=system)
    watched = Watched(context.new_page())
    watched.page.goto(teams_url + path)
    watched.page.wait_for_load_state("networkidle")
    assert serious_violations(watched.page) == []
    assert watched.external == [] and watched.errors == []
    context.close()


def test_team_text_stays_text_everywhere_it_shows(project: Path) -> None:
    names = chunks(limit_of(Team, "name"))  # a name holds a few payloads: one team per few
    teams = {f"teams/hostile-{n}.yml": f"name: {yaml_text(name)}\nfunction: support\nexample: true\n" for n, name in enumerate(names)}
    write_data(project / "playbook_data", teams)
    site = build(project)
    own = [read(site / f"teams/hostile-{n}/index.html") for n in range(len(names))]
    shown = [*own, *(read(site / rel) for rel in ("teams/index.html", "adoption/index.html", "functions/support/index.html"))]
    assert [s for p in shown for s in p.scripts if "alert" in s or "popen" in s] == []
    assert [(p.path.name, n) for p in shown for _, n, _ in p.attributes if n.startswith("on")] == []
    assert [v for p in shown for _, _, v in p.attributes if "javascript:" in v.lower()] == []
    for text in (" ".join(page.text for page in own), shown[-3].text, shown[-2].text):
        for payload in PAYLOADS:
            assert payload in text, f"{payload!r} is not shown as text"
        assert "49" not in text and "uid=" not in text
    # On the function page the name is an option of "Load a team's progress", as text.
    html = (site / "functions/support/index.html").read_text(encoding="utf-8")
    assert re.search(r'<option value="hostile-0">&#60;script&#62;alert&#40;1&#41;&#60;/script&#62; ', html)


@pytest.mark.browser
def test_the_adoption_page_prints_with_its_chart(watched: Watched, teams_url: str, tmp_path: Path) -> None:
    page = watched.page
    page.goto(teams_url + "adoption/")
    page.emulate_media(media="print")
    assert page.locator(".pb-chart-svg").is_visible() and page.locator(".pb-chart-bar").count() == 4
    pdf = tmp_path / "adoption.pdf"
    page.pdf(path=str(pdf), format="A4")
    text = pdf_text(pdf, raw=True)
    assert "Checklist items done per month, Jan 2026 to Apr 2026: 4 in all, most in Feb 2026 (2)." in text
    assert "Gamma sales Example Sales 0 of 1 0 of 1 1 of 1 Not yet customer- focused" in text
    assert "Sales 1 1 0 0 2 All functions 1 1 1 0 3" in text
    assert pdf_pages(pdf) <= 2
