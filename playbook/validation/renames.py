"""Renames keep people's ticks.

Ticks are saved in each reader's browser under a function's id and an item's id. A function or
checklist item that is renamed lists its earlier ids in `formerly`, and the site moves the ticks
saved under them the first time it loads (docs/assets/playbook.js). Two checks keep that honest:
`formerly` never names an id that is still in use, and `validate --base REF` notes when an id
known at REF, as an id or as an earlier id, is no longer an id or in any `formerly` (a second
rename that drops the first earlier id loses the ticks saved under it). Notes, not warnings:
removing an item on purpose is an editor's right, so they never fail.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

from ..catalog import Catalog
from ..characters import first_refused, shown
from ..fields import ID_RE
from ..model import Function
from .problems import Problem, field_label
from .strict_yaml import Document, StrictYamlError, check_size, decode, parse


def check(catalog: Catalog, documents: dict[tuple[str, str], Document]) -> list[Problem]:
    """Errors: an earlier id that is still in use, or that two records claim."""
    problems: list[Problem] = []
    claimed: dict[str, str] = {}
    for fid, fn in sorted(catalog.of(Function).items()):
        doc = documents.get((Function.kind, fid))
        shown = catalog.paths[(Function.kind, fid)]
        where = doc.where if doc else (lambda path: (1, 1))
        for i, old in enumerate(fn.formerly):
            path: tuple[str | int, ...] = ("formerly", i)
            if old in catalog.of(Function):
                problems.append(
                    Problem(
                        shown,
                        *where(path),
                        field_label(path),
                        f"'{old}' is still a function",
                        f"its ticks can move here only once playbook_data/functions/{old}.yml is gone: delete that file, or remove this line",
                    )
                )
            elif old in claimed:
                problems.append(
                    Problem(
                        shown,
                        *where(path),
                        field_label(path),
                        f"'{old}' is also listed by the function '{claimed[old]}'",
                        "ticks saved under an earlier id can move to one function only: keep it in one file",
                    )
                )
            claimed.setdefault(old, fid)
        current = {item.id for item in fn.checklist}
        items_claimed: dict[str, str] = {}
        for i, item in enumerate(fn.checklist):
            for j, old in enumerate(item.formerly):
                path = ("checklist", i, "formerly", j)
                if old in current:
                    problems.append(
                        Problem(
                            shown, *where(path), field_label(path), f"'{old}' is still an item of this checklist", "list only ids that no item has any more"
                        )
                    )
                elif old in items_claimed:
                    problems.append(
                        Problem(shown, *where(path), field_label(path), f"'{old}' is also listed by the item '{items_claimed[old]}'", "keep it on one item")
                    )
                items_claimed.setdefault(old, item.id)
    return problems


class BaseError(Exception):
    """The base revision cannot be read (not a git repository, no such commit here); `hint` says what to do."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.hint = hint


class RevisionError(ValueError):
    """A value given as the base revision that cannot name one (empty, an option, a space): a usage error."""


def check_revision(ref: str | None) -> str:
    """`ref` when it can name a git revision; RevisionError, one line, when it cannot.

    An unset CI variable gives '' or 'origin/'; a value starting with '-' would reach git as an
    option. Neither is ever passed to git.
    """
    hint = "name a git revision, e.g. origin/main"
    if ref is None or not ref.strip():
        raise RevisionError(f"is empty: {hint} (is the variable that should name it set?)")
    refused = first_refused(ref, "line")
    if refused is not None:
        raise RevisionError(f"'{shown(ref)}' holds {refused.described}: {hint}")
    if ref.startswith("-"):
        raise RevisionError(f"'{ref}' looks like an option, not a git revision: {hint}")
    if any(c.isspace() for c in ref):
        raise RevisionError(f"'{ref}' holds a space, which no branch or tag name has: {hint} (is the variable that names it quoted right?)")
    if ref.endswith("/"):
        raise RevisionError(f"'{ref}' ends with '/': {hint} (is the variable that should name the branch set?)")
    return ref


@dataclass(frozen=True)
class _Known:
    """A function as it was at the base: its id, earlier ids, and the ids (and earlier ids) of its items."""

    formerly: tuple[str, ...]
    items: dict[str, tuple[str, ...]]


def removed_since(catalog: Catalog, data_dir: Path, ref: str) -> list[Problem]:
    """A note for each function or checklist item id known at `ref`, as an id or an earlier id,
    that no function or item now has as its id or lists in `formerly`: ticks saved under it are lost.

    Raises RevisionError when `ref` cannot name a revision, BaseError when it names none here.
    """
    check_revision(ref)
    top, folder = _functions_folder(data_dir)
    commit = _commit(top, ref)
    shown_folder = f"{data_dir.as_posix().rstrip('/')}/functions"
    known, problems = _known_at(top, commit, folder, shown_folder, ref)
    functions = catalog.of(Function)
    owner_of = {old: fid for fid, fn in functions.items() for old in fn.formerly} | {fid: fid for fid in functions}
    places = _Places()
    for old_fid, was in sorted(known.items()):
        fid = owner_of.get(old_fid) or next((owner_of[o] for o in was.formerly if o in owner_of), None)
        if fid is None:
            problems.append(
                Problem(
                    f"{shown_folder}/{old_fid}.yml",
                    1,
                    1,
                    "",
                    f"the function '{old_fid}' (in {ref}) is gone: ticks people saved under it will be lost",
                    f"if it was renamed, add 'formerly: [{old_fid}]' to the new file; if it was removed on purpose, nothing needs doing",
                    severity="note",
                )
            )
            continue
        shown = catalog.paths[(Function.kind, fid)]
        for old in was.formerly:
            if old not in owner_of:
                problems.append(
                    Problem(
                        shown,
                        *places.where(shown, ("formerly",), key=True),
                        "formerly",
                        f"'{old}', an earlier id of the function '{old_fid}' in {ref}, is no longer an id or in any 'formerly': "
                        "ticks people saved under it will be lost",
                        f"keep '{old}' in 'formerly' when you rename again: add it to the 'formerly' of '{fid}'",
                        severity="note",
                    )
                )
        fn = functions[fid]
        kept = {item.id for item in fn.checklist} | {old for item in fn.checklist for old in item.formerly}
        # The item that holds an id now, as its id or an earlier one: where a dropped earlier id goes back.
        index = {old: i for i, item in enumerate(fn.checklist) for old in item.formerly} | {item.id: i for i, item in enumerate(fn.checklist)}
        for item_id, earlier in was.items.items():
            if item_id not in kept:
                problems.append(
                    Problem(
                        shown,
                        *places.where(shown, ("checklist",), key=True),
                        "checklist",
                        f"the item '{item_id}' (in {ref}) is gone: ticks people saved under it will be lost",
                        f"if it was renamed, add 'formerly: [{item_id}]' to the renamed item; if it was removed on purpose, nothing needs doing",
                        severity="note",
                    )
                )
            for old in earlier:
                if old not in kept:
                    at: tuple[str | int, ...] = ("checklist", index[item_id]) if item_id in index else ("checklist",)
                    if item_id in index and fn.checklist[index[item_id]].formerly:
                        at += ("formerly",)  # where the earlier id goes back
                    problems.append(
                        Problem(
                            shown,
                            *places.where(shown, at, key=at[-1] != index.get(item_id)),
                            field_label(at),
                            f"'{old}', an earlier id of the item '{item_id}' in {ref}, is no longer an id or in any 'formerly': "
                            "ticks people saved under it will be lost",
                            f"keep '{old}' in the 'formerly' of the item that took its place",
                            severity="note",
                        )
                    )
    return problems


def _functions_folder(data_dir: Path) -> tuple[Path, str]:
    """The repository's top folder, and the functions' folder relative to it."""
    try:
        top = Path(_git(data_dir, "rev-parse", "--show-toplevel").decode("utf-8", "surrogateescape").strip())
    except BaseError as exc:
        if str(exc).startswith("git is not available"):
            raise
        raise BaseError(f"{data_dir.as_posix()} is not in a git repository", "run validate --base in a clone of the playbook's repository") from None
    try:
        rel = data_dir.resolve().relative_to(top.resolve()).as_posix()
    except ValueError:
        raise BaseError(f"{data_dir.as_posix()} is not inside the git repository at {top.as_posix()}", "run validate in that repository") from None
    return top, f"{rel}/functions" if rel != "." else "functions"


def _commit(top: Path, ref: str) -> str:
    """The commit `ref` names, as a hash: only the hash reaches git's other commands."""
    try:
        return _git(top, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}").decode("ascii").strip()
    except BaseError:
        shallow = _git(top, "rev-parse", "--is-shallow-repository").strip() == b"true"
        why = "this clone is shallow and holds no commit of that name" if shallow else "no commit of that name in this repository"
        raise BaseError(why, f"fetch it first, e.g. git fetch origin {ref.split('/')[-1]}") from None


def _known_at(top: Path, commit: str, folder: str, shown_folder: str, ref: str) -> tuple[dict[str, _Known], list[Problem]]:
    """Every function at `commit`: its earlier ids and its items' ids; and a note for each file that cannot be read there."""
    listing = _git(top, "ls-tree", "-r", "-z", "-l", "--end-of-options", commit, "--", f"{folder}/")
    known: dict[str, _Known] = {}
    problems: list[Problem] = []
    for entry in filter(None, listing.split(b"\0")):
        meta, _, raw_path = entry.partition(b"\t")
        _mode, kind, blob, size = meta.split()
        name = Path(raw_path.decode("utf-8", "surrogateescape")).name
        fid = name.removesuffix(".yml")
        if kind != b"blob" or not name.endswith(".yml") or not ID_RE.match(fid):
            continue  # not a record at the base either: nothing was saved under it
        try:
            check_size(int(size))
            data = parse(decode(_git(top, "cat-file", "blob", blob.decode("ascii")))).data
        except StrictYamlError as exc:
            problems.append(
                Problem(
                    f"{shown_folder}/{name}",
                    1,
                    1,
                    "",
                    f"cannot read it as it was in {ref}: {exc.message}{f' (line {exc.line})' if exc.line > 1 else ''}",
                    f"its ids in {ref} are not compared with today's; if that version was broken, nothing needs doing",
                    severity="note",
                )
            )
            continue
        known[fid] = _read_known(data)
    return known, problems


def _read_known(data: object) -> _Known:
    fields = data if isinstance(data, dict) else {}
    checklist = fields.get("checklist")
    items: dict[str, tuple[str, ...]] = {}
    for item in checklist if isinstance(checklist, list) else []:
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            items.setdefault(item["id"], _ids(item.get("formerly")))
    return _Known(_ids(fields.get("formerly")), items)


def _ids(value: object) -> tuple[str, ...]:
    return tuple(v for v in value if isinstance(v, str)) if isinstance(value, list) else ()


class _Places:
    """Lines and columns in today's function files, each file read once."""

    def __init__(self) -> None:
        self.documents: dict[str, Document | None] = {}

    def where(self, shown: str, path: tuple[str | int, ...], key: bool = False) -> tuple[int, int]:
        if shown not in self.documents:
            try:
                self.documents[shown] = parse(decode(Path(shown).read_bytes()))
            except (OSError, StrictYamlError):
                self.documents[shown] = None
        doc = self.documents[shown]
        if doc is None:
            return (1, 1)
        return doc.where_key(path) if key else doc.where(path)


def _git(cwd: Path, *args: str) -> bytes:
    try:
        result = subprocess.run(["git", "-C", str(cwd), *args], capture_output=True)
    except OSError as exc:
        raise BaseError(f"git is not available: {exc}") from None
    if result.returncode != 0:
        said = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise BaseError(shown(said[-1]) if said else f"git {args[0]} failed")
    return result.stdout
