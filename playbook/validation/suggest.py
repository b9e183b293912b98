""" "Did you mean" for unknown ids, fast at any size.

Comparing every unknown id with every known one with difflib is quadratic: 3,000 unknown
references against 3,000 ids took minutes. Here the known ids of a kind are indexed once by
their three-letter pieces; an unknown id is compared (with difflib, as before) only with the
few ids that share the most pieces with it, looking at no more than a fixed number of index
entries, and the answer is remembered (a renamed record is usually referenced many times).
"""

from __future__ import annotations

import difflib
import heapq
from collections import Counter, defaultdict
from collections.abc import Iterable

#: Index entries looked at per unknown id, and ids compared with difflib: the bounds on the work.
BUDGET = 1_000
CANDIDATES = 8


def _grams(word: str) -> set[str]:
    padded = f"  {word} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


class Suggester:
    """The closest known id to a misspelt one, for one kind of record."""

    def __init__(self, known: Iterable[str]):
        self.known = sorted(set(known))
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
        return guess[0] if guess else None


class Suggestions:
    """One Suggester per kind, built on first use from the (kind, id) pairs that exist."""

    def __init__(self, existing: Iterable[tuple[str, str]]):
        self.by_kind: dict[str, list[str]] = defaultdict(list)
        for kind, rid in existing:
            self.by_kind[kind].append(rid)
        self.suggesters: dict[str, Suggester] = {}

    def closest(self, kind: str, word: str) -> str | None:
        if kind not in self.suggesters:
            self.suggesters[kind] = Suggester(self.by_kind.get(kind, ()))
        return self.suggesters[kind].closest(word)
