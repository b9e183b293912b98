"""mkdocs-macros module: macros for the hand-written pages in docs/.

Macros take ids as arguments and return HTML built by `playbook.render`, in which record text
is inert; mkdocs-macros does not render a macro's output again, so record text never becomes
template code. Only numbers are exposed as variables.

A macro called with an unknown id logs one error line (file:line: what is wrong) and returns
nothing; `mkdocs build --strict` then fails, and `mkdocs serve` keeps showing the last good site.

mkdocs-macros renders a page with an unsandboxed Jinja environment, so what reaches it must be
exactly what `validate` accepts: the hook validates every page before the build starts, and
`on_pre_page_macros` checks each page again, as mkdocs-macros is about to render it, with the
same rules (playbook.validation.docs_pages); the plugin must keep Jinja's own delimiters, which
those rules assume.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError

from ..render.macros import COUNTS, MACROS, Context, Macro, argument_problem
from ..render.urls import Links
from ..validation import docs_pages
from . import pages, reads
from .data import ProjectData, data_date_for, data_for

log = logging.getLogger("mkdocs.plugins.playbook")


#: mkdocs-macros options that would let pages hold template code the page check does not know:
#: other delimiters, Jinja extensions, more variables or macros that could hide ours.
_FIXED_OPTIONS = (
    "j2_block_start_string",
    "j2_block_end_string",
    "j2_variable_start_string",
    "j2_variable_end_string",
    "j2_comment_start_string",
    "j2_comment_end_string",
    "j2_extensions",
    "include_yaml",
    "modules",
)


class Counts(Mapping[str, int]):
    """`counts.<folder>`: how many records of a kind there are, counted when a page asks (a preview's
    data changes after the macros are set up), and noted as read by that page."""

    def __init__(self, env: Any, data: ProjectData) -> None:
        self._env, self._data = env, data

    def __getitem__(self, name: str) -> int:
        catalog = self._data.catalog
        with reads.reading(catalog, self._env.page.file.src_uri, fresh=False):
            return len(catalog.of(COUNTS[name]))

    def __iter__(self) -> Iterator[str]:
        return iter(COUNTS)

    def __len__(self) -> int:
        return len(COUNTS)


def define_env(env: Any) -> None:
    """Register every macro of playbook.render.macros, and the counts."""
    changed = [name for name in _FIXED_OPTIONS if env.config.get(name)]
    if changed:
        raise PluginError(
            f"mkdocs.yml: plugins: macros: {', '.join(changed)}: remove {'it' if len(changed) == 1 else 'them'} "
            "(pages are checked for Jinja's own delimiters, and the playbook's macros and counts only)"
        )
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
    date = data_date_for(env.conf, data.catalog)

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


def on_pre_page_macros(env: Any) -> None:
    """Refuse a page, before mkdocs-macros renders it, when it holds template code that `validate`
    refuses: never run, even if the page changed after validation or validation never saw it."""
    page = env.page
    if page.meta.get("render_macros") is False:  # mkdocs-macros leaves the page as it is (generated pages)
        return
    markdown = env.markdown or ""
    source = page.file.content_string if page.file.abs_src_path else ""
    first_line = source.count("\n", 0, len(source) - len(markdown)) + 1 if source.endswith(markdown) else 1
    problems = docs_pages.check_rendered(markdown, page.meta, page.title, f"docs/{page.file.src_uri}", first_line)
    if problems:
        env.markdown = ""  # nothing of it is rendered, whatever happens to the error below
        page.meta["render_macros"] = False
        raise PluginError("not rendered, because template code in it could run:\n" + "\n".join(p.text() for p in problems))
