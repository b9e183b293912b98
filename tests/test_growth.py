"""The site grows at most linearly in the data: the worst valid input, built at two sizes.

The worst input is the one whose every byte makes the most output: the fields the site shows
again on other pages (a practice's title on each checklist item that links it, a function's
name on each of its items, a maturity stage's name on every function's and team's page) at the
longest length the model allows, written in characters that HTML escapes; everything shown only
once as short as it can be; every list that repeats something as long as allowed (a checklist
of the most items, each linking the longest title; a practice in every journey stage); the most
maturity and journey stages; and records that are little more than a page of their own (teams
with no item done). One unit of it is a function, its practice, case study, metric, statistic,
source and glossary term (whose abbreviation fills some items' text: each use is marked up), and
its teams; the test builds one unit and two.

The limits are read from the model, so the fixture follows them when they change.
"""

from __future__ import annotations

import typing
from pathlib import Path

from conftest import make_project, run_cli
from pydantic import BaseModel

from playbook.model import KIND_BY_FOLDER, CaseStudy, Function, GlossaryTerm, JourneyStage, Metric, Practice, Record, Source, Stage, Stat
from playbook.parts import ChecklistItem
from playbook.validation.load import modeline

#: The site's bytes per byte of data, at most. Measured on the worst input below: 143 at one
#: unit (28 KB of data, 4.1 MB of site), 136 at two (50 KB, 6.8 MB), 126 for the second unit
#: alone (165, 160 and 152 without the glossary term); the limit leaves room for pages that
#: change a little. Much of it is the page around each record (Material's header, navigation and
#: footer: about 20 KB), which a team record of a hundred bytes gets like any other record; the
#: rest is the practice's title on each of its checklist items, shown on the function's page, its
#: printed sheets, each journey stage's page and the journey map, and in each item's search
#: result. A glossary abbreviation spelt out on every use (its term in each `title=`) made it 210.
BYTES_PER_BYTE = 190

#: Checklist items, per unit, whose text is one glossary abbreviation used as often as the text allows.
ABBREVIATED_ITEMS = 30

#: Teams with nothing done, per unit.
SMALL_TEAMS = 20

#: The fields every record has, as short as they can be.
REVIEWED = "owner: x\nlast_reviewed: 2026-01-15\n"

#: A field with no limit in the model is filled with this many characters.
UNBOUNDED = 2_000

#: What a field is filled with: characters that HTML writes as entities ('(' as '&#40;').
PATTERN = "Ab(c)_d"

#: Files that are the same whatever the data: the theme's and Pagefind's code, the schemas.
FIXED = ("assets/", "schema/")
FIXED_PAGEFIND = (".js", ".css", ".pagefind")


def most(model: type[BaseModel], name: str, item: bool = False) -> int:
    """The longest a field may be (characters, or items for a list), or one item of a list field;
    UNBOUNDED where the model sets no limit."""
    field = model.model_fields[name]
    metadata = list(field.metadata)
    annotation = field.annotation
    if item or not metadata:
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        inner = args[0] if args and (item or typing.get_origin(annotation) is not list) else annotation
        metadata = list(getattr(inner, "__metadata__", ()))
    limits = [int(meta.max_length) for meta in metadata if getattr(meta, "max_length", None)]
    return min(limits, default=UNBOUNDED)


def how_many(kind: type[Record], default: int) -> int:
    """The most records of a kind the data may hold (maturity and journey stages), or `default`."""
    from playbook.validation import checks

    limits = getattr(checks, "HOW_MANY", {})
    return int(limits[kind][0]) if kind in limits else default


def text(length: int) -> str:
    """Quoted text of exactly `length` characters, words of PATTERN."""
    words = " ".join([PATTERN] * (length // (len(PATTERN) + 1) + 1))[:length]
    return '"' + (words[:-1] + "x" if words.endswith(" ") else words) + '"'


def fixed_part() -> dict[str, str]:
    """The most maturity and journey stages the data may have, with the longest names."""
    files = {}
    for n in range(1, how_many(Stage, 10) + 1):  # short ids: each item names its stage
        files[f"stages/s{n}.yml"] = f"name: {text(most(Stage, 'name'))}\norder: {n}\nreached_at_percent: 50\nsummary: x\ncharacteristics: [x]\n"
    for n in range(1, how_many(JourneyStage, 20) + 1):
        files[f"journey/j{n}.yml"] = f"name: {text(most(JourneyStage, 'name'))}\norder: {n}\nsummary: x\ncustomer_goal: x\n"
    return files


def unit(u: int, stage_ids: list[str], journey_ids: list[str]) -> dict[str, str]:
    """One function and what it links. What is shown again elsewhere is at its longest (the
    practice's title, the function's name); what links it is as short as it can be (the checklist
    items, the teams), so that each of those few bytes brings the most onto other pages."""
    fn, practice, case, metric, stat, source = (f"{k}{u}" for k in "fpcmts")
    items = [f"i{n}" for n in range(min(most(Function, "checklist"), 60))]
    # A glossary term at its longest, whose abbreviation the unit's first items are full of: each
    # use is marked up on every page that shows the item, and must not copy the term each time.
    abbreviation = "Q" + chr(ord("A") + u)
    term = f'"{abbreviation} ' + text(most(GlossaryTerm, "term") - len(abbreviation) - 1)[1:]  # each unit's its own
    uses = " ".join([abbreviation] * ((most(ChecklistItem, "text") + 1) // (len(abbreviation) + 1)))
    said = ["x"] * len(items)
    said[:ABBREVIATED_ITEMS] = [uses] * ABBREVIATED_ITEMS
    checklist = "".join(f"  - {{id: {item}, text: {said[n]}, stage: {stage_ids[n % len(stage_ids)]}, practice: {practice}}}\n" for n, item in enumerate(items))
    files = {
        f"glossary/g{u}.yml": f"term: {term}\nabbreviations: [{abbreviation}]\ndefinition: x\n",
        f"functions/{fn}.yml": f"name: {text(most(Function, 'name'))}\nsummary: {text(most(Function, 'summary'))}\nwhat_it_means: x\nchecklist:\n{checklist}",
        f"practices/{practice}.yml": (
            f"title: {text(most(Practice, 'title'))}\nsummary: {text(most(Practice, 'summary'))}\nbody: x\nwhy_it_matters: x\n"
            f"how_to_start:\n  - {text(most(Practice, 'how_to_start', item=True))}\nfunctions: [{fn}]\nstage: {stage_ids[0]}\n"
            f"journey: [{', '.join(journey_ids)}]\nmetrics: [{metric}]\nstats: [{stat}]\nsources: [{source}]\n"
        ),
        f"case-studies/{case}.yml": (
            f"organisation: {text(most(CaseStudy, 'organisation'))}\ntitle: {text(most(CaseStudy, 'title'))}\n"
            f"period: {text(most(CaseStudy, 'period'))}\nsummary: {text(most(CaseStudy, 'summary'))}\nwhat_they_did: x\noutcome: x\n"
            f"verdict: cautionary\nlessons:\n  - {text(most(CaseStudy, 'lessons', item=True))}\npractices: [{practice}]\nsources: [{source}]\n"
        ),
        f"metrics/{metric}.yml": (
            f"name: {text(most(Metric, 'name'))}\nabbreviation: {text(most(Metric, 'abbreviation'))}\n"
            f"definition: {text(most(Metric, 'definition'))}\nhow_to_compute: x\nowned_by: [{fn}]\n"
        ),
        f"stats/{stat}.yml": f"figure: {text(most(Stat, 'figure'))}\nclaim: {text(most(Stat, 'claim'))}\nsource: {source}\n",
        f"sources/{source}.yml": f"title: {text(most(Source, 'title'))}\ntype: article\n",
        # A team that did every item: each line of its record brings an item, its stage and its date.
        f"teams/d{u}.yml": f"name: x\nfunction: {fn}\ndone:\n" + "".join(f"  - {{item: {item}, date: 2026-01-02}}\n" for item in items),
    }
    # Teams that are little more than a page of their own: its function's next three items and
    # every maturity stage on it, for a few bytes.
    for n in range(SMALL_TEAMS):
        files[f"teams/t{u}-{n}.yml"] = f"name: x\nfunction: {fn}\n"
    return files


def write_playbook(data: Path, units: int) -> int:
    """The worst playbook of `units` units in `data` (emptied first); returns its size in bytes."""
    for path in data.glob("*/*.yml"):
        path.unlink()
    files = fixed_part()
    stage_ids = [Path(rel).stem for rel in files if rel.startswith("stages/")]
    journey_ids = [Path(rel).stem for rel in files if rel.startswith("journey/")]
    for u in range(units):
        files.update(unit(u, stage_ids, journey_ids))
    size = 0
    for rel, body in files.items():
        path = data / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        content = f"{modeline(KIND_BY_FOLDER[rel.split('/')[0]])}\n{body}{REVIEWED}".encode()
        path.write_bytes(content)
        size += len(content)
    return size


def site_bytes(site: Path) -> int:
    """Bytes of every file the data makes: the site less the theme's and Pagefind's code and the schemas."""
    total = 0
    for path in site.rglob("*"):
        rel = path.relative_to(site).as_posix()
        code = rel.startswith(FIXED) or (rel.startswith("pagefind/") and rel.count("/") == 1 and rel.endswith(FIXED_PAGEFIND))
        if path.is_file() and not code:
            total += path.stat().st_size
    return total


def test_the_site_grows_at_most_linearly_in_the_data(tmp_path: Path) -> None:
    """At one unit and at two, the site is at most BYTES_PER_BYTE times the data, and the second
    unit costs no more per byte than the first: nothing grows with the square of the data."""
    project = make_project(tmp_path)
    for page in (project / "docs").rglob("*.md"):  # the hand-written pages name records of the small catalog
        kept = [line for line in page.read_text(encoding="utf-8").splitlines() if "stat('" not in line and "case_card(" not in line]
        page.write_text("\n".join(kept) + "\n", encoding="utf-8")
    data, site = project / "playbook_data", project / "site"
    sizes = []
    for units in (1, 2):
        data_size = write_playbook(data, units)
        result = run_cli("build", cwd=project)
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
        sizes.append((data_size, site_bytes(site)))
    (data1, site1), (data2, site2) = sizes
    first, second, added = site1 / data1, site2 / data2, (site2 - site1) / (data2 - data1)
    said = f"data {data1:,} and {data2:,} bytes, site {site1:,} and {site2:,} bytes: {first:.0f}, {second:.0f}, the second unit {added:.0f}"
    assert max(first, second, added) <= BYTES_PER_BYTE, said
    assert added <= first * 1.05, said
