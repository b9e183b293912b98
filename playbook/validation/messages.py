"""The model's errors in editors' words: one Problem per error, with a hint that names the fix.

pydantic says what it expected ("Input should be a valid integer"); an editor needs to know what
to type instead, which often depends on what they typed: `12/03/2025` is a date in another order,
`yes` means `true`, `a, b, c` is a list written on one line, `"x "` an id with a space inside
its quotes.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import types
import typing

from pydantic import BaseModel

from ..fields import EARLIEST_FACT_YEAR, FORMS, ID, Fits
from ..model import Record
from ..references import EACH, REFERENCES
from ..render.dates import spelled_date
from ..rich_bounds import RichTextError
from .problems import Problem, field_label
from .shape import allowed_fields, model_at, model_in
from .strict_yaml import Document
from .text_checks import text_list_fields

MISSING = "required field is missing"


def describe(value: object) -> str:
    """How a value looks to an editor: 'a list', 'a mapping', 'text ...', 'nothing'."""
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping (fields)"
    if isinstance(value, list):
        return "a list"
    text = str(value)
    return f"'{text[:40]}…'" if len(text) > 40 else f"'{text}'"


_EMPTY_HINT = {False: "write a value after the colon", True: "write a value after the colon, or remove the line"}

_YES, _NO = frozenset({"yes", "y", "on", "true", "1"}), frozenset({"no", "n", "off", "false", "0"})


def location(err: dict) -> tuple:
    """Where a pydantic error is, as field names and indexes (union branch names dropped)."""
    return tuple(p for p in err["loc"] if not (isinstance(p, str) and p[:1].isupper()))


def meant(kind: type[Record], loc: tuple) -> str | None:
    """The field that an unknown field at `loc` most likely misspells."""
    guess = difflib.get_close_matches(str(loc[-1]), allowed_fields(kind, loc[:-1]), n=1)
    return guess[0] if guess else None


def translate(err: dict, doc: Document, shown: str, kind: type[Record]) -> Problem:
    """One of pydantic's errors on the record in `shown`, as the line an editor reads."""
    loc = location(err)
    label = field_label(loc)
    kind_, value, ctx = err["type"], err.get("input"), err.get("ctx") or {}
    line, col = doc.where(loc)

    def problem(message: str, hint: str) -> Problem:
        return Problem(shown, line, col, label, message, hint)

    if kind_ == "value_error" and isinstance(ctx.get("error"), RichTextError):
        bound = ctx["error"]
        where = f" (line {bound.line} of the text)" if "\n" in str(value) else ""
        return problem(f"{bound.message}{where}", bound.hint)
    if kind_ == "missing":
        line, col = doc.where(loc[:-1])
        return problem(MISSING, f"add '{loc[-1]}:' with a value")
    if kind_ == "extra_forbidden":
        line, col = doc.where_key(loc)
        guess = meant(kind, loc)
        return problem("unknown field", f"did you mean '{guess}'?" if guess else f"allowed fields: {', '.join(allowed_fields(kind, loc[:-1]))}")
    if value is None or kind_ == "string_too_short" or (kind_ == "too_short" and isinstance(value, str)):
        return problem("is empty", _empty_hint(kind, loc, shown))
    if kind_ == "string_type":
        if isinstance(value, dict) and len(value) == 1:
            (key,) = value
            return problem(f"the text contains ': ', which YAML reads as a field named '{key}'", 'put the whole text in straight double quotes, "..."')
        hint = "text that contains ': ' must be in quotes" if isinstance(value, dict) else "write it as text, or use '>-' for long text"
        return problem(f"expected text, got {describe(value)}", hint)
    if kind_ == "list_type":
        name = next((p for p in reversed(loc) if isinstance(p, str)), "")
        if isinstance(value, str) and "," in value:
            first = value.split(",", 1)[0].strip()
            hint = f"write each item on its own line under '{name}:', starting with '- ', e.g. '  - {first}'"
            return problem("expected a list, got one line of text with commas", hint)
        return problem(f"expected a list, got {describe(value)}", "write each item on its own line, starting with '- '")
    if kind_ in ("model_type", "dict_type", "model_attributes_type"):
        return problem(f"expected fields (name: value), got {describe(value)}", "indent the fields under this key")
    if kind_.startswith("date") or kind_.startswith("datetime"):
        return problem(f"expected a date, got {describe(value)}", _date_hint(value))
    if kind_ in ("bool_type", "bool_parsing"):
        word = str(value).strip().lower()
        hint = "write true" if word in _YES else "write false" if word in _NO else "write true or false"
        return problem(f"expected true or false, got {describe(value)}", hint)
    if kind_ in ("int_parsing", "int_type", "int_from_float"):
        return problem(f"expected a whole number{_range(kind, loc)}, got {describe(value)}", f"write digits only, e.g. {_example(kind, loc)}")
    if kind_ in ("greater_than_equal", "less_than_equal"):
        bound = f"at least {ctx.get('ge')}" if kind_ == "greater_than_equal" else f"at most {ctx.get('le')}"
        hint = "a percentage: a whole number from 1 to 100" if loc[-1] == "reached_at_percent" else "positions count from 1"
        return problem(f"must be {bound}, got {describe(value)}", hint)
    if kind_ == "literal_error":
        return problem(f"expected one of {ctx.get('expected')}, got {describe(value)}", "use one of the listed words exactly")
    if kind_ == "string_pattern_mismatch":
        pattern = ctx.get("pattern", "")
        if pattern == ID.pattern and isinstance(value, str):
            return problem(*_id_problem(value, kind, loc, shown))
        form = FORMS.get(pattern)
        if form is None:  # pragma: no cover - a pattern the model does not use
            return problem(f"{describe(value)} has the wrong form", "")
        return problem(form.explain(describe(value)), form.hint)
    if kind_ == "year":
        return problem(err["msg"], f"write the year the figure is from, {EARLIEST_FACT_YEAR} to this year, as four digits, e.g. 2015")
    if kind_ == "partial_date":
        return problem(err["msg"], "write YYYY, YYYY-MM or YYYY-MM-DD as the work gives it, e.g. 2022-02-03")
    if kind_ in ("too_long", "string_too_long"):
        return _too_long(problem, kind, loc, {"actual_length": len(value) if isinstance(value, (str, list)) else None, **ctx})
    if kind_ == "too_short":
        n = ctx.get("min_length", 1)
        return problem(f"needs at least {n} item{'s' if n != 1 else ''}", "add items, each on its own line starting with '- '")
    return problem(err["msg"], "")  # pragma: no cover - a type the model does not use yet


def _too_long(problem: typing.Callable[[str, str], Problem], kind: type[Record], loc: tuple, ctx: dict) -> Problem:
    """'is 2,345 characters long; at most 120 fit a title (shorten it, ...)', in the words of the field's Fits."""
    fits = _fits_at(kind, loc)
    most, actual = ctx.get("max_length", 0), ctx.get("actual_length")
    if ctx.get("field_type") == "List":
        what, hint = (fits.what, fits.hint) if fits else ("this list", "keep the ones that matter most")
        count = f"has {actual:,} items" if actual is not None else "has too many items"
        return problem(f"{count}; at most {most:,} fit {what}", hint)
    what, hint = (fits.what, fits.hint) if fits else ("here", "shorten it")
    size = f"is {actual:,} characters long" if actual is not None else "is too long"
    return problem(f"{size}; at most {most:,} fit {what}", hint)


def _fits_at(kind: type[Record], loc: tuple) -> Fits | None:
    """The Fits marker of the field or list item at `loc`, read from the model's annotations."""
    annotation: object = kind
    metadata: list[object] = []
    for part in loc:
        inner = _unwrap(annotation)
        if isinstance(part, int):
            args = typing.get_args(inner)
            annotation, metadata = (args[0], []) if typing.get_origin(inner) is list and args else (None, [])
        else:
            model = inner if isinstance(inner, type) and issubclass(inner, BaseModel) else model_in(inner)
            field = model.model_fields.get(part) if model is not None else None
            annotation, metadata = (field.annotation, list(field.metadata)) if field is not None else (None, [])
    for meta in [*metadata, *_annotated_metadata(annotation)]:
        if isinstance(meta, Fits):
            return meta
    return None


def _unwrap(annotation: object) -> object:
    """`annotation` without Annotated and without `| None`."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            annotation = next(a for a in typing.get_args(annotation) if a is not type(None))
        else:
            return annotation


def _annotated_metadata(annotation: object) -> list[object]:
    """The metadata of an Annotated type, looking through `| None`."""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return [m for a in typing.get_args(annotation) for m in _annotated_metadata(a)]
    return list(annotation.__metadata__) if typing.get_origin(annotation) is typing.Annotated else []  # type: ignore[attr-defined]


def _is_optional(kind: type[Record], loc: tuple) -> bool:
    names = [p for p in loc if isinstance(p, str)]
    model = model_at(kind, loc[: max(i for i, p in enumerate(loc) if isinstance(p, str))] if names else ())
    field = model.model_fields.get(names[-1]) if model is not None and names else None
    return bool(field is not None and not field.is_required() and not isinstance(loc[-1], int))


def _reference_folder(kind: type[Record], loc: tuple) -> str | None:
    """The folder whose ids the field at `loc` holds, if it is a reference."""
    for ref in REFERENCES:
        if ref.kind is kind and len(ref.path) == len(loc) and all(p == q or (p == EACH and isinstance(q, int)) for p, q in zip(ref.path, loc, strict=True)):
            return ref.target.folder
    return None


def _empty_hint(kind: type[Record], loc: tuple, shown: str) -> str:
    optional = _is_optional(kind, loc)
    folder = _reference_folder(kind, loc)
    if folder is None:
        return _EMPTY_HINT[optional]
    return f"write the id of a record in {_data_dir(shown)}/{folder}/ after the colon{', or remove the line' if optional else ''}"


def _data_dir(shown: str) -> str:
    """The data folder as shown in messages, from a record's shown path."""
    return "/".join(shown.split("/")[:-2]) or "."


def _date_hint(value: object) -> str:
    """YYYY-MM-DD, with the readings of a date written in another order (12/03/2025 is 12 March or 3 December)."""
    text = str(value).strip() if value is not None else ""
    readings = []
    if found := re.fullmatch(r"(\d{1,2})[./-](\d{1,2})[./-](\d{4})", text):
        a, b, year = (int(g) for g in found.groups())
        readings = [(year, b, a), (year, a, b)]  # day first, as most of the world writes it; then month first
    elif found := re.fullmatch(r"(\d{4})[./](\d{1,2})[./](\d{1,2})", text):
        year, month, day = (int(g) for g in found.groups())
        readings = [(year, month, day)]
    dates = []
    for year, month, day in readings:
        try:
            date = dt.date(year, month, day)
        except ValueError:
            continue
        if date not in dates:
            dates.append(date)
    if not dates:
        return "write it as YYYY-MM-DD, e.g. 2026-01-31"
    said = " or ".join(f"{d.isoformat()} for {spelled_date(d)}" for d in dates)
    return f"write it as YYYY-MM-DD: {said}"


def _constraints(kind: type[Record], loc: tuple) -> tuple[int | None, int | None, str]:
    model = model_at(kind, loc[:-1])
    field = model.model_fields.get(str(loc[-1])) if model is not None else None
    if field is None:
        return None, None, ""
    low = next((m.ge for m in field.metadata if hasattr(m, "ge")), None)
    high = next((m.le for m in field.metadata if hasattr(m, "le")), None)
    return low, high, field.description or ""


def _range(kind: type[Record], loc: tuple) -> str:
    low, high, _ = _constraints(kind, loc)
    if low is not None and high is not None:
        return f" from {low} to {high}"
    return f" of at least {low}" if low is not None else ""


def _example(kind: type[Record], loc: tuple) -> str:
    _, _, description = _constraints(kind, loc)
    found = re.search(r"e\.g\. (\d+)", description)
    return found.group(1) if found else "2"


def _id_problem(value: str, kind: type[Record], loc: tuple, shown: str) -> tuple[str, str]:
    """What is wrong with a text that should be an id, and the id it was most likely meant to be."""
    meant = "-".join(re.findall(r"[a-z0-9]+", value.lower()))
    folder = _reference_folder(kind, loc)
    texts = [name for name in text_list_fields(kind) if name != "aliases"]
    if folder is not None and isinstance(loc[-1], int) and texts and len(value.split()) > 3:
        # A sentence in a list of ids: most often a line put under the wrong field.
        lists = " or ".join(f"'{name}:'" for name in texts)
        where = f"{_data_dir(shown)}/{folder}/"
        return f"{describe(value)} is text, not an id", f"this list takes ids of records in {where}; if the line belongs under {lists}, move it there"
    if value.strip() != value and value.strip() == meant:
        where = "ends" if value[-1:].isspace() else "starts"
        return f"'{value}' {where} with a space", f"remove the space inside the quotes; an id needs no quotes: {meant}"
    if meant and meant != value:
        return f"'{value}' is not a valid id", f"ids use lowercase letters, digits and single hyphens: write '{meant}'"
    return f"{describe(value)} is not a valid id", ID.hint
