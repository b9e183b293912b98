"""The table that locks the browser's rules to Python's, made from the Python side.

Every expected value comes from the program's own functions (playbook.maturity, playbook.dates,
the loader, render.urls), applied to a copy of the showcase fixture with renames and one large
function added. tests/test_browser_contract.py hands the table to docs/assets/playbook.js in
one browser evaluation.
"""

from __future__ import annotations

import datetime as dt
import itertools
import shutil
from pathlib import Path

from playbook import characters, dates, maturity
from playbook.catalog import Catalog
from playbook.model import Function, Team
from playbook.render.urls import item_anchor
from playbook.validation import validate
from playbook.validation.load import modeline

#: Renames added to the showcase's sales checklist: (item id, its former ids).
RENAMED_ITEMS = {"buyer-decision-stages": ["pipeline-stages", "buyer-stages"], "joint-handover-call": ["handover-call"]}
#: The sales function's former id.
FORMER_FUNCTION = "sales-team"
#: A function with a stage of more than maturity.COUNTS_ONLY_UP_TO items, stated with shares.
LARGE = "large-function"
LARGE_STAGES = {"customer-focused": 3, "customer-centric": 12, "customer-led": 2}


def table_data(showcase: Path, into: Path) -> Path:
    """A copy of the showcase data with the renames, the large function and the team records of `parse_rows` added."""
    shutil.copytree(showcase, into)
    sales = into / "functions" / "sales.yml"
    text = sales.read_text(encoding="utf-8")
    for item_id, former in RENAMED_ITEMS.items():
        text = text.replace(f"  - id: {item_id}\n", f"  - id: {item_id}\n    formerly: [{', '.join(former)}]\n")
    sales.write_text(text + f"formerly:\n  - {FORMER_FUNCTION}\n", encoding="utf-8")
    items = "".join(
        f"  - id: {stage.split('-')[1]}-{n}\n    text: Item {n} of {stage}\n    stage: {stage}\n    practice: customer-as-subject\n"
        for stage, count in LARGE_STAGES.items()
        for n in range(1, count + 1)
    )
    (into / "functions" / f"{LARGE}.yml").write_text(
        f"{modeline(Function)}\nname: Large\nsummary: Many items.\nwhat_it_means: Many items.\nchecklist:\n{items}"
        "owner: Head of Large\nlast_reviewed: 2026-01-15\n",
        encoding="utf-8",
    )
    (into / "teams").mkdir(exist_ok=True)
    for team_id in PARSE_RECORDS:
        (into / "teams" / f"{team_id}.yml").write_bytes(record_text(team_id).encode("utf-8"))
    return into


# Maturity: every tick state of every function (a mask over its items), or for a function too
# large for that, every combination of how many items of each stage are ticked, first ones first.


def states(catalog: Catalog, fn: Function) -> list[int]:
    n = len(fn.checklist)
    if n <= 12:
        return list(range(2**n))
    positions = [[i for i, item in enumerate(fn.checklist) if item.stage == s] for s in catalog.stages]
    return [sum(1 << i for stage, k in zip(positions, ks, strict=True) for i in stage[:k]) for ks in itertools.product(*(range(len(p) + 1) for p in positions))]


def placement_text(placement: maturity.Placement) -> str:
    """A placement as one line: stages reached, next item ids, then each stage's words."""
    stages = "|".join(f"{s.done_text};{s.needed_text};{s.progress}" for s in placement.stages)
    return f"{placement.reached}|{','.join(i.id for i in placement.next_items)}|{stages}"


def maturity_rows(catalog: Catalog) -> list[list[object]]:
    rows: list[list[object]] = []
    for function_id, fn in sorted(catalog.of(Function).items()):
        for mask in states(catalog, fn):
            done = [item.id for i, item in enumerate(fn.checklist) if mask >> i & 1]
            rows.append([function_id, mask, placement_text(maturity.place(catalog, fn, done))])
    return rows


# Former ids: sets of marks (ticks, done items) under current, former and unknown ids.


def migrate_rows(catalog: Catalog) -> list[list[object]]:
    sales = catalog.get(Function, "sales")
    first, second, third = (i.id for i in sales.checklist[:3])
    mark_lists = [
        [],
        [[first, "2026-01-01"]],
        [["pipeline-stages", "2025-01-01"]],
        [["pipeline-stages", "2025-01-01"], [first, "2026-01-01"]],  # the current id wins, wherever it comes
        [[first, "2026-01-01"], ["pipeline-stages", "2025-01-01"]],
        [["buyer-stages", "a"], ["pipeline-stages", "b"]],  # two former ids of one item: the first wins
        [["handover-call", True], [third, True], ["gone", True], ["gone", True], ["constructor", True], ["__proto__", True]],
        [[second, None], ["handover-call", "2026-02-02"]],
        [[first, 1], [first, 2]],
        [["Pipeline-Stages", True], ["pipeline-stages ", True], ["", True]],
    ]
    rows: list[list[object]] = []
    for marks in mark_lists:
        found, unknown = maturity.migrate(sales, [(m[0], m[1]) for m in marks])
        rows.append(["sales", marks, [[k, v] for k, v in found.items()], unknown])
    return rows


def function_rows(catalog: Catalog) -> list[list[object]]:
    ids = maturity.current_function_ids(catalog)
    asked = [*sorted(ids), "sales-teams", "constructor", "__proto__", "", "SALES"]
    return [[asked_id, ids.get(asked_id)] for asked_id in asked]


def anchor_rows(catalog: Catalog) -> list[list[str]]:
    return [[f, i.id, "#" + item_anchor(i.id)] for f, fn in sorted(catalog.of(Function).items()) for i in fn.checklist]


# Dates: each text on several days, against dates.check.

DATE_TEXTS = [
    "2026-02-28", "2026-02-29", "2024-02-29", "2000-02-29", "1900-02-29", "2100-02-29", "2026-13-45", "2026-00-10", "2026-04-31",
    "2026-04-30", "2026-12-31", "0000-00-00", "1999-12-31", "2000-01-01", "2999-01-01", "9999-12-31", "2026-1-1", "20260101",
    "2026-01-01T00:00", "２０２６-01-01", " 2026-01-01", "2026-01-01 ", "2026-01-01\n", "0", "1767225600", "", "2026/01/01", "+2026-01-01",
]  # fmt: skip
DAYS = ["2026-02-28", "2024-12-31", "2000-01-01", "2030-06-15"]


def date_rows() -> list[list[object]]:
    rows: list[list[object]] = []
    for day in DAYS:
        today = dt.date.fromisoformat(day)
        near = [(today + dt.timedelta(days=n)).isoformat() for n in (-1, 0, 1, 2)]
        for text in [*DATE_TEXTS, *near]:
            try:
                dates.check(text, today)
                reason = None
            except dates.DateError as exc:
                reason = exc.reason
            rows.append([text, day, reason])
    return rows


# Team records as validate reads them -> the browser's parseTeam. Each is a file of the table's data.

_TAIL = "owner: Head of Sales\nlast_reviewed: 2026-01-15\n"
PARSE_RECORDS = {
    "sales-block": "name: Block\nfunction: sales\ndone:\n  - item: share-win-loss\n    date: 2026-01-02\n  - item: pipeline-stages\n    date: 2025-12-30\n"
    + _TAIL,
    "sales-flow": "name: Flow\nfunction: sales\ndone: [{item: handover-call, date: 2026-01-03}, {item: 'share-win-loss', date: \"2026-01-04\"}]\n" + _TAIL,
    "sales-flow-lines": (
        "name: Flow on lines\nfunction: sales\ndone: [\n  {item: buyer-stages,\n   date: 2026-01-05},\n  {date: 2026-01-06, item: share-win-loss}\n]\n" + _TAIL
    ),
    "sales-column-zero": (
        "name: Column zero\nfunction: sales\ndone:\n- item: share-win-loss\n  date: 2026-01-07\n- date: 2026-01-08\n  item: joint-handover-call\n" + _TAIL
    ),
    "sales-quoted-keys": '"name": Quoted keys\n\'function\': "sales"\n"done":\n  - "item": "share-win-loss"\n    \'date\': \'2026-01-09\'\n' + _TAIL,
    "sales-flow-items": (
        "name: Flow items\nfunction: sales\ndone:\n  - {item: share-win-loss, date: 2026-01-10}\n"
        "  - {   item:   pipeline-stages ,  date:  2026-01-11 }\n" + _TAIL
    ),
    "sales-comments": (
        "# a comment\r\nname: Comments and CRLF\r\nfunction: sales\r\n\r\ndone:\r\n"
        "  # the first item\r\n  - item: share-win-loss\r\n\r\n    date: 2026-01-12\r\n  #- item: joint-handover-call\r\n"
        "owner: Head of Sales\r\nlast_reviewed: 2026-01-15\r\n"
    ),
    "sales-fooled": (
        "name: |-\n  Not fooled\n  function: marketing\n  done:\n  - item: nothing\nowner: Head of Sales\n"
        "done:\n  - item: share-win-loss\n    date: 2026-01-13\nfunction: sales\nlast_reviewed: 2026-01-15\n"
    ),
    "sales-none": "name: Nothing yet\nfunction: sales\n" + _TAIL,
    "sales-empty": "name: Empty list\nfunction: sales\ndone: []\n" + _TAIL,
    "sales-bom": "name: With a BOM\nfunction: sales\ndone:\n  - item: share-win-loss\n    date: 2026-01-14\n" + _TAIL,
    "large-function-many": "name: Large\nfunction: large-function\ndone:\n"
    + "".join(f"  - item: centric-{n}\n    date: 2026-01-{n:02d}\n" for n in range(1, 13))
    + _TAIL,
}


def record_text(team_id: str) -> str:
    """A record of PARSE_RECORDS as its file holds it: the schema line first (after a BOM, for one)."""
    body = PARSE_RECORDS[team_id]
    newline = "\r\n" if "\r\n" in body else "\n"
    return ("\ufeff" if team_id == "sales-bom" else "") + modeline(Team) + newline + body


def parse_rows(catalog: Catalog) -> list[list[object]]:
    """[text, function, [[item, date], ...]] as the loader reads each record (ids as written)."""
    rows: list[list[object]] = []
    for team_id in PARSE_RECORDS:
        team = catalog.get(Team, team_id)
        rows.append([record_text(team_id), team.function, [[d.item, d.date.isoformat()] for d in team.done]])
    return rows


# Team records the browser writes -> validate. Names that a record must carry, or must clean.

WRITE_NAMES = [
    'Sales "East" – Ärger',
    "Ventes – équipe",
    "販売チーム",
    "𝔖𝔞𝔩𝔢𝔰 🚀 and 👩‍💻",
    "next\u0085line",
    "bidi \u202eevil\u202c and \u2066isolate\u2069",
    "tab\tand\nnewline\r\nand\u2028separator",
    "   spaces   around   ",
    "# not a comment",
    "- not a list",
    "key: value",
    "null",
    "~",
    "'single' \\ back",
    "{{ 7*7 }} {% raw %}",
    "<script>alert(1)</script>",
    "zero\u200bwidth\ufeffbom",
    "\u0000nul\u001besc\u007fdel",
    # and every text of the character policy's own table
    *(text for text, _ in characters.cases()),
]


def write_rows(catalog: Catalog) -> list[list[object]]:
    """[function, name, owner, [[item, date], ...], today]: what the browser is asked to write."""
    sales = catalog.get(Function, "sales")
    done = [[i.id, f"2026-01-{n:02d}"] for n, i in enumerate(sales.checklist[:3], 1)]
    rows: list[list[object]] = []
    for n, name in enumerate(WRITE_NAMES):
        # " rN" keeps the file names apart: several names make the same slug.
        rows.append(["sales", f"{name} r{n}", f"Head of {name}", done if n % 2 else [], "2026-01-15"])
    return rows


def table(catalog: Catalog) -> dict[str, list]:
    return {
        "maturity": maturity_rows(catalog),
        "migrate": migrate_rows(catalog),
        "functions": function_rows(catalog),
        "anchors": anchor_rows(catalog),
        "dates": date_rows(),
        "parse": parse_rows(catalog),
        "write": write_rows(catalog),
    }


def load_table_catalog(data: Path) -> Catalog:
    return validate(data, None).catalog
