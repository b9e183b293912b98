"""Load `playbook_data/` into a validated Catalog, or report every problem at once."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from ..catalog import Catalog
from ..fields import ID_MAX, ID_RE
from ..model import KIND_BY_FOLDER, KINDS, Record
from . import checks, messages, renames, shape, text_checks
from .problems import PlaybookError, Problem, field_label
from .reserved import reserved_reason
from .shape import allowed_fields
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
    moved: set[tuple[str, str]] = set()
    for kind, path in files:
        shown = display_path(path)
        record, doc, found = cache.read(path, kind, shown) if cache is not None else read_record(path, kind, shown)
        problems += found
        if record is not None and doc is not None:
            records[kind.kind][path.stem] = record
            paths[(kind.kind, path.stem)] = shown
            documents[(kind.kind, path.stem)] = doc
        elif doc is not None and (other := text_checks.belongs_to(doc, kind)) is not None:
            moved.add((other.kind, path.stem))  # in the wrong folder: references to it are not unknown
    catalog = Catalog(records=records, paths=paths)
    existing = {(kind.kind, path.stem) for kind, path in files} | text_checks.unread_ids(data_dir) | moved
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
            problems.append(_not_a_folder(entry, shown_dir))
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
                problems.append(text_checks.not_a_record(path, display_path(path), shown_dir))
                continue
            if ID_RE.match(path.stem) and len(path.stem) > ID_MAX:
                problems.append(
                    Problem(
                        display_path(path),
                        1,
                        1,
                        "",
                        f"the id '{path.stem}' is {len(path.stem):,} characters long; at most {ID_MAX} fit an id",
                        "rename the file with a shorter id: the title says what it is, the id only names it",
                        cause=True,
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
                        cause=True,
                    )
                )
                continue
            if (why := reserved_reason(kind.folder, path.stem, data_dir.parent / "docs")) is not None:
                problems.append(
                    Problem(
                        display_path(path),
                        1,
                        1,
                        "",
                        f"{why}, so this record's page would replace it",
                        f"rename the file, e.g. {path.stem}-{kind.kind}{SUFFIX}",
                        cause=True,
                    )
                )
                continue
            files.append((kind, path))
    return files, problems


def _not_a_folder(entry: Path, shown_dir: str) -> Problem:
    folders = ", ".join(f"{k.folder}/" for k in KINDS)
    if not entry.is_dir():
        where = f"records live in folders, not directly in {shown_dir}/"
        kind = text_checks.kind_of_file(entry) if text_checks.meant_id(entry.name) is not None else None
        if kind is not None:
            return Problem(display_path(entry), 1, 1, "", where, f"these are the fields of a {kind.kind}: move it to {shown_dir}/{kind.folder}/", cause=True)
        return Problem(display_path(entry), 1, 1, "", where, f"move it into its kind's folder: {folders}", cause=True)
    meant = text_checks.folder_meant(entry.name)
    if meant is not None:
        return Problem(display_path(entry), 1, 1, "", "not a folder of records", f"did you mean {meant.folder}/? Rename the folder", cause=True)
    return Problem(display_path(entry), 1, 1, "", "not a folder of records", f"records live in these folders: {folders}", cause=True)


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
        cause=True,
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
        doc = parse(text, lambda path: allowed_fields(kind, path))
    except StrictYamlError as exc:
        return None, None, [Problem(shown, exc.line, exc.col, "", exc.message, text_checks.syntax_hint(exc.line, exc.hint, text))]
    except OSError as exc:
        return None, None, [Problem(shown, 1, 1, "", f"cannot read the file: {_reason(exc)}", "check its permissions")]
    first_line = text.split("\n", 1)[0].rstrip()  # CRLF and trailing spaces are harmless
    elsewhere = text_checks.wrong_folder(doc, kind, shown, first_line)
    if elsewhere is not None:
        return None, doc, [elsewhere]
    problems: list[Problem] = []
    if first_line != modeline(kind):
        problems.append(Problem(shown, 1, 1, "", "first line must name the record's schema", f"make line 1 exactly: {modeline(kind)}"))
    if not isinstance(doc.data, dict):
        # Never echo the text: this may be any file (a token, say) that is not a record.
        got = "text" if isinstance(doc.data, str) else messages.describe(doc.data)
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
        errors: list[dict] = [dict(err) for err in exc.errors(include_url=False)]
        shaped = shape.examine(kind, doc, lines, errors, shown)
        kept = [err for i, err in enumerate(errors) if i not in shaped.explained and not any(tuple(err["loc"][: len(h)]) == h for h in [*holes, *replaced])]
        # A misspelt field is reported once, as unknown, not a second time as missing.
        unknown = [messages.location(err) for err in kept if err["type"] == "extra_forbidden"]
        meant = {(loc[:-1], guess) for loc in unknown if (guess := messages.meant(kind, loc))}
        found = [messages.translate(err, doc, shown, kind) for err in kept if not (err["type"] == "missing" and _split(messages.location(err)) in meant)]
        problems += shaped.problems
        problems += text_checks.explain_nulls(found, nulls)
        return None, None, problems
    return record, doc, problems


#: What `python -m playbook new` writes where an editor must fill something in.
PLACEHOLDER = "TODO"


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


def _split(loc: tuple) -> tuple[tuple, str]:
    return loc[:-1], str(loc[-1])
