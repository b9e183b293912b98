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
    if "raw" in case or "replace" in case or "name_as" in case:
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
    from playbook.suggest import Suggestions

    known = [("source", f"report-{i:04d}-customer") for i in range(3000)]
    suggestions = Suggestions(known)
    start = time.perf_counter()
    guesses = [suggestions.closest("source", f"reprot-{i:04d}-custmer") for i in range(3000)]
    elapsed = time.perf_counter() - start
    assert guesses == [f"report-{i:04d}-customer" for i in range(3000)]
    # Bounded work per unknown id: about 2 s here (difflib against every id: 99 s), with room for a busy machine.
    assert elapsed < 20, f"{elapsed:.1f} s"


def test_suggestions_are_those_difflib_gives_on_small_sets() -> None:
    from playbook.suggest import Suggestions

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
    from playbook.load import load
    from playbook.problems import PlaybookError

    data = data_project / "playbook_data"
    expected = []
    for rel, body in SMALL.items():
        key, _, value = body.split("\n", 1)[0].partition(": ")
        write_data(data, {rel: body.replace(f"{key}: {value}", f'{key}: "{value}\\a"', 1)})
        expected.append(
            f"playbook_data/{rel}:2:{len(key) + 3}: the text holds a bell character (U+0007) at character "
            f"{len(value) + 1}, which is not allowed (remove the escape sequence that makes it)"
        )
    with pytest.raises(PlaybookError) as caught:
        load(data)
    assert [p.text() for p in caught.value.problems] == sorted(expected)


@pytest.fixture
def data_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    write_data(tmp_path / "playbook_data", SMALL)
    return tmp_path
