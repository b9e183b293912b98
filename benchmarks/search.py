"""Search at 100 to 3,000 records beside the shipped playbook, typed and pasted, and its bytes.

    .venv/bin/python -m benchmarks.search [--sizes 100,1000,3000] [--repeat 5] [--merge]

Builds the shipped playbook once, and for each size N a synthetic playbook (benchmarks/synthetic.py,
plus a glossary of about one term per 30 records) with `python -m playbook build`. Each site is
served on 127.0.0.1 by a server that counts the bytes it sends. Then, in headless Chromium, for
each size, `--repeat` rounds that alternate the shipped playbook (A) and the N-record one (B), so
that both meet the same load on a shared machine; each visit has a new, empty cache: open a
practice page, wait for its `load` event, click the search box, and

* **typed**: type the query key by key, 80 ms a key, as a person does;
* **pasted**: put the whole query in the box at once.

Measured is the time from the last key (the paste) to the first results of the whole query on
screen (the status line names the query), with search's 120 ms pause for typing included, and
every byte the server sent, split into Pagefind's (script, WebAssembly, index), the lexicon (glossary
and vocabulary data) and the rest of the page (HTML, theme, sitemap). Medians are reported, with
every run and the machine's load average around each size.

`--merge` puts the results into benchmarks/results.json (key "search") and rewrites
benchmarks/README.md from it; `python -m benchmarks` runs this module too (unless `--no-search`).
"""

from __future__ import annotations

import argparse
import functools
import gzip
import json
import os
import random
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
KEY_DELAY_MS = 80
#: The parts a visit's bytes are reported in.
PARTS = ("Pagefind", "lexicon (glossary, vocabulary)", "rest of the page")
#: The page + search budget at 3,000 records, and how much slower typing may answer there than on the shipped playbook.
BYTES_BUDGET = 1_000_000
TYPED_RATIO_BUDGET = 2.0


def log(msg: str) -> None:
    print(msg, flush=True)


class CountingServer:
    """A static server on 127.0.0.1 that counts the bytes of every file it sends."""

    def __init__(self, folder: Path):
        self.files: list[tuple[str, int, int]] = []
        outer = self

        class Handler(SimpleHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def copyfile(self, source, outputfile):
                data = source.read()
                outputfile.write(data)
                # What a server that gzips text (most intranet servers do) would send instead.
                text = self.path.split("?")[0].endswith(("/", ".html", ".css", ".js", ".json", ".xml", ".svg"))
                outer.files.append((self.path, len(data), len(gzip.compress(data, 6)) if text else len(data)))

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(folder)))
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"

    def reset(self) -> None:
        self.files = []

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def part_of(path: str) -> str:
    path = path.split("?")[0]
    if "/pagefind/" in path:
        return PARTS[0]
    if "/lexicon/" in path:
        return PARTS[1]
    return PARTS[2]


#: Installed before the last key: the time of the last input event, and of the first moment the
#: status line reports results for the whole query (search.js writes it with the results).
OBSERVE = """q => {
    window.__pbBench = {};
    const box = document.querySelector('input.md-search__input');
    box.addEventListener('input', () => { window.__pbBench = {last: performance.now()}; }, true);
    const status = document.getElementById('pb-search-status');
    new MutationObserver(() => {
        const b = window.__pbBench;
        if (b.last && !b.first && / for \u201c/.test(status.textContent) && status.textContent.endsWith('\u201c' + q + '\u201d')
            && document.querySelector('#pb-search-results > li')) b.first = performance.now();
    }).observe(status, {childList: true, characterData: true, subtree: true});
}"""


def visit(browser, server: CountingServer, page_path: str, query: str, typed: bool) -> dict:
    """One visit with an empty cache: seconds from the last key (or the paste) to the first results, and bytes sent."""
    server.reset()
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    external: list[str] = []
    page.on("request", lambda r: external.append(r.url) if not r.url.startswith((server.url, "data:", "blob:")) else None)
    try:
        page.goto(server.url + page_path, wait_until="load")
        field = page.locator("input.md-search__input")
        field.click()
        page.evaluate(OBSERVE, query)
        if typed:
            field.press_sequentially(query, delay=KEY_DELAY_MS)
        else:
            field.fill(query)
        page.wait_for_function("() => window.__pbBench.first", timeout=120_000, polling=10)
        seconds = page.evaluate("(window.__pbBench.first - window.__pbBench.last) / 1000")
        page.wait_for_load_state("networkidle")
        results = page.locator("#pb-search-results > li").count()
    finally:
        context.close()
    parts = {p: 0 for p in PARTS}
    for path, size, _ in server.files:
        parts[part_of(path)] += size
    return {
        "seconds": round(seconds, 3),
        "bytes": sum(size for _, size, _ in server.files),
        "gzipped_bytes": sum(gz for _, _, gz in server.files),
        "bytes_by_part": parts,
        "requests": len(server.files),
        "results": results,
        "external": external,
    }


def synthetic_glossary(data: Path, n: int) -> int:
    """About one glossary term per 30 records, each with an abbreviation and two other names, linked to records."""
    practices = sorted(p.stem for p in (data / "practices").glob("*.yml"))
    functions = sorted(p.stem for p in (data / "functions").glob("*.yml"))
    count = max(5, n // 30)
    for i in range(count):
        r = random.Random(f"{synthetic.SEED}-glossary-{i}")
        words = [r.choice(synthetic.WORDS) for _ in range(4)]
        lines = [
            synthetic.MODELINE.format("glossary-term").rstrip("\n"),
            f"term: {words[0].capitalize()} {words[1]} {i + 1}",
            "abbreviations:",
            f"  - {words[0][0].upper()}{words[1][0].upper()}T{i + 1}",
            "aliases:",
            f"  - {words[2]} {words[3]} {i + 1}",
            f"  - {words[1]} {words[0]} {i + 1}",
            f"definition: {synthetic._sentence(r, 12, 24)}",
            "practices:",
            *(f"  - {p}" for p in r.sample(practices, 2)),
            "functions:",
            f"  - {r.choice(functions)}",
            "owner: Head of Customer Experience",
            f"last_reviewed: {synthetic.DATA_DATE.isoformat()}",
        ]
        (data / "glossary").mkdir(exist_ok=True)
        (data / "glossary" / f"synthetic-term-{i + 1}.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return count


def project_for(base: Path, n: int | None) -> Path:
    """A copy of the site's files with the shipped data (n None) or a synthetic playbook of n records."""
    project = base / "project"
    project.mkdir(parents=True)
    for name in SITE_FILES:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, project / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(src, project / name)
    if n is None:
        shutil.copytree(ROOT / "playbook_data", project / "playbook_data")
    else:
        synthetic.generate(n, project / "playbook_data", project / "docs")
        synthetic_glossary(project / "playbook_data", n)
    return project


def query_for(project: Path) -> tuple[str, str]:
    """The page a visit opens (the first practice) and the query typed: the first two words of its title
    that are not filler words, lowercase: the same rule for every playbook."""
    from playbook.lexicon import FILLER_WORDS

    practice = sorted((project / "playbook_data/practices").glob("*.yml"))[0]
    title = next(line for line in practice.read_text(encoding="utf-8").splitlines() if line.startswith("title:"))
    words = [w for w in title.split(":", 1)[1].strip().strip("'\"").lower().split() if w.isalpha() and w not in FILLER_WORDS]
    return f"practices/{practice.stem}/", " ".join(words[:2])


def build(project: Path, site: Path, env: dict[str, str]) -> dict:
    r = run([sys.executable, "-m", "playbook", "build", "--site-dir", str(site)], project, env)
    if r.returncode:
        raise RuntimeError(f"playbook build failed:\n{r.log}")
    lexicon = sum(p.stat().st_size for p in (site / "lexicon").iterdir())
    index = sum(p.stat().st_size for p in (site / "pagefind").rglob("*") if p.is_file())
    return {"build_s": round(r.seconds, 2), "lexicon_kb": round(lexicon / 1e3, 1), "pagefind_mb": round(index / 1e6, 2)}


def summary(visits: list[dict]) -> dict:
    return {
        "median_s": statistics.median(v["seconds"] for v in visits),
        "runs_s": [v["seconds"] for v in visits],
        "bytes": statistics.median(v["bytes"] for v in visits),
        "gzipped_bytes": statistics.median(v["gzipped_bytes"] for v in visits),
        "bytes_by_part": {p: statistics.median(v["bytes_by_part"][p] for v in visits) for p in PARTS},
        "results": statistics.median(v["results"] for v in visits),
        "external": sorted({u for v in visits for u in v["external"]}),
    }


def run_sizes(sizes: list[int], repeat: int, work: Path | None = None) -> dict:
    from playwright.sync_api import sync_playwright

    env = {k: v for k, v in os.environ.items() if not k.startswith("PLAYBOOK_")}
    env.update({"SOURCE_DATE_EPOCH": synthetic.SOURCE_DATE_EPOCH, "NO_MKDOCS_2_WARNING": "1"})
    own = work is None
    work = work or Path(tempfile.mkdtemp(prefix="playbook-search-bench-"))
    started = time.time()
    results: dict = {"date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "repeat": repeat, "key_delay_ms": KEY_DELAY_MS, "sizes": []}
    results["loadavg_before"] = round(os.getloadavg()[0], 1)
    servers: list[CountingServer] = []
    try:
        log("[search] building the shipped playbook ...")
        shipped = project_for(work / "search-shipped", None)
        shipped_page, shipped_query = query_for(shipped)
        results["shipped"] = {"page": shipped_page, "query": shipped_query, **build(shipped, work / "search-shipped/site", env)}
        a = CountingServer(work / "search-shipped/site")
        servers.append(a)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                for n in sizes:
                    out: dict = {"records": n}
                    try:
                        log(f"[search {n}] building ...")
                        project = project_for(work / f"search-n{n}", n)
                        page_path, query = query_for(project)
                        out.update(page=page_path, query=query, **build(project, work / f"search-n{n}/site", env))
                        b = CountingServer(work / f"search-n{n}/site")
                        servers.append(b)
                        out["loadavg_before"] = round(os.getloadavg()[0], 1)
                        runs: dict[str, dict[str, list[dict]]] = {"shipped": {"typed": [], "pasted": []}, "synthetic": {"typed": [], "pasted": []}}
                        for i in range(repeat):
                            # A, B, then B, A: each pair meets the machine's load in turn.
                            order = [("shipped", a, shipped_page, shipped_query), ("synthetic", b, page_path, query)]
                            for name, server, path, q in order if i % 2 == 0 else order[::-1]:
                                for mode in ("typed", "pasted"):
                                    v = visit(browser, server, path, q, typed=mode == "typed")
                                    runs[name][mode].append(v)
                                    log(f"[search {n}] {name} {mode}: {v['seconds']:.3f} s, {v['bytes'] / 1e6:.2f} MB, {v['results']} results")
                        out["loadavg_after"] = round(os.getloadavg()[0], 1)
                        out.update({name: {mode: summary(v) for mode, v in modes.items()} for name, modes in runs.items()})
                        out["typed_ratio"] = round(out["synthetic"]["typed"]["median_s"] / out["shipped"]["typed"]["median_s"], 2)
                        out["pasted_ratio"] = round(out["synthetic"]["pasted"]["median_s"] / out["shipped"]["pasted"]["median_s"], 2)
                    except Exception as exc:  # one size failing still reports the others
                        out["error"] = f"{type(exc).__name__}: {exc}"
                    results["sizes"].append(out)
                    rmtree(work / f"search-n{n}")
            finally:
                browser.close()
    finally:
        for server in servers:
            server.close()
        if own:
            shutil.rmtree(work, ignore_errors=True)
    results["total_s"] = round(time.time() - started, 1)
    results["loadavg_after"] = round(os.getloadavg()[0], 1)
    return results


def report_lines(search: dict) -> list[str]:
    """The search part of benchmarks/README.md."""
    L = ["## Search", ""]
    shipped = search.get("shipped", {})
    L.append(
        f"Generated {search.get('date')} by `{search.get('command', '.venv/bin/python -m benchmarks.search')}`: the shipped playbook "
        f"(A) and a synthetic playbook of each size (B, with a glossary of about one term per 30 records) built with "
        f"`python -m playbook build`, then {search.get('repeat')} rounds per size in headless Chromium alternating A and B, "
        "each visit with an empty cache: open the first practice page, click the search box, and type the query "
        f"({search.get('key_delay_ms', KEY_DELAY_MS)} ms a key) or paste it. Time: from the last key (the paste) to the first "
        "results of the whole query on screen, the 120 ms pause search waits for included. Bytes: everything the local "
        "server sent for the page and the search, split into Pagefind's, the lexicon's and the rest of the page; (gz) what "
        "a server that gzips text would send. Medians, with every run below."
    )
    L.append("")
    L.append(
        f"Machine load (1-minute load average) before and after the run: {search.get('loadavg_before')} and {search.get('loadavg_after')}; "
        "per size below. The machine is shared: treat single runs as noisy."
    )
    L.append("")
    L.append(
        f"Shipped playbook: query `{shipped.get('query')}`, built in {shipped.get('build_s')} s, lexicon {shipped.get('lexicon_kb')} KB, "
        f"Pagefind index {shipped.get('pagefind_mb')} MB on disk."
    )
    L.append("")
    L.append(
        "| records | query | typed: B / A s | ratio | pasted: B / A s | ratio | page + search B MB (gz) | of which Pagefind / lexicon / rest KB "
        "| lexicon on disk KB | build B s | load before → after |"
    )
    L.append("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for s in search.get("sizes", []):
        if s.get("error"):
            L.append(f"| {s['records']:,} | failed: {s['error'].splitlines()[0][:120]} | | | | | | | | | |")
            continue
        b, a = s["synthetic"], s["shipped"]
        parts = " / ".join(f"{b['typed']['bytes_by_part'][p] / 1e3:.0f}" for p in PARTS)
        L.append(
            f"| {s['records']:,} | `{s['query']}` | {b['typed']['median_s']:.3f} / {a['typed']['median_s']:.3f} | {s['typed_ratio']:.2f} | "
            f"{b['pasted']['median_s']:.3f} / {a['pasted']['median_s']:.3f} | {s['pasted_ratio']:.2f} | "
            f"{b['typed']['bytes'] / 1e6:.2f} ({b['typed']['gzipped_bytes'] / 1e6:.2f}) | {parts} | {s['lexicon_kb']} | {s['build_s']} | "
            f"{s.get('loadavg_before')} → {s.get('loadavg_after')} |"
        )
    L.append("")
    L.append("Every run, seconds (typed B; typed A; pasted B; pasted A):")
    L.append("")
    for s in search.get("sizes", []):
        if not s.get("error"):
            runs = [s[name][mode]["runs_s"] for mode in ("typed", "pasted") for name in ("synthetic", "shipped")]
            L.append(f"- {s['records']:,} records: " + "; ".join(", ".join(f"{x:.3f}" for x in r) for r in runs))
    L.append("")
    L += ["### Search targets", "", "| target | measured | verdict |", "|---|---|---|"]
    large = next((s for s in search.get("sizes", []) if s["records"] == 3000 and not s.get("error")), None)
    if large:
        ok = large["typed_ratio"] <= TYPED_RATIO_BUDGET
        L.append(
            f"| Typed at {KEY_DELAY_MS} ms a key, last key → first result at 3,000 records ≤ {TYPED_RATIO_BUDGET:g}× the shipped playbook's "
            f"| {large['synthetic']['typed']['median_s']:.3f} s / {large['shipped']['typed']['median_s']:.3f} s = {large['typed_ratio']:.2f} "
            f"| {'**met**' if ok else '**not met**'} |"
        )
        size = large["synthetic"]["typed"]["bytes"]
        L.append(
            f"| Page + search at 3,000 records ≤ 1 MB | {size / 1e6:.2f} MB as the files are "
            f"({large['synthetic']['typed']['gzipped_bytes'] / 1e6:.2f} MB gzipped) | {'**met**' if size <= BYTES_BUDGET else '**not met**'} |"
        )
    else:
        L.append("| Typed and bytes at 3,000 records | – | not measured |")
    L.append("")
    return L


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks.search", description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", default="100,1000,3000", help="record counts, comma-separated (default: 100,1000,3000)")
    p.add_argument("--repeat", type=int, default=5, help="rounds of A/B visits per size, each typed and pasted (default: 5)")
    p.add_argument("--json", type=Path, help="also write the results to this file")
    p.add_argument("--merge", action="store_true", help="put the results into benchmarks/results.json and rewrite benchmarks/README.md")
    args = p.parse_args(argv)
    try:
        os.nice(10)
    except OSError:
        pass
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
    print("\n".join(report_lines(results)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
