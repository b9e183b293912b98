"""Search indexing while MkDocs writes the pages: Pagefind gets each page as MkDocs finishes it.

Pagefind used to start once the whole site was written, and read every page back from disk.
Here it runs beside the build: the hook hands each finished page (`on_post_page`) to a thread
of its own that passes it on to Pagefind's binary, which parses it on the other core while
MkDocs goes on with the next page. The checklist items (`playbook.search.checklist_records`)
go first, while MkDocs is still making the pages; when it is done, the site's other HTML files
(404.html) follow, and the index is written; the build fails if it could not be made. A preview indexes its site from disk in
the same order (`index_folder`), so both give the same index for the same pages.

Pages are added one at a time, in the build's order: Pagefind numbers them in the order they
come, and that order is part of its index files.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import Future
from pathlib import Path

from .. import search
from ..catalog import Catalog


class SiteIndexer:
    """A Pagefind index being made while the build runs (see the module's docstring)."""

    def __init__(self, catalog: Catalog) -> None:
        self._records = search.checklist_records(catalog)
        self._sent: set[str] = set()
        self._loop = asyncio.new_event_loop()
        self._pages: asyncio.Queue[tuple[str, str] | None] | None = None
        self._ready = threading.Event()
        self._done: Future[tuple[int, dict[str, bytes]]] = Future()
        self._done.add_done_callback(self._finished)
        self._thread = threading.Thread(target=self._run, name="pagefind", daemon=True)
        self._thread.start()
        self._ready.wait()
        _RUNNING.add(self)

    def add(self, path: str, html: str) -> None:
        """Index the page written at `path` (relative to the site folder, e.g. 'practices/x/index.html')."""
        if path in self._sent or self._done.done():
            return
        self._sent.add(path)
        self._loop.call_soon_threadsafe(self._put, (path, html))

    def finish(self, site: Path, out: Path | None = None) -> int:
        """Add the site's HTML files not added yet and the checklist items, then write `site/pagefind/`
        (or `out`). Returns the number of pages indexed; raises search.SearchIndexError if Pagefind failed."""
        for path in sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")):
            if path not in self._sent and not path.startswith("pagefind/"):
                self.add(path, (site / path).read_text(encoding="utf-8"))
        self._loop.call_soon_threadsafe(self._put, None)
        try:
            pages, files = self._done.result(timeout=search.INDEX_TIMEOUT)
        except TimeoutError:
            self.abandon()
            raise search.SearchIndexError(f"the search index could not be built: Pagefind did not finish in {search.INDEX_TIMEOUT:.0f} s") from None
        except search.SearchIndexError:
            raise
        except Exception as exc:  # the wrapper raises bare Exceptions with the binary's message
            raise search.SearchIndexError(f"the search index could not be built: Pagefind said: {exc}") from None
        search.write_index(out or site / "pagefind", files)
        return pages

    def abandon(self) -> None:
        """Stop indexing (the build failed): the binary is stopped, nothing is written."""
        if not self._done.done():
            self._loop.call_soon_threadsafe(self._put, None)

    def _finished(self, _: object) -> None:
        _RUNNING.discard(self)

    def _put(self, item: tuple[str, str] | None) -> None:
        assert self._pages is not None
        self._pages.put_nowait(item)

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        try:
            self._done.set_result(self._loop.run_until_complete(self._index()))
        except BaseException as exc:  # handed to finish(), which says what went wrong
            self._done.set_exception(exc)
            self._ready.set()
        finally:
            self._loop.close()

    async def _index(self) -> tuple[int, dict[str, bytes]]:
        self._pages = asyncio.Queue()
        self._ready.set()
        async with search.pagefind_index() as index:
            await search.add_records_and_get_files(index, self._records, files=False)  # while MkDocs makes the pages
            pages = 0
            while (item := await self._pages.get()) is not None:
                path, html = item
                await index.add_html_file(content=html, source_path=path)
                pages += 1
            files = await search.add_records_and_get_files(index, [])
        return pages, files


#: Indexers whose binary is running, so that a failed build can stop its own (see abandon_running).
_RUNNING: set[SiteIndexer] = set()


def abandon_running() -> None:
    """Stop every indexer still running in this process: its build failed."""
    for indexer in list(_RUNNING):
        indexer.abandon()


def index_folder(site: Path, pages: Iterable[str], catalog: Catalog, out: Path, before_each: Callable[[], object] | None = None) -> int:
    """Index a written site as a build indexes it while writing: `pages` (paths relative to `site`)
    in that order, then the rest; the index goes to `out`. `before_each` runs before each page is
    read (a preview waits there while it remakes pages: they come first)."""
    indexer = SiteIndexer(catalog)
    for path in pages:
        if before_each is not None:
            before_each()
        try:
            indexer.add(path, (site / path).read_text(encoding="utf-8"))
        except FileNotFoundError:
            continue
    return indexer.finish(site, out)
