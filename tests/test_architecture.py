"""The shape of the program: each kind described once, one engine adapter, and a second engine that builds the same site."""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REVIEW, ROOT, SMALL, build, free_port, make_project, run_cli, serve, write_data
from html_pages import read

from playbook.model import KINDS
from playbook.references import REFERENCES
from playbook.render.records import RENDERERS


def test_every_kind_has_a_renderer_an_index_and_a_guide_entry() -> None:
    guide = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert set(RENDERERS) == set(KINDS)
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


# A new kind in three pieces: its model class, its renderer and its guide entry (CONTRIBUTING.md,
# "Adding a kind"), written here as a developer writes them, with one record. Its names are a
# toy's, so that the test still adds a new kind to a project that has a real kind of workshops.

TOY_MODEL = """

class ToyWorkshop(Record):
    \"\"\"A session in which a team puts practices to work together.\"\"\"

    kind: ClassVar[str] = "toy-workshop"
    folder: ClassVar[str] = "toy-workshops"
    section: ClassVar[str] = "Toy workshops"

    title: Text = Field(description="The workshop's name, e.g. 'Press release hour'.")
    summary: Text = Field(description="One or two sentences: what the team does and comes away with.")
    function: FunctionRef = Field(description="Id of the function that runs it.")
    practices: list[PracticeRef] = Field(min_length=1, description="Ids of the practices it puts to work.")

    @property
    def display_title(self) -> str:
        return self.title
"""

TOY_RENDERER = """

@renders(ToyWorkshop, entry=lambda w: w.summary)
def _toy_workshop(catalog: Catalog, w: ToyWorkshop, record_id: str, links: Links) -> list[Section]:
    return [
        Section(None, join(h("p", w.summary, class_="pb-lead"), facts([("Run by", links.to(Function, w.function))]))),
        Section("Practices it puts to work", links.many(Practice, w.practices)),
    ]
"""

TOY_GUIDE = """### Toy workshops (`toy-workshops/`)

| field | required? | what it means |
|---|---|---|
| `title` | required | The workshop's name. |
| `summary` | required | What the team does and comes away with. |
| `function` | required (id) | The function that runs it (`functions/`). |
| `practices` | required (ids) | The practices it puts to work (`practices/`). |

"""

TOY_RECORD = (
    "# yaml-language-server: $schema=../../schema/toy-workshop.json\ntitle: Press release hour\n"
    f"summary: Draft the launch announcement before the plan.\nfunction: sales\npractices:\n  - working-backwards\n{REVIEW}"
)


def _python(project: Path, *args: str) -> subprocess.CompletedProcess:
    """`python ARGS` in `project`, which imports the project's own copy of the program."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1767225600"}
    return subprocess.run([sys.executable, *args], cwd=project, capture_output=True, text=True, env=env)


def _add_name(path: Path, line: str, name: str) -> None:
    """Add `name` at the end of the one line that matches `line` (a tuple, or an import)."""
    text = path.read_text(encoding="utf-8")
    found = re.findall(line, text, re.M)
    assert len(found) == 1, f"{line!r} in {path}"
    old = found[0]
    path.write_text(text.replace(old, f"{old[:-1]}, {name})" if old.endswith(")") else f"{old}, {name}"), encoding="utf-8")


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.mark.browser
def test_a_new_kind_is_its_model_its_renderer_and_its_guide_entry(tmp_path: Path, browser) -> None:
    project = make_project(tmp_path)
    shutil.copy(ROOT / "CONTRIBUTING.md", project / "CONTRIBUTING.md")
    # 1. The model class alone: every command stops at once and names the missing piece.
    _edit(project / "playbook/model.py", "\n#: Every kind, in the order", TOY_MODEL + "\n#: Every kind, in the order")
    _add_name(project / "playbook/model.py", r"^KINDS: .*\)$", "ToyWorkshop")
    refused = _python(project, "-m", "playbook", "validate")
    assert refused.returncode == 1 and refused.stdout == ""
    assert refused.stderr.splitlines()[-1] == (
        "playbook.render.records.KindWithoutRenderer: the kind ToyWorkshop ('toy-workshop', in KINDS in playbook/model.py) has no renderer: "
        "register one in playbook/render/records.py with @renders(ToyWorkshop) (CONTRIBUTING.md, 'Adding a kind')"
    )
    # 2. Its renderer, its guide entry and a record; the schema file is generated, as `make schema` does.
    _add_name(project / "playbook/render/records.py", r"^from \.\.model import .*$", "ToyWorkshop")
    with (project / "playbook/render/records.py").open("a", encoding="utf-8") as records:
        records.write(TOY_RENDERER)
    _edit(project / "CONTRIBUTING.md", "## 4. Tasks\n", TOY_GUIDE + "## 4. Tasks\n")
    (project / "playbook_data/toy-workshops").mkdir()
    (project / "playbook_data/toy-workshops/press-release-hour.yml").write_text(TOY_RECORD, encoding="utf-8")
    assert _python(project, "-m", "playbook", "schema").returncode == 0
    schema = json.loads((project / "schema/toy-workshop.json").read_text(encoding="utf-8"))
    assert sorted(schema["required"]) == ["function", "last_reviewed", "owner", "practices", "summary", "title"]
    probe = "from playbook.model import KINDS; guide = open('CONTRIBUTING.md').read(); print([k.folder for k in KINDS if f'`{k.folder}/`' not in guide])"
    assert _python(project, "-c", probe).stdout == "[]\n"
    valid = _python(project, "-m", "playbook", "validate")
    assert (valid.returncode, valid.stdout, valid.stderr) == (0, "", f"OK: {len(SMALL) + 1} records in playbook_data are valid.\n")
    # 3. Built for real: its page, its section page (owner and review line), its nav entry, its search facets.
    port = free_port()
    site = build(project, PLAYBOOK_SITE_URL=f"http://127.0.0.1:{port}/")
    page = read(site / "toy-workshops/press-release-hour/index.html")
    assert "Press release hour Draft the launch announcement before the plan. Run by Sales Practices it puts to work Working Backwards" in page.text
    assert "Last reviewed 2026-01-15 by Head of Customer Experience" in page.text
    assert "../../practices/working-backwards/" in page.links
    url, server = serve(site, port)
    context = browser.new_context()
    try:
        tab = context.new_page()
        tab.goto(url + "toy-workshops/")
        assert tab.locator("article h1").inner_text() == "Toy workshops"
        assert tab.locator("article .pb-entries li").all_inner_texts() == ["Press release hour: Draft the launch announcement before the plan."]
        assert tab.locator("article .pb-reviewed").inner_text() == "Last reviewed 2026-01-15 by Playbook maintainers"
        top = tab.locator(".md-nav--primary > .md-nav__list > .md-nav__item")
        labels = [item.locator(":scope > .md-nav__link, :scope > label.md-nav__link").first.inner_text().strip() for item in top.all()]
        unplaced = [kind.section for kind in KINDS if f" {kind.folder}/index.md\n" not in (project / "mkdocs.yml").read_text(encoding="utf-8")]
        assert labels == ["Home", "Your function", "Learn", "Models", *unplaced, "Toy workshops", "For editors"]
        found = tab.evaluate(
            """async () => {
                const pagefind = await import(new URL("pagefind/pagefind.js", location.href.replace(/toy-workshops\\/$/, "")).href);
                const search = await pagefind.search(null, {filters: {kind: "Toy workshop"}});
                return Promise.all(search.results.map(async (r) => { const d = await r.data(); return [d.url, d.filters]; }));
            }"""
        )
    finally:
        context.close()
        server.shutdown()
    assert [(u, sorted(f.get("function", [])), f.get("stage"), f.get("kind")) for u, f in found] == [
        ("/toy-workshops/press-release-hour/", ["Customer support", "Sales"], ["Customer-focused"], ["Toy workshop"])
    ]


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
