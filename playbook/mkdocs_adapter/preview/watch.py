"""Saves, as the preview waits for them: an inotify watch (watchdog) that ignores reads.

Only writes, creations, deletions and renames are asked of the kernel, so the builds' own reads
of the files never look like a save. Saves that come together (an editor writes a temporary
file and renames it over the record; `playbook new` writes one file) make one batch.
"""

from __future__ import annotations

import queue
import threading
from dataclasses import dataclass
from pathlib import Path

from watchdog.events import (
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer

from ..data import DATA_FOLDER

#: Writes, never reads (no opened or closed-without-writing events).
_WRITES: list[type[FileSystemEvent]] = [
    FileModifiedEvent,
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileMovedEvent,
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
]
#: What else the site is made from: a change there builds everything again.
_SITE_FOLDERS = ("docs", "overrides")
_SITE_FILES = ("mkdocs.yml", "macros.py")
#: How long to wait for the rest of a save once its first event has come.
SETTLE_SECONDS = 0.03


@dataclass(frozen=True)
class Batch:
    """Files saved together, relative to the project."""

    paths: tuple[str, ...]

    def describe(self, project: Path) -> str:
        """The files saved, as the preview's line names them (files that a save only passed through left out)."""
        return _describe(tuple(p for p in self.paths if (project / p).exists()) or self.paths)


class Changes(FileSystemEventHandler):
    """The project's saves, batched."""

    def __init__(self, project: Path) -> None:
        self.project = project
        self._events: queue.Queue[str] = queue.Queue()
        self._observer = Observer()

    def start(self) -> None:
        for name in (DATA_FOLDER, *_SITE_FOLDERS):
            if (self.project / name).is_dir():
                self._observer.schedule(self, str(self.project / name), recursive=True, event_filter=_WRITES)
        self._observer.schedule(self, str(self.project), recursive=False, event_filter=_WRITES)
        self._observer.start()

    def stop(self) -> None:
        self._observer.stop()
        self._events.put("")  # wakes `next`

    def on_any_event(self, event: FileSystemEvent) -> None:
        for raw in (event.src_path, getattr(event, "dest_path", "")):
            if not raw:
                continue
            path = Path(raw if isinstance(raw, str) else raw.decode())
            relative = _relevant(self.project, path)
            if relative is not None:
                self._events.put(relative)

    def next(self, stopping: threading.Event) -> Batch | None:
        """The next batch of saves (None once stopping)."""
        first = self._events.get()
        if stopping.is_set():
            return None
        paths = dict.fromkeys([first] if first else [])
        while True:
            try:
                more = self._events.get(timeout=SETTLE_SECONDS)
            except queue.Empty:
                break
            if stopping.is_set():
                return None
            if more:
                paths[more] = None
        if not paths:
            return self.next(stopping)
        return Batch(tuple(sorted(paths)))


def _describe(paths: tuple[str, ...]) -> str:
    first = paths[0] if paths else "the project"
    return first if len(paths) < 2 else f"{first} and {len(paths) - 1} more"


def _relevant(project: Path, path: Path) -> str | None:
    """`path` relative to the project when a save there changes the site, else None."""
    try:
        relative = path.relative_to(project).as_posix()
    except ValueError:
        return None
    parts = relative.split("/")
    name = parts[-1]
    if name.startswith(".") or name.endswith(("~", ".swp", ".swx", ".tmp")) or name == "4913" or "__pycache__" in parts:
        return None  # editors' temporary and backup files
    if len(parts) == 1:
        return relative if name in _SITE_FILES else None
    return relative if parts[0] in (DATA_FOLDER, *_SITE_FOLDERS) else None
