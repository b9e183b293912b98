"""Search built from the data: what each record's page tells the search engine, the checklist
items as results of their own, and the run of Pagefind over a built site.

The first two are plain data from the validated catalog, independent of any engine and of
MkDocs: the page template turns `page_search` into markup (a kind, facets, aliases), and
`checklist_records` are added to the index through Pagefind's documented Python API
(`add_custom_record`). `index_site` is the only place that knows Pagefind; it writes the
index, its JavaScript and its WebAssembly into `<site>/pagefind/`, from the wheel's own
binary: nothing is downloaded, at build time or in the browser.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .catalog import EACH, REFERENCES, Catalog
from .model import CaseStudy, Function, JourneyStage, Metric, Practice, Record, Source, Stage, Stat

#: What a result says it is. Kinds not listed here are named after their `kind`.
_KIND_NAMES = {"stage": "Maturity stage", "stat": "Statistic"}
CHECKLIST_ITEM = "Checklist item"
#: Hand-written pages (home, index pages, the journey map, ...).
PAGE = "Page"

#: How much a match in a record's names (title and aliases) counts, by kind, where a title
#: match on a hand-written page or a checklist item counts 5 (Pagefind's default for titles).
#: The hubs an employee looks for by name come first: a function page for "sales", the metric
#: for "churn", the case for "Amazon"; statistics and sources, which quote those words, last.
NAME_WEIGHTS: dict[type[Record], int] = {Function: 10, Metric: 7, CaseStudy: 7, Stage: 7, JourneyStage: 7, Practice: 6, Stat: 3, Source: 3}


def kind_name(kind: type[Record]) -> str:
    """A record kind as a result shows it, e.g. 'Case study'."""
    return _KIND_NAMES.get(kind.kind, kind.kind.replace("-", " ").capitalize())


def page_search(catalog: Catalog, kind: type[Record], rid: str) -> dict[str, object]:
    """What search knows about a record's page beyond its text: its kind, the functions and
    maturity stages it belongs to (the facets, see `facet_ids`), and its names: the title and the aliases.

    A match in the names weighs like a match in the title, more for the kinds people look for
    by name (`NAME_WEIGHTS`), so an alias finds the record as its title does, and a function's
    page comes before a statistic or a checklist item whose title has the same words.
    """
    record = catalog.get(kind, rid)
    stages = facet_ids(catalog, kind, rid, Stage)
    return {
        "kind": kind_name(kind),
        "functions": _unique(catalog.get(Function, f).name for f in facet_ids(catalog, kind, rid, Function)),
        "stages": [s.name for sid, s in catalog.stages.items() if sid in stages],  # in model order
        "names": [record.display_title, *record.aliases],
        "names_weight": NAME_WEIGHTS.get(kind, 5),
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


@dataclass(frozen=True)
class CustomRecord:
    """A result that is not a page of its own: `url` is site-relative, e.g. 'functions/sales/#item-x'."""

    url: str
    title: str
    content: str
    kind: str
    function: str
    stage: str


def checklist_records(catalog: Catalog) -> list[CustomRecord]:
    """One result per checklist item, titled with the item's text, linking to the item on its function's page.

    Titles outweigh body text, so a person who types words from an item finds the item itself
    before the practices that use the same words.
    """
    records = []
    for fn_id, fn in sorted(catalog.of(Function).items()):
        for item in fn.checklist:
            stage = catalog.stages[item.stage].name
            where = f"{fn.name} checklist · {stage} · Practice: {catalog.get(Practice, item.practice).title}"
            records.append(
                CustomRecord(
                    url=f"{Function.folder}/{fn_id}/#item-{item.id}", title=item.text, content=where, kind=CHECKLIST_ITEM, function=fn.name, stage=stage
                )
            )
    return records


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))


# Pagefind -------------------------------------------------------------------------------------

#: Text that is not what the page is about: controls and cross-references (render.py marks them
#: `data-search-exclude`), Material's tags and edit button, the review line.
EXCLUDE_SELECTORS = ["[data-search-exclude]", ".md-tags", ".md-content__button", ".pb-reviewed"]


#: Seconds Pagefind may take: 3,000 records take about 10 s; a stuck indexer must not hang the build.
INDEX_TIMEOUT = 600.0


class SearchIndexError(Exception):
    """Pagefind could not index the site (its message says why)."""


def index_site(site_dir: Path, catalog: Catalog) -> int:
    """Index the built site in `site_dir` plus the checklist items; write `site_dir/pagefind/`.

    Pages are the ones the theme marked with `data-pagefind-body` (see overrides/main.html).
    Returns the number of pages indexed.
    """
    site, extra = Path(site_dir).resolve(), checklist_records(catalog)
    try:
        # In a thread of its own: the caller may already run an event loop (Pagefind's wrapper is asyncio).
        with ThreadPoolExecutor(1) as pool:
            pages, files = pool.submit(lambda: asyncio.run(asyncio.wait_for(_index(site, extra), INDEX_TIMEOUT))).result()
    except TimeoutError:
        raise SearchIndexError(f"the search index could not be built: Pagefind did not finish in {INDEX_TIMEOUT:.0f} s") from None
    except Exception as exc:  # the wrapper raises bare Exceptions with the binary's message
        raise SearchIndexError(f"the search index could not be built: Pagefind said: {exc}") from None
    _write_index(site / "pagefind", files)
    return pages


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
        raise SearchIndexError(f"the search index could not be built: Pagefind returned no {ENTRY}")
    for name, content in sorted(files.items()):
        path = (folder / name).resolve()
        if not path.is_relative_to(folder.resolve()):  # names come from the binary; keep them inside
            raise SearchIndexError(f"the search index could not be built: Pagefind named a file outside its folder: {name!r}")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)


async def _index(site: Path, extra: list[CustomRecord]) -> tuple[int, dict[str, bytes]]:
    import pagefind.service
    from pagefind.index import IndexConfig
    from pagefind.service import PagefindService  # runs the wheel's binary

    pagefind.service.asyncio = _ServiceAsyncio()  # type: ignore[assignment]  # a stand-in for the module, see _ServiceAsyncio
    service = await PagefindService().launch()
    try:
        index = await service.create_index(IndexConfig(force_language="en", exclude_selectors=EXCLUDE_SELECTORS))
        indexed = await index.add_directory(str(site))
        for record in extra:  # one at a time, in order: the same data gives the same index files
            await index.add_custom_record(
                url=f"/{record.url}",
                content=record.content,
                language="en",
                meta={"title": record.title, "kind": record.kind},
                filters={"kind": [record.kind], "function": [record.function], "stage": [record.stage]},
            )
        files = {file["path"]: file["content"] for file in await index.get_files()}
    finally:
        await service.close()
    return int(indexed["page_count"]), files


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
