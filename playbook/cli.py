"""The editors' command line: `python -m playbook COMMAND`.

This module only parses arguments, calls the library and turns its errors into messages
and exit codes: 0 when all is well, 1 when the data or the build has problems, 2 on bad usage.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import click

from .load import load_catalog, warnings_for
from .problems import PlaybookError
from .provenance import commit_epoch
from .schema import write_schemas

DATA_OPTION = click.option("--data", "data_dir", default="playbook_data", show_default=True,
                           type=click.Path(file_okay=False, path_type=Path), help="Folder of YAML records.")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Customer Obsession Playbook: check the YAML records and build the site."""


@main.command()
@DATA_OPTION
@click.option("--format", "fmt", type=click.Choice(["text", "github"]), default="text", show_default=True,
              help="'github' prints workflow commands, so problems show on the changed lines of a pull request.")
def validate(data_dir: Path, fmt: str) -> None:
    """Check every record and every reference between records; print one line per problem."""
    try:
        catalog = load_catalog(data_dir)
    except PlaybookError as exc:
        for problem in exc.problems:
            click.echo(problem.github() if fmt == "github" else problem.text())
        errors = sum(p.severity == "error" for p in exc.problems)
        click.echo(f"{errors} error{'s' if errors != 1 else ''} in {data_dir}. Fix them and run validate again.", err=True)
        sys.exit(1)
    for problem in warnings_for(catalog):
        click.echo(problem.github() if fmt == "github" else problem.text())
    click.echo(f"OK: {catalog.count()} records in {data_dir} are valid.", err=True)


@main.command()
@click.option("--site-dir", default="site", show_default=True, type=click.Path(file_okay=False, path_type=Path),
              help="Where to write the site.")
@click.option("--config-file", default="mkdocs.yml", show_default=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The MkDocs configuration.")
def build(site_dir: Path, config_file: Path) -> None:
    """Validate, then build the site with `mkdocs build --strict`.

    The site is built in a temporary folder and moved into place only when the build
    succeeds, so a failed build leaves the previous site untouched.
    """
    data_dir = config_file.parent / "playbook_data"
    try:
        load_catalog(data_dir)
    except PlaybookError as exc:
        for problem in exc.problems:
            click.echo(problem.text())
        raise click.ClickException(f"not built: {len(exc.problems)} problem(s) in {data_dir}; {site_dir}/ is unchanged.") from None
    shown = site_dir
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-", dir=site_dir.parent))
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1",
           "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH") or commit_epoch(config_file.parent)}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(config_file),
                             "--site-dir", str(staging)], env=env)
    if result.returncode != 0:
        shutil.rmtree(staging, ignore_errors=True)
        raise click.ClickException(f"not built: MkDocs reported the problems above; {shown}/ is unchanged.")
    old = site_dir.with_name(f".{site_dir.name}-old")
    shutil.rmtree(old, ignore_errors=True)
    if site_dir.exists():
        site_dir.rename(old)
    staging.rename(site_dir)
    shutil.rmtree(old, ignore_errors=True)
    click.echo(f"Built {shown}/", err=True)


@main.command()
@click.option("--out", default="schema", show_default=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the JSON Schema files.")
def schema(out: Path) -> None:
    """Regenerate the JSON Schema files that editors' IDEs use, from the model."""
    written = write_schemas(out)
    click.echo(f"{len(written)} schema file(s) updated in {out}" if written else f"{out} is up to date")
