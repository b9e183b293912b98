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

from .fields import ID_MAX, ID_RE, RefTo, wanted_fields
from .model import Record, Stage
from .validation.load import PLACEHOLDER, SUFFIX, display_path, modeline
from .validation.problems import visible
from .validation.strict_yaml import StrictYamlError, check_size, parse


class SkeletonError(Exception):
    """The skeleton cannot be written; the message says why and what to do."""


def write_skeleton(kind: type[Record], record_id: str, data_dir: Path, today: dt.date) -> Path:
    """Write the skeleton of a new record `record_id` of `kind` into `data_dir`; its path."""
    if not ID_RE.match(record_id):
        raise SkeletonError(f"'{visible(record_id)}' is not a valid id: use lowercase letters, digits and single hyphens, e.g. listen-to-support-calls")
    if len(record_id) > ID_MAX:
        raise SkeletonError(f"the id '{record_id}' is {len(record_id)} characters long; at most {ID_MAX} fit an id: choose a shorter one")
    path = data_dir / kind.folder / f"{record_id}{SUFFIX}"
    if path.exists():
        raise SkeletonError(f"{display_path(path)} already exists: choose another id, or edit that file")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(skeleton(kind, today, stage_ids(data_dir)), encoding="utf-8")
    return path


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
