"""What a record's fields may hold: plain text, rich text, ids, references, years, dates, web
addresses and yes/no, each type once, with the form it must have.

A field's form is written once here, as a `Form`: the pattern the model and the JSON Schema
check, and the words `validate` uses when a value does not match it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, StringConstraints
from pydantic import Strict as StrictType
from pydantic_core import PydanticCustomError

from . import dates
from .rich_bounds import check_rich_text


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
YEAR = Form(r"^\d{4}$", "expected a year, got {value}", "write four digits, e.g. 2015")
PARTIAL_DATE = Form(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$", "expected a date, got {value}", "write YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2022-02-03")
WEB_ADDRESS = Form(r"^(https?://|mailto:)\S+$", "expected a web address, got {value}", "start it with https://, http:// or mailto:")
RECORD_PATH = Form(
    r"^[a-z]+(?:-[a-z]+)*/[a-z0-9]+(?:-[a-z0-9]+)*$",
    "expected a record as folder/id, got {value}",
    "write the folder and the id, e.g. practices/working-backwards",
)
FIELD_NAME = Form(r"^[a-z]+(?:_[a-z]+)*$", "expected a field name, got {value}", "write a field of that record as it is spelt in its file, e.g. what_it_means")
#: Every form, by its pattern (as pydantic reports a mismatch).
FORMS: dict[str, Form] = {form.pattern: form for form in (ID, YEAR, PARTIAL_DATE, WEB_ADDRESS, RECORD_PATH, FIELD_NAME)}

ID_PATTERN = ID.pattern
# For Python's re: `$` also matches before a final newline ('legal\n' would be an id); `\Z` does not.
ID_RE = re.compile(ID_PATTERN.removesuffix("$") + r"\Z")


def _one_line(value: str) -> str:
    return " ".join(value.split())


#: Plain text: shown as text, never as Markdown or HTML. Line breaks fold into spaces.
Text = Annotated[str, AfterValidator(_one_line), StringConstraints(min_length=1, strip_whitespace=True)]
#: Rich text: a restricted Markdown (paragraphs, lists, **bold**, *italic*, `code`,
#: and links to http, https or mailto addresses). No HTML, no images.
#: Bounded (rich_bounds) so that every text that validates renders in linear time.
RichText = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True), AfterValidator(check_rich_text)]
#: An id: lowercase letters, digits and single hyphens.
Id = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
#: A record named by its folder and id, e.g. 'practices/working-backwards'.
RecordPath = Annotated[str, StringConstraints(pattern=RECORD_PATH.pattern)]
#: A field's name as it is spelt in a record's file, e.g. 'what_it_means'.
FieldName = Annotated[str, StringConstraints(pattern=FIELD_NAME.pattern)]


@dataclass(frozen=True)
class RefTo:
    """Marks a field as holding the id of a record in `folder`: the cross-record checks,
    the catalog's reverse relations and the schema's descriptions all follow from it."""

    folder: str

    def __get_pydantic_json_schema__(self, core_schema: Any, handler: Any) -> dict[str, Any]:
        schema = handler(core_schema)
        schema["description"] = f"The id of a record in playbook_data/{self.folder}/: its file name without .yml."
        return dict(schema)


_ID = StringConstraints(pattern=ID_PATTERN)
FunctionRef = Annotated[str, _ID, RefTo("functions")]
PracticeRef = Annotated[str, _ID, RefTo("practices")]
StageRef = Annotated[str, _ID, RefTo("stages")]
JourneyRef = Annotated[str, _ID, RefTo("journey")]
MetricRef = Annotated[str, _ID, RefTo("metrics")]
StatRef = Annotated[str, _ID, RefTo("stats")]
SourceRef = Annotated[str, _ID, RefTo("sources")]
Year = Annotated[str, StringConstraints(pattern=YEAR.pattern)]
PartialDate = Annotated[str, StringConstraints(pattern=PARTIAL_DATE.pattern)]


def _true_or_false(value: object) -> object:
    # The reader gives every scalar as text; only the words true and false are a yes or a no.
    return {"true": True, "false": False}.get(value, value) if isinstance(value, str) else value


#: true or false, written as those words: never yes, no, on, off, 1 or 0.
Flag = Annotated[bool, BeforeValidator(_true_or_false), StrictType()]
Url = Annotated[str, StringConstraints(pattern=WEB_ADDRESS.pattern)]


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
