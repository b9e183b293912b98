"""What a record's fields may hold: plain text, rich text, ids, references, years, dates, web
addresses and yes/no, each type once, with the form it must have.

A field's form is written once here, as a `Form`: the pattern the model and the JSON Schema
check, and the words `validate` uses when a value does not match it.
"""

from __future__ import annotations

import datetime as dt
import re
import typing
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, StringConstraints
from pydantic import Strict as StrictType
from pydantic_core import PydanticCustomError

from . import dates
from .rich_bounds import MAX_CHARS, check_rich_text


@dataclass(frozen=True)
class Form:
    """A pattern a text field must match, and how `validate` explains a value that does not:
    `message` names the value as {value}."""

    pattern: str
    message: str
    hint: str

    def explain(self, value: str) -> str:
        return self.message.format(value=value)


ID = Form(r"^[a-z0-9]+(?:-[a-z0-9]+)*$", "{value} is not a valid id", "ids use lowercase letters, digits and single hyphens, e.g. 'working-backwards'")
# [0-9], not \d: the schema's regex engine reads \d as any script's digit ('٢٠١٤').
YEAR = Form(r"^[0-9]{4}$", "expected a year, got {value}", "write four digits, e.g. 2015")
PARTIAL_DATE = Form(r"^[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?$", "expected a date, got {value}", "write YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2022-02-03")
WEB_ADDRESS = Form(r"^(https?://|mailto:)\S+$", "expected a web address, got {value}", "start it with https://, http:// or mailto:")
RECORD_PATH = Form(
    r"^[a-z]+(?:-[a-z]+)*/[a-z0-9]+(?:-[a-z0-9]+)*$",
    "expected a record as folder/id, got {value}",
    "write the folder and the id, e.g. practices/working-backwards",
)
ABBREVIATION = Form(
    r"^[A-Za-z0-9&]*[A-Z][A-Za-z0-9&]*[A-Z][A-Za-z0-9&]*$",
    "is not an abbreviation, got {value}",
    "write it as it appears in text, with at least two capital letters, e.g. NPS or FP&A; other names go under aliases",
)
FIELD_NAME = Form(r"^[a-z]+(?:_[a-z]+)*$", "expected a field name, got {value}", "write a field of that record as it is spelt in its file, e.g. what_it_means")
#: Every form, by its pattern (as pydantic reports a mismatch).
FORMS: dict[str, Form] = {form.pattern: form for form in (ID, YEAR, PARTIAL_DATE, WEB_ADDRESS, RECORD_PATH, FIELD_NAME, ABBREVIATION)}

ID_PATTERN = ID.pattern
# For Python's re: `$` also matches before a final newline ('legal\n' would be an id); `\Z` does not.
ID_RE = re.compile(ID_PATTERN.removesuffix("$") + r"\Z")


def _one_line(value: str) -> str:
    return " ".join(value.split())


@dataclass(frozen=True)
class Fits:
    """What a length limit is for, as the message says it: "... at most 120 fit {what} ({hint})".

    Every field has a limit (a `max_length` beside this marker) that fits its use: a title is a
    line, an id is short, a summary is a few sentences. Text shown on other pages (a practice's
    title on every checklist item that links it) costs at most its limit there, so the site's
    size stays a constant times the data's (tests/test_growth.py measures the constant).
    """

    what: str
    hint: str


def is_plain_text(annotation: object) -> bool:
    """Whether a type is plain text (Text, or Text with a limit): shown as typed, on one line."""
    if typing.get_origin(annotation) is not Annotated:
        return False
    return any(isinstance(meta, AfterValidator) and meta.func is _one_line for meta in typing.get_args(annotation)[1:])


#: The longest id: file names, item ids and every reference to them.
ID_MAX = 64

#: Plain text: shown as text, never as Markdown or HTML. Line breaks fold into spaces.
Text = Annotated[str, AfterValidator(_one_line), StringConstraints(min_length=1, strip_whitespace=True)]
#: Rich text: a restricted Markdown (paragraphs, lists, **bold**, *italic*, `code`,
#: and links to http, https or mailto addresses). No HTML, no images. At most 10,000
#: characters, and bounded (rich_bounds) so that every text that validates renders in linear time.
RichText = Annotated[
    str,
    StringConstraints(min_length=1, strip_whitespace=True, max_length=MAX_CHARS),
    Fits("a page's text", "shorten it, or move the detail into a document and link to it"),
    AfterValidator(check_rich_text),
]
#: An id: lowercase letters, digits and single hyphens.
Id = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=ID_MAX), Fits("an id", "shorten it: the title says what it is, the id only names it")]
#: A record named by its folder and id, e.g. 'practices/working-backwards'.
RecordPath = Annotated[str, StringConstraints(pattern=RECORD_PATH.pattern, max_length=ID_MAX + 20), Fits("a record", "write folder/id")]
#: An abbreviation as it is written in running text: letters, digits and '&', at least two of them capitals
#: (NPS, tNPS, FP&A, B2B), so that an ordinary word is never taken for one.
Abbreviation = Annotated[str, StringConstraints(pattern=ABBREVIATION.pattern, max_length=16), Fits("an abbreviation", "write the short form only, e.g. 'NPS'")]
#: A field's name as it is spelt in a record's file, e.g. 'what_it_means'.
FieldName = Annotated[str, StringConstraints(pattern=FIELD_NAME.pattern, max_length=40), Fits("a field's name", "write the field's name")]

# Plain text by use. A name or title is read on one line, and is repeated wherever the record is
# linked; a summary is a few sentences; a paragraph is one; a list item is one step or one point.
Title = Annotated[Text, StringConstraints(max_length=120), Fits("a title", "shorten it, and put the detail in the summary")]
Name = Annotated[Text, StringConstraints(max_length=80), Fits("a name", "shorten it, and put the detail in the summary")]
Role = Annotated[Text, StringConstraints(max_length=80), Fits("a role", "name the role only, e.g. 'Head of Customer Success'")]
Alias = Annotated[Text, StringConstraints(max_length=80), Fits("an alias", "an alias is another name people type, not a sentence")]
Summary = Annotated[Text, StringConstraints(max_length=500), Fits("a summary", "keep it to one or two sentences; the page's other fields hold the detail")]
Paragraph = Annotated[Text, StringConstraints(max_length=1_000), Fits("a paragraph", "shorten it to one paragraph")]
Point = Annotated[Text, StringConstraints(max_length=400), Fits("one item of a list", "make it one point, or split it into several items")]
Action = Annotated[Text, StringConstraints(max_length=300), Fits("a checklist item", "make it one action a team can tick off, or split it into several items")]
Phrase = Annotated[Text, StringConstraints(max_length=120), Fits("a phrase", "keep the few words that carry it")]

#: The most items a list may hold: FEW for lists a reader takes in at a glance, SOME for longer
#: ones. A list of ids costs its record a line per id, and what each id brings onto a page (a
#: title, a summary) is bounded by that record's own limits.
FEW, SOME = 10, 20
#: The longest checklist: three stages of twenty items, longer than a team works through. Each
#: team's page and record lists its function's items, so this bounds them too.
CHECKLIST_MOST = 60
#: The most functions a practice or a metric may name: one each of a large organisation's.
FUNCTIONS_MOST = 50


@dataclass(frozen=True)
class RefTo:
    """Marks a field as holding the id of a record in `folder`: the cross-record checks,
    the catalog's reverse relations and the schema's descriptions all follow from it."""

    folder: str

    def __get_pydantic_json_schema__(self, core_schema: Any, handler: Any) -> dict[str, Any]:
        schema = handler(core_schema)
        schema["description"] = f"The id of a record in playbook_data/{self.folder}/: its file name without .yml."
        return dict(schema)


@dataclass(frozen=True)
class Wanted:
    """Marks an optional field that a finished record fills in: left empty, it is a warning (which the
    pull request fails on), and `python -m playbook new` writes it into the skeleton. `hint` says what
    to add."""

    hint: str


def wanted_fields(model: type[BaseModel]) -> dict[str, Wanted]:
    """The fields of `model` marked Wanted, with their markers."""
    return {name: meta for name, f in model.model_fields.items() for meta in f.metadata if isinstance(meta, Wanted)}


_ID = StringConstraints(pattern=ID_PATTERN, max_length=ID_MAX)
_ID_FITS = Fits("an id", "ids are file names, at most 64 characters: check the spelling")
FunctionRef = Annotated[str, _ID, _ID_FITS, RefTo("functions")]
PracticeRef = Annotated[str, _ID, _ID_FITS, RefTo("practices")]
CaseStudyRef = Annotated[str, _ID, _ID_FITS, RefTo("case-studies")]
StageRef = Annotated[str, _ID, _ID_FITS, RefTo("stages")]
JourneyRef = Annotated[str, _ID, _ID_FITS, RefTo("journey")]
MetricRef = Annotated[str, _ID, _ID_FITS, RefTo("metrics")]
StatRef = Annotated[str, _ID, _ID_FITS, RefTo("stats")]
SourceRef = Annotated[str, _ID, _ID_FITS, RefTo("sources")]
#: The earliest year a source's fact or publication can carry: sources cite history, but
#: not from before 1800; an earlier year (0000, 0201) is a typo.
EARLIEST_FACT_YEAR = 1800


def _sane_year(year: int, value: str, kind: str) -> None:
    if year < EARLIEST_FACT_YEAR:
        raise PydanticCustomError(kind, "{value} is before " + str(EARLIEST_FACT_YEAR), {"value": value})
    if year > dates.latest().year:
        raise PydanticCustomError(kind, "{value} is in the future", {"value": value})


def _real_year(value: str) -> str:
    _sane_year(int(value), value, "year")
    return value


#: The year of a figure: four ASCII digits, from EARLIEST_FACT_YEAR to this year.
Year = Annotated[str, StringConstraints(pattern=YEAR.pattern), AfterValidator(_real_year)]


def _real_partial_date(value: str) -> str:
    # The pattern takes 2022-13-45; its page would name a month that does not exist (or fail to).
    year, month, day = ([int(part) for part in value.split("-")] + [1, 1])[:3]
    _sane_year(year, value, "partial_date")
    try:
        first = dt.date(year, month, day)
    except ValueError:
        raise PydanticCustomError("partial_date", "{value} is not a day or month of the calendar", {"value": value}) from None
    if first > dates.latest():
        raise PydanticCustomError("partial_date", "{value} is in the future", {"value": value})
    return value


#: A publication date: YYYY, YYYY-MM or YYYY-MM-DD, a real month and day, not in the future.
PartialDate = Annotated[str, StringConstraints(pattern=PARTIAL_DATE.pattern), AfterValidator(_real_partial_date)]


def _true_or_false(value: object) -> object:
    # The reader gives every scalar as text; only the words true and false are a yes or a no.
    return {"true": True, "false": False}.get(value, value) if isinstance(value, str) else value


#: true or false, written as those words: never yes, no, on, off, 1 or 0.
Flag = Annotated[bool, BeforeValidator(_true_or_false), StrictType()]
Url = Annotated[str, StringConstraints(pattern=WEB_ADDRESS.pattern, max_length=2_000), Fits("a web address", "link to a shorter address of the page")]


def _iso_date(value: object) -> object:
    # pydantic reads '0' or '1700000000' as a Unix time; a date is only ever YYYY-MM-DD (dates.py).
    if not isinstance(value, str):
        return value
    try:
        return dates.parse(value)
    except dates.DateError as exc:
        if exc.reason == "early":  # a real date, but out of range: say so, rather than "expected a date"
            raise PydanticCustomError("early_date", str(exc)) from None
        raise PydanticCustomError("date_from_text", exc.message) from None


#: A calendar date written as YYYY-MM-DD from 2000-01-01 on, and nothing else (the rule of dates.py).
IsoDate = Annotated[dt.date, BeforeValidator(_iso_date)]
