"""The maturity rule, the words that state a stage's count, and the rule that maps former ids to current ones.

A stage is reached when at least its `reached_at_percent` of the function's items for it are
done and every earlier stage is reached; a stage with no items counts as reached. The next
items are the first undone ones, lowest stage first, then in checklist order.

Team pages and the adoption page apply these rules here; the browser applies the same ones
(`place`, `migrate` and the stage words in docs/assets/playbook.js) to the ticks it stores, and
a test checks both against one table made from this module.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypeVar

from .catalog import Catalog
from .model import ChecklistItem, Function, Stage, Team

NEXT_ITEMS = 3

#: A stage of at most this many items is stated in counts alone ("2 of 3 done, needs 3"): with so
#: few items a share misleads (75% of three items means all three, and 2 of 3 is not "66%").
COUNTS_ONLY_UP_TO = 10

T = TypeVar("T")


def rounded_percent(part: int, whole: int) -> int:
    """`part` of `whole` in whole percent, halves rounded up (2 of 3 is 67, 1 of 8 is 13)."""
    return (part * 200 + whole) // (2 * whole)


@dataclass(frozen=True)
class StageCount:
    """How far a set of done items goes on one stage of one function's checklist."""

    stage_id: str
    stage: Stage
    done: int
    total: int

    @property
    def share(self) -> int:
        """Whole percent done, rounded the usual way; 100 for a stage with no items."""
        return rounded_percent(self.done, self.total) if self.total else 100

    @property
    def needed(self) -> int:
        """How many items reach the stage: its percentage of the items, rounded up."""
        return -(-self.stage.reached_at_percent * self.total // 100)

    @property
    def meets(self) -> bool:
        return self.done >= self.needed

    @property
    def in_counts(self) -> bool:
        """Whether the stage is small enough to be stated in counts alone."""
        return self.total <= COUNTS_ONLY_UP_TO

    @property
    def done_text(self) -> str:
        """'2 of 3', or '12 of 20 (60%)' for a larger stage: a table's "Done" cell."""
        return f"{self.done} of {self.total}" if self.in_counts else f"{self.done} of {self.total} ({self.share}%)"

    @property
    def needed_text(self) -> str:
        """'3', or '15 (75%)' for a larger stage: a table's "Needed" cell."""
        return f"{self.needed}" if self.in_counts else f"{self.needed} ({self.stage.reached_at_percent}%)"

    @property
    def progress(self) -> str:
        """'2 of 3 done, needs 3', or '12 of 20 done (60%), needs 15 (75%)': the count in a sentence."""
        done = f"{self.done} of {self.total} done" + ("" if self.in_counts else f" ({self.share}%)")
        return f"{done}, needs {self.needed_text}"


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
    """Every id a checklist item answers to (its id, and any id it was `formerly` known by) -> its id now.

    A former id that two items claim belongs to the first; an id in use now is never a former one.
    """
    out: dict[str, str] = {}
    for item in fn.checklist:
        for old in item.formerly:
            out.setdefault(old, item.id)
    out.update({item.id: item.id for item in fn.checklist})
    return out


def current_function_ids(catalog: Catalog) -> dict[str, str]:
    """Every id a function answers to (its id, and its `formerly` ids) -> its id now, by the same rule as items."""
    out: dict[str, str] = {}
    functions = catalog.of(Function)
    for function_id in sorted(functions):
        for old in functions[function_id].formerly:
            out.setdefault(old, function_id)
    out.update({function_id: function_id for function_id in functions})
    return out


def migrate(fn: Function, marks: Iterable[tuple[str, T]]) -> tuple[dict[str, T], list[str]]:
    """Marks (ticks, done items) made under any id an item answers to, moved to the item's id now.

    A mark made under the item's id now wins over one made under a former id; otherwise the
    first wins. Returns the marks by current id in checklist order, and the ids that no
    item answers to, each once, in the order met.
    """
    ids = current_ids(fn)
    found: dict[str, T] = {}
    under_current: set[str] = set()
    unknown: dict[str, None] = {}
    for mark_id, value in marks:
        now = ids.get(mark_id)
        if now is None:
            unknown[mark_id] = None
        elif now not in found or (mark_id == now and now not in under_current):
            found[now] = value
            if mark_id == now:
                under_current.add(now)
    return {item.id: found[item.id] for item in fn.checklist if item.id in found}, list(unknown)


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
    todo = [item for item in in_stage_order(catalog, fn) if item.id not in done_ids]
    return Placement(counts, reached, tuple(todo[:NEXT_ITEMS]))


def in_stage_order(catalog: Catalog, fn: Function) -> list[ChecklistItem]:
    """The function's checklist, lowest maturity stage first, checklist order within a stage: the order of "next items"."""
    order = {stage_id: n for n, stage_id in enumerate(catalog.stages)}
    return [item for _, item in sorted(enumerate(fn.checklist), key=lambda pair: (order.get(pair[1].stage, len(order)), pair[0]))]


def team_done(catalog: Catalog, team: Team) -> dict[str, dt.date]:
    """The items a team has done, under their current ids, in checklist order, with the date of each."""
    done, _unknown = migrate(catalog.get(Function, team.function), [(d.item, d.date) for d in team.done])
    return done


def team_placement(catalog: Catalog, team: Team) -> Placement:
    return place(catalog, catalog.get(Function, team.function), team_done(catalog, team))
