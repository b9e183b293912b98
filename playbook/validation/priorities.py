"""The sources' own priorities, kept where the playbook states them.

A source record may list `priorities`: what the work ranks first or most important, in its
order, and every place in the playbook that says so (`stated_in`: a record, one of its fields,
and the phrases that field reads in that order). A rewrite that keeps the facts but reverses
the ranking ("board support first, then culture" where the source puts culture first) changes
the source's meaning; this check catches it, in the source's file, at the statement it breaks.

How a field is read: as a reader sees it (emphasis marks dropped, one space, any case), one
paragraph at a time (a list's items each on their own): every phrase must be in one paragraph,
each after the one before.
"""

from __future__ import annotations

import difflib
import re

from ..catalog import Catalog
from ..model import KIND_BY_FOLDER, Record, Source
from ..parts import Priority, RankingStatement
from .problems import Problem, field_label
from .strict_yaml import Document


def check(catalog: Catalog, documents: dict[tuple[str, str], Document], existing: set[tuple[str, str]]) -> list[Problem]:
    """Errors: a statement that names no record or field, or whose field no longer reads the source's order.

    `existing` holds every (kind, id) that has a file: a record with errors of its own is reported there, not here.
    """
    problems: list[Problem] = []
    for source_id, source in sorted(catalog.of(Source).items()):
        doc = documents.get((Source.kind, source_id))
        shown = catalog.paths[(Source.kind, source_id)]
        for p, priority in enumerate(source.priorities):
            for s, statement in enumerate(priority.stated_in):
                at = ("priorities", p, "stated_in", s)
                for path, message, hint in _statement_problems(catalog, existing, priority, statement):
                    where = doc.where(at + path) if doc else (1, 1)
                    problems.append(Problem(shown, *where, field_label(at + path), message, hint))
    return problems


def _statement_problems(
    catalog: Catalog, existing: set[tuple[str, str]], priority: Priority, statement: RankingStatement
) -> list[tuple[tuple[str | int, ...], str, str]]:
    folder, _, record_id = statement.record.partition("/")
    kind = KIND_BY_FOLDER.get(folder)
    if kind is None:
        folders = ", ".join(sorted(KIND_BY_FOLDER))
        return [(("record",), f"'{folder}' is not a folder of records", f"write folder/id; the folders are {folders}")]
    record = catalog.of(kind).get(record_id)
    if record is None:
        if (kind.kind, record_id) in existing:
            return []  # the record has errors of its own, reported in its file
        guess = difflib.get_close_matches(record_id, sorted(catalog.of(kind)), n=1)
        hint = f"did you mean '{folder}/{guess[0]}'?" if guess else f"ids are file names in playbook_data/{folder}/"
        return [(("record",), f"no record '{statement.record}'", hint)]
    if statement.field not in type(record).model_fields:
        text_fields = ", ".join(name for name in type(record).model_fields if name not in Record.model_fields)
        return [(("field",), f"'{statement.record}' has no field '{statement.field}'", f"its fields: {text_fields}")]
    found: list[tuple[tuple[str | int, ...], str, str]] = [
        (("reads",), f"no phrase here holds the ranking's term '{term}'", f"add the words that name '{term}' in {statement.record} {statement.field}")
        for term in priority.ranking
        if not any(plain(term) in plain(phrase) for phrase in statement.reads)
    ]
    missing = first_unread(paragraphs(record.model_dump(mode="json")[statement.field]), statement.reads)
    if missing is not None:
        after = f" after '{statement.reads[missing - 1]}'" if missing else ""
        found.append(
            (
                (),
                f"'{statement.record}' {statement.field} no longer reads '{statement.reads[missing]}'{after}",
                f"{_ranked(priority)}; keep the source's order when you reword it, or change this priority if the source says otherwise",
            )
        )
    return found


def _ranked(priority: Priority) -> str:
    terms = [f"'{term}'" for term in priority.ranking]
    return f"the source ranks {terms[0]} first" if len(terms) == 1 else f"the source ranks {' above '.join(terms)}"


def plain(text: str) -> str:
    """Text as a reader sees it, for matching phrases: no emphasis marks, one space, any case."""
    return " ".join(re.sub(r"[*_`]", "", text).replace("\u2019", "'").split()).casefold()


def paragraphs(value: object) -> list[str]:
    """A field's paragraphs, plain: blank-line blocks of a text, each item of a list on its own,
    the texts of a group of fields (a quotation) together."""
    if isinstance(value, str):
        return [plain(block) for block in re.split(r"\n\s*\n", value) if block.strip()]
    if isinstance(value, list):
        return [paragraph for item in value for paragraph in paragraphs(item)]
    if isinstance(value, dict):
        return [plain(" ".join(_strings(value)))]
    return []


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def first_unread(texts: list[str], phrases: list[str]) -> int | None:
    """None when one paragraph reads every phrase, each after the one before; else the index of the
    first phrase that the paragraph reading the most of them in order does not read next."""
    best = 0
    for paragraph in texts:
        at, read = 0, 0
        for phrase in phrases:
            found = paragraph.find(plain(phrase), at)
            if found < 0:
                break
            at, read = found + len(plain(phrase)), read + 1
        if read == len(phrases):
            return None
        best = max(best, read)
    return best
