"""Putting a built site in place without ever destroying anything.

`publish(site_dir, project_root, build_into)` is the only way the site folder is written:

- It refuses a site folder that is, contains, or lies inside the project's sources, its data,
  `docs/` or `.git`, or that is or contains the repository root: the build replaces the whole
  folder, so `--site-dir docs` would otherwise delete every hand-written page.
- It holds one lock per site folder (`fcntl.flock` on `.<name>.lock` beside it) from start to
  finish, so two builds of the same folder run one after the other instead of racing.
- It builds into a staging folder beside the site (`.<name>-XXXX`), then swaps it in with one
  atomic `renameat2(RENAME_EXCHANGE)` where the file system has it, or else with two renames that
  keep the previous site as `.<name>-old` until the new one is in place. Whatever is left over by
  a build that was killed (staging folders, a previous copy with no site) is cleaned up or put
  back by the next build, under the lock, before it starts.
- The published site is world-readable (folders 0755, files 0644), as `mkdocs build` leaves it:
  `tempfile.mkdtemp` makes 0700 folders, which a web server running as another user cannot read.
- Every file-system failure becomes a `PublishError` with one line for the person at the terminal.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import shutil
import stat
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

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


class PublishError(Exception):
    """A site folder that must not be used (exit_code 2) or a file-system failure (exit_code 1)."""

    def __init__(self, message: str, exit_code: int = 1):
        super().__init__(message)
        self.message, self.exit_code = message, exit_code


def check_site_dir(site_dir: Path, project_root: Path, shown: str | None = None) -> Path:
    """The resolved site folder, or a PublishError (exit code 2) when replacing it would destroy project files."""
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
    if target.is_dir() and not (target / "index.html").is_file() and _has_entries(target):
        # Not a site this builder made: a home folder, a web root with other content, a typo.
        raise PublishError(
            f"refusing --site-dir {shown}: it holds files but no index.html, so it is not a built site, and the build would replace it ({hint})", 2
        )
    return target


def _has_entries(folder: Path) -> bool:
    try:
        return any(folder.iterdir())
    except OSError:
        return False  # unreadable: the build fails later with its own message


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
    with _failures_as_messages(shown, "prepare"):
        target.parent.mkdir(parents=True, exist_ok=True)
    with _locked(target, shown):
        recover(target)
        with _failures_as_messages(shown, "prepare"):
            staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
        try:
            try:
                build_into(staging)
            except OSError as exc:
                raise PublishError(f"not built: {_reason(exc)} while writing the new site; {shown}/ is unchanged ({_hint(exc)}).") from None
            with _failures_as_messages(shown, "publish"):
                make_world_readable(staging)
                _swap(staging, target)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise


def recover(target: Path) -> None:
    """Undo what a killed build left beside `target`: put a previous copy back if the site is missing,
    and remove staging folders. Call it only while holding the lock."""
    old = _previous(target)
    if old.exists() and not os.path.lexists(target):
        os.rename(old, target)  # killed between the two renames of the fallback swap
    for leftover in target.parent.glob(f".{target.name}-*"):
        if leftover.is_dir() and not leftover.is_symlink():
            shutil.rmtree(leftover, ignore_errors=True)


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


def _previous(target: Path) -> Path:
    return target.with_name(f".{target.name}-old")


def _swap(staging: Path, target: Path) -> None:
    """Put `staging` at `target`; the previous site ends up in `staging` and is removed."""
    if os.path.lexists(target) and not target.is_dir():
        raise PublishError(f"cannot publish to {target}: it is a file, not a folder (remove it or choose another --site-dir)")
    if target.exists() and _exchange(staging, target):
        shutil.rmtree(staging, ignore_errors=True)
        return
    # Fallback: two renames. A kill between them leaves `.<name>-old` and no site; recover() puts it back.
    old = _previous(target)
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        os.rename(target, old)
    _between_renames()
    os.rename(staging, target)
    shutil.rmtree(old, ignore_errors=True)


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
def _locked(target: Path, shown: str) -> Iterator[None]:
    """One build at a time per site folder; a second build waits for the first to finish."""
    lock = target.with_name(f".{target.name}.lock")
    with _failures_as_messages(shown, "lock"):
        fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
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
