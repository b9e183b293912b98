"""The pieces records are made of: a quotation, a checklist item, a source's priorities, a team's
done item. Each is a strict model like the records (unknown keys refused); the kinds of record
that hold them are in model.py.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from .fields import (
    FEW,
    SOME,
    Action,
    FieldName,
    Fits,
    Id,
    IsoDate,
    Phrase,
    PracticeRef,
    RecordPath,
    SourceRef,
    StageRef,
    Text,
)


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Quote(Strict):
    """Someone's exact words, with who said them and where they were published."""

    text: Annotated[Text, StringConstraints(max_length=600), Fits("a quotation", "quote the words that matter, not the passage")] = Field(
        description="The exact words, as published."
    )
    speaker: Annotated[Text, StringConstraints(max_length=120), Fits("a speaker", "name the person and their role in a few words")] = Field(
        description="Who said or wrote them, e.g. 'Jeff Bezos, Amazon'."
    )
    source: SourceRef = Field(description="Id of the source that published the quotation.")


class ChecklistItem(Strict):
    """One action a team can tick off."""

    id: Id = Field(description="Stable id, unique within this function. Keep it when rewording the text: people's ticks are stored under it.")
    text: Action = Field(description="The action, written so a team can tick it off, e.g. 'Read three support tickets every week'.")
    stage: StageRef = Field(description="Id of the maturity stage this item belongs to.")
    practice: PracticeRef = Field(description="Id of the practice this item puts into action.")
    formerly: list[Id] = Field(
        default_factory=list,
        max_length=FEW,
        description=("Earlier ids of this item, after a rename, e.g. [read-tickets]: ticks saved under them move to this item."),
    )


class RankingStatement(Strict):
    """One place where the playbook states a source's ranking, with the words that carry it there."""

    record: RecordPath = Field(description="The record that states the ranking, as folder/id, e.g. 'practices/customer-first-principle'.")
    field: FieldName = Field(description="The field of that record that states it, e.g. 'body' or 'what_it_means'; for a list, each item is read on its own.")
    reads: list[Phrase] = Field(
        min_length=2,
        max_length=12,
        description=(
            "Short phrases, the ranking's own words included, that the field contains in this order, e.g. "
            "[board, strategy, above all, culture]. A rewrite that reverses the ranking breaks the order, "
            "and validate says so."
        ),
    )


class Priority(Strict):
    """Something a source ranks: what it puts first, or calls most important, and where the playbook says so."""

    ranks: Annotated[Text, StringConstraints(max_length=400), Fits("what a source ranks", "say it in one sentence")] = Field(
        description="What the source ranks, e.g. 'What a company needs to become customer-first'."
    )
    ranking: list[Phrase] = Field(
        min_length=1,
        max_length=FEW,
        description=(
            "The source's order, most important (or first) first, each as a short term that every statement's "
            "`reads` contains, e.g. [culture, board]. One term when the source only says what comes first."
        ),
    )
    stated_in: list[RankingStatement] = Field(min_length=1, max_length=SOME, description="Every place in the playbook that states this ranking.")


class DoneItem(Strict):
    """One checklist item a team has done, and when."""

    item: Id = Field(description="Id of an item on the team's function's checklist (its `id` there).")
    date: IsoDate = Field(description="When the team did it, as YYYY-MM-DD. Not in the future.")
