"""Renames keep people's ticks.

Ticks are saved in each reader's browser under a function's id and an item's id. A function or
checklist item that is renamed lists its earlier ids in `formerly`, and the site moves the ticks
saved under them the first time it loads (docs/assets/playbook.js). Two checks keep that honest:
`formerly` never names an id that is still in use, and `validate --base REF` notes when an id
that existed at REF is gone and no record claims it.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from ..catalog import Catalog
from ..model import Function
from .problems import Problem, field_label
from .strict_yaml import Document, StrictYamlError, parse


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
    """The base revision cannot be read (not a git repository, unknown ref)."""


def removed_since(catalog: Catalog, data_dir: Path, ref: str) -> list[Problem]:
    """A note for each function or checklist item id present at `ref` that is gone now and unclaimed.

    Notes, not warnings: removing an item on purpose is an editor's right, so this never fails.
    """
    top = Path(_git(data_dir, "rev-parse", "--show-toplevel").strip())
    rel = data_dir.resolve().relative_to(top.resolve()).as_posix()
    folder = f"{rel}/functions" if rel != "." else "functions"
    names = [n for n in _git(top, "ls-tree", "-r", "--name-only", ref, "--", f"{folder}/").splitlines() if n.endswith(".yml")]
    shown_folder = f"{data_dir.as_posix().rstrip('/')}/functions"
    owner_of = {old: fid for fid, fn in catalog.of(Function).items() for old in fn.formerly}
    problems: list[Problem] = []
    for name in sorted(names):
        old_fid = Path(name).stem
        fid = old_fid if old_fid in catalog.of(Function) else owner_of.get(old_fid)
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
        fn = catalog.of(Function)[fid]
        kept = {item.id for item in fn.checklist} | {old for item in fn.checklist for old in item.formerly}
        for item_id in _item_ids(top, ref, name):
            if item_id not in kept:
                shown = catalog.paths[(Function.kind, fid)]
                problems.append(
                    Problem(
                        shown,
                        *_checklist_line(shown),
                        "checklist",
                        f"the item '{item_id}' (in {ref}) is gone: ticks people saved under it will be lost",
                        f"if it was renamed, add 'formerly: [{item_id}]' to the renamed item; if it was removed on purpose, nothing needs doing",
                        severity="note",
                    )
                )
    return problems


def _checklist_line(shown: str) -> tuple[int, int]:
    try:
        return parse(Path(shown).read_text(encoding="utf-8")).where_key(("checklist",))
    except (OSError, UnicodeDecodeError, StrictYamlError):
        return (1, 1)


def _item_ids(top: Path, ref: str, name: str) -> list[str]:
    try:
        data = parse(_git(top, "show", f"{ref}:{name}")).data
    except StrictYamlError:
        return []
    checklist = data.get("checklist") if isinstance(data, dict) else None
    return [item["id"] for item in checklist or [] if isinstance(item, dict) and isinstance(item.get("id"), str)]


def _git(cwd: Path, *args: str) -> str:
    try:
        result = subprocess.run(["git", "-C", str(cwd), *args], capture_output=True, text=True, encoding="utf-8")
    except OSError as exc:
        raise BaseError(f"git is not available: {exc}") from None
    if result.returncode != 0:
        raise BaseError(result.stderr.strip().splitlines()[-1] if result.stderr.strip() else f"git {args[0]} failed")
    return result.stdout
