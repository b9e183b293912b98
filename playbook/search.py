"""Search built from the data: what each record's page tells the search engine, the results
that are not pages of their own (checklist items, glossary terms, the print booklet), the query
data the browser reads (the lexicon), and the run of Pagefind over a built site.

All but the last are plain data from the validated catalog, independent of any engine and of
MkDocs: the page template turns `page_search` into markup (a kind, facets, names), the custom
records are added to the index through Pagefind's documented Python API (`add_custom_record`),
and `write_lexicon` writes small JSON files that assets/search.js fetches on demand, as Pagefind
fetches its own chunks. The rules that both this module and the browser apply (filler words,
the typo rule, when a word counts as known) are written here once, and a test checks the
browser's against a table made here. `index_site` is the only place that knows Pagefind; it
writes the index, its JavaScript and its WebAssembly into `<site>/pagefind/`, from the wheel's
own binary: nothing is downloaded, at build time or in the browser.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import html
import json
import re
import signal
import threading
import unicodedata
from collections.abc import Awaitable, Callable, Coroutine, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar, cast

from .catalog import Catalog
from .model import CaseStudy, Function, GlossaryTerm, JourneyStage, Metric, Practice, Record, Source, Stage, Stat
from .references import EACH, REFERENCES
from .render.printing import BOOKLET_ALIASES, BOOKLET_TITLE
from .render.urls import PRINT_BOOKLET_URL, index_url, item_anchor, record_url

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
        "functions": _unique(catalog.get(Function, f).name for f in facet_ids(catalog, kind, rid, Function)),
        "stages": [s.name for sid, s in catalog.stages.items() if sid in stages],  # in model order
        "names": _unique([record.display_title, *([record.abbreviation] if isinstance(record, Metric) and record.abbreviation else []), *record.aliases]),
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
    return _unique([term.term, *term.abbreviations, *term.aliases])


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


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))


# What people type -------------------------------------------------------------------------------

#: Question and filler words: they do not decide the ranking, unless a query has nothing else.
FILLER_WORDS = (
    "how", "what", "is", "do", "we", "our", "my", "can", "the",
    "a", "an", "are", "am", "does", "did", "i", "to", "of", "for", "in", "on", "with", "about",
    "why", "when", "where", "who", "which", "should", "you", "your", "us", "it", "be", "vs", "versus", "and", "or",
)  # fmt: skip
#: The typo rule, as Meilisearch applies it: a word of at least ONE_TYPO letters may be corrected by
#: one edit, of at least TWO_TYPOS letters by two; shorter words are taken as typed.
ONE_TYPO, TWO_TYPOS = 5, 9


def words_of(text: str) -> list[str]:
    """The words of `text` as search compares them: lowercase, accents dropped, split on anything
    that is not a letter or a digit ('FP&A' -> ['fp', 'a'])."""
    plain = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return re.findall(r"[^\W_]+", plain)


def query_words(text: str, keep_case: bool = False) -> list[str]:
    """The words of a query as the browser reads them: split on spaces, each lowercase (unless
    `keep_case`), accents dropped, every character that is not a letter or a digit left out
    ("team's" -> 'teams', 'FP&A' -> 'fpa', 'customer-led' -> 'customerled'), as Pagefind reads a query."""
    out = []
    for token in text.split():
        plain = unicodedata.normalize("NFKD", token if keep_case else token.casefold())
        word = "".join(c for c in plain if c.isalnum() and not unicodedata.combining(c))
        if word:
            out.append(word)
    return out


def name_keys(name: str) -> list[str]:
    """The ways a query can spell a name, as `query_words` reads it: 'Win/loss review' is
    'winloss review' or 'win loss review'; a name that is also a filler word only in the case it
    is written, so that 'it' stays a filler word and 'IT' is the term."""
    keys = _unique([" ".join(query_words(name)), " ".join(words_of(name))])
    return [" ".join(query_words(name, keep_case=True)) if key in FILLER_WORDS else key for key in keys if key]


def typo_budget(word: str) -> int:
    """How many edits a word may be corrected by: 0 below ONE_TYPO letters, 1, or 2 from TWO_TYPOS."""
    return 2 if len(word) >= TWO_TYPOS else 1 if len(word) >= ONE_TYPO else 0


def edit_distance(a: str, b: str, limit: int) -> int:
    """Edits between two words (a letter added, left out or changed; two neighbours swapped counts
    as one), or `limit + 1` as soon as it is more than `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    before: list[int] = []
    row = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(row[j] + 1, current[j - 1] + 1, row[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], before[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        before, row = row, current
    return min(row[-1], limit + 1)


def stems(word: str) -> list[str]:
    """The word and the forms it may have come from by an English ending ('policies' -> 'policy',
    'onboarded' -> 'onboard'): a word is known when one of these begins a word of the vocabulary,
    as the search engine, which stems words, would find it."""
    found = [word]
    endings = (("ies", "y"), ("es", ""), ("es", "e"), ("s", ""), ("ing", ""), ("ing", "e"), ("ed", ""), ("ed", "e"), ("'s", ""))
    for ending, replacement in endings:
        if word.endswith(ending) and not word.endswith(("ss", "us")) and len(word) - len(ending) + len(replacement) >= 3:
            found.append(word[: len(word) - len(ending)] + replacement)
    return _unique(found)


def is_known(word: str, vocabulary: Iterable[str]) -> bool:
    """Whether search finds `word` as it is: it begins a vocabulary word, or one of its `stems` does."""
    forms = stems(word)
    return any(v.startswith(form) for v in vocabulary for form in forms)


def correction(word: str, vocabulary: list[str]) -> str | None:
    """The vocabulary word to search instead of `word`, or None to search it as typed.

    `vocabulary` is the list of known words that begin with the word's first letter, most common
    first (the first letter is taken as typed). A known word, a word with a digit and a word too
    short for the typo rule are never corrected; otherwise the nearest word within the rule's
    edits wins, the more common on a tie.
    """
    budget = typo_budget(word)
    if budget == 0 or any(c.isdigit() for c in word) or is_known(word, vocabulary):
        return None
    best, best_distance = None, budget + 1
    for candidate in vocabulary:
        if candidate[:1] != word[:1]:
            continue
        distance = edit_distance(word, candidate, best_distance - 1)
        if distance < best_distance:
            best, best_distance = candidate, distance
            if distance == 1:
                break  # nothing nearer but the word itself, which is not known
    return best


# The lexicon: what the browser reads to understand a query -------------------------------------

#: The lexicon's folder in the built site: its entry file and one file of words per first letter.
LEXICON = "lexicon"
LEXICON_ENTRY = "lexicon.json"
_LEXICON_FILE = re.compile(r"(lexicon\.json|(words-[a-z0-9_]+|functions)\.[0-9a-f]{10}\.json)")
#: The built pages whose text Pagefind indexes (overrides/main.html marks them).
_BODY = "data-pagefind-body"


def vocabulary(site_dir: Path, records: Iterable[CustomRecord]) -> dict[str, int]:
    """Every word the search index holds, with the number of pages and results it is on: the words
    of the indexed pages (each page once) and of the custom records. Words of three letters or
    more, letters only: the words a typo can be corrected to."""
    counts: dict[str, int] = {}

    def count(texts: Iterable[str]) -> None:
        for word in {w for t in texts for w in _index_words(t)}:
            counts[word] = counts.get(word, 0) + 1

    for page in sorted(site_dir.rglob("*.html")):
        if page.relative_to(site_dir).parts[0] in (LEXICON, "pagefind", "assets", "schema", "print"):
            continue
        source = page.read_text(encoding="utf-8", errors="replace")
        start = source.find(_BODY)
        if start < 0:
            continue
        count([_page_text(source[start:])])
    for record in records:
        count([record.title, record.content, *record.names])
    return counts


def _page_text(fragment: str) -> str:
    fragment = re.sub(r"<(script|style)\b.*?</\1\s*>", " ", fragment, flags=re.S | re.I)
    return html.unescape(re.sub(r"<[^>]*>", " ", fragment))


_PART = re.compile(r"[^\W_]+")


def _index_words(text: str) -> Iterator[str]:
    plain = unicodedata.normalize("NFKD", text.casefold())
    if not plain.isascii():
        plain = "".join(c for c in plain if not unicodedata.combining(c))
    for token in plain.split():
        parts = _PART.findall(token)
        if len(parts) > 1:
            parts.append("".join(parts))  # 'customer-led' is also found as 'customerled'
        yield from (p for p in parts if len(p) >= 3 and p.isalpha())


def lexicon(catalog: Catalog, words: dict[str, int]) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """The lexicon's entry and its word lists by first letter (most common first).

    The entry holds the typo rule, the filler words, every glossary term (the words to search for
    it), each name that means a term (its words joined by a
    space, lowercase: 'nps', 'voice of the customer'; a name that is also a filler word only in
    capitals: see `name_keys`) and the glossary's address.
    """
    terms: list[str] = []
    names: dict[str, int] = {}
    for index, (_, term) in enumerate(sorted(catalog.of(GlossaryTerm).items())):
        terms.append(" ".join(query_words(term.term)))
        for name in term_names(term):
            for key in name_keys(name):
                names.setdefault(key, index)
    by_letter: dict[str, list[str]] = {}
    for word, _ in sorted(words.items(), key=lambda kv: (-kv[1], kv[0])):
        by_letter.setdefault(word[0] if word[0].isascii() else "_", []).append(word)
    rule = {"oneTypo": ONE_TYPO, "twoTypos": TWO_TYPOS}
    entry = {"rule": rule, "filler": list(FILLER_WORDS), "terms": terms, "names": names, "glossary": index_url(GlossaryTerm)}
    return entry, by_letter


def functions_list(catalog: Catalog) -> list[dict[str, str]]:
    """Every function's name and address, by name: what a search that finds nothing offers."""
    return [{"name": fn.name, "url": record_url(Function, fid)} for fid, fn in sorted(catalog.of(Function).items(), key=lambda kv: kv[1].sort_key)]


def write_lexicon(site_dir: Path, catalog: Catalog) -> dict[str, int]:
    """Write the lexicon into `<site>/lexicon/`: `lexicon.json`, one file of words per first letter
    and the list of functions (what a search that finds nothing offers), each named after its
    content, so a browser may keep it. Returns each file's size in bytes.

    Only files of the lexicon's own names are written or removed there (a rebuild of the preview
    replaces the word files it wrote before).
    """
    site = Path(site_dir)
    folder = site / LEXICON
    if (folder / "index.html").exists():
        raise SearchIndexError(f"the search lexicon needs the folder {LEXICON}/, which a page of the site already uses: rename that page")
    entry, by_letter = lexicon(catalog, vocabulary(site, custom_records(catalog)))
    files: dict[str, bytes] = {}
    functions = _json(functions_list(catalog))
    entry["functions"] = files_name = f"functions.{hashlib.sha256(functions).hexdigest()[:10]}.json"
    files[files_name] = functions
    entry["words"] = {}
    for letter, words in sorted(by_letter.items()):
        content = _json(words)
        name = f"words-{letter}.{hashlib.sha256(content).hexdigest()[:10]}.json"
        files[name] = content
        entry["words"][letter] = name
    files[LEXICON_ENTRY] = _json(entry)
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.iterdir():
        if _LEXICON_FILE.fullmatch(old.name) and old.name not in files and old.is_file():
            old.unlink()
    for name, content in files.items():
        (folder / name).write_bytes(content)
    return {name: len(content) for name, content in files.items()}


def _json(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=False).encode("utf-8")


# Pagefind -------------------------------------------------------------------------------------

#: Text that is not what the page is about: controls and cross-references (render.py marks them
#: `data-search-exclude`), Material's tags and edit button, the review line.
EXCLUDE_SELECTORS = ["[data-search-exclude]", ".md-tags", ".md-content__button", ".pb-reviewed"]


#: How long Pagefind may take before the build gives up on it: ANSWER_TIMEOUT seconds for each
#: answer, and the whole run ANSWER_TIMEOUT more PAGE_TIMEOUT per page and checklist item (the
#: two requests whose work grows with the site, reading every page and returning the index, may
#: use all of it). That is some forty times what Pagefind needs (about 1 ms per page and item).
#: A binary that has died is noticed at once, whatever these say: only one that lives and does
#: not answer waits them out.
ANSWER_TIMEOUT = 60.0
PAGE_TIMEOUT = 0.05
#: How long a binary asked to stop (or killed) is waited for.
STOP_TIMEOUT = 2.0
#: How often a wait for an answer looks whether the binary is still alive.
_POLL = 0.2

_FAILED = "the search index could not be built"


class SearchIndexError(Exception):
    """Pagefind could not index the site (its message says why)."""


def index_site(site_dir: Path, catalog: Catalog) -> int:
    """Index the built site in `site_dir` plus the custom records; write `site_dir/pagefind/`.

    Pages are the ones the theme marked with `data-pagefind-body` (see overrides/main.html).
    Returns the number of pages indexed. A Pagefind that dies, or stays silent longer than its
    work can take, is a SearchIndexError within seconds; Ctrl-C stops it too.
    """
    site, extra = Path(site_dir).resolve(), custom_records(catalog)
    try:
        pages, files = _Run(lambda: _index(site, extra)).result()
    except SearchIndexError:
        raise
    except Exception as exc:  # the wrapper raises bare Exceptions with the binary's message, or fails an assert on an odd answer
        raise SearchIndexError(f"{_FAILED}: Pagefind said: {str(exc) or f'an unexpected answer ({type(exc).__name__})'}") from None
    _write_index(site / "pagefind", files)
    return pages


_T = TypeVar("_T")


class _Run(Generic[_T]):
    """A coroutine run to its end in a thread of its own (the caller may already run an event
    loop, and Pagefind's wrapper is asyncio), which an interrupt in the caller's thread cancels.

    Python delivers Ctrl-C to the main thread only: without the cancel, the thread would keep
    waiting on the binary, and the interpreter waits for its threads before it exits.
    """

    def __init__(self, make: Callable[[], Coroutine[Any, Any, _T]]):
        self._make = make
        self._lock = threading.Lock()
        self._cancelled = False
        self._loop: asyncio.AbstractEventLoop | None = None
        self._task: asyncio.Task[Any] | None = None
        self._done = threading.Event()
        self._outcome: tuple[bool, Any] = (False, RuntimeError("not run"))

    def result(self) -> _T:
        threading.Thread(target=self._work, name="pagefind", daemon=True).start()
        try:
            # In short waits: a Ctrl-C that the system hands to another thread of this process
            # interrupts no wait of this one, and is only seen here when a wait returns.
            while not self._done.wait(0.05):
                pass
        except BaseException:  # KeyboardInterrupt: stop the binary, then leave
            self._cancel()
            self._done.wait(2 * STOP_TIMEOUT + 1)
            raise
        ok, value = self._outcome
        if not ok:
            raise value
        return cast(_T, value)

    def _work(self) -> None:
        try:
            self._outcome = (True, asyncio.run(self._main()))
        except BaseException as exc:
            self._outcome = (False, exc)
        finally:
            self._done.set()

    async def _main(self) -> _T:
        with self._lock:
            if self._cancelled:
                raise asyncio.CancelledError
            self._loop, self._task = asyncio.get_running_loop(), asyncio.current_task()
        return await self._make()

    def _cancel(self) -> None:
        with self._lock:
            self._cancelled = True
            loop, task = self._loop, self._task
        if loop is not None and task is not None:
            with contextlib.suppress(RuntimeError):  # the loop has closed: the run is over
                loop.call_soon_threadsafe(task.cancel)


#: The file without which a site has no search: it names the index and its WebAssembly.
ENTRY = "pagefind-entry.json"


def _write_index(folder: Path, files: dict[str, bytes]) -> None:
    """Write the index Pagefind returned, every file whole.

    Pagefind's own `write_files` answers before its last writes reach the disk, and the wrapper
    then stops the binary: files came out truncated or missing now and then (a pagefind.js cut
    short leaves a site whose search never answers). So the files come back in memory and are
    written here.
    """
    if ENTRY not in files:
        raise SearchIndexError(f"{_FAILED}: Pagefind returned no {ENTRY}")
    for name, content in sorted(files.items()):
        path = (folder / name).resolve()
        if not path.is_relative_to(folder.resolve()):  # names come from the binary; keep them inside
            raise SearchIndexError(f"{_FAILED}: Pagefind named a file outside its folder: {name!r}")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)


async def _index(site: Path, extra: list[CustomRecord]) -> tuple[int, dict[str, bytes]]:
    import pagefind.service
    from pagefind.index import IndexConfig
    from pagefind.service import PagefindService  # runs the wheel's binary

    pagefind.service.asyncio = _ServiceAsyncio()  # type: ignore[assignment]  # a stand-in for the module, see _ServiceAsyncio
    run = ANSWER_TIMEOUT + PAGE_TIMEOUT * (sum(1 for _ in site.rglob("*.html")) + len(extra))
    try:
        service = PagefindService()
        await service.launch()
    except OSError as exc:  # missing, not executable, not a program
        raise SearchIndexError(f"{_FAILED}: Pagefind could not be started: {exc.strerror or exc}") from None
    binary = _Watched(service, run)
    try:
        index = await binary.answer(service.create_index(IndexConfig(force_language="en", exclude_selectors=EXCLUDE_SELECTORS)), ANSWER_TIMEOUT)
        indexed = await binary.answer(index.add_directory(str(site)), run)
        for record in extra:  # one at a time, in order: the same data gives the same index files
            await binary.answer(
                index.add_custom_record(url=f"/{record.url}", content=record.content, language="en", meta=record.meta(), filters=record.filters()),
                ANSWER_TIMEOUT,
            )
        files = {file["path"]: file["content"] for file in await binary.answer(index.get_files(), run)}
    except BaseException:
        await binary.stop(kill=True)
        raise
    await binary.stop(kill=False)
    return int(indexed["page_count"]), files


class _Watched:
    """Pagefind's service, with every answer awaited only while the binary lives and its answers
    can be read, and for at most the time given.

    The wrapper (pagefind 1.5.2) waits on each answer with no limit: when the binary dies, its
    reader task ends at the end of the pipe and the answer never comes. So each wait here also
    watches the reader (`_poll_task`) and the binary (`_backend`), and the binary is stopped here,
    bounded, rather than by the wrapper's `close`, which waits without limit for it to exit.
    """

    def __init__(self, service: Any, run: float):
        self._process: asyncio.subprocess.Process = service._backend
        self._reader: asyncio.Task[None] = service._poll_task
        self._run, self._finish_by = run, asyncio.get_running_loop().time() + run

    async def answer(self, request: Awaitable[_T], timeout: float) -> _T:
        loop = asyncio.get_running_loop()
        asked = asyncio.ensure_future(request)
        deadline, drained = min(loop.time() + timeout, self._finish_by), None
        try:
            while not asked.done() and not self._reader.done():
                if self._process.returncode is not None:  # its last words may still be in the pipe: read them, briefly
                    drained = drained or loop.time() + STOP_TIMEOUT
                    if loop.time() >= drained:
                        break
                elif loop.time() >= deadline:
                    late = f"did not finish in {self._run:.0f} s" if deadline == self._finish_by else f"did not answer in {timeout:.0f} s"
                    raise SearchIndexError(f"{_FAILED}: Pagefind {late}")
                await asyncio.wait({asked, self._reader}, timeout=_POLL, return_when=asyncio.FIRST_COMPLETED)
            if asked.done() and not isinstance(asked.exception(), ConnectionError):
                return asked.result()  # an answer, or the error the binary answered with
        finally:
            if not asked.done():
                asked.cancel()
        raise SearchIndexError(f"{_FAILED}: {await self._why_stopped()}")

    async def _why_stopped(self) -> str:
        """What became of the binary, in words, with the first line it printed on its way out."""
        error = self._reader.exception() if self._reader.done() and not self._reader.cancelled() else None
        if error is None or isinstance(error, asyncio.IncompleteReadError):  # the end of the pipe: the exit status follows
            await self._exited(STOP_TIMEOUT)
        code = self._process.returncode
        if code is None:
            return f"Pagefind's answer could not be read: {str(error)[:200] or type(error).__name__}"
        said = _last_words(error.partial) if isinstance(error, asyncio.IncompleteReadError) else ""
        if code >= 0:
            how = f"Pagefind stopped with exit code {code}"
        else:
            try:
                how = f"Pagefind was killed by {signal.Signals(-code).name}"
            except ValueError:
                how = f"Pagefind was killed by signal {-code}"
        return f"{how} ({said})" if said else how

    async def stop(self, kill: bool) -> None:
        """End the binary, bounded: asked to stop (terminate) after a good run, killed after a failure
        or an interrupt, and killed anyway if it does not go in time."""
        if not self._reader.done():
            self._reader.cancel()
        for _ in range(2):
            if self._process.returncode is not None:
                break
            with contextlib.suppress(ProcessLookupError):
                self._process.kill() if kill else self._process.terminate()
            await self._exited(STOP_TIMEOUT)
            kill = True
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await self._reader  # how it ended (the pipe's end, a cancel) is the binary's, already reported

    async def _exited(self, timeout: float) -> None:
        end = asyncio.get_running_loop().time() + timeout
        while self._process.returncode is None and asyncio.get_running_loop().time() < end:
            await asyncio.sleep(_POLL / 4)


def _last_words(output: bytes) -> str:
    """The first line of text a binary printed before it stopped (a panic's message, say),
    cleaned of control characters and shortened; its answers (base64, no spaces) are skipped."""
    for line in output[-64 * 1024 :].decode("utf-8", "replace").splitlines():
        line = "".join(c if c.isprintable() else " " for c in line).strip()
        if " " in line:
            return line[:200] + ("…" if len(line) > 200 else "")
    return ""


#: The largest answer read from the binary. The wrapper's own limit (2 MiB) is smaller than the
#: index of a large playbook, which comes back in one answer; this bounds memory all the same.
ANSWER_LIMIT = 1 << 30


class _ServiceAsyncio:
    """`asyncio` as pagefind.service (1.5.2) sees it, with two changes.

    - Its reader sleeps 0.1 s before reading each answer: 0.1 s per checklist item (12 s for
      the shipped playbook, minutes at 3,000 records). The reader waits on the pipe anyway,
      so it loses nothing by not sleeping.
    - The binary's answers may be as large as ANSWER_LIMIT (see `_write_index`).
    """

    def __getattr__(self, name: str) -> Any:
        return getattr(asyncio, name)

    @staticmethod
    async def sleep(delay: float, result: Any = None) -> Any:
        return await asyncio.sleep(0, result)

    @staticmethod
    async def create_subprocess_exec(*args: Any, **kwargs: Any) -> asyncio.subprocess.Process:
        return await asyncio.create_subprocess_exec(*args, **{**kwargs, "limit": ANSWER_LIMIT})
