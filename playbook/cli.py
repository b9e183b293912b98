"""The editors' command line: `python -m playbook COMMAND`.

This module only parses arguments, calls the library and turns its errors into messages
and exit codes: 0 when all is well, 1 when the data or the build has problems, 2 on bad usage.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path

import click

from .freshness import REVIEW_DAYS, overdue
from .model import KIND_BY_NAME
from .publish import PublishError, check_site_dir
from .schema import stale_schemas, write_schemas
from .settings import SettingsError, check_environment, given_date, whole_days
from .skeleton import SkeletonError, write_skeleton
from .validation import PlaybookError, Refused, renames, validate
from .validation.load import display_path
from .validation.report import count

DATA_OPTION = click.option(
    "--data", "data_dir", default="playbook_data", show_default=True, type=click.Path(file_okay=False, path_type=Path), help="Folder of YAML records."
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Customer Obsession Playbook: check the YAML records and build the site."""


@main.command("validate")
@DATA_OPTION
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "github"]),
    default="text",
    show_default=True,
    help="'github' prints workflow commands, so problems show on the changed lines of a pull request.",
)
@click.option(
    "--draft",
    is_flag=True,
    help="For work in progress on your machine: warnings are printed but do not fail. The pull request never uses it.",
)
@click.option("--strict", is_flag=True, hidden=True, help="Warnings fail: the default, accepted so that older scripts keep working.")
@click.option(
    "--base",
    metavar="REF",
    default=None,
    callback=lambda ctx, param, value: _revision(ctx, value),
    help="Also note each function or checklist item id that exists in this git revision, is gone now, "
    "and that no record lists in 'formerly' (people's ticks would be lost). A note never fails.",
)
def validate_command(data_dir: Path, fmt: str, draft: bool, strict: bool, base: str | None) -> None:
    """Check every record, every reference between records and every macro call in docs/;
    print one line per problem, then the verdict.

    Errors and warnings fail (exit 1), as they fail the pull request: "OK" means it will pass.
    """
    if draft and strict:
        raise click.UsageError("--draft and --strict contradict each other: use one")
    report = validate(data_dir, data_dir.parent / "docs", base)
    for problem in report.problems:
        click.echo(problem.github() if fmt == "github" else problem.text())
    click.echo(report.summary(draft=draft), err=True)
    if not report.passes(draft=draft):
        sys.exit(1)


def _revision(ctx: click.Context, value: str | None) -> str | None:
    """--base checked before anything runs: a value that cannot name a revision is one line and
    exit 2, and never reaches git (where '--output=x' would be an option)."""
    if value is None:
        return None
    try:
        return renames.check_revision(value)
    except renames.RevisionError as exc:
        click.echo(f"Error: --base {exc}", err=True)
        ctx.exit(2)


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
    try:
        path = write_skeleton(KIND_BY_NAME[kind], record_id, data_dir, dt.date.today())
    except SkeletonError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Wrote {display_path(path)}. Fill in every TODO, then run: python -m playbook validate")


class _Checked(click.ParamType):
    """An option's value checked by the rule that settings.py applies to every number and date from outside."""

    def __init__(self, name: str, check: Callable[[str], object]) -> None:
        self.name, self.check = name, check

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None) -> object:
        if not isinstance(value, str):  # a default, already a value
            return value
        try:
            return self.check(value)
        except SettingsError as exc:
            self.fail(str(exc), param, ctx)


@main.command()
@DATA_OPTION
@click.option(
    "--days",
    default=REVIEW_DAYS,
    show_default=True,
    type=_Checked("DAYS", whole_days),
    help="A record is overdue when its last review is more than this many days old.",
)
@click.option("--today", type=_Checked("DATE", given_date), default=None, help="Count days up to this date (YYYY-MM-DD) instead of today.")
def stale(data_dir: Path, days: int, today: dt.date | None) -> None:
    """List records whose review is overdue, oldest first, with their owners."""
    try:
        catalog = validate(data_dir, None).catalog
    except PlaybookError as exc:
        raise click.ClickException(f"the data has {count(len(exc.problems), 'problem')}: run python -m playbook validate") from None
    day = today or dt.date.today()
    late = overdue(catalog, day, days)
    for item in late:
        click.echo(f"{item.record.last_reviewed.isoformat()}  {item.days:>4} days  {item.path}  ({item.record.owner})")
    click.echo(
        f"{count(len(late), 'record')} not reviewed in the last {days} days." if late else f"Every record was reviewed in the last {days} days.", err=True
    )


@main.command()
@click.option("--site-dir", default="site", show_default=True, type=click.Path(file_okay=False, path_type=Path), help="Where to write the site.")
@click.option("--config-file", default="mkdocs.yml", show_default=True, type=click.Path(dir_okay=False, path_type=Path), help="The MkDocs configuration.")
@click.option(
    "--draft",
    is_flag=True,
    help="Build even when the data has warnings, to look at work in progress; make build and the workflows never do.",
)
def build(site_dir: Path, config_file: Path, draft: bool) -> None:
    """Validate (the pull request's verdict: errors and warnings refuse the build), then build the
    site as `mkdocs build --strict` does.

    The site is built in a folder beside the site and swapped into place only when the build
    succeeds, so a failed or interrupted build leaves the previous site untouched. A site folder
    that is, contains or lies inside the data, docs/, the sources or .git is refused (exit 2).
    """
    project_root = config_file.parent
    try:
        check_site_dir(site_dir, project_root)  # before anything else: refusing costs nothing
        check_environment(project=project_root)
    except (PublishError, SettingsError) as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(2)
    from .mkdocs_adapter.build import BuildFailed, build_site  # imports MkDocs: only this command needs it

    try:
        report = build_site(config_file, site_dir, shown=str(site_dir), draft=draft)
    except Refused as exc:
        for problem in exc.report.problems:
            click.echo(problem.text())
        raise click.ClickException(f"not built: {exc.report.tally(draft=draft)}; {site_dir}/ is unchanged.") from None
    except BuildFailed as exc:
        raise click.ClickException(f"not built: {exc}; {site_dir}/ is unchanged.") from None
    except PublishError as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(exc.exit_code)
    for problem in report.problems:
        click.echo(problem.text())
    click.echo(f"Built {site_dir}/", err=True)


@main.command()
@click.option("--dev-addr", default="127.0.0.1:8000", show_default=True, metavar="HOST:PORT", help="Where to serve the preview.")
@click.option("--config-file", default="mkdocs.yml", show_default=True, type=click.Path(dir_okay=False, path_type=Path), help="The MkDocs configuration.")
def serve(dev_addr: str, config_file: Path) -> None:
    """Preview the site while you edit: each save is checked as validate checks it, and the pages it
    changes are served within a second, the browser reloading by itself.

    While the data has problems the preview keeps showing the last good version of the site, with
    the problems listed at the top of every page; it never stops answering.
    """
    host, _, port = dev_addr.rpartition(":")
    if not host or not port.isdigit():
        raise click.BadParameter(f"'{dev_addr}' is not HOST:PORT, e.g. 127.0.0.1:8000", param_hint="--dev-addr")
    try:
        check_environment(project=config_file.resolve().parent)
    except SettingsError as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(2)
    from .mkdocs_adapter.preview import serve as preview  # imports MkDocs: only this command needs it

    try:
        preview(config_file, host, int(port), say=lambda line: click.echo(line, err=True))
    except OSError as exc:
        raise click.ClickException(f"cannot serve on {dev_addr}: {exc.strerror or exc}") from None


@main.command()
@click.option("--out", default="schema", show_default=True, type=click.Path(file_okay=False, path_type=Path), help="Folder for the JSON Schema files.")
@click.option("--check", is_flag=True, help="Change nothing; exit 1 if the files differ from the model.")
def schema(out: Path, check: bool) -> None:
    """Regenerate the JSON Schema files that editors' IDEs use, from the model."""
    if check:
        stale = stale_schemas(out)
        if stale:
            raise click.ClickException(f"{', '.join(stale)} in {out}/ differ from the model: run python -m playbook schema")
        click.echo(f"{out} is up to date")
        return
    written = write_schemas(out)
    click.echo(f"{len(written)} schema file(s) updated in {out}" if written else f"{out} is up to date")
