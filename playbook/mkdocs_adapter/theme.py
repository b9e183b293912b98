"""What the theme's templates get from the hook: the navigation sidebar rendered once per folder.

Material renders its navigation sidebar for every page, and with a few dozen entries that was
the largest part of a page's template time. A page that has no place in the navigation (a
record's page, a printable sheet, a start page) marks no entry active, so its sidebar differs
from another such page's only by its relative links, which are the same for every page of a
folder. overrides/main.html wraps Material's `partials/nav.html` in `playbook_nav`, which
renders it once per folder and hands the same HTML to the folder's other pages.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable

    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page


def nav_key(page: Page, nav: Navigation) -> str | None:
    """The folder whose pages share `page`'s navigation sidebar, or None when its own is needed:
    the page is in the navigation (its entry and sections are marked), or an entry lies below it
    (its relative link would differ from a sibling page's)."""
    url = page.url
    if page.parent is not None or any(item is page or item.url.startswith(url) for item in nav.pages):
        return None
    return url.rstrip("/").rpartition("/")[0] + "/"


class NavOnce:
    """`{% call playbook_nav(key) %}...{% endcall %}`: the body rendered once per key (None: every time)."""

    def __init__(self) -> None:
        self._made: dict[str, Any] = {}

    def __call__(self, key: object, caller: Callable[[], Any]) -> Any:
        if not isinstance(key, str):
            return caller()
        if key not in self._made:
            self._made[key] = caller()
        return self._made[key]
