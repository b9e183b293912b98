"""MkDocs hook: the generated pages, their edit links, search indexing and `mkdocs serve`'s watch list.

Every page is rendered by the core (`playbook.render`, on two cores where it can: parallel.py)
with mkdocs-macros switched off for it; its HTML, headings and table of contents go to the theme
without Markdown (pages.py), and its "edit this page" link points at the YAML file it is made
from. Hand-written pages in docs/ keep their own edit links. Pagefind indexes each page as MkDocs
finishes it (playbook.indexer.Session); the parts of a page that its folder shares are rendered
once (theme.py). In a preview (`playbook serve`) the catalog notes what each page reads (reads.py).
The hook keeps no state between builds but the caches in data.py; what one build needs (its
data, its search session) hangs on that build's MkDocs config.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.toc import get_toc

from playbook import indexer, lexicon, search

# Absolute imports: MkDocs loads a hook from its file path, outside its package.
from playbook.mkdocs_adapter import pages, parallel, reads, theme
from playbook.mkdocs_adapter.data import COMPILED_TEMPLATES, DATA_FOLDER, PREVIEWS, loaded_for, project_dir
from playbook.model import KINDS
from playbook.render import Page
from playbook.render.glossary import spell_out
from playbook.schema import schema_files
from playbook.settings import SettingsError, check_environment
from playbook.site_folder import PublishError, claim_for_engine, mark_for_engine
from playbook.validation import docs_html

log = logging.getLogger("mkdocs.plugins.playbook")

if TYPE_CHECKING:
    import jinja2
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page as MkDocsPage


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Fail before MkDocs touches the site folder; give every kind of record its section in the nav.

    MkDocs empties the site folder right after this event: a plain `mkdocs build -d DIR` gets the
    folder rule of `playbook build` here (site_folder.claim_for_engine), before anything is deleted."""
    try:
        claim_for_engine(Path(config.site_dir), project_dir(config), _shown(config))
    except PublishError as exc:
        raise PluginError(exc.message) from None
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


def _shown(config: MkDocsConfig) -> str:
    """The site folder as the person typed it, near enough: relative to where they are, if inside."""
    site_dir = Path(config.site_dir)
    return os.path.relpath(site_dir) if site_dir.is_relative_to(Path.cwd()) else str(site_dir)


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
    for file in files.documentation_pages():
        file.edit_uri = f"docs/{file.src_uri}"
    in_docs = {file.src_uri for file in files}.__contains__  # before the core's pages are added
    makers = pages.makers(config, catalog, in_docs)  # the data's date and the glossary's abbreviations, once per build
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
    nothing to convert); on hand-written pages, the finished HTML blocks of macros put in place.
    Either way, the abbreviations the glossary defines are marked up. A hand-written page whose
    HTML holds more than Markdown makes of text is never published, whatever let it through."""
    expansions = pages.abbreviations_for(config)
    core: Page | None = page.file.__dict__.get(pages.CORE_PAGE)
    if core is None and (active := docs_html.active_html(html)):  # before the macros' blocks, the core's HTML, go in
        raise PluginError(f"docs/{page.file.src_uri}:1:1: the page makes {active[0]}, which a page may not hold ({docs_html.HTML_HINT})")
    if core is None or not pages.writes_headings(config):
        return spell_out(pages.fill(html, page.file), expansions)
    made = pages.content(core)
    page.toc = get_toc(made.toc_tokens)  # type: ignore[arg-type]  # Python-Markdown's tokens, as MkDocs takes them
    page.present_anchor_ids = made.anchors
    if made.title is not None:
        page.title = made.title
    return spell_out(made.html, expansions)


def on_env(env: jinja2.Environment, config: MkDocsConfig, files: Files) -> jinja2.Environment:
    """The theme's compiled templates kept between builds; the parts of a page made once per folder;
    search indexing started (Pagefind, beside the build), now that the pages are ready to be
    written. A preview indexes its site itself, after serving it."""
    try:  # MkDocs writes the site from here on: the folder on_config accepted is marked as this tool's
        mark_for_engine(Path(config.site_dir), _shown(config))
    except PublishError as exc:
        raise PluginError(exc.message) from None
    env.bytecode_cache = COMPILED_TEMPLATES  # shared by every rebuild of `mkdocs serve`
    env.globals["playbook_once"] = theme.Once()  # this build's environment, this build's pages
    if project_dir(config) not in PREVIEWS:
        config.__dict__[SEARCH_SESSION] = indexer.Session(loaded_for(config).catalog)
    return env


def on_page_context(context: dict[str, Any], page: MkDocsPage, config: MkDocsConfig, nav: Navigation) -> dict[str, Any]:
    """Tell the theme whether this page's navigation, header and scripts are its folder's (theme.py)."""
    context["playbook_folder"] = theme.folder_key(page, nav)
    return context


#: The attribute of the build's MkDocs config that holds its search session.
SEARCH_SESSION = "playbook_search"


def on_post_page(output: str, page: MkDocsPage, config: MkDocsConfig) -> str:
    """Hand the finished page to search."""
    session: indexer.Session | None = config.__dict__.get(SEARCH_SESSION)
    if session is not None:
        session.add(page.file.dest_uri, output)
    return output


def on_post_build(config: MkDocsConfig) -> None:
    """The search index, complete (the checklist items and glossary terms included), or the build
    fails; then the lexicon the browser reads to understand a query."""
    session: indexer.Session | None = config.__dict__.pop(SEARCH_SESSION, None)
    if session is None:
        return
    try:
        session.finish(Path(config.site_dir))
        lexicon.write_lexicon(Path(config.site_dir), loaded_for(config).catalog)
    except search.SearchIndexError as exc:
        raise PluginError(str(exc)) from None


def on_build_error(error: Exception) -> None:
    """A failed build stops its indexing (the event does not say which build: builds in one process
    run one after the other, so it is the one running)."""
    indexer.abandon_running()


def on_serve(server: LiveReloadServer, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
    root = project_dir(config)
    server.watch(str(root / DATA_FOLDER))
    server.watch(str(root / "macros.py"))
    return server
