"""The content tests: editorial facts about the shipped playbook (playbook_data/ and docs/).

These are the only tests that read the shipped content; every other test runs on fixtures. An
editor's pull request is expected to keep them green. Each failure is a sentence for the editor:
the file, the field and what to do (restore a record, keep a source's order, list a stat). The
checks: the shipped data passes `validate` (its own lines are shown), the playbook still covers
what it promises (functions, stages, in-depth cases, minimum counts), every figure is written
with its stat and every number is sourced or our advice, the sources' rankings are kept, and
every hand-written page names its owner and last review.
"""

from __future__ import annotations

import re

import pytest
import yaml
from conftest import ROOT, run_cli

from playbook.model import KINDS, CaseStudy, Function, Practice, Record, Source, Stat
from playbook.validation import validate
from playbook.validation.priorities import plain

STAGES = ["customer-focused", "customer-centric", "customer-led"]
FUNCTIONS = [
    "executive-leadership",
    "product-management",
    "engineering",
    "design-research",
    "marketing",
    "sales",
    "customer-success",
    "customer-support",
    "developer-relations",
    "people-hr",
    "finance",
    "legal",
]
IN_DEPTH_CASES = ["amazon", "johnson-and-johnson", "jc-penney", "usaa", "avanza"]

#: Each sourced figure, as it may be written in prose, and the stat that carries its source.
FIGURES = {
    r"5\.7": "superior-cx-revenue-5-7x",
    r"\b78 ?%": "consistent-interactions-78-percent",
    r"\b75 ?%": "new-technology-expectation-75-percent",
    r"\b(one|1) in (three|3)\b": "b2b-customer-on-board-1-in-3",
    r"11\.7": "customer-on-board-performance-11-7-percent",
    r"\b(ten|10) ?(times|x|×)": "loyal-customer-value-10x",
    r"\b(six to seven|6 ?[-–] ?7) ?(times|x|×)?": "acquisition-cost-6-7x",
    r"\b62 ?%": "stopped-after-poor-experience-62-percent",
    r"\b14 ?(times|x|×)": "existing-customer-sale-14x",
    r"\b(12|twelve) seconds": "amazon-change-every-12-seconds",
    r"factor of (six|6)": "avanza-teams-divided-by-6",
    r"\b(two|2) hours": "leader-immersion-2-hours-weekly",
}

#: Numbers we may use in our own voice without a source: the small counts and durations of our advice
#: ("interview five customers", "every six months", "a 30-minute session", "times 100" in a formula).
#: Keep this list short. A fact about the world (a share, a multiple, a result) needs a stat instead.
ADVICE_NUMBERS = {0, 0.5, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 20, 30, 90, 100}

_WORDS = {
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "thousand": 1000,
    "million": 10**6,
    "billion": 10**9,
    "twice": 2,
    "half": 0.5,
    "dozen": 12,
}
# "one" is left out: in prose it is nearly always a pronoun or an article ("one journey"), except in a ratio.
_NUMBER = r"\d+(?:[.,]\d+)?|" + "|".join(sorted(_WORDS, key=len, reverse=True))
_TOKEN = re.compile(rf"(?<![\w.])(?:{_NUMBER})(?!\w)", re.IGNORECASE)
_RATIO = re.compile(rf"(?<![\w.])(?:{_NUMBER}|one) (?:in|out of) (?:{_NUMBER})(?!\w)", re.IGNORECASE)
# After a number: a sign that it is a share or a multiple ("48%", "5.7x", "ten times"), not "three times a year".
_MULTIPLE_AFTER = re.compile(r"\s*(?:%|percent\b|per cent\b|x\b|×|-?fold\b|times\b(?!\s+(?:a|an|per|each|every|over|in)\b))", re.IGNORECASE)
_FACTOR_BEFORE = re.compile(r"factor of\s*$", re.IGNORECASE)
ADVICE = "not one of our advice numbers"
# Fields that hold ids, dates or settings rather than prose.
_NOT_PROSE = {
    "owner",
    "last_reviewed",
    "functions",
    "stage",
    "journey",
    "metrics",
    "stats",
    "sources",
    "practices",
    "owned_by",
    "cites",
    "source",
    "id",
    "practice",
    "order",
    "reached_at_percent",
    "date",
    "url",
    "type",
    "verdict",
    "year",
}


def test_the_shipped_playbook_passes_validate() -> None:
    """What the pull request checks first: on failure, validate's own lines, one per problem."""
    result = run_cli("validate", cwd=ROOT)
    if result.returncode:
        pytest.fail(result.stdout + result.stderr, pytrace=False)


@pytest.fixture(scope="module")
def catalog():
    return validate(ROOT / "playbook_data", None).catalog


def _record(catalog, kind: type[Record], record_id: str) -> Record:
    """The shipped record the test names, or a failure that says which file is missing and what to do."""
    if record_id not in catalog.of(kind):
        pytest.fail(
            f"playbook_data/{kind.folder}/{record_id}.yml is missing, but tests/content/test_shipped_playbook.py checks it: "
            f"restore the file, or take '{record_id}' out of the test's list if the {kind.kind} was removed "
            "on purpose.",
            pytrace=False,
        )
    return catalog.get(kind, record_id)


def test_minimum_counts(catalog) -> None:
    counts = {kind.kind: len(catalog.of(kind)) for kind in KINDS}
    minimums = {"case-study": 8, "practice": 24, "function": 10, "metric": 8, "journey-stage": 5}
    short = [f"{kind}: {counts[kind]} records, at least {least} needed" for kind, least in minimums.items() if counts[kind] < least]
    assert short == [], "The playbook has fewer records than it promises: " + "; ".join(short)
    assert list(catalog.stages) == STAGES, f"The maturity stages should be {STAGES} in this order, found {list(catalog.stages)}."
    missing = [f for f in FUNCTIONS if f not in catalog.of(Function)]
    assert missing == [], f"These functions have no file in playbook_data/functions/: {', '.join(missing)}."
    missing = sorted(set(FIGURES.values()) - set(catalog.of(Stat)))
    assert missing == [], (
        f"These stats are missing from playbook_data/stats/: {', '.join(missing)}. Restore them, or "
        "take them out of FIGURES in tests/content/test_shipped_playbook.py together with every mention of the figure."
    )


@pytest.mark.parametrize("function_id", FUNCTIONS)
def test_every_function_has_a_full_checklist(catalog, function_id: str) -> None:
    fn = _record(catalog, Function, function_id)
    per_stage = {stage: sum(item.stage == stage for item in fn.checklist) for stage in STAGES}
    assert len(fn.checklist) >= 9 and min(per_stage.values()) >= 3, (
        f"functions/{function_id}.yml needs at least 9 checklist items and 3 per stage; it has {per_stage}."
    )
    order = [STAGES.index(item.stage) for item in fn.checklist]
    assert order == sorted(order), f"functions/{function_id}.yml: put the checklist items in stage order, first stage first."


@pytest.mark.parametrize("case_id", IN_DEPTH_CASES)
def test_the_five_cases_are_told_in_depth(catalog, case_id: str) -> None:
    case = _record(catalog, CaseStudy, case_id)
    assert len(case.lessons) >= 3 and case.practices and case.sources, f"case-studies/{case_id}.yml should have at least 3 lessons, a practice and a source."


def test_jc_penney_is_a_cautionary_tale_from_2011(catalog) -> None:
    case = _record(catalog, CaseStudy, "jc-penney")
    assert case.verdict == "cautionary", "case-studies/jc-penney.yml should keep 'verdict: cautionary'."
    assert "2011" in case.period + case.what_they_did, "case-studies/jc-penney.yml should say it began in 2011."
    assert "Fair and Square" in case.what_they_did, "case-studies/jc-penney.yml should name the 'Fair and Square' pricing."


#: What each source ranks first, as its record's `priorities` keep it: (source id, first term of a ranking).
#: It guards the data itself; `validate` checks that the records stating each ranking keep its order.
#: Change an entry only when the source says otherwise, and quote the source in the pull request.
SOURCE_FIRSTS = {
    ("becoming-customer-first", "culture"),
    ("becoming-customer-first", "customer-focused"),
    ("becoming-customer-first", "customer obsession"),
    ("developing-customer-obsession-culture", "customer success"),
    ("scaling-customer-obsession-leadership", "leaders"),
    ("scaling-customer-obsession-leadership", "business decision"),
    ("customer-first-culture", "buy-in"),
    ("customer-focus-centric-led", "customer"),
    ("customer-focus-centric-led", "patients"),
}


def test_the_sources_own_priorities_are_recorded(catalog) -> None:
    """Each source's record still says what the source ranks first. That each place stating a
    ranking keeps its order is a rule of `validate` (playbook/validation/priorities.py)."""
    recorded = {(source_id, plain(p.ranking[0])) for source_id, source in catalog.of(Source).items() for p in source.priorities}
    missing = [
        f"playbook_data/sources/{source_id}.yml no longer records, under priorities, that the source ranks '{first}' first. "
        "Restore the priority; if the source truly says otherwise, change SOURCE_FIRSTS in tests/content/test_shipped_playbook.py in the "
        "same pull request and quote the source there."
        for source_id, first in sorted(SOURCE_FIRSTS)
        if (source_id, plain(first)) not in recorded
    ]
    assert missing == [], "\n" + "\n".join(missing)


def _texts(record) -> str:
    data = record.model_dump(exclude={"stats", "sources", "owner", "last_reviewed"})
    return " ".join(_strings(data))


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def test_no_figure_appears_without_its_source(catalog) -> None:
    unsourced = []
    for kind in (Practice, CaseStudy, Function):
        for rid, record in catalog.of(kind).items():
            text = _texts(record)
            for pattern, stat_id in FIGURES.items():
                if re.search(pattern, text, re.IGNORECASE) and stat_id not in record.stats:
                    unsourced.append(f"{kind.folder}/{rid}.yml mentions {stat_id} but does not list it in stats")
    for page in sorted((ROOT / "docs").rglob("*.md")):
        prose = re.sub(r"\{\{.*?\}\}", "", page.read_text(encoding="utf-8"))
        unsourced += [
            f"{page.relative_to(ROOT)} quotes {stat_id} without {{{{ stat() }}}}"
            for pattern, stat_id in FIGURES.items()
            if re.search(pattern, prose, re.IGNORECASE)
        ]
    assert unsourced == []


def _value(token: str) -> float:
    token = token.lower()
    return float(_WORDS[token]) if token in _WORDS else 1.0 if token == "one" else float(token.replace(",", ""))


def _numbers(text: str) -> set[float]:
    """Every number in `text`, words and ratios included, as values ('six to seven' gives 6 and 7)."""
    values = {_value(m.group()) for m in _TOKEN.finditer(text)}
    for ratio in _RATIO.finditer(text):
        values |= {_value(part) for part in re.split(r" (?:in|out of) ", ratio.group(), flags=re.IGNORECASE)}
    return values


def _prose(value, path: str = ""):
    """(field path, text) for every prose string of a record, skipping ids, dates and settings."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, v in value.items():
            if key not in _NOT_PROSE:
                yield from _prose(v, f"{path}.{key}" if path else key)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _prose(v, f"{path}[{i}]")


def unsourced_numbers(text: str, figures: set[float], years: set[float] = frozenset()) -> list[tuple[str, str]]:
    """The numbers in `text` that need a stat and have none: (the number as written, why it needs one).

    `figures` are the numbers of the stats the record lists; `years` the years its own dates give.
    A figure (a share, a multiple, a ratio, a decimal, a year) must be one of `figures`; any other number
    must be one of `figures` or of ADVICE_NUMBERS.
    """
    found: list[tuple[str, str]] = []
    for ratio in _RATIO.finditer(text):
        parts = re.split(r" (?:in|out of) ", ratio.group(), flags=re.IGNORECASE)
        if not {_value(p) for p in parts} <= figures:
            found.append((ratio.group(), "a ratio"))
    ratio_spans = [m.span() for m in _RATIO.finditer(text)]
    for m in _TOKEN.finditer(text):
        if any(start <= m.start() < end for start, end in ratio_spans):
            continue
        value, written = _value(m.group()), m.group()
        multiple = _MULTIPLE_AFTER.match(text, m.end())
        if multiple or _FACTOR_BEFORE.search(text, 0, m.start()):
            kind, written = "a share or a multiple", written + (multiple.group().rstrip() if multiple else "")
        elif re.fullmatch(r"\d+[.,]\d+", written):
            kind = "a decimal figure"
        elif re.fullmatch(r"1[89]\d\d|20\d\d", written):
            kind = "a year"
            if value in years:
                continue
        else:
            if value in figures or value in ADVICE_NUMBERS:
                continue
            found.append((written, ADVICE))
            continue
        if value not in figures:
            found.append((written, kind))
    return found


def test_the_number_check_tells_figures_from_advice() -> None:
    assert unsourced_numbers("Interview five customers every six months in a 30-minute session.", set()) == []
    assert unsourced_numbers("Sales rose 48% in 2019, three in four buyers agreed.", set()) == [
        ("three in four", "a ratio"),
        ("48%", "a share or a multiple"),
        ("2019", "a year"),
    ]
    assert unsourced_numbers("a factor of six; 5.7 times the revenue; fifteen tickets", {6.0}) == [("5.7 times", "a share or a multiple"), ("fifteen", ADVICE)]
    assert unsourced_numbers("From 2011; a 1-5 scale; B2B and Spire2", set(), years={2011.0}) == []


def test_every_number_in_the_prose_is_sourced_or_our_advice(catalog) -> None:
    """A number in a record's text is a figure from a stat the record lists, or a count or duration of ours."""
    by_source: dict[str, set[float]] = {}
    for stat in catalog.of(Stat).values():
        by_source.setdefault(stat.source, set()).update(_numbers(f"{stat.figure} {stat.claim}"))
    problems = []
    for kind in KINDS:
        if kind is Stat:
            continue  # a stat is where a figure is written down with its source
        for rid, record in catalog.of(kind).items():
            if kind is Source:
                figures = by_source.get(rid, set())
            else:
                figures = set().union(
                    *(_numbers(f"{catalog.of(Stat)[s].figure} {catalog.of(Stat)[s].claim}") for s in getattr(record, "stats", []) if s in catalog.of(Stat))
                )
            # A case study's period says when it happened; its years may recur in the case's text.
            years = {v for v in _numbers(record.period) if v >= 1800} if kind is CaseStudy else set()
            # A source's title names the work as published; it is not a claim of ours.
            fields = record.model_dump(exclude={"title"} if kind is Source else None)
            for path, text in _prose(fields):
                for written, why in unsourced_numbers(text, figures, years):
                    where = f"playbook_data/{kind.folder}/{rid}.yml, field {path}"
                    stats = "a stat from this source" if kind is Source else "a stat listed under 'stats'"
                    if why == ADVICE:
                        problems.append(
                            f"{where}: '{written}' is neither a figure of {stats} nor one of our advice numbers. "
                            "If it is a fact from a source, give it a record in playbook_data/stats/ and list that "
                            "under 'stats'; if it is our own advice (a count or a duration), add it to "
                            "ADVICE_NUMBERS in tests/content/test_shipped_playbook.py and say so in your pull request."
                        )
                    else:
                        problems.append(
                            f"{where}: '{written}' is {why} that no {stats.removeprefix('a ')} gives. Give it a "
                            "record in playbook_data/stats/ with its source and list that under 'stats', or remove it."
                        )
    assert problems == [], "\n" + "\n".join(problems)


def test_hand_written_pages_name_an_owner_and_a_review_date() -> None:
    missing = []
    for page in sorted((ROOT / "docs").rglob("*.md")):
        text = page.read_text(encoding="utf-8")
        front = yaml.safe_load(text.split("---")[1]) if text.startswith("---") else None
        if not (isinstance(front, dict) and front.get("owner") and front.get("last_reviewed")):
            missing.append(f"{page.relative_to(ROOT)}: give the page 'owner:' (a role) and 'last_reviewed:' (YYYY-MM-DD) in its front matter")
    assert missing == [], "\n" + "\n".join(missing)
