"""Export the pages a real build renders as a plain MkDocs + Material project (no macros, no hook).

    python -m benchmarks.plain PROJECT OUT      # run with the project's venv

It runs MkDocs' own build steps on PROJECT up to the point where every page's Markdown is
known: `on_config`, `on_files` (our hook adds one generated page per record, the printable
checklists and the schema files) and `on_nav`. Then it writes into OUT/docs/:

* every generated file (record pages, print pages, schema/*.json): a record or print page as
  one Markdown file with its HTML blocks written in, where the real build gives MkDocs only
  the headings and puts the finished blocks in after conversion;
* every hand-written page of docs/, with its front matter and with the macros already
  expanded by the real mkdocs-macros plugin (only its `on_page_markdown`, nothing else);
* every other file of docs/ (CSS, JavaScript) as it is.

OUT/mkdocs.yml is the project's mkdocs.yml minus the macros plugin and the hooks, with the
navigation and `not_in_nav` that our hook left in the configuration written out explicitly,
so the plain project builds the same pages with the same navigation, whatever its shape.
OUT/overrides/ is a copy of the theme overrides. The difference between the two builds is
our data + macros layer: loading and validating YAML, rendering pages in Python, the macros,
and the hook's search-index additions.
"""

from __future__ import annotations

import json
import os
import posixpath
import re
import shutil
import sys
from pathlib import Path

FRONT_MATTER = re.compile(r"\A(-{3}\s*\n.*?\n(?:-{3}|\.{3})\s*\n)", re.S)


def _spec_lines(spec) -> list[str]:
    if spec is None:
        return []
    patterns = [getattr(p, "pattern", None) for p in getattr(spec, "patterns", [])]
    return [p for p in patterns if p]


def not_in_nav_lines(config, files) -> list[str]:
    """`not_in_nav` patterns that give every page the inclusion the real build gave it.

    The configured patterns, plus the pages that a plugin or hook marked "not in nav" itself,
    written compactly (`/folder/*.md` with `!` exceptions for pages that are in the nav) so
    that matching them stays cheap when a folder holds thousands of pages.
    """
    spec = config.not_in_nav
    lines = _spec_lines(spec)
    pages = list(files.documentation_pages())
    marked = [f for f in pages if f.inclusion.is_not_in_nav() and not (spec and spec.match_file(f.src_uri))]
    by_dir: dict[str, list] = {}
    for f in marked:
        by_dir.setdefault(posixpath.dirname(f.src_uri), []).append(f)
    for folder, group in sorted(by_dir.items()):
        prefix = f"/{folder}/" if folder else "/"
        if len(group) < 3:
            lines += [f"/{f.src_uri}" for f in group]
            continue
        exts = sorted({posixpath.splitext(f.src_uri)[1] for f in group})
        lines += [f"{prefix}*{ext}" for ext in exts]
        lines += [
            f"!/{f.src_uri}" for f in pages if posixpath.dirname(f.src_uri) == folder and f.inclusion.is_in_nav() and posixpath.splitext(f.src_uri)[1] in exts
        ]
    return lines


def export(project: Path, out: Path) -> dict[str, int]:
    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files, set_exclusions
    from mkdocs.structure.nav import get_navigation
    from mkdocs.structure.pages import Page
    from mkdocs.utils.yaml import yaml_load

    project, out = project.resolve(), out.resolve()
    os.chdir(project)
    sys.path.insert(0, str(project))
    from playbook.mkdocs_adapter.pages import fill

    config = load_config(config_file=str(project / "mkdocs.yml"))
    config.plugins.on_startup(command="build", dirty=False)
    config = config.plugins.on_config(config)
    config.plugins.on_pre_build(config=config)
    files = get_files(config)
    files = config.plugins.on_files(files, config=config)
    set_exclusions(files, config)
    nav_declared = config.nav
    not_in_nav = not_in_nav_lines(config, files)
    nav = get_navigation(files, config)
    config.plugins.on_nav(nav, config=config, files=files)
    macros = config.plugins.get("macros")

    if out.exists():
        shutil.rmtree(out)
    docs = out / "docs"
    counts = {"generated": 0, "expanded": 0, "static": 0}
    for file in files:
        if file.inclusion.is_excluded():
            continue
        dest = docs / file.src_uri
        dest.parent.mkdir(parents=True, exist_ok=True)
        if file.generated_by is not None:
            dest.write_text(fill(file.content_string, file), encoding="utf-8")  # its HTML blocks written into the Markdown
            counts["generated"] += 1
        elif file.is_documentation_page():
            if file.page is None:
                Page(None, file, config)
            page = file.page
            page.read_source(config)
            markdown = page.markdown
            if macros is not None:
                markdown = macros.on_page_markdown(markdown, page=page, config=config, files=files)
                markdown = fill(markdown, file)  # the macros' HTML, written in
            source = Path(file.abs_src_path).read_text(encoding="utf-8-sig")
            match = FRONT_MATTER.match(source)
            dest.write_text((match.group(1) + "\n" if match else "") + markdown, encoding="utf-8")
            counts["expanded"] += 1
        else:
            shutil.copyfile(file.abs_src_path, dest)
            counts["static"] += 1
    config.plugins.on_shutdown()

    raw = yaml_load((project / "mkdocs.yml").read_text(encoding="utf-8"))  # resolves !ENV to its values
    raw.pop("hooks", None)
    raw["plugins"] = [p for p in raw.get("plugins", []) if (p if isinstance(p, str) else next(iter(p))) not in ("macros",)]
    raw["nav"] = nav_declared
    if not_in_nav:
        raw["not_in_nav"] = "\n".join(not_in_nav) + "\n"
    theme = raw.get("theme", {})
    if isinstance(theme, dict) and theme.get("custom_dir"):
        shutil.copytree(project / theme["custom_dir"], out / theme["custom_dir"])
    import yaml

    (out / "mkdocs.yml").write_text(yaml.safe_dump(raw, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return counts


if __name__ == "__main__":
    print(json.dumps(export(Path(sys.argv[1]), Path(sys.argv[2]))))
