"""MkDocs hook: the generated pages, their edit links, search indexing and `mkdocs serve`'s watch list.

Every page is rendered by the core (`playbook.render`, on two cores where it can: parallel.py)
with mkdocs-macros switched off for it; its HTML, headings and table of contents go to the theme
without Markdown (pages.py), and its "edit this page" link points at the YAML file it is made
from. Hand-written pages in docs/ keep their own edit links. Pagefind indexes each page as MkDocs
finishes it (indexing.py); the parts of a page that its folder shares are rendered once
(theme.py). In a preview (`playbook serve`) the catalog notes what each page reads (reads.py).
The hook keeps no state between builds but the caches in data.py; what one build needs (its
data, its indexer) hangs on that build's MkDocs config.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.toc import get_toc

from playbook import search

# Absolute imports: MkDocs loads a hook from its file path, outside its package.
from playbook.mkdocs_adapter import pages, parallel, reads, theme
from playbook.mkdocs_adapter.data import COMPILED_TEMPLATES, DATA_FOLDER, PREVIEWS, loaded_for, project_dir
from playbook.mkdocs_adapter.indexing import SiteIndexer, abandon_running
from playbook.model import KINDS
from playbook.render import Page
from playbook.schema import schema_files
from playbook.settings import SettingsError, check_environment

log = logging.getLogger("mkdocs.plugins.playbook")

if TYPE_CHECKING:
    import jinja2
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page as MkDocsPage


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Fail before MkDocs touches the site folder; give every kind of record its section in the nav."""
    try:
        check_environment()  # `mkdocs build` and `mkdocs serve` skip the CLI's check
    except SettingsError as exc:
        raise PluginError(str(exc)) from None
    loaded = loaded_for(config)
    # The warnings that `validate --strict` fails a pull request on, shown where editors look
    # (`make build`, `make serve`). As INFO, so that `--strict` previews still build.
    for problem in loaded.warnings:
        log.info(problem.text())
    if not config.edit_uri:
        log.info(
            "mkdocs.yml: warning: edit_uri: edit links are left out "
            "(set PLAYBOOK_EDIT_URI to the 'edit' address of this repository's main branch, ending in a slash)"
        )
    nav = config.nav
    if nav is not None:
        listed = json.dumps(nav)
        nav += [{kind.section: f"{kind.folder}/index.md"} for kind in KINDS if f'"{kind.folder}/index.md"' not in listed]
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    catalog = loaded_for(config).catalog
    for file in files.documentation_pages():
        file.edit_uri = f"docs/{file.src_uri}"
    in_docs = {file.src_uri for file in files}.__contains__  # before the core's pages are added
    makers = pages.makers(config, catalog, in_docs)
    if isinstance(catalog, reads.ReadingCatalog):  # a preview notes what each page reads
        for url, make in makers.items():
            with reads.reading(catalog, url):
                files.append(pages.generated_file(config, make(catalog)))
    else:
        for page in parallel.make_pages(makers, catalog).values():
            files.append(pages.generated_file(config, page))
    for name, content in sorted(schema_files().items()):  # editors' IDEs on the intranet read them here
        file = File.generated(config, f"schema/{name}", content=content, inclusion=InclusionLevel.NOT_IN_NAV)
        file.edit_uri = "playbook/model.py"
        files.append(file)
    return files


def on_pre_page(page: MkDocsPage, config: MkDocsConfig, files: Files) -> MkDocsPage:
    """A page made again (in a preview) starts without the blocks and reads of its last making."""
    if pages.CORE_PAGE not in page.file.__dict__:
        page.file.__dict__.pop(pages.BLOCKS_ATTRIBUTE, None)
        preview = PREVIEWS.get(project_dir(config))
        if preview is not None:
            reads.forget(preview.catalog, page.file.src_uri)
    return page


def on_page_content(html: str, page: MkDocsPage, config: MkDocsConfig, files: Files) -> str:
    """A generated page's HTML, headings and table of contents, as the core made it (Markdown had
    nothing to convert); on hand-written pages, the finished HTML blocks of macros put in place."""
    core: Page | None = page.file.__dict__.get(pages.CORE_PAGE)
    if core is None or not pages.writes_headings(config):
        return pages.fill(html, page.file)
    made = pages.content(core)
    page.toc = get_toc(made.toc_tokens)  # type: ignore[arg-type]  # Python-Markdown's tokens, as MkDocs takes them
    page.present_anchor_ids = made.anchors
    if made.title is not None:
        page.title = made.title
    return made.html


def on_env(env: jinja2.Environment, config: MkDocsConfig, files: Files) -> jinja2.Environment:
    """The theme's compiled templates kept between builds; the parts of a page made once per folder;
    search indexing started (Pagefind, beside the build: indexing.py), now that the pages are ready
    to be written. A preview indexes its site itself, after serving it."""
    env.bytecode_cache = COMPILED_TEMPLATES  # shared by every rebuild of `mkdocs serve`
    env.globals["playbook_once"] = theme.Once()  # this build's environment, this build's pages
    if project_dir(config) not in PREVIEWS:
        config.__dict__[INDEXER] = SiteIndexer(loaded_for(config).catalog)
    return env


def on_page_context(context: dict[str, Any], page: MkDocsPage, config: MkDocsConfig, nav: Navigation) -> dict[str, Any]:
    """Tell the theme whether this page's navigation, header and scripts are its folder's (theme.py)."""
    context["playbook_folder"] = theme.folder_key(page, nav)
    return context


#: The attribute of the build's MkDocs config that holds its search indexer.
INDEXER = "playbook_indexer"


def on_post_page(output: str, page: MkDocsPage, config: MkDocsConfig) -> str:
    """Hand the finished page to search."""
    indexer: SiteIndexer | None = config.__dict__.get(INDEXER)
    if indexer is not None:
        indexer.add(page.file.dest_uri, output)
    return output


def on_post_build(config: MkDocsConfig) -> None:
    """The search index, complete (the checklist items included), or the build fails."""
    indexer: SiteIndexer | None = config.__dict__.pop(INDEXER, None)
    if indexer is None:
        return
    try:
        indexer.finish(Path(config.site_dir))
    except search.SearchIndexError as exc:
        raise PluginError(str(exc)) from None


def on_build_error(error: Exception) -> None:
    """A failed build stops its indexing (the event does not say which build: builds in one process
    run one after the other, so it is the one running)."""
    abandon_running()


def on_serve(server: LiveReloadServer, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
    root = project_dir(config)
    server.watch(str(root / DATA_FOLDER))
    server.watch(str(root / "macros.py"))
    return server
