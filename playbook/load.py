"""Load `playbook_data/` into a validated Catalog, or report every problem at once."""

from __future__ import annotations

import difflib
import os
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ValidationError

from . import checks, renames, text_checks
from .catalog import Catalog
from .model import ID_RE, KIND_BY_FOLDER, KINDS, Record
from .problems import PlaybookError, Problem, field_label
from .reserved import reserved_reason
from .rich_bounds import RichTextError
from .strict_yaml import MAX_BYTES, Document, StrictYamlError, check_size, decode, parse

SUFFIX = ".yml"


def modeline(kind: type[Record]) -> str:
    """The first line of every data file: tells editors' IDEs which JSON Schema applies."""
    return f"# yaml-language-server: $schema=../../schema/{kind.kind}.json"


def display_path(path: Path) -> str:
    """A path as editors see it: relative to the working folder when it is inside it."""
    rel = os.path.relpath(path)
    return Path(path).as_posix() if rel.startswith("..") else Path(rel).as_posix()


@dataclass(frozen=True)
class Loaded:
    """A validated catalog and the warnings found while loading it."""

    catalog: Catalog
    warnings: tuple[Problem, ...] = ()


class FileCache:
    """What a load read, reused while files keep their name, size and modification time.

    A build reads the data once though its hook and macros both ask for it, and each rebuild
    of `mkdocs serve` re-reads only the files that changed. Its owner decides how long it lives.
    """

    def __init__(self) -> None:
        self.files: dict[Path, tuple[tuple[object, ...], tuple[Record | None, Document | None, list[Problem]]]] = {}
        self.last: tuple[tuple[object, ...], Loaded] | None = None

    def read(self, path: Path, kind: type[Record], shown: str) -> tuple[Record | None, Document | None, list[Problem]]:
        key = (_stat_key(path), kind, shown)
        cached = self.files.get(path)
        if cached is None or cached[0] != key:
            cached = (key, read_record(path, kind, shown))
            self.files[path] = cached
        return cached[1]


def load(data_dir: str | os.PathLike[str], cache: FileCache | None = None) -> Loaded:
    """Read, check and cross-check every record; raise PlaybookError listing every problem.

    With a `cache`, unchanged data is read only once (see FileCache).
    """
    data_dir = Path(data_dir)
    files, problems = _list_files(data_dir)
    key = (str(data_dir.resolve()), tuple(_stat_key(p) for _, p in files))
    if cache is not None and not problems and cache.last is not None and cache.last[0] == key:
        return cache.last[1]
    records: dict[str, dict[str, Record]] = {k.kind: {} for k in KINDS}
    paths: dict[tuple[str, str], str] = {}
    documents: dict[tuple[str, str], Document] = {}
    for kind, path in files:
        shown = display_path(path)
        record, doc, found = cache.read(path, kind, shown) if cache is not None else read_record(path, kind, shown)
        problems += found
        if record is not None and doc is not None:
            records[kind.kind][path.stem] = record
            paths[(kind.kind, path.stem)] = shown
            documents[(kind.kind, path.stem)] = doc
    catalog = Catalog(records=records, paths=paths)
    existing = {(kind.kind, path.stem) for kind, path in files} | text_checks.misnamed_ids(data_dir)
    problems += checks.cross_record(catalog, documents, existing)
    problems += renames.check(catalog, documents)
    if not any(p.severity == "error" for p in problems):
        problems += checks.lint(catalog, documents)
    if any(p.severity == "error" for p in problems):
        raise PlaybookError(problems)
    loaded = Loaded(catalog, tuple(sorted(problems)))
    if cache is not None:
        cache.last = (key, loaded)
    return loaded


def _stat_key(path: Path) -> tuple[str, int, int]:
    st = path.stat()
    return (path.name, st.st_size, st.st_mtime_ns)


def _list_files(data_dir: Path) -> tuple[list[tuple[type[Record], Path]], list[Problem]]:
    shown_dir = display_path(data_dir)
    if not data_dir.is_dir():
        return [], [Problem(shown_dir, 1, 1, "", "data folder not found", "run from the project folder, or pass --data DIR")]
    files: list[tuple[type[Record], Path]] = []
    problems: list[Problem] = []
    real_data = data_dir.resolve()
    try:
        entries = sorted(data_dir.iterdir())
    except OSError as exc:
        return [], [Problem(shown_dir, 1, 1, "", f"cannot read the folder: {_reason(exc)}", "check its permissions")]
    for entry in entries:
        if entry.name.startswith("."):
            continue
        kind = KIND_BY_FOLDER.get(entry.name)
        if kind is None or not entry.is_dir():
            folders = ", ".join(k.folder for k in KINDS)
            problems.append(Problem(display_path(entry), 1, 1, "", "not a folder of records", f"records live in these folders: {folders}"))
            continue
        if (outside := _leaves(entry, real_data)) is not None:
            problems.append(outside)
            continue
        try:
            paths = sorted(entry.iterdir())
        except OSError as exc:
            problems.append(Problem(display_path(entry), 1, 1, "", f"cannot read the folder: {_reason(exc)}", "check its permissions"))
            continue
        for path in paths:
            if path.name.startswith("."):
                continue
            if (outside := _leaves(path, real_data)) is not None:
                problems.append(outside)
                continue
            if path.suffix != SUFFIX or not path.is_file():
                misnamed = text_checks.misnamed(path, display_path(path))
                problems.append(
                    misnamed
                    or Problem(
                        display_path(path), 1, 1, "", f"not a {SUFFIX} record file", f"name record files <id>{SUFFIX}, or move this file out of {shown_dir}/"
                    )
                )
                continue
            if not ID_RE.match(path.stem):
                problems.append(
                    Problem(
                        display_path(path),
                        1,
                        1,
                        "",
                        f"'{path.stem}' is not a valid id",
                        "rename the file with lowercase letters, digits and single hyphens, e.g. working-backwards.yml",
                    )
                )
                continue
            if (why := reserved_reason(kind.folder, path.stem, data_dir.parent / "docs")) is not None:
                problems.append(
                    Problem(
                        display_path(path), 1, 1, "", f"{why}, so this record's page would replace it", f"rename the file, e.g. {path.stem}-{kind.kind}{SUFFIX}"
                    )
                )
                continue
            files.append((kind, path))
    return files, problems


def _leaves(path: Path, real_data: Path) -> Problem | None:
    """A problem when `path` is a symlink that points outside the data folder (or nowhere)."""
    if not path.is_symlink():
        return None
    target = path.resolve()
    if target.is_relative_to(real_data) and target.exists():
        return None
    return Problem(
        display_path(path),
        1,
        1,
        "",
        "a symbolic link that points outside the data folder",
        "put the record itself here: links could publish any file on this machine",
    )


def _reason(exc: OSError) -> str:
    reason = exc.strerror or type(exc).__name__
    return reason[:1].lower() + reason[1:]


def read_record(path: Path, kind: type[Record], shown: str) -> tuple[Record | None, Document | None, list[Problem]]:
    """Parse and validate one file. Returns the record (or None) and the problems found."""
    text = None
    try:
        check_size(path.stat().st_size)
        with path.open("rb") as file:
            raw = file.read(MAX_BYTES + 1)  # a file that grows, or lies about its size (/proc), stops here
        text = decode(raw)
        doc = parse(text)
    except StrictYamlError as exc:
        return None, None, [Problem(shown, exc.line, exc.col, "", exc.message, text_checks.syntax_hint(exc.line, exc.hint, text))]
    except OSError as exc:
        return None, None, [Problem(shown, 1, 1, "", f"cannot read the file: {_reason(exc)}", "check its permissions")]
    elsewhere = text_checks.wrong_folder(doc, kind, shown)
    if elsewhere is not None:
        return None, None, [elsewhere]
    problems: list[Problem] = []
    first_line = text.split("\n", 1)[0].rstrip()  # CRLF and trailing spaces are harmless
    if first_line != modeline(kind):
        problems.append(Problem(shown, 1, 1, "", "first line must name the record's schema", f"make line 1 exactly: {modeline(kind)}"))
    if not isinstance(doc.data, dict):
        # Never echo the text: this may be any file (a token, say) that is not a record.
        got = "text" if isinstance(doc.data, str) else describe(doc.data)
        problems.append(
            Problem(
                shown,
                *doc.where(()),
                "",
                f"expected the fields of a {kind.kind}, got {got}",
                f"start from a skeleton: python -m playbook new {kind.kind} {path.stem}",
            )
        )
        return None, None, problems
    lines = text.splitlines()
    nulls = text_checks.null_paths(doc, lines)
    merged, replaced = text_checks.merged_steps(doc, lines, kind, shown)
    problems += merged + text_checks.future_review(doc, shown)
    holes = sorted(placeholders(doc.data))
    problems += [Problem(shown, *doc.where(path), field_label(path), f"still says '{PLACEHOLDER}'", "write the real value here") for path in holes]
    try:
        record = kind.model_validate(doc.data)
    except ValidationError as exc:
        found = [
            _translate(dict(err), doc, shown, kind)
            for err in exc.errors(include_url=False)
            if not any(tuple(err["loc"][: len(h)]) == h for h in [*holes, *replaced])
        ]
        # A misspelt field is reported once, as unknown, not a second time as missing.
        meant = {(p.field.rpartition(".")[0], p.hint.split("'")[1]) for p in found if p.message == "unknown field" and "'" in p.hint}
        problems += text_checks.explain_nulls([p for p in found if not (p.message == _MISSING and _split(p.field) in meant)], nulls)
        return None, None, problems
    return record, doc, problems


#: What `python -m playbook new` writes where an editor must fill something in.
PLACEHOLDER = "TODO"

_MISSING = "required field is missing"


def placeholders(value: object, path: tuple = ()) -> Iterator[tuple]:
    """Paths of every value that is still the placeholder."""
    if value == PLACEHOLDER:
        yield path
    elif isinstance(value, dict):
        for key, child in value.items():
            yield from placeholders(child, path + (key,))
    elif isinstance(value, list):
        for i, child in enumerate(value):
            yield from placeholders(child, path + (i,))


def _split(label: str) -> tuple[str, str]:
    parent, _, name = label.rpartition(".")
    return parent, name


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


_PATTERNS = {
    r"^[a-z0-9]+(?:-[a-z0-9]+)*$": ("is not a valid id", "ids use lowercase letters, digits and single hyphens, e.g. 'working-backwards'"),
    r"^\d{4}$": ("expected a year", "write four digits, e.g. 2015"),
    r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$": ("expected a date", "write YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2022-02-03"),
    r"^(https?://|mailto:)\S+$": ("expected a web address", "start it with https://, http:// or mailto:"),
    r"^[A-Za-z0-9&]*[A-Z][A-Za-z0-9&]*[A-Z][A-Za-z0-9&]*$": (
        "is not an abbreviation",
        "write it as it appears in text, with at least two capital letters, e.g. NPS or FP&A; other names go under aliases",
    ),
}


def _translate(err: dict, doc: Document, shown: str, kind: type[Record]) -> Problem:
    loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p[:1].isupper()))  # drop union branch names
    label = field_label(loc)
    kind_, value, ctx = err["type"], err.get("input"), err.get("ctx") or {}
    line, col = doc.where(loc)
    if kind_ == "value_error" and isinstance(ctx.get("error"), RichTextError):
        bound = ctx["error"]
        where = f" (line {bound.line} of the text)" if "\n" in str(value) else ""
        return Problem(shown, line, col, label, f"{bound.message}{where}", bound.hint)
    if kind_ == "missing":
        parent = loc[:-1]
        line, col = doc.where(parent)
        return Problem(shown, line, col, label, _MISSING, f"add '{loc[-1]}:' with a value")
    if kind_ == "extra_forbidden":
        line, col = doc.where_key(loc)
        allowed = _allowed_fields(kind, loc[:-1])
        guess = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
        hint = f"did you mean '{guess[0]}'?" if guess else f"allowed fields: {', '.join(allowed)}"
        return Problem(shown, line, col, label, "unknown field", hint)
    if value is None or kind_ == "string_too_short" or (kind_ == "too_short" and isinstance(value, str)):
        return Problem(shown, line, col, label, "is empty", _EMPTY_HINT[_is_optional(kind, loc)])
    if kind_ == "string_type":
        hint = "text that contains ': ' must be in quotes" if isinstance(value, dict) else "write it as text, or use '>-' for long text"
        return Problem(shown, line, col, label, f"expected text, got {describe(value)}", hint)
    if kind_ == "list_type":
        return Problem(shown, line, col, label, f"expected a list, got {describe(value)}", "write each item on its own line, starting with '- '")
    if kind_ in ("model_type", "dict_type", "model_attributes_type"):
        return Problem(shown, line, col, label, f"expected fields (name: value), got {describe(value)}", "indent the fields under this key")
    if kind_.startswith("date") or kind_.startswith("datetime"):
        return Problem(shown, line, col, label, f"expected a date, got {describe(value)}", "write it as YYYY-MM-DD, e.g. 2026-01-31")
    if kind_ in ("bool_type", "bool_parsing"):
        return Problem(shown, line, col, label, f"expected true or false, got {describe(value)}", "write true or false")
    if kind_ in ("int_parsing", "int_type", "int_from_float"):
        return Problem(shown, line, col, label, f"expected a whole number, got {describe(value)}", "write digits only, e.g. 2")
    if kind_ in ("greater_than_equal", "less_than_equal"):
        bound = f"at least {ctx.get('ge')}" if kind_ == "greater_than_equal" else f"at most {ctx.get('le')}"
        hint = "a percentage: a whole number from 1 to 100" if loc[-1] == "reached_at_percent" else "positions count from 1"
        return Problem(shown, line, col, label, f"must be {bound}, got {describe(value)}", hint)
    if kind_ == "literal_error":
        return Problem(shown, line, col, label, f"expected one of {ctx.get('expected')}, got {describe(value)}", "use one of the listed words exactly")
    if kind_ == "string_pattern_mismatch":
        message, hint = _PATTERNS.get(ctx.get("pattern", ""), ("has the wrong form", ""))
        return Problem(shown, line, col, label, f"{describe(value)} {message}" if "id" in message else f"{message}, got {describe(value)}", hint)
    if kind_ == "too_short":
        n = ctx.get("min_length", 1)
        return Problem(shown, line, col, label, f"needs at least {n} item{'s' if n != 1 else ''}", "add items, each on its own line starting with '- '")
    return Problem(shown, line, col, label, err["msg"], "")  # pragma: no cover - a type the model does not use yet


_EMPTY_HINT = {False: "write a value after the colon", True: "write a value after the colon, or remove the line"}


def _model_at(kind: type[Record], loc: tuple) -> type[BaseModel] | None:
    """The pydantic model that holds the field at `loc` (a path of field names and indexes)."""
    model: type[BaseModel] | None = kind
    for part in loc:
        if isinstance(part, int):
            continue
        model = _model_in(model.model_fields[part].annotation) if model is not None and part in model.model_fields else None
    return model


def _allowed_fields(kind: type[Record], loc: tuple) -> list[str]:
    model = _model_at(kind, loc)
    return list(model.model_fields) if model is not None else []


def _is_optional(kind: type[Record], loc: tuple) -> bool:
    names = [p for p in loc if isinstance(p, str)]
    model = _model_at(kind, loc[: max(i for i, p in enumerate(loc) if isinstance(p, str))] if names else ())
    field = model.model_fields.get(names[-1]) if model is not None and names else None
    return bool(field is not None and not field.is_required() and not isinstance(loc[-1], int))


def _model_in(annotation: object) -> type[BaseModel] | None:
    for candidate in (annotation, *typing.get_args(annotation)):
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return candidate
        for inner in typing.get_args(candidate):
            if isinstance(inner, type) and issubclass(inner, BaseModel):
                return inner
    return None
