"""Putting a built site in place without ever destroying anything.

`publish(site_dir, project_root, build_into)` is the only way the site folder is written. Call the folder the site
path resolves to `D/N` (a site path that is a symlink is followed, and the link is kept). A build touches exactly
these paths, and nothing else:

- `D/N`, the site: created, or **replaced only when it is this tool's**: a folder that is empty, or that holds the
  marker file `D/N/.playbook-site` (a regular file, not a link, with the text this tool writes), or, for sites built
  before the marker existed, that has the exact layout earlier versions wrote (an MkDocs `index.html` and `404.html`,
  `sitemap.xml`, `assets/playbook.js` and `assets/playbook.css`, and no `.playbook-site` of any kind; the marker is
  added to it, as a new file, before it is replaced). A folder with a `.git` anywhere inside is never replaced, marker
  or not; it is checked again just before the swap. Anything else is refused with one line (exit 2) before the build
  starts. A marker copied into a foreign folder by hand makes that folder replaceable: that is what the marker says.
- `D/.N.playbook-lock`, created and kept: one build per site folder at a time holds an `fcntl.flock` on it, from start
  to finish, so a second build waits instead of racing.
- `D/.N.playbook-staging`, created (with its marker first), filled by the build, then swapped with the site in one
  atomic `renameat2(RENAME_EXCHANGE)`; it then holds the previous site and is deleted.
- `D/.N.playbook-old`, only where the file system cannot exchange two folders: the previous site is renamed to it, the
  new one renamed into place, and it is deleted.
- The missing parents of `D/N` are created (never deleted).

The three working names are fixed, not patterns: no build ever lists the parent folder or matches a prefix. Site names
ending in `.playbook-staging`, `.playbook-old` or `.playbook-lock` are refused, so one site's working names can never
be another site's folder or working names (`.a.playbook-old` is `a`'s and nobody else's). Under the lock, whatever a
killed build left is recovered before the next build starts: a `.N.playbook-old` with no site is put back, and a
leftover `.N.playbook-staging` or `.N.playbook-old` is deleted, but only when it is this tool's by the rule above (a
folder of the same name that is not is refused, never deleted). Folders are deleted marker last, so a deletion cut
short still leaves a folder the next build recognises. Names older versions used (`.N-xxxx`, `.N-old`, `.N.lock`) are
left alone.

The site folder is also refused when it is, contains, or lies inside the project's sources, its data, `docs/` or
`.git`, or is or contains the repository root. The published site is world-readable (folders 0755, files 0644), as a
web server running as another user needs it. Every file-system failure becomes a `PublishError` with one line for the
person at the terminal.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import re
import shutil
import stat
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import NamedTuple

try:
    import fcntl
except ImportError:  # Windows: no flock; builds of one folder are then not serialised
    fcntl = None  # type: ignore[assignment]

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
    if target.name.endswith(WORKING_SUFFIXES):
        raise PublishError(f"refusing --site-dir {shown}: names ending in {', '.join(WORKING_SUFFIXES)} are the build's own working names ({hint})", 2)
    _check_replaceable(target, shown)
    return target


def _check_replaceable(target: Path, shown: str) -> None:
    """Refuse (exit 2) an existing `target` that is not a folder this tool may replace."""
    if not os.path.lexists(target):
        return
    if not stat.S_ISDIR(os.lstat(target).st_mode):
        raise PublishError(f"refusing --site-dir {shown}: it is a file, not a folder (remove it or choose another --site-dir)", 2)
    mine = _looks_ours(target, legacy=True)
    # Only a folder that looks like ours is searched all through: a home folder is refused at once.
    git = target / ".git" if os.path.lexists(target / ".git") else _git_inside(target) if mine else None
    if git is not None:
        inside = os.path.join(shown, os.path.relpath(git, target))
        raise PublishError(
            f"refusing --site-dir {shown}: it holds a Git repository ({inside}), which the build would delete (choose a new folder, e.g. --site-dir site)", 2
        )
    if not mine:
        raise PublishError(
            f"refusing --site-dir {shown}: it holds files but no {MARKER} marker, so this tool did not build it, and the build would replace "
            "the whole folder (empty it or remove it yourself, or choose a new folder, e.g. --site-dir site)",
            2,
        )


def _ours(folder: Path) -> bool:
    """True when `folder` is a folder this tool may delete: a real folder (not a link), empty or
    marked, with no `.git` anywhere inside."""
    return _looks_ours(folder) and _git_inside(folder) is None


def _looks_ours(folder: Path, legacy: bool = False) -> bool:
    """A real folder (not a link) that is empty, marked, or (with `legacy`) a site from before the marker."""
    try:
        return stat.S_ISDIR(os.lstat(folder).st_mode) and (_marked(folder) or not _has_entries(folder) or (legacy and _legacy_site(folder)))
    except OSError:
        return False


def _marked(folder: Path) -> bool:
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


def _git_inside(folder: Path) -> Path | None:
    """The first `.git` (folder or file, as in a worktree) anywhere in `folder`, links not followed."""
    for base, dirs, files in os.walk(folder):
        if ".git" in dirs or ".git" in files:
            return Path(base, ".git")
    return None


def _write_marker(folder: Path, new: bool = False) -> None:
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


def publish(site_dir: Path, project_root: Path, build_into: Callable[[Path], None], shown: str | None = None) -> None:
    """Build the site with `build_into(staging_folder)` and put it at `site_dir` atomically.

    If `build_into` raises, the staging folder is removed and the previous site stays as it was;
    the exception propagates (an OSError is turned into a PublishError first).
    """
    shown = shown or str(site_dir)
    target = check_site_dir(site_dir, project_root, shown)
    names = working_names(target)
    with _failures_as_messages(shown, "prepare"):
        target.parent.mkdir(parents=True, exist_ok=True)
    with _locked(names.lock, shown):
        with _failures_as_messages(shown, "prepare"):
            recover(target, shown)
            _check_replaceable(target, shown)  # again, under the lock: the folder may have changed meanwhile
            os.mkdir(names.staging, 0o700)
        try:
            with _failures_as_messages(shown, "prepare"):
                _write_marker(names.staging)  # first: a build killed from here on leaves a folder marked as ours
            try:
                build_into(names.staging)
            except OSError as exc:
                raise PublishError(f"not built: {_reason(exc)} while writing the new site; {shown}/ is unchanged ({_hint(exc)}).") from None
            with _failures_as_messages(shown, "publish"):
                _write_marker(names.staging)  # the build may have emptied its folder
                make_world_readable(names.staging)
                _check_replaceable(target, shown)  # the build took a while: the folder is still ours (no .git cloned into it)
                if os.path.isdir(target) and not _marked(target):
                    _write_marker(target, new=True)  # an empty or legacy site: marked, its deletion can be resumed
                _swap(names, target)
        except BaseException:
            _remove_own(names.staging)
            raise


def recover(target: Path, shown: str | None = None) -> None:
    """Undo what a killed build of `target` left in its working names: put the previous site back
    if the site is missing, and delete leftovers that are this tool's. Call it only under the lock."""
    names, shown = working_names(target), shown or str(target)
    for leftover in (names.old, names.staging):
        if not os.path.lexists(leftover):
            continue
        if not _ours(leftover):
            raise PublishError(
                f"not built: {leftover} is in the way and is not a folder this tool made; {shown}/ is unchanged (move it away and build again).", 2
            )
        if leftover == names.old and not os.path.lexists(target):
            os.rename(leftover, target)  # killed between the two renames of the fallback swap
        else:
            _remove_own(leftover)
            if os.path.lexists(leftover):
                raise PublishError(f"not built: cannot delete {leftover}, left by an interrupted build; {shown}/ is unchanged (delete it and build again).")


def _remove_own(folder: Path) -> None:
    """Delete a folder this tool made, its marker last: a deletion cut short leaves a marked (or empty) folder."""
    if not os.path.lexists(folder) or os.path.islink(folder):
        return
    with contextlib.suppress(OSError), os.scandir(folder) as entries:
        for entry in list(entries):
            if entry.name == MARKER:
                continue
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path, ignore_errors=True)
            else:
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)
    with contextlib.suppress(OSError):
        if os.listdir(folder) == [MARKER]:  # something could not be deleted (a mount, no permission): stay marked
            os.unlink(folder / MARKER)
        os.rmdir(folder)


def make_world_readable(folder: Path) -> None:
    """Folders 0755 and files 0644, as a web server running as another user needs them. Symlinks are left alone."""
    os.chmod(folder, DIR_MODE)
    for base, dirs, files in os.walk(folder):
        for name in dirs:
            path = os.path.join(base, name)
            if not os.path.islink(path):
                os.chmod(path, DIR_MODE)
        for name in files:
            path = os.path.join(base, name)
            if not os.path.islink(path):
                os.chmod(path, FILE_MODE)


def _swap(names: WorkingNames, target: Path) -> None:
    """Put the staging folder at `target`; the previous site ends up in a working name and is deleted."""
    if os.path.isdir(target) and _exchange(names.staging, target):
        _remove_own(names.staging)
        return
    # Fallback: two renames. A kill between them leaves `.N.playbook-old` and no site; recover() puts it back.
    if os.path.lexists(target):
        os.rename(target, names.old)
    _between_renames()
    try:
        os.rename(names.staging, target)
    except OSError:
        with contextlib.suppress(OSError):
            os.rename(names.old, target)  # the previous site back at once, not only by the next build
        raise
    _remove_own(names.old)


def _between_renames() -> None:
    """A seam for tests that kill the build between the two renames of the fallback swap."""


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one step (Linux renameat2). False where the system or file system cannot."""
    if os.environ.get("PLAYBOOK_NO_RENAME_EXCHANGE"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(b))


@contextlib.contextmanager
def _locked(lock: Path, shown: str) -> Iterator[None]:
    """One build at a time per site folder; a second build waits for the first to finish."""
    with _failures_as_messages(shown, "lock"):
        fd = os.open(lock, os.O_RDWR | os.O_CREAT | _NOFOLLOW, FILE_MODE)
    try:
        if fcntl is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                print(f"Waiting for another build of {shown}/ to finish...", file=sys.stderr, flush=True)
                fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock; the file stays, so every build locks the same inode


@contextlib.contextmanager
def _failures_as_messages(shown: str, step: str) -> Iterator[None]:
    try:
        yield
    except OSError as exc:
        verb = {"prepare": "cannot create", "lock": "cannot lock", "publish": "cannot replace"}[step]
        raise PublishError(f"not built: {verb} {shown}/: {_describe(exc)}; {shown}/ is unchanged ({_hint(exc)}).") from None


def _describe(exc: OSError) -> str:
    where = exc.filename2 or exc.filename
    return f"{_reason(exc)} ({where})" if where else _reason(exc)


def _reason(exc: OSError) -> str:
    reason = exc.strerror or str(exc)
    return reason[:1].lower() + reason[1:]


def _hint(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC or exc.errno == errno.EDQUOT:
        return "free some disk space and build again"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "choose a --site-dir you can write to"
    return "check the folder and build again"


def mode_of(path: Path) -> int:
    """The permission bits of `path` (for tests and messages)."""
    return stat.S_IMODE(os.lstat(path).st_mode)
