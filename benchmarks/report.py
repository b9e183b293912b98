"""benchmarks/README.md from the results of a run (benchmarks/results.json)."""

from __future__ import annotations

PAGE_TOLERANCE = 1.10  # "independent of N": the largest sample page at most 10% bigger than the smallest


def _s(value, digits: int = 2) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def _m(size: dict, name: str) -> dict:
    return size.get(name) or {}


def _median(size: dict, name: str):
    return _m(size, name).get("median_s")


def _cell(size: dict, name: str, digits: int = 2) -> str:
    m = _m(size, name)
    if m.get("median_s") is not None:
        return _s(m["median_s"], digits)
    return "failed" if m.get("error") and not str(m.get("error")).startswith("skipped") else "–"


def _by_n(results: dict) -> dict[int, dict]:
    return {s["records"]: s for s in results.get("sizes", [])}


def _short(err: str) -> str:
    """An error without the Python traceback's middle: what ran before it, and the exception."""
    lines = str(err).splitlines()
    start = next((i for i, line in enumerate(lines) if line.startswith("Traceback (most recent call last)")), None)
    if start is None:
        return str(err)
    last = [line for line in lines[start + 1 :] if line.strip() and not line.startswith((" ", "\t"))]
    return "\n".join(lines[:start] + ["(Python traceback left out)"] + last[-1:])


def _ratio(a, b):
    return a / b if a is not None and b else None


def targets(results: dict) -> list[tuple[str, str, str]]:
    """(target, what was measured, verdict) for each ratio the project aims at."""
    sizes = _by_n(results)
    rows: list[tuple[str, str, str]] = []

    def verdict(ok: bool | None) -> str:
        return "not measured" if ok is None else ("**met**" if ok else "**not met**")

    overheads = {n: _ratio(_median(s, "build"), _median(s, "plain")) for n, s in sizes.items()}
    overheads = {n: o - 1 for n, o in overheads.items() if o is not None}
    rows.append(
        (
            "Data + macros layer overhead vs plain MkDocs on the same pages ≤ 10% (at every size)",
            ", ".join(f"{n:,}: {o * 100:+.0f}%" for n, o in overheads.items()) or "–",
            verdict(all(o <= 0.10 for o in overheads.values()) if overheads else None),
        )
    )

    s1k = sizes.get(1000, {})
    r = _ratio(_median(s1k, "build"), _median(s1k, "zensical"))
    zerr = _m(s1k, "zensical").get("error")
    rows.append(
        (
            "1,000-record build / Zensical on the same pages ≤ 0.8",
            f"{_s(_median(s1k, 'build'))} s / {_s(_median(s1k, 'zensical'))} s = {r:.2f}" if r else ("Zensical failed (see below)" if zerr else "–"),
            verdict(None if r is None else r <= 0.8),
        )
    )

    hugo = _median(s1k, "hugo")
    r, r_main = _ratio(_median(s1k, "build"), hugo), _ratio(_median(s1k, "build_main"), hugo)
    rows.append(
        (
            "1,000-record build / Hugo on the same pages ≤ 3",
            (
                f"{_s(_median(s1k, 'build'))} s / {_s(hugo)} s = {r:.1f}"
                + (f" (main: {_s(_median(s1k, 'build_main'))} s / {_s(hugo)} s = {r_main:.1f})" if r_main else "")
            )
            if r
            else "Hugo not measured",
            verdict(None if r is None else r <= 3),
        )
    )

    v, c = _median(s1k, "validate"), _median(s1k, "check_jsonschema")
    speed = _ratio(c, v)
    ok = None if v is None else (v <= 0.5 and (speed is not None and speed >= 2))
    up = (results.get("startup") or {}).get("median_s")
    rows.append(
        (
            "Validate 1,000 records ≤ 0.5 s and ≥ 2× faster than check-jsonschema on the same files",
            (f"validate {_s(v)} s; check-jsonschema {_s(c)} s ({speed:.1f}× slower than validate)" if speed else f"validate {_s(v)} s; check-jsonschema –")
            + (f"; start-up before the first file: {_s(up)} s" if up else ""),
            verdict(ok),
        )
    )

    b1, b3 = _median(s1k, "build"), _median(sizes.get(3000, {}), "build")
    r = _ratio(b3, b1)
    rows.append(("Build time(3,000) / time(1,000) ≤ 3.3", f"{_s(b3)} s / {_s(b1)} s = {r:.2f}" if r else "–", verdict(None if r is None else r <= 3.3)))

    pages = {n: (_m(s, "build").get("page_kb") or {}).get("practice") for n, s in sizes.items()}
    pages = {n: kb for n, kb in pages.items() if kb}
    growth = max(pages.values()) / min(pages.values()) if len(pages) > 1 else None
    rows.append(
        (
            f"Record page size independent of N (same practice page; largest ≤ {PAGE_TOLERANCE:.2f}× smallest)",
            ", ".join(f"{n:,}: {kb:.1f} KB" for n, kb in pages.items()) + (f" ({growth:.2f}×)" if growth else ""),
            verdict(None if growth is None else growth <= PAGE_TOLERANCE),
        )
    )

    for where, serve, limits in (
        ("the shipped playbook", (results.get("serve") or {}).get("branch") or {}, {"text": 0.5, "item": 0.8, "rename": 0.8}),
        ("1,000 records", (s1k.get("serve") or {}).get("branch") or {}, {"text": 1.0, "item": 1.0, "rename": 1.0}),
    ):
        for kind, limit in limits.items():
            med = ((serve.get("edits") or {}).get(kind) or {}).get("median_s")
            rows.append(
                (
                    f"Preview, {where}: save → changed page ≤ {limit:g} s ({_EDITS[kind]})",
                    f"median {med:.2f} s" if med is not None else (f"failed: {serve.get('error')}" if serve.get("error") else "not run"),
                    verdict(None if med is None else med <= limit),
                )
            )
    return rows


_EDITS = {"text": "a practice's title changed", "item": "a new checklist item", "rename": "an item renamed, with formerly"}


def main_section(results: dict) -> list[str]:
    """This tree's build beside the base revision's, and both beside Hugo."""
    sizes = _by_n(results)
    base = (results.get("git") or {}).get("base") or {}
    if not any(_median(s, "build_main") for s in sizes.values()):
        return []
    out = [
        f"## This tree against main ({base.get('rev', '?')}, `{base.get('commit', '?')}`)",
        "",
        "The same synthetic playbook built by this tree and by the base revision's code (`python -m playbook build` in a copy "
        "of each), taking turns with the other tools. Hugo builds the same pages.",
        "",
        "| records | main s | this tree s | this tree / main | main / Hugo | this tree / Hugo |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    for n, s in sizes.items():
        b, m, h = _median(s, "build"), _median(s, "build_main"), _median(s, "hugo")
        cells = [_s(m), _s(b), _s(_ratio(b, m)), _s(_ratio(m, h), 1), _s(_ratio(b, h), 1)]
        out.append(f"| {n:,} | " + " | ".join(cells) + " |")
    out.append("")
    return out


def phases_section(results: dict) -> list[str]:
    """The build phase by phase, main and this tree (benchmarks/phases.py)."""
    found = next(((n, s["phases"]) for n, s in _by_n(results).items() if s.get("phases")), None)
    if not found:
        return []
    n, ph = found
    out = [f"## Where the time goes: phase by phase, {n:,} records", ""]
    if ph.get("error"):
        return [*out, f"Failed: {ph['error']}", ""]
    out += [
        "`python -m playbook build` in a child process that times its own phases (benchmarks/phases.py): the time of the "
        "main thread is charged to the innermost phase running, so the rows add up to the wall time; start-up counts from "
        "the child's start, shutdown up to its exit. Main and this tree alternate; medians. In this tree Pagefind indexes "
        "beside MkDocs, so its row is only what the build still waits for at the end.",
        "",
        "| phase | main s | % | this tree s | % |",
        "|---|---:|---:|---:|---:|",
    ]
    for measure, label in (("phases", "wall"), ("cpu_phases", "CPU")):
        if measure == "cpu_phases":
            out += [
                "",
                "The main thread's CPU time in the same runs (start-up and shutdown as wall time): what a busy machine inflates least.",
                "",
                "| phase | main s | % | this tree s | % |",
                "|---|---:|---:|---:|---:|",
            ]
        totals = {k: sum((ph[k].get(measure) or {}).values()) or 1.0 for k in ("main", "branch")}
        for phase in phases_order(ph):
            cells = []
            for k in ("main", "branch"):
                v = (ph[k].get(measure) or {}).get(phase, 0.0)
                cells.append(f"{v:.2f} | {100 * v / totals[k]:.0f}")
            out.append(f"| {phase} | " + " | ".join(cells) + " |")
        if label == "wall":
            out.append(f"| **wall** | **{ph['main']['wall_s']:.2f}** | | **{ph['branch']['wall_s']:.2f}** | |")
            out.append(f"| CPU of every thread and process (Pagefind's binary included) | {ph['main']['cpu_s']:.2f} | | {ph['branch']['cpu_s']:.2f} | |")
    out += ["", f"Load average (1 min) before each run: {', '.join(str(x) for x in ph.get('loadavg_1min', []))}.", ""]
    return out


def phases_order(ph: dict) -> list[str]:
    names = list((ph.get("branch") or {}).get("phases") or {})
    return names or list((ph.get("main") or {}).get("phases") or {})


def serve_section(results: dict) -> list[str]:
    """The preview: save -> changed page, main's `mkdocs serve` beside `playbook serve`."""
    out = ["## Preview: save → changed page", ""]
    rows = [("the shipped playbook", results.get("serve") or {})]
    rows += [(f"{n:,} records", s["serve"]) for n, s in _by_n(results).items() if s.get("serve")]
    if not any(r for _, r in rows):
        return [*out, "Not run.", ""]
    out += [
        "A copy of the project; its preview started on a free port; then, three times each, a save and HTTP polls of the "
        "changed page every 20 ms until it shows the change (benchmarks/serve_loop.py): **text**, a practice's title "
        "changed; **item**, a new checklist item on a function; **rename**, an item's id renamed with the old one in "
        "`formerly`. Main runs `mkdocs serve --strict` (its `make serve`), this tree `playbook serve`. Medians, seconds.",
        "",
        "| playbook | preview | first build s | text s | item s | rename s |",
        "|---|---|---:|---:|---:|---:|",
    ]
    notes = []
    for where, pair in rows:
        for key, label in (("main", "main: mkdocs serve"), ("branch", "this tree: playbook serve")):
            r = pair.get(key)
            if not r:
                continue
            if r.get("error"):
                notes.append(f"- {where}, {label}: failed: {r['error']}")
                continue
            cells = [_s(((r.get("edits") or {}).get(k) or {}).get("median_s")) for k in ("text", "item", "rename")]
            out.append(f"| {where} | {label} | {_s(r.get('startup_s'), 1)} | " + " | ".join(cells) + " |")
    out.append("")
    samples = [
        f"{where}, {key}: " + "; ".join(f"{k} {', '.join(f'{x:.2f}' for x in v['samples_s'])}" for k, v in (pair[key].get("edits") or {}).items())
        for where, pair in rows
        for key in ("main", "branch")
        if pair.get(key) and not pair[key].get("error")
    ]
    if samples:
        out += ["Every sample, in seconds: " + " — ".join(samples) + ".", ""]
    return out + notes + ([""] if notes else [])


def render(results: dict) -> str:
    sizes = _by_n(results)
    mach, ver, settings = results.get("machine", {}), results.get("versions", {}), results.get("settings", {})
    git = results.get("git") or {}
    L: list[str] = []
    add = L.append
    add("# Performance benchmark")
    add("")
    add("<!-- Generated by `python -m benchmarks` (benchmarks/report.py). Do not edit: run it again. -->")
    add("")
    add(
        f"Generated **{results.get('date')}** by `{results.get('command')}` "
        f"in {results.get('total_s', 0) / 60:.1f} minutes"
        + (f", at commit `{git.get('commit')}`" if git.get("commit") else "")
        + (
            f" with uncommitted changes in {', '.join(f'`{f}`' for f in git['changed_files'][:8])}" + (" …" if len(git["changed_files"]) > 8 else "")
            if git.get("changed_files")
            else ""
        )
        + "."
    )
    if results.get("interrupted"):
        add("")
        add("**Interrupted run**: the results below are partial.")
    if results.get("quick"):
        add("")
        add("**Quick run** (`--quick`): small sizes, one run each. Not for comparing with the targets.")
    add("")
    add("## How to run")
    add("")
    add("```sh")
    add(".venv/bin/python -m benchmarks                          # everything (= make bench); rewrites this file and results.json")
    add(".venv/bin/python -m benchmarks --sizes 100,1000 --repeat 1")
    add(".venv/bin/python -m benchmarks --quick                  # smoke run, report in the work folder")
    add(".venv/bin/python -m benchmarks.serve_loop               # only the preview's loop (--command mkdocs for mkdocs serve)")
    add(".venv/bin/python -m benchmarks.phases A B --repeat 3    # only the phase table of two projects, alternating")
    add(".venv/bin/python -m benchmarks.search --merge           # only search (typed and pasted, beside the shipped playbook); merged into this file")
    add(".venv/bin/python -m benchmarks --report-only            # rewrite this file from results.json")
    add("```")
    add("")
    add(
        "Run it from the project folder with the project's venv (`make build` creates it). On first use it creates "
        "`benchmarks/.venv` with the pinned tools of `benchmarks/requirements.txt` (check-jsonschema, Zensical) and, "
        "as root, installs Debian's `hugo` if it is missing (`--no-hugo` skips Hugo). Other flags: `--large-repeat R` "
        "(runs for sizes ≥ 3,000), `--wait-idle S` (wait up to S seconds before each run for other processes to leave the CPU; 60 by default), "
        "`--no-zensical`, `--no-serve`, `--no-search`, `--no-profile`, `--keep` (keep the work folder), "
        f"`--workdir DIR`. Everything runs under `nice`; this run took {results.get('total_s', 0) / 60:.0f} minutes on the machine below."
    )
    add("")
    add("## Machine")
    add("")
    add(f"- {mach.get('cores')} cores ({mach.get('cpu', 'unknown CPU')}), {mach.get('ram', '? GiB')} RAM, {mach.get('os')}")
    add(
        f"- Python {mach.get('python')}; MkDocs {ver.get('mkdocs')}, Material {ver.get('mkdocs-material')}, "
        f"mkdocs-macros {ver.get('mkdocs-macros-plugin')}, pydantic {ver.get('pydantic')}, Markdown {ver.get('Markdown')}"
    )
    add(
        f"- Zensical: {ver.get('zensical') or 'not available'}; check-jsonschema: {ver.get('check-jsonschema') or 'not available'}; "
        f"Hugo: {ver.get('hugo') or 'not available'}"
    )
    add("")
    add("## Results")
    add("")
    reps = {s.get("repeat") for s in sizes.values()}
    add(
        f"Median wall-clock seconds of {' or '.join(str(r) for r in sorted(reps)) or '?'} run{'s' if max(reps or {1}) > 1 else ''}"
        + (" (" + ", ".join(f"{n:,} records: {s.get('repeat')}" for n, s in sizes.items()) + ")" if len(reps) > 1 else "")
        + f"; every build with `SOURCE_DATE_EPOCH={settings.get('source_date_epoch')}` and `NO_MKDOCS_2_WARNING=1`."
    )
    add("")
    add(
        "| records | validate s | build s | plain MkDocs s | overhead | Zensical s | check-jsonschema s | Hugo s "
        "| build peak MB | site MB | practice page KB | function page KB |"
    )
    add("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n, s in sizes.items():
        b, p = _median(s, "build"), _median(s, "plain")
        over = f"{(b / p - 1) * 100:+.0f}%" if b and p else "–"
        build = _m(s, "build")
        kb = build.get("page_kb") or {}
        add(
            f"| {n:,} | {_cell(s, 'validate')} | {_cell(s, 'build')} | {_cell(s, 'plain')} | {over} | {_cell(s, 'zensical')} "
            f"| {_cell(s, 'check_jsonschema')} | {_cell(s, 'hugo')} | {_s(build.get('peak_mb'), 0)} | {_s(build.get('site_mb'), 1)} "
            f"| {_s(kb.get('practice'), 1)} | {_s(kb.get('function'), 1)} |"
        )
    add("")
    add("Peak memory (MB, largest resident set of the process tree) and site size (MB) of the other tools:")
    add("")
    add("| records | validate peak | plain MkDocs peak / site | Zensical peak / site | check-jsonschema peak | Hugo peak / site |")
    add("|---:|---:|---:|---:|---:|---:|")
    for n, s in sizes.items():

        def pair(name: str, s: dict = s) -> str:
            m = _m(s, name)
            return f"{_s(m.get('peak_mb'), 0)} / {_s(m.get('site_mb'), 1)}" if m.get("peak_mb") else "–"

        add(
            f"| {n:,} | {_s(_m(s, 'validate').get('peak_mb'), 0)} | {pair('plain')} | {pair('zensical')} "
            f"| {_s(_m(s, 'check_jsonschema').get('peak_mb'), 0)} | {pair('hugo')} |"
        )
    add("")
    cores = int(mach.get("cores") or 1)
    busy, busiest = [], 0.0
    for n, s in sizes.items():
        runs = [r for name in ("validate", "build", "plain", "zensical", "check_jsonschema", "hugo") for r in (_m(s, name).get("runs") or [])]
        wall = sum(r["seconds"] for r in runs)
        if wall and any("other_cpu_s" in r for r in runs):
            share = sum(r.get("other_cpu_s", 0) for r in runs) / (wall * cores) * 100
            busiest = max(busiest, share)
            busy.append(f"{n:,} records: {share:.0f}%")
    add(
        "Every run, in seconds. The tools take turns: round 1 runs each tool once, then round 2, and so on, so a drift in "
        "the machine's speed reaches every tool alike. The spread shows how noisy the machine was: share of the machine's "
        "CPU that other processes used while the runs were measured — "
        + (", ".join(busy) if busy else "not recorded")
        + " (the benchmark runs under `nice`; other people's test suites on the same machine slow it down)."
        + (
            f" Before each run it waited for the machine to be idle (at most {settings.get('wait_idle_s'):.0f} s): "
            f"{(results.get('waited_for_idle') or {}).get('seconds', 0):.0f} s of waiting in all, "
            f"{(results.get('waited_for_idle') or {}).get('runs_started_busy', 0)} runs started while it was still busy."
            if settings.get("wait_idle_s")
            else ""
        )
    )
    add("")
    spreads = [
        (max(r["seconds"] for r in runs) / min(r["seconds"] for r in runs) - 1, n, name)
        for n, s in sizes.items()
        for name in ("build", "plain", "zensical")
        for runs in [_m(s, name).get("runs") or []]
        if len(runs) > 1
    ]
    if spreads:
        worst = max(spreads)
        quiet = busy and busiest < 5
        add(
            f"Runs of the same build differ by up to {worst[0] * 100:.0f}% ({worst[2]} at {worst[1]:,} records)"
            + (
                " even with nothing else running: each run's CPU time (in results.json) is close to its wall-clock time, "
                "so the variation is the virtual machine's own speed."
                if quiet
                else "."
            )
            + " Ratios near a target's limit can flip from one run to the next."
        )
        add("")
    names = [
        ("validate", "validate"),
        ("build", "build"),
        ("plain", "plain MkDocs"),
        ("zensical", "Zensical"),
        ("check_jsonschema", "check-jsonschema"),
        ("hugo", "Hugo"),
    ]
    add("| records | " + " | ".join(label for _, label in names) + " |")
    add("|---:|" + "---|" * len(names))
    for n, s in sizes.items():
        cells = []
        for name, _ in names:
            runs = [r["seconds"] for r in _m(s, name).get("runs") or []]
            cells.append(", ".join(f"{x:.2f}" for x in runs) + (" (then failed)" if _m(s, name).get("error") and runs else "") if runs else _cell(s, name))
        add(f"| {n:,} | " + " | ".join(cells) + " |")
    add("")
    add("Columns:")
    add("")
    add("- **validate**: `python -m playbook validate --data playbook_data` (start-up, YAML, model, cross-references).")
    add(
        "- **build**: `python -m playbook build --site-dir …`, i.e. validate, then `mkdocs build --strict` with our hook "
        "and mkdocs-macros in the same process (reusing the validated data), into a staging folder that replaces the site."
    )
    add(
        "- **plain MkDocs**: `mkdocs build --strict` of a project with the *same pages* as static Markdown — each record "
        "page's source as `playbook.render` produced it for the real build, the hand-written pages with their macros "
        "already expanded by mkdocs-macros, the same theme, overrides, extensions, search and tags plugins and the same "
        "navigation, but no macros plugin and no hook (benchmarks/plain.py). Each record page is one Markdown file with "
        "its HTML blocks written in, as a static site would keep it; the real build gives MkDocs only the page's headings and "
        "puts the finished blocks in after conversion, which spares Python-Markdown from re-parsing them. **overhead** = "
        "build / plain − 1: the cost of our data + macros layer (loading and validating YAML, rendering record pages, "
        "the macros, the hook's search additions) plus the CLI's start-up and staging, less what the placeholders save."
    )
    add("- **Zensical**: `zensical build --clean` on that same plain project (it reads mkdocs.yml), cache removed before each run.")
    add("- **check-jsonschema**: `check-jsonschema --schemafile schema/<kind>.json <files>` once per folder, times added.")
    add(
        "- **Hugo**: `hugo` on the same pages written as Hugo content (benchmarks/hugo.py): same Markdown and navigation, "
        "small templates instead of Material, tags taxonomy, JSON search index, sitemap."
    )
    add(
        "- **page KB**: size of one practice page and of one function page, the same record at every N (synthetic records are generated per index, so record 0 is the same text "  # noqa: E501 (one sentence of the report)
        "at every size; only its links differ)."
    )
    add("")
    add("### Synthetic playbooks")
    add("")
    add(
        "Generated by `benchmarks/synthetic.py` (seeded, deterministic), valid with no warnings (`python -m playbook "
        "validate` is run first). Practices have ~440-word bodies with lists, emphasis and links; every function has a "
        "10-item checklist and every practice is on exactly one checklist, so functions are ~6% of the records."
    )
    add("")
    kinds = ["practices", "case-studies", "functions", "stages", "journey", "metrics", "stats", "sources"]
    add("| records | " + " | ".join(kinds) + " | YAML MB |")
    add("|---:|" + "---:|" * (len(kinds) + 1))
    for n, s in sizes.items():
        c = s.get("counts", {})
        add(f"| {n:,} | " + " | ".join(str(c.get(k, "")) for k in kinds) + f" | {_s(s.get('data_mb'), 1)} |")
    add("")
    add("## Targets")
    add("")
    add("| target | measured | verdict |")
    add("|---|---|---|")
    for target, measured, verdict in targets(results):
        add(f"| {target} | {measured} | {verdict} |")
    add("")
    others = []
    b = {n: _median(s, "build") for n, s in sizes.items()}
    p = {n: _median(s, "plain") for n, s in sizes.items()}
    z = {n: _median(s, "zensical") for n, s in sizes.items()}
    if b.get(1000) and b.get(3000):
        others.append(f"build {b[3000] / b[1000]:.2f}×")
    if p.get(1000) and p.get(3000):
        others.append(f"plain MkDocs {p[3000] / p[1000]:.2f}×")
    if z.get(1000) and z.get(3000):
        others.append(f"Zensical {z[3000] / z[1000]:.2f}×")
    if others:
        add(f"Growth from 1,000 to 3,000 records: {', '.join(others)}.")
        add("")
    pk = {n: (_m(s, "build").get("page_kb") or {}).get("practice") for n, s in sizes.items()}
    ns = sorted(n for n in sizes if pk.get(n))
    navs = {n: s.get("nav_pages") for n, s in sizes.items() if s.get("nav_pages") is not None}
    if navs:
        add("Pages listed in the navigation: " + ", ".join(f"{v:,} at {n:,} records" for n, v in navs.items()) + ".")
        add("")
    if len(ns) > 1 and pk[ns[-1]] / pk[ns[0]] > PAGE_TOLERANCE:
        per = (pk[ns[-1]] - pk[ns[0]]) * 1024 / (ns[-1] - ns[0])
        add(f"The practice page grows by about {per:.0f} bytes per record added to the playbook.")
        add("")
    up, v1k = (results.get("startup") or {}).get("median_s"), _median(sizes.get(1000, {}), "validate")
    if up and v1k and v1k > 0.5:
        add(
            f"Why `validate` takes {v1k:.2f} s for 1,000 records: {up:.2f} s of it is start-up, measured as "
            "`python -c 'import playbook.cli'` (the interpreter, click, and pydantic building the model's validators; "
            "pydantic's plugin loader alone imports `importlib.metadata`, ~0.1 s), before a single file is read. The rest is "
            f"{v1k - up:.2f} s for 1,000 files: PyYAML's C parser emitting ~50 events per record, which the strict reader "
            "needs in order to refuse duplicate keys, anchors and tags, then pydantic and the cross-record checks "
            "(`python -X importtime -m playbook validate` and `python -m cProfile -m playbook validate` show the split). "
            "Meeting 0.5 s would take a persistent parse cache or a validator without pydantic, the schema's source of truth."
        )
        add("")
    for n, s in sizes.items():
        b, p, v = _median(s, "build"), _median(s, "plain"), _median(s, "validate")
        if b and p and v and n == 1000:
            add(
                f"At 1,000 records the build takes {b - p:+.1f} s compared with plain MkDocs. Its own work (validating, "
                f"start-up included, is what `validate` measures: {v:.1f} s; rendering the record pages) is offset by the "
                "Markdown that MkDocs no longer re-parses: see the profile below."
            )
            add("")
    if results.get("search"):
        L += search_section(results["search"], results)
        add("")
    L += serve_section(results)
    L += main_section(results)
    L += phases_section(results)
    prof = next((s["profile"] for s in sizes.values() if s.get("profile")), None)
    add("## Where the time goes: cProfile")
    add("")
    if not prof:
        add("No profile in this run.")
    elif prof.get("error"):
        add(f"The profiled build failed:\n\n```text\n{prof['error']}\n```")
    else:
        pn = next(n for n, s in sizes.items() if s.get("profile"))
        add(
            f"`python -m cProfile -m mkdocs build --strict` of the {pn:,}-record playbook (the build `playbook build` runs "
            f"after validating): {prof['wall_s']} s wall under the profiler (which slows Python code down), {prof['total_s']} s "
            "profiled. Cumulative time of the main stages; indented rows are part of the row above them, and shares are of "
            "the whole `mkdocs build`:"
        )
        add("")
        add("| stage | function | calls | cumulative s | share |")
        add("|---|---|---:|---:|---:|")
        whole = next((r["cumulative_s"] for r in prof["stages"] if r["function"].endswith("build.py:build")), prof["total_s"])
        for row in prof["stages"]:
            add(f"| {row['what']} | `{row['function']}` | {row['calls']} | {row['cumulative_s']:.2f} | {row['cumulative_s'] / whole * 100:.0f}% |")
        add("")
        st = {r["function"]: r["cumulative_s"] for r in prof["stages"]}
        ours = sum(
            st.get(k, 0)
            for k in (
                "mkdocs_macros/plugin.py:on_config",
                "playbook/mkdocs_adapter/hook.py:on_config",
                "playbook/mkdocs_adapter/hook.py:on_files",
                "mkdocs_macros/plugin.py:on_page_markdown",
                "playbook/mkdocs_adapter/hook.py:on_post_build",
            )
        )
        nav = next((r["cumulative_s"] for r in prof["top_cumulative"] if r["function"].endswith("(block_site_nav)")), None)
        add(
            f"Our data + macros layer inside MkDocs (macros set-up with the first load, the hook's on_config, on_files and "
            f"on_post_build, mkdocs-macros on every page) is {ours:.1f} s of {whole:.1f} s ({ours / whole * 100:.0f}%) under the "
            "profiler." + (f" Rendering the navigation (Material's `block_site_nav`) alone is {nav:.1f} s ({nav / whole * 100:.0f}%)." if nav else "")
        )
        add("")
        add("Top 30 functions by cumulative time (start-up wrappers left out):")
        add("")
        add("| cumulative s | own s | calls | function |")
        add("|---:|---:|---:|---|")
        for row in prof["top_cumulative"]:
            add(f"| {row['cumulative_s']:.2f} | {row['own_s']:.2f} | {row['calls']} | `{row['function']}` |")
        add("")
        add("Top 15 by own time:")
        add("")
        add("| own s | cumulative s | calls | function |")
        add("|---:|---:|---:|---|")
        for row in prof["top_own"]:
            add(f"| {row['own_s']:.2f} | {row['cumulative_s']:.2f} | {row['calls']} | `{row['function']}` |")
    add("")
    add("## Failures and notes")
    add("")
    notes = []
    for n, s in sizes.items():
        for name, label in (
            ("validate", "validate"),
            ("build", "build"),
            ("plain", "plain MkDocs"),
            ("zensical", "Zensical"),
            ("check_jsonschema", "check-jsonschema"),
            ("hugo", "Hugo"),
        ):
            err = _m(s, name).get("error")
            if err and not str(err).startswith("skipped"):
                after = _m(s, name).get("failed_after_s")
                notes.append(
                    f"- **{label} at {n:,} records failed**"
                    + (f" after {after} s" if after else "")
                    + ":\n\n  ```text\n"
                    + "\n".join("  " + line for line in _short(err).splitlines())
                    + "\n  ```"
                )
    for key, err in (results.get("tool_errors") or {}).items():
        notes.append(f"- {key.replace('_error', '')}: {err}")
    notes.append(
        "- Zensical is pinned at 0.0.73, the newest release the package index here can install: 0.0.74 and later "
        "depend on `zensical-ui`, which it does not serve."
    )
    notes.append("- Raw numbers of every run: `benchmarks/results.json`.")
    L += notes
    add("")
    return "\n".join(L)


def _gz(engine: dict) -> str:
    return _s(engine["gzipped_bytes"] / 1e6) if engine.get("gzipped_bytes") else "–"


def search_section(search: dict, results: dict | None = None) -> list[str]:
    """The search part of the report: benchmarks/search.py writes it; the preview's target follows."""
    from .search import report_lines

    if "shipped" not in search:  # results of the earlier search benchmark (Pagefind beside lunr): not comparable
        return ["## Search", "", "Not measured in this run: `.venv/bin/python -m benchmarks.search --merge` measures it.", ""]
    L = report_lines(search)
    hugo = _median(_by_n(results or {}).get(1000, {}), "hugo")
    thousand = next((s for s in search.get("sizes", []) if s["records"] == 1000 and not s.get("error")), None)
    if thousand and hugo:
        r = thousand["build_s"] / hugo
        L.insert(
            len(L) - 1,
            f"| 1,000-record build ÷ Hugo on the same pages ≤ 5 | {thousand['build_s']:.2f} s (one build, this run) / {hugo:.2f} s "
            f"(Hugo, full run above) = {r:.1f} | {'**met**' if r <= 5 else '**not met**'} |",
        )
    serve = (results or {}).get("serve") or {}
    if serve.get("median_s"):
        L.insert(
            len(L) - 1,
            f"| Preview: save a YAML file → reloaded page, median ≤ 1.5 s | {serve['median_s']:.2f} s (see Serve loop) | "
            f"{'**met**' if serve['median_s'] <= 1.5 else '**not met**'} |",
        )
    return L
