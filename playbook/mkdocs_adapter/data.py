"""The project's data for a MkDocs configuration: found, loaded once per build, errors as one message."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import jinja2
from mkdocs.exceptions import PluginError

from ..validation import Report, validate
from ..validation.load import FileCache

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

DATA_FOLDER = "playbook_data"


def project_dir(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).resolve().parent


def loaded_for(config: MkDocsConfig) -> Report:
    """`validate`'s report on the project's data and pages (its catalog, its warnings), or a build
    error that lists every error, one per line. Warnings do not stop MkDocs itself: `mkdocs serve`
    is the preview; `playbook build` refuses them before MkDocs starts."""
    report = validate(project_dir(config) / DATA_FOLDER, config.docs_dir, cache=READ_FILES)
    if report.errors:
        count = len(report.errors)
        raise PluginError(f"the playbook data has {count} problem{'s' if count != 1 else ''}:\n" + "\n".join(p.text() for p in report.errors))
    return report


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
