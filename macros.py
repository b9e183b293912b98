"""mkdocs-macros adapter: macros for the hand-written pages in docs/.

Macros take ids as arguments and return HTML built by `playbook.render`, in which record text
is inert; mkdocs-macros does not render a macro's output again, so record text never becomes
template code. Only numbers are exposed as variables.

A macro called with an unknown id logs one error line (file:line: what is wrong) and returns
nothing; `mkdocs build --strict` then fails, and `mkdocs serve` keeps showing the last good site.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from playbook import assessment, journey_map, render, start_pages
from playbook.model import KIND_BY_FOLDER, CaseStudy, Function, Stat
from playbook.provenance import data_date
from playbook.site import catalog_for, project_dir

log = logging.getLogger("mkdocs.plugins.playbook")


def define_env(env) -> None:
    catalog = catalog_for(env.conf)
    env.variables["counts"] = {kind.folder.replace("-", "_"): len(catalog.of(kind)) for kind in KIND_BY_FOLDER.values()}

    def links() -> render.Links:
        return render.Links(catalog, env.page.url)

    def deferred(fragment: str) -> str:
        """A placeholder for finished HTML: the hook puts it in after MkDocs has converted the
        Markdown, which would otherwise re-parse every table and list the macros write."""
        return render.placeholder(env.page.__dict__.setdefault("playbook_blocks", []), fragment) if fragment else fragment

    def problem(call: str, needle: str, message: str) -> str:
        src = Path(env.page.file.abs_src_path or "")
        lines = src.read_text(encoding="utf-8").splitlines() if src.is_file() else []
        line = next((n for n, text in enumerate(lines, 1) if needle in text), 1)
        log.error(f"docs/{env.page.file.src_uri}:{line}: {call}: {message}")
        return ""

    def for_record(kind, rid: str, macro: str, fragment) -> str:
        """`fragment` for an existing record, or one logged error line for an unknown id."""
        if rid not in catalog.of(kind):
            choices = ", ".join(sorted(catalog.of(kind))) or "none yet"
            return problem(f"{macro}('{rid}')", f"'{rid}'", f"unknown {kind.kind} '{rid}' (use one of: {choices})")
        return deferred(fragment(catalog, rid, links()))

    @env.macro
    def index(folder: str) -> str:
        """Every record of one kind, e.g. {{ index('practices') }}."""
        if folder not in KIND_BY_FOLDER:
            return problem(f"index('{folder}')", folder, f"no kind '{folder}' (use one of: {', '.join(KIND_BY_FOLDER)})")
        return deferred(render.record_index(catalog, KIND_BY_FOLDER[folder], links()))

    @env.macro
    def checklist(function_id: str) -> str:
        """A function's adoption checklist, e.g. {{ checklist('sales') }}."""
        return for_record(Function, function_id, "checklist", render.checklist)

    @env.macro
    def stat(stat_id: str) -> str:
        """A figure with its claim and source, e.g. {{ stat('superior-cx-revenue-5-7x') }}."""
        return for_record(Stat, stat_id, "stat", render.stat_figure)

    @env.macro
    def case_card(case_id: str) -> str:
        """A case study in brief, e.g. {{ case_card('amazon') }}."""
        return for_record(CaseStudy, case_id, "case_card", render.case_card)

    @env.macro
    def practices_for(function_id: str) -> str:
        """Every practice that applies to a function, e.g. {{ practices_for('sales') }}."""
        return for_record(Function, function_id, "practices_for", render.practices_for)

    @env.macro
    def review_queue() -> str:
        """Records whose review is overdue, by owner, as of the date of the data."""
        return deferred(render.review_queue(catalog, dt.date.fromisoformat(data_date(project_dir(env.conf))), links()))

    @env.macro
    def journey_map_table() -> str:
        """Functions down the side, customer-journey stages across the top."""
        return deferred(journey_map.journey_map(catalog, links()))

    @env.macro
    def start_links() -> str:
        """Links to every function's "Start here" page."""
        return deferred(start_pages.start_index(catalog, links()))

    @env.macro
    def maturity_overview() -> str:
        """Each function's self-assessed stage, from the ticks stored in the reader's browser."""
        return deferred(assessment.overview(catalog, links()))
