"""Building the site: validate, run MkDocs into a staging folder, then put it in place."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from ..publish import publish
from ..settings import data_epoch
from ..validation.load import Loaded, load
from .data import DATA_FOLDER, READ_FILES


class BuildFailed(Exception):
    """The site was not built; the message says why, and the previous site is untouched."""


def build_site(config_file: Path, site_dir: Path, shown: str | None = None) -> Loaded:
    """Validate the data next to `config_file`, then build the site into `site_dir` as
    `mkdocs build --strict` does, and put it in place (playbook.publish: locked, atomic,
    world-readable, never over the sources). Raises PlaybookError for bad data, BuildFailed
    when MkDocs reports problems and PublishError when the folder cannot be used; whatever
    happens, the previous site is left as it was.

    MkDocs runs in this process, so its hook and macros reuse the catalog loaded here.
    """
    loaded = load(config_file.parent / DATA_FOLDER, READ_FILES)

    def build_into(staging: Path) -> None:
        with _build_environment(config_file.parent, data_epoch(config_file.parent, loaded.catalog)):
            _mkdocs_build(config_file, staging)

    publish(site_dir, config_file.parent, build_into, shown=shown)
    return loaded


@contextmanager
def _build_environment(project: Path, epoch: str) -> Iterator[None]:
    """The environment MkDocs reads while it builds, restored afterwards.

    An empty PLAYBOOK_* variable (an unset CI variable, say) means "use the default in
    mkdocs.yml"; SOURCE_DATE_EPOCH is the data's time (settings.data_epoch), for reproducible output.
    """
    saved = dict(os.environ)
    try:
        for name in [k for k, v in os.environ.items() if k.startswith("PLAYBOOK_") and not v]:
            del os.environ[name]
        os.environ["NO_MKDOCS_2_WARNING"] = "1"
        os.environ["SOURCE_DATE_EPOCH"] = epoch
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


def _mkdocs_build(config_file: Path, site_dir: Path) -> None:
    from mkdocs.__main__ import cli as mkdocs_cli  # MkDocs' own command, so its log lines look as editors know them

    try:
        mkdocs_cli.main(["build", "--strict", "--config-file", str(config_file), "--site-dir", str(site_dir)], prog_name="mkdocs", standalone_mode=False)
    except click.ClickException as exc:
        exc.show()
        raise BuildFailed("MkDocs reported the problems above") from None
    except SystemExit as exc:
        if exc.code not in (0, None):
            raise BuildFailed("MkDocs reported the problems above") from None
