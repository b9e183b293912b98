"""What each page read from the catalog, so that a preview remakes only the pages a change reaches.

A preview's catalog is a `ReadingCatalog`: the same records, and while a page is made
(`reading(catalog, page)`), every record, list of ids and list of citations it asks for is
noted against that page. A change to the data is then turned into the same kind of keys
(`changes`): the records that differ, the kinds whose ids differ, and the records whose citations
differ (every target a changed record names, before or after the change, since the citations
are derived from the records' references). The pages to remake are those that read one of them.

The keys, as tuples:
    ("record", kind, id)   the record (or its absence)
    ("ids", kind)          which records of a kind exist
    ("all", kind)          every record of a kind (a list of them all, in any order)
    ("cited", kind, id)    who names the record, and where
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, cast

from ..catalog import Catalog, Citation
from ..model import KINDS, JourneyStage, Record, Stage
from ..references import REFERENCES

Key = tuple[Any, ...]

_reader = threading.local()


@dataclass
class PageReads:
    """The keys each page read when it was last made, by page."""

    by_page: dict[str, set[Key]] = field(default_factory=dict)

    def reached(self, changed: set[Key]) -> set[str]:
        """The pages that read one of `changed`."""
        return {page for page, keys in self.by_page.items() if not keys.isdisjoint(changed)}


@contextlib.contextmanager
def reading(catalog: Catalog, page: str, fresh: bool = True) -> Iterator[None]:
    """Note what `page` reads from `catalog` while the block runs (nothing, for a plain Catalog);
    `fresh`: instead of what it read before, else as well."""
    if not isinstance(catalog, ReadingCatalog):
        yield
        return
    keys: set[Key] = set() if fresh else catalog.reads.by_page.setdefault(page, set())
    outer = getattr(_reader, "keys", None)
    _reader.keys = keys
    try:
        yield
    finally:
        _reader.keys = outer
        catalog.reads.by_page[page] = keys


def forget(catalog: Catalog, page: str) -> None:
    """Start `page`'s reads afresh: it is being made again, and `reading(..., fresh=False)` adds to them."""
    if isinstance(catalog, ReadingCatalog):
        catalog.reads.by_page[page] = set()


def _note(key: Key) -> None:
    keys = getattr(_reader, "keys", None)
    if keys is not None:
        keys.add(key)


@dataclass(frozen=True)
class ReadingCatalog(Catalog):
    """A Catalog that notes what is read from it (see the module's docstring)."""

    reads: PageReads = field(default_factory=PageReads, compare=False)

    @classmethod
    def of_catalog(cls, catalog: Catalog, reads: PageReads) -> ReadingCatalog:
        made = cls(records=catalog.records, paths=catalog.paths, reads=reads)
        for name in ("_cited", "stages", "journey"):  # derived once per catalog, by validation already
            if name in catalog.__dict__:
                made.__dict__[name] = catalog.__dict__[name]
        return made

    def of(self, kind: type[Any]) -> Any:
        if kind is Stage:
            return self.stages
        if kind is JourneyStage:
            return self.journey
        return _Records(kind, self.records.get(kind.kind, {}))

    @property
    def stages(self) -> dict[str, Stage]:
        return cast(dict[str, Stage], _Records(Stage, super().stages))  # read-noting, over the stages in order

    @property
    def journey(self) -> dict[str, JourneyStage]:
        return cast(dict[str, JourneyStage], _Records(JourneyStage, super().journey))

    def cited_by(self, target: type[Record], target_id: str, kind: type[Any] | None = None, field: str | None = None) -> list[Citation]:
        _note(("cited", target.kind, target_id))
        return super().cited_by(target, target_id, kind, field)

    def count(self) -> int:
        for kind in KINDS:
            _note(("ids", kind.kind))
        return super().count()


class _Records(Mapping[str, Any]):
    """One kind's records by id, noting each read."""

    def __init__(self, kind: type[Record], records: dict[str, Any]) -> None:
        self._kind, self._records = kind.kind, records

    def __getitem__(self, record_id: str) -> Any:
        _note(("record", self._kind, record_id))
        return self._records[record_id]

    def __contains__(self, record_id: object) -> bool:
        _note(("record", self._kind, record_id))
        return record_id in self._records

    def get(self, record_id: str, default: Any = None) -> Any:
        _note(("record", self._kind, record_id))
        return self._records.get(record_id, default)

    def __iter__(self) -> Iterator[str]:
        _note(("ids", self._kind))
        return iter(self._records)

    def __len__(self) -> int:
        _note(("ids", self._kind))
        return len(self._records)

    def keys(self) -> Any:
        _note(("ids", self._kind))
        return self._records.keys()

    def items(self) -> Any:
        _note(("all", self._kind))
        return self._records.items()

    def values(self) -> Any:
        _note(("all", self._kind))
        return self._records.values()


def changes(old: Catalog, new: Catalog) -> set[Key]:
    """The keys whose answers differ between two catalogs (see the module's docstring)."""
    changed: set[Key] = set()
    for kind in KINDS:
        before, after = old.records.get(kind.kind, {}), new.records.get(kind.kind, {})
        if before.keys() != after.keys():
            changed.add(("ids", kind.kind))
        for record_id in before.keys() | after.keys():
            a, b = before.get(record_id), after.get(record_id)
            if a is b or a == b:
                continue
            changed |= {("record", kind.kind, record_id), ("all", kind.kind)}
            for record in (a, b):
                if record is not None:
                    changed |= {("cited", ref.target.kind, target) for ref in REFERENCES if ref.kind is kind for _, target in ref.values(record)}
    return changed
