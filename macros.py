"""mkdocs-macros adapter: macros for the hand-written pages in docs/.

Macros take ids as arguments and return HTML built by `playbook.render`, in which record text
is inert; mkdocs-macros does not render a macro's output again, so record text never becomes
template code. Only numbers are exposed as variables.
"""

from __future__ import annotations

from playbook import render
from playbook.model import KIND_BY_FOLDER, Function, Stat
from playbook.site import catalog_for


def define_env(env) -> None:
    catalog = catalog_for(env.conf)
    env.variables["counts"] = {kind.folder.replace("-", "_"): len(catalog.of(kind)) for kind in KIND_BY_FOLDER.values()}

    def links() -> render.Links:
        return render.Links(catalog, env.page.url)

    def known(kind, rid: str) -> str:
        if rid not in catalog.of(kind):
            choices = ", ".join(sorted(catalog.of(kind))) or "none yet"
            raise ValueError(f"unknown {kind.kind} '{rid}' (known: {choices})")
        return rid

    @env.macro
    def index(folder: str) -> str:
        """Every record of one kind, e.g. {{ index('practices') }}."""
        if folder not in KIND_BY_FOLDER:
            raise ValueError(f"index('{folder}'): no such kind (use one of: {', '.join(KIND_BY_FOLDER)})")
        return render.record_index(catalog, KIND_BY_FOLDER[folder], links())

    @env.macro
    def checklist(function_id: str) -> str:
        """A function's adoption checklist, e.g. {{ checklist('sales') }}."""
        return render.checklist(catalog, known(Function, function_id), links())

    @env.macro
    def stat(stat_id: str) -> str:
        """A figure with its claim and source, e.g. {{ stat('superior-experience-revenue') }}."""
        return render.stat_figure(catalog, known(Stat, stat_id), links())
