"""The core's pages made on two cores: a forked copy of the build makes every other page.

Making the pages (the core's rendering, rich text through restricted Markdown and the sanitiser
above all) is a quarter of a large build, and pure Python: one core. Where the system can fork
(Linux) and has a second core, the build forks once; the copy makes every second page and hands
them back pickled through a pipe, while the build makes the others. Pages are data (frozen
dataclasses of text), so they come back exactly as made here. If the copy fails in any way, the
build makes its pages itself: the result is the same, only slower.
"""

from __future__ import annotations

import os
import pickle
import sys
import threading
from collections.abc import Callable

from ..catalog import Catalog
from ..render import Page

#: Below this many pages a fork costs more than it saves.
SMALLEST = 200


def make_pages(makers: dict[str, Callable[[Catalog], Page]], catalog: Catalog) -> dict[str, Page]:
    """Every page of `makers`, by address, in their order."""
    urls = list(makers)
    if len(urls) < SMALLEST or not _can_fork():
        return {url: makers[url](catalog) for url in urls}
    theirs = urls[1::2]
    made = _fork(lambda: [makers[url](catalog) for url in theirs])
    pages = {url: makers[url](catalog) for url in urls[0::2]}
    back = made()
    if back is None or len(back) != len(theirs):
        back = [makers[url](catalog) for url in theirs]  # the copy failed: same pages, made here
    pages.update(zip(theirs, back, strict=True))
    return {url: pages[url] for url in urls}


def _can_fork() -> bool:
    """Linux, a second core, and no other thread (`mkdocs serve` has its server's: a copy of a
    process forked while another thread holds a lock can wait for it forever)."""
    return sys.platform == "linux" and hasattr(os, "fork") and (os.cpu_count() or 1) > 1 and threading.active_count() == 1


def _fork(work: Callable[[], list[Page]]) -> Callable[[], list[Page] | None]:
    """Run `work` in a forked copy of this process; a function that waits for its result (None if it failed)."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the copy: make the pages, send them, and end without running anything of the parent's
        code = 1
        try:
            os.close(read)
            with os.fdopen(write, "wb") as out:
                pickle.dump(work(), out, protocol=pickle.HIGHEST_PROTOCOL)
            code = 0
        finally:
            os._exit(code)
    os.close(write)

    def result() -> list[Page] | None:
        try:
            with os.fdopen(read, "rb") as source:
                pages = pickle.load(source)
        except Exception:  # a copy that died sends nothing readable
            pages = None
        _, status = os.waitpid(pid, 0)
        return pages if os.waitstatus_to_exitcode(status) == 0 and isinstance(pages, list) else None

    return result
