"""Putting a built site in place without ever destroying anything.

`publish(site_dir, project_root, build_into)` is the only way the site folder is written. Call the folder the site
path resolves to `D/N` (a site path that is a symlink is followed, and the link is kept). A build touches exactly
these paths, and nothing else:

- `D/N`, the site: created, or **replaced only when it is this tool's**: a folder that is empty, or that holds the
  marker file `D/N/.playbook-site` (a regular file, not a link, with the text this tool writes), or, for sites built
  before the marker existed, that has the exact layout earlier versions wrote (an MkDocs `index.html` and `404.html`,
  `sitemap.xml`, `assets/playbook.js` and `assets/playbook.css`, and no `.playbook-site` of any kind; the marker is
  added to it, as a new file, before it is replaced). A folder with a Git repository anywhere inside (a `.git` folder
  or file, or a bare repository: `HEAD`, `objects/` and `refs/`, as in `backup.git/`) is never replaced or deleted,
  marker or not; it is checked again just before the swap. Anything else is refused with one line (exit 2) before the build
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
`.git` (the fixed list `site_folder.PROTECTED`), or, in a Git checkout, a folder below the project that holds tracked
files (`scripts/out`; `site/`, ignored, is fine), or is or contains the repository root. The rules about folders live in
`site_folder.py`; they also guard MkDocs run by itself (`mkdocs build -d DIR`, `properdocs build`, `site_dir` in a
configuration), which empties its site folder in place: the hook refuses such a folder before MkDocs deletes anything,
and creates and marks one it accepts (`D/N` and `D/N/.playbook-site`, nothing else), so that the next build accepts it.

The published site is world-readable (folders 0755, files 0644), as a web server running as another user needs it.
Every file-system failure becomes a `PublishError` with one line for the person at the terminal.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import shutil
import stat
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

from .site_folder import (
    DIR_MODE,
    FILE_MODE,
    LEGACY_FILES,
    MARKER,
    MARKER_TEXT,
    PublishError,
    WorkingNames,
    building_into,
    check_replaceable,
    check_site_dir,
    is_marked,
    is_ours,
    working_names,
    write_marker,
)

try:
    import fcntl
except ImportError:  # Windows: no flock; builds of one folder are then not serialised
    fcntl = None  # type: ignore[assignment]

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)

#: What callers and tests import from here, though the rules about folders live in site_folder.py.
__all__ = ["LEGACY_FILES", "MARKER", "MARKER_TEXT", "PublishError", "check_site_dir", "mode_of", "publish", "recover", "working_names"]


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
            check_replaceable(target, shown)  # again, under the lock: the folder may have changed meanwhile
            os.mkdir(names.staging, 0o700)
        try:
            with _failures_as_messages(shown, "prepare"):
                write_marker(names.staging)  # first: a build killed from here on leaves a folder marked as ours
            try:
                with building_into(names.staging):
                    build_into(names.staging)
            except OSError as exc:
                raise PublishError(f"not built: {_reason(exc)} while writing the new site; {shown}/ is unchanged ({_hint(exc)}).") from None
            with _failures_as_messages(shown, "publish"):
                write_marker(names.staging)  # the build may have emptied its folder
                make_world_readable(names.staging)
                check_replaceable(target, shown)  # the build took a while: the folder is still ours (no .git cloned into it)
                if os.path.isdir(target) and not is_marked(target):
                    write_marker(target, new=True)  # an empty or legacy site: marked, its deletion can be resumed
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
        if not is_ours(leftover):
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
