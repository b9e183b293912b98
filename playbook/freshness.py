"""Which records are overdue for review."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .catalog import Catalog
from .model import KINDS, Record

#: A record whose owner has not reviewed it for this many days is overdue.
REVIEW_DAYS = 180


@dataclass(frozen=True)
class Overdue:
    kind: type[Record]
    record_id: str
    path: str
    record: Record
    days: int  # since the last review


def overdue(catalog: Catalog, today: dt.date, days: int = REVIEW_DAYS) -> list[Overdue]:
    """Records last reviewed more than `days` days before `today`, oldest first."""
    found = [
        Overdue(kind, record_id, catalog.paths[(kind.kind, record_id)], rec, (today - rec.last_reviewed).days)
        for kind in KINDS
        for record_id, rec in catalog.of(kind).items()
        if (today - rec.last_reviewed).days > days
    ]
    return sorted(found, key=lambda o: (o.record.last_reviewed, o.path))
