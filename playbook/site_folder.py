"""Which folder a build may use as its site, and which folders it may delete.

A site folder is refused (`PublishError`, exit code 2) when it is, contains, or lies inside the
project's sources: the project or repository folder; a protected part of the project (its data,
`docs/`, `.git`, the builder's code, ...); or, in a Git checkout, any folder below the project that
holds files tracked by Git (`scripts/out` and `.github/site` lie in the sources; `site/`, ignored,
does not). Without Git (no checkout, no `git` command) the fixed list `PROTECTED` is the rule.

A folder is this tool's, and may be replaced or deleted, only when it is a real folder (not a
link) that is empty or holds the marker file (`MARKER`), and holds no Git repository anywhere
inside: no `.git` (a folder, or a file as in a worktree) and no folder that is a bare repository
(`HEAD`, `objects/` and `refs/`, as in `backup.git/`).

`claim_for_engine` applies the same rule to a build that MkDocs (or ProperDocs) runs without
`playbook build` (`mkdocs build -d DIR`, `site_dir` in a configuration, `mkdocs serve`'s own
folder): MkDocs empties the site folder itself, right after its `on_config` event, so the hook
refuses there, before anything is deleted, and marks the folder it accepts as this tool's.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

#: The parts of a project that a build must never replace: (name, what it is, to the person reading the message).
PROTECTED = (
    ("playbook_data", "the playbook's data"),
    ("docs", "the hand-written pages"),
    (".git", "the Git repository"),
    ("playbook", "the builder's source code"),
    ("overrides", "the theme overrides"),
    ("schema", "the JSON Schemas"),
    ("tests", "the tests"),
    ("macros.py", "the macros"),
    ("mkdocs.yml", "the MkDocs configuration"),
    ("scripts", "the project's scripts"),
    ("benchmarks", "the benchmarks"),
    (".github", "the CI workflows"),
    (".ci", "the CI scripts"),
    ("screenshots", "the screenshots"),
)

DIR_MODE, FILE_MODE = 0o755, 0o644
#: Open flags that keep a link or a fifo planted at one of our names from being followed or waited on (POSIX only).
_NOFOLLOW, _NONBLOCK = getattr(os, "O_NOFOLLOW", 0), getattr(os, "O_NONBLOCK", 0)

#: The file in every site this tool builds that says so; only a folder holding it is replaced.
MARKER = ".playbook-site"
MARKER_TEXT = (
    "This folder is a site built by the Customer Obsession Playbook (python -m playbook build).\n"
    "Each build replaces the whole folder: keep nothing else in it.\n"
)
#: What sites built before the marker existed always held (see `_legacy_site`).
LEGACY_FILES = ("index.html", "404.html", "sitemap.xml", "assets/playbook.js", "assets/playbook.css")
_GENERATOR = re.compile(rb'<meta name="generator" content="(mkdocs|properdocs)-', re.IGNORECASE)

#: The endings of the working names beside a site folder; a site's own name may not end so.
WORKING_SUFFIXES = (".playbook-staging", ".playbook-old", ".playbook-lock")


class WorkingNames(NamedTuple):
    """The paths beside the site folder `D/N` that a build of it may create, rename and delete."""

    staging: Path  # D/.N.playbook-staging
    old: Path  # D/.N.playbook-old
    lock: Path  # D/.N.playbook-lock


def working_names(target: Path) -> WorkingNames:
    """The working names of the site folder `target` (already resolved)."""
    staging, old, lock = (target.with_name(f".{target.name}{suffix}") for suffix in WORKING_SUFFIXES)
    return WorkingNames(staging, old, lock)


class PublishError(Exception):
    """A site folder that must not be used (exit_code 2) or a file-system failure (exit_code 1)."""

    def __init__(self, message: str, exit_code: int = 1):
        super().__init__(message)
        self.message, self.exit_code = message, exit_code


def check_site_dir(site_dir: Path, project_root: Path, shown: str | None = None) -> Path:
    """The resolved site folder, or a PublishError (exit code 2) when the build may not replace it:
    it would destroy project files, or it is not a site this tool built."""
    shown = shown or str(site_dir)
    target = Path(os.path.realpath(site_dir))  # follows a site/ that is a symlink into a web root
    root = Path(os.path.realpath(project_root))
    hint = "choose a new folder, e.g. --site-dir site"
    for repo in reversed(_repository_roots(root)):  # the outermost first: "is the repository" says more
        if target == repo or repo.is_relative_to(target):
            what = "the project folder" if repo == root else "the Git repository's folder"
            raise PublishError(f"refusing --site-dir {shown}: it {'is' if target == repo else 'contains'} {what}, which the build would replace ({hint})", 2)
    for name, what in PROTECTED:
        protected = Path(os.path.realpath(root / name))
        if target == protected or protected.is_relative_to(target) or target.is_relative_to(protected):
            relation = "is" if target == protected else ("contains" if protected.is_relative_to(target) else "lies inside")
            raise PublishError(f"refusing --site-dir {shown}: it {relation} {name} ({what}), which the build would replace ({hint})", 2)
    sources = _tracked_sources(target, root)
    if sources is not None:
        relation, folder = sources
        raise PublishError(f"refusing --site-dir {shown}: it {relation} {folder}, which holds files tracked by Git (the project's sources) ({hint})", 2)
    if target.name.endswith(WORKING_SUFFIXES):
        raise PublishError(f"refusing --site-dir {shown}: names ending in {', '.join(WORKING_SUFFIXES)} are the build's own working names ({hint})", 2)
    check_replaceable(target, shown)
    return target


def check_replaceable(target: Path, shown: str) -> None:
    """Refuse (exit 2) an existing `target` that is not a folder this tool may replace."""
    if not os.path.lexists(target):
        return
    if not stat.S_ISDIR(os.lstat(target).st_mode):
        raise PublishError(f"refusing --site-dir {shown}: it is a file, not a folder (remove it or choose another --site-dir)", 2)
    mine = _looks_ours(target, legacy=True)
    # Only a folder that looks like ours is searched all through: a home folder is refused at once.
    git = target / ".git" if os.path.lexists(target / ".git") else target if _bare_repository(target) else repository_inside(target) if mine else None
    if git is not None:
        inside = shown if git == target else os.path.join(shown, os.path.relpath(git, target))
        raise PublishError(
            f"refusing --site-dir {shown}: it holds a Git repository ({inside}), which the build would delete (choose a new folder, e.g. --site-dir site)", 2
        )
    if not mine:
        raise PublishError(
            f"refusing --site-dir {shown}: it holds files but no {MARKER} marker, so this tool did not build it, and the build would replace "
            "the whole folder (empty it or remove it yourself, or choose a new folder, e.g. --site-dir site)",
            2,
        )


def is_ours(folder: Path) -> bool:
    """True when `folder` is a folder this tool may delete: a real folder (not a link), empty or
    marked, with no Git repository anywhere inside."""
    return _looks_ours(folder) and repository_inside(folder) is None


def _looks_ours(folder: Path, legacy: bool = False) -> bool:
    """A real folder (not a link) that is empty, marked, or (with `legacy`) a site from before the marker."""
    try:
        return stat.S_ISDIR(os.lstat(folder).st_mode) and (is_marked(folder) or not _has_entries(folder) or (legacy and _legacy_site(folder)))
    except OSError:
        return False


def is_marked(folder: Path) -> bool:
    try:
        fd = os.open(folder / MARKER, os.O_RDONLY | _NOFOLLOW | _NONBLOCK)
    except OSError:
        return False  # missing, a symlink, unreadable
    with os.fdopen(fd, "rb") as marker:
        return stat.S_ISREG(os.fstat(fd).st_mode) and marker.read(len(MARKER_TEXT) + 1) == MARKER_TEXT.encode()


def _legacy_site(folder: Path) -> bool:
    """A site as versions before the marker wrote it: their files, an index.html made by MkDocs, and no marker at all
    (not even a broken one: the marker written into it must be a new file, not whatever that name links to)."""
    if os.path.lexists(folder / MARKER) or not all(stat.S_ISREG(_lstat_mode(folder / name)) for name in LEGACY_FILES):
        return False
    with open(folder / "index.html", "rb") as index:
        return bool(_GENERATOR.search(index.read(64 * 1024)))


def _lstat_mode(path: Path) -> int:
    try:
        return os.lstat(path).st_mode
    except OSError:
        return 0


def repository_inside(folder: Path) -> Path | None:
    """The first Git repository anywhere in `folder` (itself included), links not followed: a `.git`
    (folder, or file as in a worktree), or a bare repository's folder (`backup.git/`)."""
    for base, dirs, files in os.walk(folder):
        if ".git" in dirs or ".git" in files:
            return Path(base, ".git")
        if _BARE_FILES <= set(files) and _BARE_FOLDERS <= set(dirs):
            return Path(base)
    return None


#: What every bare repository holds (git init --bare), whatever its folder is called.
_BARE_FILES, _BARE_FOLDERS = frozenset({"HEAD"}), frozenset({"objects", "refs"})


def _bare_repository(folder: Path) -> bool:
    return os.path.isfile(folder / "HEAD") and all(os.path.isdir(folder / name) for name in _BARE_FOLDERS)


def write_marker(folder: Path, new: bool = False) -> None:
    """Write the marker into `folder` (with `new`, only where there is none yet)."""
    fd = os.open(folder / MARKER, os.O_WRONLY | os.O_CREAT | (os.O_EXCL if new else os.O_TRUNC) | _NOFOLLOW, FILE_MODE)
    with os.fdopen(fd, "w", encoding="utf-8") as marker:
        marker.write(MARKER_TEXT)


def _has_entries(folder: Path) -> bool:
    with os.scandir(folder) as entries:
        return any(True for _ in entries)


def _repository_roots(root: Path) -> list[Path]:
    """The project folder, and the folder of the Git repository around it (they differ in a monorepo)."""
    roots = [root]
    for folder in (root, *root.parents):
        if (folder / ".git").exists():
            if folder != root:
                roots.append(folder)
            break
    return roots


def _tracked_sources(target: Path, root: Path) -> tuple[str, str] | None:
    """How `target` meets the sources in a Git checkout: ("is"/"contains"/"lies inside", folder)
    when it is, holds or lies inside a folder that holds tracked files. The project folder (and
    the repository's) may hold the site, as `site/`; without Git, None (PROTECTED is the rule)."""
    top = _repository_roots(root)[-1]
    if not (top / ".git").exists() or not target.is_relative_to(top):
        return None
    try:
        listed = subprocess.run(["git", "-C", str(top), "ls-files", "-z"], capture_output=True, timeout=60, check=True).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    folders: set[tuple[str, ...]] = set()
    for path in listed.split(b"\0"):
        parts = tuple(os.fsdecode(path).split("/"))
        folders.update(parts[:n] for n in range(1, len(parts)))
    parts, project = target.relative_to(top).parts, root.relative_to(top).parts
    if parts in folders:
        return "is", "/".join(parts) + "/"
    for n in range(len(parts) - 1, 0, -1):
        if parts[:n] in folders and parts[:n] != project:
            return "lies inside", "/".join(parts[:n]) + "/"
    return None


#: The staging folders `publish` is building into in this process: MkDocs, run by `playbook build`,
#: builds there under the lock, after the checks above (see `claim_for_engine`).
_STAGING: set[str] = set()


@contextlib.contextmanager
def building_into(staging: Path) -> Iterator[None]:
    """While this lasts, `staging` is the folder of a build that `publish` checked and locked."""
    key = os.path.realpath(staging)
    _STAGING.add(key)
    try:
        yield
    finally:
        _STAGING.discard(key)


def claim_for_engine(site_dir: Path, project_root: Path, shown: str) -> None:
    """Make sure a build that MkDocs runs by itself may empty `site_dir` (it does, right after its
    `on_config` event): the folder `publish` is building into, or one `check_site_dir` accepts. An
    existing folder is marked as this tool's at once (`mkdocs serve`'s own folder, rebuilt at each
    save); a new one when MkDocs starts writing (`mark_for_engine`)."""
    if os.path.realpath(site_dir) in _STAGING:
        return
    target = check_site_dir(site_dir, project_root, shown)
    if os.path.isdir(target):
        mark_for_engine(site_dir, shown)


def mark_for_engine(site_dir: Path, shown: str) -> None:
    """Create and mark the folder a build MkDocs runs by itself writes (checked by `claim_for_engine`),
    so that the next plain build accepts it too."""
    if os.path.realpath(site_dir) in _STAGING:
        return
    target = Path(os.path.realpath(site_dir))
    try:
        os.makedirs(target, DIR_MODE, exist_ok=True)
        if not is_marked(target):
            write_marker(target, new=True)  # claim_for_engine let through no marker of another kind
    except OSError as exc:
        raise PublishError(f"not built: cannot create {shown}/: {exc.strerror or exc} (choose a --site-dir you can write to).") from None
