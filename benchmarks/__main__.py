"""Run the whole benchmark and write benchmarks/README.md: `.venv/bin/python -m benchmarks`.

For each size N: a synthetic playbook of N records (benchmarks/synthetic.py) in a temporary
copy of the site's files, then, each repeated and timed (median wall clock, peak RSS):
`python -m playbook validate`, `python -m playbook build`, plain MkDocs + Material on the same
pages (benchmarks/plain.py), check-jsonschema on the same YAML files, Zensical and Hugo on the
same pages, and the same build with the code of the base revision (`--base`, by default main
before the performance work), A B A B. At the profile size (1,000 records) also: the build
phase by phase, base and this tree alternating (benchmarks/phases.py), a cProfile of one MkDocs
build, and the preview's save -> page for three kinds of save, `mkdocs serve` of the base beside
`playbook serve` (benchmarks/serve_loop.py); the same previews on the shipped playbook. Then
search, typed and pasted beside the shipped playbook (benchmarks/search.py). Results go to
benchmarks/results.json and benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import pstats
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import hugo as hugo_site
from . import measure, phases, report, synthetic
from .measure import Measure, Run, cpu_counters, du_mb, file_kb, interleave, machine, rmtree, run, steal_pct, version_of
from .serve_loop import serve_loop

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
VENV = BENCH / ".venv"
REQUIREMENTS = BENCH / "requirements.txt"
SITE_FILES = ["mkdocs.yml", "macros.py", "docs", "overrides", "playbook"]
KIND_FOLDERS = synthetic.FOLDER_KIND  # folder -> kind, i.e. schema/<kind>.json
#: What this tree is compared with: main before the performance work (the preview, the phases).
BASE = "1655bfc"


def log(msg: str) -> None:
    print(msg, flush=True)


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m benchmarks", description="Benchmark the playbook and write benchmarks/README.md.")
    p.add_argument("--sizes", default="100,1000,3000", help="record counts, comma-separated (default: 100,1000,3000)")
    p.add_argument("--repeat", type=int, default=3, help="runs per tool and size; the report shows the median (default: 3)")
    p.add_argument("--large-repeat", type=int, default=None, help="runs for sizes of 3,000 records and more (default: --repeat)")
    p.add_argument(
        "--quick",
        action="store_true",
        help="a smoke run: sizes 100,300, one run each, one serve edit, no profile; the report goes to the work folder, not benchmarks/README.md",
    )
    p.add_argument("--no-zensical", action="store_true", help="skip Zensical")
    p.add_argument("--no-hugo", action="store_true", help="skip Hugo (otherwise installed with apt-get when missing and root)")
    p.add_argument("--no-serve", action="store_true", help="skip the serve loops")
    p.add_argument("--base", default=BASE, metavar="REV", help=f"the git revision to compare this tree with (default: {BASE}, main before this work)")
    p.add_argument("--no-base", action="store_true", help="do not build the base revision")
    p.add_argument("--no-search", action="store_true", help="skip the search benchmark (typed and pasted beside the shipped playbook, benchmarks/search.py)")
    p.add_argument("--no-profile", action="store_true", help="skip the profile")
    p.add_argument("--profile-size", type=int, default=1000, help="size whose build is profiled (default: 1000)")
    p.add_argument(
        "--wait-idle",
        type=float,
        default=None,
        help="before each run, wait up to this many seconds for other processes to leave the CPU; "
        "5 minutes at most in all (default: 60, --quick: 0; 0 never waits)",
    )
    p.add_argument("--serve-repeat", type=int, default=3, help="edits in the serve loop (default: 3)")
    p.add_argument("--workdir", type=Path, help="where to build (default: a new temporary folder)")
    p.add_argument("--keep", action="store_true", help="keep the work folder (projects, sites, logs)")
    p.add_argument("--out", type=Path, help="report file (default: benchmarks/README.md; --quick: in the work folder)")
    p.add_argument("--report-only", action="store_true", help="rewrite the report from benchmarks/results.json; run nothing")
    args = p.parse_args(argv)
    if args.quick:
        if "--sizes" not in " ".join(argv):
            args.sizes = "100,300"
        args.repeat, args.serve_repeat, args.no_profile = 1, 1, True
        if args.wait_idle is None:
            args.wait_idle = 0.0
    if args.wait_idle is None:
        args.wait_idle = 60.0
    args.size_list = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    return args


# Set-up -----------------------------------------------------------------------------------------


def bench_venv() -> tuple[Path | None, str | None]:
    """benchmarks/.venv with the pinned tools; created (or updated) when requirements.txt changes."""
    stamp = VENV / ".installed"
    digest = hashlib.sha256(REQUIREMENTS.read_bytes()).hexdigest()
    if stamp.is_file() and stamp.read_text().strip() == digest:
        return VENV / "bin", None
    log(f"Setting up {VENV.relative_to(ROOT)} from {REQUIREMENTS.relative_to(ROOT)} ...")
    base = getattr(sys, "_base_executable", None) or shutil.which("python3") or sys.executable
    for cmd in (
        [base, "-m", "venv", str(VENV)],
        [str(VENV / "bin" / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r", str(REQUIREMENTS)],
    ):
        out = subprocess.run(cmd, capture_output=True, text=True)
        if out.returncode != 0:
            return None, f"`{' '.join(cmd[-3:])}` failed: {(out.stderr or out.stdout).strip()[-1500:]}"
    stamp.write_text(digest)
    return VENV / "bin", None


def find_hugo(allow_install: bool) -> tuple[str | None, str | None]:
    hugo = shutil.which("hugo")
    if hugo or not allow_install:
        return hugo, None if hugo else "hugo is not installed"
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        return None, "hugo is not installed (install Debian's `hugo` package, as root: apt-get install -y hugo)"
    log("Installing Debian's hugo package (apt-get) ...")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for cmd in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "hugo"]):
        out = subprocess.run(cmd, capture_output=True, text=True, env=env)
        if out.returncode != 0:
            return None, f"`{' '.join(cmd)}` failed: {(out.stderr or out.stdout).strip()[-800:]}"
    hugo = shutil.which("hugo")
    return hugo, None if hugo else "apt-get installed hugo but it is not on PATH"


def snapshot(dest: Path) -> dict:
    """Copy the site's files once, so that every size uses the same code even while the repo changes."""
    dest.mkdir(parents=True)
    for name in [*SITE_FILES, "playbook_data", "schema"]:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif src.is_file():
            shutil.copy(src, dest / name)
    git: dict = {}
    head = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    if head.returncode == 0:
        git["commit"] = head.stdout.strip()
        status = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--", *SITE_FILES, "playbook_data", "schema"], capture_output=True, text=True)
        git["changed_files"] = [line[3:] for line in status.stdout.splitlines()]
    return git


def base_snapshot(rev: str, dest: Path) -> dict:
    """The site's files at git revision `rev` (git archive), for the A/B runs."""
    import io
    import tarfile

    out = subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar", rev, "--", *SITE_FILES, "playbook_data", "schema"], capture_output=True)
    if out.returncode != 0:
        return {"error": f"git archive {rev} failed: {out.stderr.decode(errors='replace').strip()}"}
    dest.mkdir(parents=True)
    with tarfile.open(fileobj=io.BytesIO(out.stdout)) as tar:
        tar.extractall(dest, filter="data")
    commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", rev], capture_output=True, text=True).stdout.strip()
    return {"rev": rev, "commit": commit}


def base_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PLAYBOOK_")}
    # Bytecode is written, as in an editor's checkout: the first run of each copy compiles our modules, later runs reuse them.
    env.update({"SOURCE_DATE_EPOCH": synthetic.SOURCE_DATE_EPOCH, "NO_MKDOCS_2_WARNING": "1"})
    return env


# One size -----------------------------------------------------------------------------------------


def check_jsonschema_once(tool: Path, project: Path, schema_dir: Path, env: dict[str, str]) -> Run:
    """check-jsonschema on every kind's folder against schema/<kind>.json; the times add up."""
    total, peak, cpu, other = 0.0, 0, 0.0, 0.0
    for folder, kind in KIND_FOLDERS.items():
        files = sorted(str(p.relative_to(project)) for p in (project / "playbook_data" / folder).glob("*.yml"))
        if not files:
            continue
        r = run([str(tool), "--schemafile", str(schema_dir / f"{kind}.json"), *files], project, env)
        total += r.seconds
        peak = max(peak, r.peak_kb)
        cpu += r.cpu_s
        other += r.other_cpu_s
        if r.returncode != 0:
            return Run(total, peak, r.returncode, f"{folder}: {r.log}", cpu, other)
    return Run(total, peak, 0, "", round(cpu, 3), round(other, 3))


def bench_size(n: int, times: int, work: Path, snap: Path, tools: dict, args, env: dict[str, str], base_snap: Path | None = None) -> dict:
    py = sys.executable
    base = work / f"n{n}"
    project = base / "project"
    project.mkdir(parents=True)
    for name in SITE_FILES:
        src = snap / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, project / name)
    cpu_before, load_before = cpu_counters(), os.getloadavg()[0]
    t0 = time.perf_counter()
    counts = synthetic.generate(n, project / "playbook_data", project / "docs")
    out: dict = {"records": n, "counts": counts, "repeat": times, "generate_s": round(time.perf_counter() - t0, 2), "data_mb": du_mb(project / "playbook_data")}
    ids = synthetic.Ids(counts, synthetic.docs_ids(project / "docs"))
    pages = {"practice": f"practices/{ids['practices'][0]}/index.html", "function": f"functions/{ids['functions'][0]}/index.html"}
    out["sample_pages"] = pages
    log(f"[{n} records] generated in {out['generate_s']} s: {json.dumps(counts)}")

    def report_measure(m: Measure) -> Measure:
        if m.ok:
            log(f"[{n} records] {m.name}: median {m.median:.2f} s of {[round(r.seconds, 2) for r in m.runs]}, peak {m.peak_mb:.0f} MB")
        else:
            log(f"[{n} records] {m.name}: FAILED {m.error.splitlines()[0] if m.error else ''}")
        out[m.name] = m.as_dict()
        return m

    # validate
    validate_cmd = [py, "-m", "playbook", "validate", "--data", "playbook_data"]
    first = run(validate_cmd, project, env)
    out["validate_output"] = first.log or "OK"
    if first.returncode != 0:
        out["validate"] = Measure("validate", error=f"the synthetic data does not validate:\n{first.log}").as_dict()
        log(f"[{n} records] synthetic data INVALID:\n{first.log}")
        return out
    site = base / "site-build"
    specs: list = [
        ("validate", lambda: run(validate_cmd, project, env), None),
        ("build", lambda: run([py, "-m", "playbook", "build", "--site-dir", str(site)], project, env), lambda: rmtree(site)),
    ]
    sites = {"build": site}
    main_project = None
    if base_snap is not None:  # the same data, built by the base revision's code
        main_project = base / "project-main"
        main_project.mkdir()
        for name in SITE_FILES:
            src = base_snap / name
            (shutil.copytree if src.is_dir() else shutil.copy)(src, main_project / name)
        shutil.copytree(project / "playbook_data", main_project / "playbook_data")
        main_site = sites["build_main"] = base / "site-build-main"
        specs.append(("build_main", lambda: run([py, "-m", "playbook", "build", "--site-dir", str(main_site)], main_project, env), lambda: rmtree(main_site)))

    # The same pages for plain MkDocs, Zensical and Hugo
    plain = base / "plain"
    exp = run([py, "-m", "benchmarks.plain", ".", str(plain)], project, {**env, "PYTHONPATH": str(ROOT)})
    if exp.returncode != 0:
        error = f"could not export the pages:\n{exp.log}"
        for name in ("plain", "zensical", "hugo"):
            out[name] = Measure(name, error=error).as_dict()
        log(f"[{n} records] plain export FAILED:\n{exp.log}")
    else:
        out["nav_pages"] = nav_pages(plain / "mkdocs.yml")
        psite = sites["plain"] = plain / "site-mkdocs"
        specs.append(("plain", lambda: run([py, "-m", "mkdocs", "build", "--strict", "--site-dir", str(psite)], plain, env), lambda: rmtree(psite)))
        if tools.get("zensical"):  # it reads the same mkdocs.yml and docs/
            zsite = sites["zensical"] = plain / "site"

            def clean_zensical() -> None:
                rmtree(zsite)
                rmtree(plain / ".cache")

            specs.append(("zensical", lambda: run([tools["zensical"], "build", "--clean"], plain, env), clean_zensical))
        else:
            out["zensical"] = Measure("zensical", error=tools.get("zensical_error") or "skipped").as_dict()
        if tools.get("hugo"):
            hdir = base / "hugo"
            out["hugo_export"] = hugo_site.export(plain, hdir)
            sites["hugo"] = hdir / "public"

            def clean_hugo() -> None:
                rmtree(hdir / "public")
                rmtree(hdir / "resources")

            specs.append(("hugo", lambda: run([tools["hugo"], "--quiet", "--destination", "public", "--cleanDestinationDir"], hdir, env), clean_hugo))
        else:
            out["hugo"] = Measure("hugo", error=tools.get("hugo_error") or "skipped").as_dict()

    # check-jsonschema on the same YAML files
    if tools.get("check-jsonschema"):
        specs.append(("check_jsonschema", lambda: check_jsonschema_once(tools["check-jsonschema"], project, snap / "schema", env), None))
    else:
        out["check_jsonschema"] = Measure("check_jsonschema", error=tools.get("check_jsonschema_error") or "skipped").as_dict()

    measures = {m.name: report_measure(m) for m in interleave(specs, times)}
    build = measures["build"]
    for name, where in sites.items():  # each tool's site from its last run
        if measures.get(name) and measures[name].ok:
            out[name].update(site_mb=du_mb(where), page_kb={k: file_kb(where / v) for k, v in pages.items()})
            if name != "hugo":
                out[name]["html_pages"] = sum(1 for _ in where.rglob("*.html"))
        rmtree(where)
    if tools.get("zensical") and exp.returncode == 0:
        rmtree(plain / ".cache")
    if "hugo" in sites:
        rmtree(sites["hugo"].parent / "resources")

    out["load"] = {
        "loadavg_1min_before": round(load_before, 2),
        "loadavg_1min_after": round(os.getloadavg()[0], 2),
        "steal_pct": steal_pct(cpu_before, cpu_counters()),
    }
    if n == args.profile_size and build.ok and main_project is not None and measures["build_main"].ok:
        log(f"[{n} records] phases, the base revision and this tree alternating ...")
        try:
            result = phases.compare([main_project, project], args.repeat, env, log=log)
            out["phases"] = {"main": result["projects"][str(main_project)], "branch": result["projects"][str(project)], "loadavg_1min": result["loadavg_1min"]}
        except RuntimeError as exc:
            out["phases"] = {"error": str(exc)}
    if not args.no_serve and n == args.profile_size and build.ok:
        out["serve"] = serve_pair(project, main_project, args, log)
    if not args.no_profile and n == args.profile_size and build.ok:
        out_profile = profile_build(project, base, env)
        out["profile"] = out_profile
    if not args.keep:
        rmtree(base)
    return out


def nav_pages(config_file: Path) -> int:
    """How many pages the navigation lists (the plain project's nav is the one the real build ended up with)."""
    import yaml

    def count(item) -> int:
        if isinstance(item, str):
            return 1
        if isinstance(item, list):
            return sum(count(i) for i in item)
        if isinstance(item, dict):
            return sum(count(v) for v in item.values())
        return 0

    return count(yaml.safe_load(config_file.read_text(encoding="utf-8")).get("nav") or [])


def serve_pair(project: Path, main_project: Path | None, args, log) -> dict:
    """The preview's save -> page: the base revision's `mkdocs serve --strict`, then `playbook serve`."""
    env = {"SOURCE_DATE_EPOCH": synthetic.SOURCE_DATE_EPOCH}
    out: dict = {}
    if main_project is not None:
        out["main"] = serve_loop(main_project, args.serve_repeat, env_extra=env, python=sys.executable, log=log, command="mkdocs")
    out["branch"] = serve_loop(project, args.serve_repeat, env_extra=env, python=sys.executable, log=log, command="playbook")
    for name, result in out.items():
        if result.get("error"):
            log(f"[serve] {name} FAILED: {result['error']}")
    return out


# Profile -----------------------------------------------------------------------------------------

#: (file suffix, function, what it is) for the "where the time goes" table.
STAGES = [
    ("mkdocs/commands/build.py", "build", "the whole `mkdocs build`"),
    ("mkdocs/config/base.py", "load_config", "MkDocs: read mkdocs.yml"),
    ("mkdocs_macros/plugin.py", "on_config", "mkdocs-macros set-up: macros.py define_env (loads the data first)"),
    ("playbook/mkdocs_adapter/hook.py", "on_config", "our hook's on_config (the data is cached by then)"),
    ("playbook/validation/load.py", "load", "loading and validating the YAML, all calls (cached after the first)"),
    ("playbook/mkdocs_adapter/hook.py", "on_files", "our hook: render every record page (on_files)"),
    ("playbook/render/records.py", "record_page", "  of which playbook.render.records.record_page"),
    ("playbook/render/html.py", "rich", "    of which rich text: restricted Markdown, nh3, re-serialising"),
    ("mkdocs/structure/nav.py", "get_navigation", "MkDocs: navigation"),
    ("mkdocs/commands/build.py", "_populate_page", "MkDocs: Markdown to HTML, every page (incl. on_page_markdown)"),
    ("mkdocs_macros/plugin.py", "on_page_markdown", "  of which mkdocs-macros (hand-written pages)"),
    ("playbook/mkdocs_adapter/hook.py", "on_page_content", "our hook: the finished HTML blocks into generated pages"),
    ("mkdocs/commands/build.py", "_build_page", "MkDocs/Material: theme templates, every page (incl. on_page_context)"),
    ("material/plugins/search/plugin.py", "on_page_context", "  of which the search plugin's indexing"),
    ("material/plugins/search/plugin.py", "on_post_build", "Material search: write the index"),
    ("playbook/mkdocs_adapter/hook.py", "on_post_build", "our hook: Pagefind indexes the written site (on_post_build)"),
]


def profile_build(project: Path, base: Path, env: dict[str, str]) -> dict:
    """cProfile of one `mkdocs build` (what `playbook build` runs after validating) of this project."""
    prof = base / "build.prof"
    site = base / "site-profile"
    log(f"[profile] cProfile of one mkdocs build in {project.name} ...")
    r = run([sys.executable, "-m", "cProfile", "-o", str(prof), "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)], project, env)
    rmtree(site)
    if r.returncode != 0:
        return {"error": r.log}
    st = pstats.Stats(str(prof))
    total = st.total_tt

    def where(key) -> str:
        filename, line, func = key
        short = filename
        for marker in ("site-packages/", "lib/python3."):
            if marker in short:
                short = short.split(marker, 1)[1]
                if marker == "lib/python3.":
                    short = "stdlib/" + short.split("/", 1)[1]
                break
        else:
            short = os.path.relpath(filename, project) if filename.startswith(str(project)) else filename
        return f"{short}:{line}({func})" if line else func

    noise = ("<built-in method builtins.exec>", "<frozen runpy>", "click/", "mkdocs/__main__.py")
    rows = sorted(((k, v) for k, v in st.stats.items() if not where(k).startswith(noise)), key=lambda kv: kv[1][3], reverse=True)
    top = [{"cumulative_s": round(v[3], 3), "own_s": round(v[2], 3), "calls": v[1], "function": where(k)} for k, v in rows[:30]]
    own = sorted(st.stats.items(), key=lambda kv: kv[1][2], reverse=True)
    top_own = [{"own_s": round(v[2], 3), "cumulative_s": round(v[3], 3), "calls": v[1], "function": where(k)} for k, v in own[:15]]
    stages = []
    for suffix, func, label in STAGES:
        found = [v for k, v in st.stats.items() if k[0].endswith(suffix) and k[2] == func]
        if found:
            stages.append(
                {"what": label, "function": f"{suffix}:{func}", "cumulative_s": round(sum(v[3] for v in found), 3), "calls": sum(v[1] for v in found)}
            )
    return {"total_s": round(total, 3), "wall_s": round(r.seconds, 2), "top_cumulative": top, "top_own": top_own, "stages": stages}


# Main --------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = parse_args(argv)
    results_path = BENCH / "results.json"
    if args.report_only:
        results = json.loads(results_path.read_text(encoding="utf-8"))
        out = args.out or BENCH / "README.md"
        out.write_text(report.render(results), encoding="utf-8")
        log(f"Wrote {out}")
        return 0
    try:
        os.nice(10)  # children inherit it: the machine stays usable while the benchmark runs
    except OSError:
        pass
    measure.WAIT_IDLE = args.wait_idle
    started = time.time()
    command = ".venv/bin/python -m benchmarks" + ("" if not argv else " " + " ".join(shlex.quote(a) for a in argv))
    work = args.workdir or Path(tempfile.mkdtemp(prefix="playbook-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    log(f"Work folder: {work}")

    tools: dict = {}
    bin_dir, venv_error = bench_venv()
    if bin_dir is None:
        tools["zensical_error"] = tools["check_jsonschema_error"] = f"benchmarks/.venv could not be set up: {venv_error}"
    else:
        tools["check-jsonschema"] = bin_dir / "check-jsonschema"
        if args.no_zensical:
            tools["zensical_error"] = "skipped (--no-zensical)"
        else:
            tools["zensical"] = str(bin_dir / "zensical")
    hugo, hugo_error = (None, "skipped (--no-hugo)") if args.no_hugo else find_hugo(True)
    if hugo:
        tools["hugo"] = hugo
    else:
        tools["hugo_error"] = hugo_error

    import importlib.metadata as md

    versions = {name: md.version(name) for name in ("mkdocs", "mkdocs-material", "mkdocs-macros-plugin", "pydantic", "Markdown", "PyYAML")}
    versions["zensical"] = version_of([tools["zensical"], "--version"]) if tools.get("zensical") else None
    cjs = version_of([str(tools["check-jsonschema"]), "--version"]) if tools.get("check-jsonschema") else None
    versions["check-jsonschema"] = cjs.rsplit(" ", 1)[-1] if cjs else None
    versions["hugo"] = version_of([hugo, "version"]) if hugo else None

    snap = work / "snapshot"
    git = snapshot(snap)
    base_snap: Path | None = None
    if not args.no_base:
        base_snap = work / "snapshot-main"
        git["base"] = base_snapshot(args.base, base_snap)
        if git["base"].get("error"):
            log(f"[base] {git['base']['error']}")
            base_snap = None
    env = base_env()
    results: dict = {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "command": command,
        "machine": machine(),
        "versions": versions,
        "git": git,
        "quick": args.quick,
        "settings": {
            "sizes": args.size_list,
            "repeat": args.repeat,
            "large_repeat": args.large_repeat or args.repeat,
            "source_date_epoch": synthetic.SOURCE_DATE_EPOCH,
            "nice": 10,
            "wait_idle_s": args.wait_idle,
        },
        "tool_errors": {k: v for k, v in tools.items() if k.endswith("_error")},
        "sizes": [],
    }
    cpu_start = cpu_counters()
    signal.signal(signal.SIGTERM, _exit_on_sigterm)  # so that `finally` runs: servers stopped, partial report kept aside
    finished = False
    try:
        # What every validate pays before it reads a file: the interpreter, click, pydantic building the model.
        startup = interleave([("startup", lambda: run([sys.executable, "-c", "import playbook.cli"], snap, env), None)], max(args.repeat, 5))[0]
        results["startup"] = startup.as_dict()
        if startup.ok:
            log(f"[start-up] import playbook.cli: median {startup.median:.2f} s")
        for n in args.size_list:
            times = (args.large_repeat or args.repeat) if n >= 3000 else args.repeat
            results["sizes"].append(bench_size(n, times, work, snap, tools, args, env, base_snap))
        if not args.no_search:
            from . import search as search_bench

            log("[search] typed and pasted, beside the shipped playbook ...")
            results["search"] = {"command": command, **search_bench.run_sizes(args.size_list, args.repeat, work)}
        if not args.no_serve:
            log("[serve] the editor's loop on the shipped playbook ...")
            results["serve"] = serve_pair(snap, base_snap, args, log)
        finished = True
    finally:
        results["total_s"] = round(time.time() - started, 1)
        results["steal_pct"] = steal_pct(cpu_start, cpu_counters())
        results["waited_for_idle"] = {k: round(v, 1) for k, v in measure.waited.items()}
        if not finished:
            # An interrupted run never replaces the report: its partial results stay in the work folder.
            results["interrupted"] = True
            out, data = work / "README.partial.md", work / "results.partial.json"
        elif args.quick and not args.out:
            out, data = work / "README.md", work / "results.json"
        else:
            out, data = args.out or BENCH / "README.md", results_path
        data.write_text(json.dumps(results, indent=1, default=str) + "\n", encoding="utf-8")
        out.write_text(report.render(results), encoding="utf-8")
        if not args.keep:
            rmtree(snap)
            if base_snap is not None:
                rmtree(base_snap)
            for child in work.iterdir() if finished else []:
                if child.is_dir():
                    rmtree(child)
            if args.workdir is None and not any(work.iterdir()):
                work.rmdir()
        log(f"{'Done' if finished else 'Interrupted'} after {results['total_s'] / 60:.1f} min. Report: {out}")
    return 0


def _exit_on_sigterm(signum, frame) -> None:
    raise SystemExit(128 + signum)


if __name__ == "__main__":
    sys.exit(main())
