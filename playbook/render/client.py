"""The browser contract: everything the page's scripts need, as one typed payload per page.

A page that has checklists, a self-assessment or team tools carries one payload, the
`data-contract` of one hidden element made here (`element`). docs/assets/playbook.js reads it
and offers the operations (`place`, `migrate`, `itemHref`, the date rule, ticks, team records);
the other scripts use only that module. The payload holds ids, numbers and rules, never record
text: names and item texts are on the page already, as text.

    Payload
      functions   FunctionData: id, former ids, items (ItemData: id, stage, number, anchor,
                  former ids) and, on a function's own page, its teams' done items (TeamData)
      maturity    MaturityRule: each stage's id and percentage, how many next items, and up to
                  how many items a stage is stated in counts alone
      dates       DateRule: the earliest date and how many days after today (playbook/dates.py)
      team        TeamRecordFormat: the field names, schema line and id pattern of a team record
"""

from __future__ import annotations

import dataclasses
import functools
import json
from collections.abc import Iterable
from dataclasses import dataclass

from .. import dates, maturity
from ..catalog import Catalog
from ..characters import REFUSED_IN_LINE
from ..fields import ID_PATTERN
from ..model import DoneItem, Function, Team
from .html import HTML, h
from .urls import item_anchor


@dataclass(frozen=True)
class ItemData:
    """A checklist item: its id, stage, number on the checklist (from 1), element id on its function's page, former ids."""

    id: str
    stage: str
    number: int
    anchor: str
    formerly: tuple[str, ...]


@dataclass(frozen=True)
class TeamData:
    """One of the playbook's teams: its id, and each item it did (current id) with the date."""

    id: str
    done: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class FunctionData:
    id: str
    formerly: tuple[str, ...]
    items: tuple[ItemData, ...]
    teams: tuple[TeamData, ...] = ()


@dataclass(frozen=True)
class StageRule:
    id: str
    percent: int


@dataclass(frozen=True)
class MaturityRule:
    """The inputs of `maturity.place` and of the words that state a stage's count."""

    stages: tuple[StageRule, ...]
    next_items: int
    counts_only_up_to: int


@dataclass(frozen=True)
class DateRule:
    """The bounds of `dates.check`: the earliest date, and how many days after today a date may be."""

    earliest: str
    days_after_today: int


@dataclass(frozen=True)
class TeamRecordFormat:
    """How a team record is written, read from the model: its schema line, id pattern and field names."""

    folder: str
    schema_line: str
    id_pattern: str
    name: str
    function: str
    done: str
    item: str
    date: str
    owner: str
    last_reviewed: str
    name_max_length: int | None
    owner_max_length: int | None
    #: characters.REFUSED_IN_LINE: what a name or owner typed in the browser may not hold.
    refused_in_line: str


@dataclass(frozen=True)
class Payload:
    functions: tuple[FunctionData, ...]
    maturity: MaturityRule
    dates: DateRule
    team: TeamRecordFormat


def _field(model: type, name: str) -> str:
    """A field's name, checked against the model, so that a renamed field fails here and not in a browser."""
    if name not in model.model_fields:  # type: ignore[attr-defined]  # a pydantic model
        raise KeyError(f"{model.__name__} has no field {name!r}")
    return name


def max_length(model: type, name: str) -> int | None:
    """The longest text a model's field takes, if it sets one."""
    limits = [m.max_length for m in model.model_fields[_field(model, name)].metadata if getattr(m, "max_length", None)]  # type: ignore[attr-defined]
    return min(limits) if limits else None


@functools.cache  # from the model, which does not change while the program runs
def team_record_format() -> TeamRecordFormat:
    """A team record's schema line, id pattern and field names, read from the model."""
    from ..validation.load import modeline  # the validation package renders hand-written pages: imported when first needed

    return TeamRecordFormat(
        folder=Team.folder,
        schema_line=modeline(Team),
        id_pattern=ID_PATTERN,
        name=_field(Team, "name"),
        function=_field(Team, "function"),
        done=_field(Team, "done"),
        item=_field(DoneItem, "item"),
        date=_field(DoneItem, "date"),
        owner=_field(Team, "owner"),
        last_reviewed=_field(Team, "last_reviewed"),
        name_max_length=max_length(Team, "name"),
        owner_max_length=max_length(Team, "owner"),
        refused_in_line=REFUSED_IN_LINE,
    )


DATE_RULE = DateRule(earliest=dates.EARLIEST.isoformat(), days_after_today=dates.DAYS_AFTER_TODAY)


def function_data(catalog: Catalog, function_id: str, with_teams: bool = False) -> FunctionData:
    fn = catalog.get(Function, function_id)
    items = tuple(ItemData(i.id, i.stage, n, item_anchor(i.id), tuple(i.formerly)) for n, i in enumerate(fn.checklist, 1))
    teams: tuple[TeamData, ...] = ()
    if with_teams:
        ids = sorted(catalog.referrers(Function, function_id, Team, "function"))
        teams = tuple(TeamData(t, tuple((item, day.isoformat()) for item, day in maturity.team_done(catalog, catalog.get(Team, t)).items())) for t in ids)
    return FunctionData(function_id, tuple(fn.formerly), items, teams)


def payload(catalog: Catalog, function_ids: Iterable[str], with_teams: bool = False) -> Payload:
    """The payload of a page that shows the checklists of `function_ids` (with their teams' progress, on a function's page)."""
    rule = MaturityRule(
        tuple(StageRule(stage_id, s.reached_at_percent) for stage_id, s in catalog.stages.items()),
        maturity.NEXT_ITEMS,
        maturity.COUNTS_ONLY_UP_TO,
    )
    functions = tuple(function_data(catalog, f, with_teams) for f in function_ids)
    return Payload(functions, rule, DATE_RULE, team_record_format())


def to_json(data: Payload) -> str:
    """The payload as compact JSON, keys sorted (the same data gives the same bytes)."""
    return json.dumps(dataclasses.asdict(data), separators=(",", ":"), sort_keys=True, ensure_ascii=False)


def element(data: Payload) -> HTML:
    """The payload as the page's one data element; playbook.js reads it.

    An attribute of an empty element, escaped like every attribute (html.py): no character of
    the data can end the element or start markup. Not a <script type="application/json">:
    Material's instant navigation re-creates every inline script of a new page without its
    attributes, so the data would be run as JavaScript and lost.
    """
    return h("div", class_="pb-contract", data_contract=to_json(data), hidden=True)
