"""What the MkDocs hook and macros.py share: finding and loading the data for a site."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

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
