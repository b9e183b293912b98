"""Building the site: validate, run MkDocs into a staging folder, then put it in place."""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from ..indexer import abandon_running
from ..publish import publish
from ..settings import data_epoch
from ..validation import Refused, Report, validate
from .data import DATA_FOLDER, READ_FILES


class BuildFailed(Exception):
    """The site was not built; the message says why, and the previous site is untouched."""


def build_site(config_file: Path, site_dir: Path, shown: str | None = None, *, draft: bool = False) -> Report:
    """Validate the data and pages next to `config_file`, then build the site into `site_dir` as
    `mkdocs build --strict` does, and put it in place (playbook.publish: locked, atomic,
    world-readable, never over the sources). Raises Refused when the data does not pass
    `validate`'s verdict (errors, and warnings unless `draft`), BuildFailed when MkDocs reports
    problems and PublishError when the folder cannot be used; whatever happens, the previous site
    is left as it was.

    MkDocs runs in this process, so its hook and macros reuse the files read here.
    """
    project = config_file.parent
    with _fewer_collections():
        report = validate(project / DATA_FOLDER, project / "docs", cache=READ_FILES)
        if not report.passes(draft=draft):
            raise Refused(report, draft=draft)

        def build_into(staging: Path) -> None:
            with _build_environment(project, data_epoch(project, report.catalog)):
                try:
                    _mkdocs_build(config_file, staging)
                finally:  # failed or interrupted (MkDocs tells its hooks of neither Ctrl-C): no Pagefind left running
                    abandon_running()

        publish(site_dir, project, build_into, shown=shown)
    return report


@contextmanager
def _fewer_collections() -> Iterator[None]:
    """Python's cycle collector, told that a build keeps what it makes: what was imported before
    is set aside for good (gc.freeze), and it runs after 50,000 new objects instead of 700. It
    took 5-8% of a 1,000-record build's time, for no memory: the build's objects live until it ends.
    """
    threshold = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(50_000, 20, 20)
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()


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
