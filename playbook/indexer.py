"""The run of Pagefind over a built site: the only place that knows Pagefind.

`index_site` writes the index, its JavaScript and its WebAssembly into `<site>/pagefind/`, from
the wheel's own binary: nothing is downloaded, at build time or in the browser. A `Session`
indexes the pages while a build writes them instead: the build hands each finished page to it,
and the binary parses it on the other core while the build goes on. A binary that dies, hangs
or answers oddly ends the build within seconds with one line.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import threading
from collections.abc import Callable, Coroutine, Iterable
from pathlib import Path
from typing import Any, Generic, TypeVar, cast

from .catalog import Catalog
from .pagefind_service import FAILED, STOP_TIMEOUT, ServiceAsyncio, Watched
from .search import CustomRecord, SearchIndexError, custom_records

# Pagefind -------------------------------------------------------------------------------------

#: Text that is not what the page is about: controls and cross-references (render.py marks them
#: `data-search-exclude`), Material's tags and edit button, the review line.
EXCLUDE_SELECTORS = ["[data-search-exclude]", ".md-tags", ".md-content__button", ".pb-reviewed"]


#: How long Pagefind may take before the build gives up on it. Measured in real builds (every
#: request timed, the build beside it): a new index, a record or a page takes a few ms (medians
#: 0.2-6 ms; at most 0.21 s for a record and 0.69 s for the largest page, 2.3 MB, with 3,000
#: records); returning the index takes 0.54 s for the shipped playbook, 5.8 s with 3,000 records
#: (5,400 pages and records, about 1.1 ms each).
#: - ANSWER_TIMEOUT for each small request (a new index, a record, a page), and so for the first
#:   answer at all: a binary silent that long is dead. A page is given PAGE_BYTE_TIMEOUT more per
#:   character, 2 s per MB (some six times the 0.3 s per MB measured).
#: - RUN_TIMEOUT more PAGE_TIMEOUT per page and record for the whole run, which the two requests
#:   whose work grows with the site (reading a folder of pages, returning the index) may use all
#:   of: some forty times what Pagefind needs.
#: A binary that has died is noticed at once, whatever these say: only one that lives and does
#: not answer waits them out.
ANSWER_TIMEOUT = 5.0
PAGE_BYTE_TIMEOUT = 2.0 / (1 << 20)
RUN_TIMEOUT = 10.0
PAGE_TIMEOUT = 0.05


def index_site(site_dir: Path, catalog: Catalog) -> int:
    """Index the built site in `site_dir` plus the custom records; write `site_dir/pagefind/`.

    Pages are the ones the theme marked with `data-pagefind-body` (see overrides/main.html).
    Returns the number of pages indexed. A Pagefind that dies, or stays silent longer than its
    work can take, is a SearchIndexError within seconds; Ctrl-C stops it too.
    """
    site, extra = Path(site_dir).resolve(), custom_records(catalog)
    try:
        pages, files = _Run(lambda: _index(site, extra)).result()
    except SearchIndexError:
        raise
    except Exception as exc:  # the wrapper raises bare Exceptions with the binary's message, or fails an assert on an odd answer
        raise SearchIndexError(f"{FAILED}: Pagefind said: {str(exc) or f'an unexpected answer ({type(exc).__name__})'}") from None
    _write_index(site / "pagefind", files)
    return pages


_T = TypeVar("_T")


class _Run(Generic[_T]):
    """A coroutine run to its end in a thread of its own (the caller may already run an event
    loop, and Pagefind's wrapper is asyncio), which an interrupt in the caller's thread cancels.

    Python delivers Ctrl-C to the main thread only: without the cancel, the thread would keep
    waiting on the binary, and the interpreter waits for its threads before it exits.
    """

    def __init__(self, make: Callable[[], Coroutine[Any, Any, _T]]):
        self._make = make
        self._lock = threading.Lock()
        self._cancelled = False
        self._loop: asyncio.AbstractEventLoop | None = None
        self._task: asyncio.Task[Any] | None = None
        self._done = threading.Event()
        self._outcome: tuple[bool, Any] = (False, RuntimeError("not run"))

    def result(self) -> _T:
        threading.Thread(target=self._work, name="pagefind", daemon=True).start()
        try:
            # In short waits: a Ctrl-C that the system hands to another thread of this process
            # interrupts no wait of this one, and is only seen here when a wait returns.
            while not self._done.wait(0.05):
                pass
        except BaseException:  # KeyboardInterrupt: stop the binary, then leave
            self._cancel()
            self._done.wait(2 * STOP_TIMEOUT + 1)
            raise
        ok, value = self._outcome
        if not ok:
            raise value
        return cast(_T, value)

    def _work(self) -> None:
        try:
            self._outcome = (True, asyncio.run(self._main()))
        except BaseException as exc:
            self._outcome = (False, exc)
        finally:
            self._done.set()

    async def _main(self) -> _T:
        with self._lock:
            if self._cancelled:
                raise asyncio.CancelledError
            self._loop, self._task = asyncio.get_running_loop(), asyncio.current_task()
        return await self._make()

    def _cancel(self) -> None:
        with self._lock:
            self._cancelled = True
            loop, task = self._loop, self._task
        if loop is not None and task is not None:
            with contextlib.suppress(RuntimeError):  # the loop has closed: the run is over
                loop.call_soon_threadsafe(task.cancel)


class Session:
    """A search index made while a build writes its pages (see the module's docstring): `add` each
    finished page, then `finish`; `abandon` it when the build fails. The custom records at a place
    on a page (checklist items, glossary terms) go first, while the build is still making its
    pages; the pages follow one at a time, in the order they come (Pagefind numbers them in that
    order, and the numbers are part of its files); the records at a page's own address come last,
    as in `index_site`: Pagefind keeps the last entry for an address, and the page there (the
    print booklet's) is not one it indexes.

    The binary runs on an event loop in a thread of its own, as for `index_site`; each answer is
    awaited as `Watched` awaits it, so a binary that dies or falls silent is one line here too.
    """

    def __init__(self, catalog: Catalog) -> None:
        extra = custom_records(catalog)
        self._extra = [record for record in extra if "#" in record.url]
        self._last = [record for record in extra if "#" not in record.url]
        self._sent: set[str] = set()
        self._run = RUN_TIMEOUT  # the time left once `finish` is called: see `_end`
        self._loop = asyncio.new_event_loop()
        self._pages: asyncio.Queue[tuple[str, str] | None] = asyncio.Queue()
        self._binary: Watched | None = None
        self._task = self._loop.create_task(self._main())
        self._done = threading.Event()
        self._outcome: tuple[bool, Any] = (False, RuntimeError("not run"))
        _RUNNING.add(self)
        threading.Thread(target=self._work, name="pagefind", daemon=True).start()

    def add(self, path: str, html: str) -> None:
        """Index the page written at `path` (relative to the site folder, e.g. 'practices/x/index.html')."""
        if path in self._sent or self._done.is_set():
            return
        self._sent.add(path)
        self._call(self._pages.put_nowait, (path, html))

    def finish(self, site: Path, out: Path | None = None) -> int:
        """Add the site's HTML files not added yet, then write the index into `site/pagefind/` (or `out`).
        Returns the number of pages indexed; raises SearchIndexError when Pagefind failed."""
        for path in sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")):
            if path not in self._sent and not path.startswith("pagefind/"):
                self.add(path, (site / path).read_text(encoding="utf-8"))
        self._call(self._end, RUN_TIMEOUT + PAGE_TIMEOUT * (len(self._sent) + len(self._last)))
        try:
            while not self._done.wait(0.05):  # short waits: see _Run.result
                pass
        except BaseException:  # KeyboardInterrupt: stop the binary, then leave
            self.abandon()
            raise
        ok, value = self._outcome
        if not ok:
            if isinstance(value, SearchIndexError) or not isinstance(value, Exception):
                raise value
            raise SearchIndexError(f"{FAILED}: Pagefind said: {str(value) or f'an unexpected answer ({type(value).__name__})'}") from None
        pages, files = value
        _write_index(out or site / "pagefind", files)
        return cast(int, pages)

    def abandon(self) -> None:
        """Stop indexing (the build failed or was interrupted): the binary is killed, bounded, and nothing is written."""
        self._call(self._task.cancel)
        self._done.wait(2 * STOP_TIMEOUT + 1)

    def _call(self, function: Callable[..., object], *args: object) -> None:
        with contextlib.suppress(RuntimeError):  # the loop has closed: the run is over
            self._loop.call_soon_threadsafe(function, *args)

    def _end(self, run: float) -> None:
        self._run = run
        if self._binary is not None:
            self._binary.finish_within(run)
        self._pages.put_nowait(None)

    def _work(self) -> None:
        try:
            self._outcome = (True, self._loop.run_until_complete(self._task))
        except BaseException as exc:  # handed to finish(), which says what went wrong
            self._outcome = (False, exc)
        finally:
            _RUNNING.discard(self)
            self._loop.close()
            self._done.set()

    async def _main(self) -> tuple[int, dict[str, bytes]]:
        binary, index = await _launch(float("inf"))  # each answer has its time; the whole run has one once `finish` is called
        self._binary = binary
        try:
            await _add_records(binary, index, self._extra)
            pages = 0
            while (item := await self._pages.get()) is not None:
                path, html = item
                await binary.answer(index.add_html_file(content=html, source_path=path), ANSWER_TIMEOUT + PAGE_BYTE_TIMEOUT * len(html))
                pages += 1
            binary.finish_within(self._run)
            await _add_records(binary, index, self._last)
            files = await _files(binary, index, self._run)
        except BaseException:
            await binary.stop(kill=True)
            raise
        await binary.stop(kill=False)
        return pages, files


#: The sessions whose binary is running, so that a build that fails or is interrupted stops its own.
_RUNNING: set[Session] = set()


def abandon_running() -> None:
    """Stop every session still running in this process: its build failed or was interrupted."""
    for session in list(_RUNNING):
        session.abandon()


atexit.register(abandon_running)  # `mkdocs build` interrupted while it writes pages: its hook is not told


def index_folder(site: Path, pages: Iterable[str], catalog: Catalog, out: Path, before_each: Callable[[], object] | None = None) -> int:
    """Index a written site as a build indexes it while writing: `pages` (paths relative to `site`)
    in that order, then the rest; the index goes to `out`. `before_each` runs before each page is
    read (a preview waits there while it remakes pages: they come first)."""
    session = Session(catalog)
    try:
        for path in pages:
            if before_each is not None:
                before_each()
            try:
                session.add(path, (site / path).read_text(encoding="utf-8"))
            except FileNotFoundError:
                continue
        return session.finish(site, out)
    except BaseException:
        session.abandon()
        raise


#: The file without which a site has no search: it names the index and its WebAssembly.
ENTRY = "pagefind-entry.json"


def _write_index(folder: Path, files: dict[str, bytes]) -> None:
    """Write the index Pagefind returned, every file whole.

    Pagefind's own `write_files` answers before its last writes reach the disk, and the wrapper
    then stops the binary: files came out truncated or missing now and then (a pagefind.js cut
    short leaves a site whose search never answers). So the files come back in memory and are
    written here.
    """
    if ENTRY not in files:
        raise SearchIndexError(f"{FAILED}: Pagefind returned no {ENTRY}")
    for name, content in sorted(files.items()):
        path = (folder / name).resolve()
        if not path.is_relative_to(folder.resolve()):  # names come from the binary; keep them inside
            raise SearchIndexError(f"{FAILED}: Pagefind named a file outside its folder: {name!r}")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)


async def _index(site: Path, extra: list[CustomRecord]) -> tuple[int, dict[str, bytes]]:
    run = RUN_TIMEOUT + PAGE_TIMEOUT * (sum(1 for _ in site.rglob("*.html")) + len(extra))
    binary, index = await _launch(run)
    try:
        indexed = await binary.answer(index.add_directory(str(site)), run)
        await _add_records(binary, index, extra)
        files = await _files(binary, index, run)
    except BaseException:
        await binary.stop(kill=True)
        raise
    await binary.stop(kill=False)
    return int(indexed["page_count"]), files


async def _launch(run: float) -> tuple[Watched, Any]:
    """Pagefind's binary started, watched for `run` seconds in all, and a new index on it."""
    import pagefind.service
    from pagefind.index import IndexConfig
    from pagefind.service import PagefindService  # runs the wheel's binary

    pagefind.service.asyncio = ServiceAsyncio()  # type: ignore[assignment]  # a stand-in for the module, see ServiceAsyncio
    try:
        service = PagefindService()
        await service.launch()
    except OSError as exc:  # missing, not executable, not a program
        raise SearchIndexError(f"{FAILED}: Pagefind could not be started: {exc.strerror or exc}") from None
    binary = Watched(service, run)
    try:
        return binary, await binary.answer(service.create_index(IndexConfig(force_language="en", exclude_selectors=EXCLUDE_SELECTORS)), ANSWER_TIMEOUT)
    except BaseException:
        await binary.stop(kill=True)
        raise


async def _add_records(binary: Watched, index: Any, extra: list[CustomRecord]) -> None:
    for record in extra:  # one at a time, in order: the same data gives the same index files
        await binary.answer(
            index.add_custom_record(url=f"/{record.url}", content=record.content, language="en", meta=record.meta(), filters=record.filters()),
            ANSWER_TIMEOUT,
        )


async def _files(binary: Watched, index: Any, run: float) -> dict[str, bytes]:
    return {file["path"]: file["content"] for file in await binary.answer(index.get_files(), run)}
