""" "Did you mean" for unknown ids, fast at any size.

Comparing every unknown id with every known one with difflib is quadratic: 3,000 unknown
references against 3,000 ids took minutes. Here the known ids of a kind are indexed once by
their three-letter pieces; an unknown id is compared (with difflib, as before) only with the
few ids that share the most pieces with it, looking at no more than a fixed number of index
entries, and the answer is remembered (a renamed record is usually referenced many times).

People write the names they know, not only ids: `call-centre` for the function whose alias is
"call centre". Names, titles and aliases are indexed too, as ids would be written (`call-centre`),
each pointing at its record's id; a name written exactly so wins over a near id.
"""

from __future__ import annotations

import difflib
import heapq
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable

#: Index entries looked at per unknown id, and ids compared with difflib: the bounds on the work.
BUDGET = 1_000
CANDIDATES = 8


def _grams(word: str) -> set[str]:
    padded = f"  {word} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def as_id(name: str) -> str:
    """A name written the way an id is: 'Call centre' -> 'call-centre'."""
    return "-".join(re.findall(r"[a-z0-9]+", name.lower()))


class Suggester:
    """The closest known id to a misspelt one, for one kind of record.

    `names` maps other words for a record (its names and aliases, written as ids) to its id.
    """

    def __init__(self, known: Iterable[str], names: Iterable[tuple[str, str]] = ()):
        self.ids = set(known)
        self.to_id = {word: word for word in self.ids}
        for name, rid in names:
            if name in self.ids or not name:
                continue  # an id means its own record
            if self.to_id.setdefault(name, rid) != rid:
                self.to_id[name] = ""  # a name two records share points at neither
        self.known = sorted(w for w, rid in self.to_id.items() if rid)
        self.index: dict[str, list[str]] = defaultdict(list)
        for word in self.known:
            for gram in _grams(word):
                self.index[gram].append(word)
        self.answers: dict[str, str | None] = {}

    def closest(self, word: str) -> str | None:
        if word not in self.answers:
            self.answers[word] = self._closest(word)
        return self.answers[word]

    def _closest(self, word: str) -> str | None:
        if self.to_id.get(word):
            return self.to_id[word]
        if len(self.known) <= CANDIDATES:
            candidates = self.known
        else:
            # Rare pieces first: they say the most about which id was meant.
            shared: Counter[str] = Counter()
            spent = 0
            for gram in sorted(_grams(word), key=lambda g: (len(self.index.get(g, ())), g)):
                postings = self.index.get(gram, ())
                if spent and spent + len(postings) > BUDGET:
                    break
                shared.update(postings[:BUDGET])
                spent += len(postings)
            candidates = [w for _, w in heapq.nsmallest(CANDIDATES, ((-n, w) for w, n in shared.items()))]
        guess = difflib.get_close_matches(word, candidates, n=1)
        return self.to_id[guess[0]] if guess else None


class Suggestions:
    """One Suggester per kind, built on first use from the (kind, id) pairs that exist and, through
    `names`, the (name, id) pairs of the names people know a kind's records by."""

    def __init__(self, existing: Iterable[tuple[str, str]], names: Callable[[str], Iterable[tuple[str, str]]] | None = None):
        self.by_kind: dict[str, list[str]] = defaultdict(list)
        for kind, rid in existing:
            self.by_kind[kind].append(rid)
        self.names = names
        self.suggesters: dict[str, Suggester] = {}

    def closest(self, kind: str, word: str) -> str | None:
        if kind not in self.suggesters:
            names = [(as_id(name), rid) for name, rid in self.names(kind)] if self.names is not None else []
            self.suggesters[kind] = Suggester(self.by_kind.get(kind, ()), names)
        return self.suggesters[kind].closest(word)


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", text.lower()))


class WordIndex:
    """Which of some texts holds most of the words of an id: how a checklist item renamed after its
    text is found from its old id. Each word is looked up once, whatever the number of texts."""

    def __init__(self, texts: dict[str, str]):
        self.index: dict[str, set[str]] = defaultdict(set)
        for key, text in texts.items():
            for word in _words(f"{key} {text}"):
                self.index[word].add(key)
                for end in range(4, len(word)):  # 'share' finds 'shared'
                    self.index[word[:end]].add(key)

    def best(self, word: str) -> str | None:
        """The key whose text holds at least two of the id's words, and more than half of them."""
        wanted = [w for w in word.split("-") if len(w) > 2]
        hits: Counter[str] = Counter()
        spent = 0
        # Rare words first, and no more than BUDGET postings: a word that every text holds says nothing.
        # A word of three letters matches whole words only: only those are indexed.
        for w in sorted(set(wanted), key=lambda w: (len(self.index.get(w, ())), w)):
            postings = self.index.get(w, ())
            if spent and spent + len(postings) > BUDGET:
                break
            hits.update(list(postings)[:BUDGET])
            spent += len(postings)
        if not hits:
            return None
        key, score = min(hits.items(), key=lambda kv: (-kv[1], kv[0]))
        return key if score >= 2 and score * 2 > len(set(wanted)) else None
