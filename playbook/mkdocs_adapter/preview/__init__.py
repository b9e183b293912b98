"""`playbook serve`: a preview that follows every save, never hangs, and says what is wrong.

Three threads besides the main one, which only waits for Ctrl+C:

    server      answers every request at once from the site on disk (server.py): the last good
                site, with a banner listing the problems while there are some, and a script that
                reloads the page when the site or the problems change
    builder     waits for saves (an inotify watch of playbook_data/, docs/, overrides/, mkdocs.yml
                and macros.py that ignores reads), then validates and remakes only the pages that
                changed, or builds everything again when more than the data changed (site.py);
                prints one line per save
    search      indexes the served site for search (Pagefind) after each change, once the new
                pages are served: the index follows within seconds, and never holds a page back

The site lives in a temporary folder outside the project, removed when the preview stops.
"""

from __future__ import annotations

import logging
import os
import shutil
import signal
import sys
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

from ...validation.load import display_path
from ..data import DATA_FOLDER, PREVIEWS
from .server import PreviewServer
from .site import Outcome, PreviewSite, Snapshot
from .watch import Changes

#: What a preview writes to its terminal.
Say = Callable[[str], None]


def serve(config_file: Path, host: str, port: int, say: Say = print, ready: threading.Event | None = None, stop: threading.Event | None = None) -> None:
    """Preview the site at http://host:port/ until interrupted (or until `stop` is set)."""
    project = config_file.resolve().parent
    _set_environment(project)
    _quiet_mkdocs()
    site: PreviewSite | None = None
    server = PreviewServer((host, port), lambda: site.snapshot if site else Snapshot(), project / DATA_FOLDER)  # the port first: it may be taken
    work = Path(tempfile.mkdtemp(prefix="playbook-preview-"))
    site = PreviewSite(config_file, f"http://{host}:{port}/", work)
    changes = Changes(project)
    search = _Search(site, say)
    server.searched = lambda: search.indexed >= site.index_wanted
    stopping = stop or threading.Event()
    threads = [
        threading.Thread(target=server.serve_forever, name="preview-server", daemon=True),
        threading.Thread(target=_build, args=(site, changes, server, search, say, stopping), name="preview-builder", daemon=True),
        threading.Thread(target=search.run, args=(stopping, server), name="preview-search", daemon=True),
    ]
    say(f"Previewing {display_path(project)} on http://{host}:{port}/ (Ctrl+C stops)")
    restore = _stop_on_terminate(stopping)
    try:
        changes.start()
        for thread in threads:
            thread.start()
        if ready is not None:
            ready.set()
        while not stopping.wait(0.5):
            pass
    except KeyboardInterrupt:
        say("Stopped.")
    finally:
        stopping.set()
        search.wake()
        changes.stop()
        server.shutdown()
        server.server_close()
        for thread in threads[1:]:
            thread.join(timeout=30)
        site.close()
        PREVIEWS.pop(project, None)
        shutil.rmtree(work, ignore_errors=True)
        restore()


def _stop_on_terminate(stopping: threading.Event) -> Callable[[], object]:
    """SIGTERM (a service manager, a test, `kill`) stops the preview as Ctrl+C does, its work folder
    removed (it holds whole copies of the site); returns what puts the old handler back."""
    if threading.current_thread() is not threading.main_thread():
        return lambda: None
    previous = signal.signal(signal.SIGTERM, lambda signum, frame: stopping.set())
    return lambda: signal.signal(signal.SIGTERM, previous)


def _build(site: PreviewSite, changes: Changes, server: PreviewServer, search: _Search, say: Say, stopping: threading.Event) -> None:
    """The builder thread: the first build, then one update per batch of saves."""
    shown: set[str] = set()
    what = "first build"
    saved: tuple[str, ...] | None = None
    while not stopping.is_set():
        try:
            outcome = site.build_all() if saved is None else site.update(saved)
        except Exception as exc:  # a bug must not stop the preview: say it, keep serving the last good site
            outcome = site.fail([f"the preview could not be updated: {type(exc).__name__}: {exc}"])
        server.notify()
        search.wake()
        _report(outcome, what, shown, say)
        batch = changes.next(stopping)
        if batch is None:
            return
        saved, what = batch.paths, batch.describe(site.project)


def _report(outcome: Outcome, what: str, shown: set[str], say: Say) -> None:
    """One line when all is well; the problems, once each, in validate's words, when not."""
    for line in outcome.warnings:
        if line not in shown:
            say(line)
    shown.intersection_update(outcome.warnings)
    shown.update(outcome.warnings)
    if outcome.ok:
        pages = f"{outcome.remade} page{'s' if outcome.remade != 1 else ''} {'built' if outcome.full else 'remade'}"
        say(f"{what}: {pages} in {outcome.seconds:.2f} s ({outcome.records} records)")
        return
    for line in outcome.problems:
        say(line)
    count = len(outcome.problems)
    shows = "the preview shows the last good version of the site" if outcome.last_good else "the preview has no good version of the site to show"
    say(f"{what}: {count} problem{'s' if count != 1 else ''}; {shows} until {'it is' if count == 1 else 'they are'} fixed.")


class _Search:
    """The search thread: indexes the served site after each change, the newest only."""

    def __init__(self, site: PreviewSite, say: Say) -> None:
        self.site, self.say = site, say
        self._wanted = threading.Event()
        self.indexed = 0  # the snapshot version the index on disk was made from

    def wake(self) -> None:
        self._wanted.set()

    def run(self, stopping: threading.Event, server: PreviewServer) -> None:
        while True:
            self._wanted.wait()
            self._wanted.clear()
            if stopping.is_set():
                return
            while self.site.index_wanted > self.indexed and not stopping.is_set():
                version = self.site.index_wanted
                try:
                    self.site.index_search()
                except Exception as exc:  # say it; the pages are served all the same
                    self.say(f"search index not updated: {exc}")
                self.indexed = version
                server.notify()


def _set_environment(project: Path) -> None:
    """As `playbook build` sets it: an empty PLAYBOOK_* variable means unset (SOURCE_DATE_EPOCH: PreviewSite)."""
    for name in [k for k, v in os.environ.items() if k.startswith("PLAYBOOK_") and not v]:
        del os.environ[name]
    os.environ["NO_MKDOCS_2_WARNING"] = "1"


def _quiet_mkdocs() -> None:
    """MkDocs, its plugins and the hook say only what an editor can act on: warnings and errors."""
    logger = logging.getLogger("mkdocs")
    logger.setLevel(logging.WARNING)
    if not any(getattr(h, "playbook_preview", False) for h in logger.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(levelname)-8s-  %(message)s"))
        handler.playbook_preview = True  # type: ignore[attr-defined]
        logger.addHandler(handler)
        logger.propagate = False
