"""`validate`: the one judge of the playbook's data and pages, and the report it returns.

The command line, the build, the preview and the tests all call `validate`, so they can never
disagree about what is wrong. Its verdict is the pull request's: errors and warnings both fail
it. `draft` relaxes warnings for work in progress on an editor's machine; notes (ids gone since
a base revision, which may be on purpose) never fail.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from ..catalog import Catalog
from . import docs_pages, nav, renames
from .load import FileCache, display_path, load
from .problems import PlaybookError, Problem


@dataclass(frozen=True)
class Report:
    """Everything `validate` found, sorted by place, and the records when there is no error."""

    #: The data folder as messages name it, e.g. 'playbook_data'.
    data: str
    #: The pages' folder as messages name it, e.g. 'docs'; empty when pages were not checked.
    docs: str
    problems: tuple[Problem, ...]
    #: How many records were read, when there is no error.
    records: int = 0
    loaded: Catalog | None = field(default=None, repr=False)

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "error")

    @property
    def warnings(self) -> tuple[Problem, ...]:
        """Likely mistakes: they fail the pull request, and `validate` without --draft."""
        return tuple(p for p in self.problems if p.severity == "warning")

    @property
    def notes(self) -> tuple[Problem, ...]:
        """Worth a look, never a failure (an id gone since the base revision, say)."""
        return tuple(p for p in self.problems if p.severity == "note")

    @property
    def catalog(self) -> Catalog:
        """The validated records; raises PlaybookError, listing every error, when there is one."""
        if self.loaded is None or self.errors:
            raise PlaybookError(list(self.errors))
        return self.loaded

    def failing(self, *, draft: bool = False) -> tuple[Problem, ...]:
        """The problems that fail the verdict: errors, and warnings unless `draft`."""
        return self.errors if draft else self.errors + self.warnings

    def passes(self, *, draft: bool = False) -> bool:
        """True when the pull request would pass (with `draft`: when there is no error)."""
        return not self.failing(draft=draft)

    def tally(self, *, draft: bool = False) -> str:
        """'2 problems in playbook_data', naming the warnings among them: the core of every verdict line."""
        failing = self.failing(draft=draft)
        where = " and ".join(
            name for name in (self.data, self.docs) if name and any(p.file == name or p.file.startswith(name.rstrip("/") + "/") for p in failing)
        )
        line = f"{count(len(failing), 'problem')} in {where or self.data}"
        if any(p.severity == "warning" for p in failing):
            kinds = [count(len(self.errors), "error")] if self.errors else []
            kinds.append(count(len(self.warnings), "warning"))
            line += f" ({', '.join(kinds)}: the pull request fails on warnings too)"
        return line

    def summary(self, *, draft: bool = False) -> str:
        """The verdict in one line. It begins with 'OK' only when the pull request would pass."""
        failing = self.failing(draft=draft)
        if failing:
            hint = "; --draft lets warnings pass while you work" if any(p.severity == "warning" for p in failing) else ""
            return f"{self.tally(draft=draft)}. Fix {'it' if len(failing) == 1 else 'them'} and run validate again{hint}."
        if self.warnings:  # a draft with warnings: not what the pull request accepts, so never "OK"
            warnings = count(len(self.warnings), "warning")
            return f"Draft: no errors in {count(self.records, 'record')} in {self.data}, but {warnings} that the pull request fails on."
        notes = f", with {count(len(self.notes), 'note')}" if self.notes else ""
        return f"OK: {count(self.records, 'record')} in {self.data} are valid{notes}."


class Refused(PlaybookError):
    """Raised by a caller that goes no further when the data does not pass (the build)."""

    def __init__(self, report: Report, *, draft: bool = False):
        super().__init__(list(report.failing(draft=draft)))
        self.report, self.draft = report, draft


def validate(
    data_dir: str | os.PathLike[str],
    docs_dir: str | os.PathLike[str] | None,
    base: str | None = None,
    *,
    cache: FileCache | None = None,
) -> Report:
    """Check every record in `data_dir`, every reference between records and, when `docs_dir` is
    given, every template call in the hand-written pages; with `base` (a git revision), note the
    function and checklist item ids that existed there and are gone unclaimed.

    Never raises for bad data: every problem is in the report. `cache` (see FileCache) lets a
    long-lived process read unchanged files only once.
    """
    data_dir = Path(data_dir)
    catalog: Catalog | None
    try:
        loaded = load(data_dir, cache)
        catalog, problems = loaded.catalog, list(loaded.warnings)
    except PlaybookError as exc:
        catalog, problems = None, list(exc.problems)
    shown_docs = ""
    if docs_dir is not None and data_dir.is_dir():  # the pages use the data's ids
        shown_docs = display_path(Path(docs_dir))
        problems += docs_pages.check_pages(Path(docs_dir), data_dir, shown_docs)
        config = Path(docs_dir).parent / nav.CONFIG_FILE
        pages = [page.relative_to(docs_dir).as_posix() for page in docs_pages.pages_in(Path(docs_dir))]
        problems += nav.check_nav(config, Path(docs_dir), pages, display_path(config), shown_docs)
    if base is not None and catalog is not None:
        try:
            problems += renames.removed_since(catalog, data_dir, base)
        except renames.RevisionError as exc:
            problems.append(Problem(display_path(data_dir), 1, 1, "", f"--base {exc}", ""))
        except renames.BaseError as exc:
            problems.append(Problem(display_path(data_dir), 1, 1, "", f"cannot read {base}: {exc}", exc.hint))
    errors = any(p.severity == "error" for p in problems)
    return Report(
        data=display_path(data_dir),
        docs=shown_docs,
        problems=tuple(sorted(problems)),
        records=0 if errors or catalog is None else catalog.count(),
        loaded=None if errors else catalog,
    )


def count(n: int, noun: str) -> str:
    """'1 problem', '2 problems'."""
    return f"{n} {noun}{'s' if n != 1 else ''}"
