"""Building the site: validate, run MkDocs into a staging folder, then put it in place."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from ..load import Loaded, load
from ..provenance import commit_epoch
from .data import DATA_FOLDER, READ_FILES


class BuildFailed(Exception):
    """The site was not built; the message says why, and the previous site is untouched."""


def build_site(config_file: Path, site_dir: Path) -> Loaded:
    """Validate the data next to `config_file`, then build the site into `site_dir` as
    `mkdocs build --strict` does. Raises PlaybookError for bad data and BuildFailed when
    MkDocs reports problems; either way the previous site is left as it was.

    MkDocs runs in this process, so its hook and macros reuse the catalog loaded here.
    """
    loaded = load(config_file.parent / DATA_FOLDER, READ_FILES)
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-", dir=site_dir.parent))
    try:
        with _build_environment(config_file.parent):
            _mkdocs_build(config_file, staging)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    old = site_dir.with_name(f".{site_dir.name}-old")
    shutil.rmtree(old, ignore_errors=True)
    if site_dir.exists():
        site_dir.rename(old)
    staging.rename(site_dir)
    shutil.rmtree(old, ignore_errors=True)
    return loaded


@contextmanager
def _build_environment(project: Path) -> Iterator[None]:
    """The environment MkDocs reads while it builds, restored afterwards.

    An empty PLAYBOOK_* variable (an unset CI variable, say) means "use the default in
    mkdocs.yml"; SOURCE_DATE_EPOCH defaults to the last commit, for reproducible output.
    """
    saved = dict(os.environ)
    try:
        for name in [k for k, v in os.environ.items() if k.startswith("PLAYBOOK_") and not v]:
            del os.environ[name]
        os.environ["NO_MKDOCS_2_WARNING"] = "1"
        os.environ["SOURCE_DATE_EPOCH"] = os.environ.get("SOURCE_DATE_EPOCH") or commit_epoch(project)
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


def _mkdocs_build(config_file: Path, site_dir: Path) -> None:
    from mkdocs.__main__ import cli as mkdocs_cli  # MkDocs' own command, so its log lines look as editors know them

    try:
        mkdocs_cli.main(["build", "--strict", "--config-file", str(config_file), "--site-dir", str(site_dir)],
                        prog_name="mkdocs", standalone_mode=False)
    except click.ClickException as exc:
        exc.show()
        raise BuildFailed("MkDocs reported the problems above") from None
    except SystemExit as exc:
        if exc.code not in (0, None):
            raise BuildFailed("MkDocs reported the problems above") from None
