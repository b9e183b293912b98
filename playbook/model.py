"""The playbook's typed model: one pydantic class per kind of record.

This is the single source of truth for the schema. The JSON Schema files in `schema/`
are generated from it (`python -m playbook schema`) and a test keeps them in sync.

Every field carries a description: it is what editors see in their IDE, in
CONTRIBUTING.md and in `python -m playbook new`.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, ClassVar, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
ID_RE = re.compile(ID_PATTERN)


def _one_line(value: str) -> str:
    return " ".join(value.split())


#: Plain text: shown as text, never as Markdown or HTML. Line breaks fold into spaces.
Text = Annotated[str, AfterValidator(_one_line), StringConstraints(min_length=1, strip_whitespace=True)]
#: Rich text: a restricted Markdown (paragraphs, lists, **bold**, *italic*, `code`,
#: and links to http, https or mailto addresses). No HTML, no images.
RichText = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]
#: The id of another record: lowercase letters, digits and single hyphens.
Ref = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
Year = Annotated[str, StringConstraints(pattern=r"^\d{4}$")]
PartialDate = Annotated[str, StringConstraints(pattern=r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")]
Url = Annotated[str, StringConstraints(pattern=r"^(https?://|mailto:)\S+$")]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Quote(Strict):
    """Someone's exact words, with who said them and where they were published."""

    text: Text = Field(description="The exact words, as published.")
    speaker: Text = Field(description="Who said or wrote them, e.g. 'Jeff Bezos, Amazon'.")
    source: Ref = Field(description="Id of the source that published the quotation (a file in sources/).")


class Record(Strict):
    """Fields every record has. The record's id is its file name, never a field."""

    kind: ClassVar[str]
    folder: ClassVar[str]
    label: ClassVar[str]

    owner: Text = Field(description="The role that keeps this record true, e.g. 'Head of Customer Success'. A role, not a person's name.")
    last_reviewed: dt.date = Field(description="When the owner last checked this record, as YYYY-MM-DD.")
    aliases: list[Text] = Field(default_factory=list, description=(
        "Other names people type when they look for this record: abbreviations, older names, other spellings, "
        "e.g. [NPS, net promoter score]. Shown on the page and weighed like the title by search. Optional."))

    @property
    def display_title(self) -> str:
        raise NotImplementedError


class Practice(Record):
    """Something a team does that makes it more customer-obsessed."""

    kind: ClassVar[str] = "practice"
    folder: ClassVar[str] = "practices"
    label: ClassVar[str] = "Practices"

    title: Text = Field(description="Short name of the practice, e.g. 'Working Backwards'.")
    summary: Text = Field(description="One or two sentences: what the practice is.")
    body: RichText = Field(description="The practice explained (restricted Markdown: paragraphs, lists, bold, italic, links).")
    why_it_matters: Text = Field(description="Why a team should bother: the effect on customers and on the business.")
    how_to_start: list[Text] = Field(min_length=1, description="Ordered first steps a team can take next week, one per item.")
    functions: list[Ref] = Field(min_length=1, description="Ids of the functions this practice applies to (files in functions/).")
    stage: Ref = Field(description="Id of the maturity stage where teams usually adopt it (a file in stages/).")
    journey: list[Ref] = Field(default_factory=list, description="Ids of the customer-journey stages it touches (files in journey/).")
    metrics: list[Ref] = Field(default_factory=list, description="Ids of the metrics that show it works (files in metrics/).")
    stats: list[Ref] = Field(default_factory=list, description="Ids of the statistics that back it (files in stats/).")
    quote: Quote | None = Field(default=None, description="An optional quotation, only when the exact words matter.")
    sources: list[Ref] = Field(min_length=1, description="Ids of the sources this practice is drawn from (files in sources/).")

    @property
    def display_title(self) -> str:
        return self.title


class CaseStudy(Record):
    """What one organisation did, and what came of it."""

    kind: ClassVar[str] = "case-study"
    folder: ClassVar[str] = "case-studies"
    label: ClassVar[str] = "Case studies"

    organisation: Text = Field(description="The organisation's name, e.g. 'Amazon'.")
    title: Text = Field(description="A headline for the case, e.g. 'Working Backwards from the customer'.")
    period: Text = Field(description="When it happened, e.g. '2011-2013' or 'since 1994'.")
    summary: Text = Field(description="One or two sentences: the case in brief.")
    what_they_did: RichText = Field(description="What the organisation did (restricted Markdown).")
    outcome: RichText = Field(description="What came of it, with figures only where a source gives them (restricted Markdown).")
    verdict: Literal["exemplar", "cautionary"] = Field(description="'exemplar' to follow, or 'cautionary' to learn from.")
    lessons: list[Text] = Field(default_factory=list, description="What a team should take from it, one lesson per item.")
    practices: list[Ref] = Field(min_length=1, description="Ids of the practices this case illustrates (files in practices/).")
    stats: list[Ref] = Field(default_factory=list, description="Ids of the statistics this case cites (files in stats/).")
    quote: Quote | None = Field(default=None, description="An optional quotation, only when the exact words matter.")
    sources: list[Ref] = Field(min_length=1, description="Ids of the sources this case is drawn from (files in sources/).")

    @property
    def display_title(self) -> str:
        return f"{self.organisation}: {self.title}"


class ChecklistItem(Strict):
    """One action a team can tick off."""

    id: Ref = Field(description="Stable id, unique within this function. Keep it when rewording the text: people's ticks are stored under it.")
    text: Text = Field(description="The action, written so a team can tick it off, e.g. 'Read three support tickets every week'.")
    stage: Ref = Field(description="Id of the maturity stage this item belongs to (a file in stages/).")
    practice: Ref = Field(description="Id of the practice this item puts into action (a file in practices/).")


class Function(Record):
    """A part of the company (Sales, Support, ...) and its adoption checklist."""

    kind: ClassVar[str] = "function"
    folder: ClassVar[str] = "functions"
    label: ClassVar[str] = "Functions"

    name: Text = Field(description="The function's name, e.g. 'Customer support'.")
    summary: Text = Field(description="One sentence: what customer obsession means for this function.")
    what_it_means: RichText = Field(description="What customer obsession means in this function's daily work (restricted Markdown).")
    checklist: list[ChecklistItem] = Field(min_length=1, description="The adoption checklist, in the order a team should work through it.")
    stats: list[Ref] = Field(default_factory=list, description="Ids of the statistics this page quotes (files in stats/), shown with their sources.")

    @property
    def display_title(self) -> str:
        return self.name


class Stage(Record):
    """A stage of the maturity model."""

    kind: ClassVar[str] = "stage"
    folder: ClassVar[str] = "stages"
    label: ClassVar[str] = "Maturity model"

    name: Text = Field(description="The stage's name, e.g. 'Customer-centric'.")
    order: int = Field(ge=1, description="Position in the maturity model: 1 for the first stage.")
    reached_at_percent: int = Field(ge=1, le=100, description=(
        "Self-assessment rule: a team reaches this stage when it has done at least this percentage of the "
        "stage's checklist items (and has reached every earlier stage), e.g. 75."))
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
    label: ClassVar[str] = "Customer journey"

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
    label: ClassVar[str] = "Metrics"

    name: Text = Field(description="The metric's name, e.g. 'Net Promoter Score'.")
    abbreviation: Text | None = Field(default=None, description="Short form, e.g. 'NPS'. Optional.")
    definition: Text = Field(description="What it measures, in one or two sentences.")
    how_to_compute: Text = Field(description="How to compute it, step by step or as a formula in words.")
    owned_by: list[Ref] = Field(min_length=1, description="Ids of the functions accountable for this metric (files in functions/).")
    sources: list[Ref] = Field(default_factory=list, description="Ids of sources that discuss it (files in sources/). Optional.")

    @property
    def display_title(self) -> str:
        return f"{self.name} ({self.abbreviation})" if self.abbreviation else self.name


class Stat(Record):
    """A figure from a source. It never appears without that source."""

    kind: ClassVar[str] = "stat"
    folder: ClassVar[str] = "stats"
    label: ClassVar[str] = "Statistics"

    figure: Text = Field(description="The figure itself, e.g. '5.7x' or '78%'.")
    claim: Text = Field(description="The sentence the figure supports, e.g. 'Brands with a superior customer experience bring in 5.7 times the revenue of their competitors.'")
    year: Year | None = Field(default=None, description="Year of the figure, where the source gives it, as YYYY.")
    source: Ref = Field(description="Id of the source that gives the figure (a file in sources/). Required.")

    @property
    def display_title(self) -> str:
        return f"{self.figure} {self.claim}"


class Source(Record):
    """An article, book or study the playbook draws on."""

    kind: ClassVar[str] = "source"
    folder: ClassVar[str] = "sources"
    label: ClassVar[str] = "Sources"

    title: Text = Field(description="The work's title, as published.")
    author: Text | None = Field(default=None, description="Author(s), where known.")
    publisher: Text | None = Field(default=None, description="Publisher, journal or website, where known.")
    date: PartialDate | None = Field(default=None, description="Publication date where known: YYYY, YYYY-MM or YYYY-MM-DD.")
    type: Literal["article", "book", "study", "report", "web page"] = Field(description="What kind of work it is.")
    url: Url | None = Field(default=None, description="Where to read it (http, https or mailto), where public.")
    summary: Text | None = Field(default=None, description="One sentence on what the work covers. Optional.")
    cites: list[Ref] = Field(default_factory=list, description="Ids of the works this one lists as its own sources (files in sources/). Optional.")

    @property
    def display_title(self) -> str:
        return self.title


#: Every kind, in the order the site and the validator present them.
KINDS: tuple[type[Record], ...] = (Practice, CaseStudy, Function, Stage, JourneyStage, Metric, Stat, Source)
KIND_BY_FOLDER: dict[str, type[Record]] = {k.folder: k for k in KINDS}
