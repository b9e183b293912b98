"""What the theme's templates get from the hook: the parts of a page that are the same for every
page of a folder, rendered once per folder.

Material renders its whole page for every page: the navigation sidebar (the largest part of a
page's template time, with a few dozen entries), the header with its search box, the styles,
scripts, configuration and footer. A page that has no place in the navigation (a record's page,
a printable sheet, a start page) marks no entry active and has no previous or next page, so these
parts differ from another such page's only by their relative links, which are the same for every
page of a folder; the header differs by the page's title alone. overrides/main.html and
overrides/partials/header.html wrap those parts in `playbook_once(part, playbook_folder)`, which
renders each once per folder and hands the same HTML to the folder's other pages. A page in the
navigation gets `playbook_folder` None and every part of its own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable

    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page


def folder_key(page: Page, nav: Navigation) -> str | None:
    """The folder whose pages share `page`'s navigation, header, styles, scripts and footer, or None
    when it needs its own: it is in the navigation (its entry and sections are marked, it has a
    previous and a next page), or an entry lies below it (its relative link would differ from a
    sibling page's)."""
    url = page.url
    if page.parent is not None or any(item is page or item.url.startswith(url) for item in nav.pages):
        return None
    return url.rstrip("/").rpartition("/")[0] + "/"


class Once:
    """`playbook_once(part, folder, caller)`: the part rendered once per folder (folder None: every time)."""

    def __init__(self) -> None:
        self._made: dict[tuple[str, str], Any] = {}

    def __call__(self, part: str, folder: object, caller: Callable[[], Any]) -> Any:
        if not isinstance(folder, str):
            return caller()
        key = (part, folder)
        if key not in self._made:
            self._made[key] = caller()
        return self._made[key]
