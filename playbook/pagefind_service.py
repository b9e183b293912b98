"""Pagefind's Python wrapper (pagefind.service 1.5.2), made safe to wait on: every answer awaited
only while the binary lives and for a bounded time, the binary stopped within a bounded time, and
what became of a binary that stopped said in words. indexer.py runs Pagefind through this.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import Awaitable
from typing import Any, TypeVar

from .search import SearchIndexError

#: How long a binary asked to stop (or killed) is waited for.
STOP_TIMEOUT = 2.0
#: How often a wait for an answer looks whether the binary is still alive.
_POLL = 0.2

#: How every message of a failed indexing begins.
FAILED = "the search index could not be built"

_T = TypeVar("_T")


class Watched:
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
        self.finish_within(run)

    def finish_within(self, run: float) -> None:
        """From now on, the whole run ends within `run` seconds."""
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
                    raise SearchIndexError(f"{FAILED}: Pagefind {late}")
                await asyncio.wait({asked, self._reader}, timeout=_POLL, return_when=asyncio.FIRST_COMPLETED)
            if asked.done() and not isinstance(asked.exception(), ConnectionError):
                return asked.result()  # an answer, or the error the binary answered with
        finally:
            if not asked.done():
                asked.cancel()
        raise SearchIndexError(f"{FAILED}: {await self._why_stopped()}")

    async def _why_stopped(self) -> str:
        """What became of the binary, in words, with the first line it printed on its way out."""
        error = self._reader.exception() if self._reader.done() and not self._reader.cancelled() else None
        if isinstance(error, AnswerTooLarge):
            return f"Pagefind sent {error}"
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
        # The transport closes itself only once the binary has exited *and* its pipes have ended; a
        # child the binary left behind holding its output (or a flood not yet read) keeps them open,
        # and the loop would then close under an open transport ("Event loop is closed" on stderr).
        # Closing it ends the pipes (a writer still there gets SIGPIPE); their ends are closed by
        # callbacks the loop runs on its next turns.
        transport = self._process._transport  # type: ignore[attr-defined]  # Process has no public close
        transport.close()
        for _ in range(3):
            await asyncio.sleep(0)

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


#: The largest answer read from the binary, and the most it may send in all. The wrapper's own
#: limit (2 MiB) is smaller than the index of a large playbook, which comes back in one answer
#: (get_files): 1.9 MB for the shipped playbook, 18.0 MB with 3,000 records (about 6 KB a record),
#: so 64 MiB is 3.7 times the largest measured, room for some 11,000 records, while a binary that
#: floods its output costs at most that in memory. An answer longer than this is an error as soon
#: as it is read that far, never a wait for its end.
ANSWER_LIMIT = 64 << 20
READ_LIMIT = 2 * ANSWER_LIMIT


class AnswerTooLarge(Exception):
    """The binary sent more than an answer can be (ANSWER_LIMIT) or than a run reads (READ_LIMIT)."""


class _Bounded:
    """The binary's output as the wrapper reads it (one `readuntil` per answer), with the bytes
    of each answer and of the whole run bounded."""

    def __init__(self, stream: asyncio.StreamReader):
        self._stream, self._left = stream, READ_LIMIT

    async def readuntil(self, separator: bytes) -> bytes:
        try:
            answer = await self._stream.readuntil(separator)
        except asyncio.LimitOverrunError:
            raise AnswerTooLarge(f"an answer longer than {ANSWER_LIMIT >> 20} MiB") from None
        self._left -= len(answer)
        if self._left < 0:
            raise AnswerTooLarge(f"answers longer than {READ_LIMIT >> 20} MiB in all")
        return answer


class ServiceAsyncio:
    """`asyncio` as pagefind.service (1.5.2) sees it, with two changes.

    - Its reader sleeps 0.1 s before reading each answer: 0.1 s per checklist item (12 s for
      the shipped playbook, minutes at 3,000 records). The reader waits on the pipe anyway,
      so it loses nothing by not sleeping.
    - The binary's answers may be as large as ANSWER_LIMIT (see indexer.py's `_write_index`), and
      no larger: its output is read through `_Bounded`.
    """

    def __getattr__(self, name: str) -> Any:
        return getattr(asyncio, name)

    @staticmethod
    async def sleep(delay: float, result: Any = None) -> Any:
        return await asyncio.sleep(0, result)

    @staticmethod
    async def create_subprocess_exec(*args: Any, **kwargs: Any) -> asyncio.subprocess.Process:
        process = await asyncio.create_subprocess_exec(*args, **{**kwargs, "limit": ANSWER_LIMIT})
        process.stdout = _Bounded(process.stdout)  # type: ignore[assignment,arg-type]
        return process
