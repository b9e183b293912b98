"""A blind corpus of editors' mistakes (tests/editor_mistakes.yml, written from CONTRIBUTING.md and the
records alone) applied to the showcase playbook: each gets one line that names the real mistake,
at the line the editor must change, first.

The corpus describes each change on the shipped record it was written against; here each change is
made on the same record of the showcase fixture, whose text and line numbers differ a little. A record
the fixture does not have (a team) is added from tests/fixtures/corpus_extra/, as it stood when the
corpus was written.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, SHOWCASE_DATA, make_project, run_cli

CORPUS = {case["name"]: case for case in yaml.safe_load((ROOT / "tests/editor_mistakes.yml").read_text(encoding="utf-8"))}
EXTRA = ROOT / "tests/fixtures/corpus_extra"


@dataclass(frozen=True)
class Edit:
    """Replace `old` (found exactly once) by `new` in `file`; `old` None writes `new` as a new file,
    and `old` empty leaves the file as it is (a record the case needs unchanged)."""

    file: str
    old: str | None
    new: str


#: Each case's change, made on the showcase fixture's copy of the record it names.
CHANGES: dict[str, list[Edit]] = {
    "list-step-indented-one-space": [Edit("practices/working-backwards.yml", "\n  - Review the define", "\n   - Review the define")],
    "tab-before-list-item": [Edit("stages/customer-focused.yml", "\n  - Fixes stop", "\n\t- Fixes stop")],
    "unquoted-colon-in-customer-goal": [
        Edit(
            "journey/onboarding.yml",
            "customer_goal: Get me to the result I bought this for, fast, without having to explain myself again.",
            "customer_goal: Get me to the result I bought this for: fast, and without having to explain myself again.",
        )
    ],
    "curly-quotes-around-text-with-colon": [
        Edit(
            "practices/empower-frontline.yml",
            "why_it_matters: >-\n  Customers meet the front line, not the executive team. Every escalation a customer has to wait\n"
            "  for is time taken from them.\n",
            "why_it_matters: \u201cOur rule: customers meet the front line, not the executive team.\u201d\n",
        )
    ],
    "nbsp-indent-pasted-from-word": [Edit("practices/customer-first-principle.yml", "\n  - Tell one story", "\n\u00a0\u00a0- Tell one story")],
    "sentence-broken-onto-next-line": [
        Edit("journey/purchase.yml", "customer_goal: Let me buy on clear, fair terms without", "customer_goal: Let me buy on clear, fair terms\nwithout")
    ],
    "duplicate-sources-key": [
        Edit(
            "metrics/nps.yml",
            "  - scaling-customer-obsession-leadership\n",
            "  - scaling-customer-obsession-leadership\nsources:\n  - customer-focus-centric-led\n",
        )
    ],
    "misspelt-field-lessons": [Edit("case-studies/amazon.yml", "\nlessons:\n", "\nlesons:\n")],
    "misspelt-practice-id-in-checklist": [Edit("functions/sales.yml", "    practice: share-customer-insights\n", "    practice: share-customer-insight\n")],
    "misspelt-function-id-in-owned-by": [Edit("metrics/nps.yml", "  - customer-success\n", "  - customer-sucess\n")],
    "stage-id-british-spelling": [
        Edit(
            "functions/customer-support.yml",
            "first-contact resolution.\n    stage: customer-centric\n",
            "first-contact resolution.\n    stage: customer-centred\n",
        )
    ],
    "stat-saved-as-yml-txt": [
        Edit(
            "stats/repeat-customers-spend-67-percent.yml.txt",
            None,
            "# yaml-language-server: $schema=../../schema/stat.json\nowner: Head of Sales\nlast_reviewed: 2026-11-22\nfigure: 67%\n"
            "claim: Repeat customers spend 67% more than new customers.\nsource: customer-first-culture\n",
        ),
        Edit("functions/sales.yml", "  - existing-customer-sale-14x\n", "  - existing-customer-sale-14x\n  - repeat-customers-spend-67-percent\n"),
    ],
    "source-saved-in-stats-folder": [
        Edit(
            "stats/economics-of-loyalty.yml",
            None,
            "# yaml-language-server: $schema=../../schema/source.json\nowner: Head of Customer Success\nlast_reviewed: 2026-11-22\n"
            "title: The Economics of Loyalty\nauthor: Jane Example\ntype: article\nsummary: >-\n"
            "  Article on why keeping customers costs less than winning new ones.\n",
        )
    ],
    "last-reviewed-dd-mm-yyyy": [Edit("metrics/nps.yml", "last_reviewed: 2026-11-22", "last_reviewed: 12/03/2025")],
    "team-example-yes": [Edit("teams/example-sales-northern-europe.yml", "example: true", "example: yes")],
    "functions-as-comma-separated-line": [
        Edit(
            "practices/empower-frontline.yml",
            "functions:\n  - customer-support\n  - customer-success\n  - sales\n  - executive-leadership\n  - legal\n",
            "functions: customer-support, customer-success, sales, executive-leadership, legal\n",
        )
    ],
    "todo-left-in-checklist-text": [
        Edit(
            "functions/sales.yml",
            "    practice: build-ecosystems\n",
            "    practice: build-ecosystems\n  - id: quarterly-customer-panel\n    text: TODO\n    stage: customer-led\n    practice: co-creation\n",
        )
    ],
    "stat-source-left-empty": [Edit("stats/superior-cx-revenue-5-7x.yml", "source: customer-focus-centric-led", "source:")],
    "checklist-id-renamed-without-formerly": [
        Edit("functions/sales.yml", "  - id: share-win-loss\n", "  - id: win-loss-interviews\n"),
        Edit("teams/example-sales-northern-europe.yml", "", ""),
    ],
    "copied-checklist-item-same-id": [
        Edit(
            "functions/customer-support.yml",
            "    practice: save-customer-time\n",
            "    practice: save-customer-time\n  - id: remove-one-step\n    text: Each quarter, remove one step from the returns process and "
            "track how many customers complete a return.\n    stage: customer-centric\n    practice: save-customer-time\n",
        )
    ],
    "percent-written-as-words": [Edit("stages/customer-focused.yml", "reached_at_percent: 75", "reached_at_percent: seventy-five")],
    "quoted-stat-id-with-trailing-space": [Edit("functions/sales.yml", "  - existing-customer-sale-14x\n", '  - "existing-customer-sale-14x "\n')],
    "checklist-id-with-capitals-and-spaces": [
        Edit(
            "functions/sales.yml",
            "    practice: customer-evangelism\n",
            "    practice: customer-evangelism\n  - id: Hour of support calls\n    text: Listen to one hour of recorded support calls a month and "
            "bring the most common problem to planning.\n    stage: customer-focused\n    practice: share-customer-insights\n",
        )
    ],
    "bom-and-windows-line-endings": [Edit("stats/existing-customer-sale-14x.yml", "last_reviewed: 2026-11-22", "last_reviewed: 2026-11-30")],
    "schema-line-deleted": [Edit("sources/working-backwards-book.yml", "# yaml-language-server: $schema=../../schema/source.json\n", "")],
    "missing-dash-before-step": [Edit("practices/customer-first-principle.yml", "\n  - Add the principle", "\n  Add the principle")],
    "extra-dash-splits-checklist-item": [
        Edit("functions/sales.yml", "size of the last deal.\n    stage: customer-centric\n", "size of the last deal.\n  - stage: customer-centric\n")
    ],
    "field-pushed-under-list-above": [Edit("practices/working-backwards.yml", "\nstage: customer-led\n", "\n  stage: customer-led\n")],
    "key-two-spaces-too-far-right": [Edit("stats/superior-cx-revenue-5-7x.yml", "\nclaim: Brands", "\n  claim: Brands")],
    "item-added-under-wrong-list": [Edit("practices/working-backwards.yml", "  - time-to-market\n", "  - time-to-market\n  - purchase\n")],
}

#: Changes the corpus describes in words: bytes rather than text.
AFTERWARDS = {"bom-and-windows-line-endings": "stats/existing-customer-sale-14x.yml"}


def apply(project: Path, name: str) -> None:
    """Make the case's change in `project`'s copy of the showcase playbook."""
    data = project / "playbook_data"
    for edit in CHANGES[name]:
        path = data / edit.file
        if edit.old is None:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(edit.new, encoding="utf-8")
            continue
        if not path.exists():  # not in the fixture: the record the corpus started from
            path.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(EXTRA / edit.file, path)
        if edit.old:
            text = path.read_text(encoding="utf-8")
            assert text.count(edit.old) == 1, (name, edit.old)
            path.write_text(text.replace(edit.old, edit.new), encoding="utf-8")
    if name in AFTERWARDS:  # saved by Notepad: a byte-order mark and CRLF line endings
        path = data / AFTERWARDS[name]
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_project(tmp_path_factory.mktemp("corpus"), SHOWCASE_DATA)


def test_every_case_of_the_corpus_is_applied() -> None:
    assert sorted(CHANGES) == sorted(CORPUS)


#: What `validate` prints for each case (exit code, lines), written after reading the case's
#: should_say; the file and line are the showcase fixture's.
SAYS: dict[str, tuple[int, list[str]]] = {
    "list-step-indented-one-space": (
        1,
        [
            "playbook_data/practices/working-backwards.yml:30:4: how_to_start[1]: line 30 is indented 1 space more than the '-' on "
            "line 29, so YAML joins '- Review the define section with someon…' to the item above (put the '-' in column 3, under the "
            "'-' of line 29)",
        ],
    ),
    "tab-before-list-item": (
        1,
        [
            "playbook_data/stages/customer-focused.yml:20:1: line 20 is indented with a tab (YAML indents with spaces only: replace "
            "the indentation with 2 spaces, so that the '-' is under the '-' of line 19)",
        ],
    ),
    "unquoted-colon-in-customer-goal": (
        1,
        [
            "playbook_data/journey/onboarding.yml:9:54: the text of 'customer_goal:' contains ': ', which YAML reads as the start of "
            "a new field (put the whole text in straight double quotes, \"...\", or write 'customer_goal: >-' and the text on the "
            "lines below it, indented two spaces)",
        ],
    ),
    "curly-quotes-around-text-with-colon": (
        1,
        [
            "playbook_data/practices/empower-frontline.yml:18:26: the text of 'why_it_matters:' contains ': ', which YAML reads as "
            'the start of a new field (curly quotes “ ” are text to YAML, not quotes: type straight quotes "..." around text that '
            "contains ': ')",
        ],
    ),
    "nbsp-indent-pasted-from-word": (
        1,
        [
            "playbook_data/practices/customer-first-principle.yml:30:1: line 30 is indented with non-breaking spaces (they come with "
            "text pasted from web pages and word processors: replace the indentation with 2 spaces, so that the '-' is under the '-' "
            "of line 29)",
        ],
    ),
    "sentence-broken-onto-next-line": (
        1,
        [
            "playbook_data/journey/purchase.yml:10:1: line 10 continues the text of 'customer_goal:' on line 9, but starts in column "
            "1, where YAML expects a new field (indent it by 2 spaces, or join it to line 9)",
        ],
    ),
    "duplicate-sources-key": (
        1,
        [
            "playbook_data/metrics/nps.yml:20:1: duplicate key 'sources' (first on line 18) (merge them: move the lines under line "
            "20 to 'sources:' on line 18, then delete line 20)",
        ],
    ),
    "misspelt-field-lessons": (
        1,
        [
            "playbook_data/case-studies/amazon.yml:28:1: lesons: unknown field (did you mean 'lessons'?)",
        ],
    ),
    "misspelt-practice-id-in-checklist": (
        1,
        [
            "playbook_data/functions/sales.yml:30:15: checklist[2].practice: unknown practice 'share-customer-insight' (did you mean "
            "'share-customer-insights'?)",
        ],
    ),
    "misspelt-function-id-in-owned-by": (
        1,
        [
            "playbook_data/metrics/nps.yml:16:5: owned_by[1]: unknown function 'customer-sucess' (did you mean 'customer-success'?)",
        ],
    ),
    "stage-id-british-spelling": (
        1,
        [
            "playbook_data/functions/customer-support.yml:40:12: checklist[5].stage: unknown stage 'customer-centred' (did you mean 'customer-centric'?)",
        ],
    ),
    "stat-saved-as-yml-txt": (
        1,
        [
            "playbook_data/stats/repeat-customers-spend-67-percent.yml.txt:1:1: '.yml.txt' files are not read (rename it to "
            "repeat-customers-spend-67-percent.yml; until then, references to 'repeat-customers-spend-67-percent' are not checked)",
        ],
    ),
    "source-saved-in-stats-folder": (
        1,
        [
            "playbook_data/stats/economics-of-loyalty.yml:1:1: these are the fields of a source, not of a stat (move it to "
            "playbook_data/sources/economics-of-loyalty.yml)",
        ],
    ),
    "last-reviewed-dd-mm-yyyy": (
        1,
        [
            "playbook_data/metrics/nps.yml:3:16: last_reviewed: expected a date, got '12/03/2025' (write it as YYYY-MM-DD: "
            "2025-03-12 for 12 March 2025 or 2025-12-03 for 3 December 2025)",
        ],
    ),
    "team-example-yes": (
        1,
        [
            "playbook_data/teams/example-sales-northern-europe.yml:4:10: example: expected true or false, got 'yes' (write true)",
        ],
    ),
    "functions-as-comma-separated-line": (
        1,
        [
            "playbook_data/practices/empower-frontline.yml:26:12: functions: expected a list, got one line of text with commas "
            "(write each item on its own line under 'functions:', starting with '- ', e.g. '  - customer-support')",
        ],
    ),
    "todo-left-in-checklist-text": (
        1,
        [
            "playbook_data/functions/sales.yml:64:11: checklist[11].text: still says 'TODO' (write the real value here)",
        ],
    ),
    "stat-source-left-empty": (
        1,
        [
            "playbook_data/stats/superior-cx-revenue-5-7x.yml:6:8: source: is empty (write the id of a record in playbook_data/sources/ after the colon)",
        ],
    ),
    "checklist-id-renamed-without-formerly": (
        1,
        [
            "playbook_data/teams/example-sales-northern-europe.yml:8:11: done[1].item: 'share-win-loss' is not an item on the "
            "checklist of 'sales' (did you mean 'win-loss-interviews'? If it was renamed from 'share-win-loss', add 'formerly: "
            "[share-win-loss]' to that item in playbook_data/functions/sales.yml, so that ticks saved under the old id move with it)",
        ],
    ),
    "copied-checklist-item-same-id": (
        1,
        [
            "playbook_data/functions/customer-support.yml:42:9: checklist[6].id: duplicate item id 'remove-one-step' (first on line "
            "38) (give this item an id of its own; keep the one on line 38, which people's ticks may be saved under)",
        ],
    ),
    "percent-written-as-words": (
        1,
        [
            "playbook_data/stages/customer-focused.yml:6:21: reached_at_percent: expected a whole number from 1 to 100, got "
            "'seventy-five' (write digits only, e.g. 75)",
        ],
    ),
    "quoted-stat-id-with-trailing-space": (
        1,
        [
            "playbook_data/functions/sales.yml:64:5: stats[0]: 'existing-customer-sale-14x ' ends with a space (remove the space "
            "inside the quotes; an id needs no quotes: existing-customer-sale-14x)",
        ],
    ),
    "checklist-id-with-capitals-and-spaces": (
        1,
        [
            "playbook_data/functions/sales.yml:35:9: checklist[4].id: 'Hour of support calls' is not a valid id (ids use lowercase "
            "letters, digits and single hyphens: write 'hour-of-support-calls')",
        ],
    ),
    "bom-and-windows-line-endings": (
        0,
        [],
    ),
    "schema-line-deleted": (
        1,
        [
            "playbook_data/sources/working-backwards-book.yml:1:1: first line must name the record's schema (make line 1 exactly: # "
            "yaml-language-server: $schema=../../schema/source.json)",
        ],
    ),
    "missing-dash-before-step": (
        1,
        [
            "playbook_data/practices/customer-first-principle.yml:29:3: line 29 stands in the list under 'how_to_start:' but does "
            "not start with '- ' (start it with '- ', the '-' in column 3 under the '-' of line 28)",
        ],
    ),
    "extra-dash-splits-checklist-item": (
        1,
        [
            "playbook_data/functions/sales.yml:41:3: checklist[6]: the '- ' on line 41 starts a new item, but 'stage' and 'practice' "
            "belong to the item above (line 39) (remove the '- ', so that 'stage:' is in column 5, under 'text:')",
        ],
    ),
    "field-pushed-under-list-above": (
        1,
        [
            "playbook_data/practices/working-backwards.yml:42:3: line 42 is indented 2 spaces more than 'functions:' on line 33, so "
            "YAML reads 'stage:' as part of the list under 'functions:' (line it up under 'functions:', in column 1)",
        ],
    ),
    "key-two-spaces-too-far-right": (
        1,
        [
            "playbook_data/stats/superior-cx-revenue-5-7x.yml:5:3: line 5 is indented 2 spaces more than 'figure:' on line 4, so "
            "YAML reads 'claim:' as part of the text of 'figure:' (line it up under 'figure:', in column 1)",
        ],
    ),
    "item-added-under-wrong-list": (
        1,
        [
            "playbook_data/practices/working-backwards.yml:52:5: metrics[3]: unknown metric 'purchase': it is the id of a "
            "journey-stage (move this line under 'journey:', after line 47)",
        ],
    ),
}


#: What each case's must_not_say forbids, as words that would appear in such a line.
NEVER: dict[str, list[str]] = {
    "list-step-indented-one-space": ["quotes"],
    "tab-before-list-item": ["cannot start any token", "line 19:"],
    "unquoted-colon-in-customer-goal": ["unknown field", "is indented", "line it up"],
    "curly-quotes-around-text-with-colon": [],
    "nbsp-indent-pasted-from-word": [" tab", "unknown field"],
    "sentence-broken-onto-next-line": ["unknown field", "could not find expected ':'"],
    "duplicate-sources-key": [],
    "misspelt-field-lessons": ["no lessons"],
    "misspelt-practice-id-in-checklist": ["file names in"],
    "misspelt-function-id-in-owned-by": ["file names in"],
    "stage-id-british-spelling": ["checklist[5].id"],
    "stat-saved-as-yml-txt": ["did you mean", "unknown stat"],
    "source-saved-in-stats-folder": ["unknown field", "required field is missing"],
    "last-reviewed-dd-mm-yyyy": ["in the future", "overdue"],
    "team-example-yes": [],
    "functions-as-comma-separated-line": ["unknown function", "did you mean"],
    "todo-left-in-checklist-text": [],
    "stat-source-left-empty": [],
    "checklist-id-renamed-without-formerly": [],
    "copied-checklist-item-same-id": ["formerly", "rename"],
    "percent-written-as-words": ["int_parsing", "integer", "order"],
    "quoted-stat-id-with-trailing-space": ["did you mean", "file names in"],
    "checklist-id-with-capitals-and-spaces": ["^[a-z0-9]"],
    "bom-and-windows-line-endings": ["first line", "\\r", "unknown field"],
    "schema-line-deleted": ["practice.json"],
    "missing-dash-before-step": ["expected <block end>", "could not find expected"],
    "extra-dash-splits-checklist-item": ["required field is missing"],
    "field-pushed-under-list-above": ["required field is missing"],
    "key-two-spaces-too-far-right": ["in quotes"],
    "item-added-under-wrong-list": ["did you mean", "file names in"],
}


def test_every_case_has_its_expected_line() -> None:
    assert sorted(SAYS) == sorted(CORPUS) == sorted(NEVER)


@pytest.mark.parametrize("name", list(CORPUS))
def test_the_mistake_gets_one_line_that_names_it(pristine: Path, tmp_path: Path, name: str) -> None:
    project = tmp_path / "project"
    shutil.copytree(pristine, project)
    apply(project, name)
    result = run_cli("validate", cwd=project)
    assert "Traceback" not in result.stderr
    code, lines = SAYS[name]
    assert (result.returncode, result.stdout.splitlines()) == (code, lines)
    for words in NEVER[name]:
        assert words not in result.stdout, (name, words)
