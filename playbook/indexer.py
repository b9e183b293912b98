"""The run of Pagefind over a built site: the only place that knows Pagefind.

`index_site` writes the index, its JavaScript and its WebAssembly into `<site>/pagefind/`, from
the wheel's own binary: nothing is downloaded, at build time or in the browser. A binary that
dies, hangs or answers oddly ends the build within seconds with one line.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import threading
from collections.abc import Awaitable, Callable, Coroutine
from pathlib import Path
from typing import Any, Generic, TypeVar, cast

from .catalog import Catalog
from .search import CustomRecord, SearchIndexError, custom_records

# Pagefind -------------------------------------------------------------------------------------

#: Text that is not what the page is about: controls and cross-references (render.py marks them
#: `data-search-exclude`), Material's tags and edit button, the review line.
EXCLUDE_SELECTORS = ["[data-search-exclude]", ".md-tags", ".md-content__button", ".pb-reviewed"]


#: How long Pagefind may take before the build gives up on it: ANSWER_TIMEOUT seconds for each
#: answer, and the whole run ANSWER_TIMEOUT more PAGE_TIMEOUT per page and checklist item (the
#: two requests whose work grows with the site, reading every page and returning the index, may
#: use all of it). That is some forty times what Pagefind needs (about 1 ms per page and item).
#: A binary that has died is noticed at once, whatever these say: only one that lives and does
#: not answer waits them out.
ANSWER_TIMEOUT = 60.0
PAGE_TIMEOUT = 0.05
#: How long a binary asked to stop (or killed) is waited for.
STOP_TIMEOUT = 2.0
#: How often a wait for an answer looks whether the binary is still alive.
_POLL = 0.2

_FAILED = "the search index could not be built"


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
        raise SearchIndexError(f"{_FAILED}: Pagefind said: {str(exc) or f'an unexpected answer ({type(exc).__name__})'}") from None
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
        raise SearchIndexError(f"{_FAILED}: Pagefind returned no {ENTRY}")
    for name, content in sorted(files.items()):
        path = (folder / name).resolve()
        if not path.is_relative_to(folder.resolve()):  # names come from the binary; keep them inside
            raise SearchIndexError(f"{_FAILED}: Pagefind named a file outside its folder: {name!r}")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)


async def _index(site: Path, extra: list[CustomRecord]) -> tuple[int, dict[str, bytes]]:
    import pagefind.service
    from pagefind.index import IndexConfig
    from pagefind.service import PagefindService  # runs the wheel's binary

    pagefind.service.asyncio = _ServiceAsyncio()  # type: ignore[assignment]  # a stand-in for the module, see _ServiceAsyncio
    run = ANSWER_TIMEOUT + PAGE_TIMEOUT * (sum(1 for _ in site.rglob("*.html")) + len(extra))
    try:
        service = PagefindService()
        await service.launch()
    except OSError as exc:  # missing, not executable, not a program
        raise SearchIndexError(f"{_FAILED}: Pagefind could not be started: {exc.strerror or exc}") from None
    binary = _Watched(service, run)
    try:
        index = await binary.answer(service.create_index(IndexConfig(force_language="en", exclude_selectors=EXCLUDE_SELECTORS)), ANSWER_TIMEOUT)
        indexed = await binary.answer(index.add_directory(str(site)), run)
        for record in extra:  # one at a time, in order: the same data gives the same index files
            await binary.answer(
                index.add_custom_record(url=f"/{record.url}", content=record.content, language="en", meta=record.meta(), filters=record.filters()),
                ANSWER_TIMEOUT,
            )
        files = {file["path"]: file["content"] for file in await binary.answer(index.get_files(), run)}
    except BaseException:
        await binary.stop(kill=True)
        raise
    await binary.stop(kill=False)
    return int(indexed["page_count"]), files


class _Watched:
    """Pagefind's service, with every answer awaited only while the binary lives and its answers
    can be read, and for at most the time given.

    The wrapper (pagefind 1.5.2) waits on each answer with no limit: when the binary dies, its
    reader task ends at the end of the pipe and the answer never comes. So each wait here also
    watches the reader (`_poll_task`) and the binary (`_backend`), and the binary is stopped here,
    bounded, rather than by the wrapper's `close`, which waits without limit for it to exit.
    """

    def __init__(self, service: Any, run: float):
        self._process: asyncio.subprocess.Process = service._backend
        self._reader: asyncio.Task[None] = service._poll_task
        self._run, self._finish_by = run, asyncio.get_running_loop().time() + run

    async def answer(self, request: Awaitable[_T], timeout: float) -> _T:
        loop = asyncio.get_running_loop()
        asked = asyncio.ensure_future(request)
        deadline, drained = min(loop.time() + timeout, self._finish_by), None
        try:
            while not asked.done() and not self._reader.done():
                if self._process.returncode is not None:  # its last words may still be in the pipe: read them, briefly
                    drained = drained or loop.time() + STOP_TIMEOUT
                    if loop.time() >= drained:
                        break
                elif loop.time() >= deadline:
                    late = f"did not finish in {self._run:.0f} s" if deadline == self._finish_by else f"did not answer in {timeout:.0f} s"
                    raise SearchIndexError(f"{_FAILED}: Pagefind {late}")
                await asyncio.wait({asked, self._reader}, timeout=_POLL, return_when=asyncio.FIRST_COMPLETED)
            if asked.done() and not isinstance(asked.exception(), ConnectionError):
                return asked.result()  # an answer, or the error the binary answered with
        finally:
            if not asked.done():
                asked.cancel()
        raise SearchIndexError(f"{_FAILED}: {await self._why_stopped()}")

    async def _why_stopped(self) -> str:
        """What became of the binary, in words, with the first line it printed on its way out."""
        error = self._reader.exception() if self._reader.done() and not self._reader.cancelled() else None
        if error is None or isinstance(error, asyncio.IncompleteReadError):  # the end of the pipe: the exit status follows
            await self._exited(STOP_TIMEOUT)
        code = self._process.returncode
        if code is None:
            return f"Pagefind's answer could not be read: {str(error)[:200] or type(error).__name__}"
        said = _last_words(error.partial) if isinstance(error, asyncio.IncompleteReadError) else ""
        if code >= 0:
            how = f"Pagefind stopped with exit code {code}"
        else:
            try:
                how = f"Pagefind was killed by {signal.Signals(-code).name}"
            except ValueError:
                how = f"Pagefind was killed by signal {-code}"
        return f"{how} ({said})" if said else how

    async def stop(self, kill: bool) -> None:
        """End the binary, bounded: asked to stop (terminate) after a good run, killed after a failure
        or an interrupt, and killed anyway if it does not go in time."""
        if not self._reader.done():
            self._reader.cancel()
        for _ in range(2):
            if self._process.returncode is not None:
                break
            with contextlib.suppress(ProcessLookupError):
                self._process.kill() if kill else self._process.terminate()
            await self._exited(STOP_TIMEOUT)
            kill = True
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await self._reader  # how it ended (the pipe's end, a cancel) is the binary's, already reported

    async def _exited(self, timeout: float) -> None:
        end = asyncio.get_running_loop().time() + timeout
        while self._process.returncode is None and asyncio.get_running_loop().time() < end:
            await asyncio.sleep(_POLL / 4)


def _last_words(output: bytes) -> str:
    """The first line of text a binary printed before it stopped (a panic's message, say),
    cleaned of control characters and shortened; its answers (base64, no spaces) are skipped."""
    for line in output[-64 * 1024 :].decode("utf-8", "replace").splitlines():
        line = "".join(c if c.isprintable() else " " for c in line).strip()
        if " " in line:
            return line[:200] + ("…" if len(line) > 200 else "")
    return ""


#: The largest answer read from the binary. The wrapper's own limit (2 MiB) is smaller than the
#: index of a large playbook, which comes back in one answer; this bounds memory all the same.
ANSWER_LIMIT = 1 << 30


class _ServiceAsyncio:
    """`asyncio` as pagefind.service (1.5.2) sees it, with two changes.

    - Its reader sleeps 0.1 s before reading each answer: 0.1 s per checklist item (12 s for
      the shipped playbook, minutes at 3,000 records). The reader waits on the pipe anyway,
      so it loses nothing by not sleeping.
    - The binary's answers may be as large as ANSWER_LIMIT (see `_write_index`).
    """

    def __getattr__(self, name: str) -> Any:
        return getattr(asyncio, name)

    @staticmethod
    async def sleep(delay: float, result: Any = None) -> Any:
        return await asyncio.sleep(0, result)

    @staticmethod
    async def create_subprocess_exec(*args: Any, **kwargs: Any) -> asyncio.subprocess.Process:
        return await asyncio.create_subprocess_exec(*args, **{**kwargs, "limit": ANSWER_LIMIT})
