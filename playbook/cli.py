"""The editors' command line: `python -m playbook COMMAND`.

This module only parses arguments, calls the library and turns its errors into messages
and exit codes: 0 when all is well, 1 when the data or the build has problems, 2 on bad usage.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from .freshness import REVIEW_DAYS, overdue
from .model import ID_RE, KIND_BY_NAME
from .publish import PublishError, check_site_dir
from .schema import schema_files, write_schemas
from .settings import SettingsError, check_environment
from .skeleton import skeleton, stage_ids
from .validation import docs_pages, renames
from .validation.load import display_path, load
from .validation.problems import PlaybookError, Problem, visible

DATA_OPTION = click.option(
    "--data", "data_dir", default="playbook_data", show_default=True, type=click.Path(file_okay=False, path_type=Path), help="Folder of YAML records."
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Customer Obsession Playbook: check the YAML records and build the site."""


@main.command()
@DATA_OPTION
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "github"]),
    default="text",
    show_default=True,
    help="'github' prints workflow commands, so problems show on the changed lines of a pull request.",
)
@click.option("--strict", is_flag=True, help="Treat warnings (likely mistakes, such as a practice no checklist uses) as errors.")
@click.option(
    "--base",
    metavar="REF",
    default=None,
    help="Also warn when a function or checklist item id that exists in this git revision is gone, "
    "and no record lists it in 'formerly' (people's ticks would be lost).",
)
def validate(data_dir: Path, fmt: str, strict: bool, base: str | None) -> None:
    """Check every record, every reference between records and every macro call in docs/;
    print one line per problem.

    Errors fail (exit 1). Warnings point at likely mistakes and fail only with --strict.
    """
    try:
        loaded = load(data_dir)
        catalog, count, problems = loaded.catalog, loaded.catalog.count(), list(loaded.warnings)
    except PlaybookError as exc:
        catalog, count, problems = None, 0, exc.problems
    if data_dir.is_dir():  # the pages next to the data use its ids
        problems = [*problems, *docs_pages.check_pages(data_dir.parent / "docs", data_dir, display_path(data_dir.parent / "docs"))]
    if base and catalog is not None:
        try:
            problems += renames.removed_since(catalog, data_dir, base)
        except renames.BaseError as exc:
            problems.append(
                Problem(display_path(data_dir), 1, 1, "", f"cannot read {base}: {exc}", f"fetch it first, e.g. git fetch origin {base.split('/')[-1]}")
            )
    for problem in problems:
        click.echo(problem.github() if fmt == "github" else problem.text())
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    if errors or (strict and warnings):
        failing = errors + (warnings if strict else 0)
        click.echo(
            f"{_count(failing, 'problem')} in {data_dir}{' (--strict counts warnings)' if strict and warnings else ''}. "
            f"Fix {'it' if failing == 1 else 'them'} and run validate again.",
            err=True,
        )
        sys.exit(1)
    note = f", with {_count(warnings, 'warning')}" if warnings else ""
    click.echo(f"OK: {count} records in {data_dir} are valid{note}.", err=True)


@main.command(
    help=f"""Write a skeleton for a new record: KIND is one of {", ".join(KIND_BY_NAME)}; ID becomes its
    file name, e.g. listen-to-support-calls.

    Every required field is there with a comment that explains it; fill in each TODO, then
    run validate."""
)
@click.argument("kind", type=click.Choice(sorted(KIND_BY_NAME)), metavar="KIND")
@click.argument("record_id", metavar="ID")
@DATA_OPTION
def new(kind: str, record_id: str, data_dir: Path) -> None:
    model = KIND_BY_NAME[kind]
    if not ID_RE.match(record_id):
        raise click.ClickException(f"'{visible(record_id)}' is not a valid id: use lowercase letters, digits and single hyphens, e.g. listen-to-support-calls")
    path = data_dir / model.folder / f"{record_id}.yml"
    if path.exists():
        raise click.ClickException(f"{display_path(path)} already exists: choose another id, or edit that file")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(skeleton(model, dt.date.today(), stage_ids(data_dir)), encoding="utf-8")
    click.echo(f"Wrote {display_path(path)}. Fill in every TODO, then run: python -m playbook validate")


@main.command()
@DATA_OPTION
@click.option(
    "--days",
    default=REVIEW_DAYS,
    show_default=True,
    type=click.IntRange(min=0),
    help="A record is overdue when its last review is more than this many days old.",
)
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None, help="Count days up to this date (YYYY-MM-DD) instead of today.")
def stale(data_dir: Path, days: int, today: dt.datetime | None) -> None:
    """List records whose review is overdue, oldest first, with their owners."""
    try:
        catalog = load(data_dir).catalog
    except PlaybookError as exc:
        raise click.ClickException(f"the data has {_count(len(exc.problems), 'problem')}: run python -m playbook validate") from None
    day = today.date() if today else dt.date.today()
    late = overdue(catalog, day, days)
    for item in late:
        click.echo(f"{item.record.last_reviewed.isoformat()}  {item.days:>4} days  {item.path}  ({item.record.owner})")
    click.echo(
        f"{_count(len(late), 'record')} not reviewed in the last {days} days." if late else f"Every record was reviewed in the last {days} days.", err=True
    )


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'s' if n != 1 else ''}"


@main.command()
@click.option("--site-dir", default="site", show_default=True, type=click.Path(file_okay=False, path_type=Path), help="Where to write the site.")
@click.option("--config-file", default="mkdocs.yml", show_default=True, type=click.Path(dir_okay=False, path_type=Path), help="The MkDocs configuration.")
def build(site_dir: Path, config_file: Path) -> None:
    """Validate, then build the site as `mkdocs build --strict` does.

    The site is built in a folder beside the site and swapped into place only when the build
    succeeds, so a failed or interrupted build leaves the previous site untouched. A site folder
    that is, contains or lies inside the data, docs/, the sources or .git is refused (exit 2).
    """
    project_root = config_file.parent
    try:
        check_site_dir(site_dir, project_root)  # before anything else: refusing costs nothing
        check_environment()
    except (PublishError, SettingsError) as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(2)
    from .mkdocs_adapter.build import BuildFailed, build_site  # imports MkDocs: only this command needs it

    try:
        loaded = build_site(config_file, site_dir, shown=str(site_dir))
    except PlaybookError as exc:
        for problem in exc.problems:
            click.echo(problem.text())
        raise click.ClickException(
            f"not built: {_count(len(exc.problems), 'problem')} in {project_root / 'playbook_data'}; {site_dir}/ is unchanged."
        ) from None
    except BuildFailed as exc:
        raise click.ClickException(f"not built: {exc}; {site_dir}/ is unchanged.") from None
    except PublishError as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(exc.exit_code)
    for problem in loaded.warnings:
        click.echo(problem.text())
    click.echo(f"Built {site_dir}/", err=True)


@main.command()
@click.option("--out", default="schema", show_default=True, type=click.Path(file_okay=False, path_type=Path), help="Folder for the JSON Schema files.")
@click.option("--check", is_flag=True, help="Change nothing; exit 1 if the files differ from the model.")
def schema(out: Path, check: bool) -> None:
    """Regenerate the JSON Schema files that editors' IDEs use, from the model."""
    if check:
        stale = [name for name, text in schema_files().items() if not (out / name).is_file() or (out / name).read_text(encoding="utf-8") != text]
        if stale:
            raise click.ClickException(f"{', '.join(stale)} in {out}/ differ from the model: run python -m playbook schema")
        click.echo(f"{out} is up to date")
        return
    written = write_schemas(out)
    click.echo(f"{len(written)} schema file(s) updated in {out}" if written else f"{out} is up to date")
