"""Skeletons for new records, written from the model so they never drift from the schema."""

from __future__ import annotations

import datetime as dt
import typing

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from .model import Record
from .validation.load import PLACEHOLDER, modeline


def skeleton(kind: type[Record], today: dt.date) -> str:
    """A new record of `kind`: every required field, each under a comment that explains it.

    Values to fill in say TODO, which `validate` reports until they are replaced. `owner`
    and `last_reviewed` come last, with today's date already in place.
    """
    lines = [modeline(kind)]
    fields = {name: f for name, f in kind.model_fields.items() if name not in ("owner", "last_reviewed")}
    for name, field in fields.items():
        if field.is_required():
            lines += _field(name, field, "")
    lines += [
        f"# {kind.model_fields['owner'].description}",
        f"owner: {PLACEHOLDER}",
        f"# {kind.model_fields['last_reviewed'].description}",
        f"last_reviewed: {today.isoformat()}",
    ]
    optional = [name for name, f in fields.items() if not f.is_required()]
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
