"""The strict loader and the schema: each rule, with the exact line an editor reads."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import REVIEW, SMALL, write_data

from playbook.model import KINDS, Practice, Source
from playbook.validation import PlaybookError, validate
from playbook.validation.load import load

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
    return [p.text() for p in validate(data, None).errors]


def edited(old: str, new: str, body: str = BODY) -> str:
    assert old in body
    return MODELINE + body.replace(old, new) + REVIEW


def test_the_small_catalog_is_valid(data: Path) -> None:
    catalog = validate(data, None).catalog
    assert catalog.count() == len(SMALL)
    assert catalog.of(Practice)["one-journey"].title == "One shared journey"


# GUIDE rule 3: the loader is strict.

YAML_RULES = {
    "duplicate key": (
        edited("title: One shared journey\n", "title: One shared journey\ntitle: Again\n"),
        f"{FILE}:3:1: duplicate key 'title' (first on line 2) (keep one of the two: delete line 3 or line 2)",
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
        f"{FILE}:7:1: line 7 is indented with a tab (YAML indents with spaces only: replace the indentation with 2 spaces, "
        "so that the '-' is two spaces deeper than 'how_to_start:' on line 6)",
    ),
    "unquoted colon": (
        edited("summary: One journey for all.", "summary: One journey: for all."),
        f"{FILE}:3:21: the text of 'summary:' contains ': ', which YAML reads as the start of a new field "
        "(put the whole text in straight double quotes, \"...\", or write 'summary: >-' and the text on the lines below it, indented two spaces)",
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
    assert validate(data, None).catalog.of(Practice)["one-journey"].summary == "One journey #1"


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
    catalog = validate(data, None).catalog
    assert catalog.of(Practice)["one-journey"].title == "no"
    assert catalog.of(Source)["article"].title == "2024-01-01"
    assert catalog.of(Source)["article"].date == "2022-02-03"
    assert catalog.of(Practice)["one-journey"].last_reviewed.isoformat() == "2026-01-15"


def test_folder_and_file_names_are_checked(data: Path) -> None:
    (data / "practices/Bad_Name.yml").write_text(MODELINE + BODY + REVIEW)
    (data / "practices/notes.txt").write_text("hello")
    (data / "drafts").mkdir()
    assert [p.text() for p in validate(data, None).errors] == [
        f"playbook_data/drafts:1:1: not a folder of records (records live in these folders: {', '.join(f'{k.folder}/' for k in KINDS)})",
        "playbook_data/practices/Bad_Name.yml:1:1: 'Bad_Name' is not a valid id "
        "(rename the file with lowercase letters, digits and single hyphens, e.g. working-backwards.yml)",
        "playbook_data/practices/notes.txt:1:1: not a .yml record file (rename it to notes.yml if it is a record, or move it out of playbook_data/)",
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
        f"{FILE}:8:5: how_to_start[1]: the text contains ': ', which YAML reads as a field named 'step' "
        '(put the whole text in straight double quotes, "...")',
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
        f"{FILE}:17:16: last_reviewed: expected a date, got '15/01/2026' (write it as YYYY-MM-DD: 2026-01-15 for 15 January 2026)",
    ),
    "bad id": (
        edited("stage: centric", "stage: Centric"),
        f"{FILE}:10:8: stage: 'Centric' is not a valid id (ids use lowercase letters, digits and single hyphens: write 'centric')",
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
        "playbook_data/functions/support.yml:14:9: checklist[2].id: duplicate item id 'read-tickets' (first on line 6) "
        "(give this item an id of its own; keep the one on line 6, which people's ticks may be saved under)",
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
    assert [p.text() for p in validate(data, None).errors] == [
        f"{FILE}:4:1: bdy: unknown field (did you mean 'body'?)",
        "playbook_data/stats/superior-cx-revenue-5-7x.yml:4:9: source: unknown source 'nobody' (ids are file names in playbook_data/sources/)",
    ]


def test_the_modeline_names_the_kinds_schema_file() -> None:
    from playbook.model import CaseStudy
    from playbook.validation.load import modeline

    assert modeline(CaseStudy) == "# yaml-language-server: $schema=../../schema/case-study.json"


# The sources' own priorities: a statement of a ranking keeps the source's order.

RANKED = (
    "  - ranks: What comes first for a team\n"
    "    ranking: [customers, revenue]\n"
    "    stated_in:\n"
    "      - record: practices/one-journey\n"
    "        field: why_it_matters\n"
    "        reads: [customers, before, revenue]\n"
    "      - record: practices/one-journey\n"
    "        field: how_to_start\n"
    "        reads: [customers, then, revenue]\n"
)


def ranked(statements: str = RANKED) -> dict[str, str]:
    """The small catalog with a source that ranks customers above revenue, stated twice in practices/one-journey."""
    source = SMALL["sources/article.yml"] + "priorities:\n" + statements
    practice = BODY.replace("why_it_matters: Customers see one company.", "why_it_matters: It puts **customers** before *revenue*.").replace(
        "  - Map the stages\n", "  - Map the stages\n  - Ask customers first, then look at revenue\n"
    )
    return {"sources/article.yml": source, "practices/one-journey.yml": practice}


def test_a_ranking_kept_in_order_passes_and_one_reversed_is_refused_at_its_statement(data: Path) -> None:
    write_data(data, ranked())
    assert load(data).catalog.count() == len(SMALL)  # emphasis and case do not count; a list's items are read one by one
    reversed_ = ranked()["practices/one-journey.yml"].replace("It puts **customers** before *revenue*.", "Revenue comes before customers.")
    write_data(data, {"practices/one-journey.yml": reversed_})
    with pytest.raises(PlaybookError) as caught:
        load(data)
    assert [p.text() for p in caught.value.problems] == [
        "playbook_data/sources/article.yml:10:9: priorities[0].stated_in[0]: 'practices/one-journey' why_it_matters no longer reads 'before' "
        "after 'customers' (the source ranks 'customers' above 'revenue'; keep the source's order when you reword it, or change this "
        "priority if the source says otherwise)"
    ]
    # Each phrase within one paragraph: split over two list items, the order no longer holds.
    split = ranked()["practices/one-journey.yml"].replace("first, then look", "first\n  - then look")
    write_data(data, {"practices/one-journey.yml": split})
    with pytest.raises(PlaybookError) as caught:
        load(data)
    assert [p.text() for p in caught.value.problems] == [
        "playbook_data/sources/article.yml:13:9: priorities[0].stated_in[1]: 'practices/one-journey' how_to_start no longer reads 'then' "
        "after 'customers' (the source ranks 'customers' above 'revenue'; keep the source's order when you reword it, or change this "
        "priority if the source says otherwise)"
    ]


def test_a_ranking_statement_names_a_record_a_field_and_the_rankings_terms(data: Path) -> None:
    statements = (
        RANKED.replace("record: practices/one-journey\n        field: why_it_matters", "record: practices/one-jorney\n        field: why_it_matters").replace(
            "field: how_to_start", "field: how_to_begin"
        )
        + "      - record: playbooks/one-journey\n        field: body\n        reads: [map, once]\n"
        + "      - record: practices/one-journey\n        field: body\n        reads: [map it, once]\n"
    )
    write_data(data, ranked(statements))
    with pytest.raises(PlaybookError) as caught:
        load(data)
    assert [p.text() for p in caught.value.problems] == [
        "playbook_data/sources/article.yml:10:17: priorities[0].stated_in[0].record: no record 'practices/one-jorney' (did you mean 'practices/one-journey'?)",
        "playbook_data/sources/article.yml:14:16: priorities[0].stated_in[1].field: 'practices/one-journey' has no field 'how_to_begin' "
        "(its fields: title, summary, body, why_it_matters, how_to_start, functions, stage, journey, metrics, stats, quote, sources)",
        "playbook_data/sources/article.yml:16:17: priorities[0].stated_in[2].record: 'playbooks' is not a folder of records (write folder/id; "
        "the folders are case-studies, functions, glossary, journey, metrics, practices, sources, stages, stats, teams)",
        "playbook_data/sources/article.yml:21:16: priorities[0].stated_in[3].reads: no phrase here holds the ranking's term 'customers' "
        "(add the words that name 'customers' in practices/one-journey body)",
        "playbook_data/sources/article.yml:21:16: priorities[0].stated_in[3].reads: no phrase here holds the ranking's term 'revenue' "
        "(add the words that name 'revenue' in practices/one-journey body)",
    ]
    # A statement about a record that has errors of its own is reported there, once.
    write_data(data, {**ranked(), "practices/one-journey.yml": ranked()["practices/one-journey.yml"].replace("stage: centric", "stage: [centric]")})
    with pytest.raises(PlaybookError) as caught:
        load(data)
    assert [p.file for p in caught.value.problems] == ["playbook_data/practices/one-journey.yml"]
