"""The validated playbook: every record by kind and id, and the relations derived from them.

The references between kinds are read from the models' field types (references.py), so a new
kind's references need no code of their own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple, TypeVar

from .model import KINDS, ChecklistItem, Function, JourneyStage, Practice, Record, Stage
from .references import EACH, REFERENCES

R = TypeVar("R", bound=Record)


class Citation(NamedTuple):
    """One place where a record names another: `kind`/`record_id`, at `loc` in its file."""

    kind: type[Record]
    record_id: str
    loc: tuple[str | int, ...]


@dataclass(frozen=True)
class Catalog:
    """All records, keyed by kind then id; `paths` gives each record's file, relative to the project."""

    records: dict[str, dict[str, Record]]
    paths: dict[tuple[str, str], str] = field(default_factory=dict)

    def of(self, kind: type[R]) -> dict[str, R]:
        """Every record of `kind` by id; maturity and journey stages in their `order`."""
        if kind is Stage:
            return self.stages  # type: ignore[return-value]  # R is Stage here
        if kind is JourneyStage:
            return self.journey  # type: ignore[return-value]  # R is JourneyStage here
        return self.records.get(kind.kind, {})  # type: ignore[return-value]  # stored by kind name

    def get(self, kind: type[R], record_id: str) -> R:
        return self.of(kind)[record_id]

    @cached_property
    def stages(self) -> dict[str, Stage]:
        """Maturity stages in model order."""
        found: dict[str, Stage] = self.records.get(Stage.kind, {})  # type: ignore[assignment]  # stored by kind name
        return dict(sorted(found.items(), key=lambda kv: kv[1].order))

    @cached_property
    def journey(self) -> dict[str, JourneyStage]:
        """Customer-journey stages in journey order."""
        found: dict[str, JourneyStage] = self.records.get(JourneyStage.kind, {})  # type: ignore[assignment]  # stored by kind name
        return dict(sorted(found.items(), key=lambda kv: kv[1].order))

    def count(self) -> int:
        return sum(len(v) for v in self.records.values())

    # Derived relations: each reference is stored once in the data and read both ways on the site.

    @cached_property
    def _cited(self) -> dict[tuple[str, str], list[Citation]]:
        out: dict[tuple[str, str], list[Citation]] = {}
        for ref in REFERENCES:
            for record_id, record in self.records.get(ref.kind.kind, {}).items():
                for loc, target_id in ref.values(record):
                    out.setdefault((ref.target.kind, target_id), []).append(Citation(ref.kind, record_id, loc))
        return out

    def cited_by(self, target: type[Record], target_id: str, kind: type[R] | None = None, field: str | None = None) -> list[Citation]:
        """Where `target_id` is named, in file order by kind, optionally only by `kind` in its `field`."""
        found = self._cited.get((target.kind, target_id), [])
        return [c for c in found if (kind is None or c.kind is kind) and (field is None or c.loc[0] == field)]

    def referrers(self, target: type[Record], target_id: str, kind: type[Record], field: str) -> list[str]:
        """Ids of the records of `kind` that name `target_id` in `field`, each once, in id order."""
        return list(dict.fromkeys(sorted(c.record_id for c in self.cited_by(target, target_id, kind, field))))

    def items_for(self, practice_id: str) -> list[tuple[str, ChecklistItem]]:
        """(function id, item) of every checklist item that puts a practice into action."""
        out = []
        for c in self.cited_by(Practice, practice_id, Function, "checklist"):
            index = c.loc[1]
            assert isinstance(index, int) and index != EACH
            out.append((c.record_id, self.of(Function)[c.record_id].checklist[index]))
        return out

    def citing_records(self, target: type[Record], target_id: str) -> list[tuple[type[Record], str]]:
        """(kind, id) of every record that names `target_id`, each once, kinds in site order."""
        seen = dict.fromkeys((c.kind, c.record_id) for c in self.cited_by(target, target_id))
        order = {k: n for n, k in enumerate(KINDS)}
        return sorted(seen, key=lambda kr: (order[kr[0]], kr[1]))
