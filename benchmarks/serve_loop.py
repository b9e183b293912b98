"""The editor's loop: save a YAML record, see the change in the preview.

    .venv/bin/python -m benchmarks.serve_loop [--repeat 3] [--timeout 60] [--json FILE]

Copies the shipped playbook (mkdocs.yml, macros.py, docs/, overrides/, playbook/ and the real
playbook_data/) into a temporary folder, starts `mkdocs serve --strict` there as `make serve`
does, on 127.0.0.1 and a free port, and waits until it answers. Then, `--repeat` times, it
changes one practice's title in its YAML file and polls that practice's page over HTTP every
50 ms until the new title is served: the time from the save to that moment is one sample.
Every wait is bounded; the server (its whole process group) is stopped at the end, always.
"""

from __future__ import annotations

import argparse
import json
import os
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
POLL = 0.05


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str, timeout: float = 2.0) -> str | None:
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


def serve_loop(
    source: Path = ROOT, repeat: int = 3, timeout: float = 60.0, python: str = sys.executable, env_extra: dict[str, str] | None = None, log=print
) -> dict:
    """Run the loop; returns the samples, their median and how long the first build took."""
    work = Path(tempfile.mkdtemp(prefix="playbook-serve-"))
    result: dict = {"samples_s": [], "median_s": None, "error": None}
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
        if not practices:
            raise RuntimeError("no practice in playbook_data/practices/")
        record = practices[0]
        result["record"] = f"playbook_data/practices/{record.name}"
        port = free_port()
        base = f"http://127.0.0.1:{port}/"
        page = f"{base}practices/{record.stem}/"
        env = {k: v for k, v in os.environ.items() if not k.startswith("PLAYBOOK_")}
        env.update({"NO_MKDOCS_2_WARNING": "1", **(env_extra or {})})
        cmd = [python, "-m", "mkdocs", "serve", "--strict", "--dev-addr", f"127.0.0.1:{port}"]
        result["command"] = " ".join(["python", *cmd[1:-1], "127.0.0.1:PORT"])
        with open(server_log, "wb") as out:
            start = time.perf_counter()
            proc = subprocess.Popen(cmd, cwd=project, env=env, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
            while fetch(page) is None:
                if proc.poll() is not None:
                    raise RuntimeError(f"mkdocs serve exited with {proc.returncode}")
                if time.perf_counter() - start > max(timeout, 300):
                    raise RuntimeError("mkdocs serve did not answer in time")
                time.sleep(0.1)
            result["startup_s"] = round(time.perf_counter() - start, 3)
            log(f"  serve: ready after {result['startup_s']:.1f} s on {base}")
            for i in range(repeat):
                title = f"Benchmark edit {i + 1} {secrets.token_hex(4)}"
                time.sleep(1.0)  # let the watcher settle after the previous rebuild
                t0 = time.perf_counter()
                set_title(record, title)
                while True:
                    body = fetch(page)
                    elapsed = time.perf_counter() - t0
                    if body is not None and title in body:
                        break
                    if proc.poll() is not None:
                        raise RuntimeError(f"mkdocs serve exited with {proc.returncode}")
                    if elapsed > timeout:
                        raise RuntimeError(f"edit {i + 1}: the page did not show the new title within {timeout:.0f} s")
                    time.sleep(POLL)
                result["samples_s"].append(round(elapsed, 3))
                log(f"  serve: edit {i + 1} shown after {elapsed:.2f} s")
        result["median_s"] = statistics.median(result["samples_s"])
    except Exception as exc:  # reported, not raised: the benchmark goes on
        result["error"] = str(exc)
        if server_log.is_file():
            result["log"] = "\n".join(server_log.read_text(errors="replace").splitlines()[-20:])
    finally:
        if proc is not None and proc.poll() is None:
            try:
                os.killpg(proc.pid, signal.SIGTERM)
                proc.wait(timeout=10)
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
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds to wait for one edit to show")
    parser.add_argument("--source", type=Path, default=ROOT, help="project folder to copy (default: this repository)")
    parser.add_argument("--json", type=Path, help="also write the result to this file")
    args = parser.parse_args()
    env = {"SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH", "1796083200")}  # = synthetic.SOURCE_DATE_EPOCH
    result = serve_loop(args.source, args.repeat, args.timeout, env_extra=env)
    print(json.dumps(result, indent=2))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2), encoding="utf-8")
    sys.exit(1 if result["error"] else 0)


if __name__ == "__main__":
    main()
