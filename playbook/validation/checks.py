"""Checks across records: references resolve, ids are unique, nothing contradicts."""

from __future__ import annotations

import datetime as dt

from .. import dates
from ..catalog import Catalog
from ..fields import wanted_fields
from ..maturity import current_ids
from ..model import KINDS, Function, GlossaryTerm, JourneyStage, Practice, Record, Source, Stage, Team
from ..references import EACH, REFERENCES, Reference
from . import priorities
from .problems import Problem, field_label
from .strict_yaml import Document
from .suggest import Suggester, Suggestions, WordIndex


def cross_record(catalog: Catalog, documents: dict[tuple[str, str], Document], existing: set[tuple[str, str]]) -> list[Problem]:
    """Every problem that needs more than one record to see.

    `existing` holds every (kind, id) that has a file, valid or not, so that a record with
    its own errors is not reported a second time as unknown wherever it is referenced.
    """
    problems: list[Problem] = []
    # One index of ids, names and aliases per kind, shared by every record's checks.
    suggestions = Suggestions(existing, lambda kind: _names(catalog, kind))
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
    problems += _check_how_many(catalog, documents)
    problems += priorities.check(catalog, documents, existing)
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


#: Kinds whose every record is shown again for each record of another kind (each maturity stage
#: on every function's and team's page, each journey stage in every function's row of the map):
#: their number is bounded, so that the site grows in proportion to the data. (limit, the whole, hint)
HOW_MANY: dict[type[Record], tuple[int, str, str]] = {
    Stage: (10, "the maturity model", "every function's checklist, self-assessment and team page shows each stage: merge two of them"),
    JourneyStage: (20, "the customer journey", "the journey map has a column per stage in every function's row: merge two of them"),
}


def _check_how_many(catalog: Catalog, documents: dict[tuple[str, str], Document]) -> list[Problem]:
    problems = []
    for kind, (most, whole, hint) in HOW_MANY.items():
        records = catalog.of(kind)
        for record_id in list(records)[most:]:  # in their order: the ones past the limit
            doc = documents[(kind.kind, record_id)]
            message = f"{whole} has {len(records)} stages; at most {most} fit"
            problems.append(Problem(catalog.paths[(kind.kind, record_id)], *doc.where(("order",)), "order", message, hint))
    return problems


_NAME_FIELDS = ("name", "title", "organisation", "abbreviation")


def _names(catalog: Catalog, kind_name: str) -> list[tuple[str, str]]:
    """(name, id) for every name people know a record of a kind by: its title, its name, its aliases."""
    found = []
    for rid, record in catalog.records.get(kind_name, {}).items():
        names = [record.display_title, *record.aliases]
        names += [value for f in _NAME_FIELDS if isinstance(value := getattr(record, f, None), str)]
        found += [(name, rid) for name in names]
    return found


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
            self.check_one(loc, value, ref.target, record)

    def check_one(self, path: tuple, ref: str, target: type[Record], record: Record) -> None:
        if (target.kind, ref) in self.existing:
            return
        where = self.doc.where(path)
        other = next((k for k in KINDS if k is not target and (k.kind, ref) in self.existing), None)
        if other is not None:  # the id of another kind of record: most often a line put under the wrong field
            hint = self._move_hint(record, other, target)
            self.problems.append(Problem(self.shown, *where, field_label(path), f"unknown {target.kind} '{ref}': it is the id of a {other.kind}", hint))
            return
        guess = self.suggestions.closest(target.kind, ref)
        hint = f"did you mean '{guess}'?" if guess else f"ids are file names in playbook_data/{target.folder}/"
        self.problems.append(Problem(self.shown, *where, field_label(path), f"unknown {target.kind} '{ref}'", hint))

    def _move_hint(self, record: Record, other: type[Record], target: type[Record]) -> str:
        """Where in this record a reference to `other` goes: a list of them, if it has one."""
        for ref in REFERENCES:
            if ref.kind is type(record) and ref.target is other and len(ref.path) == 2 and ref.path[1] == EACH:
                name = str(ref.path[0])
                items = getattr(record, name)
                if items:
                    return f"move this line under '{name}:', after line {self.doc.where((name, len(items) - 1))[0]}"
                return f"move it to a list under '{name}:'"
        return f"write the id of a record in playbook_data/{target.folder}/ here"


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
                    f"give this item an id of its own; keep the one on line {line}, which people's ticks may be saved under",
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
    latest = dates.latest(today)  # one day's grace: a team in a time zone ahead may already be on the next day
    problems: list[Problem] = []
    first_seen: dict[str, int] = {}
    hints = _ItemHints(team.function, fn, catalog)
    for i, done in enumerate(team.done):
        at = ("done", i, "item")
        now = ids.get(done.item)
        if now is None:
            hint = hints.hint(done.item)
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


#: Items a hint lists by name; a longer checklist is named by its file.
LISTED = 12


class _ItemHints:
    """The item a team most likely meant, on one function's checklist: a near spelling, or the item
    whose text holds the old id's words (an item renamed without `formerly`, whose ticks would be
    lost). Indexed once per team, so a long list of unknown items costs no more than linear."""

    def __init__(self, fn_id: str, fn: Function, catalog: Catalog):
        self.fn_id, self.fn, self.catalog = fn_id, fn, catalog
        self.spelling = Suggester(i.id for i in fn.checklist)
        self.words: WordIndex | None = None

    def hint(self, item: str) -> str:
        guess = self.spelling.closest(item)
        if guess:
            return f"did you mean '{guess}'?"
        if self.words is None:
            self.words = WordIndex({i.id: i.text for i in self.fn.checklist})
        renamed = self.words.best(item)
        if renamed is None:
            if len(self.fn.checklist) > LISTED:  # the whole list on every line would make the output grow as the square
                return f"the items of '{self.fn_id}' are the ids under 'checklist:' in {self.catalog.paths[(Function.kind, self.fn_id)]}"
            return f"the items of '{self.fn_id}' are: {', '.join(i.id for i in self.fn.checklist)}"
        return (
            f"did you mean '{renamed}'? If it was renamed from '{item}', add 'formerly: [{item}]' to that item in "
            f"{self.catalog.paths[(Function.kind, self.fn_id)]}, so that ticks saved under the old id move with it"
        )


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
    """Warnings: likely mistakes. They fail `validate` and the pull request; `validate --draft` lets them pass."""
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
    for kind in KINDS:
        for name, marker in wanted_fields(kind).items():
            for record_id, record in catalog.of(kind).items():
                if not getattr(record, name):
                    what = f"the {kind.kind.replace('-', ' ')} has no {name.replace('_', ' ')}"
                    warn(kind, record_id, (name,), name, what, marker.hint)
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
