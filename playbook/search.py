"""Search built from the data: what each record's page tells the search engine, and the results
that are not pages of their own (checklist items, glossary terms, the print booklet).

All of it is plain data from the validated catalog, independent of any engine and of MkDocs:
the page template turns `page_search` into markup (a kind, facets, names), and the custom
records are added to the index through Pagefind's documented Python API (`add_custom_record`,
in indexer.py). What the browser reads to understand a query is lexicon.py.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .catalog import Catalog
from .model import CaseStudy, Function, GlossaryTerm, JourneyStage, Metric, Practice, Record, Source, Stage, Stat
from .references import EACH, REFERENCES
from .render.printing import BOOKLET_ALIASES, BOOKLET_TITLE
from .render.urls import PRINT_BOOKLET_URL, item_anchor, record_url

#: What a result says it is. Kinds not listed here are named after their `kind`.
_KIND_NAMES = {"stage": "Maturity stage", "stat": "Statistic"}
CHECKLIST_ITEM = "Checklist item"
#: Hand-written pages (home, index pages, the journey map, ...).
PAGE = "Page"

#: How much a match in a record's names (title and aliases) counts, by kind, where a title
#: match on a checklist item counts 5 (Pagefind's default for titles).
#: The hubs an employee looks for by name come first: a function page for "sales", the metric
#: for "churn", the case for "Amazon"; statistics and sources, which quote those words, last.
#: A glossary term comes just after the record it explains ("NPS": the metric, then the term).
NAME_WEIGHTS: dict[type[Record], int] = {Function: 10, Metric: 7, CaseStudy: 7, Stage: 7, JourneyStage: 7, Practice: 6, GlossaryTerm: 6, Stat: 3, Source: 3}
#: Hand-written pages (their title and the `aliases` of their front matter): like the hubs
#: people look for by name. overrides/main.html writes this weight into every such page.
PAGE_NAME_WEIGHT = 8
#: A glossary term's names on the records it belongs to: high, but below each record's own names,
#: so that "churn" finds the churn metric before the function whose work it is. Each term has a field
#: of its own ('terms-w4-1', 'terms-w4-2', ...), so that words from the names of two different
#: terms never add up to a match; a record with more than MAX_TERM_FIELDS terms shares the last one.
TERM_WEIGHT = 4
MAX_TERM_FIELDS = 24


def kind_name(kind: type[Record]) -> str:
    """A record kind as a result shows it, e.g. 'Case study'."""
    return _KIND_NAMES.get(kind.kind, kind.kind.replace("-", " ").capitalize())


def page_search(catalog: Catalog, kind: type[Record], rid: str) -> dict[str, object]:
    """What search knows about a record's page beyond its text: its kind, the functions and
    maturity stages it belongs to (the facets, see `facet_ids`), its names (the title and the
    aliases) and the names of the glossary terms that belong to it.

    A match in the names weighs like a match in the title, more for the kinds people look for
    by name (`NAME_WEIGHTS`), so an alias finds the record as its title does, and a function's
    page comes before a statistic or a checklist item whose title has the same words. A glossary
    term's names (`TERM_WEIGHT`) bring up the records it belongs to when someone types the term,
    its abbreviation or another name for it.
    """
    record = catalog.get(kind, rid)
    stages = facet_ids(catalog, kind, rid, Stage)
    return {
        "kind": kind_name(kind),
        "functions": unique(catalog.get(Function, f).name for f in facet_ids(catalog, kind, rid, Function)),
        "stages": [s.name for sid, s in catalog.stages.items() if sid in stages],  # in model order
        "names": unique([record.display_title, *([record.abbreviation] if isinstance(record, Metric) and record.abbreviation else []), *record.aliases]),
        "names_weight": NAME_WEIGHTS.get(kind, 5),
        "terms": [term_names(term) for term in _terms_of(catalog, kind, rid)],
    }


def facet_ids(catalog: Catalog, kind: type[Record], rid: str, facet: type[Record]) -> list[str]:
    """The records of `facet` (Function or Stage) a record belongs to, read from the model's
    references: itself, if it is one; those its own fields name; those of the practices it names.

    Only a record's own fields count, not those of its parts: a function's checklist items name
    practices and stages, but the function page belongs to that function alone.
    """
    if kind is facet:
        return [rid]
    record = catalog.get(kind, rid)
    practices = _named(record, kind, Practice)
    return [*_named(record, kind, facet), *(i for p in practices for i in _named(catalog.get(Practice, p), Practice, facet))]


def _named(record: Record, kind: type[Record], target: type[Record]) -> list[str]:
    """Ids of `target` records named by `record`'s own fields (a field, or a list field)."""
    own = (ref for ref in REFERENCES if ref.kind is kind and ref.target is target and all(step == EACH for step in ref.path[1:]))
    return [target_id for ref in own for _, target_id in ref.values(record)]


def _terms_of(catalog: Catalog, kind: type[Record], rid: str) -> list[GlossaryTerm]:
    return [t for tid, t in sorted(catalog.of(GlossaryTerm).items()) if (kind, rid) in t.related()]


def term_names(term: GlossaryTerm) -> list[str]:
    """Every name of a glossary term: the term, its abbreviations, its other names."""
    return unique([term.term, *term.abbreviations, *term.aliases])


@dataclass(frozen=True)
class CustomRecord:
    """A result that is not a page of its own: `url` is site-relative, e.g. 'functions/sales/#item-x'.

    `names` are matched like a record's title and aliases, with `names_weight`; `function` and
    `stage` are the facets it belongs to, if any.
    """

    url: str
    title: str
    content: str
    kind: str
    function: str = ""
    stage: str = ""
    names: tuple[str, ...] = ()
    names_weight: int = 5

    def meta(self) -> dict[str, str]:
        """Pagefind metadata: the title shown, the kind, and the names matched like a record's."""
        names = {f"names-w{self.names_weight}": " · ".join(self.names)} if self.names else {}
        return {"title": self.title, "kind": self.kind, **names}

    def filters(self) -> dict[str, list[str]]:
        """Pagefind filters: the facets a reader can narrow the results by."""
        facets = {"kind": [self.kind], "function": [self.function], "stage": [self.stage]}
        return {name: values for name, values in facets.items() if values != [""]}


def checklist_records(catalog: Catalog) -> list[CustomRecord]:
    """One result per checklist item, titled with the item's text, linking to the item on its function's page.

    Titles outweigh body text, so a person who types words from an item finds the item itself
    before the practices that use the same words. The browser shows an item under its function's
    result: its address without the anchor, and its `function` facet.
    """
    records = []
    for fn_id, fn in sorted(catalog.of(Function).items()):
        for item in fn.checklist:
            stage = catalog.stages[item.stage].name
            where = f"{fn.name} checklist · {stage} · Practice: {catalog.get(Practice, item.practice).title}"
            records.append(
                CustomRecord(
                    url=f"{record_url(Function, fn_id)}#{item_anchor(item.id)}",
                    title=item.text,
                    content=where,
                    kind=CHECKLIST_ITEM,
                    function=fn.name,
                    stage=stage,
                )
            )
    return records


GLOSSARY_TERM = kind_name(GlossaryTerm)


def glossary_records(catalog: Catalog) -> list[CustomRecord]:
    """One result per glossary term, linking to its entry on the glossary page: its names weigh
    like a record's, and its text is its definition."""
    return [
        CustomRecord(
            url=record_url(GlossaryTerm, term_id),
            title=term.display_title,
            content=term.definition,
            kind=GLOSSARY_TERM,
            names=tuple(term_names(term)),
            names_weight=NAME_WEIGHTS[GlossaryTerm],
        )
        for term_id, term in sorted(catalog.of(GlossaryTerm).items())
    ]


def page_records(catalog: Catalog) -> list[CustomRecord]:
    """Pages that are found by their names only: the print booklet, whose own text repeats every checklist."""
    return [
        CustomRecord(
            url=PRINT_BOOKLET_URL,
            title=BOOKLET_TITLE,
            content=f"Every function's adoption checklist to print, one function per page: {len(catalog.of(Function))} checklists.",
            kind=PAGE,
            names=(BOOKLET_TITLE, *BOOKLET_ALIASES),
            names_weight=PAGE_NAME_WEIGHT,
        )
    ]


def custom_records(catalog: Catalog) -> list[CustomRecord]:
    """Every result that is not an indexed page: checklist items, glossary terms, the booklet."""
    return [*checklist_records(catalog), *glossary_records(catalog), *page_records(catalog)]


def unique(values: Iterable[str]) -> list[str]:
    """The values in their first order, each once."""
    return list(dict.fromkeys(values))


class SearchIndexError(Exception):
    """The search index or its lexicon could not be written (the message says why)."""
