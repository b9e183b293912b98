"""Pagefind, the one program a build runs: when it dies, falls silent or the build is interrupted,
the build ends within seconds with one line, the previous site whole and its lock free.

Fake binaries are small shell scripts named by PAGEFIND_BINARY_PATH, the variable by which
Pagefind's Python wrapper is told where its binary is; the real binary is killed while it runs
through a script that records its process id and then becomes it (`exec`).
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import SMALL, make_project, write_data
from site_folders import leftovers, old_site, snapshot

from playbook import indexer, pagefind_service, search
from playbook.validation import validate


def script(folder: Path, body: str, name: str = "pagefind") -> Path:
    path = folder / name
    path.write_text("#!/bin/sh\n" + body)
    path.chmod(0o755)
    return path


def answer(message_id: int, payload: dict) -> str:
    """One answer as the binary writes it: base64 JSON, then a comma."""
    return base64.b64encode(json.dumps({"message_id": message_id, "payload": payload}).encode()).decode() + ","


FIRST_ANSWER = answer(1, {"type": "NewIndex", "index_id": 0})

#: script body -> the end of the message; `{pid}` is where the script writes its process id.
FAKES = {
    "panics at once": (
        "echo \"thread 'main' panicked at src/service.rs:12:5: index out of bounds\"\nexit 101\n",
        "Pagefind stopped with exit code 101 (thread 'main' panicked at src/service.rs:12:5: index out of bounds)",
    ),
    "exits at once, silent": ("exit 0\n", "Pagefind stopped with exit code 0"),
    "killed before it answers": ("kill -KILL $$\n", "Pagefind was killed by SIGKILL"),
    "dies after its first answer": (
        f"head -c 1 >/dev/null\nprintf '%s' '{FIRST_ANSWER}'\nsleep 0.2\nexit 4\n",  # waits for a request, answers it, then dies
        "Pagefind stopped with exit code 4",
    ),
}


@pytest.fixture
def tiny_site(tmp_path: Path) -> tuple[Path, object]:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<html><body><main data-pagefind-body><h1>Hello</h1><p>Words</p></main></body></html>")
    write_data(tmp_path / "playbook_data", SMALL)
    return site, validate(tmp_path / "playbook_data", None).catalog


def index_with(binary: Path, site: Path, catalog: object, monkeypatch) -> str:
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(binary))
    with pytest.raises(search.SearchIndexError) as caught:
        indexer.index_site(site, catalog)  # type: ignore[arg-type]
    return str(caught.value)


@pytest.mark.parametrize("case", FAKES)
def test_a_pagefind_that_dies_is_one_line_saying_how(tmp_path: Path, tiny_site, case: str, monkeypatch) -> None:
    """Noticed by its end, not by a timeout: the time limits here are far longer than the test may take."""
    body, said = FAKES[case]
    monkeypatch.setattr(indexer, "ANSWER_TIMEOUT", 300.0)
    monkeypatch.setattr(indexer, "RUN_TIMEOUT", 300.0)
    started = time.monotonic()
    message = index_with(script(tmp_path, body), *tiny_site, monkeypatch)
    assert message == f"the search index could not be built: {said}"
    assert time.monotonic() - started < 30  # a wait for an answer that never comes would take 300 s
    assert not (tiny_site[0] / "pagefind").exists()


def test_answers_that_are_not_answers_are_one_line(tmp_path: Path, tiny_site, monkeypatch) -> None:
    binary = script(tmp_path, "printf 'Listening for requests, please wait,'\nexec cat >/dev/null\n")
    message = index_with(binary, *tiny_site, monkeypatch)
    assert message.startswith("the search index could not be built: Pagefind's answer could not be read: ")
    assert "\n" not in message


def _not_executable(folder: Path) -> Path:
    binary = script(folder, "exit 0\n")
    binary.chmod(0o644)
    return binary


def _not_a_program(folder: Path) -> Path:
    binary = folder / "pagefind"
    binary.write_text("neither a script nor a program\n")
    binary.chmod(0o755)
    return binary


CANNOT_START = {
    "missing": (lambda folder: folder / "nowhere", "No such file or directory"),
    "not executable": (_not_executable, "Permission denied"),
    "not a program": (_not_a_program, "Exec format error"),
}


@pytest.mark.parametrize("case", CANNOT_START)
def test_a_pagefind_that_cannot_start_is_one_line(tmp_path: Path, tiny_site, case: str, monkeypatch) -> None:
    make, said = CANNOT_START[case]
    assert index_with(make(tmp_path), *tiny_site, monkeypatch) == f"the search index could not be built: Pagefind could not be started: {said}"


def alive(pid: int) -> bool:
    """True while `pid` runs (a zombie, dead but not yet reaped, counts as gone)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_a_silent_pagefind_is_given_up_and_killed(tmp_path: Path, tiny_site, monkeypatch) -> None:
    """Alive, deaf to SIGTERM and silent: the request's time runs out, and the binary is killed."""
    pid = tmp_path / "pid"
    binary = script(tmp_path, f"echo $$ > {pid}\ntrap '' TERM INT\nexec sleep 600\n")
    monkeypatch.setattr(indexer, "ANSWER_TIMEOUT", 1.0)
    assert index_with(binary, *tiny_site, monkeypatch) == "the search index could not be built: Pagefind did not answer in 1 s"
    assert not alive(int(pid.read_text()))


SLOW = """
import base64, json, sys, time
ANSWERS = {"NewIndex": {"type": "NewIndex", "index_id": 0}, "AddDir": {"type": "IndexedDir", "page_count": 1},
           "AddRecord": {"type": "IndexedFile", "page_word_count": 1, "page_url": "/", "page_meta": {}}}
request = b""
while byte := sys.stdin.buffer.read(1):
    if byte != b",":
        request += byte
        continue
    asked = json.loads(base64.b64decode(request))
    request = b""
    time.sleep(0.4)
    answer = {"message_id": asked["message_id"], "payload": ANSWERS[asked["payload"]["type"]]}
    sys.stdout.buffer.write(base64.b64encode(json.dumps(answer).encode()) + b",")
    sys.stdout.flush()
"""


def test_a_pagefind_that_answers_ever_so_slowly_is_given_up_too(tmp_path: Path, tiny_site, monkeypatch) -> None:
    """Each answer in time, the whole run too long: the run has a bound of its own."""
    (tmp_path / "slow.py").write_text(SLOW)
    binary = script(tmp_path, f'exec "{sys.executable}" {tmp_path / "slow.py"}\n')
    monkeypatch.setattr(indexer, "RUN_TIMEOUT", 1.0)
    assert index_with(binary, *tiny_site, monkeypatch) == "the search index could not be built: Pagefind did not finish in 1 s"


# The whole build, as an editor runs it.

REAL = Path(__import__("pagefind_bin").get_executable())

#: `python -m playbook build` with shorter time limits for Pagefind.
BUILD_WITH_LIMIT = "import sys; from playbook import indexer; indexer.ANSWER_TIMEOUT = float(sys.argv[1]); from playbook.cli import main; main(['build'])"


def start_build(project: Path, binary: Path, limit: float = 300.0) -> subprocess.Popen[str]:
    """A build in a session of its own, so that a signal to its group reaches it and its Pagefind alone."""
    env = {**os.environ, "PAGEFIND_BINARY_PATH": str(binary), "SOURCE_DATE_EPOCH": "1767225600"}
    command = [sys.executable, "-c", BUILD_WITH_LIMIT, str(limit)]
    return subprocess.Popen(command, cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)


def wait_for_pid(file: Path, build: subprocess.Popen[str]) -> int:
    deadline = time.monotonic() + 60
    while not (file.exists() and file.read_text().strip()):
        assert build.poll() is None and time.monotonic() < deadline, "the build ended before it started Pagefind"
        time.sleep(0.005)
    return int(file.read_text())


def finished(build: subprocess.Popen[str], within: float = 20) -> tuple[int, list[str]]:
    """The exit code and what the build printed, less MkDocs' INFO lines; it fails if the build hangs."""
    try:
        out, err = build.communicate(timeout=within)
    except subprocess.TimeoutExpired:
        os.killpg(build.pid, signal.SIGKILL)
        build.communicate()
        pytest.fail(f"the build still ran {within} s later")
    assert not any(said in err for said in ("Traceback", "Exception ignored", "Task exception", "never retrieved")), err
    return build.returncode, [line for line in (out + err).splitlines() if not line.startswith("INFO")]


def lock_is_free(project: Path) -> bool:
    fd = os.open(project / ".site.playbook-lock", os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False
    finally:
        os.close(fd)


@pytest.mark.parametrize("how", ["killed", "silent"])
def test_a_build_whose_pagefind_dies_or_falls_silent_ends_at_once(project: Path, tmp_path: Path, how: str) -> None:
    old_site(project)
    before = snapshot(project / "site")
    pid_file = tmp_path / "pid"
    if how == "killed":  # the real binary, killed as it indexes
        binary, limit, said = script(tmp_path, f'echo $$ > {pid_file}\nexec "{REAL}" "$@"\n'), 300.0, "Pagefind was killed by SIGKILL"
    else:
        binary, limit, said = script(tmp_path, f"echo $$ > {pid_file}\nexec sleep 600\n"), 2.0, "Pagefind did not answer in 2 s"
    build = start_build(project, binary, limit)
    pid = wait_for_pid(pid_file, build)
    if how == "killed":
        os.kill(pid, signal.SIGKILL)
    code, lines = finished(build)
    assert code == 1
    assert f"ERROR   -  the search index could not be built: {said}" in lines
    assert lines[-1] == "Error: not built: MkDocs reported the problems above; site/ is unchanged."
    assert snapshot(project / "site") == before and leftovers(project) == []
    assert lock_is_free(project) and not alive(pid)


@pytest.mark.parametrize("binary", ["real", "deaf to signals"])
def test_ctrl_c_while_pagefind_indexes_ends_the_build_and_pagefind(project: Path, tmp_path: Path, binary: str) -> None:
    """Ctrl-C in a terminal signals the build and Pagefind together; a Pagefind that ignores it is killed by the build."""
    old_site(project)
    before = snapshot(project / "site")
    pid_file = tmp_path / "pid"
    run = f'exec "{REAL}" "$@"' if binary == "real" else "trap '' INT TERM\nexec sleep 600"
    build = start_build(project, script(tmp_path, f"echo $$ > {pid_file}\n{run}\n"))
    pid = wait_for_pid(pid_file, build)  # at once: the real binary indexes the small playbook in a tenth of a second
    os.killpg(build.pid, signal.SIGINT)
    code, lines = finished(build)
    assert (code, lines[-1]) == (1, "Aborted!")
    assert snapshot(project / "site") == before and leftovers(project) == []
    assert lock_is_free(project) and not alive(pid)


def test_an_answer_of_the_wrong_kind_is_one_line(tmp_path: Path, tiny_site, monkeypatch) -> None:
    wrong = answer(1, {"type": "GetFiles", "files": []})
    binary = script(tmp_path, f"head -c 1 >/dev/null\nprintf '%s' '{wrong}'\nexec cat >/dev/null\n")
    assert index_with(binary, *tiny_site, monkeypatch) == "the search index could not be built: Pagefind said: an unexpected answer (AssertionError)"


# The build's own path: pages handed to a Session as MkDocs writes them.


def index_in_session(site: Path, catalog: object) -> int:
    session = indexer.Session(catalog)  # type: ignore[arg-type]
    session.add("index.html", (site / "index.html").read_text())
    return session.finish(site)


SESSION_CASES = {
    **{case: (lambda folder, body=body: script(folder, body), said) for case, (body, said) in FAKES.items()},
    **{case: (make, f"Pagefind could not be started: {said}") for case, (make, said) in CANNOT_START.items()},
    "deaf and silent": (lambda folder: script(folder, "trap '' TERM INT\nexec sleep 600\n"), "Pagefind did not answer in 1 s"),
    "answers of the wrong kind": (
        lambda folder: script(folder, f"head -c 1 >/dev/null\nprintf '%s' '{answer(1, {'type': 'GetFiles', 'files': []})}'\nexec cat >/dev/null\n"),
        "Pagefind said: an unexpected answer (AssertionError)",
    ),
}


@pytest.mark.parametrize("case", SESSION_CASES)
def test_a_session_beside_the_build_fails_as_index_site_does(tmp_path: Path, tiny_site, case: str, monkeypatch) -> None:
    make, said = SESSION_CASES[case]
    monkeypatch.setattr(indexer, "ANSWER_TIMEOUT", 1.0 if case == "deaf and silent" else 300.0)
    monkeypatch.setattr(indexer, "RUN_TIMEOUT", 300.0)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(make(tmp_path)))
    started = time.monotonic()
    with pytest.raises(search.SearchIndexError) as caught:
        index_in_session(*tiny_site)
    assert str(caught.value) == f"the search index could not be built: {said}"
    assert time.monotonic() - started < 30 and not (tiny_site[0] / "pagefind").exists()


def test_a_session_indexes_what_index_site_indexes(tiny_site) -> None:
    """The same page and records give the same results (only Pagefind's page numbering may differ)."""
    site, catalog = tiny_site
    assert index_in_session(site, catalog) == 1
    in_session = {p.relative_to(site).as_posix() for p in (site / "pagefind" / "fragment").iterdir()}
    shutil.rmtree(site / "pagefind")
    assert indexer.index_site(site, catalog) == 1  # type: ignore[arg-type]
    assert {p.relative_to(site).as_posix() for p in (site / "pagefind" / "fragment").iterdir()} == in_session


# Binaries that start, then never answer, answer without end, or leave a child on their output.

#: script body -> the end of the one line; `{child}` is where a script writes the id of a child it leaves.
#: Only the first waits out the shipped limit (5 s); the others are given 1 s, the same rule.
HOSTILE = {
    "sleeps": ("exec sleep 600\n", "Pagefind did not answer in 5 s"),
    "prints garbage, then sleeps": ("echo 'garbage not json'\necho '{\"broken'\nexec sleep 600\n", "Pagefind did not answer in 1 s"),
    "deaf to signals": ("trap '' TERM INT\nexec sleep 600\n", "Pagefind did not answer in 1 s"),
    "one long line, then sleeps": ("head -c 3000000 /dev/zero | tr '\\0' A\nexec sleep 600\n", "Pagefind did not answer in 1 s"),
    "floods its output": ("yes garbage\n", "Pagefind sent an answer longer than 64 MiB"),
    "leaves a child on its output": ("sleep 600 &\necho $! > {child}\nexit 0\n", "Pagefind stopped with exit code 0"),
}

#: `python -m playbook build`, with the answer limit in argv[2], writing its peak memory (KB) into argv[1] as it exits.
BUILD_MEASURED = (
    "import atexit, resource, sys; from playbook import indexer; indexer.ANSWER_TIMEOUT = float(sys.argv[2]); "
    "atexit.register(lambda: open(sys.argv[1], 'w').write(str(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))); "
    "from playbook.cli import main; main(['build'])"
)


@pytest.fixture(scope="module")
def hostile_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One small project for every hostile binary: each build fails, so its previous site stays."""
    project = make_project(tmp_path_factory.mktemp("hostile"))
    old_site(project)
    return project


@pytest.mark.parametrize("case", HOSTILE)
def test_a_pagefind_that_never_answers_or_floods_ends_the_build_in_seconds(hostile_project: Path, tmp_path: Path, case: str) -> None:
    body, said = HOSTILE[case]
    limit = 1 if said.endswith("in 1 s") else indexer.ANSWER_TIMEOUT
    before = snapshot(hostile_project / "site")
    child, peak = tmp_path / "child", tmp_path / "peak"
    env = {**os.environ, "PAGEFIND_BINARY_PATH": str(script(tmp_path, body.replace("{child}", str(child)))), "SOURCE_DATE_EPOCH": "1767225600"}
    started = time.monotonic()
    build = subprocess.Popen(
        [sys.executable, "-c", BUILD_MEASURED, str(peak), str(limit)], cwd=hostile_project, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        code, lines = finished(build, within=60)
    finally:
        if child.exists():
            os.kill(int(child.read_text()), signal.SIGKILL)
    assert time.monotonic() - started < 15  # 61.6 s before the short limits; a build of this site and 5 s of waiting
    assert (code, lines[-1]) == (1, "Error: not built: MkDocs reported the problems above; site/ is unchanged.")
    assert [line for line in lines if "Pagefind" in line or "search" in line] == [f"ERROR   -  the search index could not be built: {said}"]
    assert snapshot(hostile_project / "site") == before and leftovers(hostile_project) == [] and lock_is_free(hostile_project)
    assert int(peak.read_text()) < 300 * 1024  # KB; a flood read without a bound took 1.1 GB


def _index_site(site: Path, catalog: object) -> int:
    return indexer.index_site(site, catalog)  # type: ignore[arg-type]


def repeat(text: str) -> str:
    return f"while :; do printf '%s' '{text}'; done\n"


@pytest.mark.parametrize("run", [_index_site, index_in_session], ids=["index_site", "session"])
@pytest.mark.parametrize(
    ("body", "said"),
    [
        ("head -c 3000000 /dev/zero | tr '\\0' A\nexec sleep 600\n", "Pagefind sent an answer longer than 1 MiB"),
        (repeat(answer(0, {"type": "Ignored"})), "Pagefind sent answers longer than 2 MiB in all"),  # answers to no request, without end
    ],
    ids=["one long line", "answers without end"],
)
def test_what_pagefind_sends_is_bounded_per_answer_and_in_all(tmp_path: Path, tiny_site, monkeypatch, run, body: str, said: str) -> None:
    """An answer longer than the limit is an error as soon as it is read that far: no wait for the time limits."""
    monkeypatch.setattr(indexer, "ANSWER_TIMEOUT", 300.0)
    monkeypatch.setattr(pagefind_service, "ANSWER_LIMIT", 1 << 20)
    monkeypatch.setattr(pagefind_service, "READ_LIMIT", 2 << 20)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(script(tmp_path, body)))
    started = time.monotonic()
    with pytest.raises(search.SearchIndexError) as caught:
        run(*tiny_site)
    assert str(caught.value) == f"the search index could not be built: {said}"
    assert time.monotonic() - started < 30 and not (tiny_site[0] / "pagefind").exists()
