"""`playbook serve`, as an editor runs it: every save shows, the preview never hangs, and what it
serves is byte for byte what a full build of the same data gives."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import SMALL, free_port, make_project, run_cli, write_data

from playbook.mkdocs_adapter.preview.server import VERSION_PATH, reload_script
from playbook.publish import MARKER

EPOCH = "1767225600"
#: Pagefind names some of its files differently from one run to the next, whatever the pages.
VARYING = re.compile(r"^pagefind/(filter/|pagefind-entry\.json$|pagefind\.[^/]*\.pf_meta$)")


class Preview:
    """`python -m playbook serve` in a project, on a port of its own, and what it printed."""

    def __init__(self, project: Path) -> None:
        self.project, self.port = project, free_port()
        self.base = f"http://127.0.0.1:{self.port}/"
        self.log = project.parent / f"serve-{self.port}.log"
        env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "PLAYBOOK_SITE_URL": self.base, "NO_MKDOCS_2_WARNING": "1"}
        with open(self.log, "wb") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "playbook", "serve", "--dev-addr", f"127.0.0.1:{self.port}"], cwd=project, env=env, stdout=out, stderr=out
            )
        self.version = self.settle(-1)

    def get(self, path: str) -> tuple[int, bytes, float]:
        """Status, body and seconds taken, of one request."""
        start = time.perf_counter()
        try:
            with urllib.request.urlopen(self.base + path, timeout=10) as response:
                return response.status, response.read(), time.perf_counter() - start
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read(), time.perf_counter() - start

    def state(self, since: int | str = "") -> dict:
        status, body, _ = self.get(f"{VERSION_PATH.lstrip('/')}?since={since}")
        assert status == 200
        return json.loads(body)

    def settle(self, since: int, timeout: float = 60) -> int:
        """Wait until the preview has taken a save in (a new version) and search has indexed it."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.output()
            try:
                now = self.state(since)
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.1)
                continue
            if now["version"] != since and now["search_indexed"]:
                return int(now["version"])
        raise AssertionError(f"the preview did not settle:\n{self.output()}")

    def save(self, records: dict[str, str | None]) -> None:
        """Save records ('kind/id.yml' -> body, None deletes; 'docs/...' -> a page's whole text), then wait for the preview."""
        for rel, text in records.items():
            if rel.startswith("docs/"):
                (self.project / rel).write_text(text or "", encoding="utf-8")
        write_data(self.project / "playbook_data", {rel: body for rel, body in records.items() if not rel.startswith("docs/")})
        self.version = self.settle(self.version)

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


@pytest.fixture
def preview(tmp_path: Path) -> Iterator[Preview]:
    (tmp_path / "project").mkdir()
    running = Preview(make_project(tmp_path / "project"))
    yield running
    running.stop()


def differences(preview: Preview, site: Path, gone: set[str]) -> list[str]:
    """Every file of the full build `site` that the preview serves otherwise (HTML without its
    reload script), and every page in `gone` that it still serves. The marker that says a build
    made the folder (playbook.publish) is the build's own: the preview serves no such folder."""
    wrong = []
    for path in sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()):
        if VARYING.match(path) or path == MARKER:
            continue
        status, body, _ = preview.get(path)
        if path.endswith(".html"):
            body = body.replace(reload_script(preview.version).encode(), b"", 1)
        if status != 200 or body != (site / path).read_bytes():
            wrong.append(path)
    wrong += [path for path in sorted(gone) if preview.get(path)[0] != 404]
    return wrong


def test_after_each_save_the_preview_serves_what_a_full_build_gives(preview: Preview, tmp_path: Path) -> None:
    practice, sales, one = SMALL["practices/working-backwards.yml"], SMALL["functions/sales.yml"], SMALL["practices/one-journey.yml"]
    item = "  - id: listen-in\n    text: Listen to one sales call a week\n    stage: focused\n    practice: one-journey\n"
    renamed = sales.replace("id: buyer-funnel", "id: buyer-journey\n    formerly: [buyer-funnel]") + item
    amazon = SMALL["case-studies/amazon.yml"].replace("stats:\n  - deploys\n", "")
    practices_page = (preview.project / "docs/practices/index.md").read_text(encoding="utf-8")
    edits = [
        ("a text edit", {"practices/working-backwards.yml": practice.replace("Start from the customer.", "Begin with the customer.")}),
        ("a new checklist item", {"functions/sales.yml": sales + item}),
        ("an item renamed, with formerly", {"functions/sales.yml": renamed}),
        ("a new record", {"practices/always-listen.yml": one.replace("One shared journey", "Always listen")}),
        ("records deleted", {"practices/always-listen.yml": None, "stats/deploys.yml": None, "case-studies/amazon.yml": amazon}),
        ("a record broken", {"practices/one-journey.yml": one.replace("stage: centric", "stage: nowhere")}),
        ("the record fixed", {"practices/one-journey.yml": one.replace("One shared journey", "One journey, shared")}),
        ("a hand-written page edited", {"docs/practices/index.md": practices_page + "\nOne more paragraph, written by hand.\n"}),
    ]
    previous: set[str] = set()
    for what, records in edits:
        preview.save(records)
        if what == "a record broken":
            status, page, _ = preview.get("practices/one-journey/")
            assert status == 200 and b"playbook-preview-problems" in page and b"unknown stage" in page, what
            continue
        site = tmp_path / f"site-{len(previous)}"
        built = run_cli("build", "--draft", "--site-dir", str(site), cwd=preview.project, PLAYBOOK_SITE_URL=preview.base)  # warnings show in a preview too
        assert built.returncode == 0, built.stderr
        pages = {p.relative_to(site).as_posix() for p in site.rglob("*.html")}
        assert differences(preview, site, previous - pages) == [], what
        previous = pages
    assert "stats/deploys/index.html" not in previous and "practices/always-listen/index.html" not in previous
    assert re.search(r"^docs/practices/index\.md: 1 page remade in ", preview.output(), re.M)  # not the whole site


def test_a_save_prints_one_line_and_warnings_once(preview: Preview) -> None:
    assert run_cli("validate", cwd=preview.project).returncode == 0  # reads every file: no save, nothing to do
    preview.save({"practices/orphan.yml": SMALL["practices/one-journey.yml"]})
    preview.save({"practices/orphan.yml": SMALL["practices/one-journey.yml"].replace("One shared journey", "Orphan")})
    lines = preview.output().splitlines()
    assert lines[0] == f"Previewing . on {preview.base} (Ctrl+C stops)"
    assert re.fullmatch(r"first build: \d+ pages built in \d+\.\d\d s \(16 records\)", lines[1])
    warning = (
        "playbook_data/practices/orphan.yml:2:1: warning: no function's checklist links this practice "
        "(add a checklist item with 'practice: orphan' to a file in playbook_data/functions/)"
    )
    assert lines[2] == warning
    assert re.fullmatch(r"playbook_data/practices/orphan\.yml: \d+ pages? remade in \d+\.\d\d s \(17 records\)", lines[3])
    assert re.fullmatch(r"playbook_data/practices/orphan\.yml: \d+ pages? remade in \d+\.\d\d s \(17 records\)", lines[4])
    assert len(lines) == 5, lines


def validate_errors(project: Path) -> list[str]:
    """The lines `python -m playbook validate` prints for errors, in its order and words."""
    result = run_cli("validate", cwd=project)
    assert result.returncode == 1
    return [line for line in result.stdout.splitlines() if line and ": warning: " not in line]


@pytest.mark.browser
def test_invalid_data_never_hangs_the_preview_and_the_fix_reloads_the_page(preview: Preview, browser) -> None:
    one = SMALL["practices/one-journey.yml"]
    hostile = "stage: '<img src=x onerror=window.pwned=1>'"  # the banner shows it as text, like every problem
    preview.save({"practices/one-journey.yml": one.replace("stage: centric", hostile).replace("One shared journey", "Never shown")})
    expected = validate_errors(preview.project)
    assert any("'<img src=x onerror=window.pwned=1>' is not a valid id" in line for line in expected)
    page = browser.new_page()
    for path, last_good in (("", "Customer Obsession Playbook"), ("functions/sales/", "Sell what helps."), ("practices/one-journey/", "One shared journey")):
        status, body, seconds = preview.get(path)
        assert status == 200 and seconds < 2 and b"playbook-preview-problems" in body, (path, seconds)
        page.goto(preview.base + path)
        assert page.locator("#playbook-preview-problems li").all_inner_texts() == expected
        assert last_good in page.locator("article").inner_text() and "Never shown" not in page.content()
        assert page.locator("#playbook-preview-problems img").count() == 0 and page.evaluate("window.pwned") is None
    page.evaluate("window.beforeTheFix = true")
    preview.save({"practices/one-journey.yml": one.replace("One shared journey", "One journey, shared")})
    page.wait_for_function("window.beforeTheFix === undefined", timeout=10_000)  # reloaded by itself
    assert page.locator("#playbook-preview-problems").count() == 0
    assert "One journey, shared" in page.locator("article").inner_text()

    page.evaluate("window.beforeNew = true")
    made = run_cli("new", "practice", "listen-in", cwd=preview.project)
    assert made.returncode == 0
    preview.version = preview.settle(preview.version)
    page.wait_for_function("window.beforeNew === undefined", timeout=10_000)  # the open page shows the new problems by itself
    expected = validate_errors(preview.project)
    assert expected and all(line.startswith("playbook_data/practices/listen-in.yml:") for line in expected)
    assert any("still says 'TODO'" in line for line in expected)
    status, _, seconds = preview.get("practices/listen-in/")
    assert status == 200 and seconds < 2
    page.goto(preview.base + "practices/listen-in/")
    assert page.locator("#playbook-preview-problems li").all_inner_texts() == expected
    assert "playbook_data/practices/listen-in.yml" in page.locator("main").inner_text()
    page.evaluate("window.beforeTheFix = true")
    preview.save({"practices/listen-in.yml": one.replace("One shared journey", "Listen in")})
    page.wait_for_function("window.beforeTheFix === undefined", timeout=10_000)
    assert page.locator("#playbook-preview-problems").count() == 0 and page.locator("h1").inner_text() == "Listen in"
    page.close()
