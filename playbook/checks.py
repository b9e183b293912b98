"""Checks across records: references resolve, ids are unique, nothing contradicts."""

from __future__ import annotations

from .catalog import Catalog
from .model import CaseStudy, Function, JourneyStage, Metric, Practice, Record, Source, Stage, Stat
from .problems import Problem, field_label
from .strict_yaml import Document
from .suggest import Suggestions

# For each kind: (field, kind it refers to). A field may hold one id or a list of ids.
REFERENCES: dict[type[Record], list[tuple[str, type[Record]]]] = {
    Practice: [("functions", Function), ("stage", Stage), ("journey", JourneyStage), ("metrics", Metric),
               ("stats", Stat), ("sources", Source)],
    CaseStudy: [("practices", Practice), ("stats", Stat), ("sources", Source)],
    Function: [("stats", Stat)],
    Metric: [("owned_by", Function), ("sources", Source)],
    Stat: [("source", Source)],
    Source: [("cites", Source)],
}


def cross_record(catalog: Catalog, documents: dict[tuple[str, str], Document],
                 existing: set[tuple[str, str]]) -> list[Problem]:
    """Every problem that needs more than one record to see.

    `existing` holds every (kind, id) that has a file, valid or not, so that a record with
    its own errors is not reported a second time as unknown wherever it is referenced.
    """
    problems: list[Problem] = []
    suggestions = Suggestions(existing)  # one index of ids per kind, shared by every record's checks
    for (kind_name, rid), doc in sorted(documents.items()):
        record = catalog.records[kind_name][rid]
        shown = catalog.paths[(kind_name, rid)]
        checker = _RefChecker(catalog, existing, doc, shown, suggestions)
        for field, target in REFERENCES.get(type(record), []):
            checker.check_field(record, (field,), getattr(record, field), target)
        quote = getattr(record, "quote", None)
        if quote is not None:
            checker.check_field(record, ("quote", "source"), quote.source, Source)
        if isinstance(record, Function):
            problems += _check_checklist(record, checker, doc, shown)
        problems += checker.problems
    problems += _check_unique_order(catalog, documents, Stage)
    problems += _check_unique_order(catalog, documents, JourneyStage)
    return problems


class _RefChecker:
    def __init__(self, catalog: Catalog, existing: set[tuple[str, str]], doc: Document, shown: str,
                 suggestions: Suggestions):
        self.catalog, self.existing, self.doc, self.shown = catalog, existing, doc, shown
        self.suggestions = suggestions
        self.problems: list[Problem] = []

    def check_field(self, record: Record, path: tuple, value, target: type[Record]) -> None:
        if value is None:
            return
        if isinstance(value, list):
            seen: set[str] = set()
            for i, item in enumerate(value):
                if item in seen:
                    self.problems.append(Problem(self.shown, *self.doc.where(path + (i,)), field_label(path + (i,)),
                                                 f"'{item}' is listed twice", "remove the second one"))
                seen.add(item)
                self.check_one(path + (i,), item, target)
        else:
            self.check_one(path, value, target)

    def check_one(self, path: tuple, ref: str, target: type[Record]) -> None:
        if (target.kind, ref) in self.existing:
            return
        guess = self.suggestions.closest(target.kind, ref)
        hint = f"did you mean '{guess}'?" if guess else f"ids are file names in playbook_data/{target.folder}/"
        self.problems.append(Problem(self.shown, *self.doc.where(path), field_label(path),
                                     f"unknown {target.kind} '{ref}'", hint))


def _check_checklist(fn: Function, checker: _RefChecker, doc: Document, shown: str) -> list[Problem]:
    problems: list[Problem] = []
    first_seen: dict[str, int] = {}
    for i, item in enumerate(fn.checklist):
        base = ("checklist", i)
        if item.id in first_seen:
            line = doc.where(("checklist", first_seen[item.id], "id"))[0]
            problems.append(Problem(shown, *doc.where(base + ("id",)), field_label(base + ("id",)),
                                    f"duplicate item id '{item.id}' (first on line {line})",
                                    "give each checklist item its own id"))
        first_seen.setdefault(item.id, i)
        checker.check_one(base + ("stage",), item.stage, Stage)
        checker.check_one(base + ("practice",), item.practice, Practice)
    return problems


def _check_unique_order(catalog: Catalog, documents: dict[tuple[str, str], Document], kind: type[Record]) -> list[Problem]:
    problems: list[Problem] = []
    taken: dict[int, str] = {}
    for rid, record in sorted(catalog.of(kind).items(), key=lambda kv: (kv[1].order, kv[0])):  # type: ignore[attr-defined]
        order = record.order  # type: ignore[attr-defined]
        if order in taken:
            shown = catalog.paths[(kind.kind, rid)]
            problems.append(Problem(shown, *documents[(kind.kind, rid)].where(("order",)), "order",
                                    f"{kind.kind} '{taken[order]}' already has order {order}",
                                    "give each stage its own position"))
        taken.setdefault(order, rid)
    return problems


def lint(catalog: Catalog, documents: dict[tuple[str, str], Document]) -> list[Problem]:
    """Warnings: things that are allowed but usually a mistake. `validate --strict` fails on them."""
    warnings: list[Problem] = []

    def warn(kind: type[Record], rid: str, path: tuple, field: str, message: str, hint: str) -> None:
        doc = documents.get((kind.kind, rid))
        line, col = doc.where(path) if doc else (1, 1)
        warnings.append(Problem(catalog.paths[(kind.kind, rid)], line, col, field, message, hint, severity="warning"))

    for pid in catalog.practices:
        if not catalog.checklist_links.get(pid):
            warn(Practice, pid, (), "", "no function's checklist links this practice",
                 "add a checklist item with 'practice: " + pid + "' to a file in playbook_data/functions/")
    for cid, case in catalog.case_studies.items():
        if not case.lessons:
            warn(CaseStudy, cid, ("lessons",), "lessons", "the case study has no lessons", "add what a team should take from it")
    for fid, fn in catalog.functions.items():
        used = {item.stage for item in fn.checklist}
        for stage_id, stage in catalog.stages.items():
            if stage_id not in used:
                warn(Function, fid, ("checklist",), "checklist", f"no item for the stage '{stage_id}'",
                     f"add at least one item with 'stage: {stage_id}' ({stage.name})")
    for sid in catalog.sources:
        if not catalog.citations.get(sid):
            warn(Source, sid, (), "", "nothing cites this source", "cite it from a practice, case study, metric or stat, or delete it")
    return warnings
