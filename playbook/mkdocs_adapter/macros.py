"""mkdocs-macros module: macros for the hand-written pages in docs/.

Macros take ids as arguments and return HTML built by `playbook.render`, in which record text
is inert; mkdocs-macros does not render a macro's output again, so record text never becomes
template code. Only numbers are exposed as variables.

A macro called with an unknown id logs one error line (file:line: what is wrong) and returns
nothing; `mkdocs build --strict` then fails, and `mkdocs serve` keeps showing the last good site.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from ..model import KIND_BY_FOLDER
from ..render.macros import MACROS, Context, Macro, argument_problem
from ..render.urls import Links
from . import pages
from .data import data_date_for, loaded_for

log = logging.getLogger("mkdocs.plugins.playbook")


def define_env(env: Any) -> None:
    catalog = loaded_for(env.conf).catalog
    env.variables["counts"] = {kind.folder.replace("-", "_"): len(catalog.of(kind)) for kind in KIND_BY_FOLDER.values()}

    def problem(call: str, needle: str, message: str) -> str:
        src = Path(env.page.file.abs_src_path or "")
        lines = src.read_text(encoding="utf-8").splitlines() if src.is_file() else []
        line = next((n for n, text in enumerate(lines, 1) if needle in text), 1)
        log.error(f"docs/{env.page.file.src_uri}:{line}: {call}: {message}")
        return ""

    # The data's date, once per build: without SOURCE_DATE_EPOCH it asks git, which every
    # macro call of every page did before.
    date = data_date_for(env.conf, catalog)

    def register(macro: Macro) -> None:
        def call(*args: str) -> str:
            """An unknown id logs one error line and gives nothing; the finished HTML goes in as a
            placeholder, which the hook fills after MkDocs has converted the Markdown."""
            for param, value in zip(macro.params, args, strict=False):
                wrong = argument_problem(catalog, param, value)
                if wrong:
                    return problem(f"{macro.name}('{value}')", f"'{value}'", wrong)
            context = Context(catalog, Links(catalog, env.page.url), date)
            fragment = macro.render(context, *args)
            return pages.keep(env.page.file, fragment) if fragment else fragment

        call.__name__, call.__doc__ = macro.name, macro.doc
        env.macro(call, macro.name)

    for macro in MACROS.values():
        register(macro)
