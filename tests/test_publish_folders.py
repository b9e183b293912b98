"""The site folder rule from the sides `playbook build` does not cover: the engine run by itself
(`mkdocs build -d DIR`, `site_dir` in a configuration, `properdocs build`), folders that hold
tracked sources, and Git repositories of every form inside a site this tool built.

MkDocs empties its site folder right after the hook's `on_config`: each refusal here must come
before that, with one line and exit 1, the folder exactly as it was.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, run_cli
from site_folders import old_site, snapshot

from playbook.publish import MARKER, MARKER_TEXT, PublishError, check_site_dir, publish, recover, working_names


def engine(name: str, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """`mkdocs ARGS` (or `properdocs ARGS`) as someone types it in the venv."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    command = [str(Path(sys.executable).parent / name), *args]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=env, timeout=300)


def errors(result: subprocess.CompletedProcess[str]) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("ERROR")]


def foreign(folder: Path) -> Path:
    """Someone's folder: a note and a subfolder."""
    (folder / "sub").mkdir(parents=True)
    (folder / "notes.txt").write_text("precious")
    (folder / "sub/keep.txt").write_text("keep")
    return folder


def bare_repository(folder: Path) -> Path:
    subprocess.run(["git", "init", "-q", "--bare", str(folder)], check=True)
    return folder


NO_MARKER = (
    "it holds files but no .playbook-site marker, so this tool did not build it, and the build would replace the whole folder "
    "(empty it or remove it yourself, or choose a new folder, e.g. --site-dir site)"
)


# `mkdocs build` by itself: refused before MkDocs empties anything.


@pytest.mark.parametrize(
    "case",
    ["foreign folder", "the data", "a site inside the data", "the tests", "marked, a bare repository inside", "site_dir in mkdocs.yml", "properdocs"],
)
def test_the_engine_run_by_itself_never_empties_a_folder_it_may_not_replace(project: Path, tmp_path_factory, case: str) -> None:
    outside = tmp_path_factory.mktemp("outside")  # not inside the project: shown as an absolute path
    victim = foreign(outside / "victim")
    args, shown, says = ["build", "--site-dir", str(victim)], str(victim), NO_MARKER
    if case in ("the data", "a site inside the data"):
        shown = "playbook_data" if case == "the data" else "playbook_data/practices/site"
        args[-1], says = shown, f"it {'is' if case == 'the data' else 'lies inside'} playbook_data (the playbook's data), which the build would replace"
    elif case == "the tests":
        (project / "tests").mkdir()
        (project / "tests/test_x.py").write_text("x")
        args[-1], shown, says = "tests", "tests", "it is tests (the tests), which the build would replace"
    elif case == "marked, a bare repository inside":
        (victim / MARKER).write_text(MARKER_TEXT)
        bare_repository(victim / "backup.git")
        says = f"it holds a Git repository ({victim}/backup.git), which the build would delete"
    elif case == "site_dir in mkdocs.yml":
        config = project / "mkdocs.yml"
        config.write_text(config.read_text(encoding="utf-8") + f"site_dir: {victim}\n", encoding="utf-8")
        args = ["build"]
    name = "properdocs" if case == "properdocs" else "mkdocs"
    if name == "properdocs":
        args += ["--config-file", "mkdocs.yml"]
    before = snapshot(project), snapshot(outside)
    result = engine(name, *args, cwd=project)
    assert result.returncode == 1, result.stderr
    assert len(errors(result)) == 1
    assert errors(result)[0].split(None, 2)[2].startswith(f"refusing --site-dir {shown}: {says}")
    assert (snapshot(project), snapshot(outside)) == before


def test_the_engine_builds_into_a_new_folder_marks_it_and_builds_there_again(project: Path) -> None:
    first = engine("mkdocs", "build", cwd=project)
    assert first.returncode == 0, first.stderr
    assert (project / "site" / MARKER).read_text() == MARKER_TEXT
    (project / "site/stale.html").write_text("from an older build")
    second = engine("mkdocs", "build", "--strict", cwd=project)
    assert second.returncode == 0, second.stderr
    assert (project / "site" / MARKER).read_text() == MARKER_TEXT
    assert (project / "site/index.html").is_file() and not (project / "site/stale.html").exists()
    # and `playbook build` takes over the folder the engine marked
    assert run_cli("build", cwd=project).returncode == 0
    assert not os.path.lexists(working_names(project / "site").staging)


# Folders that hold tracked sources.


def git_project(project: Path) -> Path:
    """`project` as a Git checkout, with sources the fixed list does not name."""
    for rel in ("scripts/tool.py", ".github/workflows/ci.yml", "tools/lint/run.sh", "Makefile"):
        (project / rel).parent.mkdir(parents=True, exist_ok=True)
        (project / rel).write_text("x\n")
    (project / ".gitignore").write_text("site/\n")
    subprocess.run(["git", "init", "-q"], cwd=project, check=True)
    subprocess.run(["git", "add", "-A"], cwd=project, check=True)
    return project


IN_SOURCES = {
    "scripts/out": "it lies inside scripts (the project's scripts), which the build would replace",
    ".github/site": "it lies inside .github (the CI workflows), which the build would replace",
    "tools/lint/site": "it lies inside tools/lint/, which holds files tracked by Git (the project's sources)",
    "tools/site": "it lies inside tools/, which holds files tracked by Git (the project's sources)",
    "tools": "it is tools/, which holds files tracked by Git (the project's sources)",
}


@pytest.mark.parametrize("site_dir", IN_SOURCES)
def test_a_site_folder_in_the_tracked_sources_is_refused(project: Path, site_dir: str) -> None:
    git_project(project)
    message = IN_SOURCES[site_dir]
    with pytest.raises(PublishError) as caught:
        check_site_dir(project / site_dir, project, shown=site_dir)
    assert (caught.value.exit_code, caught.value.message) == (2, f"refusing --site-dir {site_dir}: {message} (choose a new folder, e.g. --site-dir site)")


def test_the_command_line_refuses_a_site_in_the_sources_with_one_line(project: Path) -> None:
    git_project(project)
    before = snapshot(project / "tools")
    result = run_cli("build", "--site-dir", "tools/lint/site", cwd=project)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        "Error: refusing --site-dir tools/lint/site: it lies inside tools/lint/, which holds files tracked by Git (the project's sources) "
        "(choose a new folder, e.g. --site-dir site)\n"
    )
    assert snapshot(project / "tools") == before


@pytest.mark.parametrize("site_dir", ["site", "site/preview", "public", "../elsewhere/site"])
def test_a_site_outside_the_tracked_sources_is_accepted(project: Path, site_dir: str) -> None:
    git_project(project)
    assert check_site_dir(project / site_dir, project, shown=site_dir) == Path(os.path.realpath(project / site_dir))


def test_in_a_monorepo_the_project_folder_may_hold_its_site_but_its_neighbours_may_not(tmp_path: Path) -> None:
    project = tmp_path / "handbook"
    (project / "docs").mkdir(parents=True)
    (project / "docs/index.md").write_text("# Home\n")
    (tmp_path / "service/src").mkdir(parents=True)
    (tmp_path / "service/src/main.py").write_text("x\n")
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    subprocess.run(["git", "add", "-A"], cwd=tmp_path, check=True)
    assert check_site_dir(project / "site", project) == project / "site"
    with pytest.raises(PublishError) as caught:
        check_site_dir(tmp_path / "service/site", project, shown="../service/site")
    assert "it lies inside service/, which holds files tracked by Git" in caught.value.message


def test_without_git_the_fixed_list_still_keeps_sites_out_of_the_scripts(tmp_path: Path) -> None:
    (tmp_path / "scripts").mkdir()
    with pytest.raises(PublishError) as caught:
        check_site_dir(tmp_path / "scripts/out", tmp_path, shown="scripts/out")
    assert caught.value.message.startswith("refusing --site-dir scripts/out: it lies inside scripts (the project's scripts)")


# Git repositories of every form are never deleted.


def _marked_bare_inside(site: Path) -> str:
    bare_repository(site / "deep/backup.git")
    return "www/deep/backup.git"


def _marked_bare_itself(site: Path) -> str:
    bare_repository(site)
    return "www"


def _unmarked_bare(site: Path) -> str:
    (site / MARKER).unlink()
    bare_repository(site)
    return "www"


@pytest.mark.parametrize("make", [_marked_bare_inside, _marked_bare_itself, _unmarked_bare])
def test_a_bare_repository_in_or_as_the_site_is_refused_and_kept(tmp_path: Path, make) -> None:
    site = old_site(tmp_path, "www")
    inside = make(site)
    before = snapshot(tmp_path)
    with pytest.raises(PublishError) as caught:
        publish(site, tmp_path / "project", lambda folder: (folder / "index.html").write_text("new"), shown="www")
    assert caught.value.message == (
        f"refusing --site-dir www: it holds a Git repository ({inside}), which the build would delete (choose a new folder, e.g. --site-dir site)"
    )
    assert snapshot(tmp_path) == before


def test_a_leftover_working_folder_holding_a_bare_repository_is_not_deleted(tmp_path: Path) -> None:
    site = old_site(tmp_path, "www")
    staging = working_names(site).staging
    staging.mkdir()
    (staging / MARKER).write_text(MARKER_TEXT)
    bare_repository(staging / "backup.git")
    with pytest.raises(PublishError) as caught:
        recover(site, "www")
    assert caught.value.exit_code == 2 and "is not a folder this tool made" in caught.value.message
    assert (staging / "backup.git/HEAD").is_file()
