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
        path.parent.mkdir(exist_ok=True)  # a kind the small catalog has no record of (teams)
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
        "playbook_data/practices/pipe.yml:1:1: not a .yml record file (name record files <id>.yml, or move this file out of playbook_data/)"
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
    (project / "docs/evil.md").write_text("# Hi\n\n<< cycler.__init__.__globals__.os.popen('touch pwned').read() }}\n")
    result = run_cli("build", cwd=project)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert (
        "ERROR   -  mkdocs.yml: plugins: macros: j2_variable_start_string: remove it "
        "(pages are checked for Jinja's own delimiters, and the playbook's macros and counts only)"
    ) in result.stderr.splitlines()
    assert not (project / "pwned").exists() and not (project / "site").exists()
