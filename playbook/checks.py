"""Checks across records: references resolve, ids are unique, nothing contradicts."""

from __future__ import annotations

import datetime as dt
import difflib

from .catalog import Catalog
from .maturity import current_ids
from .model import EACH, REFERENCES, CaseStudy, Function, GlossaryTerm, JourneyStage, Practice, Record, Reference, Source, Stage, Team
from .problems import Problem, field_label
from .strict_yaml import Document
from .suggest import Suggestions


def cross_record(catalog: Catalog, documents: dict[tuple[str, str], Document], existing: set[tuple[str, str]]) -> list[Problem]:
    """Every problem that needs more than one record to see.

    `existing` holds every (kind, id) that has a file, valid or not, so that a record with
    its own errors is not reported a second time as unknown wherever it is referenced.
    """
    problems: list[Problem] = []
    suggestions = Suggestions(existing)  # one index of ids per kind, shared by every record's checks
    for (kind_name, record_id), doc in sorted(documents.items()):
        record = catalog.records[kind_name][record_id]
        shown = catalog.paths[(kind_name, record_id)]
        checker = _RefChecker(existing, doc, shown, suggestions)
        for ref in REFERENCES:
            if ref.kind is type(record):
                checker.check(ref, record)
        if isinstance(record, Function):
            problems += _check_checklist(record, doc, shown)
        if isinstance(record, Team):
            problems += _check_team_items(record, catalog, doc, shown)
        problems += checker.problems
    problems += _check_unique_order(catalog, documents, Stage)
    problems += _check_unique_order(catalog, documents, JourneyStage)
    problems += _check_glossary_names(catalog, documents)
    return problems


def _check_glossary_names(catalog: Catalog, documents: dict[tuple[str, str], Document]) -> list[Problem]:
    """Each name (term, abbreviation, alias) belongs to one glossary term: search and the pages
    that spell out abbreviations must know which term a name means."""
    problems: list[Problem] = []
    owner: dict[str, str] = {}
    for term_id, term in sorted(catalog.of(GlossaryTerm).items()):
        doc = documents[(GlossaryTerm.kind, term_id)]
        names: list[tuple[tuple[str | int, ...], str]] = [(("term",), term.term)]
        names += [(("abbreviations", i), a) for i, a in enumerate(term.abbreviations)]
        names += [(("aliases", i), a) for i, a in enumerate(term.aliases)]
        for loc, name in names:
            key = " ".join(name.casefold().split())
            first = owner.setdefault(key, term_id)
            if first != term_id:
                problems.append(
                    Problem(
                        catalog.paths[(GlossaryTerm.kind, term_id)],
                        *doc.where(loc),
                        field_label(loc),
                        f"'{name}' is already a name of the glossary term '{first}'",
                        "give each name to one term only: remove it here, or from that term",
                    )
                )
    return problems


class _RefChecker:
    def __init__(self, existing: set[tuple[str, str]], doc: Document, shown: str, suggestions: Suggestions):
        self.existing, self.doc, self.shown, self.suggestions = existing, doc, shown, suggestions
        self.problems: list[Problem] = []

    def check(self, ref: Reference, record: Record) -> None:
        seen: dict[tuple, set[str]] = {}  # a list of ids (by its location) -> ids seen in it
        for loc, value in ref.values(record):
            if ref.path[-1] == EACH:
                listed = seen.setdefault(loc[:-1], set())
                if value in listed:
                    self.problems.append(Problem(self.shown, *self.doc.where(loc), field_label(loc), f"'{value}' is listed twice", "remove the second one"))
                listed.add(value)
            self.check_one(loc, value, ref.target)

    def check_one(self, path: tuple, ref: str, target: type[Record]) -> None:
        if (target.kind, ref) in self.existing:
            return
        guess = self.suggestions.closest(target.kind, ref)
        hint = f"did you mean '{guess}'?" if guess else f"ids are file names in playbook_data/{target.folder}/"
        self.problems.append(Problem(self.shown, *self.doc.where(path), field_label(path), f"unknown {target.kind} '{ref}'", hint))


def _check_checklist(fn: Function, doc: Document, shown: str) -> list[Problem]:
    problems: list[Problem] = []
    first_seen: dict[str, int] = {}
    for i, item in enumerate(fn.checklist):
        base = ("checklist", i)
        if item.id in first_seen:
            line = doc.where(("checklist", first_seen[item.id], "id"))[0]
            problems.append(
                Problem(
                    shown,
                    *doc.where(base + ("id",)),
                    field_label(base + ("id",)),
                    f"duplicate item id '{item.id}' (first on line {line})",
                    "give each checklist item its own id",
                )
            )
        first_seen.setdefault(item.id, i)
    return problems


def _check_team_items(team: Team, catalog: Catalog, doc: Document, shown: str, today: dt.date | None = None) -> list[Problem]:
    """Each done item is on the team's function's checklist (by its id or a `formerly` id), once, and not done in the future."""
    fn = catalog.of(Function).get(team.function)
    if fn is None:  # an unknown function is reported once, on `function`
        return []
    ids = current_ids(fn)
    # One day's grace: a team in a time zone ahead of the validating machine may already be on the next day.
    latest = (today or dt.date.today()) + dt.timedelta(days=1)
    problems: list[Problem] = []
    first_seen: dict[str, int] = {}
    for i, done in enumerate(team.done):
        at = ("done", i, "item")
        now = ids.get(done.item)
        if now is None:
            guess = difflib.get_close_matches(done.item, sorted(ids), n=1)
            hint = f"did you mean '{guess[0]}'?" if guess else f"the items of '{team.function}' are: {', '.join(i.id for i in fn.checklist)}"
            problems.append(Problem(shown, *doc.where(at), field_label(at), f"'{done.item}' is not an item on the checklist of '{team.function}'", hint))
        elif now in first_seen:
            line = doc.where(("done", first_seen[now], "item"))[0]
            same = "" if now == done.item else f" (as '{now}', its id now)"
            problems.append(
                Problem(shown, *doc.where(at), field_label(at), f"'{done.item}' is listed twice{same}", f"remove this one: it is first on line {line}")
            )
        else:
            first_seen[now] = i
        if done.date > latest:
            at = ("done", i, "date")
            problems.append(Problem(shown, *doc.where(at), field_label(at), f"{done.date.isoformat()} is in the future", "write the date the team did it"))
    return problems


def _check_unique_order(catalog: Catalog, documents: dict[tuple[str, str], Document], kind: type[Stage] | type[JourneyStage]) -> list[Problem]:
    problems: list[Problem] = []
    taken: dict[int, str] = {}
    for record_id, record in sorted(catalog.of(kind).items(), key=lambda kv: (kv[1].order, kv[0])):
        order = record.order
        if order in taken:
            shown = catalog.paths[(kind.kind, record_id)]
            problems.append(
                Problem(
                    shown,
                    *documents[(kind.kind, record_id)].where(("order",)),
                    "order",
                    f"{kind.kind} '{taken[order]}' already has order {order}",
                    "give each stage its own position",
                )
            )
        taken.setdefault(order, record_id)
    return problems


def lint(catalog: Catalog, documents: dict[tuple[str, str], Document]) -> list[Problem]:
    """Warnings: things that are allowed but usually a mistake. `validate --strict` fails on them."""
    warnings: list[Problem] = []

    def warn(kind: type[Record], record_id: str, path: tuple, field: str, message: str, hint: str) -> None:
        doc = documents.get((kind.kind, record_id))
        line, col = doc.where(path) if doc else (1, 1)
        warnings.append(Problem(catalog.paths[(kind.kind, record_id)], line, col, field, message, hint, severity="warning"))

    for practice_id in catalog.of(Practice):
        if not catalog.items_for(practice_id):
            warn(
                Practice,
                practice_id,
                (),
                "",
                "no function's checklist links this practice",
                "add a checklist item with 'practice: " + practice_id + "' to a file in playbook_data/functions/",
            )
    for case_id, case in catalog.of(CaseStudy).items():
        if not case.lessons:
            warn(CaseStudy, case_id, ("lessons",), "lessons", "the case study has no lessons", "add what a team should take from it")
    for function_id, fn in catalog.of(Function).items():
        used = {item.stage for item in fn.checklist}
        for stage_id, stage in catalog.stages.items():
            if stage_id not in used:
                warn(
                    Function,
                    function_id,
                    ("checklist",),
                    "checklist",
                    f"no item for the stage '{stage_id}'",
                    f"add at least one item with 'stage: {stage_id}' ({stage.name})",
                )
    for source_id in catalog.of(Source):
        if not catalog.citing_records(Source, source_id):
            warn(Source, source_id, (), "", "nothing cites this source", "cite it from a practice, case study, metric or stat, or delete it")
    return warnings
