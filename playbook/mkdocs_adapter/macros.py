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
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from ..model import KIND_BY_FOLDER
from ..provenance import data_date
from ..render.macros import MACROS, Context, Macro, argument_problem
from ..render.urls import Links
from . import pages, reads
from .data import ProjectData, data_for, project_dir

log = logging.getLogger("mkdocs.plugins.playbook")


class Counts(Mapping[str, int]):
    """`counts.<folder>`: how many records of a kind there are, counted when a page asks (a preview's
    data changes after the macros are set up), and noted as read by that page."""

    def __init__(self, env: Any, data: ProjectData) -> None:
        self._env, self._data = env, data
        self._kinds = {kind.folder.replace("-", "_"): kind for kind in KIND_BY_FOLDER.values()}

    def __getitem__(self, name: str) -> int:
        catalog = self._data.catalog
        with reads.reading(catalog, self._env.page.file.src_uri, fresh=False):
            return len(catalog.of(self._kinds[name]))

    def __iter__(self) -> Iterator[str]:
        return iter(self._kinds)

    def __len__(self) -> int:
        return len(self._kinds)


def define_env(env: Any) -> None:
    data = data_for(env.conf)  # read at each call: a preview replaces the catalog after each good save
    env.variables["counts"] = Counts(env, data)

    def problem(call: str, needle: str, message: str) -> str:
        src = Path(env.page.file.abs_src_path or "")
        lines = src.read_text(encoding="utf-8").splitlines() if src.is_file() else []
        line = next((n for n, text in enumerate(lines, 1) if needle in text), 1)
        log.error(f"docs/{env.page.file.src_uri}:{line}: {call}: {message}")
        return ""

    # The data's date, once per build: without SOURCE_DATE_EPOCH it asks git, which every
    # macro call of every page did before.
    date = dt.date.fromisoformat(data_date(project_dir(env.conf)))

    def register(macro: Macro) -> None:
        def call(*args: str) -> str:
            """An unknown id logs one error line and gives nothing; the finished HTML goes in as a
            placeholder, which the hook fills after MkDocs has converted the Markdown."""
            catalog = data.catalog
            with reads.reading(catalog, env.page.file.src_uri, fresh=False):  # a preview notes what each page reads
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
