"""The maturity rule applied to a set of done checklist items, for team pages and the adoption page.

The same rule as the self-assessment in the browser (docs/assets/assessment.js): a stage is
reached when at least its `reached_at_percent` of the function's items for it are done and
every earlier stage is reached; a stage with no items counts as reached. The next items are
the first undone ones, lowest stage first, then in checklist order.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from .catalog import Catalog
from .model import ChecklistItem, Function, Stage, Team

NEXT_ITEMS = 3


@dataclass(frozen=True)
class StageCount:
    """How far a set of done items goes on one stage of one function's checklist."""

    stage_id: str
    stage: Stage
    done: int
    total: int

    @property
    def share(self) -> int:
        """Whole percent done, rounded down; 100 for a stage with no items."""
        return self.done * 100 // self.total if self.total else 100

    @property
    def meets(self) -> bool:
        return self.done * 100 >= self.stage.reached_at_percent * self.total


@dataclass(frozen=True)
class Placement:
    """Where a set of done items places a team: every stage's count, the stage reached, what is next."""

    stages: tuple[StageCount, ...]
    reached: int  # how many stages are reached, in order (0: not yet the first)
    next_items: tuple[ChecklistItem, ...]

    @property
    def stage(self) -> StageCount | None:
        """The highest stage reached, or None before the first."""
        return self.stages[self.reached - 1] if self.reached else None

    @property
    def done(self) -> int:
        return sum(s.done for s in self.stages)


def current_ids(fn: Function) -> dict[str, str]:
    """Every id a checklist item answers to (its id, and any id it was `formerly` known by) -> its id now."""
    out: dict[str, str] = {}
    for item in fn.checklist:
        for old in getattr(item, "formerly", None) or ():  # `formerly` is optional on the model
            out.setdefault(old, item.id)
    out.update({item.id: item.id for item in fn.checklist})
    return out


def place(catalog: Catalog, fn: Function, done: Iterable[str]) -> Placement:
    """The placement of a team of function `fn` that has done the items `done` (current ids)."""
    done_ids = set(done)
    counts = tuple(
        StageCount(
            stage_id, stage, sum(1 for i in fn.checklist if i.stage == stage_id and i.id in done_ids), sum(1 for i in fn.checklist if i.stage == stage_id)
        )
        for stage_id, stage in catalog.stages.items()
    )
    reached = 0
    while reached < len(counts) and counts[reached].meets:
        reached += 1
    order = {stage_id: n for n, stage_id in enumerate(catalog.stages)}
    todo = [(order.get(item.stage, len(order)), n, item) for n, item in enumerate(fn.checklist) if item.id not in done_ids]
    return Placement(counts, reached, tuple(item for _, _, item in sorted(todo, key=lambda t: t[:2])[:NEXT_ITEMS]))


def team_done(catalog: Catalog, team: Team) -> dict[str, dt.date]:
    """The items a team has done, under their current ids, in checklist order, with the date of each."""
    fn = catalog.get(Function, team.function)
    ids = current_ids(fn)
    dates = {ids[d.item]: d.date for d in team.done if d.item in ids}
    return {item.id: dates[item.id] for item in fn.checklist if item.id in dates}


def team_placement(catalog: Catalog, team: Team) -> Placement:
    return place(catalog, catalog.get(Function, team.function), team_done(catalog, team))
