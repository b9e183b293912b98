"""The playbook's typed model: one pydantic class per kind of record.

This is the single source of truth for the schema. The JSON Schema files in `schema/`
are generated from it (`python -m playbook schema`) and a test keeps them in sync.

Every field carries a description: it is what editors see in their IDE, in
CONTRIBUTING.md and in `python -m playbook new`.
"""

from __future__ import annotations

import datetime as dt
import re
import types
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated, Any, ClassVar, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints
from pydantic import Strict as StrictType
from pydantic_core import PydanticCustomError

from .rich_bounds import check_rich_text

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
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
CaseStudyRef = Annotated[str, _ID, RefTo("case-studies")]
StageRef = Annotated[str, _ID, RefTo("stages")]
JourneyRef = Annotated[str, _ID, RefTo("journey")]
MetricRef = Annotated[str, _ID, RefTo("metrics")]
StatRef = Annotated[str, _ID, RefTo("stats")]
SourceRef = Annotated[str, _ID, RefTo("sources")]
Year = Annotated[str, StringConstraints(pattern=r"^\d{4}$")]
PartialDate = Annotated[str, StringConstraints(pattern=r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")]


def _true_or_false(value: object) -> object:
    # The reader gives every scalar as text; only the words true and false are a yes or a no.
    return {"true": True, "false": False}.get(value, value) if isinstance(value, str) else value


#: true or false, written as those words: never yes, no, on, off, 1 or 0.
Flag = Annotated[bool, BeforeValidator(_true_or_false), StrictType()]
Url = Annotated[str, StringConstraints(pattern=r"^(https?://|mailto:)\S+$")]


def _iso_date(value: object) -> object:
    # pydantic reads '0' or '1700000000' as a Unix time; a review date is only ever YYYY-MM-DD.
    if isinstance(value, str) and not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        raise PydanticCustomError("date_from_text", "expected a date as YYYY-MM-DD")
    return value


#: A calendar date written as YYYY-MM-DD, and nothing else.
IsoDate = Annotated[dt.date, BeforeValidator(_iso_date)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Quote(Strict):
    """Someone's exact words, with who said them and where they were published."""

    text: Text = Field(description="The exact words, as published.")
    speaker: Text = Field(description="Who said or wrote them, e.g. 'Jeff Bezos, Amazon'.")
    source: SourceRef = Field(description="Id of the source that published the quotation.")


class Record(Strict):
    """Fields every record has. The record's id is its file name, never a field."""

    kind: ClassVar[str]
    #: Where its files live, and the first part of its pages' addresses.
    folder: ClassVar[str]
    #: The section's title: its index page's heading and its entry in the navigation.
    section: ClassVar[str]
    #: False for a kind whose records are entries on its section's page (at an anchor each), not pages of their own.
    page_per_record: ClassVar[bool] = True

    owner: Text = Field(description="The role that keeps this record true, e.g. 'Head of Customer Success'. A role, not a person's name.")
    last_reviewed: IsoDate = Field(description="When the owner last checked this record, as YYYY-MM-DD.")
    aliases: list[Text] = Field(
        default_factory=list,
        description=(
            "Other names people type when they look for this record: abbreviations, older names, other spellings, "
            "e.g. [NPS, net promoter score]. Shown on the page and weighed like the title by search. Optional."
        ),
    )

    @property
    def display_title(self) -> str:
        raise NotImplementedError

    @property
    def sort_key(self) -> str:
        """How lists order records for readers: by their title, ignoring case."""
        return self.display_title.casefold()


class Practice(Record):
    """Something a team does that makes it more customer-obsessed."""

    kind: ClassVar[str] = "practice"
    folder: ClassVar[str] = "practices"
    section: ClassVar[str] = "Practices"

    title: Text = Field(description="Short name of the practice, e.g. 'Working Backwards'.")
    summary: Text = Field(description="One or two sentences: what the practice is.")
    body: RichText = Field(description="The practice explained (restricted Markdown: paragraphs, lists, bold, italic, links).")
    why_it_matters: Text = Field(description="Why a team should bother: the effect on customers and on the business.")
    how_to_start: list[Text] = Field(min_length=1, description="Ordered first steps a team can take next week, one per item.")
    functions: list[FunctionRef] = Field(min_length=1, description="Ids of the functions this practice applies to.")
    stage: StageRef = Field(description="Id of the maturity stage where teams usually adopt it.")
    journey: list[JourneyRef] = Field(default_factory=list, description="Ids of the customer-journey stages it touches.")
    metrics: list[MetricRef] = Field(default_factory=list, description="Ids of the metrics that show it works.")
    stats: list[StatRef] = Field(default_factory=list, description="Ids of the statistics that back it.")
    quote: Quote | None = Field(default=None, description="An optional quotation, only when the exact words matter.")
    sources: list[SourceRef] = Field(min_length=1, description="Ids of the sources this practice is drawn from.")

    @property
    def display_title(self) -> str:
        return self.title


class CaseStudy(Record):
    """What one organisation did, and what came of it."""

    kind: ClassVar[str] = "case-study"
    folder: ClassVar[str] = "case-studies"
    section: ClassVar[str] = "Case studies"

    organisation: Text = Field(description="The organisation's name, e.g. 'Amazon'.")
    title: Text = Field(description="A headline for the case, e.g. 'Working Backwards from the customer'.")
    period: Text = Field(description="When it happened, e.g. '2011-2013' or 'since 1994'.")
    summary: Text = Field(description="One or two sentences: the case in brief.")
    what_they_did: RichText = Field(description="What the organisation did (restricted Markdown).")
    outcome: RichText = Field(description="What came of it, with figures only where a source gives them (restricted Markdown).")
    verdict: Literal["exemplar", "cautionary"] = Field(description="'exemplar' to follow, or 'cautionary' to learn from.")
    lessons: list[Text] = Field(default_factory=list, description="What a team should take from it, one lesson per item.")
    practices: list[PracticeRef] = Field(min_length=1, description="Ids of the practices this case illustrates.")
    stats: list[StatRef] = Field(default_factory=list, description="Ids of the statistics this case cites.")
    quote: Quote | None = Field(default=None, description="An optional quotation, only when the exact words matter.")
    sources: list[SourceRef] = Field(min_length=1, description="Ids of the sources this case is drawn from.")

    @property
    def display_title(self) -> str:
        return f"{self.organisation}: {self.title}"


class ChecklistItem(Strict):
    """One action a team can tick off."""

    id: Id = Field(description="Stable id, unique within this function. Keep it when rewording the text: people's ticks are stored under it.")
    text: Text = Field(description="The action, written so a team can tick it off, e.g. 'Read three support tickets every week'.")
    stage: StageRef = Field(description="Id of the maturity stage this item belongs to.")
    practice: PracticeRef = Field(description="Id of the practice this item puts into action.")
    formerly: list[Id] = Field(
        default_factory=list, description=("Earlier ids of this item, after a rename, e.g. [read-tickets]: ticks saved under them move to this item.")
    )


class Function(Record):
    """A part of the company (Sales, Support, ...) and its adoption checklist."""

    kind: ClassVar[str] = "function"
    folder: ClassVar[str] = "functions"
    section: ClassVar[str] = "Functions"

    name: Text = Field(description="The function's name, e.g. 'Customer support'.")
    summary: Text = Field(description="One sentence: what customer obsession means for this function.")
    what_it_means: RichText = Field(description="What customer obsession means in this function's daily work (restricted Markdown).")
    checklist: list[ChecklistItem] = Field(min_length=1, description="The adoption checklist, in the order a team should work through it.")
    stats: list[StatRef] = Field(default_factory=list, description="Ids of the statistics this page quotes, shown with their sources.")
    formerly: list[Id] = Field(
        default_factory=list, description=("Earlier ids of this function, after renaming its file, e.g. [sales]: ticks saved under them move here.")
    )

    @property
    def display_title(self) -> str:
        return self.name


class Stage(Record):
    """A stage of the maturity model."""

    kind: ClassVar[str] = "stage"
    folder: ClassVar[str] = "stages"
    section: ClassVar[str] = "Maturity model"

    name: Text = Field(description="The stage's name, e.g. 'Customer-centric'.")
    order: int = Field(ge=1, description="Position in the maturity model: 1 for the first stage.")
    reached_at_percent: int = Field(
        ge=1,
        le=100,
        description=(
            "Self-assessment rule: a team reaches this stage when it has done at least this percentage of the "
            "stage's checklist items (and has reached every earlier stage), e.g. 75."
        ),
    )
    summary: Text = Field(description="One or two sentences: what an organisation at this stage is like.")
    characteristics: list[Text] = Field(min_length=1, description="What you see in an organisation at this stage.")
    limits: list[Text] = Field(default_factory=list, description="What this stage cannot do, or gets wrong.")
    next_step: list[Text] = Field(default_factory=list, description="What moving to the next stage takes. Empty for the last stage.")

    @property
    def display_title(self) -> str:
        return self.name


class JourneyStage(Record):
    """A stage of the one customer journey that every function shares."""

    kind: ClassVar[str] = "journey-stage"
    folder: ClassVar[str] = "journey"
    section: ClassVar[str] = "Customer journey"

    name: Text = Field(description="The stage's name, e.g. 'Onboarding'.")
    order: int = Field(ge=1, description="Position in the journey: 1 for the first stage.")
    summary: Text = Field(description="What happens in this stage, from the customer's side.")
    customer_goal: Text = Field(description="What the customer is trying to get done here, in their words.")

    @property
    def display_title(self) -> str:
        return self.name


class Metric(Record):
    """A measure that shows whether customers are better off."""

    kind: ClassVar[str] = "metric"
    folder: ClassVar[str] = "metrics"
    section: ClassVar[str] = "Metrics"

    name: Text = Field(description="The metric's name, e.g. 'Net Promoter Score'.")
    abbreviation: Text | None = Field(default=None, description="Short form, e.g. 'NPS'. Optional.")
    definition: Text = Field(description="What it measures, in one or two sentences.")
    how_to_compute: Text = Field(description="How to compute it, step by step or as a formula in words.")
    owned_by: list[FunctionRef] = Field(min_length=1, description="Ids of the functions accountable for this metric.")
    sources: list[SourceRef] = Field(default_factory=list, description="Ids of sources that discuss it. Optional.")

    @property
    def display_title(self) -> str:
        return f"{self.name} ({self.abbreviation})" if self.abbreviation else self.name


class Stat(Record):
    """A figure from a source. It never appears without that source."""

    kind: ClassVar[str] = "stat"
    folder: ClassVar[str] = "stats"
    section: ClassVar[str] = "Statistics"

    figure: Text = Field(description="The figure itself, e.g. '5.7x' or '78%'.")
    claim: Text = Field(
        description="The sentence the figure supports, e.g. 'Brands with a superior customer experience bring in 5.7 times the revenue of their competitors.'"
    )
    year: Year | None = Field(default=None, description="Year of the figure, where the source gives it, as YYYY.")
    source: SourceRef = Field(description="Id of the source that gives the figure. Required.")

    @property
    def display_title(self) -> str:
        return f"{self.figure} {self.claim}"


class Source(Record):
    """An article, book or study the playbook draws on."""

    kind: ClassVar[str] = "source"
    folder: ClassVar[str] = "sources"
    section: ClassVar[str] = "Sources"

    title: Text = Field(description="The work's title, as published.")
    author: Text | None = Field(default=None, description="Author(s), where known.")
    publisher: Text | None = Field(default=None, description="Publisher, journal or website, where known.")
    date: PartialDate | None = Field(default=None, description="Publication date where known: YYYY, YYYY-MM or YYYY-MM-DD.")
    type: Literal["article", "book", "study", "report", "web page"] = Field(description="What kind of work it is.")
    url: Url | None = Field(default=None, description="Where to read it (http, https or mailto), where public.")
    summary: Text | None = Field(default=None, description="One sentence on what the work covers. Optional.")
    cites: list[SourceRef] = Field(default_factory=list, description="Ids of the works this one lists as its own sources. Optional.")

    @property
    def display_title(self) -> str:
        return self.title


#: An abbreviation as it is written in running text: letters, digits and '&', at least two of them capitals
#: (NPS, tNPS, FP&A, B2B), so that an ordinary word is never taken for one.
Abbreviation = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9&]*[A-Z][A-Za-z0-9&]*[A-Z][A-Za-z0-9&]*$")]


class GlossaryTerm(Record):
    """A term or abbreviation that the playbook, its sources or colleagues use, and what it means here."""

    kind: ClassVar[str] = "glossary-term"
    folder: ClassVar[str] = "glossary"
    section: ClassVar[str] = "Glossary"
    page_per_record: ClassVar[bool] = False

    term: Text = Field(description="The term written out, as a reader looks it up, e.g. 'Net Promoter Score'.")
    abbreviations: list[Abbreviation] = Field(
        default_factory=list,
        description=(
            "Its short forms as they are written in text, e.g. [NPS]. Wherever a page uses one, the page shows what it "
            "stands for, and search treats it as the term. Optional."
        ),
    )
    definition: Text = Field(
        description=(
            "What it means, in one to three sentences of our own words. A statement of fact names its source under 'sources'; advice is worded as advice."
        )
    )
    functions: list[FunctionRef] = Field(default_factory=list, description="Ids of the functions it belongs to.")
    practices: list[PracticeRef] = Field(default_factory=list, description="Ids of the practices it belongs to.")
    metrics: list[MetricRef] = Field(default_factory=list, description="Ids of the metrics it belongs to.")
    case_studies: list[CaseStudyRef] = Field(default_factory=list, description="Ids of the case studies it belongs to.")
    stages: list[StageRef] = Field(default_factory=list, description="Ids of the maturity stages it belongs to.")
    journey: list[JourneyRef] = Field(default_factory=list, description="Ids of the customer-journey stages it belongs to.")
    stats: list[StatRef] = Field(default_factory=list, description="Ids of the statistics its definition quotes, shown with their sources.")
    sources: list[SourceRef] = Field(default_factory=list, description="Ids of the sources that use the term or back its definition.")

    @property
    def display_title(self) -> str:
        return f"{self.term} ({', '.join(self.abbreviations)})" if self.abbreviations else self.term

    def related(self) -> list[tuple[type[Record], str]]:
        """(kind, id) of every record the term belongs to, its figures last, in the order its entry lists them."""
        fields: tuple[tuple[str, type[Record]], ...] = (
            ("functions", Function),
            ("practices", Practice),
            ("metrics", Metric),
            ("case_studies", CaseStudy),
            ("stages", Stage),
            ("journey", JourneyStage),
            ("stats", Stat),
        )
        return [(kind, record_id) for name, kind in fields for record_id in getattr(self, name)]

    @property
    def sort_key(self) -> str:
        """A–Z by the term itself."""
        return self.term.casefold()


class DoneItem(Strict):
    """One checklist item a team has done, and when."""

    item: Id = Field(description="Id of an item on the team's function's checklist (its `id` there).")
    date: dt.date = Field(description="When the team did it, as YYYY-MM-DD. Not in the future.")


class Team(Record):
    """A team's progress on its function's checklist: what it did, and when."""

    kind: ClassVar[str] = "team"
    folder: ClassVar[str] = "teams"
    section: ClassVar[str] = "Teams"

    name: Text = Field(description="The team's name, e.g. 'Sales, Northern Europe'.")
    function: FunctionRef = Field(description="Id of the function whose checklist the team works through.")
    example: Flag = Field(default=False, description="true for an example shipped with the playbook, not a real team; its page says so.")
    done: list[DoneItem] = Field(default_factory=list, description="The checklist items the team has done, each once, with the date.")

    @property
    def display_title(self) -> str:
        return self.name


#: Every kind, in the order the site and the validator present them. A new kind is a Record
#: subclass added here, with a renderer in playbook/render/records.py.
KINDS: tuple[type[Record], ...] = (Practice, CaseStudy, Function, Stage, JourneyStage, Metric, Stat, Source, Team, GlossaryTerm)
KIND_BY_FOLDER: dict[str, type[Record]] = {k.folder: k for k in KINDS}
KIND_BY_NAME: dict[str, type[Record]] = {k.kind: k for k in KINDS}

#: A location inside a record: field names, with `EACH` standing for every index of a list.
EACH = -1


@dataclass(frozen=True)
class Reference:
    """A field of `kind` that refers to records of `target` (at `path`, lists marked EACH)."""

    kind: type[Record]
    path: tuple[str | int, ...]
    target: type[Record]

    @property
    def name(self) -> str:
        """The field as editors write it, e.g. 'checklist.practice'."""
        return ".".join(str(p) for p in self.path if p != EACH)

    def values(self, record: Record) -> Iterator[tuple[tuple[str | int, ...], str]]:
        """(location, id) of every id this field holds in `record`, in file order."""
        yield from _walk(record, self.path, ())


def _walk(value: Any, path: tuple[str | int, ...], loc: tuple[str | int, ...]) -> Iterator[tuple[tuple[str | int, ...], str]]:
    if value is None:
        return
    if not path:
        yield loc, value
        return
    head, rest = path[0], path[1:]
    if head == EACH:
        for i, item in enumerate(value):
            yield from _walk(item, rest, loc + (i,))
    else:
        yield from _walk(getattr(value, str(head)), rest, loc + (head,))


def _references_in(model: type[BaseModel], prefix: tuple[str | int, ...]) -> Iterator[tuple[tuple[str | int, ...], str]]:
    for name, field in model.model_fields.items():
        yield from _refs_of_type(field.annotation, field.metadata, prefix + (name,))


def _refs_of_type(annotation: Any, metadata: list[Any], path: tuple[str | int, ...]) -> Iterator[tuple[tuple[str | int, ...], str]]:
    for meta in metadata:
        if isinstance(meta, RefTo):
            yield path, meta.folder
            return
    origin = typing.get_origin(annotation)
    if origin is Annotated:
        inner, *extra = typing.get_args(annotation)
        yield from _refs_of_type(inner, extra, path)
    elif origin is list:
        yield from _refs_of_type(typing.get_args(annotation)[0], [], path + (EACH,))
    elif origin in (typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            if arg is not type(None):
                yield from _refs_of_type(arg, [], path)
    elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield from _references_in(annotation, path)


#: Every reference between kinds, read from the models' field types.
REFERENCES: tuple[Reference, ...] = tuple(Reference(kind, path, KIND_BY_FOLDER[folder]) for kind in KINDS for path, folder in _references_in(kind, ()))
