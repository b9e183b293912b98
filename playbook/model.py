"""The playbook's typed model: one pydantic class per kind of record.

This is the single source of truth for the schema. The JSON Schema files in `schema/`
are generated from it (`python -m playbook schema`) and a test keeps them in sync. What each
field may hold (text, rich text, ids, references, dates) is described in fields.py.

Every field carries a description: it is what editors see in their IDE, in
CONTRIBUTING.md and in `python -m playbook new`.
"""

from __future__ import annotations

from typing import Annotated, ClassVar, Literal

from pydantic import Field, StringConstraints

from .fields import (
    CHECKLIST_MOST,
    FEW,
    FUNCTIONS_MOST,
    SOME,
    Abbreviation,
    Alias,
    CaseStudyRef,
    Fits,
    Flag,
    FunctionRef,
    Id,
    IsoDate,
    JourneyRef,
    MetricRef,
    Name,
    Paragraph,
    PartialDate,
    Point,
    PracticeRef,
    RichText,
    Role,
    SourceRef,
    StageRef,
    StatRef,
    Summary,
    Text,
    Title,
    Url,
    Wanted,
    Year,
)
from .parts import ChecklistItem, DoneItem, Priority, Quote, Strict


class Record(Strict):
    """Fields every record has. The record's id is its file name, never a field."""

    kind: ClassVar[str]
    #: Where its files live, and the first part of its pages' addresses.
    folder: ClassVar[str]
    #: The section's title: its index page's heading and its entry in the navigation.
    section: ClassVar[str]
    #: The role that keeps the section page true, named on it when the page is generated.
    section_owner: ClassVar[str] = "Playbook maintainers"
    #: False for a kind whose records are entries on its section's page (at an anchor each), not pages of their own.
    page_per_record: ClassVar[bool] = True

    owner: Role = Field(description="The role that keeps this record true, e.g. 'Head of Customer Success'. A role, not a person's name.")
    last_reviewed: IsoDate = Field(description="When the owner last checked this record, as YYYY-MM-DD.")
    aliases: Annotated[list[Alias], Fits("a record's aliases", "keep the names people really type")] = Field(
        default_factory=list,
        max_length=12,
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

    title: Title = Field(description="Short name of the practice, e.g. 'Working Backwards'.")
    summary: Summary = Field(description="One or two sentences: what the practice is.")
    body: RichText = Field(description="The practice explained (restricted Markdown: paragraphs, lists, bold, italic, links).")
    why_it_matters: Paragraph = Field(description="Why a team should bother: the effect on customers and on the business.")
    how_to_start: Annotated[list[Point], Fits("the first steps", "keep the first few; the body can say more")] = Field(
        min_length=1, max_length=FEW, description="Ordered first steps a team can take next week, one per item."
    )
    functions: list[FunctionRef] = Field(min_length=1, max_length=FUNCTIONS_MOST, description="Ids of the functions this practice applies to.")
    stage: StageRef = Field(description="Id of the maturity stage where teams usually adopt it.")
    journey: list[JourneyRef] = Field(default_factory=list, max_length=SOME, description="Ids of the customer-journey stages it touches.")
    metrics: list[MetricRef] = Field(default_factory=list, max_length=FEW, description="Ids of the metrics that show it works.")
    stats: list[StatRef] = Field(default_factory=list, max_length=FEW, description="Ids of the statistics that back it.")
    quote: Quote | None = Field(default=None, description="An optional quotation, only when the exact words matter.")
    sources: list[SourceRef] = Field(min_length=1, max_length=FEW, description="Ids of the sources this practice is drawn from.")

    @property
    def display_title(self) -> str:
        return self.title


class CaseStudy(Record):
    """What one organisation did, and what came of it."""

    kind: ClassVar[str] = "case-study"
    folder: ClassVar[str] = "case-studies"
    section: ClassVar[str] = "Case studies"

    organisation: Name = Field(description="The organisation's name, e.g. 'Amazon'.")
    title: Title = Field(description="A headline for the case, e.g. 'Working Backwards from the customer'.")
    period: Annotated[Text, StringConstraints(max_length=100), Fits("a period", "say when in a few words, e.g. '2011-2013'")] = Field(
        description="When it happened, e.g. '2011-2013' or 'since 1994'."
    )
    summary: Summary = Field(description="One or two sentences: the case in brief.")
    what_they_did: RichText = Field(description="What the organisation did (restricted Markdown).")
    outcome: RichText = Field(description="What came of it, with figures only where a source gives them (restricted Markdown).")
    verdict: Literal["exemplar", "cautionary"] = Field(description="'exemplar' to follow, or 'cautionary' to learn from.")
    lessons: Annotated[list[Point], Wanted("add what a team should take from it")] = Field(
        default_factory=list, max_length=FEW, description="What a team should take from it, one lesson per item."
    )
    practices: list[PracticeRef] = Field(min_length=1, max_length=FEW, description="Ids of the practices this case illustrates.")
    stats: list[StatRef] = Field(default_factory=list, max_length=FEW, description="Ids of the statistics this case cites.")
    quote: Quote | None = Field(default=None, description="An optional quotation, only when the exact words matter.")
    sources: list[SourceRef] = Field(min_length=1, max_length=FEW, description="Ids of the sources this case is drawn from.")

    @property
    def display_title(self) -> str:
        return f"{self.organisation}: {self.title}"


class Function(Record):
    """A part of the company (Sales, Support, ...) and its adoption checklist."""

    kind: ClassVar[str] = "function"
    folder: ClassVar[str] = "functions"
    section: ClassVar[str] = "Functions"

    name: Name = Field(description="The function's name, e.g. 'Customer support'.")
    summary: Summary = Field(description="One sentence: what customer obsession means for this function.")
    what_it_means: RichText = Field(description="What customer obsession means in this function's daily work (restricted Markdown).")
    checklist: Annotated[list[ChecklistItem], Fits("a checklist", "split the function, or keep the items that matter most")] = Field(
        min_length=1, max_length=CHECKLIST_MOST, description="The adoption checklist, in the order a team should work through it."
    )
    stats: list[StatRef] = Field(default_factory=list, max_length=FEW, description="Ids of the statistics this page quotes, shown with their sources.")
    formerly: list[Id] = Field(
        default_factory=list,
        max_length=SOME,
        description=("Earlier ids of this function, after renaming its file, e.g. [sales]: ticks saved under them move here."),
    )

    @property
    def display_title(self) -> str:
        return self.name


class Stage(Record):
    """A stage of the maturity model."""

    kind: ClassVar[str] = "stage"
    folder: ClassVar[str] = "stages"
    section: ClassVar[str] = "Maturity model"

    name: Name = Field(description="The stage's name, e.g. 'Customer-centric'.")
    order: int = Field(ge=1, le=100, description="Position in the maturity model: 1 for the first stage.")
    reached_at_percent: int = Field(
        ge=1,
        le=100,
        description=(
            "Self-assessment rule: a team reaches this stage when it has done at least this percentage of the "
            "stage's checklist items (and has reached every earlier stage), e.g. 75."
        ),
    )
    summary: Summary = Field(description="One or two sentences: what an organisation at this stage is like.")
    characteristics: list[Point] = Field(min_length=1, max_length=FEW, description="What you see in an organisation at this stage.")
    limits: list[Point] = Field(default_factory=list, max_length=FEW, description="What this stage cannot do, or gets wrong.")
    next_step: list[Point] = Field(default_factory=list, max_length=FEW, description="What moving to the next stage takes. Empty for the last stage.")

    @property
    def display_title(self) -> str:
        return self.name


class JourneyStage(Record):
    """A stage of the one customer journey that every function shares."""

    kind: ClassVar[str] = "journey-stage"
    folder: ClassVar[str] = "journey"
    section: ClassVar[str] = "Customer journey"

    name: Name = Field(description="The stage's name, e.g. 'Onboarding'.")
    order: int = Field(ge=1, le=100, description="Position in the journey: 1 for the first stage.")
    summary: Summary = Field(description="What happens in this stage, from the customer's side.")
    customer_goal: Annotated[Text, StringConstraints(max_length=300), Fits("a customer's goal", "say it in one sentence, in the customer's words")] = Field(
        description="What the customer is trying to get done here, in their words."
    )

    @property
    def display_title(self) -> str:
        return self.name


class Metric(Record):
    """A measure that shows whether customers are better off."""

    kind: ClassVar[str] = "metric"
    folder: ClassVar[str] = "metrics"
    section: ClassVar[str] = "Metrics"

    name: Name = Field(description="The metric's name, e.g. 'Net Promoter Score'.")
    abbreviation: Annotated[Text, StringConstraints(max_length=16), Fits("an abbreviation", "write the short form only, e.g. 'NPS'")] | None = Field(
        default=None, description="Short form, e.g. 'NPS'. Optional."
    )
    definition: Summary = Field(description="What it measures, in one or two sentences.")
    how_to_compute: Paragraph = Field(description="How to compute it, step by step or as a formula in words.")
    owned_by: list[FunctionRef] = Field(min_length=1, max_length=FUNCTIONS_MOST, description="Ids of the functions accountable for this metric.")
    sources: list[SourceRef] = Field(default_factory=list, max_length=FEW, description="Ids of sources that discuss it. Optional.")

    @property
    def display_title(self) -> str:
        return f"{self.name} ({self.abbreviation})" if self.abbreviation else self.name


class Stat(Record):
    """A figure from a source. It never appears without that source."""

    kind: ClassVar[str] = "stat"
    folder: ClassVar[str] = "stats"
    section: ClassVar[str] = "Statistics"

    figure: Annotated[Text, StringConstraints(max_length=24), Fits("a figure", "write the figure alone, e.g. '5.7x'; the claim says the rest")] = Field(
        description="The figure itself, e.g. '5.7x' or '78%'."
    )
    claim: Annotated[Text, StringConstraints(max_length=300), Fits("a claim", "say it in one sentence")] = Field(
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

    title: Annotated[Text, StringConstraints(max_length=200), Fits("a work's title", "give the title as published, without its subtitle")] = Field(
        description="The work's title, as published."
    )
    author: Annotated[Text, StringConstraints(max_length=200), Fits("the authors", "name the first authors, then 'et al.'")] | None = Field(
        default=None, description="Author(s), where known."
    )
    publisher: Name | None = Field(default=None, description="Publisher, journal or website, where known.")
    date: PartialDate | None = Field(default=None, description="Publication date where known: YYYY, YYYY-MM or YYYY-MM-DD.")
    type: Literal["article", "book", "study", "report", "web page"] = Field(description="What kind of work it is.")
    url: Url | None = Field(default=None, description="Where to read it (http, https or mailto), where public.")
    summary: Paragraph | None = Field(default=None, description="One sentence on what the work covers. Optional.")
    cites: list[SourceRef] = Field(default_factory=list, max_length=SOME, description="Ids of the works this one lists as its own sources. Optional.")
    priorities: list[Priority] = Field(
        default_factory=list,
        max_length=FEW,
        description="What the work itself ranks first or most important, and the records that say so, so that a rewrite cannot quietly reverse it. Optional.",
    )

    @property
    def display_title(self) -> str:
        return self.title


class GlossaryTerm(Record):
    """A term or abbreviation that the playbook, its sources or colleagues use, and what it means here."""

    kind: ClassVar[str] = "glossary-term"
    folder: ClassVar[str] = "glossary"
    section: ClassVar[str] = "Glossary"
    page_per_record: ClassVar[bool] = False

    term: Name = Field(description="The term written out, as a reader looks it up, e.g. 'Net Promoter Score'.")
    abbreviations: list[Abbreviation] = Field(
        default_factory=list,
        max_length=FEW,
        description=(
            "Its short forms as they are written in text, e.g. [NPS]. Wherever a page uses one, the page shows what it "
            "stands for, and search treats it as the term. Optional."
        ),
    )
    definition: Summary = Field(
        description=(
            "What it means, in one to three sentences of our own words. A statement of fact names its source under 'sources'; advice is worded as advice."
        )
    )
    functions: list[FunctionRef] = Field(default_factory=list, max_length=FUNCTIONS_MOST, description="Ids of the functions it belongs to.")
    practices: list[PracticeRef] = Field(default_factory=list, max_length=FEW, description="Ids of the practices it belongs to.")
    metrics: list[MetricRef] = Field(default_factory=list, max_length=FEW, description="Ids of the metrics it belongs to.")
    case_studies: list[CaseStudyRef] = Field(default_factory=list, max_length=FEW, description="Ids of the case studies it belongs to.")
    stages: list[StageRef] = Field(default_factory=list, max_length=FEW, description="Ids of the maturity stages it belongs to.")
    journey: list[JourneyRef] = Field(default_factory=list, max_length=SOME, description="Ids of the customer-journey stages it belongs to.")
    stats: list[StatRef] = Field(default_factory=list, max_length=FEW, description="Ids of the statistics its definition quotes, shown with their sources.")
    sources: list[SourceRef] = Field(default_factory=list, max_length=FEW, description="Ids of the sources that use the term or back its definition.")

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


class Team(Record):
    """A team's progress on its function's checklist: what it did, and when."""

    kind: ClassVar[str] = "team"
    folder: ClassVar[str] = "teams"
    section: ClassVar[str] = "Teams"

    name: Name = Field(description="The team's name, e.g. 'Sales, Northern Europe'.")
    function: FunctionRef = Field(description="Id of the function whose checklist the team works through.")
    example: Flag = Field(default=False, description="true for an example shipped with the playbook, not a real team; its page says so.")
    done: Annotated[list[DoneItem], Fits("a team's record", "list each item of the function's checklist once")] = Field(
        default_factory=list, max_length=CHECKLIST_MOST, description="The checklist items the team has done, each once, with the date."
    )

    @property
    def display_title(self) -> str:
        return self.name


#: Every kind, in the order the site and the validator present them. A new kind is a Record
#: subclass added here, with its renderer in playbook/render/records.py and its entry in
#: CONTRIBUTING.md ("Adding a kind"); the references between kinds are read from the field
#: types by references.py.
KINDS: tuple[type[Record], ...] = (Practice, CaseStudy, Function, Stage, JourneyStage, Metric, Stat, Source, Team, GlossaryTerm)
KIND_BY_FOLDER: dict[str, type[Record]] = {k.folder: k for k in KINDS}
KIND_BY_NAME: dict[str, type[Record]] = {k.kind: k for k in KINDS}
