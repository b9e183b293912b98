"""Skeletons for new records, written from the model so they never drift from the schema."""

from __future__ import annotations

import datetime as dt
import typing
from pathlib import Path

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from .fields import ID_RE
from .model import Record
from .validation.checks import EXPECTED
from .validation.load import PLACEHOLDER, SUFFIX, display_path, modeline
from .validation.problems import visible


class SkeletonError(Exception):
    """The skeleton cannot be written; the message says why and what to do."""


def write_skeleton(kind: type[Record], record_id: str, data_dir: Path, today: dt.date) -> Path:
    """Write the skeleton of a new record `record_id` of `kind` into `data_dir`; its path."""
    if not ID_RE.match(record_id):
        raise SkeletonError(f"'{visible(record_id)}' is not a valid id: use lowercase letters, digits and single hyphens, e.g. listen-to-support-calls")
    path = data_dir / kind.folder / f"{record_id}{SUFFIX}"
    if path.exists():
        raise SkeletonError(f"{display_path(path)} already exists: choose another id, or edit that file")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(skeleton(kind, today), encoding="utf-8")
    return path


def skeleton(kind: type[Record], today: dt.date) -> str:
    """A new record of `kind`: every required field (and each optional one that `validate` expects
    filled in), each under a comment that explains it.

    Values to fill in say TODO, which `validate` reports until they are replaced. `owner`
    and `last_reviewed` come last, with today's date already in place.
    """
    lines = [modeline(kind)]
    fields = {name: f for name, f in kind.model_fields.items() if name not in ("owner", "last_reviewed")}
    wanted = [name for name, f in fields.items() if f.is_required() or name in EXPECTED.get(kind, {})]
    for name in wanted:
        lines += _field(name, fields[name], "")
    lines += [
        f"# {kind.model_fields['owner'].description}",
        f"owner: {PLACEHOLDER}",
        f"# {kind.model_fields['last_reviewed'].description}",
        f"last_reviewed: {today.isoformat()}",
    ]
    optional = [name for name in fields if name not in wanted]
    if optional:
        lines.append(f"# Optional fields: {', '.join(optional)} (see CONTRIBUTING.md).")
    return "\n".join(lines) + "\n"


def _field(name: str, field: FieldInfo, indent: str) -> list[str]:
    lines = [f"{indent}# {field.description}"]
    nested = _list_model(field.annotation)
    if nested is not None:
        lines.append(f"{indent}{name}:")
        first = True
        for sub_name, sub in nested.model_fields.items():
            if not sub.is_required():  # optional, like the record's own optional fields: listed in CONTRIBUTING.md
                continue
            prefix = f"{indent}  - " if first else f"{indent}    "
            lines.append(f"{indent}    # {sub.description}")
            lines.append(f"{prefix}{sub_name}: {PLACEHOLDER}")
            first = False
        return lines
    if typing.get_origin(field.annotation) is list:
        return lines + [f"{indent}{name}:", f"{indent}  - {PLACEHOLDER}"]
    return lines + [f"{indent}{name}: {PLACEHOLDER}"]


def _list_model(annotation: object) -> type[BaseModel] | None:
    if typing.get_origin(annotation) is list:
        (inner,) = typing.get_args(annotation)
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            return inner
    return None
