"""Where a build's time goes, phase by phase: `python -m playbook build`, timed from the inside.

    .venv/bin/python -m benchmarks.phases PROJECT [PROJECT ...] [--repeat 3] [--json FILE]

Each PROJECT is a folder with mkdocs.yml, macros.py, docs/, overrides/, playbook/ and
playbook_data/ (the code in its own playbook/ is the code measured, so two copies of the same
playbook with two versions of the code compare them). The builds alternate, A B A B, and the
report gives each phase's median.

A build runs in a child process of its own (`python -c`, the project first on sys.path) that
wraps the functions below before anything else imports them; the time of the main thread is
charged to the innermost phase running, so the phases add up to the wall time. Start-up is
counted from the moment the child was started, shutdown up to the moment it had exited.
Functions a version does not have are simply not wrapped.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

#: Phases in the order of the report, and the functions (module, attribute path) charged to each.
PHASES: list[tuple[str, list[tuple[str, str]]]] = [
    ("start-up, imports, config", [("mkdocs.config", "load_config")]),
    ("load + validate", [("playbook.validation.report", "validate"), ("playbook.validation", "validate")]),
    (
        "core render + page sources",
        [
            ("playbook.render", "site_pages"),
            ("playbook.render", "record_page"),
            ("playbook.render", "print_page"),
            ("playbook.render", "print_booklet"),
            ("playbook.render", "start_page"),
            ("playbook.render", "index_page"),
            ("playbook.mkdocs_adapter.pages", "generated_file"),
            ("playbook.mkdocs_adapter.pages", "markdown"),
            ("playbook.mkdocs_adapter.pages", "source"),
            ("playbook.mkdocs_adapter.pages", "content"),
            ("playbook.mkdocs_adapter.pages", "fill"),
            ("playbook.schema", "schema_files"),
        ],
    ),
    (
        "mkdocs-macros",
        [("mkdocs_macros.plugin", "MacrosPlugin.on_config"), ("mkdocs_macros.plugin", "MacrosPlugin.on_page_markdown")],
    ),
    ("Python-Markdown", [("mkdocs.structure.pages", "Page.render")]),
    ("theme templates (Jinja)", [("mkdocs.commands.build", "_build_page"), ("mkdocs.commands.build", "_build_theme_template")]),
    (
        "writing pages and assets",
        [("mkdocs.utils", "write_file"), ("mkdocs.structure.files", "Files.copy_static_files"), ("mkdocs.utils", "clean_directory")],
    ),
    ("MkDocs: files, navigation, the rest", [("mkdocs.commands.build", "build")]),
    ("publishing: staging, permissions, swap", [("playbook.publish", "publish")]),
    ("Pagefind (the build waiting for it)", [("playbook.indexer", "index_site"), ("playbook.indexer", "Session.finish")]),
    ("writing Pagefind's files", [("playbook.indexer", "_write_index")]),
]
SHUTDOWN = "interpreter shutdown"
ORDER = [name for name, _ in PHASES] + [SHUTDOWN]


# The child ----------------------------------------------------------------------------------------


def child(out: str, site_dir: str) -> None:
    """Run `python -m playbook build --site-dir SITE_DIR` in this process, phases timed; write them to `out`."""
    import functools
    import importlib
    import threading

    main_thread = threading.main_thread()
    totals = dict.fromkeys(ORDER, 0.0)
    cpu = dict.fromkeys(ORDER, 0.0)  # the main thread's CPU time: what a busy machine inflates least
    stack = [PHASES[0][0]]
    last = [time.perf_counter(), time.thread_time()]
    started = time.time()

    def switch(to: str | None) -> None:
        now, now_cpu = time.perf_counter(), time.thread_time()
        totals[stack[-1]] += now - last[0]
        cpu[stack[-1]] += now_cpu - last[1]
        last[0], last[1] = now, now_cpu
        if to is None:
            stack.pop()
        else:
            stack.append(to)

    def wrap(phase: str, fn):
        @functools.wraps(fn)
        def timed(*args, **kwargs):
            if threading.current_thread() is not main_thread:
                return fn(*args, **kwargs)
            switch(phase)
            try:
                return fn(*args, **kwargs)
            finally:
                switch(None)

        return timed

    for phase, targets in PHASES:
        for module_name, attr in targets:
            try:
                module = importlib.import_module(module_name)
            except ImportError:
                continue
            owner, _, name = attr.rpartition(".")
            holder = getattr(module, owner, None) if owner else module  # an older revision may not have it
            if holder is not None and hasattr(holder, name):
                setattr(holder, name, wrap(phase, getattr(holder, name)))

    import runpy

    def write(code: object) -> None:
        switch("end")
        Path(out).write_text(json.dumps({"phases": totals, "cpu": cpu, "started": started, "ended": time.time(), "code": code}), encoding="utf-8")

    real_exit = os._exit

    def exit_now(code: int) -> None:  # `python -m playbook` may end without the interpreter's teardown
        write(code)
        real_exit(code)

    os._exit = exit_now  # type: ignore[assignment]
    sys.argv = ["playbook", "build", "--site-dir", site_dir]
    try:
        runpy.run_module("playbook", run_name="__main__", alter_sys=True)  # exactly `python -m playbook build`
        code: object = 0
    except SystemExit as exc:
        code = exc.code
    write(code)
    sys.exit(code)


# The parent ---------------------------------------------------------------------------------------


def run_once(project: Path, env: dict[str, str]) -> dict:
    """One build of `project` in a child process; its phases (seconds) and wall and CPU time."""
    with tempfile.TemporaryDirectory(prefix="phases-") as tmp:
        out, site = Path(tmp) / "phases.json", Path(tmp) / "site"
        paths = [str(project), str(Path(__file__).resolve().parent.parent)]
        code = f"import sys; sys.path[:0] = {paths!r}; from benchmarks.phases import child; child({str(out)!r}, {str(site)!r})"
        launched = time.time()
        start = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-c", code], cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        exited = time.time()
        err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
        if status != 0 or not out.is_file():
            raise RuntimeError(f"the build of {project} failed:\n{err[-3000:]}")
        data = json.loads(out.read_text(encoding="utf-8"))
    phases = data["phases"]
    phases[PHASES[0][0]] += data["started"] - launched  # the interpreter starting, before the child's first line
    phases[SHUTDOWN] = max(0.0, exited - data["ended"])
    data["cpu"][PHASES[0][0]] += data["started"] - launched  # not measured inside: taken as it came
    data["cpu"][SHUTDOWN] = phases[SHUTDOWN]
    return {"phases": phases, "cpu_phases": data["cpu"], "wall_s": wall, "cpu_s": usage.ru_utime + usage.ru_stime}


def compare(projects: list[Path], repeat: int, env: dict[str, str], log=print) -> dict:
    """Alternate the builds of `projects`, `repeat` rounds; the median of each phase per project."""
    runs: dict[str, list[dict]] = {str(p): [] for p in projects}
    loads = []
    for i in range(repeat):
        for project in projects:
            loads.append(os.getloadavg()[0])
            r = run_once(project, env)
            runs[str(project)].append(r)
            log(f"  round {i + 1}: {project.name}: {r['wall_s']:.2f} s wall, {r['cpu_s']:.2f} s CPU")
    result = {"repeat": repeat, "loadavg_1min": [round(x, 2) for x in loads], "projects": {}}
    for project, rs in runs.items():
        result["projects"][project] = {
            "wall_s": statistics.median(r["wall_s"] for r in rs),
            "cpu_s": statistics.median(r["cpu_s"] for r in rs),
            "phases": {name: statistics.median(r["phases"].get(name, 0.0) for r in rs) for name in ORDER},
            "cpu_phases": {name: statistics.median(r["cpu_phases"].get(name, 0.0) for r in rs) for name in ORDER},
            "runs_wall_s": [round(r["wall_s"], 3) for r in rs],
        }
    return result


def table(result: dict, names: dict[str, str] | None = None, measure: str = "phases") -> str:
    """The phase table in Markdown, one column per project: wall time (`phases`) or the main
    thread's CPU time (`cpu_phases`)."""
    projects = list(result["projects"])
    names = names or {p: Path(p).name for p in projects}
    head = "| phase | " + " | ".join(f"{names[p]} s | %" for p in projects) + " |"
    lines = [head, "|---|" + "---:|---:|" * len(projects)]
    for phase in ORDER:
        cells = []
        for p in projects:
            data = result["projects"][p][measure]
            total = sum(data.values()) or 1.0
            cells.append(f"{data[phase]:.2f} | {100 * data[phase] / total:.0f}")
        lines.append(f"| {phase} | " + " | ".join(cells) + " |")
    lines.append("| **wall (median of runs)** | " + " | ".join(f"**{result['projects'][p]['wall_s']:.2f}** | " for p in projects) + " |")
    lines.append("| CPU, all threads and processes | " + " | ".join(f"{result['projects'][p]['cpu_s']:.2f} | " for p in projects) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("projects", nargs="+", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", type=Path, help="also write the result to this file")
    args = parser.parse_args()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PLAYBOOK_")}
    env.setdefault("SOURCE_DATE_EPOCH", "1796083200")
    env["NO_MKDOCS_2_WARNING"] = "1"
    result = compare([p.resolve() for p in args.projects], args.repeat, env)
    print(table(result))
    print("\nThe main thread's CPU time, phase by phase (start-up and shutdown as wall time):\n")
    print(table(result, measure="cpu_phases"))
    print(f"load average (1 min) before each run: {result['loadavg_1min']}")
    if args.json:
        args.json.write_text(json.dumps(result, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
