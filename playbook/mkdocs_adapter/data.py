"""The project's data for a MkDocs configuration: found, loaded once per build (or kept up to date
by a running preview), errors as one message. The adapter's only calls to the data layer are here
(`validated` for a build, `check` for `validate`'s whole verdict in a preview)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2
from mkdocs.exceptions import PluginError

from .. import docs_check
from ..catalog import Catalog
from ..load import FileCache, Loaded, display_path, load
from ..problems import PlaybookError, Problem

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

DATA_FOLDER = "playbook_data"


def project_dir(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).resolve().parent


def validated(project: Path) -> Loaded:
    """The project's data, validated (unchanged files read once per process), or PlaybookError."""
    return load(project / DATA_FOLDER, READ_FILES)


def loaded_for(config: MkDocsConfig) -> Loaded:
    """The validated catalog and its warnings, or a build error that lists every problem, one per line.

    A running preview's builds get the data it validated (see PREVIEWS)."""
    preview = PREVIEWS.get(project_dir(config))
    if preview is not None:
        return preview.loaded
    loaded: Loaded | None = config.__dict__.get(_LOADED)
    if loaded is not None:  # once per build: the hook and the macros ask for it at every step
        return loaded
    try:
        loaded = config.__dict__[_LOADED] = validated(project_dir(config))
        return loaded
    except PlaybookError as exc:
        count = len(exc.problems)
        raise PluginError(f"the playbook data has {count} problem{'s' if count != 1 else ''}:\n{exc}") from None


#: The attribute of a build's MkDocs config that holds the data it was built from.
_LOADED = "playbook_loaded"


class ProjectData:
    """The validated data a build reads. A preview replaces `loaded` after each good save, and the
    macros, which the build sets up once, read the catalog through this."""

    def __init__(self, loaded: Loaded) -> None:
        self.loaded = loaded

    @property
    def catalog(self) -> Catalog:
        return self.loaded.catalog


#: The data of each running preview (`playbook serve`), by project folder.
PREVIEWS: dict[Path, ProjectData] = {}


def data_for(config: MkDocsConfig) -> ProjectData:
    """The data a build of `config` reads: a running preview's, or the project's, loaded now."""
    return PREVIEWS.get(project_dir(config)) or ProjectData(loaded_for(config))


@dataclass(frozen=True)
class Verdict:
    """What `validate` says of a project: the catalog (None when there are errors) and every problem."""

    loaded: Loaded | None
    problems: tuple[Problem, ...]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity != "error"]


def check(project: Path, cache: FileCache | None = None) -> Verdict:
    """`validate`'s verdict on the project's data and on the macro calls in its docs pages, problems
    in the order and words it prints them. With a `cache`, only changed files are read again."""
    data_dir = project / DATA_FOLDER
    try:
        loaded: Loaded | None = load(data_dir, cache)
        problems = list(loaded.warnings) if loaded else []
    except PlaybookError as exc:
        loaded, problems = None, list(exc.problems)
    docs = project / "docs"
    problems += docs_check.check_pages(docs, data_dir, display_path(docs))
    if any(p.severity == "error" for p in problems):
        loaded = None
    return Verdict(loaded, tuple(problems))


#: Files read by this process. MkDocs loads the hook and macros once per process, and the hook,
#: the macros and every rebuild of `mkdocs serve` share this: unchanged files are read once.
READ_FILES = FileCache()


class _CompiledTemplates(jinja2.BytecodeCache):
    """Compiled theme templates, kept in memory for the life of the process.

    MkDocs makes a new Jinja environment for every build, so `mkdocs serve` compiled all of
    Material's templates again after each save: about a third of a rebuild of the shipped
    playbook. Jinja checks each template's source checksum, so an edited override recompiles.
    """

    def __init__(self) -> None:
        self._code: dict[str, tuple[str, bytes]] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        kept = self._code.get(bucket.key)
        if kept and kept[0] == bucket.checksum:
            bucket.bytecode_from_string(kept[1])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = (bucket.checksum, bucket.bytecode_to_string())


COMPILED_TEMPLATES = _CompiledTemplates()
