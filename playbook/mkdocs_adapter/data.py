"""The project's data for a MkDocs configuration: found, loaded once per build (or kept up to date
by a running preview), errors as one message. The adapter's only calls to the data layer are here
(`loaded_for` for a build, `check` for `validate`'s whole report in a preview)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2
from mkdocs.exceptions import PluginError

from ..catalog import Catalog
from ..settings import SettingsError, data_date
from ..validation import Report, validate
from ..validation.load import FileCache

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

DATA_FOLDER = "playbook_data"


def project_dir(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).resolve().parent


def check(project: Path, cache: FileCache | None = None) -> Report:
    """`validate`'s report on the project's data and on the macro calls in its docs pages, problems
    in the order and words it prints them. With a `cache`, only changed files are read again."""
    return validate(project / DATA_FOLDER, project / "docs", cache=cache)


def loaded_for(config: MkDocsConfig) -> Report:
    """`validate`'s report on the project's data and pages (its catalog, its warnings), or a build
    error that lists every error, one per line. Warnings do not stop MkDocs itself: `mkdocs serve`
    is a preview; `playbook build` refuses them before MkDocs starts.

    Read once per build (the hook and the macros ask at every step); a running preview's builds
    get the data it validated (see PREVIEWS)."""
    preview = PREVIEWS.get(project_dir(config))
    if preview is not None:
        return preview.report
    report: Report | None = config.__dict__.get(_LOADED)
    if report is not None:
        return report
    report = validate(project_dir(config) / DATA_FOLDER, config.docs_dir, cache=READ_FILES)
    if report.errors:
        count = len(report.errors)
        raise PluginError(f"the playbook data has {count} problem{'s' if count != 1 else ''}:\n" + "\n".join(p.text() for p in report.errors))
    config.__dict__[_LOADED] = report
    return report


def data_date_for(config: MkDocsConfig, catalog: Catalog) -> dt.date:
    """The date of the data (settings.data_date), or a build error naming the setting or commit date that is wrong."""
    try:
        return data_date(project_dir(config), catalog)
    except SettingsError as exc:
        raise PluginError(str(exc)) from None


#: The attribute of a build's MkDocs config that holds the data it was built from.
_LOADED = "playbook_loaded"


class ProjectData:
    """The validated data a build reads. A preview replaces `report` after each good save, and the
    macros, which the build sets up once, read the catalog through this."""

    def __init__(self, report: Report) -> None:
        self.report = report

    @property
    def catalog(self) -> Catalog:
        return self.report.catalog

    def with_catalog(self, catalog: Catalog) -> None:
        """Keep `report` but read its records from `catalog` (a preview's, which notes its reads)."""
        self.report = dataclasses.replace(self.report, loaded=catalog)


#: The data of each running preview (`playbook serve`), by project folder.
PREVIEWS: dict[Path, ProjectData] = {}


def data_for(config: MkDocsConfig) -> ProjectData:
    """The data a build of `config` reads: a running preview's, or the project's, loaded now."""
    return PREVIEWS.get(project_dir(config)) or ProjectData(loaded_for(config))


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
