"""Search at 100 to 3,000 records: Pagefind (the playbook's search) beside Material's lunr search.

    .venv/bin/python -m benchmarks.search [--sizes 100,1000,3000] [--repeat 3] [--merge]

For each size N: a synthetic playbook (benchmarks/synthetic.py) built twice:

* **Pagefind**: `python -m playbook build`, which runs Pagefind's indexer after MkDocs;
* **lunr**: the same pages as a plain MkDocs project (benchmarks/plain.py) with Material's
  `search` plugin switched back on and Material's own header and search partials, i.e. the
  search the playbook had before.

Each site is served on 127.0.0.1 by a server that counts the bytes it sends. Then, `--repeat`
times, in headless Chromium with a new, empty cache: open a practice page, wait for its `load`
event, click the search box and type a query; measured are the time from the last key to the
first results on screen, and every byte the server sent for the page and the search, as it is
and as a server that gzips text files would send it (Pagefind's index files are compressed
already; Material's search index and sitemap.xml are not).

`--merge` puts the results into benchmarks/results.json (key "search") and rewrites
benchmarks/README.md from it; `python -m benchmarks` runs this module too (unless `--no-search`).
"""

from __future__ import annotations

import argparse
import functools
import gzip
import json
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from . import synthetic
from .measure import rmtree, run

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
SITE_FILES = ["mkdocs.yml", "macros.py", "docs", "overrides", "playbook"]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-default-apps",
    "--disable-domain-reliability",
]
#: What marks a result on screen, per engine.
RESULT = {"pagefind": "#pb-search-results > li", "lunr": ".md-search-result__item"}


def log(msg: str) -> None:
    print(msg, flush=True)


class CountingServer:
    """A static server on 127.0.0.1 that counts the bytes of every file it sends."""

    def __init__(self, folder: Path):
        self.sent = self.gzipped = 0
        self.files: list[tuple[str, int]] = []
        outer = self

        class Handler(SimpleHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def copyfile(self, source, outputfile):
                data = source.read()
                outputfile.write(data)
                outer.sent += len(data)
                outer.files.append((self.path, len(data)))
                # What a server that gzips text (most intranet servers do) would send instead.
                text = self.path.split("?")[0].endswith(("/", ".html", ".css", ".js", ".json", ".xml", ".svg"))
                outer.gzipped += len(gzip.compress(data, 6)) if text else len(data)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(folder)))
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"

    def reset(self) -> None:
        self.sent, self.gzipped, self.files = 0, 0, []

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def lunr_project(plain: Path, out: Path) -> None:
    """The plain export with Material's search plugin, header and search partial back: the old search."""
    import yaml

    shutil.copytree(plain, out)
    config = yaml.safe_load((out / "mkdocs.yml").read_text(encoding="utf-8"))
    config["plugins"] = ["search", *[p for p in config.get("plugins", []) if p != "search"]]
    config["extra_javascript"] = [s for s in config.get("extra_javascript", []) if s != "assets/search.js"]
    (out / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    for partial in ("header.html", "search.html"):
        (out / "overrides/partials" / partial).unlink(missing_ok=True)


def first_results(browser, server: CountingServer, page_path: str, query: str, engine: str) -> dict:
    """One visit with an empty cache: seconds from the last key to the first results, and bytes sent."""
    server.reset()
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    external: list[str] = []
    page.on("request", lambda r: external.append(r.url) if not r.url.startswith((server.url, "data:", "blob:")) else None)
    try:
        page.goto(server.url + page_path, wait_until="load")
        field = page.locator("input.md-search__input")
        field.click()
        field.fill(query[:-1])
        # The clock starts at the last key's keydown and stops at the first change to the result
        # list after it that leaves a result on screen.
        page.evaluate(
            """sel => {
            window.__pbBench = {};
            document.addEventListener('keydown', () => { window.__pbBench = {last: performance.now()}; }, true);
            new MutationObserver(() => {
                const b = window.__pbBench;
                if (b.last && !b.first && document.querySelector(sel)) b.first = performance.now();
            }).observe(document.body, {childList: true, subtree: true});
        }""",
            RESULT[engine],
        )
        page.keyboard.press(query[-1])
        page.wait_for_function("() => window.__pbBench.first", timeout=120_000, polling=10)
        seconds = page.evaluate("(window.__pbBench.first - window.__pbBench.last) / 1000")
        page.wait_for_load_state("networkidle")
        results = page.locator(RESULT[engine]).count()
    finally:
        context.close()
    return {
        "seconds": round(seconds, 3),
        "bytes": server.sent,
        "gzipped_bytes": server.gzipped,
        "requests": len(server.files),
        "results": results,
        "external": external,
        "bytes_by_part": bytes_by_part(server.files),
    }


def bytes_by_part(files: list[tuple[str, int]]) -> dict[str, int]:
    """Where the bytes of one visit went: the page, the theme's assets, the search engine, its index."""
    parts: dict[str, int] = {}
    for path, size in files:
        path = path.split("?")[0]
        if "/pagefind/" in path or "/search/" in path:
            folder = path.split("/pagefind/" if "/pagefind/" in path else "/search/", 1)[1]
            if "/" in folder:
                part = "search index: " + folder.split("/")[0]
            elif folder.endswith((".json", ".pf_meta")):
                part = "search index: " + folder.rsplit(".", 1)[-1]
            else:
                part = "search engine (script, WebAssembly)"
        elif path.endswith("sitemap.xml"):
            part = "sitemap.xml (Material's instant navigation)"
        elif "/assets/" in path:
            part = "theme and site assets"
        else:
            part = "page"
        parts[part] = parts.get(part, 0) + size
    return dict(sorted(parts.items()))


def bench_size(n: int, repeat: int, work: Path, env: dict[str, str]) -> dict:
    py = sys.executable
    base = work / f"search-n{n}"
    project = base / "project"
    project.mkdir(parents=True)
    for name in SITE_FILES:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, project / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(src, project / name)
    counts = synthetic.generate(n, project / "playbook_data", project / "docs")
    out: dict = {"records": n, "counts": counts, "repeat": repeat}
    ids = synthetic.Ids(counts, synthetic.docs_ids(project / "docs"))
    practice = ids["practices"][0]
    page_path = f"practices/{practice}/"
    title = next(line for line in (project / f"playbook_data/practices/{practice}.yml").read_text().splitlines() if line.startswith("title:"))
    query = " ".join(title.split(":", 1)[1].strip().strip("'\"").split()[:2]).lower()
    out.update(page=page_path, query=query)

    sites = {"pagefind": base / "site-pagefind", "lunr": base / "lunr" / "site"}
    builds: dict[str, list[float]] = {"pagefind": [], "lunr": []}
    for i in range(repeat):
        rmtree(sites["pagefind"])
        r = run([py, "-m", "playbook", "build", "--site-dir", str(sites["pagefind"])], project, env)
        if r.returncode:
            out["error"] = f"playbook build failed:\n{r.log}"
            return out
        builds["pagefind"].append(round(r.seconds, 2))
        if i == 0:
            plain = base / "plain"
            exp = run([py, "-m", "benchmarks.plain", ".", str(plain)], project, {**env, "PYTHONPATH": str(ROOT)})
            if exp.returncode:
                out["error"] = f"plain export failed:\n{exp.log}"
                return out
            lunr_project(plain, base / "lunr")
        rmtree(sites["lunr"])
        r = run([py, "-m", "mkdocs", "build", "--strict", "--site-dir", str(sites["lunr"])], base / "lunr", env)
        if r.returncode:
            out["error"] = f"lunr build failed:\n{r.log}"
            return out
        builds["lunr"].append(round(r.seconds, 2))
    # Pagefind's own share of the build: the indexer alone, on the built site.
    index_cmd = [
        py,
        "-c",
        "from pathlib import Path; from playbook.validation.load import load; from playbook.search import index_site;"
        f" index_site(Path({str(sites['pagefind'])!r}), load(Path('playbook_data')).catalog)",
    ]
    index_runs = [round(run(index_cmd, project, env).seconds, 2) for _ in range(repeat)]
    out["build_s"] = {k: {"median": statistics.median(v), "runs": v} for k, v in builds.items()}
    out["index_s"] = {"median": statistics.median(index_runs), "runs": index_runs}
    index_files = {"pagefind": sites["pagefind"] / "pagefind", "lunr": sites["lunr"] / "search"}
    out["index_mb"] = {k: round(sum(p.stat().st_size for p in v.rglob("*") if p.is_file()) / 1e6, 2) for k, v in index_files.items()}

    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for engine, site in sites.items():
                server = CountingServer(site)
                try:
                    visits = []
                    for _ in range(repeat):
                        visits.append(first_results(browser, server, page_path, query, engine))
                        log(f"[search {n}] {engine}: {visits[-1]['seconds']:.2f} s, {visits[-1]['bytes'] / 1e6:.2f} MB, {visits[-1]['results']} results")
                finally:
                    server.close()
                out[engine] = {
                    "first_results_s": statistics.median(v["seconds"] for v in visits),
                    "bytes": statistics.median(v["bytes"] for v in visits),
                    "gzipped_bytes": statistics.median(v["gzipped_bytes"] for v in visits),
                    "visits": visits,
                }
        finally:
            browser.close()
    rmtree(base)
    return out


def run_sizes(sizes: list[int], repeat: int, work: Path | None = None) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PLAYBOOK_")}
    env.update({"SOURCE_DATE_EPOCH": synthetic.SOURCE_DATE_EPOCH, "NO_MKDOCS_2_WARNING": "1"})
    own = work is None
    work = work or Path(tempfile.mkdtemp(prefix="playbook-search-bench-"))
    started = time.time()
    results: dict = {"date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "repeat": repeat, "sizes": [], "loadavg_before": round(os.getloadavg()[0], 1)}
    try:
        for n in sizes:
            log(f"[search {n}] building ...")
            results["sizes"].append(bench_size(n, repeat, work, env))
    finally:
        if own:
            shutil.rmtree(work, ignore_errors=True)
    results["total_s"] = round(time.time() - started, 1)
    results["loadavg_after"] = round(os.getloadavg()[0], 1)
    return results


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks.search", description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", default="100,1000,3000", help="record counts, comma-separated (default: 100,1000,3000)")
    p.add_argument("--repeat", type=int, default=3, help="builds and browser visits per engine and size (default: 3)")
    p.add_argument("--json", type=Path, help="also write the results to this file")
    p.add_argument(
        "--wait-idle", type=float, default=0.0, help="before each build, wait up to this many seconds for other processes to leave the CPU (default: 0)"
    )
    p.add_argument("--merge", action="store_true", help="put the results into benchmarks/results.json and rewrite benchmarks/README.md")
    args = p.parse_args(argv)
    try:
        os.nice(10)
    except OSError:
        pass
    from . import measure

    measure.WAIT_IDLE = args.wait_idle
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    command = ".venv/bin/python -m benchmarks.search " + " ".join(argv if argv is not None else sys.argv[1:])
    results = {"command": command.strip(), **run_sizes(sizes, args.repeat)}
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    if args.merge:
        from . import report

        path = BENCH / "results.json"
        everything = json.loads(path.read_text(encoding="utf-8"))
        everything["search"] = results
        path.write_text(json.dumps(everything, indent=1, default=str) + "\n", encoding="utf-8")
        (BENCH / "README.md").write_text(report.render(everything), encoding="utf-8")
        log("Wrote benchmarks/results.json and benchmarks/README.md")
    from .report import search_section

    print("\n".join(search_section(results)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
