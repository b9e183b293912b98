"""Hostile text an editor (or a compromised account) could put in any field."""

from __future__ import annotations

import typing

from conftest import SMALL
from pydantic import BaseModel

from playbook.model import CaseStudy, ChecklistItem, Function, GlossaryTerm, JourneyStage, Metric, Practice, Quote, Source, Stage, Stat

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
    "text{onclick=alert(1)}",
    "{{ 7*7 }}",
    "{% raw %}",
    "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
]

#: The payloads on one line, as a YAML double-quoted string.
ALL = " ".join(PAYLOADS)


def yaml_text(value: str = ALL) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def chunks(limit: int) -> list[str]:
    """The payloads, in order, in as few texts of at most `limit` characters as hold them; a payload
    longer than `limit` is left out (a field that short cannot hold it)."""
    out: list[str] = []
    for payload in (p for p in PAYLOADS if len(p) <= limit):
        if out and len(out[-1]) + 1 + len(payload) <= limit:
            out[-1] += " " + payload
        else:
            out.append(payload)
    return out


def limit_of(model: type[BaseModel], name: str, item: bool = False) -> int:
    """The most characters a field (or one item of a list field) may hold; a large number where the model sets none."""
    field = model.model_fields[name]
    annotation = field.annotation
    metadata = [] if item else list(field.metadata)
    if item or not any(getattr(m, "max_length", None) for m in metadata):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        metadata += list(getattr(args[0] if args else annotation, "__metadata__", ()))
    return min((int(m.max_length) for m in metadata if getattr(m, "max_length", None)), default=1_000_000)


def fitting(model: type[BaseModel], name: str, item: bool = False, part: int = 0) -> str:
    """All the payloads when the field holds them, else as many as fit its limit: the `part`-th such text."""
    limit = limit_of(model, name, item)
    if len(ALL) <= limit:
        return ALL
    texts = chunks(limit)
    return texts[part % len(texts)]


def hostile_catalog() -> dict[str, str]:
    """The small catalog with every free-text field of every kind set to all the payloads, or as many as the field holds."""

    def t(model: type[BaseModel], name: str, item: bool = False, part: int = 0) -> str:
        return yaml_text(fitting(model, name, item, part))

    # Names hold fewer payloads than the other fields: the pages that show only names (the
    # self-assessment overview) get the rest from the other function's and the stage's names.

    return {
        "stages/focused.yml": (
            f"name: {t(Stage, 'name', part=1)}\norder: 1\nreached_at_percent: 75\nsummary: {t(Stage, 'summary')}\n"
            f"characteristics:\n  - {t(Stage, 'characteristics', True)}\nlimits:\n  - {t(Stage, 'limits', True)}\n"
            f"next_step:\n  - {t(Stage, 'next_step', True)}\n"
        ),
        "journey/discover.yml": (
            f"name: {t(JourneyStage, 'name')}\norder: 1\nsummary: {t(JourneyStage, 'summary')}\ncustomer_goal: {t(JourneyStage, 'customer_goal')}\n"
        ),
        "sources/book.yml": (
            f"title: {t(Source, 'title')}\nauthor: {t(Source, 'author')}\npublisher: {t(Source, 'publisher')}\ndate: '2021'\ntype: book\n"
            f"summary: {t(Source, 'summary')}\nurl: 'https://example.com/?q=<script>'\n"
        ),
        "stats/superior-cx-revenue-5-7x.yml": f"figure: {t(Stat, 'figure')}\nclaim: {t(Stat, 'claim')}\nsource: book\n",
        "metrics/nps.yml": (
            f"name: {t(Metric, 'name')}\nabbreviation: {t(Metric, 'abbreviation')}\ndefinition: {t(Metric, 'definition')}\n"
            f"how_to_compute: {t(Metric, 'how_to_compute')}\nowned_by:\n  - support\n"
        ),
        "practices/working-backwards.yml": (
            f"title: {t(Practice, 'title')}\nsummary: {t(Practice, 'summary')}\nbody: {t(Practice, 'body')}\n"
            f"why_it_matters: {t(Practice, 'why_it_matters')}\nhow_to_start:\n  - {t(Practice, 'how_to_start', True)}\nfunctions:\n  - support\n"
            f"stage: focused\njourney:\n  - discover\nmetrics:\n  - nps\nstats:\n  - superior-cx-revenue-5-7x\nsources:\n  - book\n"
            f"quote:\n  text: {t(Quote, 'text')}\n  speaker: {t(Quote, 'speaker')}\n  source: book\n"
        ),
        "case-studies/amazon.yml": (
            f"organisation: {t(CaseStudy, 'organisation')}\ntitle: {t(CaseStudy, 'title')}\nperiod: {t(CaseStudy, 'period')}\n"
            f"summary: {t(CaseStudy, 'summary')}\nwhat_they_did: {t(CaseStudy, 'what_they_did')}\noutcome: {t(CaseStudy, 'outcome')}\n"
            f"verdict: exemplar\nlessons:\n  - {t(CaseStudy, 'lessons', True)}\npractices:\n  - working-backwards\n"
            f"stats:\n  - superior-cx-revenue-5-7x\nsources:\n  - book\n"
            f"quote:\n  text: {t(Quote, 'text')}\n  speaker: {t(Quote, 'speaker')}\n  source: book\n"
        ),
        "functions/sales.yml": SMALL["functions/sales.yml"].replace("name: Sales", f"name: {t(Function, 'name', part=2)}"),
        "glossary/hostile.yml": (
            f"term: {t(GlossaryTerm, 'term')}\nabbreviations:\n  - XSS\naliases:\n  - {t(GlossaryTerm, 'aliases', True)}\n"
            f"definition: {t(GlossaryTerm, 'definition')}\nfunctions:\n  - support\n"
        ),
        "functions/support.yml": (
            f"name: {t(Function, 'name')}\nsummary: {t(Function, 'summary')}\nwhat_it_means: {t(Function, 'what_it_means')}\nchecklist:\n"
            f"  - id: read-tickets\n    text: {t(ChecklistItem, 'text')}\n    stage: focused\n    practice: working-backwards\n"
            f"  - id: one-view\n    text: {t(ChecklistItem, 'text')}\n    stage: centric\n    practice: one-journey\n"
            f"  - id: council\n    text: {t(ChecklistItem, 'text')}\n    stage: led\n    practice: working-backwards\n"
        ),
    }
