"""mkdocs-macros module: macros for the hand-written pages in docs/.

Macros take ids as arguments and return HTML built by `playbook.render`, in which record text
is inert; mkdocs-macros does not render a macro's output again, so record text never becomes
template code. Only numbers are exposed as variables.

A macro called with an unknown id logs one error line (file:line: what is wrong) and returns
nothing; `mkdocs build --strict` then fails, and `mkdocs serve` keeps showing the last good site.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..catalog import Catalog
from ..model import KIND_BY_FOLDER, CaseStudy, Function, Record, Stat
from ..provenance import data_date
from ..render import adoption, assessment, fragments, home, indexes, journey_map, start_pages
from ..render.html import HTML
from ..render.urls import Links
from . import pages
from .data import loaded_for, project_dir

log = logging.getLogger("mkdocs.plugins.playbook")


def define_env(env: Any) -> None:
    catalog = loaded_for(env.conf).catalog
    env.variables["counts"] = {kind.folder.replace("-", "_"): len(catalog.of(kind)) for kind in KIND_BY_FOLDER.values()}

    def links() -> Links:
        return Links(catalog, env.page.url)

    def deferred(fragment: HTML) -> str:
        """A placeholder for finished HTML: the hook puts it in after MkDocs has converted the Markdown."""
        return pages.keep(env.page.file, fragment) if fragment else fragment

    def problem(call: str, needle: str, message: str) -> str:
        src = Path(env.page.file.abs_src_path or "")
        lines = src.read_text(encoding="utf-8").splitlines() if src.is_file() else []
        line = next((n for n, text in enumerate(lines, 1) if needle in text), 1)
        log.error(f"docs/{env.page.file.src_uri}:{line}: {call}: {message}")
        return ""

    def for_record(kind: type[Record], record_id: str, macro: str, fragment: Callable[[Catalog, str, Links], HTML]) -> str:
        """`fragment` for an existing record, or one logged error line for an unknown id."""
        if record_id not in catalog.of(kind):
            choices = ", ".join(sorted(catalog.of(kind))) or "none yet"
            return problem(f"{macro}('{record_id}')", f"'{record_id}'", f"unknown {kind.kind} '{record_id}' (use one of: {choices})")
        return deferred(fragment(catalog, record_id, links()))

    @env.macro
    def index(folder: str) -> str:
        """Every record of one kind, e.g. {{ index('practices') }}."""
        if folder not in KIND_BY_FOLDER:
            return problem(f"index('{folder}')", folder, f"no kind '{folder}' (use one of: {', '.join(KIND_BY_FOLDER)})")
        return deferred(indexes.record_index(catalog, KIND_BY_FOLDER[folder], links()))

    @env.macro
    def checklist(function_id: str) -> str:
        """A function's adoption checklist, e.g. {{ checklist('sales') }}."""
        return for_record(Function, function_id, "checklist", fragments.checklist)

    @env.macro
    def stat(stat_id: str) -> str:
        """A figure with its claim and source, e.g. {{ stat('superior-cx-revenue-5-7x') }}."""
        return for_record(Stat, stat_id, "stat", fragments.stat_figure)

    @env.macro
    def case_card(case_id: str) -> str:
        """A case study in brief, e.g. {{ case_card('amazon') }}."""
        return for_record(CaseStudy, case_id, "case_card", fragments.case_brief)

    @env.macro
    def practices_for(function_id: str) -> str:
        """Every practice that applies to a function, e.g. {{ practices_for('sales') }}."""
        return for_record(Function, function_id, "practices_for", fragments.practices_for)

    @env.macro
    def review_queue() -> str:
        """Records whose review is overdue, by owner, as of the date of the data."""
        return deferred(indexes.review_queue(catalog, dt.date.fromisoformat(data_date(project_dir(env.conf))), links()))

    @env.macro
    def journey_map_table() -> str:
        """Functions down the side, customer-journey stages across the top."""
        return deferred(journey_map.journey_map(catalog, links()))

    @env.macro
    def start_links() -> str:
        """Every function as a card (its name and one line) linking its "Start here" page."""
        return deferred(start_pages.start_index(catalog, links()))

    @env.macro
    def maturity_line() -> str:
        """The maturity model's stages in one line."""
        return deferred(home.maturity_line(catalog, links()))

    @env.macro
    def journey_line() -> str:
        """The customer journey's stages in one line."""
        return deferred(home.journey_line(catalog, links()))

    @env.macro
    def maturity_overview() -> str:
        """Each function's self-assessed stage, from the ticks stored in the reader's browser."""
        return deferred(assessment.overview(catalog, links()))

    @env.macro
    def adoption_overview() -> str:
        """Every team's stage, teams by function and stage, and items done per month, from the team records."""
        return deferred(adoption.adoption(catalog, links()))
