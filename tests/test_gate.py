"""`validate` is the gate: each mistake an editor makes has one line, at the right place, and
what `validate` accepts passes the pull request (yamllint, the JSON Schemas and the build agree)."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import re
import shutil
import subprocess
import sys
import time
import types
import urllib.request
from pathlib import Path

import jsonschema
import pytest
import yaml
import yaml12
from conftest import MODELINES, ROOT, SITE_FILES, SMALL, free_port, run_cli, serve, write_data

from playbook import docs_check, text_checks
from playbook.load import load
from playbook.model import Metric, Practice, Source
from playbook.render.macros import MACROS

P = SMALL["practices/working-backwards.yml"]
STEPS = "how_to_start:\n  - Write a press release\n  - Share it\n"


def validate(project: Path, *args: str) -> tuple[int, list[str]]:
    result = run_cli("validate", *args, cwd=project)
    assert "Traceback" not in result.stderr
    return result.returncode, result.stdout.splitlines()


# No silent merge: a step folded into the step above is an error naming both lines, with the fix.


@pytest.mark.parametrize(
    ("steps", "expected"),
    [
        (
            "how_to_start:\n  - Write a press release\n   - Share it\n",  # one space too far
            "playbook_data/practices/working-backwards.yml:11:5: how_to_start[0]: line 12 '- Share it' is joined to this item, "
            "not a new item (put the '-' of line 12 in column 3, under the '-' of line 11)",
        ),
        (
            "how_to_start:\n  - Write a press release\n    - Share it\n",  # indented under the text
            "playbook_data/practices/working-backwards.yml:11:5: how_to_start[0]: line 12 '- Share it' is joined to this item, "
            "not a new item (put the '-' of line 12 in column 3, under the '-' of line 11)",
        ),
        (
            "how_to_start: >\n  - Write a press release\n  - Share it\n",
            "playbook_data/practices/working-backwards.yml:10:15: how_to_start: '>' makes lines 11-12 one text, not a list "
            "(remove '>' after 'how_to_start:' so that each '- ' line is an item)",
        ),
        (
            "how_to_start: |\n  - Write a press release\n  - Share it\n",
            "playbook_data/practices/working-backwards.yml:10:15: how_to_start: '|' makes lines 11-12 one text, not a list "
            "(remove '|' after 'how_to_start:' so that each '- ' line is an item)",
        ),
        (
            "how_to_start:\n  - |\n    Write a press release\n    - Share it\n",
            "playbook_data/practices/working-backwards.yml:11:5: how_to_start[0]: line 13 '- Share it' is joined to this item, "
            "not a new item (put the '-' of line 13 in column 3, under the '-' of line 11)",
        ),
        (
            "how_to_start:\n  - Pick one initiative.\n    Fill in the listen section\n",  # its '- ' forgotten
            "playbook_data/practices/working-backwards.yml:11:5: how_to_start[0]: line 12 'Fill in the listen section' reads as a "
            "new item run into this one (start line 12 with '- ' in column 3, under the '-' of line 11; if it continues this "
            "item, join it to the line above)",
        ),
    ],
    ids=["one-space-too-far", "under-the-text", "folded", "literal", "literal-item", "dash-forgotten"],
)
def test_a_step_folded_into_the_one_above_is_an_error(project: Path, steps: str, expected: str) -> None:
    write_data(project / "playbook_data", {"practices/working-backwards.yml": P.replace(STEPS, steps)})
    assert validate(project) == (1, [expected])


def test_text_with_a_dash_inside_and_wrapped_steps_stay_valid(project: Path) -> None:
    steps = (
        "how_to_start:\n  - Write a press release - one page\n  - Share it with the team,\n    then - and only then - build\n"
        "  - Agree the dates with the C.\n    lowercase continuation after a full stop stays one item\n"
    )
    write_data(project / "playbook_data", {"practices/working-backwards.yml": P.replace(STEPS, steps)})
    assert validate(project) == (0, [])
    steps_now = load(project / "playbook_data").catalog.of(Practice)["working-backwards"].how_to_start
    assert steps_now == [
        "Write a press release - one page",
        "Share it with the team, then - and only then - build",
        "Agree the dates with the C. lowercase continuation after a full stop stays one item",
    ]


# Nulls and dates.


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("~", "title: is empty: YAML reads '~' as nothing (write a value after the colon)"),
        ("null", "title: is empty: YAML reads 'null' as nothing (write a value after the colon)"),
        ('""', "title: is empty (write a value after the colon)"),
        ("'  '", "title: is empty (write a value after the colon)"),
    ],
)
def test_nothing_in_a_required_text_field_has_its_own_message(project: Path, value: str, expected: str) -> None:
    write_data(project / "playbook_data", {"practices/working-backwards.yml": P.replace("title: Working Backwards", f"title: {value}")})
    assert validate(project) == (1, [f"playbook_data/practices/working-backwards.yml:2:8: {expected}"])


def test_null_in_an_optional_field_is_nothing_not_the_text_tilde(project: Path) -> None:
    write_data(
        project / "playbook_data",
        {
            "sources/book.yml": SMALL["sources/book.yml"].replace("author: Colin Bryar and Bill Carr", "author: ~"),
            "metrics/nps.yml": SMALL["metrics/nps.yml"].replace("abbreviation: NPS", "abbreviation: null"),
        },
    )
    assert validate(project) == (0, [])
    catalog = load(project / "playbook_data").catalog
    assert catalog.of(Source)["book"].author is None and catalog.of(Metric)["nps"].display_title == "Net Promoter Score"
    quoted = SMALL["sources/book.yml"].replace("author: Colin Bryar and Bill Carr", "author: '~'")
    write_data(project / "playbook_data", {"sources/book.yml": quoted})
    assert load(project / "playbook_data").catalog.of(Source)["book"].author == "~"  # in quotes, it is text


def test_a_review_date_in_the_future_is_an_error(project: Path) -> None:
    path = project / "playbook_data/metrics/nps.yml"
    today = dt.date.today()
    later = today + dt.timedelta(days=400)
    path.write_text(path.read_text().replace("last_reviewed: 2026-01-15", f"last_reviewed: {later.isoformat()}"))
    assert validate(project) == (
        1,
        [
            f"playbook_data/metrics/nps.yml:9:16: last_reviewed: {later.isoformat()} is in the future "
            f"(write the date of the last review, {(today + dt.timedelta(days=1)).isoformat()} at the latest)"
        ],
    )
    tomorrow = today + dt.timedelta(days=1)  # a reviewer east of the build machine
    path.write_text(path.read_text().replace(later.isoformat(), tomorrow.isoformat()))
    assert validate(project) == (0, [])


# Hints that match the cause.


def test_a_record_in_the_wrong_folder_is_told_where_it_belongs(project: Path) -> None:
    stat = f"# yaml-language-server: $schema=../../schema/stat.json\n{SMALL['stats/deploys.yml']}owner: Analytics\nlast_reviewed: 2026-01-15\n"
    (project / "playbook_data/practices/deploy-figure.yml").write_text(stat)
    assert validate(project) == (
        1,
        [
            "playbook_data/practices/deploy-figure.yml:1:1: these are the fields of a stat, not of a practice "
            "(move it to playbook_data/stats/, with the first line '# yaml-language-server: $schema=../../schema/stat.json')"
        ],
    )


def test_fields_that_several_kinds_share_get_the_usual_messages(project: Path) -> None:
    write_data(project / "playbook_data", {"practices/named.yml": "name: Listening\n"})
    code, lines = validate(project)
    assert code == 1
    assert (
        "playbook_data/practices/named.yml:2:1: name: unknown field (allowed fields: owner, last_reviewed, aliases, title, summary, "
        "body, why_it_matters, how_to_start, functions, stage, journey, metrics, stats, quote, sources)"
    ) in lines


def test_a_yaml_file_is_told_to_rename_itself_and_references_to_it_are_not_missing(project: Path) -> None:
    path = project / "playbook_data/practices/one-journey.yml"
    path.rename(path.with_suffix(".yaml"))
    assert validate(project) == (
        1,
        [
            "playbook_data/practices/one-journey.yaml:1:1: '.yaml' files are not read "
            "(rename it to one-journey.yml; until then, references to 'one-journey' are not checked)"
        ],
    )


def test_curly_quotes_around_text_with_a_colon_get_a_hint_about_straight_quotes(project: Path) -> None:
    write_data(
        project / "playbook_data",
        {"practices/working-backwards.yml": P.replace("summary: Start from the customer.", "summary: \u201cStart: from the customer\u201d")},
    )
    assert validate(project) == (
        1,
        [
            "playbook_data/practices/working-backwards.yml:3:16: invalid YAML: mapping values are not allowed in this context "
            "(curly quotes \u201c \u201d are text to YAML, not quotes: type straight quotes \"...\" around text that contains ': ')"
        ],
    )


# Harmless style is accepted: the gate that decided each yamllint rule.


def test_every_yamllint_rule_is_decided_by_validate() -> None:
    from yamllint.config import YamlLintConfig

    assert set(YamlLintConfig("extends: default").rules) == set(text_checks.YAMLLINT_RULES)


def test_yamllint_judges_only_the_repositorys_own_yaml() -> None:
    config = yaml.safe_load((ROOT / ".yamllint.yml").read_text())
    assert "playbook_data/" in config["ignore"].split()
    hooks = {h["id"]: h for repo in yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())["repos"] for h in repo["hooks"]}
    assert re.match(hooks["yamllint"]["exclude"], "playbook_data/practices/x.yml")
    assert re.match(hooks["playbook-validate"]["files"], "docs/index.md")


def test_crlf_no_final_newline_trailing_spaces_and_no_are_accepted_as_typed(project: Path) -> None:
    write_data(project / "playbook_data", {"practices/working-backwards.yml": P.replace("title: Working Backwards", "title: no")})
    for path in (project / "playbook_data").rglob("*.yml"):
        path.write_bytes(path.read_text().replace("\n", "  \n").rstrip(" \n").replace("\n", "\r\n").encode())
    assert validate(project, "--strict") == (0, [])
    assert load(project / "playbook_data").catalog.of(Practice)["working-backwards"].title == "no"


# Hand-written pages are validated too.


def test_macro_calls_in_pages_are_checked_with_file_and_line(project: Path) -> None:
    (project / "docs/extra.md").write_text(
        "---\ntitle: Extra\n---\n# Extra\n\n{{ case_card('amazn') }}\n{{ checklist() }}\n{{ foo('x') }}\n"
        "{{ counts.practice }} and {{ index('nope') }} {{ stat(2) }}\n",
        encoding="utf-8",
    )
    assert validate(project) == (
        1,
        [
            "docs/extra.md:6:4: case_card('amazn'): unknown case-study 'amazn' (did you mean 'amazon'?)",
            "docs/extra.md:7:4: checklist(): takes 1 argument (write it as {{ checklist(function_id) }})",
            "docs/extra.md:8:4: foo('x'): unknown macro 'foo' (use one of: index, checklist, stat, case_card, practices_for, "
            "review_queue, journey_map_table, start_links, maturity_line, journey_line, maturity_overview, adoption_overview)",
            "docs/extra.md:9:4: counts.practice: unknown count (did you mean 'counts.practices'?)",
            "docs/extra.md:9:30: index('nope'): unknown folder 'nope' (use one of: practices, case-studies, functions, stages, "
            "journey, metrics, stats, sources, teams, glossary)",
            "docs/extra.md:9:50: stat(2): stat_id must be text in quotes, got 2 (write it as {{ stat('...') }})",
        ],
    )


def test_a_renamed_record_is_reported_in_the_page_that_names_it(project: Path) -> None:
    case = project / "playbook_data/case-studies/jc-penney.yml"
    case.rename(case.with_name("penney.yml"))
    (project / "docs/extra.md").write_text("# Extra\n\n{{ case_card('jc-penney') }}\n", encoding="utf-8")
    code, lines = validate(project)
    assert code == 1 and "docs/extra.md:3:4: case_card('jc-penney'): unknown case-study 'jc-penney' (did you mean 'penney'?)" in lines


def test_every_macro_in_the_table_is_registered_by_macros_py(project: Path) -> None:
    """validate checks calls against playbook.render.macros.MACROS; macros.py registers exactly those."""
    spec = importlib.util.spec_from_file_location("macros_under_test", ROOT / "macros.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    env = types.SimpleNamespace(conf=types.SimpleNamespace(config_file_path=str(project / "mkdocs.yml")), variables={}, macros={})
    env.macro = lambda f, name: env.macros.setdefault(name, f)
    module.define_env(env)
    assert sorted(env.macros) == sorted(MACROS)
    assert all(env.macros[name].__doc__ == macro.doc for name, macro in MACROS.items())
    assert sorted(env.variables["counts"]) == docs_check.COUNTS


# Renames keep ticks.


def test_formerly_may_not_name_an_id_still_in_use(project: Path) -> None:
    write_data(
        project / "playbook_data",
        {
            "functions/sales.yml": SMALL["functions/sales.yml"]
            .replace("what_it_means: Buyers first.\n", "what_it_means: Buyers first.\nformerly:\n  - support\n")
            .replace("    practice: one-journey\n", "    practice: one-journey\n    formerly: [shared-record]\n", 1)
        },
    )
    assert validate(project) == (
        1,
        [
            "playbook_data/functions/sales.yml:6:5: formerly[0]: 'support' is still a function (its ticks can move here only once "
            "playbook_data/functions/support.yml is gone: delete that file, or remove this line)",
            "playbook_data/functions/sales.yml:12:16: checklist[0].formerly[0]: 'shared-record' is still an item of this checklist "
            "(list only ids that no item has any more)",
        ],
    )


def _git(project: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=Editor", "-c", "user.email=editor@example.com", *args], cwd=project, check=True, capture_output=True)


def test_validate_base_warns_when_a_function_or_item_id_is_gone_unclaimed(project: Path) -> None:
    _git(project, "init", "-q", "-b", "main")
    _git(project, "add", "-A")
    _git(project, "commit", "-qm", "base")
    renamed = SMALL["functions/sales.yml"].replace("id: buyer-funnel", "id: buyer-journey")
    write_data(project / "playbook_data", {"functions/sales.yml": None, "functions/sales-team.yml": renamed, **_sales_renamed()})
    assert validate(project, "--base", "main") == (
        0,
        [
            "playbook_data/functions/sales.yml:1:1: warning: the function 'sales' (in main) is gone: ticks people saved under it "
            "will be lost (if it was renamed, add 'formerly: [sales]' to the new file; if it was removed on purpose, ignore this warning)"
        ],
    )
    claimed = renamed.replace("what_it_means: Buyers first.\n", "what_it_means: Buyers first.\nformerly: [sales]\n")
    write_data(project / "playbook_data", {"functions/sales-team.yml": claimed})
    assert validate(project, "--base", "main") == (
        0,
        [
            "playbook_data/functions/sales-team.yml:6:1: warning: checklist: the item 'buyer-funnel' (in main) is gone: ticks people "
            "saved under it will be lost (if it was renamed, add 'formerly: [buyer-funnel]' to the renamed item; if it was removed on "
            "purpose, ignore this warning)"
        ],
    )
    write_data(
        project / "playbook_data", {"functions/sales-team.yml": claimed.replace("id: buyer-journey\n", "id: buyer-journey\n    formerly: [buyer-funnel]\n")}
    )
    assert validate(project, "--base", "main") == (0, [])
    assert validate(project, "--base", "no-such-branch") == (
        1,
        ["playbook_data:1:1: cannot read no-such-branch: fatal: Not a valid object name no-such-branch (fetch it first, e.g. git fetch origin no-such-branch)"],
    )


def _sales_renamed() -> dict[str, str]:
    """The records that name the function 'sales', naming 'sales-team' instead."""
    return {rel: body.replace("  - sales\n", "  - sales-team\n") for rel, body in SMALL.items() if "  - sales\n" in body}


@pytest.mark.browser
def test_the_site_moves_ticks_saved_under_earlier_ids(project: Path, browser) -> None:
    renamed = (
        SMALL["functions/sales.yml"]
        .replace("what_it_means: Buyers first.\n", "what_it_means: Buyers first.\nformerly: [sales]\n")
        .replace("id: buyer-funnel\n", "id: buyer-journey\n    formerly: [buyer-funnel]\n")
    )
    write_data(project / "playbook_data", {"functions/sales.yml": None, "functions/sales-team.yml": renamed, **_sales_renamed()})
    port = free_port()
    assert run_cli("build", cwd=project, PLAYBOOK_SITE_URL=f"http://127.0.0.1:{port}/").returncode == 0
    url, server = serve(project / "site", port)
    old = json.dumps({"buyer-funnel": True, "shared-record": True})
    try:
        for page, check_boxes in [("functions/sales-team/", True), ("self-assessment/", False)]:
            context = browser.new_context()
            tab = context.new_page()
            tab.goto(url + "404.html")
            tab.evaluate(f"localStorage.clear(); localStorage.setItem('playbook-checklist:sales', {json.dumps(old)})")
            tab.goto(url + page)
            tab.wait_for_function("localStorage.getItem('playbook-checklist:sales') === null")
            moved = json.loads(tab.evaluate("localStorage.getItem('playbook-checklist:sales-team')"))
            assert moved == {"buyer-journey": True, "shared-record": True}, page
            if check_boxes:
                ticked = tab.eval_on_selector_all(".pb-checklist .pb-item", "els => els.map(e => [e.dataset.item, e.querySelector('input').checked])")
                assert ticked == [["buyer-journey", True], ["shared-record", True], ["customer-in-the-room", False]]
                assert tab.get_attribute(".pb-checklist", "data-formerly") == "sales"
            context.close()
    finally:
        server.shutdown()


# One schema, one reading: the IDE (YAML 1.2) and validate agree.


def _schema_errors(path: Path) -> list[str]:
    kind = MODELINES[path.parent.name]
    schema = json.loads((ROOT / f"schema/{kind}.json").read_text())
    validator = jsonschema.Draft202012Validator(schema)
    return [f"{'.'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(yaml12.load(path.read_text()))]


def test_every_valid_record_passes_the_schema_read_as_yaml_1_2(project: Path) -> None:
    files = sorted((project / "playbook_data").rglob("*.yml")) + sorted((ROOT / "playbook_data").rglob("*.yml"))
    assert len(files) > len(SMALL)
    assert {p.as_posix(): _schema_errors(p) for p in files if _schema_errors(p)} == {}


ACCEPTED = {  # valid for validate, and numbers, booleans or nulls in YAML 1.2
    "title: 2024": ("practices/working-backwards.yml", "title: Working Backwards", "title: 2024"),
    "title: no": ("practices/working-backwards.yml", "title: Working Backwards", "title: no"),
    "title: true": ("practices/working-backwards.yml", "title: Working Backwards", "title: true"),
    "year: 2014": ("stats/deploys.yml", "year: '2014'", "year: 2014"),
    "date: 2021": ("sources/book.yml", "date: '2021'", "date: 2021"),
    "author: ~": ("sources/book.yml", "author: Colin Bryar and Bill Carr", "author: ~"),
    "order: '1'": ("stages/focused.yml", "order: 1", "order: '1'"),
    "figure: 1.5": ("stats/deploys.yml", "figure: 12 seconds", "figure: 1.5"),
}

REJECTED = {  # a mistake in one file that a schema can see
    "title: ~": ("practices/working-backwards.yml", "title: Working Backwards", "title: ~"),
    'title: ""': ("practices/working-backwards.yml", "title: Working Backwards", 'title: ""'),
    "title: blanks": ("practices/working-backwards.yml", "title: Working Backwards", "title: '   '"),
    "title: TODO": ("practices/working-backwards.yml", "title: Working Backwards", "title: TODO"),
    "title: a list": ("practices/working-backwards.yml", "title: Working Backwards", "title: [a, b]"),
    "missing title": ("practices/working-backwards.yml", "title: Working Backwards\n", ""),
    "unknown field": ("practices/working-backwards.yml", "title: Working Backwards", "title: Working Backwards\ntitel: x"),
    "bad id": ("practices/working-backwards.yml", "stage: focused", "stage: Focused"),
    "no functions": ("practices/working-backwards.yml", "functions:\n  - support\n  - sales\n", "functions: []\n"),
    "verdict": ("case-studies/amazon.yml", "verdict: exemplar", "verdict: great"),
    "year: 14": ("stats/deploys.yml", "year: '2014'", "year: 14"),
    "date: 2021/02": ("sources/book.yml", "date: '2021'", "date: 2021/02"),
    "url: ftp": ("sources/book.yml", "type: book", "type: book\nurl: ftp://example.com/x"),
    "order: 0": ("stages/focused.yml", "order: 1", "order: 0"),
    "order: first": ("stages/focused.yml", "order: 1", "order: first"),
    "checklist item without id": ("functions/support.yml", "  - id: read-tickets\n    text:", "  - text:"),
    "quote without speaker": ("practices/working-backwards.yml", "  speaker: Jeff Bezos\n", ""),
    "last_reviewed: month 13": ("metrics/nps.yml", "owned_by:", "last_reviewed: 2026-13-01\nowned_by:"),
}


@pytest.mark.parametrize("name", ACCEPTED)
def test_validate_and_the_schema_both_accept(project: Path, name: str) -> None:
    rel, old, new = ACCEPTED[name]
    write_data(project / "playbook_data", {rel: SMALL[rel].replace(old, new)})
    assert validate(project)[0] == 0
    assert _schema_errors(project / "playbook_data" / rel) == []


@pytest.mark.parametrize("name", REJECTED)
def test_validate_and_the_schema_both_reject(project: Path, name: str) -> None:
    rel, old, new = REJECTED[name]
    body = SMALL[rel]
    assert old in body
    path = project / "playbook_data" / rel
    if name.startswith("last_reviewed"):  # replaces the review written by write_data
        write_data(project / "playbook_data", {rel: body})
        path.write_text(path.read_text().replace("last_reviewed: 2026-01-15\n", "").replace(old, new))
    else:
        write_data(project / "playbook_data", {rel: body.replace(old, new)})
    assert validate(project)[0] == 1
    assert _schema_errors(path) != []


# The data checks of `make test`, and a pull request that validate accepts.


def data_checks(root: Path) -> list[str]:
    """What CI enforces on data, run on `root`: every failure as the lines its tool printed."""
    failures = []
    result = run_cli("validate", "--strict", cwd=root)
    if result.returncode:
        failures.append(result.stdout + result.stderr)
    lint = subprocess.run([str(ROOT / ".venv/bin/yamllint"), "-c", str(ROOT / ".yamllint.yml"), "--strict", "."], cwd=root, capture_output=True, text=True)
    if lint.returncode:
        failures.append(lint.stdout + lint.stderr)
    return failures


def test_the_shipped_data_and_pages_pass_validate() -> None:
    """The data check of `make test`: on failure it shows validate's own lines, not an assertion."""
    failures = data_checks(ROOT)
    if failures:
        pytest.fail("\n".join(failures), pytrace=False)


def test_data_that_validate_accepts_passes_the_checks_and_the_build(tmp_path: Path) -> None:
    for name in [*SITE_FILES, "playbook_data", "schema"]:
        (shutil.copytree if (ROOT / name).is_dir() else shutil.copy)(ROOT / name, tmp_path / name)
    data = tmp_path / "playbook_data"
    assert run_cli("new", "function", "listening", cwd=tmp_path).returncode == 0
    skeleton = data / "functions/listening.yml"
    stages = sorted(p.stem for p in (data / "stages").glob("*.yml"))
    practice = sorted(p.stem for p in (data / "practices").glob("*.yml"))[0]
    text = (
        skeleton.read_text()
        .replace("name: TODO", "name: Listening")
        .replace("summary: TODO", "summary: Hear customers.")
        .replace("what_it_means: TODO", "what_it_means: Listen **every** week.")
        .replace("owner: TODO", "owner: Head of Listening")
        .replace("id: TODO", "id: listen-0")
        .replace("text: TODO", "text: Listen to one call")
        .replace("stage: TODO", f"stage: {stages[0]}")
        .replace("practice: TODO", f"practice: {practice}")
    )
    more = "".join(f"  - id: listen-{i}\n    text: Listen to {i} calls\n    stage: {s}\n    practice: {practice}\n" for i, s in enumerate(stages[1:], 1))
    text = text.replace("# The role that keeps", more + "# The role that keeps")
    assert "# The adoption checklist" in text and "TODO" not in text
    skeleton.write_text(text)
    for path in data.rglob("*.yml"):
        path.write_bytes(path.read_text().replace("\n", "  \n").rstrip(" \n").replace("\n", "\r\n").encode())
    assert data_checks(tmp_path) == []
    built = run_cli("build", cwd=tmp_path)
    assert built.returncode == 0, built.stdout + built.stderr
    assert (tmp_path / "site/functions/listening/index.html").is_file()


# Warnings where editors look.


def test_build_prints_the_warnings_the_pull_request_fails_on(project: Path) -> None:
    write_data(project / "playbook_data", {"practices/orphan.yml": SMALL["practices/one-journey.yml"]})
    warning = (
        "playbook_data/practices/orphan.yml:2:1: warning: no function's checklist links this practice "
        "(add a checklist item with 'practice: orphan' to a file in playbook_data/functions/)"
    )
    strict = run_cli("validate", "--strict", cwd=project)
    assert strict.returncode == 1 and strict.stdout.splitlines() == [warning]
    built = run_cli("build", cwd=project)
    assert built.returncode == 0
    assert f"INFO    -  {warning}\n" in built.stderr
    assert (
        "INFO    -  mkdocs.yml: warning: edit_uri: edit links are left out (set PLAYBOOK_EDIT_URI to the 'edit' address of "
        "this repository's main branch, ending in a slash)\n"
    ) in built.stderr
    assert "md-content__button" not in (project / "site/index.html").read_text()


# A real package: the commands every MkDocs user types first work in the activated venv.

VENV_BIN = ROOT / ".venv/bin"


def test_the_playbook_command_is_installed(project: Path) -> None:
    result = subprocess.run([str(VENV_BIN / "playbook"), "validate"], cwd=project, capture_output=True, text=True)
    assert (result.returncode, result.stderr) == (0, f"OK: {len(SMALL)} records in playbook_data are valid.\n")


def test_mkdocs_build_works_in_the_venv(project: Path) -> None:
    result = subprocess.run(
        [str(VENV_BIN / "mkdocs"), "build", "--strict"],
        cwd=project,
        capture_output=True,
        text=True,
        env={"PATH": f"{VENV_BIN}:/usr/bin:/bin", "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode == 0, result.stderr
    assert (project / "site/practices/working-backwards/index.html").is_file()


def test_mkdocs_serve_works_in_the_venv_and_prints_the_warnings(project: Path) -> None:
    write_data(project / "playbook_data", {"practices/orphan.yml": SMALL["practices/one-journey.yml"]})
    port = free_port()
    server = subprocess.Popen(
        [str(VENV_BIN / "mkdocs"), "serve", "--strict", "--dev-addr", f"127.0.0.1:{port}", "--no-livereload"],
        cwd=project,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={"PATH": f"{VENV_BIN}:/usr/bin:/bin", "NO_MKDOCS_2_WARNING": "1"},
    )
    try:
        page = None
        for _ in range(240):
            if server.poll() is not None:
                break
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/practices/working-backwards/", timeout=2) as response:
                    page = response.read().decode()
                break
            except OSError:
                time.sleep(0.25)
        assert page is not None and "Working Backwards" in page, "no answer"
    finally:
        server.terminate()
        server.wait(timeout=20)
    assert (
        "INFO    -  playbook_data/practices/orphan.yml:2:1: warning: no function's checklist links this practice "
        "(add a checklist item with 'practice: orphan' to a file in playbook_data/functions/)\n"
    ) in server.stderr.read()


def test_workflows_test_before_publishing_and_always_upload_the_preview() -> None:
    publish = yaml.safe_load((ROOT / ".github/workflows/publish.yml").read_text())
    steps = [s.get("run", "") for s in publish["jobs"]["build"]["steps"]]
    assert steps.index("bash .ci/run") < steps.index("make build")
    pr = yaml.safe_load((ROOT / ".github/workflows/pull-request.yml").read_text())
    upload = next(s for s in pr["jobs"]["check"]["steps"] if "upload-artifact" in s.get("uses", ""))
    assert upload["if"] == "always()"
    assert any("playbook validate --strict --format github" in s.get("run", "") for s in pr["jobs"]["check"]["steps"])


if __name__ == "__main__":  # pragma: no cover
    sys.exit(pytest.main([__file__]))
