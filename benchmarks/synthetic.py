"""Deterministic synthetic playbooks of N records, valid against the real model.

    python -m benchmarks.synthetic N DEST      # write DEST/playbook_data (and nothing else)

Every record is generated from its own seeded random stream (seed, kind, index), so record
number i of a kind is the same text at every N: only its references depend on how many
records of the other kinds there are. The mix is mostly practices (~400-word bodies), with
case studies, functions (10-item checklists that link every practice exactly once), the
3 maturity stages, 7 journey stages, metrics, stats and sources. Ids that the hand-written
pages in docs/ name in macros (e.g. `stat('superior-cx-revenue-5-7x')`) are given to the
first records of their kind, so the docs build unchanged.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import random
import re
import sys
import textwrap
from pathlib import Path

from playbook.model import KINDS

SEED = 20261201
#: The date of the data (SOURCE_DATE_EPOCH of every benchmark build): 2026-12-01 00:00 UTC.
DATA_DATE = dt.date(2026, 12, 1)
SOURCE_DATE_EPOCH = str(int(dt.datetime(2026, 12, 1, tzinfo=dt.UTC).timestamp()))

MODELINE = "# yaml-language-server: $schema=../../schema/{}.json\n"
FOLDER_KIND = {k.folder: k.kind for k in KINDS}
#: Which folder a macro's literal id argument refers to.
MACRO_FOLDER = {"stat": "stats", "case_card": "case-studies", "checklist": "functions", "practices_for": "functions"}
CHECKLIST_ITEMS = 10

STAGES = [
    ("customer-focused", "Customer-focused", "Listens to customers and reacts to what they say, team by team."),
    ("customer-centric", "Customer-centric", "Organised around one shared view of the customer and one journey."),
    ("customer-led", "Customer-led", "Customers shape products, priorities and decisions with us."),
]
JOURNEY = [
    ("first-exposure", "First exposure", "Find out whether this could solve my problem."),
    ("consideration", "Consideration", "Compare my options without being pushed."),
    ("purchase", "Purchase", "Buy without surprises in price or terms."),
    ("onboarding", "Onboarding", "Get the first result quickly."),
    ("use-and-support", "Use and support", "Get help fast when something goes wrong."),
    ("renewal-and-expansion", "Renewal and expansion", "Keep getting value for what I pay."),
    ("advocacy", "Advocacy", "Recommend something I am proud of."),
]
FUNCTION_NAMES = [
    "Sales",
    "Marketing",
    "Customer support",
    "Customer success",
    "Product management",
    "Engineering",
    "Design research",
    "Finance",
    "Legal",
    "People and HR",
    "Executive leadership",
    "Developer relations",
    "Operations",
    "Procurement",
    "Data and analytics",
    "Partnerships",
    "Security",
    "Facilities",
    "Communications",
    "Quality assurance",
]
REGIONS = [
    "",
    "EMEA",
    "Americas",
    "Asia Pacific",
    "Nordics",
    "DACH",
    "Benelux",
    "Iberia",
    "UK and Ireland",
    "Japan",
    "India",
    "Middle East",
    "Africa",
    "Latin America",
    "Canada",
    "Australia",
    "France",
    "Italy",
    "Central Europe",
    "Korea",
    "China",
    "Brazil",
    "Mexico",
    "Poland",
    "Turkey",
]
OWNERS = [
    "Head of Customer Experience",
    "Head of Product",
    "Head of Sales",
    "Head of Customer Success",
    "Head of Support",
    "Head of Marketing",
    "Chief Operating Officer",
    "Head of Research",
    "Head of Engineering",
    "Head of People",
    "Chief Financial Officer",
    "General Counsel",
]

VERBS = [
    "Review",
    "Map",
    "Share",
    "Measure",
    "Publish",
    "Run",
    "Invite",
    "Rotate",
    "Fund",
    "Reward",
    "Close",
    "Track",
    "Shadow",
    "Interview",
    "Prototype",
    "Simplify",
    "Retire",
    "Rewrite",
    "Test",
    "Explain",
    "Co-design",
    "Escalate",
    "Visit",
    "Answer",
    "Replay",
    "Score",
    "Tag",
    "Triage",
    "Audit",
    "Document",
]
OBJECTS = [
    "customer feedback",
    "support tickets",
    "the onboarding journey",
    "churn reasons",
    "win and loss interviews",
    "pricing pages",
    "release notes",
    "complaints",
    "customer calls",
    "usage data",
    "renewal risks",
    "first-run experience",
    "contract terms",
    "invoices",
    "help articles",
    "design partner sessions",
    "the customer council",
    "product reviews",
    "service levels",
    "handover notes",
    "survey verbatims",
    "escalations",
    "roadmap trade-offs",
    "account plans",
    "feature requests",
    "outage reports",
    "empty states",
    "error messages",
    "cancellation flows",
    "community questions",
]
QUALIFIERS = [
    "every week",
    "with the whole team",
    "before each release",
    "in every planning meeting",
    "with a named owner",
    "in the customer's words",
    "across functions",
    "each quarter",
    "within a day",
    "at every handover",
    "in public",
    "before deciding",
    "with evidence",
    "end to end",
    "from the outside in",
]
WORDS = (
    "customer customers team teams journey value decision decisions product service support feedback trust "
    "problem problems outcome outcomes evidence experience effort price promise week weeks quarter owner "
    "owners handover account accounts churn renewal loyalty habit habits metric metrics signal signals call "
    "calls ticket tickets review reviews release releases plan plans insight insights story stories pain point "
    "points friction moment moments goal goals result results risk risks leader leaders manager managers "
    "frontline staff people company companies market markets competitor competitors revenue cost costs time "
    "learning learnings detail details meeting meetings channel channels process processes"
).split()
LINKERS = ["and", "so that", "because", "while", "when", "before", "after", "until", "unless", "whereas"]
ADJ = [
    "clear",
    "shared",
    "small",
    "visible",
    "honest",
    "regular",
    "concrete",
    "measurable",
    "simple",
    "direct",
    "early",
    "late",
    "useful",
    "costly",
    "repeatable",
    "written",
    "public",
    "local",
    "cross-functional",
    "quiet",
]
VERB_WORDS = [
    "reads",
    "shares",
    "measures",
    "changes",
    "reviews",
    "explains",
    "tracks",
    "owns",
    "fixes",
    "tests",
    "hears",
    "decides",
    "publishes",
    "rewards",
    "removes",
    "answers",
    "maps",
    "asks",
    "writes",
    "ships",
]
ORGS = [
    "Acme",
    "Globex",
    "Initech",
    "Umbrella",
    "Hooli",
    "Vandelay",
    "Stark",
    "Wayne",
    "Tyrell",
    "Cyberdyne",
    "Soylent",
    "Wonka",
    "Gringotts",
    "Oscorp",
    "Aperture",
    "Blue Sun",
    "Monarch",
    "Virtucon",
    "Massive Dynamic",
    "Pied Piper",
    "Duff",
    "Sirius",
    "Nakatomi",
    "Genco",
    "Dunder",
    "Prestige",
    "Ollivander",
    "Zorg",
    "Kramerica",
    "Bluth",
]
ORG_SUFFIX = ["", " Bank", " Retail", " Telecom", " Insurance", " Airlines", " Software", " Energy", " Health", " Logistics", " Foods", " Media"]
PUBLISHERS = [
    "Harvard Business Review",
    "MIT Sloan Management Review",
    "Forbes",
    "Journal of Marketing",
    "McKinsey Quarterly",
    "Gartner",
    "Forrester",
    "Product Coalition",
    "O'Reilly",
    "Wiley",
]


def _sentence(r: random.Random, low: int = 10, high: int = 20) -> str:
    n = r.randint(low, high)
    words: list[str] = []
    while len(words) < n:
        words += [
            r.choice(["the", "a", "each", "every", "our"]),
            r.choice(ADJ),
            r.choice(WORDS),
            r.choice(VERB_WORDS),
            r.choice(["the", "their", "its"]),
            r.choice(WORDS),
        ]
        if len(words) < n - 3:
            words.append(r.choice(LINKERS))
    words = words[:n]
    if words[-1] in LINKERS or words[-1] in ("the", "a", "each", "every", "our", "their", "its"):
        words[-1] = r.choice(WORDS)
    s = " ".join(words)
    return s[0].upper() + s[1:] + "."


def _sentences(r: random.Random, count: int, low: int = 10, high: int = 20) -> str:
    return " ".join(_sentence(r, low, high) for _ in range(count))


def _words(text: str) -> int:
    return len(text.split())


def _rich(r: random.Random, target_words: int, list_items: int = 4) -> str:
    """Restricted Markdown: paragraphs with some **bold**, *italic* and links, and one bulleted list."""
    paragraphs: list[str] = []
    total = 0
    list_at = r.randint(1, 2)
    while total < target_words:
        if len(paragraphs) == list_at and list_items:
            items = [f"- {_sentence(r, 6, 12)[:-1].lower()};" for _ in range(list_items)]
            items[-1] = items[-1][:-1] + "."
            paragraphs.append(_sentence(r, 6, 10)[:-1] + ":")
            paragraphs.append("\n".join(items))
            total += sum(_words(i) for i in items)
            continue
        sents = [_sentence(r) for _ in range(r.randint(3, 5))]
        if r.random() < 0.5:
            k = r.randrange(len(sents))
            w = sents[k][:-1].split()
            i = r.randrange(1, len(w))
            w[i] = f"**{w[i]}**"
            sents[k] = " ".join(w) + "."
        if r.random() < 0.4:
            k = r.randrange(len(sents))
            w = sents[k][:-1].split()
            i = r.randrange(1, len(w))
            w[i] = f"*{w[i]}*"
            sents[k] = " ".join(w) + "."
        if r.random() < 0.25:
            sents.append(f"See the [study](https://example.com/research/{r.randrange(10**6)}) for the details.")  # one word: wrapping never splits the link
        para = " ".join(sents)
        paragraphs.append(para)
        total += _words(para)
    return "\n\n".join(paragraphs)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


# YAML output: block scalars for long text, plain scalars where safe, JSON-style quotes otherwise.

_PLAIN = re.compile(r"^[A-Za-z][A-Za-z0-9 ,.'()%/-]*$")


def _scalar(value: str) -> str:
    if _PLAIN.match(value) and ": " not in value and " #" not in value and not value.endswith(":"):
        return value
    return json.dumps(value, ensure_ascii=False)


def _folded(key: str, value: str, indent: str = "") -> list[str]:
    if len(value) <= 90:
        return [f"{indent}{key}: {_scalar(value)}"]
    body = textwrap.wrap(value, 96, break_long_words=False, break_on_hyphens=False)
    return [f"{indent}{key}: >-", *(f"{indent}  {line}" for line in body)]


def _literal(key: str, value: str) -> list[str]:
    lines = [f"{key}: |"]
    for para in value.split("\n"):
        if not para:
            lines.append("")
        elif para.startswith("- "):
            lines.append("  " + para)
        else:
            lines += ["  " + line for line in textwrap.wrap(para, 96, break_long_words=False, break_on_hyphens=False)]
    return lines


def _list(key: str, values: list[str]) -> list[str]:
    if not values:
        return []
    return [f"{key}:", *(f"  - {_scalar(v)}" for v in values)]


def _review(r: random.Random) -> list[str]:
    # About one record in six is overdue for review (more than 180 days before the data date).
    days = r.randint(185, 420) if r.random() < 0.17 else r.randint(0, 170)
    return [f"owner: {_scalar(r.choice(OWNERS))}", f"last_reviewed: {(DATA_DATE - dt.timedelta(days=days)).isoformat()}"]


# The mix ---------------------------------------------------------------------------------------


def counts_for(n: int) -> dict[str, int]:
    """How many records of each folder a playbook of `n` records has (sums to n exactly)."""
    fixed = len(STAGES) + len(JOURNEY)
    if n < fixed + 20:
        raise ValueError(f"a synthetic playbook needs at least {fixed + 20} records, got {n}")
    rest = n - fixed
    # practices + ceil(practices / 10) functions take ~68% of the rest.
    practices = max(10, round(rest * 0.62))
    functions = math.ceil(practices / CHECKLIST_ITEMS)
    case_studies = max(2, round(rest * 0.10))
    metrics = max(2, round(rest * 0.045))
    stats = max(2, round(rest * 0.085))
    sources = rest - practices - functions - case_studies - metrics - stats
    if sources < 2:
        raise ValueError(f"too few records ({n}) for the mix")
    return {
        "practices": practices,
        "case-studies": case_studies,
        "functions": functions,
        "stages": len(STAGES),
        "journey": len(JOURNEY),
        "metrics": metrics,
        "stats": stats,
        "sources": sources,
    }


def docs_ids(docs_dir: Path) -> dict[str, list[str]]:
    """Ids that the hand-written pages pass to macros as literals, by folder, in order of appearance."""
    found: dict[str, list[str]] = {}
    pattern = re.compile(r"\b(" + "|".join(MACRO_FOLDER) + r")\(\s*['\"]([a-z0-9]+(?:-[a-z0-9]+)*)['\"]\s*\)")
    for page in sorted(docs_dir.rglob("*.md")):
        for macro, rid in pattern.findall(page.read_text(encoding="utf-8")):
            ids = found.setdefault(MACRO_FOLDER[macro], [])
            if rid not in ids:
                ids.append(rid)
    return found


class Ids:
    """The id of record i of each folder."""

    def __init__(self, counts: dict[str, int], reserved: dict[str, list[str]]):
        self.ids: dict[str, list[str]] = {}
        for folder, n in counts.items():
            if folder == "stages":
                self.ids[folder] = [s[0] for s in STAGES]
            elif folder == "journey":
                self.ids[folder] = [j[0] for j in JOURNEY]
            else:
                own = reserved.get(folder, [])
                if len(own) > n:
                    raise ValueError(f"docs/ names {len(own)} {folder} but the playbook has only {n}")
                self.ids[folder] = own + [self._make(folder, i) for i in range(len(own), n)]

    @staticmethod
    def _make(folder: str, i: int) -> str:
        r = random.Random(f"{SEED}-id-{folder}-{i}")
        stem = {
            "practices": lambda: f"{r.choice(VERBS)} {r.choice(OBJECTS)}",
            "case-studies": lambda: f"{r.choice(ORGS)}{r.choice(ORG_SUFFIX)}",
            "functions": lambda: _function_name(i),
            "metrics": lambda: f"{r.choice(ADJ)} {r.choice(WORDS)} rate",
            "stats": lambda: f"{r.choice(WORDS)} {r.choice(WORDS)} {r.randint(2, 95)} percent",
            "sources": lambda: f"{r.choice(ADJ)} {r.choice(WORDS)} study",
        }[folder]()
        return f"{_slug(stem)}-{i + 1}"

    def __getitem__(self, folder: str) -> list[str]:
        return self.ids[folder]


def _pick(r: random.Random, ids: list[str], low: int, high: int, first: str | None = None) -> list[str]:
    k = min(len(ids), r.randint(low, high))
    chosen = r.sample(ids, k)
    if first is not None:
        chosen = [first] + [c for c in chosen if c != first]
        chosen = chosen[: max(k, 1)]
    return chosen


def _function_name(i: int) -> str:
    base = FUNCTION_NAMES[i % len(FUNCTION_NAMES)]
    region = REGIONS[(i // len(FUNCTION_NAMES)) % len(REGIONS)]
    cycle = i // (len(FUNCTION_NAMES) * len(REGIONS))
    name = f"{base}, {region}" if region else base
    return f"{name} {cycle + 1}" if cycle else name


def generate(n: int, data_dir: Path, docs_dir: Path) -> dict[str, int]:
    """Write a playbook of exactly `n` records into `data_dir`; return the count per folder."""
    counts = counts_for(n)
    ids = Ids(counts, docs_ids(docs_dir))
    P, F, S, M, ST, SRC = (ids["practices"], ids["functions"], ids["stages"], ids["metrics"], ids["stats"], ids["sources"])
    J, C = ids["journey"], ids["case-studies"]
    files: dict[str, list[str]] = {}

    def rng(folder: str, i: int) -> random.Random:
        return random.Random(f"{SEED}-{folder}-{i}")

    # Checklists: function j holds practices 10j .. 10j+9; item k's stage is the practice's stage.
    def practice_stage(i: int) -> str:
        pos = i % CHECKLIST_ITEMS
        return S[0] if pos < 4 else S[1] if pos < 7 else S[2]

    def practice_function(i: int) -> str:
        return F[i // CHECKLIST_ITEMS]

    for i, (sid, name, summary) in enumerate(STAGES):
        r = rng("stages", i)
        lines = [
            f"name: {name}",
            f"order: {i + 1}",
            "reached_at_percent: 75",
            *_folded("summary", summary),
            *_list("characteristics", [_sentence(r, 8, 14) for _ in range(4)]),
            *_list("limits", [_sentence(r, 8, 14) for _ in range(2)]),
            *_list("next_step", [_sentence(r, 8, 14) for _ in range(2)] if i < len(STAGES) - 1 else []),
            *_review(r),
        ]
        files[f"stages/{sid}"] = lines

    for i, (jid, name, goal) in enumerate(JOURNEY):
        r = rng("journey", i)
        files[f"journey/{jid}"] = [f"name: {name}", f"order: {i + 1}", *_folded("summary", _sentences(r, 2)), f"customer_goal: {_scalar(goal)}", *_review(r)]

    for i, rid in enumerate(SRC):
        r = rng("sources", i)
        title = " ".join(w.capitalize() if k == 0 else w for k, w in enumerate(_sentence(r, 4, 9)[:-1].split()))
        lines = [f"title: {_scalar(title)}"]
        if r.random() < 0.8:
            lines.append(f"author: {_scalar(r.choice(['A. Smith', 'B. Jones', 'C. Garcia', 'D. Chen', 'E. Müller', 'F. Okafor']))}")
        lines.append(f"publisher: {_scalar(r.choice(PUBLISHERS))}")
        lines.append(f"date: '{r.randint(1995, 2026)}-{r.randint(1, 12):02d}'")
        lines.append(f"type: {r.choice(['article', 'book', 'study', 'report', 'web page'])}")
        lines.append(f"url: https://example.com/sources/{rid}")
        lines += _folded("summary", _sentence(r, 12, 22))
        lines += _list("cites", [SRC[j] for j in sorted(r.sample(range(i), min(i, r.randint(0, 2))))] if i else [])
        files[f"sources/{rid}"] = lines + _review(r)

    for i, rid in enumerate(ST):
        r = rng("stats", i)
        figure = r.choice([f"{r.randint(2, 95)}%", f"{r.randint(11, 99) / 10:.1f}x", f"{r.randint(2, 20)} times", f"1 in {r.randint(2, 9)}"])
        lines = [
            f"figure: {_scalar(figure)}",
            *_folded("claim", _sentence(r, 10, 20)),
            f"year: '{r.randint(2005, 2026)}'" if r.random() < 0.8 else "",
            f"source: {SRC[i % len(SRC)]}",
            *_review(r),
        ]
        files[f"stats/{rid}"] = [x for x in lines if x]

    for i, rid in enumerate(F):
        r = rng("functions", i)
        start = min(i * CHECKLIST_ITEMS, len(P) - CHECKLIST_ITEMS)  # the last function may share a few practices
        block = list(range(start, start + CHECKLIST_ITEMS))
        block.sort(key=lambda p: (S.index(practice_stage(p)), p))
        lines = [
            f"name: {_scalar(_function_name(i))}",
            *_folded("summary", _sentence(r, 12, 22)),
            *_literal("what_it_means", _rich(r, 130, list_items=3)),
            "checklist:",
        ]
        seen: set[str] = set()
        for p in block:
            text = f"{r.choice(VERBS)} {r.choice(OBJECTS)} {r.choice(QUALIFIERS)}, {_sentence(r, 6, 12)[0].lower()}{_sentence(r, 6, 12)[1:-1]}."
            item_id = _slug(" ".join(text.split()[:4]))
            while item_id in seen:
                item_id += "-2"
            seen.add(item_id)
            lines += [f"  - id: {item_id}", *_folded("text", text, "    "), f"    stage: {practice_stage(p)}", f"    practice: {P[p]}"]
        lines += _list("stats", _pick(r, ST, 0, 2))
        files[f"functions/{rid}"] = lines + _review(r)

    for i, rid in enumerate(M):
        r = rng("metrics", i)
        name = f"{r.choice(ADJ).capitalize()} {r.choice(WORDS)} rate {i + 1}"
        lines = [f"name: {_scalar(name)}"]
        if r.random() < 0.5:
            lines.append(f"abbreviation: {''.join(w[0] for w in name.split()[:3]).upper()}{i + 1}")
        lines += [
            *_folded("definition", _sentences(r, 2, 10, 18)),
            *_folded("how_to_compute", _sentences(r, 2, 10, 18)),
            *_list("owned_by", _pick(r, F, 1, 3)),
            *_list("sources", _pick(r, SRC, 0, 2)),
            *_review(r),
        ]
        files[f"metrics/{rid}"] = lines

    for i, rid in enumerate(P):
        r = rng("practices", i)
        title = f"{r.choice(VERBS)} {r.choice(OBJECTS)} {r.choice(QUALIFIERS)}"
        lines = [
            f"title: {_scalar(title)}",
            *_folded("summary", _sentences(r, 2, 10, 18)),
            *_literal("body", _rich(r, 400)),
            *_folded("why_it_matters", _sentences(r, 2, 14, 22)),
            *_list("how_to_start", [_sentence(r, 10, 20) for _ in range(r.randint(3, 5))]),
            *_list("functions", _pick(r, F, 1, 4, first=practice_function(i))),
            f"stage: {practice_stage(i)}",
            *_list("journey", _pick(r, J, 1, 3)),
            *_list("metrics", _pick(r, M, 0, 2)),
            *_list("stats", _pick(r, ST, 0, 2)),
        ]
        sources = _pick(r, SRC, 0, 2, first=SRC[i % len(SRC)])
        if r.random() < 0.2:
            lines += [
                "quote:",
                *_folded("text", _sentence(r, 10, 20), "  "),
                f"  speaker: {_scalar(r.choice(['A. Founder', 'B. Chief Executive', 'C. Head of Support']) + ', ' + r.choice(ORGS))}",
                f"  source: {sources[0]}",
            ]
        lines += _list("sources", sources)
        files[f"practices/{rid}"] = lines + _review(r)

    for i, rid in enumerate(C):
        r = rng("case-studies", i)
        org = f"{r.choice(ORGS)}{r.choice(ORG_SUFFIX)}"
        start = r.randint(1995, 2022)
        sources = _pick(r, SRC, 1, 2)
        lines = [
            f"organisation: {_scalar(org)}",
            f"title: {_scalar(_sentence(r, 4, 8)[:-1])}",
            f"period: {_scalar(f'{start}-{start + r.randint(1, 4)}' if r.random() < 0.7 else f'since {start}')}",
            *_folded("summary", _sentences(r, 2, 10, 18)),
            *_literal("what_they_did", _rich(r, 160, list_items=3)),
            *_literal("outcome", _rich(r, 80, list_items=0)),
            f"verdict: {'exemplar' if r.random() < 0.7 else 'cautionary'}",
            *_list("lessons", [_sentence(r, 8, 16) for _ in range(r.randint(2, 4))]),
            *_list("practices", _pick(r, P, 1, 4)),
            *_list("stats", _pick(r, ST, 0, 2)),
        ]
        if r.random() < 0.3:
            lines += ["quote:", *_folded("text", _sentence(r, 10, 20), "  "), f"  speaker: {_scalar('A. Leader, ' + org)}", f"  source: {sources[0]}"]
        lines += _list("sources", sources)
        files[f"case-studies/{rid}"] = lines + _review(r)

    for rel, lines in files.items():
        folder = rel.split("/")[0]
        path = data_dir / f"{rel}.yml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(MODELINE.format(FOLDER_KIND[folder]) + "\n".join(lines) + "\n", encoding="utf-8")
    written = {folder: len(list((data_dir / folder).glob("*.yml"))) for folder in counts}
    assert written == counts and sum(written.values()) == n, (written, counts)
    return counts


def main(argv: list[str]) -> None:
    n, dest = int(argv[0]), Path(argv[1])
    docs = Path(argv[2]) if len(argv) > 2 else Path(__file__).resolve().parent.parent / "docs"
    print(json.dumps(generate(n, dest / "playbook_data", docs)))


if __name__ == "__main__":
    main(sys.argv[1:])
