"""References between kinds of record, read from the model's field types.

A field whose type carries `RefTo(folder)` holds the id of a record in that folder. `REFERENCES`
lists every such field of every kind; the cross-record checks, the catalog's reverse relations
and the search facets follow from it, so a new kind's references need no list of their own.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import BaseModel

from .fields import RefTo
from .model import KIND_BY_FOLDER, KINDS, Record

#: A location inside a record: field names, with `EACH` standing for every index of a list.
EACH = -1


@dataclass(frozen=True)
class Reference:
    """A field of `kind` that refers to records of `target` (at `path`, lists marked EACH)."""

    kind: type[Record]
    path: tuple[str | int, ...]
    target: type[Record]

    @property
    def name(self) -> str:
        """The field as editors write it, e.g. 'checklist.practice'."""
        return ".".join(str(p) for p in self.path if p != EACH)

    def values(self, record: Record) -> Iterator[tuple[tuple[str | int, ...], str]]:
        """(location, id) of every id this field holds in `record`, in file order."""
        yield from _walk(record, self.path, ())


def _walk(value: Any, path: tuple[str | int, ...], loc: tuple[str | int, ...]) -> Iterator[tuple[tuple[str | int, ...], str]]:
    if value is None:
        return
    if not path:
        yield loc, value
        return
    head, rest = path[0], path[1:]
    if head == EACH:
        for i, item in enumerate(value):
            yield from _walk(item, rest, loc + (i,))
    else:
        yield from _walk(getattr(value, str(head)), rest, loc + (head,))


def _references_in(model: type[BaseModel], prefix: tuple[str | int, ...]) -> Iterator[tuple[tuple[str | int, ...], str]]:
    for name, field in model.model_fields.items():
        yield from _refs_of_type(field.annotation, field.metadata, prefix + (name,))


def _refs_of_type(annotation: Any, metadata: list[Any], path: tuple[str | int, ...]) -> Iterator[tuple[tuple[str | int, ...], str]]:
    for meta in metadata:
        if isinstance(meta, RefTo):
            yield path, meta.folder
            return
    origin = typing.get_origin(annotation)
    if origin is Annotated:
        inner, *extra = typing.get_args(annotation)
        yield from _refs_of_type(inner, extra, path)
    elif origin is list:
        yield from _refs_of_type(typing.get_args(annotation)[0], [], path + (EACH,))
    elif origin in (typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            if arg is not type(None):
                yield from _refs_of_type(arg, [], path)
    elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield from _references_in(annotation, path)


#: Every reference between kinds, read from the models' field types.
REFERENCES: tuple[Reference, ...] = tuple(Reference(kind, path, KIND_BY_FOLDER[folder]) for kind in KINDS for path, folder in _references_in(kind, ()))
