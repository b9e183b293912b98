"""Putting the site in place: refused folders, the marker, the lock, the atomic swap, recovery,
neighbours left alone, permissions, disk failures.

Most tests drive `playbook.publish.publish` with a tiny fake build (a few files), so that kills,
races and full disks are quick to reproduce; the CLI tests check the lines an operator reads.
Tests that need a tmpfs mount run as root (they do in CI and here) and are skipped elsewhere.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from conftest import ROOT, run_cli
from site_folders import leftovers, old_site, snapshot

from playbook.publish import LEGACY_FILES, MARKER, MARKER_TEXT, PublishError, mode_of, publish, working_names


def fake_build(text: str = "new", size: int = 0):
    """A build that writes an index.html (and `size` more bytes of assets)."""

    def build_into(folder: Path) -> None:
        (folder / "index.html").write_text(text)
        (folder / "assets").mkdir()
        (folder / "assets/page.html").write_text(text)
        if size:
            (folder / "assets/big.bin").write_bytes(b"x" * size)

    return build_into


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
        "Error: refusing --site-dir notes: it holds files but no .playbook-site marker, so this tool did not build it, and the build "
        "would replace the whole folder (empty it or remove it yourself, or choose a new folder, e.g. --site-dir site)\n"
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
        assert not (proj / "site").exists() and (proj / ".site.playbook-old/index.html").read_text() == "old"
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
        assert sorted(p.name for p in disk.iterdir()) == [".site.playbook-lock"]


def test_a_read_only_parent_is_a_message(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "ro", readonly=True) as readonly:
        with pytest.raises(PublishError) as caught:
            publish(readonly / "site", tmp_path, fake_build())
        assert caught.value.exit_code == 1
        assert caught.value.message == (
            f"not built: cannot lock {readonly}/site/: read-only file system ({readonly}/.site.playbook-lock); "
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
        (site / MARKER).write_text(MARKER_TEXT)
        with pytest.raises(PublishError) as caught:
            publish(site, proj, fake_build())
        assert caught.value.message.startswith(f"not built: cannot replace {site}/: device or resource busy (")
        assert (site / "index.html").read_text() == "mounted"
    assert leftovers(proj) == []


# Only a site this tool built is replaced: the marker, and sites from before it.

NO_MARKER = (
    "refusing --site-dir {shown}: it holds files but no .playbook-site marker, so this tool did not build it, and the build "
    "would replace the whole folder (empty it or remove it yourself, or choose a new folder, e.g. --site-dir site)"
)
HOLDS_GIT = "refusing --site-dir {shown}: it holds a Git repository ({git}), which the build would delete (choose a new folder, e.g. --site-dir site)"


def legacy_layout(folder: Path, generator: str = "mkdocs-1.6.1, mkdocs-material-9.7.0") -> Path:
    """The files by which sites built before the marker are recognised."""
    for name in LEGACY_FILES:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text("old")
    (folder / "index.html").write_text(f'<html><head><meta name="generator" content="{generator}"></head></html>')
    return folder


def _marker_link(site: Path) -> None:
    (site.parent / "elsewhere").write_text(MARKER_TEXT)
    (site / MARKER).symlink_to(site.parent / "elsewhere")


def _git_checkout(site: Path) -> None:
    (site / ".git/refs").mkdir(parents=True)
    (site / ".git/HEAD").write_text("ref: refs/heads/main\n")


def _marked_with_git_inside(site: Path) -> None:
    (site / MARKER).write_text(MARKER_TEXT)
    (site / "downloads/tool/.git").mkdir(parents=True)


def _marked_worktree(site: Path) -> None:
    (site / MARKER).write_text(MARKER_TEXT)
    (site / ".git").write_text("gitdir: /elsewhere/.git/worktrees/site\n")  # a worktree's .git is a file


NOT_OURS = {
    "pages we did not build": (lambda site: None, NO_MARKER),
    "marker is a symlink": (_marker_link, NO_MARKER),
    "marker is a folder": (lambda site: (site / MARKER).mkdir(), NO_MARKER),
    "marker says something else": (lambda site: (site / MARKER).write_text("built by hand\n"), NO_MARKER),
    "marker is empty": (lambda site: (site / MARKER).write_text(""), NO_MARKER),
    "marker is a fifo": (lambda site: os.mkfifo(site / MARKER), NO_MARKER),  # must not block the build
    "old layout but one file missing": (lambda site: (legacy_layout(site) / "assets/playbook.css").unlink(), NO_MARKER),
    "old layout but not an MkDocs index": (lambda site: legacy_layout(site, generator="Hugo 0.120"), NO_MARKER),
    "old layout, marker a hard link": (lambda site: os.link(legacy_layout(site) / "404.html", site / MARKER), NO_MARKER),  # never written through
    "web root that is a git checkout": (_git_checkout, HOLDS_GIT),
    "marked, with a git checkout inside": (_marked_with_git_inside, HOLDS_GIT),
    "marked, a git worktree": (_marked_worktree, HOLDS_GIT),
    "old layout, a git checkout": (lambda site: _git_checkout(legacy_layout(site)), HOLDS_GIT),
}


@pytest.mark.parametrize("case", NOT_OURS)
def test_a_folder_this_tool_did_not_build_is_refused_and_left_as_it_was(proj: Path, case: str) -> None:
    make, message = NOT_OURS[case]
    site = proj / "www"
    site.mkdir()
    (site / "index.html").write_text("someone's page")
    make(site)
    before = snapshot(proj)
    with pytest.raises(PublishError) as caught:
        publish(site, proj, fake_build(), shown="www")
    git = next((f"www/{p.relative_to(site)}" for p in sorted(site.rglob(".git"), key=lambda p: len(p.parts))), "")
    assert (caught.value.exit_code, caught.value.message) == (2, message.format(shown="www", git=git))
    assert snapshot(proj) == before  # no lock, no staging: refused before anything is written


def test_a_web_root_that_is_a_git_checkout_is_refused_with_its_history(project: Path, tmp_path: Path) -> None:
    webroot = tmp_path / "webroot"
    webroot.mkdir()
    (webroot / "index.html").write_text("<p>our web root</p>")
    git = ["git", "-C", str(webroot), "-c", "user.name=t", "-c", "user.email=t@example.com"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-qm", "unpushed work"], check=True)
    (project / "published").symlink_to(webroot)  # through a link, as a web root often is
    before = snapshot(tmp_path)
    result = run_cli("build", "--site-dir", "published", cwd=project)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == f"Error: {HOLDS_GIT.format(shown='published', git='published/.git')}\n"
    assert snapshot(tmp_path) == before
    assert subprocess.run([*git, "log", "--format=%s"], capture_output=True, text=True).stdout == "unpushed work\n"


@pytest.mark.parametrize("name", ["site.playbook-staging", ".site.playbook-old", ".site.playbook-lock", ".x.playbook-old"])
def test_a_site_named_like_a_working_name_is_refused(proj: Path, name: str) -> None:
    """Then one site's working names can never be another site: `.site.playbook-old` is site/'s alone."""
    with pytest.raises(PublishError) as caught:
        publish(proj / name, proj, fake_build(), shown=name)
    assert (caught.value.exit_code, caught.value.message) == (
        2,
        f"refusing --site-dir {name}: names ending in .playbook-staging, .playbook-old, .playbook-lock are the build's own working names "
        "(choose a new folder, e.g. --site-dir site)",
    )
    assert not (proj / name).exists()


def test_a_site_folder_that_is_a_file_is_refused(proj: Path) -> None:
    (proj / "site").write_text("a file")
    with pytest.raises(PublishError) as caught:
        publish(proj / "site", proj, fake_build(), shown="site")
    assert (caught.value.exit_code, caught.value.message) == (
        2,
        "refusing --site-dir site: it is a file, not a folder (remove it or choose another --site-dir)",
    )
    assert (proj / "site").read_text() == "a file"


REPLACEABLE = {
    "an empty folder": lambda site: None,
    "a folder holding only the marker": lambda site: (site / MARKER).write_text(MARKER_TEXT),
    "a site with its marker": lambda site: (site / MARKER).write_text(MARKER_TEXT) or (site / "old.html").write_text("old"),
    "the old layout, made by MkDocs": lambda site: legacy_layout(site),
    "the old layout, made by ProperDocs": lambda site: legacy_layout(site, generator="properdocs-1.6.7, mkdocs-material-9.7.0"),
}


@pytest.mark.parametrize("case", REPLACEABLE)
@pytest.mark.parametrize("exchange", [True, False], ids=["renameat2", "two-renames"])
def test_a_folder_this_tool_may_replace_is_replaced(proj: Path, case: str, exchange: bool, monkeypatch) -> None:
    if not exchange:
        monkeypatch.setenv("PLAYBOOK_NO_RENAME_EXCHANGE", "1")
    site = proj / "site"
    site.mkdir()
    REPLACEABLE[case](site)
    publish(site, proj, fake_build())
    assert sorted(p.name for p in site.iterdir()) == [MARKER, "assets", "index.html"]
    assert (site / MARKER).read_text() == MARKER_TEXT and mode_of(site / MARKER) == 0o644
    assert sorted(p.name for p in proj.iterdir()) == [".git", ".site.playbook-lock", "docs", "playbook", "playbook_data", "site"]


def test_a_site_built_before_the_marker_existed_is_replaced_on_the_first_build(small_site: Path, proj: Path) -> None:
    """What a real build writes, less the marker, is what earlier versions wrote: it must be recognised."""
    assert (small_site / MARKER).read_text() == MARKER_TEXT and mode_of(small_site / MARKER) == 0o644
    legacy = proj / "site"
    shutil.copytree(small_site, legacy, symlinks=True)
    (legacy / MARKER).unlink()
    publish(legacy, proj, fake_build())
    assert (legacy / "index.html").read_text() == "new" and (legacy / MARKER).read_text() == MARKER_TEXT


# Neighbours: a build creates, renames and deletes its own working names and nothing else.


def neighbours(parent: Path) -> None:
    """What may sit beside a site folder: other sites, their leftovers, older versions' leftovers, other people's files."""
    old_site(parent, "site-preview", "preview")  # another site, built by this tool
    old_site(parent, "site.bak", "backup")  # a copy of this one, marker and all
    old_site(parent, ".site-preview.playbook-old", "preview's only copy")  # left by a killed build of site-preview
    old_site(parent, ".site-preview.playbook-staging", "preview's build")  # a build of site-preview under way
    old_site(parent, ".site.bak.playbook-staging", "site.bak's build")
    for name in (".site-preview-old", ".site-x", ".site-k3j2h1", ".site-old"):  # older versions' names and look-alikes
        (parent / name).mkdir()
        (parent / name / "index.html").write_text(name)
    (parent / ".site.lock").write_text("")
    (parent / ".site.playbook-staging.txt").write_text("notes")
    (parent / "checkout/.git").mkdir(parents=True)
    (parent / "checkout/index.html").write_text("a checkout")
    (parent / "latest").symlink_to("site-preview")


KILL = textwrap.dedent("""
    import os, signal, sys
    from pathlib import Path
    sys.path.insert(0, {root!r})
    from playbook import publish as p
    where = sys.argv[1]
    def build_into(folder):
        (folder / "index.html").write_text("killed")
        if where == "build":
            os.kill(os.getpid(), signal.SIGKILL)
    if where == "swap":
        p._between_renames = lambda: os.kill(os.getpid(), signal.SIGKILL)
    p.publish(Path(sys.argv[2]), Path(sys.argv[3]), build_into)
""")


def killed_build(site: Path, project: Path, where: str) -> None:
    env = {**os.environ, "PLAYBOOK_NO_RENAME_EXCHANGE": "1"}
    killed = subprocess.run([sys.executable, "-c", KILL.format(root=str(ROOT)), where, str(site), str(project)], env=env)
    assert killed.returncode == -9


@pytest.mark.parametrize("exchange", [True, False], ids=["renameat2", "two-renames"])
def test_a_build_touches_nothing_beside_the_site_but_its_own_working_names(proj: Path, tmp_path: Path, exchange: bool, monkeypatch) -> None:
    if not exchange:
        monkeypatch.setenv("PLAYBOOK_NO_RENAME_EXCHANGE", "1")
    parent = tmp_path / "www"
    parent.mkdir()
    neighbours(parent)
    before = snapshot(parent)
    site, own = parent / "site", {p.name for p in working_names(parent / "site")} | {"site"}

    def untouched() -> None:
        after = snapshot(parent)
        mine = {rel for rel in after if rel.split("/")[0] in own}
        assert {rel: kind for rel, kind in after.items() if rel not in mine} == before

    publish(site, proj, fake_build("first"))
    untouched()
    with pytest.raises(RuntimeError):
        publish(site, proj, lambda folder: (_ for _ in ()).throw(RuntimeError("bad data")))
    untouched()
    killed_build(site, proj, "build")
    untouched()
    killed_build(site, proj, "swap")
    assert not site.exists()
    untouched()
    publish(site, proj, fake_build("second"))  # recovers: puts the previous site back, then replaces it
    untouched()
    assert (site / "index.html").read_text() == "second"
    assert sorted(set(os.listdir(parent)) - {rel.split("/")[0] for rel in before}) == [".site.playbook-lock", "site"]


def test_the_working_names_are_the_documented_ones(tmp_path: Path) -> None:
    import playbook.publish

    names = working_names(tmp_path / "site")
    assert [p.name for p in names] == [".site.playbook-staging", ".site.playbook-old", ".site.playbook-lock"]
    for name in ("D/N", "D/.N.playbook-staging", "D/.N.playbook-old", "D/.N.playbook-lock", "D/N/.playbook-site"):
        assert f"`{name}`" in (playbook.publish.__doc__ or "")


PAUSED = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    sys.path.insert(0, {root!r})
    from playbook.publish import publish
    site, project, ready, go = map(Path, sys.argv[1:5])
    def build_into(folder):
        for n in range(50):
            (folder / f"page{{n}}.html").write_text("preview")
        ready.write_text("")
        while not go.exists():
            time.sleep(0.02)
        (folder / "index.html").write_text("preview 2")
    publish(site, project, build_into)
""")


@pytest.mark.parametrize("exchange", [True, False], ids=["renameat2", "two-renames"])
def test_builds_of_two_sites_side_by_side_leave_each_other_alone(proj: Path, tmp_path: Path, exchange: bool, monkeypatch) -> None:
    """While site-preview/ builds, builds of site/ (one killed, one recovering after it) run beside it."""
    if not exchange:
        monkeypatch.setenv("PLAYBOOK_NO_RENAME_EXCHANGE", "1")
    parent = tmp_path / "www"
    parent.mkdir()
    old_site(parent, "site-preview", "preview 1")
    ready, go = tmp_path / "ready", tmp_path / "go"
    preview = subprocess.Popen(
        [sys.executable, "-c", PAUSED.format(root=str(ROOT)), str(parent / "site-preview"), str(proj), str(ready), str(go)],
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while not ready.exists() and preview.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        assert ready.exists()
        staging = snapshot(parent / ".site-preview.playbook-staging")
        publish(parent / "site", proj, fake_build())
        killed_build(parent / "site", proj, "build")
        killed_build(parent / "site", proj, "swap")
        publish(parent / "site", proj, fake_build("again"))
        assert snapshot(parent / ".site-preview.playbook-staging") == staging
        assert (parent / "site-preview/index.html").read_text() == "preview 1"
    finally:
        go.write_text("")
        assert preview.wait(timeout=30) == 0, preview.stderr.read()
    assert (parent / "site-preview/index.html").read_text() == "preview 2"
    assert len(list((parent / "site-preview").glob("page*.html"))) == 50
    assert (parent / "site/index.html").read_text() == "again"
    assert sorted(os.listdir(parent)) == [".site-preview.playbook-lock", ".site.playbook-lock", "site", "site-preview"]


IN_THE_WAY = {
    "a folder of someone's files": lambda path: path.mkdir() or (path / "notes.txt").write_text("mine"),
    "a link to a folder": lambda path: path.symlink_to(path.parent.parent / "elsewhere", target_is_directory=True),
    "a file": lambda path: path.write_text("mine"),
    "a marked folder with a .git": lambda path: old_site(path.parent, path.name) and (path / ".git").mkdir(),
}


@pytest.mark.parametrize("which", ["staging", "old"])
@pytest.mark.parametrize("case", IN_THE_WAY)
def test_a_working_name_taken_by_something_else_is_refused_not_deleted(proj: Path, tmp_path: Path, which: str, case: str) -> None:
    parent = tmp_path / "www"
    parent.mkdir()
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere/keep.txt").write_text("keep")
    site = old_site(parent)
    path = getattr(working_names(site), which)
    IN_THE_WAY[case](path)
    before = snapshot(tmp_path)
    with pytest.raises(PublishError) as caught:
        publish(site, proj, fake_build(), shown="site")
    assert (caught.value.exit_code, caught.value.message) == (
        2,
        f"not built: {path} is in the way and is not a folder this tool made; site/ is unchanged (move it away and build again).",
    )
    assert snapshot(tmp_path) == {**before, "www/.site.playbook-lock": snapshot(parent)[".site.playbook-lock"]}


def test_an_empty_staging_folder_left_by_a_kill_is_recovered(proj: Path) -> None:
    """A build killed between creating its staging folder and writing the marker into it leaves it empty."""
    old_site(proj)
    (proj / ".site.playbook-staging").mkdir()
    publish(proj / "site", proj, fake_build())
    assert (proj / "site/index.html").read_text() == "new" and leftovers(proj) == []


def test_a_lock_name_that_is_a_link_is_not_followed(proj: Path, tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep")
    (proj / ".site.playbook-lock").symlink_to(victim)
    with pytest.raises(PublishError) as caught:
        publish(proj / "site", proj, fake_build(), shown="site")
    assert caught.value.message == (
        f"not built: cannot lock site/: too many levels of symbolic links ({proj}/.site.playbook-lock); site/ is unchanged (check the folder and build again)."
    )
    assert victim.read_text() == "keep" and not (proj / "site").exists()


def test_the_lock_is_free_once_a_build_ends(proj: Path) -> None:
    publish(proj / "site", proj, fake_build())
    fd = os.open(proj / ".site.playbook-lock", os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    finally:
        os.close(fd)


@pytest.mark.parametrize("exchange", [True, False], ids=["renameat2", "two-renames"])
def test_links_in_the_previous_site_are_removed_not_followed(proj: Path, tmp_path: Path, exchange: bool, monkeypatch) -> None:
    if not exchange:
        monkeypatch.setenv("PLAYBOOK_NO_RENAME_EXCHANGE", "1")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere/keep.txt").write_text("keep")
    site = old_site(proj)
    (site / "shared").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    (site / "file-link").symlink_to(tmp_path / "elsewhere/keep.txt")
    before = snapshot(tmp_path / "elsewhere")
    publish(site, proj, fake_build())
    assert snapshot(tmp_path / "elsewhere") == before
    assert sorted(p.name for p in site.iterdir()) == [MARKER, "assets", "index.html"] and leftovers(proj) == []


def test_a_git_checkout_made_in_the_site_while_it_builds_is_not_replaced(proj: Path) -> None:
    site = old_site(proj)

    def clone_meanwhile(folder: Path) -> None:
        fake_build()(folder)
        (site / ".git").mkdir()  # someone runs `git init` in the web root during the build

    with pytest.raises(PublishError) as caught:
        publish(site, proj, clone_meanwhile, shown="site")
    assert caught.value.exit_code == 2 and "it holds a Git repository (site/.git)" in caught.value.message
    assert (site / "index.html").read_text() == "old" and (site / ".git").is_dir() and leftovers(proj) == []
