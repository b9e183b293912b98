"""What a record's page tells the search engine beyond its text, as inert markup in the page.

The facts come from `playbook.search.page_search`: the kind a result shows, the function and
maturity-stage facets, the record's names (title and aliases) with their weight, and the names of
the glossary terms that belong to it. They are written here, like all record text, through `h`,
never through the theme's templates.
"""

from __future__ import annotations

from ..catalog import Catalog
from ..model import Record
from .html import HTML, h


def search_facts(catalog: Catalog, kind: type[Record], record_id: str) -> HTML:
    """Hidden spans that Pagefind reads as metadata and filters, and leaves out of the excerpt.

    Attribute values are written with `_` and other Markdown characters as entities, which
    Pagefind does not decode: the names' key is spelt with a hyphen ('names-w7').
    """
    from ..search import TERM_WEIGHT, page_search  # here: playbook.search itself reads the site's addresses from this package

    facts = page_search(catalog, kind, record_id)
    names, terms = facts["names"], facts["terms"]
    assert isinstance(names, list) and isinstance(terms, list)
    return h(
        "div",
        h("span", facts["kind"], data_pagefind_meta="kind"),
        h("span", facts["kind"], data_pagefind_filter="kind"),
        *(h("span", name, data_pagefind_filter="function") for name in facts["functions"]),  # type: ignore[attr-defined]  # a list
        *(h("span", name, data_pagefind_filter="stage") for name in facts["stages"]),  # type: ignore[attr-defined]  # a list
        h("span", " · ".join(names), data_pagefind_meta=f"names-w{facts['names_weight']}") if names else None,
        *(h("span", " · ".join(names), data_pagefind_meta=f"terms-w{TERM_WEIGHT}-{n}") for n, names in enumerate(_fields(terms), 1)),
        hidden=True,
        data_pagefind_ignore=True,
        class_="pb-search-facts",
    )


def _fields(terms: list[list[str]]) -> list[list[str]]:
    """One list of names per meta field: a term each, the terms past the last field together in it."""
    from ..search import MAX_TERM_FIELDS

    return terms[: MAX_TERM_FIELDS - 1] + ([[n for t in terms[MAX_TERM_FIELDS - 1 :] for n in t]] if len(terms) >= MAX_TERM_FIELDS else [])
