"""The validated playbook: every record by kind and id, and the relations derived from them."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from .model import KINDS, CaseStudy, Function, JourneyStage, Metric, Practice, Record, Source, Stage, Stat


@dataclass(frozen=True)
class Catalog:
    """All records, keyed by kind then id; `paths` gives each record's file, relative to the project."""

    records: dict[str, dict[str, Record]]
    paths: dict[tuple[str, str], str] = field(default_factory=dict)
    data_date: str = ""

    def of(self, kind: type[Record]) -> dict[str, Record]:
        return self.records.get(kind.kind, {})

    def get(self, kind: type[Record], record_id: str) -> Record:
        return self.records[kind.kind][record_id]

    @property
    def practices(self) -> dict[str, Practice]:
        return self.of(Practice)  # type: ignore[return-value]

    @property
    def case_studies(self) -> dict[str, CaseStudy]:
        return self.of(CaseStudy)  # type: ignore[return-value]

    @property
    def functions(self) -> dict[str, Function]:
        return self.of(Function)  # type: ignore[return-value]

    @property
    def metrics(self) -> dict[str, Metric]:
        return self.of(Metric)  # type: ignore[return-value]

    @property
    def stats(self) -> dict[str, Stat]:
        return self.of(Stat)  # type: ignore[return-value]

    @property
    def sources(self) -> dict[str, Source]:
        return self.of(Source)  # type: ignore[return-value]

    @cached_property
    def stages(self) -> dict[str, Stage]:
        """Maturity stages in model order."""
        return dict(sorted(self.of(Stage).items(), key=lambda kv: kv[1].order))  # type: ignore[union-attr]

    @cached_property
    def journey(self) -> dict[str, JourneyStage]:
        """Customer-journey stages in journey order."""
        return dict(sorted(self.of(JourneyStage).items(), key=lambda kv: kv[1].order))  # type: ignore[union-attr]

    def count(self) -> int:
        return sum(len(v) for v in self.records.values())

    # Derived relations: stored once in the data, read both ways on the site.

    @cached_property
    def cases_for_practice(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {p: [] for p in self.practices}
        for case_id, case in self.case_studies.items():
            for p in case.practices:
                out.setdefault(p, []).append(case_id)
        return out

    @cached_property
    def checklist_links(self) -> dict[str, list[tuple[str, str]]]:
        """Practice id -> (function id, item id) of every checklist item that puts it into action."""
        out: dict[str, list[tuple[str, str]]] = {p: [] for p in self.practices}
        for fn_id, fn in self.functions.items():
            for item in fn.checklist:
                out.setdefault(item.practice, []).append((fn_id, item.id))
        return out

    @cached_property
    def practices_for_function(self) -> dict[str, list[str]]:
        """Function id -> ids of the practices that name it in `functions`."""
        out: dict[str, list[str]] = {f: [] for f in self.functions}
        for p_id, p in self.practices.items():
            for f in p.functions:
                out.setdefault(f, []).append(p_id)
        return out

    @cached_property
    def stats_for_source(self) -> dict[str, list[str]]:
        """Source id -> ids of the statistics it gives."""
        out: dict[str, list[str]] = {s: [] for s in self.sources}
        for st_id, st in self.stats.items():
            out.setdefault(st.source, []).append(st_id)
        return out

    @cached_property
    def practices_for_metric(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {m: [] for m in self.metrics}
        for p_id, p in self.practices.items():
            for m in p.metrics:
                out.setdefault(m, []).append(p_id)
        return out

    @cached_property
    def metrics_for_function(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {f: [] for f in self.functions}
        for m_id, m in self.metrics.items():
            for f in m.owned_by:
                out.setdefault(f, []).append(m_id)
        return out

    @cached_property
    def citations(self) -> dict[str, list[tuple[str, str]]]:
        """Source id -> (kind, id) of every record that cites it, directly or through a quote."""
        out: dict[str, list[tuple[str, str]]] = {s: [] for s in self.sources}
        for kind in KINDS:
            for rid, rec in self.of(kind).items():
                for s in _cited_sources(rec):
                    if (kind.kind, rid) not in out.setdefault(s, []):
                        out[s].append((kind.kind, rid))
        return out

    @cached_property
    def stat_citations(self) -> dict[str, list[tuple[str, str]]]:
        """Stat id -> (kind, id) of every practice, case study and function that shows it."""
        out: dict[str, list[tuple[str, str]]] = {s: [] for s in self.stats}
        for kind in (Practice, CaseStudy, Function):
            for rid, rec in self.of(kind).items():
                for s in rec.stats:  # type: ignore[attr-defined]
                    out.setdefault(s, []).append((kind.kind, rid))
        return out


def _cited_sources(rec: Record) -> list[str]:
    found = list(getattr(rec, "sources", []) or []) + list(getattr(rec, "cites", []) or [])
    single = getattr(rec, "source", None)
    if isinstance(single, str):
        found.append(single)
    quote = getattr(rec, "quote", None)
    if quote is not None:
        found.append(quote.source)
    return found
