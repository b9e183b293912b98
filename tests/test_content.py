"""The shipped playbook: coverage minimums, and every figure shown with its source."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import ROOT
from playbook.load import load
from playbook.model import CaseStudy, Function, Practice, Source, Stat

STAGES = ["customer-focused", "customer-centric", "customer-led"]
FUNCTIONS = ["executive-leadership", "product-management", "engineering", "design-research", "marketing", "sales",
             "customer-success", "customer-support", "developer-relations", "people-hr", "finance", "legal"]
IN_DEPTH_CASES = ["amazon", "johnson-and-johnson", "jc-penney", "usaa", "avanza"]

#: Each sourced figure, as it may be written in prose, and the stat that carries its source.
FIGURES = {
    r"5\.7": "superior-cx-revenue-5-7x",
    r"\b78 ?%": "consistent-interactions-78-percent",
    r"\b75 ?%": "new-technology-expectation-75-percent",
    r"\b(one|1) in (three|3)\b": "b2b-customer-on-board-1-in-3",
    r"11\.7": "customer-on-board-performance-11-7-percent",
    r"\b(ten|10) ?(times|x|×)": "loyal-customer-value-10x",
    r"\b(six to seven|6 ?[-–] ?7) ?(times|x|×)?": "acquisition-cost-6-7x",
    r"\b62 ?%": "stopped-after-poor-experience-62-percent",
    r"\b14 ?(times|x|×)": "existing-customer-sale-14x",
    r"\b(12|twelve) seconds": "amazon-change-every-12-seconds",
    r"factor of (six|6)": "avanza-teams-divided-by-6",
    r"\b(two|2) hours": "leader-immersion-2-hours-weekly",
}


@pytest.fixture(scope="module")
def catalog():
    return load(ROOT / "playbook_data").catalog


def test_minimum_counts(catalog) -> None:
    counts = {kind: len(records) for kind, records in catalog.records.items()}
    assert counts["case-study"] >= 8 and counts["practice"] >= 24 and counts["function"] >= 10
    assert counts["metric"] >= 8 and counts["journey-stage"] >= 5
    assert list(catalog.stages) == STAGES
    assert set(FUNCTIONS) <= set(catalog.of(Function))
    assert set(FIGURES.values()) <= set(catalog.of(Stat))


@pytest.mark.parametrize("function_id", FUNCTIONS)
def test_every_function_has_a_full_checklist(catalog, function_id: str) -> None:
    fn = catalog.of(Function)[function_id]
    per_stage = {stage: sum(item.stage == stage for item in fn.checklist) for stage in STAGES}
    assert len(fn.checklist) >= 9 and min(per_stage.values()) >= 3, per_stage
    order = [STAGES.index(item.stage) for item in fn.checklist]
    assert order == sorted(order), "items go from the first stage to the last"


@pytest.mark.parametrize("case_id", IN_DEPTH_CASES)
def test_the_five_cases_are_told_in_depth(catalog, case_id: str) -> None:
    case = catalog.of(CaseStudy)[case_id]
    assert len(case.lessons) >= 3 and case.practices and case.sources


def test_every_practice_is_in_a_checklist(catalog) -> None:
    assert [p for p, items in [(p, catalog.items_for(p)) for p in catalog.of(Practice)] if not items] == []


def test_jc_penney_is_a_cautionary_tale_from_2011(catalog) -> None:
    case = catalog.of(CaseStudy)["jc-penney"]
    assert case.verdict == "cautionary" and "2011" in case.period + case.what_they_did
    assert "Fair and Square" in case.what_they_did


def _texts(record) -> str:
    data = record.model_dump(exclude={"stats", "sources", "owner", "last_reviewed"})
    return " ".join(_strings(data))


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def test_no_figure_appears_without_its_source(catalog) -> None:
    unsourced = []
    for kind in (Practice, CaseStudy, Function):
        for rid, record in catalog.of(kind).items():
            text = _texts(record)
            for pattern, stat_id in FIGURES.items():
                if re.search(pattern, text, re.IGNORECASE) and stat_id not in record.stats:
                    unsourced.append(f"{kind.folder}/{rid}.yml mentions {stat_id} but does not list it in stats")
    for page in sorted((ROOT / "docs").rglob("*.md")):
        prose = re.sub(r"\{\{.*?\}\}", "", page.read_text(encoding="utf-8"))
        unsourced += [f"{page.relative_to(ROOT)} quotes {stat_id} without {{{{ stat() }}}}"
                      for pattern, stat_id in FIGURES.items() if re.search(pattern, prose, re.IGNORECASE)]
    assert unsourced == []


def test_every_figure_is_shown_with_its_source_on_the_built_site(tmp_path: Path) -> None:
    from conftest import run_cli
    from html_pages import read

    assert run_cli("build", "--site-dir", str(tmp_path / "site"), cwd=ROOT).returncode == 0
    catalog = load(ROOT / "playbook_data").catalog
    for stat_id, stat in catalog.of(Stat).items():
        source = catalog.of(Source)[stat.source].title
        text = read(tmp_path / "site/stats" / stat_id / "index.html").text
        assert f"{stat.figure} — {stat.claim} ({source}" in text
