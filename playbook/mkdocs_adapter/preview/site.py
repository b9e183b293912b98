"""The preview's site: built in full by MkDocs once, then remade page by page as the data changes.

A full build is MkDocs' own (`mkdocs.commands.build.build`, as `mkdocs build --strict` runs it),
into a new folder, with a plugin of ours that keeps what the build made (files, navigation,
theme environment). After that, a change under playbook_data/ is validated (`data.check`, the
same verdict as `validate`), compared with the data before it (`reads.changes`), and only the
pages that read what changed are made again: the core remakes them, and those whose HTML
differs (plus the hand-written pages whose macros read what changed) go through MkDocs' own
page steps and the theme again, each file replaced in one rename. A record added or removed
adds or removes its pages and rewrites the sitemap. Anything else (mkdocs.yml, docs/,
overrides/, macros.py) gets a full build, with the configuration read again.

While the data or a build has problems, the last good site stays as it is and `problems`
says why; no request ever waits for a build (see server.py).
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.commands import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, BuildError, ConfigurationError, PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files, InclusionLevel
from mkdocs.structure.pages import Page as MkDocsPage

from ... import indexer, lexicon, search
from ...render import Page
from ...settings import SettingsError, data_epoch
from ...validation import Report
from .. import pages, reads
from ..data import DATA_FOLDER, PREVIEWS, FileCache, ProjectData, check

if TYPE_CHECKING:
    import jinja2
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File
    from mkdocs.structure.nav import Navigation

log = logging.getLogger("mkdocs")


@dataclass(frozen=True)
class Snapshot:
    """What the server shows: the last good site (None before the first), the problems that keep
    the newest data from it (lines as `validate` prints them), and a version that changes whenever
    either does (the browser reloads then)."""

    site: Path | None = None
    problems: tuple[str, ...] = ()
    version: int = 0
    building: bool = True


@dataclass
class Outcome:
    """What one save did, for the one line the terminal prints."""

    ok: bool
    remade: int = 0
    full: bool = False
    records: int = 0
    seconds: float = 0.0
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    last_good: bool = True  # a good version of the site is being shown


class _Keeper(BasePlugin):
    """Keeps what a full build made, for the page-by-page updates that follow."""

    files: Files
    nav: Navigation
    env: jinja2.Environment

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        self.files = files
        return files

    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        self.nav = nav
        return nav

    def on_env(self, env: jinja2.Environment, config: MkDocsConfig, files: Files) -> jinja2.Environment:
        self.env = env
        return env


class PreviewSite:
    """The site a preview serves, kept up to date with the project's files."""

    def __init__(self, config_file: Path, site_url: str, work: Path) -> None:
        self.config_file = config_file.resolve()
        self.project = self.config_file.parent
        self.site_url = site_url
        self.work = work  # where the site folders live, outside the project
        self.cache = FileCache()
        self._given_epoch = os.environ.get("SOURCE_DATE_EPOCH") or ""
        self.reads = reads.PageReads()
        self.snapshot = Snapshot()
        self._built: _Built | None = None
        self._needs_full = True  # no build yet, or the last full build failed: the next change builds everything
        self.index_wanted = 0  # the snapshot version whose pages search has not indexed yet
        self._index_order: list[str] = []  # the pages, as a build hands them to search (indexer.Session)
        self.idle = threading.Event()  # clear while a save is being taken in: search waits, pages come first
        self.idle.set()

    # Full builds -------------------------------------------------------------------------------

    def build_all(self) -> Outcome:
        """Validate, then build the whole site into a new folder and serve it; on problems keep the last."""
        self.idle.clear()
        try:
            return self._build_all()
        finally:
            self.idle.set()

    def _build_all(self) -> Outcome:
        start = time.perf_counter()
        self._needs_full = True
        verdict = check(self.project, self.cache)
        if verdict.errors:
            return self._problems(verdict, start)
        try:
            os.environ["SOURCE_DATE_EPOCH"] = self._epoch(verdict)
        except SettingsError as exc:
            return self._failed([str(exc)], verdict, start)
        folder = Path(tempfile.mkdtemp(prefix="site-", dir=self.work))
        self.reads = reads.PageReads()
        data = ProjectData(verdict)
        data.with_catalog(reads.ReadingCatalog.of_catalog(verdict.catalog, self.reads))
        PREVIEWS[self.project] = data
        keeper, failures = _Keeper(), _Failures()
        logging.getLogger("mkdocs").addHandler(failures)
        try:
            config = load_config(str(self.config_file), site_dir=str(folder))
            config.site_url = self.site_url
            config.plugins["playbook-preview"] = keeper
            mkdocs_build.build(config)
        except (Abort, BuildError, ConfigurationError, PluginError, OSError) as exc:
            shutil.rmtree(folder, ignore_errors=True)
            if self._built is not None:
                PREVIEWS[self.project] = self._built.data
            else:
                PREVIEWS.pop(self.project, None)
            return self._failed(failures.lines or [str(exc)], verdict, start)
        finally:
            logging.getLogger("mkdocs").removeHandler(failures)
        old, self._built, self._needs_full = self._built, _Built(config, keeper.files, keeper.nav, keeper.env, data), False
        self._publish(folder)
        if old is not None:
            shutil.rmtree(old.config.site_dir, ignore_errors=True)
        return Outcome(True, len(keeper.files.documentation_pages()), True, verdict.catalog.count(), time.perf_counter() - start, [], _texts(verdict.warnings))

    # Changes to the data -----------------------------------------------------------------------

    def update(self, saved: tuple[str, ...] = ()) -> Outcome:
        """Bring the site up to date after the files `saved` (relative to the project) changed:
        remake the pages that read what changed in the data, and the hand-written pages saved.
        Anything else (a page added to docs/ or removed, a page's new title, the theme, the
        configuration) builds everything again."""
        self.idle.clear()
        try:
            return self._update(saved)
        finally:
            self.idle.set()

    def _update(self, saved: tuple[str, ...]) -> Outcome:
        built = self._built
        docs = [p for p in saved if not p.startswith(f"{DATA_FOLDER}/")]
        edited = [built.files.get_file_from_path(p.removeprefix("docs/")) for p in docs] if built is not None else []
        if built is None or self._needs_full or any(not p.startswith("docs/") or not p.endswith(".md") for p in docs):
            return self._build_all()
        if any(file is None or file.generated_by is not None or not Path(file.abs_src_path or "").is_file() for file in edited):
            return self._build_all()
        start = time.perf_counter()
        verdict = check(self.project, self.cache)
        if verdict.errors:
            return self._problems(verdict, start)
        config, old = built.config, built.data.catalog
        try:
            shared = self._epoch(verdict) != os.environ.get("SOURCE_DATE_EPOCH") or pages.shared_changes(config, verdict.catalog)
        except SettingsError:
            shared = True
        if shared:  # the data's date or the glossary's abbreviations changed: every page changes
            return self._build_all()
        new = reads.ReadingCatalog.of_catalog(verdict.catalog, self.reads)
        changed = reads.changes(old, new)
        built.data.report = verdict
        built.data.with_catalog(new)
        makers = pages.makers(config, new, built.in_docs)
        reached = self.reads.reached(changed)
        generated = built.generated()
        before = set(generated)
        to_write: list[MkDocsPage] = []
        for url in [u for u in generated if u not in makers]:
            self._remove(built, generated.pop(url))
        for url, make in makers.items():
            file = generated.get(url)
            if file is not None and url not in reached:
                continue
            with reads.reading(new, url):
                page = make(new)
            if file is None:
                file = pages.generated_file(config, page)
                MkDocsPage(None, file, config)
                generated[url] = file
            elif file.__dict__.get(pages.CORE_PAGE) == page:
                continue  # it read what changed, but looks the same
            pages.set_page(config, file, page)
            to_write.append(_page(file))
        membership = set(generated) != before
        if membership:
            built.files = built.reordered(generated, makers)
        saved_pages = {file.src_uri for file in edited if file is not None}
        for file in built.files.documentation_pages():
            if file.generated_by is None and (file.src_uri in reached or file.src_uri in saved_pages):
                doc = _page(file)
                was = (doc.content, doc.title)
                self._populate(built, doc)
                if doc.title != was[1]:
                    return self._build_all()  # its title is in the navigation of every page
                if doc.content != was[0]:
                    to_write.append(doc)
        for done in to_write:
            if pages.CORE_PAGE in done.file.__dict__:
                self._populate(built, done)
            self._write(built, done)
        if membership:
            mkdocs_build._build_theme_template("sitemap.xml", built.env, built.files, config, built.nav)
        if to_write or membership or self.snapshot.problems:
            self._publish(Path(config.site_dir))
        return Outcome(True, len(to_write), False, new.count(), time.perf_counter() - start, [], _texts(verdict.warnings))

    # Steps ------------------------------------------------------------------------------------

    def _epoch(self, verdict: Report) -> str:
        """The data's time, as `playbook build` sets SOURCE_DATE_EPOCH (settings.data_epoch): as it
        was given when the preview started, else the last commit's, else the newest review's."""
        return self._given_epoch or data_epoch(self.project, verdict.catalog)

    def _populate(self, built: _Built, page: MkDocsPage) -> None:
        """MkDocs' own steps from source to HTML (its hooks and mkdocs-macros included)."""
        mkdocs_build._populate_page(page, built.config, built.files)

    def _write(self, built: _Built, page: MkDocsPage) -> None:
        """The page through the theme, as `mkdocs build` does it, written in one rename."""
        config = built.config
        config._current_page = page
        page.active = True
        try:
            context = mkdocs_build.get_context(built.nav, built.doc_files(), config, page)
            template = built.env.get_template(page.meta.get("template", "main.html"))
            context = config.plugins.on_page_context(context, page=page, config=config, nav=built.nav)
            output = config.plugins.on_post_page(template.render(context), page=page, config=config)
        finally:
            page.active = False
            config._current_page = None
        _write_file(Path(page.file.abs_dest_path), output.encode("utf-8", errors="xmlcharrefreplace"))

    def _remove(self, built: _Built, file: File) -> None:
        built.files.remove(file)
        self.reads.by_page.pop(file.url, None)
        path = Path(file.abs_dest_path)
        path.unlink(missing_ok=True)
        site = Path(built.config.site_dir)
        for folder in path.parents:
            if folder == site or not folder.is_relative_to(site):
                break
            try:
                folder.rmdir()
            except OSError:
                break

    def _publish(self, site: Path) -> None:
        if self._built is not None:
            self._index_order = [f.dest_uri for f in self._built.doc_files()]
        self.snapshot = Snapshot(site, (), self.snapshot.version + 1, building=False)
        self.index_wanted = self.snapshot.version

    def _problems(self, verdict: Report, start: float) -> Outcome:
        lines = tuple(_texts(verdict.errors))
        self.snapshot = Snapshot(self.snapshot.site, lines, self.snapshot.version + (lines != self.snapshot.problems), building=False)
        shown = self.snapshot.site is not None
        return Outcome(False, seconds=time.perf_counter() - start, problems=list(lines), warnings=_texts(verdict.warnings), last_good=shown)

    def _failed(self, lines: list[str], verdict: Report, start: float) -> Outcome:
        problems = tuple(lines)
        self.snapshot = Snapshot(self.snapshot.site, problems, self.snapshot.version + (problems != self.snapshot.problems), building=False)
        return Outcome(False, seconds=time.perf_counter() - start, problems=lines, warnings=_texts(verdict.warnings), last_good=self.snapshot.site is not None)

    def fail(self, lines: list[str]) -> Outcome:
        """Keep serving the last good site, with `lines` as its problems (an unexpected failure)."""
        self._needs_full = True
        problems = tuple(lines)
        self.snapshot = Snapshot(self.snapshot.site, problems, self.snapshot.version + 1, building=False)
        return Outcome(False, problems=lines, last_good=self.snapshot.site is not None)

    def index_search(self) -> None:
        """Index the served site for search into a new folder, then put it in place of the old index;
        then write the lexicon, which reads the pages' words, as a build does after its index."""
        snapshot, data = self.snapshot, PREVIEWS.get(self.project)
        if snapshot.site is None or data is None:
            return
        fresh, live, old = (snapshot.site / name for name in (".pagefind-new", "pagefind", ".pagefind-old"))
        shutil.rmtree(fresh, ignore_errors=True)
        try:
            indexer.index_folder(snapshot.site, self._index_order, data.catalog, fresh, before_each=self.idle.wait)
        except (search.SearchIndexError, OSError):
            if self.snapshot.site != snapshot.site:
                return  # a full build replaced the site meanwhile: its own index follows
            raise
        shutil.rmtree(old, ignore_errors=True)
        if live.exists():
            os.rename(live, old)
        os.rename(fresh, live)
        shutil.rmtree(old, ignore_errors=True)
        self.idle.wait()
        lexicon.write_lexicon(snapshot.site, data.catalog)

    def close(self) -> None:
        if PREVIEWS.get(self.project) is not None:
            del PREVIEWS[self.project]


@dataclass
class _Built:
    """A full build's MkDocs objects, kept for the updates that follow it."""

    config: MkDocsConfig
    files: Files
    nav: Navigation
    env: jinja2.Environment
    data: ProjectData

    def generated(self) -> dict[str, File]:
        """The core's pages, by address, in site order."""
        return {file.url: file for file in self.files if pages.CORE_PAGE in file.__dict__}

    def in_docs(self, path: str) -> bool:
        """Whether docs/ has this page (the core's own pages are not docs/'s)."""
        file = self.files.get_file_from_path(path)
        return file is not None and file.generated_by is None

    def doc_files(self) -> list[File]:
        return list(self.files.documentation_pages(inclusion=InclusionLevel.is_included))

    def reordered(self, generated: dict[str, File], makers: dict[str, Any]) -> Files:
        """The files in the order a full build gives them: the sitemap lists pages in that order."""
        mine = set(map(id, generated.values()))
        ordered = [f for f in self.files if id(f) not in mine and not _is_schema(f)]
        ordered += [generated[url] for url in makers if url in generated]
        ordered += [f for f in self.files if _is_schema(f)]
        return Files(ordered)


class _Failures(logging.Handler):
    """The warnings and errors a build logs: what keeps the site from being built."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


def _page(file: File) -> MkDocsPage:
    assert file.page is not None
    return file.page


def _is_schema(file: File) -> bool:
    return file.generated_by is not None and file.src_uri.startswith("schema/")


def _texts(problems: tuple[Any, ...]) -> list[str]:
    return [p.text() for p in problems]


def _write_file(path: Path, content: bytes) -> None:
    """Replace `path` in one rename: a request never reads half a page."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temp.write_bytes(content)
    os.chmod(temp, 0o644)
    os.replace(temp, path)


__all__ = ["DATA_FOLDER", "Outcome", "Page", "PreviewSite", "Snapshot"]
