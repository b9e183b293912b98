"""What the MkDocs hook and macros.py share: finding and loading the data for a site."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import jinja2
from mkdocs.exceptions import PluginError

from .catalog import Catalog
from .load import load_catalog
from .problems import PlaybookError

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

DATA_FOLDER = "playbook_data"


def project_dir(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).resolve().parent


def catalog_for(config: MkDocsConfig) -> Catalog:
    """The validated catalog, or a build error that lists every problem, one per line."""
    try:
        return load_catalog(project_dir(config) / DATA_FOLDER)
    except PlaybookError as exc:
        count = len(exc.problems)
        raise PluginError(f"the playbook data has {count} problem{'s' if count != 1 else ''}:\n{exc}") from None


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
