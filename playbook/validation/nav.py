"""The site's navigation (`nav:` in the site's configuration file) against the pages in docs/.

A nav entry whose page does not exist, and a page that no entry lists, stop the build (the
configuration makes both warnings, and the build is strict); `validate` says so first, at the
entry's line or at the page. A kind's section page (`practices/index.md`) is made from the data when docs/ has none,
so such an entry always has its page. Addresses (http://…, /…) are links, not pages. The file is
only composed, never constructed: its tags (`!ENV`) are not run or even read.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

import yaml

from ..model import KINDS
from .problems import Problem

#: The configuration file beside docs/, as the site engines (MkDocs, ProperDocs) name it.
CONFIG_FILE = "mkdocs.yml"


def check_nav(config_file: Path, docs_dir: Path, pages: Iterable[str], shown: str, shown_docs: str) -> list[Problem]:
    """One problem per nav entry that names a page neither in `docs_dir` nor made from the data,
    and one per page of `pages` (paths relative to docs/) that no entry lists."""
    try:
        root = yaml.compose(config_file.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError, RecursionError):
        return []  # the build reports an unreadable configuration in its own words
    if not isinstance(root, yaml.MappingNode):
        return []
    made = {f"{kind.folder}/index.md" for kind in KINDS}
    problems: list[Problem] = []
    navs = [value for key, value in root.value if isinstance(key, yaml.ScalarNode) and key.value == "nav"]
    if not navs:
        return []  # no nav: the engine lists every page itself
    targets = list(_targets(navs[-1], set()))
    listed = {target.value.strip() for target in targets}
    for page in pages:
        if page not in listed and page not in made:
            problems.append(
                Problem(
                    f"{shown_docs}/{page}",
                    1,
                    1,
                    "",
                    "this page is not in the site's navigation, so the build refuses it",
                    f"list it under 'nav:' in {shown}, e.g. '- Title: {page}' in the section where readers look for it",
                )
            )
    for target in targets:
        path = target.value.strip()
        if _is_link(path) or path in made or (docs_dir / path).is_file():
            continue
        mark = target.start_mark
        problems.append(
            Problem(
                shown,
                mark.line + 1,
                mark.column + 1,
                "nav",
                f"'{path}' is not a page in docs/",
                f"create docs/{path}, or correct the path, which starts in docs/",
            )
        )
    return problems


def _targets(node: yaml.Node, seen: set[int]) -> Iterator[yaml.ScalarNode]:
    """The page paths of a nav (sub)tree: `- page.md`, `- Title: page.md`, `- Section: [...]`.
    A node reached again through an alias is walked once: nested aliases stay linear."""
    if id(node) in seen:
        return
    seen.add(id(node))
    if isinstance(node, yaml.ScalarNode):
        yield node
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _targets(item, seen)
    elif isinstance(node, yaml.MappingNode):
        for _, value in node.value:
            yield from _targets(value, seen)


def _is_link(path: str) -> bool:
    return "://" in path or path.startswith(("/", "mailto:", "#")) or not path
