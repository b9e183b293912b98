"""Skeletons for new records, written from the model so they never drift from the schema.

A skeleton holds what the pull request asks of the record itself: every required field, every
field marked Wanted (left empty, it fails the pull request), and for a checklist one item per
maturity stage (a function with no item for a stage fails it too).
"""

from __future__ import annotations

import datetime as dt
import typing
from collections.abc import Sequence
from pathlib import Path

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from .model import Record, RefTo, Stage, wanted_fields
from .validation.load import PLACEHOLDER, modeline
from .validation.strict_yaml import StrictYamlError, check_size, parse


def skeleton(kind: type[Record], today: dt.date, stages: Sequence[str] = ()) -> str:
    """A new record of `kind`: every field it needs, each under a comment that explains it.

    Values to fill in say TODO, which `validate` reports until they are replaced. `owner`
    and `last_reviewed` come last, with today's date already in place. `stages` are the ids of
    the maturity stages, in order: a list of items that name a stage gets one item for each.
    """
    lines = [modeline(kind)]
    fields = {name: f for name, f in kind.model_fields.items() if name not in ("owner", "last_reviewed")}
    wanted = wanted_fields(kind)
    for name, field in fields.items():
        if field.is_required() or name in wanted:
            lines += _field(name, field, stages)
    lines += [
        f"# {kind.model_fields['owner'].description}",
        f"owner: {PLACEHOLDER}",
        f"# {kind.model_fields['last_reviewed'].description}",
        f"last_reviewed: {today.isoformat()}",
    ]
    optional = [name for name, f in fields.items() if not f.is_required() and name not in wanted]
    if optional:
        lines.append(f"# Optional fields: {', '.join(optional)} (see CONTRIBUTING.md).")
    return "\n".join(lines) + "\n"


def _field(name: str, field: FieldInfo, stages: Sequence[str]) -> list[str]:
    lines = [f"# {field.description}"]
    nested = _list_model(field.annotation)
    if nested is not None:
        required = [(sub_name, sub) for sub_name, sub in nested.model_fields.items() if sub.is_required()]
        by_stage = next((sub_name for sub_name, sub in required if any(isinstance(m, RefTo) and m.folder == Stage.folder for m in sub.metadata)), None)
        values = [{by_stage: stage} for stage in stages] if by_stage and stages else [{}]
        if len(values) > 1:
            lines.append("# One item per maturity stage to start with, in the order of the stages; add more under each.")
        lines.append(f"{name}:")
        for n, given in enumerate(values):
            for i, (sub_name, sub) in enumerate(required):
                if n == 0:  # the first item explains each field; the others repeat the shape
                    lines.append(f"    # {sub.description}")
                lines.append(f"{'  - ' if i == 0 else '    '}{sub_name}: {given.get(sub_name, PLACEHOLDER)}")
        return lines
    if typing.get_origin(field.annotation) is list:
        return lines + [f"{name}:", f"  - {PLACEHOLDER}"]
    return lines + [f"{name}: {PLACEHOLDER}"]


def _list_model(annotation: object) -> type[BaseModel] | None:
    if typing.get_origin(annotation) is list:
        (inner,) = typing.get_args(annotation)
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            return inner
    return None


def stage_ids(data_dir: Path) -> list[str]:
    """The maturity stages' ids in their order, read from their files (any that cannot be read last)."""
    found = []
    for path in sorted((data_dir / Stage.folder).glob("*.yml")):
        try:
            check_size(path.stat().st_size)
            data = parse(path.read_text(encoding="utf-8")).data
        except (OSError, UnicodeDecodeError, StrictYamlError):
            data = None
        order = data.get("order") if isinstance(data, dict) else None
        found.append((int(order) if isinstance(order, str) and order.isdigit() else 10**9, path.stem))
    return [stem for _, stem in sorted(found)]
