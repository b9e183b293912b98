"""The browser's rules are Python's: docs/assets/playbook.js checked against one table made by the
Python side (tests/contract_table.py) in one browser evaluation, and the page's contract itself."""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path

import pytest
from conftest import ROOT, SHOWCASE_DATA, make_project, run_cli, serve
from contract_table import load_table_catalog, table, table_data

from playbook.characters import first_refused
from playbook.fields import ID_PATTERN, ID_RE
from playbook.model import Function, Team
from playbook.render import client
from playbook.validation import validate

#: Runs every row of the table through window.playbook; returns what differs, and what it wrote.
CHECK = """t => {
  const pb = window.playbook;
  const out = {checked: {}, differ: {}, written: []};
  function note(part, row, got, want) {
    out.checked[part] = (out.checked[part] || 0) + 1;
    if (JSON.stringify(got) !== JSON.stringify(want)) (out.differ[part] = out.differ[part] || []).push([row, got]);
  }
  for (const [fn, mask, want] of t.maturity) {
    const ticks = {};
    pb.fn(fn).items.forEach((item, n) => { if (Math.floor(mask / 2 ** n) % 2) ticks[item.id] = true; });
    const r = pb.place(fn, ticks);
    const got = r.reached + "|" + r.next.join(",") + "|" + r.stages.map(s => s.doneText + ";" + s.neededText + ";" + s.progress).join("|");
    note("maturity", [fn, mask], got, want);
  }
  for (const [fn, marks, want, unknown] of t.migrate) {
    const r = pb.migrate(fn, marks);
    note("migrate", marks, [r.ids.map(id => [id, r.marks[id]]), r.unknown], [want, unknown]);
  }
  for (const [id, want] of t.functions) note("functions", id, pb.fn(id) ? pb.fn(id).id : null, want);
  for (const [fn, item, want] of t.anchors) note("anchors", [fn, item], pb.itemHref(fn, item), want);
  for (const [text, day, want] of t.dates) note("dates", [text, day], pb.dateProblem(text, day), want);
  for (const [text, fn, done] of t.parse) {
    const r = pb.parseTeam(text);
    note("parse", text, [r.function, r.done], [fn, done]);
  }
  for (const [fn, name, owner, done, day] of t.write) {
    out.written.push(pb.teamYaml(fn, {name: name, owner: owner, done: done, today: day}));
    out.checked.write = (out.checked.write || 0) + 1;
  }
  // Lone surrogates cannot travel from Python: made here.
  out.written.push(pb.teamYaml("sales", {name: "lone \\ud800 high and \\udc00 low", owner: "Owner \\udfff", done: [], today: "2026-01-15"}));
  return out;
}"""


@pytest.fixture(scope="module")
def table_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project whose data is the showcase with renames, a large function and the records the table parses."""
    folder = tmp_path_factory.mktemp("contract")
    data = table_data(SHOWCASE_DATA, folder / "data")
    (folder / "project").mkdir()
    project = make_project(folder / "project", data)
    shutil.rmtree(data)
    return project


@pytest.mark.browser
def test_the_browser_applies_every_rule_as_python_does(browser, table_project: Path, tmp_path: Path) -> None:
    catalog = load_table_catalog(table_project / "playbook_data")
    rows = table(catalog)
    # A page with the contract of every function, as client.py writes it, and the module that reads it.
    contract = client.element(client.payload(catalog, sorted(catalog.of(Function))))
    page_html = f"<!doctype html><meta charset=utf-8><title>contract</title>{contract}<script src='playbook.js'></script>"
    (tmp_path / "index.html").write_text(page_html, encoding="utf-8")
    shutil.copy(ROOT / "docs" / "assets" / "playbook.js", tmp_path / "playbook.js")
    url, server = serve(tmp_path)
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(url)
        result = page.evaluate(CHECK, rows)
    finally:
        context.close()
        server.shutdown()
    assert errors == []
    assert result["checked"] == {part: len(r) for part, r in rows.items()}
    assert result["differ"] == {}

    # What the browser wrote, validated as a pull request would be: every record passes, and says what was asked.
    teams = table_project / "playbook_data" / "teams"
    files = []
    for written in result["written"]:
        assert ID_RE.fullmatch(written["file"].removesuffix(".yml")) and written["file"].startswith("sales-"), written["file"]
        (teams / written["file"]).write_text(written["text"], encoding="utf-8")
        files.append(written["file"])
    assert len(set(files)) == len(files)
    try:
        checked = run_cli("validate", cwd=table_project)
        assert checked.returncode == 0, checked.stdout
        assert [line for line in checked.stdout.splitlines() if "teams/" in line] == []
        loaded = validate(table_project / "playbook_data", None).catalog
    finally:
        for name in files:
            (teams / name).unlink()
    for written, row in zip(result["written"], [*rows["write"], None], strict=True):
        team = loaded.get(Team, written["file"].removesuffix(".yml"))
        assert (team.name, team.owner) == (written["name"], written["owner"])
        assert first_refused(team.name, "line") is None and first_refused(team.owner, "line") is None
        if row is not None:
            assert [[d.item, d.date.isoformat()] for d in team.done] == row[3]
            assert team.last_reviewed.isoformat() == row[4]
            if first_refused(row[1], "line") is None:  # text the policy allows comes back as typed
                assert team.name == " ".join(row[1].split())


def contract_data(element: str) -> dict:
    value = re.fullmatch(r'<div class="pb-contract" data-contract="([^"<>]*)" hidden></div>', element)
    assert value, element[:200]
    return json.loads(html.unescape(value.group(1)))


def test_the_contract_is_ids_and_numbers_and_no_data_can_break_out_of_it() -> None:
    catalog = validate(SHOWCASE_DATA, None).catalog
    element = client.element(client.payload(catalog, ["sales"], with_teams=True))
    data = contract_data(element)
    sales = catalog.get(Function, "sales")
    first = sales.checklist[0]
    assert data["functions"][0]["items"][0] == {"id": first.id, "stage": first.stage, "number": 1, "anchor": f"item-{first.id}", "formerly": []}
    assert [i["id"] for i in data["functions"][0]["items"]] == [i.id for i in sales.checklist]
    assert data["team"]["schema_line"] == "# yaml-language-server: $schema=../../schema/team.json" and data["team"]["id_pattern"] == ID_PATTERN
    assert data["dates"] == {"earliest": "2000-01-01", "days_after_today": 1}
    assert sales.name not in element and first.text not in html.unescape(element)  # ids and numbers, never record text
    hostile = "</div></script><!--<script>alert(1)</script>{{ 7*7 }}\"'&"
    rule = client.MaturityRule((client.StageRule(hostile, 1),), 3, 10)
    element = client.element(client.Payload((), rule, client.DATE_RULE, client.team_record_format()))
    assert contract_data(element)["maturity"]["stages"][0]["id"] == hostile


def test_each_page_that_needs_the_contract_carries_it_once(showcase_site: Path) -> None:
    counts = {p.relative_to(showcase_site).as_posix(): p.read_text(encoding="utf-8").count('class="pb-contract"') for p in showcase_site.rglob("*.html")}
    needs = {"functions/sales/index.html", "self-assessment/index.html", "print/functions/sales/index.html", "print/index.html"}
    assert {page: counts[page] for page in needs} == dict.fromkeys(needs, 1)
    assert max(counts.values()) == 1
    assert counts["index.html"] == 0 and counts["practices/working-backwards/index.html"] == 0
