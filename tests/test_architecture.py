"""The shape of the program: each kind described once, one engine adapter, and a second engine that builds the same site."""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, SMALL, build, make_project, run_cli, write_data
from html_pages import read

from playbook.catalog import REFERENCES
from playbook.model import KINDS
from playbook.render.indexes import INDEXES
from playbook.render.records import RENDERERS


def test_every_kind_has_a_renderer_an_index_and_a_guide_entry() -> None:
    guide = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert set(RENDERERS) == set(KINDS) and set(INDEXES) == set(KINDS)
    missing = [k.kind for k in KINDS if f"`{k.folder}/`" not in guide]
    assert missing == [], f"CONTRIBUTING.md does not describe: {missing}"


def test_the_readme_maps_every_module_in_one_line_and_none_is_over_400_lines() -> None:
    block = (ROOT / "README.md").read_text(encoding="utf-8").split("```\nplaybook/\n", 1)[1].split("```", 1)[0]
    listed = [line.split()[0] for line in block.splitlines() if line.startswith("  ")]
    modules = sorted(p.relative_to(ROOT / "playbook").as_posix() for p in (ROOT / "playbook").rglob("*.py") if p != ROOT / "playbook/__init__.py")
    assert sorted(listed) == modules
    long = {m: n for m in modules if (n := len((ROOT / "playbook" / m).read_text(encoding="utf-8").splitlines())) > 400}
    assert long == {}


def test_references_come_from_the_models_field_types() -> None:
    found = {(r.kind.kind, r.name, r.target.kind) for r in REFERENCES}
    assert ("function", "checklist.practice", "practice") in found
    assert ("case-study", "quote.source", "source") in found
    assert ("metric", "owned_by", "function") in found


def test_only_the_adapter_imports_mkdocs_or_jinja_or_knows_mkdocs_macros() -> None:
    core = {p.relative_to(ROOT).as_posix(): p.read_text(encoding="utf-8") for p in (ROOT / "playbook").rglob("*.py") if "mkdocs_adapter" not in p.parts}
    assert [p for p, text in core.items() if re.search(r"^\s*(from|import) (mkdocs|jinja2|mkdocs_macros)\b", text, re.M)] == []
    assert [p for p, text in core.items() if re.search(r"mkdocs[-_]macros", text, re.I)] == []


def test_the_core_renders_without_any_engine(tmp_path: Path) -> None:
    code = (
        "import sys, datetime; from playbook.validation import validate; from playbook.render import site_pages; "
        f"c = validate({str(tmp_path / 'playbook_data')!r}, None).catalog; pages = site_pages(c, datetime.date(2026, 1, 1), 'P'); "
        "print(len(pages), sorted(m for m in sys.modules if m.split('.')[0] in ('mkdocs', 'material', 'mkdocs_macros')))"
    )
    write_data(tmp_path / "playbook_data", SMALL)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    records = sum(1 for name in SMALL)
    assert done.stdout.split(" ", 1) == [str(records + 2 + 1 + 2), "[]\n"]  # records, 2 print sheets, booklet, 2 start pages


def test_a_kind_without_a_hand_written_index_gets_one_and_a_nav_entry(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    (project / "docs" / "metrics" / "index.md").unlink()
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("      - Metrics: metrics/index.md\n", ""), encoding="utf-8")
    site = build(project)
    page = read(site / "metrics" / "index.html")
    assert "Metrics A measure that shows whether customers are better off. Metric What it measures Owned by" in page.text
    home = (site / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<a href="metrics/" class="md-nav__link">\s*<span class="md-ellipsis">\s*Metrics', home)


NAMES = ["Sales 🚀", "Ventes – équipe", "販売チーム", "Продажи", "مبيعات", "𝔖𝔞𝔩𝔢𝔰", "Sales team", 'Sales "quoted" #1: yes', "Led ☃ \\ back", "Stage {{ 7*7 }}"]
NAMED = ["functions/sales.yml", "functions/support.yml", "stages/focused.yml", "stages/centric.yml", "stages/led.yml"]


@pytest.mark.parametrize("names", [NAMES[:5], NAMES[5:]], ids=["scripts-and-emoji", "symbols-and-syntax"])
def test_front_matter_survives_any_name(tmp_path: Path, names: list[str]) -> None:
    """A generated page's metadata reads back as written whatever its text holds: a function's
    print page is titled with its name and keeps its own template; no metadata leaks as text."""
    project = make_project(tmp_path)
    renamed = {}
    for rel, name in zip(NAMED, names, strict=True):
        quoted = name.replace("\\", "\\\\").replace('"', '\\"')
        renamed[rel] = re.sub(r"^name: .*$", f'name: "{quoted}"', SMALL[rel], count=1, flags=re.M)
    write_data(project / "playbook_data", renamed)
    site = build(project)
    practice = read(site / "practices" / "working-backwards" / "index.html")
    assert "render_macros" not in practice.text and "tags:" not in practice.text
    for name in (names[2], names[0], names[1]):  # the practice's stage, then its functions
        assert name in practice.text
    for function, name in (("sales", names[0]), ("support", names[1])):
        printed = (site / "print" / "functions" / function / "index.html").read_text(encoding="utf-8")
        assert 'class="pb-sheet"' in printed and "md-header" not in printed and "render_macros" not in printed
        title = re.search(r"<title>(.*?)</title>", printed, re.S)
        assert title and html.unescape(title.group(1)) == f"{name}: adoption checklist - Customer Obsession Playbook"


@pytest.mark.skipif(shutil.which("properdocs", path=str(Path(sys.executable).parent)) is None, reason="properdocs not installed")
def test_properdocs_builds_the_same_site(tmp_path: Path) -> None:
    """ProperDocs, the continuation of MkDocs 1.x, builds byte for byte the site MkDocs builds, but for its generator tag."""
    project = make_project(tmp_path)
    env = {
        **os.environ,
        "SOURCE_DATE_EPOCH": "1767225600",
        "NO_MKDOCS_2_WARNING": "1",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }
    sites = {}
    for engine in ("mkdocs", "properdocs"):
        sites[engine] = project / f"site-{engine}"
        done = subprocess.run(
            [str(Path(sys.executable).parent / engine), "build", "--strict", "--site-dir", str(sites[engine])],
            cwd=project,
            capture_output=True,
            text=True,
            env=env,
        )
        assert done.returncode == 0, done.stderr
    generator = re.compile(rb'<meta name="generator" content="[^"]*">')
    # Pagefind's index is not the engine's output, and Pagefind 1.5.2 names its filter files differently from run to run.
    files = {
        engine: sorted(rel for p in site.rglob("*") if p.is_file() and not (rel := p.relative_to(site).as_posix()).startswith("pagefind/"))
        for engine, site in sites.items()
    }
    assert files["mkdocs"] == files["properdocs"]
    differ = [
        rel
        for rel in files["mkdocs"]
        if generator.sub(b"", (sites["mkdocs"] / rel).read_bytes()) != generator.sub(b"", (sites["properdocs"] / rel).read_bytes())
    ]
    assert differ == []
    assert b"ProperDocs" in (sites["properdocs"] / "index.html").read_bytes()


def test_the_benchmarks_synthetic_playbook_is_valid(tmp_path: Path) -> None:
    """`make bench` times builds of generated playbooks: validate must accept them, or nothing is timed."""
    sys.path.insert(0, str(ROOT))
    try:
        from benchmarks import synthetic
    finally:
        sys.path.remove(str(ROOT))
    counts = synthetic.generate(300, tmp_path / "generated", ROOT / "docs")
    assert sum(counts.values()) == 300
    (tmp_path / "project").mkdir()
    project = make_project(tmp_path / "project", tmp_path / "generated")
    result = run_cli("validate", cwd=project)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "OK: 300 records in playbook_data are valid.\n")
