"""What people type, and the lexicon the browser reads to understand it.

The rules that both this module and the browser apply (filler words, the typo rule, when a word
counts as known) are written here once, and a test checks assets/search.js against a table made
here. `write_lexicon` writes small JSON files that the browser fetches on demand, as Pagefind
fetches its own chunks.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from .catalog import Catalog
from .model import Function, GlossaryTerm
from .render.urls import index_url, record_url
from .search import CustomRecord, SearchIndexError, custom_records, term_names, unique

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
    keys = unique([" ".join(query_words(name)), " ".join(words_of(name))])
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
    return unique(found)


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
