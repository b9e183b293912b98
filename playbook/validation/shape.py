"""Valid YAML in the wrong shape: lines that YAML read, but under the wrong parent.

An indentation slip that YAML accepts still changes what belongs to what: a '-' in front of a
checklist item's `stage:` splits the item in two, a field written at the left margin leaves the
`quote:` above it, a field indented like a checklist item's fields joins the last item, a field
indented under a `|` block becomes part of its text, a checklist item appended below `stats:`
joins that list. The model then reports the consequences (fields missing here, unknown there).
Each function here recognises one such shape in the model's errors, and returns the one problem
that names the line to move, with the errors it explains.
"""

from __future__ import annotations

import re
import typing
from collections.abc import Iterator
from dataclasses import dataclass

from pydantic import BaseModel

from ..model import Record
from .problems import Problem, field_label
from .strict_yaml import Document


def model_in(annotation: object) -> type[BaseModel] | None:
    """The model a field holds, directly, in a list or as an optional value."""
    for candidate in (annotation, *typing.get_args(annotation)):
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return candidate
        for inner in typing.get_args(candidate):
            if isinstance(inner, type) and issubclass(inner, BaseModel):
                return inner
    return None


def model_at(kind: type[Record], loc: tuple) -> type[BaseModel] | None:
    """The pydantic model that holds the field at `loc` (a path of field names and indexes)."""
    model: type[BaseModel] | None = kind
    for part in loc:
        if isinstance(part, int):
            continue
        model = model_in(model.model_fields[part].annotation) if model is not None and part in model.model_fields else None
    return model


def allowed_fields(kind: type[Record], loc: tuple) -> list[str]:
    """The field names allowed in the mapping at `loc`."""
    model = model_at(kind, loc)
    return list(model.model_fields) if model is not None else []


def _required(model: type[BaseModel]) -> set[str]:
    return {name for name, f in model.model_fields.items() if f.is_required()}


@dataclass
class Shaped:
    """The problems found, and the indexes of the model's errors they explain."""

    problems: list[Problem]
    explained: set[int]


def _spaces(n: int) -> str:
    return f"{n} space{'s' if n != 1 else ''}"


def _dash_col(lines: list[str], line: int, col: int) -> int:
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    return text.rfind("-", 0, col - 1) + 1 or col


def _last_key(doc: Document, path: tuple, mapping: dict) -> tuple[str, int, int] | None:
    """The key of `mapping` (at `path`) written last in the file, with its line and column."""
    placed = [(doc.key_positions.get(path + (k,), (0, 0)), k) for k in mapping if isinstance(k, str)]
    if not placed:
        return None
    (line, col), key = max(placed)
    return key, line, col


def _errors(errors: list[dict], kind: str) -> Iterator[tuple[int, tuple]]:
    for i, err in enumerate(errors):
        if err["type"] == kind:
            yield i, tuple(p for p in err["loc"] if not (isinstance(p, str) and p[:1].isupper()))


def examine(kind: type[Record], doc: Document, lines: list[str], errors: list[dict], shown: str) -> Shaped:
    """Every wrong shape in one record, from the model's `errors` on it."""
    out = Shaped([], set())
    for check in (_split_item, _left_its_parent, _joined_the_item_above, _inside_text, _item_in_wrong_list):
        check(kind, doc, lines, errors, shown, out)
    return out


def _split_item(kind: type[Record], doc: Document, lines: list[str], errors: list[dict], shown: str, out: Shaped) -> None:
    """A '- ' in front of a field of a list item starts a new item with the rest of its fields."""
    missing: dict[tuple, set[str]] = {}
    for _, loc in _errors(errors, "missing"):
        if len(loc) >= 2 and isinstance(loc[-2], int):
            missing.setdefault(loc[:-1], set()).add(loc[-1])
    for item, lacks in sorted(missing.items()):
        before = item[:-1] + (item[-1] - 1,)
        if before not in missing:
            continue
        data_before, data_item = _value(doc.data, before), _value(doc.data, item)
        if not isinstance(data_before, dict) or not isinstance(data_item, dict) or set(data_before) & set(data_item):
            continue
        if not set(data_item) <= missing[before] | set(data_before) or not lacks <= set(data_before):
            continue
        line, col = doc.where(item)
        last = _last_key(doc, before, data_before)
        moved = " and ".join(f"'{k}'" for k in data_item)
        under = f", under '{last[0]}:'" if last else ""
        out.problems.append(
            Problem(
                shown,
                line,
                _dash_col(lines, line, col),
                field_label(item),
                f"the '- ' on line {line} starts a new item, but {moved} belong{'s' if len(data_item) == 1 else ''} to the item above "
                f"(line {doc.where(before)[0]})",
                f"remove the '- ', so that '{next(iter(data_item))}:' is in column {col}{under}",
            )
        )
        out.explained |= {i for i, loc in _errors(errors, "missing") if loc[:-1] in (before, item)}
        missing[item] = set()  # each split is told once


def _value(data: object, loc: tuple) -> object:
    for part in loc:
        if isinstance(part, int) and isinstance(data, list) and 0 <= part < len(data):
            data = data[part]
        elif isinstance(part, str) and isinstance(data, dict):
            data = data.get(part)
        else:
            return None
    return data


def _left_its_parent(kind: type[Record], doc: Document, lines: list[str], errors: list[dict], shown: str, out: Shaped) -> None:
    """A field written further left than its siblings leaves the mapping (or list item) above it."""
    missing = {loc: i for i, loc in _errors(errors, "missing")}
    missing_names = {loc[-1] for loc in missing}
    for i, loc in _errors(errors, "extra_forbidden"):
        key, parent = loc[-1], loc[:-1]
        if key not in missing_names:  # keys are unique in a mapping: at most one per missing name goes on
            continue
        line, col = doc.where_key(loc)
        mapping = _value(doc.data, parent)
        if not isinstance(mapping, dict):
            continue
        above = [(doc.key_positions.get(parent + (k,), (0, 0))[0], k) for k in mapping if k != key]
        above = [(n, k) for n, k in above if n < line]
        if not above:
            continue
        sibling = max(above)[1]
        inner: tuple = parent + (sibling,)
        value = mapping[sibling]
        if isinstance(value, list) and value and isinstance(value[-1], dict):
            inner, value = inner + (len(value) - 1,), value[-1]
        if not isinstance(value, dict) or (inner + (key,)) not in missing:
            continue
        last = _last_key(doc, inner, value)
        if last is None:
            continue
        name, _, last_col = last
        out.problems.append(
            Problem(
                shown,
                line,
                col,
                field_label(loc),
                f"line {line} is indented {_spaces(last_col - col)} fewer than '{name}:' on line {last[1]}, "
                f"so YAML reads '{key}' as a field of {_owner(kind, parent)}, not of {field_label(inner)}",
                f"line it up under '{name}:', in column {last_col}",
            )
        )
        out.explained |= {i, missing[inner + (key,)]}


def _owner(kind: type[Record], loc: tuple) -> str:
    return f"the {kind.kind}" if not loc else field_label(loc)


def _joined_the_item_above(kind: type[Record], doc: Document, lines: list[str], errors: list[dict], shown: str, out: Shaped) -> None:
    """A field indented like a list item's fields joins that item; it belongs further out."""
    missing = {loc: i for i, loc in _errors(errors, "missing")}
    for i, loc in _errors(errors, "extra_forbidden"):
        if i in out.explained:
            continue
        key = loc[-1]
        for cut in range(len(loc) - 2, -1, -1):
            outer = loc[:cut]
            if isinstance(loc[cut], int) or key not in allowed_fields(kind, outer):
                continue
            line, col = doc.where_key(loc)
            ref_line, ref_col = doc.where_key(loc[: cut + 1])
            out.problems.append(
                Problem(
                    shown,
                    line,
                    col,
                    field_label(loc),
                    f"line {line} is indented {_spaces(col - ref_col)} more than '{loc[cut]}:' on line {ref_line}, "
                    f"so YAML reads '{key}' as a field of {field_label(loc[:-1])}",
                    f"line it up under '{loc[cut]}:', in column {ref_col}",
                )
            )
            out.explained |= {i, missing.get(outer + (key,), i)}
            # The list that followed it joined the same list as more items, of the wrong kind.
            items, after = loc[: cut + 1], loc[cut + 1]
            out.explained |= {
                j
                for kind_ in ("model_type", "dict_type", "model_attributes_type")
                for j, other in _errors(errors, kind_)
                if other[:-1] == items and isinstance(other[-1], int) and other[-1] > after
            }
            break


def _inside_text(kind: type[Record], doc: Document, lines: list[str], errors: list[dict], shown: str, out: Shaped) -> None:
    """A required field indented under a `|` or `>` block is part of that block's text."""
    for i, loc in _errors(errors, "missing"):
        if i in out.explained:
            continue
        parent, name = loc[:-1], loc[-1]
        mapping = _value(doc.data, parent)
        if not isinstance(mapping, dict):
            continue
        pattern = re.compile(rf"[ \t]+{re.escape(str(name))}[ \t]*:(?:[ \t]|$)")
        for key, value in mapping.items():
            if not isinstance(value, str) or "\n" not in value:
                continue
            key_line, key_col = doc.where_key(parent + (key,))
            start = doc.where(parent + (key,))[0]
            end = start + value.count("\n") + 1
            hit = next((n for n in range(start, min(end, len(lines)) + 1) if pattern.match(lines[n - 1])), None)
            if hit is None:
                continue
            col = len(lines[hit - 1]) - len(lines[hit - 1].lstrip(" \t")) + 1
            out.problems.append(
                Problem(
                    shown,
                    hit,
                    col,
                    field_label(loc),
                    f"line {hit} is indented {_spaces(col - key_col)} more than '{key}:' on line {key_line}, "
                    f"so YAML reads '{name}:' as part of the text of '{key}:'",
                    f"line it up under '{key}:', in column {key_col}",
                )
            )
            out.explained.add(i)
            break


def _item_in_wrong_list(kind: type[Record], doc: Document, lines: list[str], errors: list[dict], shown: str, out: Shaped) -> None:
    """The fields of a list item of one field (a checklist item) written in another field's list."""
    for i, loc in _errors(errors, "string_type"):
        value = _value(doc.data, loc)
        if len(loc) < 2 or not isinstance(loc[-1], int) or not isinstance(value, dict) or len(value) < 2:
            continue
        parent = loc[:-2]
        model = model_at(kind, parent)
        if model is None:
            continue
        for name, f in model.model_fields.items():
            inner = model_in(f.annotation)
            if name == loc[-2] or inner is None or typing.get_origin(f.annotation) is not list or not set(value) <= set(inner.model_fields):
                continue
            line, col = doc.where(loc)
            key_line = doc.where_key(parent + (name,))[0]
            where = f" (line {key_line})" if parent + (name,) in doc.key_positions else ""
            out.problems.append(
                Problem(
                    shown,
                    line,
                    _dash_col(lines, line, col),
                    field_label(loc),
                    f"these are the fields of an item of '{name}', but they stand in the list under '{loc[-2]}:'",
                    f"move the item under '{name}:'{where}, after its last item",
                )
            )
            out.explained.add(i)
            break
