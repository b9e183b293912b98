"""MkDocs hook: one generated page per playbook record, plus each function's printable
checklist and "Start here" page.

Each page is rendered in Python by `playbook`, with mkdocs-macros switched off for it, and
its "edit this page" link points at the record's YAML file. Hand-written pages in docs/
keep their own edit links. The hook keeps no state between builds.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel

from playbook import render, search, start_pages
from playbook.model import KINDS
from playbook.provenance import data_date
from playbook.schema import schema_files
from playbook.site import COMPILED_TEMPLATES, DATA_FOLDER, catalog_for, project_dir

if TYPE_CHECKING:
    import jinja2
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.pages import Page


def on_config(config: MkDocsConfig) -> None:
    catalog_for(config)  # fail before MkDocs touches site/


def on_files(files: Files, config: MkDocsConfig) -> Files:
    catalog = catalog_for(config)
    for file in files.documentation_pages():
        file.edit_uri = f"docs/{file.src_uri}"
    date = data_date(project_dir(config))
    for kind in KINDS:
        for rid in sorted(catalog.of(kind)):
            files.append(_generated(config, render.page_src(kind, rid), render.record_page(catalog, kind, rid, dt.date.fromisoformat(date)),
                                    f"{DATA_FOLDER}/{kind.folder}/{rid}.yml"))
    for fn_id in catalog.functions:
        files.append(_generated(config, f"{render.print_url(fn_id)}index.md",
                                render.print_page(catalog, fn_id, date, config.site_name), f"{DATA_FOLDER}/functions/{fn_id}.yml"))
    files.append(_generated(config, "print/index.md", render.print_booklet(catalog, date, config.site_name), f"{DATA_FOLDER}/functions/"))
    for fn_id in catalog.functions:
        files.append(_generated(config, start_pages.start_src(fn_id), start_pages.start_page(catalog, fn_id, dt.date.fromisoformat(date)),
                                f"{DATA_FOLDER}/functions/{fn_id}.yml"))
    for name, content in sorted(schema_files().items()):  # editors' IDEs on the intranet read them here
        files.append(_generated(config, f"schema/{name}", content, "playbook/model.py"))
    return files


def _generated(config: MkDocsConfig, src: str, content: render.Page | str, edit_uri: str) -> File:
    # Records stay out of the navigation: listed in every page's nav, they made build time and page
    # size grow with the square of their number (a practice page weighed 29 KB with 100 records and
    # 87 KB with 3,000). Each section page lists every record of its kind, and search finds them all.
    page = content if isinstance(content, render.Page) else None
    file = File.generated(config, src, content=page.markdown if page else content, inclusion=InclusionLevel.NOT_IN_NAV)
    file.edit_uri = edit_uri
    file.playbook_page = page  # on_page_content puts its HTML blocks in
    return file


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Put the finished HTML blocks of generated pages, and of macros on hand-written pages, in place."""
    generated = getattr(page.file, "playbook_page", None)
    if generated:
        return generated.fill(html)
    blocks = getattr(page, "playbook_blocks", None)  # set by macros.py
    return render.fill_blocks(html, blocks) if blocks else html


def on_env(env: jinja2.Environment, config: MkDocsConfig, files: Files) -> jinja2.Environment:
    env.bytecode_cache = COMPILED_TEMPLATES  # shared by every rebuild of `mkdocs serve`
    return env


def on_post_build(config: MkDocsConfig) -> None:
    """Index the built site for search (Pagefind), the checklist items included."""
    try:
        search.index_site(Path(config.site_dir), catalog_for(config))
    except search.SearchIndexError as exc:
        raise PluginError(str(exc)) from None


def on_serve(server: LiveReloadServer, config: MkDocsConfig, builder) -> LiveReloadServer:
    root = project_dir(config)
    server.watch(str(root / DATA_FOLDER))
    server.watch(str(root / "macros.py"))
    return server
