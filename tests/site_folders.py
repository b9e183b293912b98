"""Site folders for the publishing tests: a site this tool built, its leftovers, and snapshots
of whole folders to compare before and after a build."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from playbook.publish import MARKER, MARKER_TEXT, mode_of, working_names


def old_site(parent: Path, name: str = "site", text: str = "old") -> Path:
    """A site this tool built: its pages and its marker."""
    site = parent / name
    site.mkdir()
    (site / "index.html").write_text(text)
    (site / MARKER).write_text(MARKER_TEXT)
    return site


def leftovers(folder: Path, name: str = "site") -> list[str]:
    """The working names of `folder/name` that a finished build must not leave (the lock stays)."""
    names = working_names(folder / name)
    return sorted(p.name for p in (names.staging, names.old) if os.path.lexists(p))


def snapshot(folder: Path) -> dict[str, str]:
    """Everything under `folder`, links not followed: each path's kind and content (or link target)."""
    seen = {}
    for base, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = Path(base, name)
            rel = path.relative_to(folder).as_posix()
            if path.is_symlink():
                seen[rel] = "link " + os.readlink(path)
            elif path.is_dir():
                seen[rel] = f"dir {mode_of(path):o}"
            elif not path.is_file():
                seen[rel] = "special"  # a fifo: opening it would wait for a writer
            else:
                seen[rel] = f"file {mode_of(path):o} " + hashlib.sha256(path.read_bytes()).hexdigest()
    return seen
