"""`validate` is the gate: each mistake an editor makes has one line, at the right place, and
what `validate` accepts passes the pull request (yamllint, the JSON Schemas and the build agree)."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import os
import re
import shlex
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
from conftest import MODELINES, ROOT, SHOWCASE_DATA, SMALL, fill_skeleton, free_port, run_cli, serve, write_data

from playbook import validation
from playbook.model import KINDS, Function, Metric, Practice, Source
from playbook.render.macros import COUNTS, MACROS
from playbook.validation import text_checks

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
            "playbook_data/practices/working-backwards.yml:12:4: how_to_start[0]: line 12 is indented 1 space more than the '-' on "
            "line 11, so YAML joins '- Share it' to the item above (put the '-' in column 3, under the '-' of line 11)",
        ),
        (
            "how_to_start:\n  - Write a press release\n    - Share it\n",  # indented under the text
            "playbook_data/practices/working-backwards.yml:12:5: how_to_start[0]: line 12 is indented 2 spaces more than the '-' on "
            "line 11, so YAML joins '- Share it' to the item above (put the '-' in column 3, under the '-' of line 11)",
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
            "playbook_data/practices/working-backwards.yml:13:5: how_to_start[0]: line 13 is indented 2 spaces more than the '-' on "
            "line 11, so YAML joins '- Share it' to the item above (put the '-' in column 3, under the '-' of line 11)",
        ),
        (
            "how_to_start:\n  - Pick one initiative.\n    Fill in the listen section\n",  # its '- ' forgotten
            "playbook_data/practices/working-backwards.yml:12:5: how_to_start[0]: line 12 'Fill in the listen section' reads as a "
            "new item run into the one above (start line 12 with '- ' in column 3, under the '-' of line 11; if it continues that "
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
    steps_now = validation.validate(project / "playbook_data", None).catalog.of(Practice)["working-backwards"].how_to_start
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
    catalog = validation.validate(project / "playbook_data", None).catalog
    assert catalog.of(Source)["book"].author is None and catalog.of(Metric)["nps"].display_title == "Net Promoter Score"
    quoted = SMALL["sources/book.yml"].replace("author: Colin Bryar and Bill Carr", "author: '~'")
    write_data(project / "playbook_data", {"sources/book.yml": quoted})
    assert validation.validate(project / "playbook_data", None).catalog.of(Source)["book"].author == "~"  # in quotes, it is text


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
        ["playbook_data/practices/deploy-figure.yml:1:1: these are the fields of a stat, not of a practice (move it to playbook_data/stats/deploy-figure.yml)"],
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
            "playbook_data/practices/working-backwards.yml:3:16: the text of 'summary:' contains ': ', which YAML reads as the start of a new field "
            "(curly quotes \u201c \u201d are text to YAML, not quotes: type straight quotes \"...\" around text that contains ': ')"
        ],
    )


# Indentation, shapes and causes: each mistake, the lines validate printed before it was read for
# what it is (kept to show what each new line replaces), and the one line it prints now.

SUPPORT, SALES = SMALL["functions/support.yml"], SMALL["functions/sales.yml"]

BEFORE_AFTER: dict[str, tuple[dict[str, str | None], list[str], list[str]]] = {
    "a key too far right, after text": (
        {"practices/working-backwards.yml": P.replace("summary: Start", "  summary: Start")},
        [
            "playbook_data/practices/working-backwards.yml:3:10: invalid YAML: mapping values are not allowed in this "
            "context (put text that contains ': ' in quotes)",
        ],
        [
            "playbook_data/practices/working-backwards.yml:3:3: line 3 is indented 2 spaces more than 'title:' on line 2, "
            "so YAML reads 'summary:' as part of the text of 'title:' (line it up under 'title:', in column 1)",
        ],
    ),
    "a checklist item's key too far right": (
        {
            "functions/support.yml": SUPPORT.replace(
                "    stage: focused\n    practice: working-backwards\n", "    stage: focused\n      practice: working-backwards\n", 1
            )
        },
        [
            "playbook_data/functions/support.yml:9:15: invalid YAML: mapping values are not allowed in this context (put text that contains ': ' in quotes)",
        ],
        [
            "playbook_data/functions/support.yml:9:7: line 9 is indented 2 spaces more than 'stage:' on line 8, so YAML "
            "reads 'practice:' as part of the text of 'stage:' (line it up under 'stage:', in column 5)",
        ],
    ),
    "a checklist item's key too far left": (
        {"functions/support.yml": SUPPORT.replace("    stage: centric\n", "   stage: centric\n")},
        [
            "playbook_data/functions/support.yml:12:4: invalid YAML: did not find expected '-' indicator (check the indentation and quotes near this place)",
        ],
        [
            "playbook_data/functions/support.yml:12:4: line 12 is indented 1 space fewer than 'text:' on line 11 (line it up under 'text:', in column 5)",
        ],
    ),
    "a checklist item's key at the margin": (
        {
            "functions/support.yml": SUPPORT.replace(
                "    stage: focused\n    practice: working-backwards\n", "    stage: focused\npractice: working-backwards\n", 1
            )
        },
        [
            "playbook_data/functions/support.yml:10:7: invalid YAML: mapping values are not allowed in this context (put text that contains ': ' in quotes)",
        ],
        [
            "playbook_data/functions/support.yml:9:1: line 9 is indented 4 spaces fewer than 'stage:' on line 8 (line it up under 'stage:', in column 5)",
        ],
    ),
    "a tab": (
        {"practices/working-backwards.yml": P.replace("  - Share it", "\t- Share it")},
        [
            "playbook_data/practices/working-backwards.yml:12:1: invalid YAML: found a tab character that violates indentation (indent with spaces, not tabs)",
        ],
        [
            "playbook_data/practices/working-backwards.yml:12:1: line 12 is indented with a tab (YAML indents with spaces "
            "only: replace the indentation with 2 spaces, so that the '-' is under the '-' of line 11)",
        ],
    ),
    "non-breaking spaces as indentation": (
        {"practices/working-backwards.yml": P.replace("  - Share it", "\u00a0\u00a0- Share it")},
        [
            "playbook_data/practices/working-backwards.yml:12:1: a non-breaking space (U+00A0) is not allowed here (indent "
            "with ordinary spaces; pasted text often carries non-breaking ones)",
        ],
        [
            "playbook_data/practices/working-backwards.yml:12:1: line 12 is indented with non-breaking spaces (they come "
            "with text pasted from web pages and word processors: replace the indentation with 2 spaces, so that the '-' "
            "is under the '-' of line 11)",
        ],
    ),
    "a '-' one column too far left": (
        {"functions/support.yml": SUPPORT.replace("  - id: one-view", " - id: one-view")},
        [
            "playbook_data/functions/support.yml:10:2: invalid YAML: did not find expected key (check the indentation and quotes near this place)",
        ],
        [
            "playbook_data/functions/support.yml:10:2: line 10 is indented 1 space fewer than the '-' on line 6 (put the "
            "'-' in column 3, under the '-' of line 6)",
        ],
    ),
    "a '-' one column too far right": (
        {"functions/support.yml": SUPPORT.replace("  - id: one-view", "   - id: one-view")},
        [
            "playbook_data/functions/support.yml:10:4: invalid YAML: did not find expected '-' indicator (check the indentation and quotes near this place)",
        ],
        [
            "playbook_data/functions/support.yml:10:4: line 10 is indented 1 space more than the '-' on line 6 (put the "
            "'-' in column 3, under the '-' of line 6)",
        ],
    ),
    "a line without its '- '": (
        {"practices/working-backwards.yml": P.replace("  - Share it", "  Share it")},
        [
            "playbook_data/practices/working-backwards.yml:13:1: invalid YAML: could not find expected ':' (check the "
            "indentation of this line and the one above)",
        ],
        [
            "playbook_data/practices/working-backwards.yml:12:3: line 12 stands in the list under 'how_to_start:' but does "
            "not start with '- ' (start it with '- ', the '-' in column 3 under the '-' of line 11)",
        ],
    ),
    "a '- ' that splits an item": (
        {"functions/support.yml": SUPPORT.replace("    stage: centric\n", "  - stage: centric\n")},
        [
            "playbook_data/functions/support.yml:10:5: checklist[1].practice: required field is missing (add 'practice:' with a value)",
            "playbook_data/functions/support.yml:10:5: checklist[1].stage: required field is missing (add 'stage:' with a value)",
            "playbook_data/functions/support.yml:12:5: checklist[2].id: required field is missing (add 'id:' with a value)",
            "playbook_data/functions/support.yml:12:5: checklist[2].text: required field is missing (add 'text:' with a value)",
        ],
        [
            "playbook_data/functions/support.yml:12:3: checklist[2]: the '- ' on line 12 starts a new item, but 'stage' "
            "and 'practice' belong to the item above (line 10) (remove the '- ', so that 'stage:' is in column 5, under "
            "'text:')",
        ],
    ),
    "a field under the list above": (
        {"practices/working-backwards.yml": P.replace("stage: focused", "  stage: focused")},
        [
            "playbook_data/practices/working-backwards.yml:16:3: invalid YAML: did not find expected '-' indicator (check "
            "the indentation and quotes near this place)",
        ],
        [
            "playbook_data/practices/working-backwards.yml:16:3: line 16 is indented 2 spaces more than 'functions:' on "
            "line 13, so YAML reads 'stage:' as part of the list under 'functions:' (line it up under 'functions:', in "
            "column 1)",
        ],
    ),
    "a field pushed under the item above": (
        {"functions/sales.yml": SALES + "    stats:\n      - deploys\n"},
        [
            "playbook_data/functions/sales.yml:18:5: checklist[2].stats: unknown field (did you mean 'stage'?)",
        ],
        [
            "playbook_data/functions/sales.yml:18:5: checklist[2].stats: line 18 is indented 4 spaces more than "
            "'checklist:' on line 5, so YAML reads 'stats' as a field of checklist[2] (line it up under 'checklist:', in "
            "column 1)",
        ],
    ),
    "a field left out of the mapping above": (
        {"practices/working-backwards.yml": P.replace("  source: book\n", "source: book\n")},
        [
            "playbook_data/practices/working-backwards.yml:26:3: quote.source: required field is missing (add 'source:' with a value)",
            "playbook_data/practices/working-backwards.yml:28:1: source: unknown field (did you mean 'sources'?)",
        ],
        [
            "playbook_data/practices/working-backwards.yml:28:1: source: line 28 is indented 2 spaces fewer than "
            "'speaker:' on line 27, so YAML reads 'source' as a field of the practice, not of quote (line it up under "
            "'speaker:', in column 3)",
        ],
    ),
    "a field indented into a '|' block": (
        {"practices/working-backwards.yml": P.replace("why_it_matters:", "  why_it_matters:")},
        [
            "playbook_data/practices/working-backwards.yml:2:1: why_it_matters: required field is missing (add 'why_it_matters:' with a value)",
        ],
        [
            "playbook_data/practices/working-backwards.yml:9:3: why_it_matters: line 9 is indented 2 spaces more than "
            "'body:' on line 4, so YAML reads 'why_it_matters:' as part of the text of 'body:' (line it up under 'body:', "
            "in column 1)",
        ],
    ),
    "a text wrapped to the margin": (
        {"practices/working-backwards.yml": P.replace("why_it_matters: It keeps the customer first.", "why_it_matters: It keeps the\ncustomer first.")},
        [
            "playbook_data/practices/working-backwards.yml:11:1: invalid YAML: could not find expected ':' (check the "
            "indentation of this line and the one above)",
        ],
        [
            "playbook_data/practices/working-backwards.yml:10:1: line 10 continues the text of 'why_it_matters:' on line "
            "9, but starts in column 1, where YAML expects a new field (indent it by 2 spaces, or join it to line 9)",
        ],
    ),
    "a checklist item appended below stats": (
        {"functions/sales.yml": SALES + "stats:\n  - deploys\n  - id: weekly-calls\n    text: Join a call a week\n    stage: led\n    practice: one-journey\n"},
        [
            "playbook_data/functions/sales.yml:20:5: stats[1]: expected text, got a mapping (fields) (text that contains ': ' must be in quotes)",
        ],
        [
            "playbook_data/functions/sales.yml:20:3: stats[1]: these are the fields of an item of 'checklist', but they "
            "stand in the list under 'stats:' (move the item under 'checklist:' (line 5), after its last item)",
        ],
    ),
    "an id in the wrong list": (
        {"practices/working-backwards.yml": P.replace("  - nps\n", "  - nps\n  - renew\n")},
        [
            "playbook_data/practices/working-backwards.yml:21:5: metrics[1]: unknown metric 'renew' (ids are file names in playbook_data/metrics/)",
        ],
        [
            "playbook_data/practices/working-backwards.yml:21:5: metrics[1]: unknown metric 'renew': it is the id of a "
            "journey-stage (move this line under 'journey:', after line 18)",
        ],
    ),
    "a real unquoted ': '": (
        {"practices/working-backwards.yml": P.replace("summary: Start from the customer.", "summary: Start: from the customer.")},
        [
            "playbook_data/practices/working-backwards.yml:3:15: invalid YAML: mapping values are not allowed in this "
            "context (put text that contains ': ' in quotes)",
        ],
        [
            "playbook_data/practices/working-backwards.yml:3:15: the text of 'summary:' contains ': ', which YAML reads as "
            "the start of a new field (put the whole text in straight double quotes, \"...\", or write 'summary: >-' and the "
            "text on the lines below it, indented two spaces)",
        ],
    ),
    "a record saved as .yml.txt": (
        {
            "practices/one-journey.yml": None,
            "practices/one-journey.yml.txt": SMALL["practices/one-journey.yml"],
            "case-studies/amazon.yml": SMALL["case-studies/amazon.yml"].replace("verdict: exemplar", "verdict: great"),
        },
        [
            "playbook_data/case-studies/amazon.yml:8:10: verdict: expected one of 'exemplar' or 'cautionary', got 'great' "
            "(use one of the listed words exactly)",
            "playbook_data/case-studies/jc-penney.yml:12:5: practices[0]: unknown practice 'one-journey' (ids are file names in playbook_data/practices/)",
            "playbook_data/functions/sales.yml:9:15: checklist[0].practice: unknown practice 'one-journey' (ids are file names in playbook_data/practices/)",
            "playbook_data/functions/sales.yml:13:15: checklist[1].practice: unknown practice 'one-journey' (ids are file names in playbook_data/practices/)",
            "playbook_data/functions/support.yml:13:15: checklist[1].practice: unknown practice 'one-journey' (ids are file names in playbook_data/practices/)",
            "playbook_data/practices/one-journey.yml.txt:1:1: not a .yml record file (name record files <id>.yml, or move this file out of playbook_data/)",
        ],
        [
            "playbook_data/practices/one-journey.yml.txt:1:1: '.yml.txt' files are not read (rename it to one-journey.yml; "
            "until then, references to 'one-journey' are not checked)",
            "playbook_data/case-studies/amazon.yml:8:10: verdict: expected one of 'exemplar' or 'cautionary', got 'great' "
            "(use one of the listed words exactly)",
        ],
    ),
    "a record in the wrong folder": (
        {"stats/one-journey.yml": SMALL["practices/one-journey.yml"], "practices/one-journey.yml": None},
        [
            "playbook_data/case-studies/jc-penney.yml:12:5: practices[0]: unknown practice 'one-journey' (ids are file names in playbook_data/practices/)",
            "playbook_data/functions/sales.yml:9:15: checklist[0].practice: unknown practice 'one-journey' (ids are file names in playbook_data/practices/)",
            "playbook_data/functions/sales.yml:13:15: checklist[1].practice: unknown practice 'one-journey' (ids are file names in playbook_data/practices/)",
            "playbook_data/functions/support.yml:13:15: checklist[1].practice: unknown practice 'one-journey' (ids are file names in playbook_data/practices/)",
            "playbook_data/stats/one-journey.yml:1:1: these are the fields of a practice, not of a stat (move it to "
            "playbook_data/practices/, with the first line '# yaml-language-server: $schema=../../schema/practice.json')",
        ],
        [
            "playbook_data/stats/one-journey.yml:1:1: these are the fields of a practice, not of a stat (move it to "
            "playbook_data/practices/one-journey.yml, and make its first line '# yaml-language-server: "
            "$schema=../../schema/practice.json')",
        ],
    ),
    "a function's alias, written as an id": (
        {
            "functions/support.yml": SUPPORT.replace("what_it_means:", "aliases:\n  - call centre\nwhat_it_means:"),
            "metrics/nps.yml": SMALL["metrics/nps.yml"].replace("  - support\n", "  - call-centre\n"),
        },
        [
            "playbook_data/metrics/nps.yml:7:5: owned_by[0]: unknown function 'call-centre' (ids are file names in playbook_data/functions/)",
        ],
        [
            "playbook_data/metrics/nps.yml:7:5: owned_by[0]: unknown function 'call-centre' (did you mean 'support'?)",
        ],
    ),
    "a field written left of an item's fields, ending the list": (
        {"functions/support.yml": SUPPORT.replace("    practice: working-backwards\n", "    practice: working-backwards\nformerly: [read-ten-tickets]\n", 1)},
        [
            "playbook_data/functions/support.yml:11:3: invalid YAML: did not find expected key (check the indentation and quotes near this place)",
        ],
        [
            "playbook_data/functions/support.yml:10:1: line 10 is indented 4 spaces fewer than 'practice:' on line 9, so "
            "it ends the list under 'checklist:' (line it up under 'practice:', in column 5)",
        ],
    ),
    "a list after a field pushed under the item above": (
        {"functions/sales.yml": SALES + "    stats:\n  - deploys\n"},
        [
            "playbook_data/functions/sales.yml:18:5: checklist[2].stats: unknown field (did you mean 'stage'?)",
            "playbook_data/functions/sales.yml:19:5: checklist[3]: expected fields (name: value), got 'deploys' (indent the fields under this key)",
        ],
        [
            "playbook_data/functions/sales.yml:18:5: checklist[2].stats: line 18 is indented 4 spaces more than "
            "'checklist:' on line 5, so YAML reads 'stats' as a field of checklist[2] (line it up under 'checklist:', in "
            "column 1)",
        ],
    ),
    "': ' in a list item": (
        {"practices/working-backwards.yml": P.replace("  - Share it", "  - Note: share it")},
        [
            "playbook_data/practices/working-backwards.yml:12:5: how_to_start[1]: expected text, got a mapping (fields) "
            "(text that contains ': ' must be in quotes)",
        ],
        [
            "playbook_data/practices/working-backwards.yml:12:5: how_to_start[1]: the text contains ': ', which YAML reads "
            "as a field named 'Note' (put the whole text in straight double quotes, \"...\")",
        ],
    ),
    "a sentence in a list of ids": (
        {
            "case-studies/amazon.yml": SMALL["case-studies/amazon.yml"].replace(
                "  - working-backwards\n", "  - working-backwards\n  - Measure how fast you ship.\n"
            )
        },
        [
            "playbook_data/case-studies/amazon.yml:13:5: practices[1]: 'Measure how fast you ship.' is not a valid id (ids "
            "use lowercase letters, digits and single hyphens, e.g. 'working-backwards')",
        ],
        [
            "playbook_data/case-studies/amazon.yml:13:5: practices[1]: 'Measure how fast you ship.' is text, not an id "
            "(this list takes ids of records in playbook_data/practices/; if the line belongs under 'lessons:', move it "
            "there)",
        ],
    ),
}


@pytest.mark.parametrize("name", BEFORE_AFTER)
def test_each_mistake_gets_the_line_that_names_it(project: Path, name: str) -> None:
    files, _before, now = BEFORE_AFTER[name]
    write_data(project / "playbook_data", files)
    assert validate(project) == (1, now)


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
    assert validate(project) == (0, [])
    assert validation.validate(project / "playbook_data", None).catalog.of(Practice)["working-backwards"].title == "no"


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
            "docs/extra.md:1:1: this page is not in the site's navigation, so the build refuses it "
            "(list it under 'nav:' in mkdocs.yml, e.g. '- Title: extra.md' in the section where readers look for it)",
            "docs/extra.md:6:4: case_card('amazn'): unknown case-study 'amazn' (did you mean 'amazon'?)",
            "docs/extra.md:7:4: checklist(): takes 1 argument (write it as {{ checklist(function_id) }})",
            "docs/extra.md:8:4: foo('x'): unknown macro 'foo' (use one of: index, checklist, stat, case_card, practices_for, "
            "review_queue, journey_map_table, start_links, maturity_line, journey_line, maturity_overview, adoption_overview)",
            "docs/extra.md:9:4: counts.practice: unknown count (did you mean 'counts.practices'?)",
            f"docs/extra.md:9:30: index('nope'): unknown folder 'nope' (use one of: {', '.join(k.folder for k in KINDS)})",
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
    conf = types.SimpleNamespace(config_file_path=str(project / "mkdocs.yml"), docs_dir=str(project / "docs"))
    env = types.SimpleNamespace(conf=conf, config={}, variables={}, macros={})
    env.macro = lambda f, name: env.macros.setdefault(name, f)
    module.define_env(env)
    assert sorted(env.macros) == sorted(MACROS)
    assert all(env.macros[name].__doc__ == macro.doc for name, macro in MACROS.items())
    assert sorted(env.variables["counts"]) == sorted(COUNTS)


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
            "playbook_data/functions/sales.yml:1:1: note: the function 'sales' (in main) is gone: ticks people saved under it "
            "will be lost (if it was renamed, add 'formerly: [sales]' to the new file; if it was removed on purpose, nothing needs doing)"
        ],
    )
    claimed = renamed.replace("what_it_means: Buyers first.\n", "what_it_means: Buyers first.\nformerly: [sales]\n")
    write_data(project / "playbook_data", {"functions/sales-team.yml": claimed})
    assert validate(project, "--base", "main") == (
        0,
        [
            "playbook_data/functions/sales-team.yml:6:1: note: checklist: the item 'buyer-funnel' (in main) is gone: ticks people "
            "saved under it will be lost (if it was renamed, add 'formerly: [buyer-funnel]' to the renamed item; if it was removed on "
            "purpose, nothing needs doing)"
        ],
    )
    write_data(
        project / "playbook_data", {"functions/sales-team.yml": claimed.replace("id: buyer-journey\n", "id: buyer-journey\n    formerly: [buyer-funnel]\n")}
    )
    assert validate(project, "--base", "main") == (0, [])
    assert validate(project, "--base", "no-such-branch") == (
        1,
        ["playbook_data:1:1: cannot read no-such-branch: no commit of that name in this repository (fetch it first, e.g. git fetch origin no-such-branch)"],
    )


def _committed(project: Path, records: dict[str, str | None], message: str = "edit") -> None:
    """Write `records` (see write_data) and commit them; the first call makes the repository."""
    if not (project / ".git").exists():
        _git(project, "init", "-q", "-b", "main")
    write_data(project / "playbook_data", records)
    _git(project, "add", "-A")
    _git(project, "commit", "-qm", message)


SALES_TEAM = SMALL["functions/sales.yml"].replace("what_it_means: Buyers first.\n", "what_it_means: Buyers first.\nformerly: [sales]\n")


def test_validate_base_notes_when_a_second_rename_drops_the_first_earlier_id(project: Path) -> None:
    """Renamed twice, a function or an item must keep every earlier id: ticks saved under the first
    one are still in readers' browsers, and moved only while an id or a `formerly` names it."""
    _committed(project, {"functions/sales.yml": None, "functions/sales-team.yml": SALES_TEAM, **_sales_renamed("sales-team")}, "sales -> sales-team")
    revenue = {"functions/sales-team.yml": None, "functions/revenue.yml": SALES_TEAM.replace("formerly: [sales]", "formerly: [sales-team]")}
    write_data(project / "playbook_data", {**revenue, **_sales_renamed("revenue")})
    assert validate(project, "--base", "main") == (
        0,
        [
            "playbook_data/functions/revenue.yml:5:1: note: formerly: 'sales', an earlier id of the function 'sales-team' in main, is no "
            "longer an id or in any 'formerly': ticks people saved under it will be lost (keep 'sales' in 'formerly' when you rename again: "
            "add it to the 'formerly' of 'revenue')"
        ],
    )
    both = SALES_TEAM.replace("formerly: [sales]", "formerly: [sales, sales-team]")
    write_data(project / "playbook_data", {"functions/revenue.yml": both})
    assert validate(project, "--base", "main") == (0, [])
    # The same for an item: buyer-funnel became buyer-journey, which becomes buyer-path.
    _committed(project, {"functions/revenue.yml": both.replace("id: buyer-funnel\n", "id: buyer-journey\n    formerly: [buyer-funnel]\n")})
    write_data(project / "playbook_data", {"functions/revenue.yml": both.replace("id: buyer-funnel\n", "id: buyer-path\n    formerly: [buyer-journey]\n")})
    assert validate(project, "--base", "main") == (
        0,
        [
            "playbook_data/functions/revenue.yml:8:5: note: checklist[0].formerly: 'buyer-funnel', an earlier id of the item 'buyer-journey' in main, "
            "is no longer an id or in any 'formerly': ticks people saved under it will be lost (keep 'buyer-funnel' in the 'formerly' of "
            "the item that took its place)"
        ],
    )
    kept = both.replace("id: buyer-funnel\n", "id: buyer-path\n    formerly: [buyer-journey, buyer-funnel]\n")
    write_data(project / "playbook_data", {"functions/revenue.yml": kept})
    assert validate(project, "--base", "main") == (0, [])
    # An item renamed again in place keeps its earlier id on the item: the note points at it.
    in_place = both.replace("id: buyer-funnel\n", "id: buyer-journey\n    formerly: [buyer-trip]\n")
    write_data(project / "playbook_data", {"functions/revenue.yml": in_place})
    assert validate(project, "--base", "main")[1] == [
        "playbook_data/functions/revenue.yml:8:5: note: checklist[0].formerly: 'buyer-funnel', an earlier id of the item 'buyer-journey' in main, "
        "is no longer an id or in any 'formerly': ticks people saved under it will be lost (keep 'buyer-funnel' in the 'formerly' of the "
        "item that took its place)"
    ]


def test_validate_base_reads_each_file_as_it_was_at_the_base(project: Path) -> None:
    """Only the base and today count, not the history between (a file deleted and added again);
    a file in Latin-1, or too large, at the base is a note naming it, never a traceback."""
    _committed(project, {}, "base")
    _git(project, "branch", "base")
    _committed(project, {"functions/sales.yml": None}, "sales removed")
    _committed(project, {"functions/sales.yml": SMALL["functions/sales.yml"]}, "sales back")
    assert validate(project, "--base", "base") == (0, [])
    assert validate(project, "--base", "HEAD~1") == (0, [])  # nothing was saved under sales while it was gone
    renamed = SMALL["functions/sales.yml"].replace("id: shared-record", "id: shared-view")
    write_data(project / "playbook_data", {"functions/sales.yml": renamed})
    assert validate(project, "--base", "base")[1] == [
        "playbook_data/functions/sales.yml:5:1: note: checklist: the item 'shared-record' (in base) is gone: ticks people saved under it "
        "will be lost (if it was renamed, add 'formerly: [shared-record]' to the renamed item; if it was removed on purpose, nothing needs doing)"
    ]
    latin = project / "playbook_data/functions/sales.yml"
    latin.write_bytes(latin.read_bytes().replace(b"name: Sales", "name: Sales équipe".encode("latin-1")))
    (project / "playbook_data/functions/huge.yml").write_bytes(b"name: x\n" + b"#" * 300_000 + b"\n")
    _git(project, "add", "-A")
    _git(project, "commit", "-qm", "latin-1")
    _git(project, "branch", "broken")
    write_data(project / "playbook_data", {"functions/sales.yml": SMALL["functions/sales.yml"], "functions/huge.yml": None})
    assert validate(project, "--base", "broken") == (
        0,
        [
            "playbook_data/functions/huge.yml:1:1: note: cannot read it as it was in broken: file is 293 KiB, over the 256 KiB limit "
            "(its ids in broken are not compared with today's; if that version was broken, nothing needs doing)",
            "playbook_data/functions/sales.yml:1:1: note: cannot read it as it was in broken: not valid UTF-8 (byte 0xe9) (line 2) "
            "(its ids in broken are not compared with today's; if that version was broken, nothing needs doing)",
        ],
    )


def test_validate_base_names_a_revision_a_shallow_clone_lacks(project: Path, tmp_path: Path) -> None:
    assert validate(project, "--base", "main") == (
        1,
        ["playbook_data:1:1: cannot read main: playbook_data is not in a git repository (run validate --base in a clone of the playbook's repository)"],
    )
    _committed(project, {}, "first")
    _committed(project, {"stats/deploys.yml": SMALL["stats/deploys.yml"].replace("12 seconds", "11.6 seconds")}, "second")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{project}", str(clone)], check=True, capture_output=True)
    assert validate(clone, "--base", "HEAD~1") == (
        1,
        ["playbook_data:1:1: cannot read HEAD~1: this clone is shallow and holds no commit of that name (fetch it first, e.g. git fetch origin HEAD~1)"],
    )
    assert validate(clone, "--base", "origin/main") == (0, [])  # what the clone does hold
    assert validate(project, "--base", "HEAD~1") == (0, [])  # and the full repository has it


def test_validate_base_never_passes_an_option_to_git(project: Path) -> None:
    _committed(project, {}, "base")
    for value in ("--output=written", "-owritten", "--upload-pack=touch written"):
        result = run_cli("validate", f"--base={value}", cwd=project)
        assert (result.returncode, result.stdout, len(result.stderr.splitlines())) == (2, "", 1), (value, result.stderr)
    assert sorted(p.name for p in project.iterdir() if "written" in p.name) == []


def _sales_renamed(new: str = "sales-team") -> dict[str, str]:
    """The records that name the function 'sales', naming `new` instead."""
    return {rel: body.replace("  - sales\n", f"  - {new}\n") for rel, body in SMALL.items() if "  - sales\n" in body}


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
                assert tab.evaluate("window.playbook.fn('sales').id") == "sales-team"  # the contract names the former id
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
    files = sorted((project / "playbook_data").rglob("*.yml")) + sorted(SHOWCASE_DATA.rglob("*.yml"))
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


# What CI checks on data, and a pull request that validate accepts.


def data_checks(root: Path) -> list[str]:
    """What CI enforces on data, run on `root`: every failure as the lines its tool printed."""
    failures = []
    result = run_cli("validate", cwd=root)
    if result.returncode:
        failures.append(result.stdout + result.stderr)
    lint = subprocess.run([str(ROOT / ".venv/bin/yamllint"), "-c", str(ROOT / ".yamllint.yml"), "--strict", "."], cwd=root, capture_output=True, text=True)
    if lint.returncode:
        failures.append(lint.stdout + lint.stderr)
    return failures


def test_data_that_validate_accepts_passes_the_checks_and_the_build(project: Path) -> None:
    shutil.copytree(ROOT / "schema", project / "schema")
    data = project / "playbook_data"
    assert run_cli("new", "function", "listening", cwd=project).returncode == 0
    skeleton = data / "functions/listening.yml"
    existing = {kind.folder: ids[0] for kind in KINDS if (ids := sorted(p.stem for p in (data / kind.folder).glob("*.yml")))}
    text = fill_skeleton(skeleton.read_text(), Function, existing)
    assert "# The adoption checklist" in text and "TODO" not in text
    skeleton.write_text(text)
    for path in data.rglob("*.yml"):
        path.write_bytes(path.read_text().replace("\n", "  \n").rstrip(" \n").replace("\n", "\r\n").encode())
    assert data_checks(project) == []
    built = run_cli("build", cwd=project)
    assert built.returncode == 0, built.stdout + built.stderr
    assert (project / "site/functions/listening/index.html").is_file()


# Warnings where editors look.


def test_build_refuses_the_warnings_the_pull_request_fails_on_and_a_draft_build_shows_them(project: Path) -> None:
    write_data(project / "playbook_data", {"practices/orphan.yml": SMALL["practices/one-journey.yml"]})
    warning = (
        "playbook_data/practices/orphan.yml:2:1: warning: no function's checklist links this practice "
        "(add a checklist item with 'practice: orphan' to a file in playbook_data/functions/)"
    )
    gate = run_cli("validate", cwd=project)
    assert gate.returncode == 1 and gate.stdout.splitlines() == [warning]
    refused = run_cli("build", cwd=project)
    assert (refused.returncode, refused.stdout.splitlines()) == (1, [warning])
    assert refused.stderr == "Error: not built: 1 problem in playbook_data (1 warning: the pull request fails on warnings too); site/ is unchanged.\n"
    assert not (project / "site").exists()
    built = run_cli("build", "--draft", cwd=project)
    assert built.returncode == 0
    assert f"INFO    -  {warning}\n" in built.stderr and built.stdout.splitlines() == [warning]
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


# One verdict: whatever the pull request rejects, `validate` rejects, and "OK" only when it passes.

#: Mistakes and warnings, each as the files it writes (under the project; None deletes one).
VERDICT_CORPUS = {
    "unknown id": {"playbook_data/stats/deploys.yml": "figure: 12 seconds\nclaim: between deployments\nsource: nobody\n"},
    "indented too far": {"playbook_data/practices/one-journey.yml": SMALL["practices/one-journey.yml"].replace("summary: One", "  summary: One")},
    "practice no checklist links": {"playbook_data/practices/orphan.yml": SMALL["practices/one-journey.yml"]},
    "case study without lessons": {
        "playbook_data/case-studies/amazon.yml": SMALL["case-studies/amazon.yml"].replace("lessons:\n  - Mechanisms beat intentions\n", "")
    },
    "source nothing cites": {"playbook_data/sources/unused.yml": "title: Nobody reads me\ntype: article\n"},
    "function without an item for a stage": {"playbook_data/functions/sales.yml": SMALL["functions/sales.yml"].split("  - id: shared-record")[0]},
    "macro naming a missing record": {"docs/extra.md": "# Extra\n\n{{ case_card('amazn') }}\n"},
    "template code in a page": {"docs/extra.md": "# Extra\n\n{{ cycler.__init__.__globals__.os.popen('id').read() }}\n"},
    "template code in a page's title": {"docs/extra.md": '---\ntitle: "\\x7b\\x7b 7*7 }}"\n---\n# Extra\n'},
}


def _pull_request_validate() -> list[str]:
    """The arguments of the pull request's one validate step, its variables filled in as CI does."""
    pr = yaml.safe_load((ROOT / ".github/workflows/pull-request.yml").read_text())
    steps = [s for s in pr["jobs"]["check"]["steps"] if "playbook validate" in s.get("run", "")]
    assert len(steps) == 1, "the pull request has one data gate"
    command = [os.path.expandvars(arg) for arg in shlex.split(steps[0]["run"])]
    assert command[:4] == [".venv/bin/python", "-m", "playbook", "validate"], "the command CONTRIBUTING tells editors to run"
    assert "--draft" not in command and "--format" in command
    return command[3:]


def _write_case(project: Path, files: dict[str, str | None]) -> None:
    for rel, body in files.items():
        if rel.startswith("playbook_data/"):
            write_data(project / "playbook_data", {rel.removeprefix("playbook_data/"): body})
        else:
            (project / rel).write_text(body or "", encoding="utf-8")


def test_validate_and_the_pull_request_reject_the_same_mistakes_and_warnings(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert "python -m playbook validate" in (ROOT / "CONTRIBUTING.md").read_text()
    _git(project, "init", "-q", "-b", "main")
    _git(project, "add", "-A")
    _git(project, "commit", "-qm", "base")
    _git(project, "update-ref", "refs/remotes/origin/main", "HEAD")
    monkeypatch.setenv("BASE_REF", "main")
    pull_request = _pull_request_validate()
    for name, files in {"nothing wrong": {}, **VERDICT_CORPUS}.items():
        _write_case(project, files)
        ours, theirs = run_cli("validate", cwd=project), run_cli(*pull_request, cwd=project)
        if name == "nothing wrong":
            assert (ours.returncode, theirs.returncode) == (0, 0), (ours, theirs)
            assert ours.stderr.startswith("OK: ") and theirs.stderr.startswith("OK: ")
        else:
            assert (ours.returncode, theirs.returncode) == (1, 1), (name, ours, theirs)
            assert "OK" not in ours.stdout + ours.stderr + theirs.stdout + theirs.stderr, name
            failing = [line for line in theirs.stdout.splitlines() if not line.startswith("::notice ")]  # --base notes never fail
            assert len(ours.stdout.splitlines()) == len(failing) >= 1, name
        _git(project, "checkout", "-q", "--", ".")
        _git(project, "clean", "-qfd")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(pytest.main([__file__]))
