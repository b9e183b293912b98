"""The hostile-input corpus (tests/hostile_cases.yml): each case is one line there, checked here.

Cases that need more than a file and a command (symlinks, permissions, another user, a browser)
follow the corpus, as ordinary tests.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from conftest import MODELINES, REVIEW, ROOT, SMALL, run_cli, write_data

CASES = yaml.safe_load((Path(__file__).parent / "hostile_cases.yml").read_text(encoding="utf-8"))
DEFAULT_FILE = "practices/one-journey.yml"


def expand(text: str) -> str:
    """«x*N» -> N copies of x."""
    return re.sub(r"«(.+?)\*(\d+)»", lambda m: m.group(1) * int(m.group(2)), text, flags=re.DOTALL)


def record_text(rel: str) -> str:
    return f"# yaml-language-server: $schema=../../schema/{MODELINES[rel.split('/')[0]]}.json\n{SMALL[rel]}{REVIEW}"


def test_case_names_are_unique() -> None:
    names = [case["name"] for case in CASES]
    assert len(names) == len(set(names))


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_hostile_case(project: Path, case: dict) -> None:
    rel = case.get("file", DEFAULT_FILE)
    if "page" in case:
        (project / case["page"]).write_bytes(expand(case["raw"]).encode("utf-8"))
    elif "raw" in case or "replace" in case or "name_as" in case:
        text = expand(case["raw"]) if "raw" in case else record_text(rel)
        if "replace" in case:
            old, new = case["replace"]
            assert old in text, f"{old!r} is not in {rel}"
            text = text.replace(old, expand(new))
        path = project / "playbook_data" / case.get("name_as", rel)
        path.parent.mkdir(parents=True, exist_ok=True)  # a kind the small catalog has no record of (teams)
        path.write_bytes(text.encode("utf-8"))
    result = run_cli(*case.get("run", ["validate"]), cwd=project, **case.get("env", {}))
    output = result.stdout.splitlines() + result.stderr.splitlines()
    assert "Traceback" not in result.stdout + result.stderr
    assert result.returncode == case["exit"], output
    assert case["says"] in output, output
    for path in case.get("absent", []):
        assert not (project / path).exists(), f"{path} was created: the page ran code"


# Files the loader must refuse without reading them, or read without a traceback.


def test_a_symlink_that_leaves_the_data_is_refused_and_its_target_never_echoed(project: Path, tmp_path: Path) -> None:
    secret = tmp_path / "token.txt"
    secret.write_text("ghp_0123456789abcdefghijklmnopqrstuvwxyzAB\n")
    (project / "playbook_data/practices/token.yml").symlink_to(secret)
    (project / "playbook_data/journey/etc").symlink_to("/etc")
    result = run_cli("validate", cwd=project)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "playbook_data/journey/etc:1:1: a symbolic link that points outside the data folder "
        "(put the record itself here: links could publish any file on this machine)",
        "playbook_data/practices/token.yml:1:1: a symbolic link that points outside the data folder "
        "(put the record itself here: links could publish any file on this machine)",
    ]
    assert "ghp_" not in result.stdout + result.stderr


def test_a_symlink_inside_the_data_is_a_record_like_any_other(project: Path) -> None:
    data = project / "playbook_data"
    (data / "stats/deploys.yml").rename(data / "stats/.deploys-draft")
    (data / "stats/deploys.yml").symlink_to(".deploys-draft")
    assert run_cli("validate", cwd=project).returncode == 0


def test_a_fifo_named_like_a_record_does_not_hang_validate(project: Path) -> None:
    os.mkfifo(project / "playbook_data/practices/pipe.yml")
    result = subprocess.run([sys.executable, "-m", "playbook", "validate"], cwd=project, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "playbook_data/practices/pipe.yml:1:1: not a .yml record file (records are ordinary files: move this one out of playbook_data/)"
    ]


def unprivileged(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    """Run `python -m playbook ARGS` with file permissions enforced: root reads every file whatever its
    mode, so the command runs without the capabilities that let it (as any other user would)."""
    import shlex
    import shutil

    if os.geteuid() != 0 or not shutil.which("capsh"):
        pytest.skip("needs root and capsh to drop the right to ignore file permissions")
    command = shlex.join([sys.executable, "-m", "playbook", *args])
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run(
        ["capsh", "--drop=cap_dac_override,cap_dac_read_search", "--", "-c", command], cwd=cwd, capture_output=True, text=True, env=env, timeout=120
    )


def test_an_unreadable_record_is_one_line(project: Path) -> None:
    os.chmod(project / "playbook_data/stats/deploys.yml", 0o000)
    result = unprivileged(["validate"], project)
    assert "Traceback" not in result.stderr
    assert result.returncode == 1
    assert result.stdout.splitlines()[0] == ("playbook_data/stats/deploys.yml:1:1: cannot read the file: permission denied (check its permissions)")


def test_an_unreadable_kind_folder_is_one_line(project: Path) -> None:
    os.chmod(project / "playbook_data/sources", 0o000)
    result = unprivileged(["validate"], project)
    assert "Traceback" not in result.stderr
    assert result.returncode == 1
    assert "playbook_data/sources:1:1: cannot read the folder: permission denied (check its permissions)" in result.stdout.splitlines()


def test_an_unreadable_data_folder_is_one_line(project: Path) -> None:
    os.chmod(project / "playbook_data", 0o000)
    result = unprivileged(["validate"], project)
    assert (result.returncode, result.stdout) == (2, "")  # click checks --data before the loader sees it
    assert result.stderr.splitlines()[-1] == "Error: Invalid value for '--data': Directory 'playbook_data' is not readable."


# Bounded work.


def test_suggestions_stay_fast_for_3000_unknown_ids_among_3000() -> None:
    from playbook.validation.suggest import Suggestions

    known = [("source", f"report-{i:04d}-customer") for i in range(3000)]
    suggestions = Suggestions(known)
    start = time.perf_counter()
    guesses = [suggestions.closest("source", f"reprot-{i:04d}-custmer") for i in range(3000)]
    elapsed = time.perf_counter() - start
    assert guesses == [f"report-{i:04d}-customer" for i in range(3000)]
    # Bounded work per unknown id: about 2 s here (difflib against every id: 99 s), with room for a busy machine.
    assert elapsed < 20, f"{elapsed:.1f} s"


def test_suggestions_are_those_difflib_gives_on_small_sets() -> None:
    from playbook.validation.suggest import Suggestions

    suggestions = Suggestions([("stage", "focused"), ("stage", "centric"), ("stage", "led")])
    assert [suggestions.closest("stage", w) for w in ("centrik", "lead", "zzz")] == ["centric", "led", None]


def test_data_with_no_stages_builds(project: Path) -> None:
    data = project / "playbook_data"
    for folder in ("stages", "functions", "practices", "case-studies", "metrics"):
        for path in (data / folder).glob("*.yml"):
            path.unlink()
    cases = project / "docs/case-studies/index.md"  # its case cards name records that are gone now
    cases.write_text("\n".join(line for line in cases.read_text().splitlines() if "case_card" not in line))
    result = run_cli("build", cwd=project)
    assert "Traceback" not in result.stderr and "StopIteration" not in result.stderr
    assert result.returncode == 0, result.stderr
    assert "Not yet placed: the maturity model has no stages" in (project / "site/self-assessment/index.html").read_text()


def test_mkdocs_build_itself_refuses_an_unsafe_edit_address(project: Path) -> None:
    env = {**os.environ, "PLAYBOOK_EDIT_URI": 'https://x/"><img src=x onerror=alert(1)>/'}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=project, capture_output=True, text=True, env=env)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert (
        "PLAYBOOK_EDIT_URI='https://x/\"><img src=x onerror=alert(1)>/' is not a web address: write it as http:// or https:// "
        "and a host, without quotes, angle brackets, backslashes or spaces"
    ) in result.stderr
    assert not (project / "site").exists()


def test_a_control_character_is_refused_in_every_record_of_every_kind(data_project: Path) -> None:
    """The rule is the reader's, for every value of every kind: one file of each kind gets a bell in its first field."""
    from playbook.validation import validate

    data = data_project / "playbook_data"
    expected = []
    for rel, body in SMALL.items():
        key, _, value = body.split("\n", 1)[0].partition(": ")
        write_data(data, {rel: body.replace(f"{key}: {value}", f'{key}: "{value}\\a"', 1)})
        expected.append(
            f"playbook_data/{rel}:2:{len(key) + 3}: the text holds a bell character (U+0007) at character "
            f"{len(value) + 1}, which is not allowed (remove the escape sequence that makes it)"
        )
    assert [p.text() for p in validate(data, None).errors] == sorted(expected)


@pytest.fixture
def data_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    write_data(tmp_path / "playbook_data", SMALL)
    return tmp_path


# Template code in hand-written pages: the build never runs what validate refuses.

ATTACKS = {
    "body": "# Hi\n\n{{ cycler.__init__.__globals__.os.popen('touch pwned').read() }}\n",
    "title": "---\ntitle: \"\\x7b\\x7b lipsum.__globals__.os.popen('touch pwned').read() }}\"\n---\n# Hi\n",
    "argument": "# Hi\n\n{{ stat(none) }} {{ stat(cycler.__init__.__globals__.os.popen('touch pwned').read()) }}\n",
}


def test_mkdocs_build_itself_refuses_a_page_that_would_run_code(project: Path) -> None:
    (project / "docs/evil.md").write_text(ATTACKS["body"])
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=project, capture_output=True, text=True, env=env)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert (
        "docs/evil.md:3:1: '{{ cycler.__init__.__globals__.os.popen('touch pwned').read…' is not a macro call (pages only call the "
        "playbook's macros, with ids in quotes, e.g. {{ index('practices') }}; to show '{{' as text, write &#123;&#123;)"
    ) in result.stderr.splitlines()
    assert not (project / "pwned").exists() and not (project / "site").exists()


#: A build whose validation of docs/ is switched off, so that only the check right before rendering stands.
UNVALIDATED_BUILD = (
    "import sys, playbook.validation.docs_pages as pages; pages.check_pages = lambda *args, **kwargs: []; "
    "import playbook.validation.nav as nav; nav.check_nav = lambda *args, **kwargs: []; "
    "from mkdocs.__main__ import cli; cli(['build', '--strict'])"
)


@pytest.mark.parametrize(
    ("attack", "says"),
    [
        (
            "body",
            "docs/evil.md:3:1: '{{ cycler.__init__.__globals__.os.popen('touch pwned').read…' is not a macro call (pages only call the "
            "playbook's macros, with ids in quotes, e.g. {{ index('practices') }}; to show '{{' as text, write &#123;&#123;)",
        ),
        (
            "title",
            "docs/evil.md:1:1: title: '{{ lipsum.__globals__.os.popen('touch pwned').read() }}' holds template syntax "
            "(metadata holds plain values: put macro calls in the page below the front matter)",
        ),
        ("argument", "docs/evil.md:3:4: stat(none): stat_id must be text in quotes, got none (write it as {{ stat('...') }})"),
    ],
)
def test_the_build_checks_each_page_again_right_before_rendering_it(project: Path, attack: str, says: str) -> None:
    """Even a page that validation never saw (here: validation of docs/ is switched off) is refused
    with validate's own line as the engine is about to render it, and nothing in it runs."""
    (project / "docs/evil.md").write_text(ATTACKS[attack])
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-c", UNVALIDATED_BUILD], cwd=project, capture_output=True, text=True, env=env)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "ERROR   -  not rendered, because template code in it could run:" in result.stderr.splitlines()
    assert says in result.stderr.splitlines()
    assert not (project / "pwned").exists() and not (project / "site").exists()


def test_whatever_a_page_may_hold_is_only_calls_of_known_macros_with_text(tmp_path: Path) -> None:
    """Thousands of pages made of template pieces: each one validate accepts is, for Jinja itself,
    only text, calls of the playbook's macros with text arguments, and counts."""
    import random

    import jinja2
    from jinja2 import nodes

    from playbook.render.macros import COUNTS, MACROS
    from playbook.validation.docs_pages import check_page

    pieces = ["{{", "}}", "{%", "%}", "{#", "#}", " ", "\t", "\n", "stat", "index", "lipsum", "counts", ".", "practices", "__class__"]
    pieces += ["(", ")", "'deploys'", '"deploys"', "'", '"', ",", "-", "+", "|", "~", "[", "]", "=", "\\", "raw", "none", "7", "*", "x", "{", "}"]
    ids = {"stat": {"deploys"}}
    valid = ["{{ stat('deploys') }}", '{{ stat("deploys") }}', "{{ counts.practices }}", "{{ index('practices') }}", "a {{ stat('deploys') }} b"]
    rng = random.Random(20260101)
    accepted = 0
    for n in range(6000):
        if n % 3:  # a valid call, changed in a few places
            text = rng.choice(valid)
            for _ in range(rng.randint(1, 3)):
                at = rng.randint(0, len(text))
                text = text[:at] + rng.choice(["", *pieces]) + text[at + rng.randint(0, 2) :]
        else:
            text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 14)))
        if check_page(f"# Page\n\n{text}\n", "docs/p.md", ids):
            continue
        accepted += "{{" in text
        tree = jinja2.Environment().parse(f"# Page\n\n{text}\n")
        (output,) = tree.body
        for node in output.nodes:
            if isinstance(node, nodes.TemplateData):
                continue
            if isinstance(node, nodes.Call):
                assert isinstance(node.node, nodes.Name) and node.node.name in MACROS, text
                assert all(isinstance(a, nodes.Const) and isinstance(a.value, str) for a in node.args), text
                assert not (node.kwargs or node.dyn_args or node.dyn_kwargs), text
            else:
                assert isinstance(node, nodes.Getattr), (text, node)
                assert isinstance(node.node, nodes.Name) and node.node.name == "counts" and node.attr in COUNTS, text
    assert accepted > 100  # mutated calls that are still valid: each checked against Jinja above


def test_the_build_refuses_macros_options_the_page_check_does_not_know(project: Path) -> None:
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("      on_undefined: strict\n", "      on_undefined: strict\n      j2_variable_start_string: '<<'\n"))
    (project / "docs/adoption.md").write_text("# Hi\n\n<< cycler.__init__.__globals__.os.popen('touch pwned').read() }}\n")
    result = run_cli("build", cwd=project)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert (
        "ERROR   -  mkdocs.yml: plugins: macros: j2_variable_start_string: remove it "
        "(pages are checked for Jinja's own delimiters, and the playbook's macros and counts only)"
    ) in result.stderr.splitlines()
    assert not (project / "pwned").exists() and not (project / "site").exists()


# Raw HTML and active links in hand-written pages: refused by validate, and never published.


@pytest.mark.parametrize(
    ("page", "says", "extension"),
    [
        ("# Hi\n\n<script>document.title='pwned'</script>\n", "a <script> element", None),
        ("# Hi\n\n[click](&#106;avascript:alert(1))\n", "a link to a javascript: address", None),
        ('# Hi\n\n<p onclick="alert(1)">x</p>\n', "an onclick attribute on <p>", None),
        ('# Hi\n\nHello\n{: onclick="alert(1)" }\n', "an onclick attribute on <p>", "attr_list"),
    ],
)
def test_the_build_never_publishes_a_page_whose_html_is_more_than_markdown(project: Path, page: str, says: str, extension: str | None) -> None:
    """With validation of docs/ switched off (and an extension that turns text into attributes
    switched on), the build still refuses the page as it is about to publish it."""
    if extension:
        config = project / "mkdocs.yml"
        config.write_text(config.read_text().replace("  - tables\n", f"  - tables\n  - {extension}\n"))
    (project / "docs/evil.md").write_text(page)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-c", UNVALIDATED_BUILD], cwd=project, capture_output=True, text=True, env=env)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    from playbook.validation.docs_html import HTML_HINT

    assert f"ERROR   -  docs/evil.md:1:1: the page makes {says}, which a page may not hold ({HTML_HINT})" in result.stderr.splitlines()
    assert not (project / "site").exists()


def test_what_markdown_makes_of_text_is_never_refused_and_markup_always_is() -> None:
    from playbook.validation.docs_html import active_html, converted_problems

    page = (
        '# Title\n\nSome **bold**, *em*, `<code>`, [a link](https://a.example/?a=1&b=2 "t"), [here](#title), [up](../x.md),\n'
        "<https://a.example>, <me@a.example>, ![a picture](img/a.png) and a < b > c.\n\n> Quote\n\n1. one\n2. two\n\n- a\n- b\n\n"
        '| A | B |\n|:-|-:|\n| 1 | 2 |\n\n!!! note "Note"\n    Text.\n\n---\n\n    indented code <b>\n\n<!-- a note -->\n'
    )
    assert converted_problems(page) == []
    assert active_html('<p><!--pb-block:0--></p><table><tr><td style="text-align: right;">1</td></tr></table>') == []
    assert active_html(
        '<script>x</script><p onclick="x">y</p><a href="&#x6A;ava&#9;script:x">z</a><img src="data:image/png,x">'
        '<td style="background:url(x)"></td><!-- a -- b --><b>x</b><!DOCTYPE html><?x?><svg></svg>'
    ) == [
        "a <script> element",
        "an onclick attribute on <p>",
        "a link to a javascript: address",
        "a link to a data: address",
        "a style attribute on <td>",
        "an HTML comment that holds markup",
        "a <b> element",
        "a markup declaration",
        "a processing instruction",
        "a <svg> element",
    ]


def test_whatever_validate_accepts_in_a_page_makes_only_what_markdown_makes_of_text() -> None:
    """Thousands of pages made of markup and link pieces: each one that the page check accepts
    is, once Markdown has converted it (with attribute lists on), free of active HTML."""
    import random

    import markdown

    from playbook.validation.docs_html import active_html
    from playbook.validation.docs_pages import check_page

    pieces = ["<", ">", "/", "!", "--", "?", "script", "img", "a", " ", "\n", "\n\n", "    ", "`", "``", "\\", "[x]", "(", ")", "]:", "{:", "}"]
    pieces += ["onclick=", "href=", '"', "'", "javascript:", "java", "script:", "&#106;", "&#x3a;", "&colon;", "&#09;", "data:", "x", "#", "!!! note", "="]
    pieces += ["https://a.example", "mailto:", "@", "|", "-", "*"]
    rng = random.Random(20261204)
    accepted = 0
    for _ in range(4000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 16)))
        if check_page(f"# Page\n\n{text}\n", "docs/p.md", {}):
            continue
        accepted += 1
        made = markdown.markdown(f"# Page\n\n{text}\n", extensions=["toc", "admonition", "tables", "attr_list"])
        assert active_html(made) == [], (text, made)
    assert accepted > 500


# One character policy (playbook/characters.py): every refused class, in every kind of input.


def refused_points() -> list[int]:
    """The code points at each end of every range the policy refuses, and the joiners out of place."""
    from playbook.characters import REFUSED

    return sorted({code for first, last, _, _ in REFUSED for code in (first, last)} | {0x200C, 0x200D})


#: Kinds of input: (file, text to replace, how the attacked value is written, written as an escape).
INPUTS = {
    "title": ("practices/one-journey.yml", "title: One shared journey", 'title: "One {}shared journey"', True),
    "title written raw": ("practices/one-journey.yml", "title: One shared journey", "title: One {}shared journey", False),
    "alias": ("practices/one-journey.yml", "title: One shared journey", 'title: One shared journey\naliases: [OSJ, "O{}SJ"]', True),
    "checklist text": ("functions/sales.yml", "text: Rename the sales", "text: Rename{} the sales", False),
    "item id": ("functions/sales.yml", "id: buyer-funnel", 'id: "buyer{}-funnel"', True),
    "team name": ("teams/north.yml", "name: North", "name: North{} Team", False),
    "rich text": ("practices/one-journey.yml", "body: Map it once.", "body: |\n  Map it once.\n\n  - then{} again", False),
}
TEAM = "name: North\nfunction: sales\n"


def _escape(code: int) -> str:
    return f"\\u{code:04X}" if code <= 0xFFFF else f"\\U{code:08X}"


@pytest.mark.parametrize("kind", list(INPUTS))
def test_every_refused_character_is_refused_in_every_kind_of_input(data_project: Path, kind: str) -> None:
    """One file per refused character (its id names the code point): each is refused once, at its
    character; emoji joined by a joiner, Persian with a non-joiner and a non-breaking space are not."""
    from playbook.validation.load import load
    from playbook.validation.problems import PlaybookError

    rel, old, new, escaped = INPUTS[kind]
    folder, stem = rel.split("/")[0], rel.split("/")[1].removesuffix(".yml")
    body = TEAM if folder == "teams" else SMALL[rel]
    data = data_project / "playbook_data"
    write_data(data, {rel: None})
    points = [c for c in refused_points() if not 0xD800 <= c <= 0xDFFF]  # no file holds a lone surrogate: not in UTF-8, nor as a YAML escape
    for code in points:
        text = _escape(code) if escaped else chr(code)
        write_data(data, {f"{folder}/{stem}-{code:x}.yml": body.replace(old, new.format(text), 1)})
    allowed = {"emoji": "\U0001f469\u200d\U0001f4bb", "persian": "\u0645\u06cc\u200c\u062e", "nbsp": "\u00a0"}
    for name, text in allowed.items():
        write_data(data, {f"{folder}/{stem}-{name}.yml": body.replace(old, new.format(text), 1)})
    with pytest.raises(PlaybookError) as caught:
        load(data)
    found: dict[str, list[str]] = {}
    for p in caught.value.problems:
        found.setdefault(Path(p.file).stem, []).append(p.text())
    refused = {f"{stem}-{code:x}": f"(U+{code:04X})" for code in points}
    assert {name: len(lines) for name, lines in found.items() if name in refused} == dict.fromkeys(refused, 1)
    wrong = {name: lines for name, lines in found.items() if name in refused and refused[name] not in lines[0]}
    assert wrong == {}
    if kind != "item id":  # an id is a-z, 0-9 and hyphens: the model refuses the rest
        assert [name for name in found if name.removeprefix(f"{stem}-") in allowed] == []


@pytest.mark.parametrize("name", ["PLAYBOOK_SITE_URL", "PLAYBOOK_EDIT_URI"])
def test_every_refused_character_is_refused_in_a_setting(name: str) -> None:
    from playbook.settings import SettingsError, check_environment

    said = {}
    for code in [*refused_points(), 0x09, 0x0A, 0x0D]:
        for value in (f"https://intranet.example/{chr(code)}playbook/", f"https://{chr(code)}intranet.example/", f"https://intranet.example/{chr(code)}"):
            with pytest.raises(SettingsError) as caught:
                check_environment({name: value})
            said[(code, value)] = str(caught.value)
    assert [key for key, message in said.items() if f"(U+{key[0]:04X})" not in message or not message.isprintable()] == []
    check_environment({name: "https://intranät.example/play\u00adbook/".replace("\u00ad", "")})  # other scripts are fine


def test_the_policy_table_is_what_python_applies() -> None:
    """The table the browser's copy of the pattern is tested against (characters.cases) holds for Python."""
    from playbook.characters import cases, first_refused

    results = [(text, getattr(first_refused(text, "line"), "index", None)) for text, _ in cases()]
    assert results == cases()


@pytest.mark.browser
def test_the_browser_reads_the_policy_pattern_as_python_does(browser) -> None:
    """REFUSED_IN_LINE, carried to JavaScript as it is (a JSON string), finds the same first refused
    character as Python in every case of the table: the rule that teams.js applies to what it writes."""
    import json

    from playbook.characters import REFUSED_IN_LINE, cases

    page = browser.new_page()
    try:
        found = page.evaluate(
            """([source, texts]) => {
                const refused = new RegExp(source, "u");
                return texts.map((text) => {
                    const match = refused.exec(text);
                    return match ? Array.from(text.slice(0, match.index)).length : null;
                });
            }""",
            json.loads(json.dumps([REFUSED_IN_LINE, [text for text, _ in cases()]])),
        )
    finally:
        page.close()
    assert list(zip([t for t, _ in cases()], found, strict=True)) == cases()


# The data's date from git: the same date rule as SOURCE_DATE_EPOCH.


def _commit(project: Path, epoch: int) -> None:
    env = {**os.environ, "GIT_COMMITTER_DATE": f"@{epoch} +0000", "GIT_AUTHOR_DATE": f"@{epoch} +0000"}
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "--allow-empty", "-m", "data"]):
        subprocess.run(["git", "-c", "user.name=Editor", "-c", "user.email=editor@example.com", *args], cwd=project, env=env, check=True, capture_output=True)


@pytest.mark.parametrize(
    ("epoch", "said"),
    [
        (4070908800, "is in the future"),  # 2099-01-01: git takes any date a commit is given
        (315532800, "is 1980-01-01, before 2000-01-01"),
    ],
)
def test_a_commit_dated_outside_the_date_rule_is_one_line_before_the_build(project: Path, epoch: int, said: str) -> None:
    _commit(project, epoch)
    result = run_cli("build", cwd=project, SOURCE_DATE_EPOCH="")
    assert (result.returncode, result.stdout, result.stderr.splitlines()) == (
        2,
        "",
        [
            f"Error: The last commit's date (git log -1 --format=%ct: '{epoch}') {said}: set SOURCE_DATE_EPOCH to the data's time "
            "in whole seconds, e.g. 1767225600, or commit with the right date"
        ],
    )
    assert not (project / "site").exists()


def test_the_datas_date_is_set_or_committed_or_the_newest_review(data_project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Outside a Git checkout the data's date was 1970-01-01 (Unix time 0); now it is the newest review's day."""
    import datetime as dt

    from playbook.settings import data_date
    from playbook.validation.load import load

    newest = data_project / "playbook_data/stats/deploys.yml"
    newest.write_text(newest.read_text(encoding="utf-8").replace("last_reviewed: 2026-01-15", "last_reviewed: 2026-03-02"), encoding="utf-8")
    catalog = load(data_project / "playbook_data").catalog
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert data_date(data_project, catalog) == dt.date(2026, 3, 2)
    _commit(data_project, 1767225600)
    assert data_date(data_project, catalog) == dt.date(2026, 1, 1)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1772409600")
    assert data_date(data_project, catalog) == dt.date(2026, 3, 2)


def test_the_maturity_model_and_the_journey_have_a_bounded_number_of_stages(data_project: Path) -> None:
    """Each maturity stage is shown on every function's and team's page, each journey stage in every
    function's row of the map: an eleventh maturity stage or a twenty-first journey stage is refused."""
    from playbook.validation.load import load
    from playbook.validation.problems import PlaybookError

    data = data_project / "playbook_data"
    stage = "name: Stage {n}\norder: {n}\nreached_at_percent: 50\nsummary: A stage.\ncharacteristics:\n  - One\n"
    journey = "name: Step {n}\norder: {n}\nsummary: A step.\ncustomer_goal: Get on.\n"
    write_data(data, {f"stages/s{n}.yml": stage.format(n=n) for n in range(4, 12)})
    write_data(data, {f"journey/j{n}.yml": journey.format(n=n) for n in range(3, 22)})
    with pytest.raises(PlaybookError) as caught:
        load(data)
    assert [p.text() for p in caught.value.problems if p.severity == "error"] == [
        "playbook_data/journey/j21.yml:3:8: order: the customer journey has 21 stages; at most 20 fit (the journey map has a column "
        "per stage in every function's row: merge two of them)",
        "playbook_data/stages/s11.yml:3:8: order: the maturity model has 11 stages; at most 10 fit (every function's checklist, "
        "self-assessment and team page shows each stage: merge two of them)",
    ]
    write_data(data, {"stages/s11.yml": None, "journey/j21.yml": None})
    assert load(data).catalog.count() == len(SMALL) + 7 + 18


# The navigation: what the strict build refuses, validate refuses first.


def test_a_page_missing_from_the_nav_or_a_nav_entry_without_its_page_is_refused_by_validate_as_by_the_build(project: Path) -> None:
    (project / "docs/workshop-notes.md").write_text("# Workshop notes\n\nWhat we learnt.\n", encoding="utf-8")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if row == "nav:") + 1
    config.write_text(text.replace("\nnav:\n", "\nnav:\n  - Old page: old-page.md\n", 1), encoding="utf-8")
    checked = run_cli("validate", cwd=project)
    assert checked.returncode == 1
    assert checked.stdout.splitlines()[:2] == [
        "docs/workshop-notes.md:1:1: this page is not in the site's navigation, so the build refuses it "
        "(list it under 'nav:' in mkdocs.yml, e.g. '- Title: workshop-notes.md' in the section where readers look for it)",
        f"mkdocs.yml:{line}:15: nav: 'old-page.md' is not a page in docs/ (create docs/old-page.md, or correct the path, which starts in docs/)",
    ]
    built = run_cli("build", cwd=project)
    assert built.returncode == 1 and not (project / "site").exists()


def test_nested_aliases_in_the_nav_are_read_in_linear_time(project: Path) -> None:
    """A nav of anchors that each name the one before twice is 2**40 entries if expanded; it is read once per node."""
    config = project / "mkdocs.yml"
    levels = "".join(f"  - &a{n} [*a{n - 1}, *a{n - 1}]\n" for n in range(1, 41))
    text = config.read_text(encoding="utf-8").replace("\nnav:\n", "\nnav:\n  - &a0 index.md\n" + levels, 1)
    config.write_text(text, encoding="utf-8")
    started = time.monotonic()
    checked = run_cli("validate", cwd=project)
    assert time.monotonic() - started < 30 and "Traceback" not in checked.stdout
