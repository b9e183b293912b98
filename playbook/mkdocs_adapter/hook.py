"""MkDocs hook: the generated pages, their edit links, search entries and the preview's watch list.

Every page is rendered by the core (`playbook.render`) with mkdocs-macros switched off for it,
and its "edit this page" link points at the YAML file it is made from. Hand-written pages in
docs/ keep their own edit links. The hook keeps no state between builds but the caches in data.py.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel

from playbook import indexer, lexicon, search

# Absolute imports: MkDocs loads a hook from its file path, outside its package.
from playbook.mkdocs_adapter import pages
from playbook.mkdocs_adapter.data import COMPILED_TEMPLATES, DATA_FOLDER, data_date_for, loaded_for, project_dir
from playbook.model import KINDS
from playbook.render import Page, index_page, site_pages
from playbook.render.glossary import abbreviations, spell_out
from playbook.schema import schema_files
from playbook.settings import SettingsError, check_environment

log = logging.getLogger("mkdocs.plugins.playbook")
#: The attribute of a MkDocs File that holds the glossary's abbreviations, set once per build.
ABBREVIATIONS_ATTRIBUTE = "playbook_abbreviations"

if TYPE_CHECKING:
    import jinja2
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.pages import Page as MkDocsPage


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Fail before MkDocs touches the site folder; give every kind of record its section in the nav."""
    try:
        check_environment(project=project_dir(config))  # `mkdocs build` and `mkdocs serve` skip the CLI's check
    except SettingsError as exc:
        raise PluginError(str(exc)) from None
    loaded = loaded_for(config)
    # The warnings that `validate` and the pull request fail on, shown where editors look
    # (`make serve`). As INFO, so that the preview (`mkdocs serve --strict`) still builds;
    # `playbook build` refuses them before MkDocs starts.
    for problem in loaded.warnings:
        log.info(problem.text())
    if not config.edit_uri:
        log.info(
            "mkdocs.yml: warning: edit_uri: edit links are left out "
            "(set PLAYBOOK_EDIT_URI to the 'edit' address of this repository's main branch, ending in a slash)"
        )
    if config.nav is not None:
        config.nav = with_every_section(config.nav)
    return config


#: The navigation's last entry, the editors' pages: a section that mkdocs.yml does not place comes before it.
EDITORS_ENTRY = "For editors"


def with_every_section(nav: list) -> list:
    """`nav` with a top-level entry for each kind's section page it does not list, before the editors' entry."""
    listed = json.dumps(nav)
    missing = [{kind.section: f"{kind.folder}/index.md"} for kind in KINDS if f'"{kind.folder}/index.md"' not in listed]
    at = next((n for n, entry in enumerate(nav) if isinstance(entry, dict) and EDITORS_ENTRY in entry), len(nav))
    return [*nav[:at], *missing, *nav[at:]]


def on_files(files: Files, config: MkDocsConfig) -> Files:
    catalog = loaded_for(config).catalog
    expansions = abbreviations(catalog)  # once per build: on_page_content reads them from each page's File
    for file in files.documentation_pages():
        file.edit_uri = f"docs/{file.src_uri}"
        file.__dict__[ABBREVIATIONS_ATTRIBUTE] = expansions
    date = data_date_for(config, catalog)
    # Paper names the address only when the operator set it: mkdocs.yml's default (localhost)
    # is no place a reader of a printed checklist can go.
    printed_url = config.site_url or "" if os.environ.get("PLAYBOOK_SITE_URL") else ""
    generated = site_pages(catalog, date, config.site_name, printed_url)
    generated += [index_page(catalog, kind, date) for kind in KINDS if files.get_file_from_path(f"{kind.folder}/index.md") is None]
    for page in generated:
        file = _generated(config, page)
        file.__dict__[ABBREVIATIONS_ATTRIBUTE] = expansions
        files.append(file)
    for name, content in sorted(schema_files().items()):  # editors' IDEs on the intranet read them here
        file = File.generated(config, f"schema/{name}", content=content, inclusion=InclusionLevel.NOT_IN_NAV)
        file.edit_uri = "playbook/model.py"
        files.append(file)
    return files


def _generated(config: MkDocsConfig, page: Page) -> File:
    # Records stay out of the navigation: listed in every page's nav, they made build time and page
    # size grow with the square of their number (a practice page weighed 29 KB with 100 records and
    # 87 KB with 3,000). Each section page lists every record of its kind, and search finds them all.
    file = File.generated(config, pages.source_path(page), content="", inclusion=InclusionLevel.NOT_IN_NAV)
    file.content_string = pages.markdown(page, file)
    file.edit_uri = f"{DATA_FOLDER}/{page.source}"
    return file


def on_page_content(html: str, page: MkDocsPage, config: MkDocsConfig, files: Files) -> str:
    """Put the finished HTML blocks of generated pages, and of macros on hand-written pages, in place;
    mark up the abbreviations the glossary defines."""
    return spell_out(pages.fill(html, page.file), page.file.__dict__.get(ABBREVIATIONS_ATTRIBUTE) or {})


def on_env(env: jinja2.Environment, config: MkDocsConfig, files: Files) -> jinja2.Environment:
    env.bytecode_cache = COMPILED_TEMPLATES  # shared by every rebuild of `mkdocs serve`
    return env


def on_post_build(config: MkDocsConfig) -> None:
    """Index the built site for search (Pagefind), the checklist items and glossary terms included;
    write the lexicon the browser reads to understand a query."""
    try:
        indexer.index_site(Path(config.site_dir), loaded_for(config).catalog)
        lexicon.write_lexicon(Path(config.site_dir), loaded_for(config).catalog)
    except search.SearchIndexError as exc:
        raise PluginError(str(exc)) from None


def on_serve(server: LiveReloadServer, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
    root = project_dir(config)
    server.watch(str(root / DATA_FOLDER))
    server.watch(str(root / "macros.py"))
    return server
