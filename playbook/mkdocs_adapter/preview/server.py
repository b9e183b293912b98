"""The preview's web server: the last good site, a problems banner, and a reload when it changes.

Every request is answered from what is on disk now, never after a build: a page of the last
good site; while the data has problems, the same page with a banner on top that lists them as
`validate` prints them (inserted as text); a stand-in page at a record's address that the last
good site does not have yet (a record just made by `playbook new`); before the first good build,
a page that says so. Each HTML page gets a small script that asks `/.preview/version` (an answer
within a second, changed or not) and reloads the page when the site or its problems change.
"""

from __future__ import annotations

import html
import json
import mimetypes
import posixpath
import threading
import time
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from ...model import KIND_BY_FOLDER
from .site import Snapshot

#: The address of the version the reload script asks for.
VERSION_PATH = "/.preview/version"
#: The longest a request for the version is held when nothing has changed (every answer is quick).
HOLD_SECONDS = 1.0

_TYPES = {".js": "text/javascript", ".mjs": "text/javascript", ".wasm": "application/wasm", ".json": "application/json", ".css": "text/css"}

_RELOAD = """<script>(function () {
  var version = %d;
  function ask() {
    fetch("%s?since=" + version, {cache: "no-store"}).then(function (r) { return r.json(); }).then(function (now) {
      if (now.version !== version) { location.reload(); } else { ask(); }
    }, function () { setTimeout(ask, 1000); });
  }
  ask();
})();</script>"""

_BANNER_STYLE = (
    "position:relative;z-index:5;margin:0;padding:.6rem 1rem;background:#b71c1c;color:#fff;font:14px/1.45 system-ui,sans-serif;max-height:40vh;overflow:auto"
)


def banner(problems: tuple[str, ...]) -> str:
    """The problems banner: each line as `validate` prints it, as text."""
    count = len(problems)
    heading = (
        f"The preview shows the last good version of the site: the data has {count} problem{'s' if count != 1 else ''}. "
        f"Fix {'it' if count == 1 else 'them'} and save; this page reloads by itself."
    )
    items = "".join(f'<li style="margin:.2rem 0">{html.escape(line)}</li>' for line in problems)
    return (
        f'<div id="playbook-preview-problems" role="alert" style="{_BANNER_STYLE}">'
        f'<p style="margin:0 0 .3rem;font-weight:bold">{html.escape(heading)}</p>'
        f'<ul style="margin:0;padding-left:1.2rem;font-family:ui-monospace,monospace;white-space:pre-wrap">{items}</ul></div>'
    )


def decorate(page: bytes, snapshot: Snapshot) -> bytes:
    """An HTML page as the preview serves it: the banner after <body ...>, the reload script before </body>."""
    text = page.decode("utf-8", errors="replace")
    if snapshot.problems:
        opening = text.find("<body")
        end = text.find(">", opening) + 1 if opening >= 0 else 0
        text = text[:end] + banner(snapshot.problems) + text[end:]
    script = reload_script(snapshot.version)
    closing = text.rfind("</body>")
    text = text[:closing] + script + text[closing:] if closing >= 0 else text + script
    return text.encode("utf-8")


def reload_script(version: int) -> str:
    """The script that reloads a page served at `version` when the preview moves on."""
    return _RELOAD % (version, VERSION_PATH)


def stand_in(snapshot: Snapshot, title: str, message: str) -> bytes:
    """A page for an address the last good site cannot answer."""
    body = f"<h1>{html.escape(title)}</h1><p>{html.escape(message)}</p>"
    page = (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">'
        f'<title>{html.escape(title)}</title></head><body style="font:16px/1.5 system-ui,sans-serif;margin:0">'
        f'<main style="padding:1rem 1.5rem">{body}</main></body></html>'
    )
    return decorate(page.encode("utf-8"), snapshot)


class PreviewServer(ThreadingHTTPServer):
    """Serves `current()`'s site; `changed` is notified whenever the snapshot changes."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], current: Callable[[], Snapshot], data_dir: Path) -> None:
        super().__init__(address, _Handler)
        self.current = current
        self.data_dir = data_dir
        self.changed = threading.Condition()
        #: Whether search has indexed the site being served (the version's answer says so).
        self.searched: Callable[[], bool] = lambda: False

    def handle_error(self, request: object, client_address: object) -> None:
        """A browser that left before its answer (a reload, a closed tab) is no error worth a traceback."""
        import sys

        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]

    def notify(self) -> None:
        with self.changed:
            self.changed.notify_all()


class _Handler(BaseHTTPRequestHandler):
    server: PreviewServer

    def log_message(self, format: str, *args: object) -> None:  # quiet: the terminal is for the editor
        pass

    def do_HEAD(self) -> None:
        self._answer(head=True)

    def do_GET(self) -> None:
        self._answer(head=False)

    def _answer(self, head: bool) -> None:
        url = urlsplit(self.path)
        if url.path == VERSION_PATH:
            since = parse_qs(url.query).get("since", [""])[0]
            return self._version(since, head)
        snapshot = self.server.current()
        if snapshot.site is None:
            message = "The site is being built; this page reloads when it is ready." if snapshot.building else "There is no good version of the site yet."
            return self._send(HTTPStatus.OK, "text/html; charset=utf-8", stand_in(snapshot, "Preview", message), head)
        path = posixpath.normpath(unquote(url.path))
        target = (snapshot.site / path.lstrip("/")).resolve()
        if not target.is_relative_to(snapshot.site.resolve()):
            return self._not_found(snapshot, head)
        if target.is_dir():
            if not url.path.endswith("/"):
                return self._redirect(url.path + "/" + (f"?{url.query}" if url.query else ""))
            target = target / "index.html"
        try:
            content = target.read_bytes()
        except OSError:
            return self._missing(snapshot, url.path, head)
        kind = _TYPES.get(target.suffix) or mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if kind == "text/html":
            return self._send(HTTPStatus.OK, "text/html; charset=utf-8", decorate(content, snapshot), head)
        return self._send(HTTPStatus.OK, kind, content, head)

    def _missing(self, snapshot: Snapshot, path: str, head: bool) -> None:
        record = _record_file(self.server.data_dir, path)
        if snapshot.problems and record is not None:
            message = f"This page is made from {record}, which is not in the last good version of the site: fix the problems listed above."
            return self._send(HTTPStatus.OK, "text/html; charset=utf-8", stand_in(snapshot, "Not built yet", message), head)
        return self._not_found(snapshot, head)

    def _not_found(self, snapshot: Snapshot, head: bool) -> None:
        try:
            content = decorate((snapshot.site or Path()).joinpath("404.html").read_bytes(), snapshot)
        except OSError:
            content = stand_in(snapshot, "Not found", "There is no page at this address.")
        self._send(HTTPStatus.NOT_FOUND, "text/html; charset=utf-8", content, head)

    def _version(self, since: str, head: bool) -> None:
        deadline = time.monotonic() + HOLD_SECONDS
        with self.server.changed:
            while str(self.server.current().version) == since and (left := deadline - time.monotonic()) > 0:
                self.server.changed.wait(left)
        body = json.dumps({"version": self.server.current().version, "search_indexed": self.server.searched()}).encode()
        self._send(HTTPStatus.OK, "application/json", body, head)

    def _redirect(self, location: str) -> None:
        self.send_response(HTTPStatus.MOVED_PERMANENTLY)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _send(self, status: HTTPStatus, kind: str, body: bytes, head: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if not head:
            self.wfile.write(body)


def _record_file(data_dir: Path, path: str) -> str | None:
    """The data file a record page's address is made from, when that file exists ('practices/x/' -> its .yml)."""
    parts = [p for p in path.strip("/").split("/") if p]
    if len(parts) != 2 or parts[0] not in KIND_BY_FOLDER:
        return None
    file = data_dir / parts[0] / f"{parts[1]}.yml"
    return f"{data_dir.name}/{parts[0]}/{parts[1]}.yml" if file.is_file() else None
