"""The editor's loop: save a YAML record, see the change in the preview.

    .venv/bin/python -m benchmarks.serve_loop [--repeat 3] [--timeout 120] [--source DIR] [--command playbook|mkdocs] [--json FILE]

Copies a project (mkdocs.yml, macros.py, docs/, overrides/, playbook/ and playbook_data/) into a
temporary folder and starts its preview there on 127.0.0.1 and a free port: `playbook serve` (as
`make serve` runs it now) or `mkdocs serve --strict` (as `make serve` ran it before). Once the
first build answers, it makes three kinds of save, `--repeat` times each, and polls the changed
page over HTTP every 20 ms until the change is served; the time from the save to that moment is
one sample:

    text     a practice's `title` changed            -> that practice's page shows it
    item     a new checklist item on a function      -> that function's page lists it
    rename   a checklist item's id renamed, the old  -> that function's page has the item's new id
             one kept in `formerly`

Every wait is bounded; the server (its whole process group) is stopped at the end, always.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SITE_FILES = ["mkdocs.yml", "macros.py", "docs", "overrides", "playbook", "playbook_data"]
POLL = 0.02
EDITS = ("text", "item", "rename")
#: The command of each preview, after `python -m`.
COMMANDS = {
    "playbook": ["playbook", "serve", "--dev-addr"],
    "mkdocs": ["mkdocs", "serve", "--strict", "--dev-addr"],
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str, timeout: float = 5.0) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:
            return resp.read().decode("utf-8", errors="replace") if resp.status == 200 else None
    except (urllib.error.URLError, OSError, TimeoutError):
        return None


def copy_project(source: Path, dest: Path) -> None:
    dest.mkdir(parents=True, exist_ok=True)
    for name in SITE_FILES:
        src = source / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif src.is_file():
            shutil.copy(src, dest / name)


def set_title(path: Path, title: str) -> None:
    """Replace the record's `title:` (and any folded continuation lines) with `title`."""
    lines = path.read_text(encoding="utf-8").splitlines()
    out: list[str] = []
    skipping = False
    for line in lines:
        if skipping and (line.startswith(" ") or not line.strip()):
            continue
        skipping = False
        if line.startswith("title:"):
            out.append(f"title: {title}")
            skipping = True
            continue
        out.append(line)
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


class Function:
    """A function's record, edited as an editor would: a new checklist item, an item renamed."""

    def __init__(self, path: Path) -> None:
        self.path = path
        text = path.read_text(encoding="utf-8")
        first = re.search(r"^checklist:\n(\s*)- id: (\S+)\n", text, re.M)
        if first is None:
            raise RuntimeError(f"{path.name} has no checklist")
        self.indent, self.item = first.group(1), first.group(2)
        self.stage = re.search(r"^\s+stage: (\S+)$", text[first.end() :], re.M).group(1)  # type: ignore[union-attr]
        self.practice = re.search(r"^\s+practice: (\S+)$", text[first.end() :], re.M).group(1)  # type: ignore[union-attr]

    def add_item(self, item_id: str, text: str) -> None:
        pad = self.indent + "  "
        item = f"{self.indent}- id: {item_id}\n{pad}text: {text}\n{pad}stage: {self.stage}\n{pad}practice: {self.practice}\n"
        content = self.path.read_text(encoding="utf-8").replace("checklist:\n", "checklist:\n" + item, 1)
        self.path.write_text(content, encoding="utf-8")

    def rename_item(self, new_id: str) -> None:
        """The first item gets `new_id`, its id until now in `formerly` (in place of an earlier rename's)."""
        pad = self.indent + "  "
        pattern = re.compile(rf"^{re.escape(self.indent)}- id: {re.escape(self.item)}\n(?:{re.escape(pad)}formerly: \[[^\]]*\]\n)?", re.M)
        content, count = pattern.subn(f"{self.indent}- id: {new_id}\n{pad}formerly: [{self.item}]\n", self.path.read_text(encoding="utf-8"), count=1)
        if count != 1:
            raise RuntimeError(f"item {self.item} not found in {self.path.name}")
        self.path.write_text(content, encoding="utf-8")
        self.item = new_id


def serve_loop(
    source: Path = ROOT,
    repeat: int = 3,
    timeout: float = 120.0,
    python: str = sys.executable,
    env_extra: dict[str, str] | None = None,
    log=print,
    command: str = "playbook",
    edits: tuple[str, ...] = EDITS,
) -> dict:
    """Run the loop; returns the samples and medians of each kind of save, and how long the first build took."""
    work = Path(tempfile.mkdtemp(prefix="playbook-serve-"))
    result: dict = {"edits": {}, "error": None, "preview": command}
    proc = None
    server_log = work / "serve.log"
    previous = None
    if threading.current_thread() is threading.main_thread():
        # A SIGTERM to the benchmark must still stop the server: turn it into SystemExit, so `finally` runs.
        previous = signal.signal(signal.SIGTERM, _exit_on_sigterm)
    try:
        copy_project(source, work / "project")
        project = work / "project"
        practices = sorted((project / "playbook_data" / "practices").glob("*.yml"))
        functions = sorted((project / "playbook_data" / "functions").glob("*.yml"))
        if not practices or not functions:
            raise RuntimeError("no practice or no function in playbook_data/")
        record, function = practices[0], Function(functions[0])
        result["records"] = sum(1 for _ in (project / "playbook_data").glob("*/*.yml"))
        result["practice"], result["function"] = f"playbook_data/practices/{record.name}", f"playbook_data/functions/{function.path.name}"
        port = free_port()
        base = f"http://127.0.0.1:{port}/"
        practice_page, function_page = f"{base}practices/{record.stem}/", f"{base}functions/{function.path.stem}/"
        env = {k: v for k, v in os.environ.items() if not k.startswith("PLAYBOOK_")}
        env.update({"NO_MKDOCS_2_WARNING": "1", **(env_extra or {})})
        cmd = [python, "-m", *COMMANDS[command], f"127.0.0.1:{port}"]
        result["command"] = " ".join(["python", *cmd[1:-1], "127.0.0.1:PORT"])
        with open(server_log, "wb") as out:
            start = time.perf_counter()
            proc = subprocess.Popen(cmd, cwd=project, env=env, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
            ready = f'data-item="{function.item}"'
            while ready not in (fetch(function_page) or ""):  # the site, not a page saying it is being built
                if proc.poll() is not None:
                    raise RuntimeError(f"the preview exited with {proc.returncode}")
                if time.perf_counter() - start > max(timeout, 600):
                    raise RuntimeError("the preview did not answer in time")
                time.sleep(0.1)
            result["startup_s"] = round(time.perf_counter() - start, 3)
            log(f"  {command} serve, {result['records']:,} records: ready after {result['startup_s']:.1f} s on {base}")
            for kind in edits:
                samples = []
                for i in range(repeat):
                    token = secrets.token_hex(4)
                    time.sleep(1.0)  # let the watcher settle after the previous rebuild
                    t0 = time.perf_counter()
                    if kind == "text":
                        set_title(record, f"Benchmark edit {i + 1} {token}")
                        page, wanted = practice_page, token
                    elif kind == "item":
                        function.add_item(f"bench-item-{token}", f"Benchmark item {token}")
                        page, wanted = function_page, token
                    else:
                        function.rename_item(f"bench-renamed-{token}")
                        page, wanted = function_page, f'id="item-bench-renamed-{token}"'
                    while True:
                        body = fetch(page)
                        elapsed = time.perf_counter() - t0
                        if body is not None and wanted in body:
                            break
                        if proc.poll() is not None:
                            raise RuntimeError(f"the preview exited with {proc.returncode}")
                        if elapsed > timeout:
                            raise RuntimeError(f"{kind} edit {i + 1}: the page did not show the change within {timeout:.0f} s")
                        time.sleep(POLL)
                    samples.append(round(elapsed, 3))
                    log(f"  {command} serve, {result['records']:,} records: {kind} edit {i + 1} shown after {elapsed:.2f} s")
                result["edits"][kind] = {"samples_s": samples, "median_s": statistics.median(samples)}
    except Exception as exc:  # reported, not raised: the benchmark goes on
        result["error"] = str(exc)
        if server_log.is_file():
            result["log"] = "\n".join(server_log.read_text(errors="replace").splitlines()[-20:])
    finally:
        if proc is not None and proc.poll() is None:
            try:
                os.killpg(proc.pid, signal.SIGTERM)
                proc.wait(timeout=20)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                try:
                    os.killpg(proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                proc.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
    return result


def _exit_on_sigterm(signum, frame) -> None:
    raise SystemExit(128 + signum)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="saves of each kind")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds to wait for one edit to show")
    parser.add_argument("--source", type=Path, default=ROOT, help="project folder to copy (default: this repository)")
    parser.add_argument("--command", choices=sorted(COMMANDS), default="playbook", help="the preview: playbook serve, or mkdocs serve --strict")
    parser.add_argument("--json", type=Path, help="also write the result to this file")
    args = parser.parse_args()
    env = {"SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH", "1796083200")}  # = synthetic.SOURCE_DATE_EPOCH
    result = serve_loop(args.source, args.repeat, args.timeout, env_extra=env, command=args.command)
    print(json.dumps(result, indent=2))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2), encoding="utf-8")
    sys.exit(1 if result["error"] else 0)


if __name__ == "__main__":
    main()
