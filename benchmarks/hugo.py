"""Write the plain project's pages (see plain.py) as a Hugo site, for a reference build time.

    python -m benchmarks.hugo PLAIN OUT

Same Markdown (goldmark, raw HTML allowed), same navigation (the plain mkdocs.yml's nav as
Hugo's main menu, on every page), a table of contents, tags as a taxonomy (like Material's
tags page), a JSON search index of every page's text (like MkDocs' search index), a sitemap,
the same CSS and JavaScript, and the printable checklists with their own layout. No theme:
Hugo's work is parsing and rendering the same content with small templates, which is what
the comparison is about.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path

import yaml

FRONT_MATTER = re.compile(r"\A-{3}\s*\n(.*?)\n(?:-{3}|\.{3})\s*\n", re.S)
H1 = re.compile(r"^# (.+)$", re.M)

BASEOF = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>{{ .Title }} - {{ site.Title }}</title>
<link rel="stylesheet" href="{{ "assets/playbook.css" | relURL }}">
</head>
<body>
<header><a href="{{ "/" | relURL }}">{{ site.Title }}</a>
<form action="{{ "search/" | relURL }}"><input type="search" name="q" placeholder="Search"></form></header>
<nav><ul>
{{- $here := .RelPermalink -}}
{{- range site.Menus.main }}
<li><a href="{{ .URL | relURL }}"{{ if eq (.URL | relURL) $here }} aria-current="page"{{ end }}>{{ .Name }}</a>
{{- if .HasChildren }}<ul>{{ range .Children }}<li><a href="{{ .URL | relURL }}"{{ if eq (.URL | relURL) $here }} aria-current="page"{{ end }}>{{ .Name }}</a></li>{{ end }}</ul>{{ end }}</li>
{{- end }}
</ul></nav>
<aside>{{ .TableOfContents }}</aside>
<main>{{ block "main" . }}{{ end }}
{{ with .Params.owner }}<p class="pb-reviewed">Last reviewed {{ $.Params.last_reviewed }} by {{ . }}</p>{{ end }}
{{ with .Params.tags }}<p>{{ range . }}<span class="md-tag">{{ . }}</span> {{ end }}</p>{{ end }}
</main>
<footer>{{ with .PrevInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}
{{ with .NextInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</footer>
<script src="{{ "assets/checklist.js" | relURL }}"></script>
</body>
</html>
"""
SINGLE = '{{ define "main" }}{{ .Content }}{{ end }}\n'
LIST = (
    '{{ define "main" }}{{ .Content }}{{ if or (eq .Kind "taxonomy") (eq .Kind "term") }}<ul>'
    '{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}{{ end }}\n'
)
PRINT = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>{{ .Title }} - {{ site.Title }}</title>
<link rel="stylesheet" href="{{ "assets/print.css" | relURL }}"></head>
<body class="pb-print-view"><main>{{ .Content }}</main>
<script src="{{ "assets/checklist.js" | relURL }}"></script></body>
</html>
"""
SEARCH_INDEX = """{{- $docs := slice -}}
{{- range site.Pages -}}{{- if not .Params.search_exclude -}}
{{- $docs = $docs | append (dict "location" .RelPermalink "title" .Title "text" .Plain) -}}
{{- end -}}{{- end -}}
{{- dict "docs" $docs | jsonify -}}
"""


def _title(body: str, meta: dict, fallback: str) -> str:
    if meta.get("title"):
        return str(meta["title"])
    match = H1.search(body)
    return match.group(1).strip() if match else fallback


def _target(rel: str, docs: Path) -> str:
    """Where a docs/ page goes in content/: section pages become _index.md."""
    if rel == "index.md":
        return "_index.md"
    if rel == "tags.md":
        return "tags/_index.md"  # the tags taxonomy page, with the page's text
    if rel.endswith("/index.md"):
        folder = docs / rel[: -len("/index.md")]
        others = [p for p in folder.rglob("*.md") if p.name != "index.md" or p.parent != folder]
        return rel[: -len("index.md")] + ("_index.md" if others else "index.md")
    return rel


def _menu(nav, docs: Path, titles: dict[str, str]) -> list[dict]:
    entries: list[dict] = []

    def url(rel: str) -> str:
        rel = rel[: -len("index.md")] if rel.endswith("index.md") else rel[: -len(".md")] + "/"
        return "/" + rel

    for i, item in enumerate(nav or []):
        name, value = next(iter(item.items())) if isinstance(item, dict) else (None, item)
        ident = f"s{i}"
        if isinstance(value, str):
            entries.append({"identifier": ident, "name": name or titles.get(value, value), "url": url(value), "weight": i})
            continue
        first = value[0] if value and isinstance(value[0], str) else None
        entries.append({"identifier": ident, "name": name, "url": url(first) if first else "/", "weight": i})
        for j, child in enumerate(value):
            cname, cvalue = next(iter(child.items())) if isinstance(child, dict) else (None, child)
            if isinstance(cvalue, str) and cvalue != first:
                entries.append({"identifier": f"{ident}-{j}", "parent": ident, "name": cname or titles.get(cvalue, cvalue), "url": url(cvalue), "weight": j})
    return entries


def export(plain: Path, out: Path) -> dict[str, int]:
    docs = plain / "docs"
    cfg = yaml.safe_load((plain / "mkdocs.yml").read_text(encoding="utf-8"))
    if out.exists():
        shutil.rmtree(out)
    content, static, layouts = out / "content", out / "static", out / "layouts" / "_default"
    layouts.mkdir(parents=True)
    titles: dict[str, str] = {}
    pages = 0
    for path in sorted(docs.rglob("*")):
        if path.is_dir():
            continue
        rel = path.relative_to(docs).as_posix()
        if not rel.endswith(".md"):
            dest = static / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, dest)
            continue
        source = path.read_text(encoding="utf-8")
        match = FRONT_MATTER.match(source)
        meta = yaml.safe_load(match.group(1)) if match else {}
        meta = meta or {}
        body = source[match.end() :] if match else source
        title = _title(body, meta, rel)
        titles[rel] = title
        front: dict[str, object] = {"title": title}
        if meta.get("tags"):
            front["tags"] = meta["tags"]
        if meta.get("template"):
            front["layout"] = "print"
        if (meta.get("search") or {}).get("exclude"):
            front["search_exclude"] = True
        for key in ("owner", "last_reviewed"):
            if key in meta:
                front[key] = str(meta[key])
        dest = content / _target(rel, docs)
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_text("---\n" + json.dumps(front, ensure_ascii=False) + "\n---\n" + body, encoding="utf-8")
        pages += 1
    config = {
        "baseURL": cfg.get("site_url") or "http://localhost/",
        "title": cfg.get("site_name", "Site"),
        "languageCode": "en",
        "disableKinds": ["RSS"],
        "taxonomies": {"tag": "tags"},
        "outputs": {"home": ["HTML", "JSON"]},
        "markup": {"goldmark": {"renderer": {"unsafe": True}}, "tableOfContents": {"startLevel": 2, "endLevel": 3}},
        "menu": {"main": _menu(cfg.get("nav"), docs, titles)},
    }
    (out / "hugo.json").write_text(json.dumps(config, indent=1, ensure_ascii=False), encoding="utf-8")
    (layouts / "baseof.html").write_text(BASEOF, encoding="utf-8")
    (layouts / "single.html").write_text(SINGLE, encoding="utf-8")
    (layouts / "list.html").write_text(LIST, encoding="utf-8")
    (layouts / "print.html").write_text(PRINT, encoding="utf-8")
    (out / "layouts" / "index.json").write_text(SEARCH_INDEX, encoding="utf-8")
    return {"pages": pages, "menu": len(config["menu"]["main"])}


if __name__ == "__main__":
    print(json.dumps(export(Path(sys.argv[1]), Path(sys.argv[2]))))
