"""Putting the site in place: refused folders, the lock, the atomic swap, recovery, permissions, disk failures.

Most tests drive `playbook.publish.publish` with a tiny fake build (a few files), so that kills,
races and full disks are quick to reproduce; the CLI tests check the lines an operator reads.
Tests that need a tmpfs mount run as root (they do in CI and here) and are skipped elsewhere.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import ROOT, run_cli

from playbook.publish import PublishError, mode_of, publish


def fake_build(text: str = "new", size: int = 0):
    """A build that writes an index.html (and `size` more bytes of assets)."""

    def build_into(folder: Path) -> None:
        (folder / "index.html").write_text(text)
        (folder / "assets").mkdir()
        (folder / "assets/page.html").write_text(text)
        if size:
            (folder / "assets/big.bin").write_bytes(b"x" * size)

    return build_into


def old_site(project: Path, name: str = "site") -> Path:
    site = project / name
    site.mkdir()
    (site / "index.html").write_text("old")
    return site


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".site-"))


@pytest.fixture
def proj(tmp_path: Path) -> Path:
    """A project folder with the parts a build must never replace."""
    for name in ("playbook_data/practices", "docs", ".git", "playbook"):
        (tmp_path / name).mkdir(parents=True)
    (tmp_path / "docs/index.md").write_text("# Home\n")
    return tmp_path


@contextlib.contextmanager
def tmpfs(where: Path, size: str = "1m", readonly: bool = False):
    """A small tmpfs mounted at `where` (root only; skips elsewhere)."""
    where.mkdir(parents=True, exist_ok=True)
    options = f"size={size}" + (",ro" if readonly else "")
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(where)]).returncode:
        pytest.skip("needs root to mount a tmpfs (a full or read-only file system)")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


# Data loss: the site folder can never be the project's own files.

REFUSED = {
    "docs": "it is docs (the hand-written pages)",
    "docs/built": "it lies inside docs (the hand-written pages)",
    "playbook_data": "it is playbook_data (the playbook's data)",
    "playbook_data/practices": "it lies inside playbook_data (the playbook's data)",
    ".": "it is the project folder",
    ".git": "it is .git (the Git repository)",
    "playbook": "it is playbook (the builder's source code)",
    "..": "it contains the project folder",
}


@pytest.mark.parametrize("site_dir", REFUSED)
def test_a_site_folder_that_would_destroy_the_project_is_refused(project: Path, site_dir: str) -> None:
    (project / ".git").mkdir()
    before = sorted(str(p.relative_to(project)) for p in project.rglob("*"))
    result = run_cli("build", "--site-dir", site_dir, cwd=project)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        f"Error: refusing --site-dir {site_dir}: {REFUSED[site_dir]}, which the build would replace (choose a new folder, e.g. --site-dir site)\n"
    )
    assert sorted(str(p.relative_to(project)) for p in project.rglob("*")) == before


def test_a_symlink_to_the_data_is_refused_too(project: Path) -> None:
    (project / "published").symlink_to(project / "playbook_data")
    result = run_cli("build", "--site-dir", "published", cwd=project)
    assert result.returncode == 2
    assert "it is playbook_data (the playbook's data)" in result.stderr


def test_a_folder_of_other_files_is_not_replaced(project: Path) -> None:
    (project / "notes").mkdir()
    (project / "notes/todo.txt").write_text("mine")
    result = run_cli("build", "--site-dir", "notes", cwd=project)
    assert result.returncode == 2
    assert result.stderr == (
        "Error: refusing --site-dir notes: it holds files but no index.html, so it is not a built site, "
        "and the build would replace it (choose a new folder, e.g. --site-dir site)\n"
    )
    assert (project / "notes/todo.txt").read_text() == "mine"


def test_the_repository_around_a_project_in_a_subfolder_is_protected(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    project = tmp_path / "handbook"
    project.mkdir()
    with pytest.raises(PublishError) as caught:
        publish(tmp_path, project, fake_build())
    assert caught.value.exit_code == 2
    assert "it is the Git repository's folder" in caught.value.message


# Replacing site/: atomic, locked, recovered, readable.


def test_the_site_is_world_readable_whatever_the_umask(proj: Path) -> None:
    old = os.umask(0o077)
    try:
        publish(proj / "site", proj, fake_build())
    finally:
        os.umask(old)
    site = proj / "site"
    assert (mode_of(site), mode_of(site / "assets"), mode_of(site / "index.html"), mode_of(site / "assets/page.html")) == (0o755, 0o755, 0o644, 0o644)


def test_a_site_that_is_a_symlink_into_a_web_root_keeps_the_link(proj: Path, tmp_path: Path) -> None:
    webroot = tmp_path / "www"
    old_site(webroot.parent, "www")
    (proj / "site").symlink_to(webroot)
    publish(proj / "site", proj, fake_build())
    assert (proj / "site").is_symlink()
    assert (webroot / "index.html").read_text() == "new"
    assert mode_of(webroot) == 0o755


@pytest.mark.parametrize("exchange", [True, False], ids=["renameat2", "two-renames"])
def test_a_failed_build_leaves_the_previous_site_and_no_staging(proj: Path, exchange: bool, monkeypatch) -> None:
    if not exchange:
        monkeypatch.setenv("PLAYBOOK_NO_RENAME_EXCHANGE", "1")
    old_site(proj)

    def broken(folder: Path) -> None:
        (folder / "index.html").write_text("half")
        raise RuntimeError("MkDocs failed")

    with pytest.raises(RuntimeError):
        publish(proj / "site", proj, broken)
    assert (proj / "site/index.html").read_text() == "old"
    assert leftovers(proj) == []
    publish(proj / "site", proj, fake_build())
    assert (proj / "site/index.html").read_text() == "new"
    assert leftovers(proj) == []


KILLED = textwrap.dedent("""
    import os, signal, sys, time
    from pathlib import Path
    sys.path.insert(0, {root!r})
    from playbook import publish as p
    where = sys.argv[1]
    def build_into(folder):
        (folder / "index.html").write_text("new")
        if where == "build":
            os.kill(os.getpid(), signal.SIGKILL)
    if where == "swap":
        p._between_renames = lambda: os.kill(os.getpid(), signal.SIGKILL)
    p.publish(Path("site"), Path("."), build_into)
""")


@pytest.mark.parametrize("where", ["build", "swap"])
def test_a_build_killed_midway_is_recovered_by_the_next_one(proj: Path, where: str) -> None:
    """SIGKILL during the build leaves a staging folder; between the two renames, no site/ at all."""
    old_site(proj)
    env = {**os.environ, "PLAYBOOK_NO_RENAME_EXCHANGE": "1"}
    killed = subprocess.run([sys.executable, "-c", KILLED.format(root=str(ROOT)), where], cwd=proj, env=env)
    assert killed.returncode == -9
    if where == "swap":
        assert not (proj / "site").exists() and (proj / ".site-old/index.html").read_text() == "old"
    else:
        assert len(leftovers(proj)) == 1
    with pytest.raises(RuntimeError):  # even a build that fails puts the previous site back
        publish(proj / "site", proj, lambda folder: (_ for _ in ()).throw(RuntimeError("bad data")))
    assert (proj / "site/index.html").read_text() == "old"
    assert leftovers(proj) == []


CONCURRENT = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    sys.path.insert(0, {root!r})
    from playbook.publish import publish
    def build_into(folder):
        for n in range(50):
            (folder / f"page{{n}}.html").write_text(sys.argv[1])
        (folder / "index.html").write_text(sys.argv[1])
        time.sleep(1)
    publish(Path("site"), Path("."), build_into)
""")


@pytest.mark.parametrize("exchange", [True, False], ids=["renameat2", "two-renames"])
def test_concurrent_builds_of_one_site_take_turns(proj: Path, exchange: bool) -> None:
    old_site(proj)
    env = {**os.environ, **({} if exchange else {"PLAYBOOK_NO_RENAME_EXCHANGE": "1"})}
    runs = [
        subprocess.Popen([sys.executable, "-c", CONCURRENT.format(root=str(ROOT)), name], cwd=proj, env=env, stderr=subprocess.PIPE, text=True)
        for name in ("first", "second", "third")
    ]
    results = [(run.wait(timeout=60), run.stderr.read()) for run in runs]
    assert [code for code, _ in results] == [0, 0, 0], results
    assert sum("Waiting for another build of site/ to finish..." in err for _, err in results) == 2
    winner = (proj / "site/index.html").read_text()
    assert {(proj / f"site/page{n}.html").read_text() for n in range(50)} == {winner}  # one build's pages, not a mix
    assert leftovers(proj) == []


# File-system failures: one line each, the previous site untouched.


def test_a_full_disk_is_a_message_and_the_previous_site_stays(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "disk", size="256k") as disk:
        project = disk / "project"
        project.mkdir()
        old_site(project)
        with pytest.raises(PublishError) as caught:
            publish(project / "site", project, fake_build(size=1024 * 1024))
        assert caught.value.message == (
            f"not built: no space left on device while writing the new site; {project / 'site'}/ is unchanged (free some disk space and build again)."
        )
        assert (project / "site/index.html").read_text() == "old"
        assert leftovers(project) == []


def test_a_full_disk_under_the_real_build_is_one_line(project: Path, tmp_path: Path) -> None:
    with tmpfs(tmp_path / "disk", size="512k") as disk:
        result = run_cli("build", "--site-dir", str(disk / "site"), cwd=project)
        assert result.returncode == 1
        assert "Traceback" not in result.stderr
        assert result.stderr.splitlines()[-1] == (
            f"Error: not built: no space left on device while writing the new site; {disk}/site/ is unchanged (free some disk space and build again)."
        )
        assert sorted(p.name for p in disk.iterdir()) == [".site.lock"]


def test_a_read_only_parent_is_a_message(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "ro", readonly=True) as readonly:
        with pytest.raises(PublishError) as caught:
            publish(readonly / "site", tmp_path, fake_build())
        assert caught.value.exit_code == 1
        assert caught.value.message == (
            f"not built: cannot lock {readonly}/site/: read-only file system ({readonly}/.site.lock); "
            f"{readonly}/site/ is unchanged (choose a --site-dir you can write to)."
        )


def test_a_site_dir_that_cannot_be_created_is_a_message(project: Path) -> None:
    (project / "afile").write_text("not a folder")
    result = run_cli("build", "--site-dir", "afile/site", cwd=project)
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == (
        f"Error: not built: cannot create afile/site/: file exists ({project}/afile); afile/site/ is unchanged (check the folder and build again)."
    )


def test_a_site_that_cannot_be_moved_is_a_message(proj: Path) -> None:
    site = old_site(proj)
    with tmpfs(site, size="64k"):  # a mount point cannot be renamed: EBUSY
        (site / "index.html").write_text("mounted")
        with pytest.raises(PublishError) as caught:
            publish(site, proj, fake_build())
        assert caught.value.message.startswith(f"not built: cannot replace {site}/: device or resource busy (")
        assert (site / "index.html").read_text() == "mounted"
    assert leftovers(proj) == []
