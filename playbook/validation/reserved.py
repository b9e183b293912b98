"""Ids that a record cannot have, because the site already uses the page or folder they would name.

A record's page is `<folder>/<id>/`, a function also has `start/<id>/` and
`print/functions/<id>/`. A record whose id names a page the site already has (the section's
`index`, a hand-written page in `docs/<folder>/`) silently replaced that page; names the site,
the theme or a search engine use for themselves are kept free so that pages can be moved or
added without a record taking their place.
"""

from __future__ import annotations

from pathlib import Path

#: Names of the site's own pages and folders, and of what MkDocs, Material and Pagefind write.
SITE_NAMES = frozenset(
    {
        "index",
        "404",
        "search",
        "assets",
        "print",
        "start",
        "schema",
        "pagefind",
        "tags",
        "sitemap",
        "stylesheets",
        "javascripts",
        "images",
        "fonts",
        "overrides",
        "journey-map",
        "self-assessment",
        "review-queue",
    }
)


def reserved_reason(folder: str, rid: str, docs_dir: Path) -> str | None:
    """Why `rid` cannot be the id of a record in `folder`, or None when it can."""
    if rid in SITE_NAMES:
        return f"'{rid}' is reserved for the site's own pages"
    for kind_folder in {folder, "start"} if folder == "functions" else {folder}:
        for candidate in (docs_dir / kind_folder / f"{rid}.md", docs_dir / kind_folder / rid):
            if candidate.exists():
                return f"'{rid}' is taken by the page docs/{kind_folder}/{candidate.name}"
    return None
