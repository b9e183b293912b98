"""MkDocs hook: one generated page per playbook record.

Each page is rendered in Python by `playbook.render`, with mkdocs-macros switched off for it,
and its "edit this page" link points at the record's YAML file. Hand-written pages in docs/
keep their own edit links. The hook keeps no state between builds.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mkdocs.structure.files import File, Files

from playbook import render
from playbook.model import KINDS
from playbook.site import DATA_FOLDER, catalog_for, project_dir

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer


def on_config(config: MkDocsConfig) -> None:
    catalog_for(config)  # fail before MkDocs touches site/


def on_files(files: Files, config: MkDocsConfig) -> Files:
    catalog = catalog_for(config)
    for file in files.documentation_pages():
        file.edit_uri = f"docs/{file.src_uri}"
    added: dict[str, list[str]] = {}
    for kind in KINDS:
        for rid in _nav_order(catalog, kind):
            src = render.page_src(kind, rid)
            file = File.generated(config, src, content=render.record_page(catalog, kind, rid))
            file.edit_uri = f"{DATA_FOLDER}/{kind.folder}/{rid}.yml"
            files.append(file)
            added.setdefault(f"{kind.folder}/index.md", []).append(src)
    config.nav = _with_records(config.nav, added)
    return files


def on_serve(server: LiveReloadServer, config: MkDocsConfig, builder) -> LiveReloadServer:
    root = project_dir(config)
    server.watch(str(root / DATA_FOLDER))
    server.watch(str(root / "macros.py"))
    return server


def _nav_order(catalog, kind) -> list[str]:
    records = catalog.of(kind)
    if hasattr(next(iter(records.values()), None), "order"):
        return sorted(records, key=lambda r: records[r].order)
    return sorted(records, key=lambda r: records[r].display_title.lower())


def _with_records(nav, added: dict[str, list[str]]):
    """Put each record's page in the nav section whose index page lists its kind."""
    if isinstance(nav, list):
        return [_with_records(item, added) for item in nav]
    if isinstance(nav, dict):
        return {title: (([value, *added[value]]) if isinstance(value, str) and value in added else _with_records(value, added))
                for title, value in nav.items()}
    return nav
