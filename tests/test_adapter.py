"""The MkDocs adapter's short cuts give the pages MkDocs itself would: generated pages' headings
written without Python-Markdown, and the navigation rendered once per folder."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import SMALL, build, make_project, write_data

#: Titles with every character that Markdown, HTML or a slug treats specially, and titles whose
#: slugs collide with the sections' headings (the second "Sources" heading gets the id sources_1).
TRICKY = {
    "practices/working-backwards.yml": ("title", "Sources"),
    "practices/one-journey.yml": ("title", "\"A & B\" <c> 'd' *e* _f_ [g](h) #i !j |k ~l ^m =n \\\\o `p` {{ q }} {r} – é 🚀 販売"),
    "case-studies/amazon.yml": ("title", "What they did"),
    "case-studies/jc-penney.yml": ("title", "  Outcome  (2011)  "),
    "functions/sales.yml": ("name", "Ventes – équipe №1 ☃"),
}


def _tricky_data(project: Path) -> None:
    records = {}
    for rel, (field, value) in TRICKY.items():
        quoted = value.replace("\\", "\\\\").replace('"', '\\"')
        records[rel] = re.sub(rf"^{field}: .*$", f'{field}: "{quoted}"', SMALL[rel], count=1, flags=re.M)
    write_data(project / "playbook_data", records)


def test_generated_pages_are_the_same_when_markdown_writes_their_headings(tmp_path: Path) -> None:
    """With an extension the hook does not know, pages go through Python-Markdown as before; the site
    is byte for byte the one whose headings and tables of contents the hook wrote itself."""
    (tmp_path / "fast").mkdir()
    (tmp_path / "markdown").mkdir()
    fast, markdown = make_project(tmp_path / "fast"), make_project(tmp_path / "markdown")
    for project in (fast, markdown):
        _tricky_data(project)
    config = markdown / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  - admonition\n", "  - admonition\n  - abbr\n"), encoding="utf-8")
    sites = [build(project) for project in (fast, markdown)]
    pages = [{p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*.html")} for site in sites]
    assert pages[0].keys() == pages[1].keys()
    assert [name for name in pages[0] if pages[0][name] != pages[1][name]] == []
    practice = pages[0]["practices/working-backwards/index.html"].decode()
    assert '<h1 id="sources">Sources</h1>' in practice and '<h2 id="sources_1">Sources</h2>' in practice
    assert '<a href="#sources_1" class="md-nav__link">' in practice  # the table of contents follows the ids
    assert "<title>Sources - Customer Obsession Playbook</title>" in practice


def test_the_navigation_marks_the_page_it_is_on(small_site: Path) -> None:
    """Pages outside the navigation share their folder's; a page in it has its own entry marked."""
    record = [(small_site / f"practices/{name}/index.html").read_text(encoding="utf-8") for name in ("working-backwards", "one-journey")]
    navs = [re.search(r'<nav class="md-nav md-nav--primary".*?</nav>\s*</div>', page, re.S) for page in record]
    assert navs[0] and navs[1] and navs[0].group(0) == navs[1].group(0)
    assert "md-nav__link--active" not in navs[0].group(0) and "aria-current" not in navs[0].group(0)
    assert 'href="../../functions/"' in navs[0].group(0)
    index = (small_site / "practices/index.html").read_text(encoding="utf-8")
    active = re.findall(r'<a href="([^"]*)" class="md-nav__link md-nav__link--active">', index)
    assert active == ["./"]
    home = (small_site / "index.html").read_text(encoding="utf-8")
    assert re.findall(r'<a href="([^"]*)" class="md-nav__link md-nav__link--active">', home) == ["."]


def test_the_parts_rendered_once_per_folder_are_the_parts_each_page_would_render(tmp_path: Path, monkeypatch) -> None:
    """The same site, byte for byte, when every page renders its navigation, header, styles, scripts
    and footer itself: nothing a page shares with its folder depends on the page."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    from playbook.mkdocs_adapter import theme

    project = make_project(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    shared = []
    real = theme.Once.__call__

    def counted(self, part, folder, caller):
        shared.append((part, folder))
        return real(self, part, folder, caller)

    sites = []
    for name, call in (("once", counted), ("every-page", lambda self, part, folder, caller: caller())):
        monkeypatch.setattr(theme.Once, "__call__", call)
        site = tmp_path / name
        mkdocs_build(load_config(str(project / "mkdocs.yml"), site_dir=str(site)))
        sites.append({p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*.html")})
    assert sites[0].keys() == sites[1].keys()
    assert [name for name in sites[0] if sites[0][name] != sites[1][name]] == []
    parts = {part for part, folder in shared if folder is not None}
    assert parts == {"nav", "header-start", "header-end", "styles", "analytics", "footer", "config", "scripts"}
    assert ("nav", "practices/") in shared and ("nav", None) in shared  # a record's folder; a page in the navigation


def test_pages_made_on_two_cores_are_the_pages_made_on_one(project: Path, monkeypatch) -> None:
    """The forked copy's pages come back exactly as made; a copy that fails costs time, not pages."""
    import datetime as dt

    from playbook.mkdocs_adapter import parallel
    from playbook.render import site_page_makers
    from playbook.validation import validate

    catalog = validate(project / "playbook_data", None).catalog
    makers = site_page_makers(catalog, dt.date(2026, 1, 1), "Playbook")
    alone = {url: make(catalog) for url, make in makers.items()}
    monkeypatch.setattr(parallel, "SMALLEST", 1)
    if parallel._can_fork():
        assert list(parallel.make_pages(makers, catalog).items()) == list(alone.items())

        def broken(*args: object, **kwargs: object) -> None:
            raise OSError("the copy cannot write")

        monkeypatch.setattr(parallel.pickle, "dump", broken)
    assert list(parallel.make_pages(makers, catalog).items()) == list(alone.items())
