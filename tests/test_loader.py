"""The strict loader and the schema: each rule, with the exact line an editor reads."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import REVIEW, SMALL, write_data

from playbook.load import load
from playbook.model import Practice, Source
from playbook.problems import PlaybookError

FILE = "playbook_data/practices/one-journey.yml"
MODELINE = "# yaml-language-server: $schema=../../schema/practice.json\n"
BODY = SMALL["practices/one-journey.yml"]


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    write_data(tmp_path / "playbook_data", SMALL)
    return tmp_path / "playbook_data"


def problems(data: Path, raw: str | bytes, rel: str = "practices/one-journey.yml") -> list[str]:
    path = data / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(raw if isinstance(raw, bytes) else raw.encode("utf-8"))
    with pytest.raises(PlaybookError) as caught:
        load(data)
    return [p.text() for p in caught.value.problems]


def edited(old: str, new: str, body: str = BODY) -> str:
    assert old in body
    return MODELINE + body.replace(old, new) + REVIEW


def test_the_small_catalog_is_valid(data: Path) -> None:
    catalog = load(data).catalog
    assert catalog.count() == len(SMALL)
    assert catalog.of(Practice)["one-journey"].title == "One shared journey"


# GUIDE rule 3: the loader is strict.

YAML_RULES = {
    "duplicate key": (
        edited("title: One shared journey\n", "title: One shared journey\ntitle: Again\n"),
        f"{FILE}:3:1: duplicate key 'title' (first on line 2) (remove one of the two, or merge them)",
    ),
    "anchor": (
        edited("summary: One journey for all.", "summary: &s One journey for all."),
        f"{FILE}:3:10: anchor '&s' is not allowed (write each value out in full)",
    ),
    "alias": (MODELINE + BODY + REVIEW + "extra: *s\n", f"{FILE}:18:8: alias '*s' is not allowed (write the value out in full)"),
    "python tag": (
        edited("body: Map it once.", "body: !!python/object/apply:os.system ['id']"),
        f"{FILE}:4:7: tag '!!python/object/apply:os.system' is not allowed (remove the tag; every value is read as text)",
    ),
    "plain tag": (
        edited("body: Map it once.", "body: !!str Map it once."),
        f"{FILE}:4:7: tag '!!str' is not allowed (remove the tag; every value is read as text)",
    ),
    "second document": (
        MODELINE + BODY + REVIEW + "---\ntitle: x\n",
        f"{FILE}:18:1: a second YAML document ('---') in one file (keep one record per file; remove the '---' line)",
    ),
    "tab": (
        edited("how_to_start:\n  - Map", "how_to_start:\n\t- Map"),
        f"{FILE}:7:1: invalid YAML: found character that cannot start any token (indent with spaces, not tabs)",
    ),
    "unquoted colon": (
        edited("summary: One journey for all.", "summary: One journey: for all."),
        f"{FILE}:3:21: invalid YAML: mapping values are not allowed in this context (put text that contains ': ' in quotes)",
    ),
    "comment after a value": (
        edited("summary: One journey for all.", "summary: One journey for all #1 priority"),
        f"{FILE}:3:30: '#1 priority' after the value is a comment, and YAML drops it "
        "(put the whole value in quotes if '#' belongs to it, or move the comment to its own line)",
    ),
    "no modeline": (BODY + REVIEW, f"{FILE}:1:1: first line must name the record's schema (make line 1 exactly: {MODELINE.strip()})"),
    "not a mapping": (
        MODELINE + "- a\n- b\n",
        f"{FILE}:2:1: expected the fields of a practice, got a list (start from a skeleton: python -m playbook new practice one-journey)",
    ),
}


@pytest.mark.parametrize("rule", YAML_RULES)
def test_yaml_rule(data: Path, rule: str) -> None:
    raw, expected = YAML_RULES[rule]
    assert problems(data, raw) == [expected]


def test_comments_on_their_own_line_and_quoted_hashes_are_fine(data: Path) -> None:
    (data / "practices/one-journey.yml").write_text(edited("summary: One journey for all.", "# a note\nsummary: 'One journey #1'"))
    assert load(data).catalog.of(Practice)["one-journey"].summary == "One journey #1"


def test_non_utf8_points_at_the_bad_byte(data: Path) -> None:
    raw = (MODELINE + BODY + REVIEW).encode("utf-8").replace(b"Map it once.", b"Map it \xe9nce.")
    assert problems(data, raw) == [f"{FILE}:4:14: not valid UTF-8 (byte 0xe9) (save the file as UTF-8)"]


def test_files_over_256_kib_are_refused_unread(data: Path) -> None:
    raw = MODELINE + BODY + REVIEW + "#" * (256 * 1024)
    assert problems(data, raw) == [f"{FILE}:1:1: file is 257 KiB, over the 256 KiB limit (split it into smaller records)"]


def test_scalars_stay_strings_and_dates_parse_only_where_the_schema_says(data: Path) -> None:
    (data / "practices/one-journey.yml").write_text(edited("title: One shared journey", "title: no"))
    (data / "sources/article.yml").write_text(
        "# yaml-language-server: $schema=../../schema/source.json\ntitle: 2024-01-01\npublisher: 'off'\ndate: 2022-02-03\ntype: article\n" + REVIEW
    )
    catalog = load(data).catalog
    assert catalog.of(Practice)["one-journey"].title == "no"
    assert catalog.of(Source)["article"].title == "2024-01-01"
    assert catalog.of(Source)["article"].date == "2022-02-03"
    assert catalog.of(Practice)["one-journey"].last_reviewed.isoformat() == "2026-01-15"


def test_folder_and_file_names_are_checked(data: Path) -> None:
    (data / "practices/Bad_Name.yml").write_text(MODELINE + BODY + REVIEW)
    (data / "practices/notes.txt").write_text("hello")
    (data / "drafts").mkdir()
    with pytest.raises(PlaybookError) as caught:
        load(data)
    assert [p.text() for p in caught.value.problems] == [
        "playbook_data/drafts:1:1: not a folder of records (records live in these folders: "
        "practices, case-studies, functions, stages, journey, metrics, stats, sources, teams, glossary)",
        "playbook_data/practices/Bad_Name.yml:1:1: 'Bad_Name' is not a valid id "
        "(rename the file with lowercase letters, digits and single hyphens, e.g. working-backwards.yml)",
        "playbook_data/practices/notes.txt:1:1: not a .yml record file (name record files <id>.yml, or move this file out of playbook_data/)",
    ]


# Schema errors, translated for editors.

SCHEMA_RULES = {
    "missing field": (
        edited("why_it_matters: Customers see one company.\n", ""),
        f"{FILE}:2:1: why_it_matters: required field is missing (add 'why_it_matters:' with a value)",
    ),
    "misspelt field": (edited("body:", "bdy:"), f"{FILE}:4:1: bdy: unknown field (did you mean 'body'?)"),
    "unknown field": (
        edited("body:", "colour: blue\nbody:"),
        f"{FILE}:4:1: colour: unknown field (allowed fields: owner, last_reviewed, aliases, title, summary, body, "
        "why_it_matters, how_to_start, functions, stage, journey, metrics, stats, quote, sources)",
    ),
    "mapping for text": (
        edited("  - Map the stages", "  - Map the stages\n  - step: two"),
        f"{FILE}:8:5: how_to_start[1]: expected text, got a mapping (fields) (text that contains ': ' must be in quotes)",
    ),
    "text for list": (
        edited("functions:\n  - sales", "functions: sales"),
        f"{FILE}:8:12: functions: expected a list, got 'sales' (write each item on its own line, starting with '- ')",
    ),
    "empty required": (edited("summary: One journey for all.", "summary:"), f"{FILE}:3:9: summary: is empty (write a value after the colon)"),
    "empty list": (
        edited("how_to_start:\n  - Map the stages", "how_to_start: []"),
        f"{FILE}:6:15: how_to_start: needs at least 1 item (add items, each on its own line starting with '- ')",
    ),
    "bad date": (
        MODELINE + BODY + REVIEW.replace("2026-01-15", "15/01/2026"),
        f"{FILE}:17:16: last_reviewed: expected a date, got '15/01/2026' (write it as YYYY-MM-DD, e.g. 2026-01-31)",
    ),
    "bad id": (
        edited("stage: centric", "stage: Centric"),
        f"{FILE}:10:8: stage: 'Centric' is not a valid id (ids use lowercase letters, digits and single hyphens, e.g. 'working-backwards')",
    ),
    "quote without source": (
        edited("sources:", "quote:\n  text: Hello\n  speaker: Someone\nsources:"),
        f"{FILE}:15:3: quote.source: required field is missing (add 'source:' with a value)",
    ),
}


@pytest.mark.parametrize("rule", SCHEMA_RULES)
def test_schema_rule(data: Path, rule: str) -> None:
    raw, expected = SCHEMA_RULES[rule]
    assert problems(data, raw) == [expected]


def test_verdict_must_be_one_of_two_words(data: Path) -> None:
    body = SMALL["case-studies/jc-penney.yml"].replace("verdict: cautionary", "verdict: bad")
    raw = "# yaml-language-server: $schema=../../schema/case-study.json\n" + body + REVIEW
    assert problems(data, raw, "case-studies/jc-penney.yml") == [
        "playbook_data/case-studies/jc-penney.yml:8:10: verdict: expected one of 'exemplar' or 'cautionary', got 'bad' (use one of the listed words exactly)"
    ]


@pytest.mark.parametrize("value, message", [("150", "must be at most 100, got '150'"), ("0", "must be at least 1, got '0'")])
def test_a_self_assessment_threshold_is_a_percentage(data: Path, value: str, message: str) -> None:
    body = SMALL["stages/led.yml"].replace("reached_at_percent: 50", f"reached_at_percent: {value}")
    raw = "# yaml-language-server: $schema=../../schema/stage.json\n" + body + REVIEW
    assert problems(data, raw, "stages/led.yml") == [
        f"playbook_data/stages/led.yml:4:21: reached_at_percent: {message} (a percentage: a whole number from 1 to 100)"
    ]


def test_a_statistic_cannot_exist_without_a_source(data: Path) -> None:
    raw = "# yaml-language-server: $schema=../../schema/stat.json\nfigure: 78%\nclaim: expect consistency\n" + REVIEW
    assert problems(data, raw, "stats/consistency.yml") == [
        "playbook_data/stats/consistency.yml:2:1: source: required field is missing (add 'source:' with a value)"
    ]


# Cross-record checks.


def test_unknown_references_name_the_closest_id(data: Path) -> None:
    assert problems(data, edited("stage: centric", "stage: centrik")) == [f"{FILE}:10:8: stage: unknown stage 'centrik' (did you mean 'centric'?)"]


def test_an_id_listed_twice(data: Path) -> None:
    assert problems(data, edited("  - discover\n  - renew", "  - discover\n  - discover")) == [
        f"{FILE}:13:5: journey[1]: 'discover' is listed twice (remove the second one)"
    ]


def test_checklist_items_are_checked(data: Path) -> None:
    body = (
        SMALL["functions/support.yml"]
        .replace("practice: one-journey", "practice: one-jorney")
        .replace("id: council", "id: read-tickets")
        .replace("stage: led", "stage: lead")
    )
    raw = "# yaml-language-server: $schema=../../schema/function.json\n" + body + REVIEW
    assert problems(data, raw, "functions/support.yml") == [
        "playbook_data/functions/support.yml:13:15: checklist[1].practice: unknown practice 'one-jorney' (did you mean 'one-journey'?)",
        "playbook_data/functions/support.yml:14:9: checklist[2].id: duplicate item id 'read-tickets' (first on line 6) (give each checklist item its own id)",
        "playbook_data/functions/support.yml:16:12: checklist[2].stage: unknown stage 'lead' (did you mean 'led'?)",
    ]


def test_stat_with_unknown_source(data: Path) -> None:
    raw = "# yaml-language-server: $schema=../../schema/stat.json\nfigure: 78%\nclaim: expect consistency\nsource: salesforce\n" + REVIEW
    assert problems(data, raw, "stats/consistency.yml") == [
        "playbook_data/stats/consistency.yml:4:9: source: unknown source 'salesforce' (ids are file names in playbook_data/sources/)"
    ]


def test_two_stages_in_one_place(data: Path) -> None:
    raw = "# yaml-language-server: $schema=../../schema/stage.json\n" + SMALL["stages/led.yml"].replace("order: 3", "order: 2") + REVIEW
    assert problems(data, raw, "stages/led.yml") == [
        "playbook_data/stages/led.yml:3:8: order: stage 'centric' already has order 2 (give each stage its own position)"
    ]


def test_a_broken_record_is_not_reported_again_where_it_is_referenced(data: Path) -> None:
    # working-backwards is referenced from cases, functions and stats' pages; only its own error shows.
    body = SMALL["practices/working-backwards.yml"].replace("title: Working Backwards\n", "")
    assert problems(data, MODELINE + body + REVIEW, "practices/working-backwards.yml") == [
        "playbook_data/practices/working-backwards.yml:2:1: title: required field is missing (add 'title:' with a value)"
    ]


def test_every_problem_in_every_file_is_reported_at_once(data: Path) -> None:
    write_data(
        data,
        {
            "practices/one-journey.yml": BODY.replace("stage: centric", "stage: nowhere").replace("body:", "bdy:"),
            "stats/superior-cx-revenue-5-7x.yml": "figure: 5.7x\nclaim: more revenue\nsource: nobody\n",
        },
    )
    with pytest.raises(PlaybookError) as caught:
        load(data)
    assert [p.text() for p in caught.value.problems] == [
        f"{FILE}:4:1: bdy: unknown field (did you mean 'body'?)",
        "playbook_data/stats/superior-cx-revenue-5-7x.yml:4:9: source: unknown source 'nobody' (ids are file names in playbook_data/sources/)",
    ]


def test_the_modeline_names_the_kinds_schema_file() -> None:
    from playbook.load import modeline
    from playbook.model import CaseStudy

    assert modeline(CaseStudy) == "# yaml-language-server: $schema=../../schema/case-study.json"
