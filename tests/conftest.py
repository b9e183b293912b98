"""Shared fixtures: a small, valid playbook written as real files, and real MkDocs builds of it."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
import types
import typing
from pathlib import Path
from typing import NamedTuple

import pytest

from playbook.model import KIND_BY_FOLDER, KINDS
from playbook.validation.load import modeline

ROOT = Path(__file__).resolve().parent.parent
SITE_FILES = ["mkdocs.yml", "macros.py", "docs", "overrides", "playbook"]

#: folder -> kind name, which names the kind's schema file.
MODELINES = {kind.folder: kind.kind for kind in KINDS}

REVIEW = "owner: Head of Customer Experience\nlast_reviewed: 2026-01-15\n"

SMALL = {
    "stages/focused.yml": "name: Customer-focused\norder: 1\nreached_at_percent: 75\nsummary: Listens to customers.\ncharacteristics:\n  - Surveys run\nnext_step:\n  - Share insights\n",  # noqa: E501 (a fixture, as written in a file)
    "stages/centric.yml": "name: Customer-centric\norder: 2\nreached_at_percent: 75\nsummary: Organised around customers.\ncharacteristics:\n  - One journey\n",
    "stages/led.yml": "name: Customer-led\norder: 3\nreached_at_percent: 50\nsummary: Customers shape decisions.\ncharacteristics:\n  - Customer on the board\n",  # noqa: E501 (a fixture, as written in a file)
    "journey/discover.yml": "name: Discover\norder: 1\nsummary: The customer first hears of us.\ncustomer_goal: Find out whether this solves my problem.\n",
    "journey/renew.yml": "name: Renew\norder: 2\nsummary: The customer decides to stay.\ncustomer_goal: Keep getting value.\n",
    "sources/book.yml": "title: Working Backwards\nauthor: Colin Bryar and Bill Carr\ndate: '2021'\ntype: book\n",
    "sources/article.yml": "title: An article\npublisher: Product Coalition\ndate: 2022-02-03\ntype: article\n",
    "stats/superior-cx-revenue-5-7x.yml": "figure: 5.7x\nclaim: more revenue for superior experience\nsource: article\n",
    "stats/deploys.yml": "figure: 12 seconds\nclaim: between deployments at Amazon, on average\nyear: '2014'\nsource: book\n",
    "metrics/nps.yml": "name: Net Promoter Score\nabbreviation: NPS\ndefinition: Would customers recommend us.\nhow_to_compute: Promoters minus detractors.\nowned_by:\n  - support\n",  # noqa: E501 (a fixture, as written in a file)
    "practices/working-backwards.yml": (
        "title: Working Backwards\nsummary: Start from the customer.\nbody: |\n  Write the **press release** first.\n\n  - Listen\n  - Define\n"
        "why_it_matters: It keeps the customer first.\nhow_to_start:\n  - Write a press release\n  - Share it\nfunctions:\n  - support\n  - sales\n"
        "stage: focused\njourney:\n  - discover\nmetrics:\n  - nps\nstats:\n  - superior-cx-revenue-5-7x\nsources:\n  - book\n"
        "quote:\n  text: Good intentions never work, you need good mechanisms.\n  speaker: Jeff Bezos\n  source: book\n"
    ),
    "practices/one-journey.yml": (
        "title: One shared journey\nsummary: One journey for all.\nbody: Map it once.\nwhy_it_matters: Customers see one company.\n"
        "how_to_start:\n  - Map the stages\nfunctions:\n  - sales\nstage: centric\njourney:\n  - discover\n  - renew\nsources:\n  - article\n"
    ),
    "case-studies/amazon.yml": (
        "organisation: Amazon\ntitle: Working Backwards\nperiod: since 1994\nsummary: Customer obsession first.\n"
        "what_they_did: Wrote press releases first.\noutcome: Deploys every 12 seconds.\nverdict: exemplar\n"
        "lessons:\n  - Mechanisms beat intentions\npractices:\n  - working-backwards\nstats:\n  - deploys\nsources:\n  - book\n"
    ),
    "case-studies/jc-penney.yml": (
        "organisation: J.C. Penney\ntitle: Fair and Square\nperiod: 2011-2013\nsummary: Pricing customers did not want.\n"
        "what_they_did: Replaced sales with everyday prices.\noutcome: Customers left.\nverdict: cautionary\n"
        "lessons:\n  - Know what customers value\npractices:\n  - one-journey\nsources:\n  - article\n"
    ),
    "functions/support.yml": (
        "name: Customer support\nsummary: Solve it the first time.\nwhat_it_means: Every contact is a chance.\nchecklist:\n"
        "  - id: read-tickets\n    text: Read ten tickets a week\n    stage: focused\n    practice: working-backwards\n"
        "  - id: one-view\n    text: Share one customer view\n    stage: centric\n    practice: one-journey\n"
        "  - id: council\n    text: Join the customer council\n    stage: led\n    practice: working-backwards\n"
    ),
    "functions/sales.yml": (
        "name: Sales\nsummary: Sell what helps.\nwhat_it_means: Buyers first.\nchecklist:\n"
        "  - id: buyer-funnel\n    text: Rename the sales funnel to the buyer funnel\n    stage: focused\n    practice: one-journey\n"
        "  - id: shared-record\n    text: Read the shared customer record before every call\n    stage: centric\n    practice: one-journey\n"
        "  - id: customer-in-the-room\n    text: Ask what the customer would say in every deal review\n    stage: led\n"
        "    practice: working-backwards\n"
    ),
}


def write_data(data_dir: Path, records: dict[str, str | None]) -> None:
    """Write records ('kind/id.yml' -> body without modeline and review fields; None deletes the file)."""
    for rel, body in records.items():
        path = data_dir / rel
        if body is None:
            path.unlink(missing_ok=True)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        folder = rel.split("/")[0]
        path.write_text(f"{modeline(KIND_BY_FOLDER[folder])}\n{body}{REVIEW}", encoding="utf-8")


def _plausible(annotation: object, metadata: list, ids: dict[str, str], n: int) -> str:
    """A value an editor could write for a field of this type: ids from `ids` (folder -> id) for
    references, a fresh id for an id, text for text."""
    from pydantic import BaseModel

    from playbook.fields import ID_PATTERN, RefTo
    from playbook.rich_bounds import check_rich_text

    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is typing.Annotated:
        return _plausible(args[0], [*metadata, *args[1:]], ids, n)
    if origin in (typing.Union, types.UnionType):
        return _plausible(next(a for a in args if a is not type(None)), metadata, ids, n)
    if origin is list:
        return _plausible(args[0], [], ids, n)
    assert not (isinstance(annotation, type) and issubclass(annotation, BaseModel)), annotation
    refs = [meta for meta in metadata if isinstance(meta, RefTo)]
    if refs:
        return ids[refs[0].folder]
    for meta in metadata:
        if getattr(meta, "func", None) is check_rich_text:
            return "Listen **every** week, and [write it down](https://example.com/)."
        pattern = getattr(meta, "pattern", None)
        if pattern == ID_PATTERN:
            return f"new-item-{n}"
        if pattern is not None:  # a year, a partial date, a web address
            return next(v for v in ("2020", "https://example.com/") if re.match(pattern, v))
    if origin is typing.Literal:
        return str(args[0])
    if annotation is int:
        return str(next((m.ge for m in metadata if hasattr(m, "ge")), 1))
    if annotation is dt.date:
        return "2026-01-15"
    if annotation is bool:
        return "false"
    return f"Plausible text number {n}."


def fill_skeleton(text: str, kind: type, ids: dict[str, str]) -> str:
    """Replace every TODO of a skeleton written by `new` with a plausible value of its field's type,
    found from the model (the field at the TODO's place in the record)."""
    from playbook.validation.load import PLACEHOLDER, placeholders
    from playbook.validation.shape import model_at
    from playbook.validation.strict_yaml import parse

    doc = parse(text)
    lines = text.split("\n")
    for n, path in enumerate(placeholders(doc.data)):
        name = next(p for p in reversed(path) if isinstance(p, str))
        at = len(path) - 1 - next(i for i, p in enumerate(reversed(path)) if isinstance(p, str))
        field = model_at(kind, path[:at]).model_fields[name]
        line, col = doc.where(path)
        assert lines[line - 1][col - 1 : col - 1 + len(PLACEHOLDER)] == PLACEHOLDER
        value = _plausible(field.annotation, list(field.metadata), ids, n)
        lines[line - 1] = lines[line - 1][: col - 1] + value + lines[line - 1][col - 1 + len(PLACEHOLDER) :]
    return "\n".join(lines)


#: A frozen copy of a full playbook (94 records), for the browser tests: a test owns its data,
#: so editors' changes to playbook_data/ never break the suite.
SHOWCASE_DATA = ROOT / "tests" / "fixtures" / "showcase" / "playbook_data"


def make_project(folder: Path, data: Path | None = None) -> Path:
    """A copy of the site's configuration and pages in `folder`, with `data` (else the small catalog) as its data."""
    for name in SITE_FILES:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, folder / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(src, folder / name)
    if data is None:
        write_data(folder / "playbook_data", SMALL)
    else:
        shutil.copytree(data, folder / "playbook_data")
    return folder


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the site's configuration and pages, with the small catalog as its data."""
    return make_project(tmp_path)


class Result(NamedTuple):
    returncode: int
    stdout: str
    stderr: str


def run_cli(*args: str, cwd: Path, **env_vars: str) -> Result:
    """Run `python -m playbook ARGS` as an editor would, in `cwd`.

    `build` runs in a process of its own, as MkDocs does; every other command runs in this
    process (the same code, without the interpreter's start-up).
    """
    env = {"SOURCE_DATE_EPOCH": "1767225600", **env_vars}
    if args[:1] == ("build",):
        done = subprocess.run([sys.executable, "-m", "playbook", *args], cwd=cwd, capture_output=True, text=True, env={**os.environ, **env})
        return Result(done.returncode, done.stdout, done.stderr)
    from click.testing import CliRunner

    from playbook.cli import main

    here = os.getcwd()
    os.chdir(cwd)
    try:
        done = CliRunner().invoke(main, list(args), env=env, prog_name="python -m playbook")
    finally:
        os.chdir(here)
    if done.exception and not isinstance(done.exception, SystemExit):
        raise done.exception
    return Result(done.exit_code, done.stdout, done.stderr)


def build(project: Path, *args: str, **env_vars: str) -> Path:
    """`python -m playbook build ARGS` in `project`; its site folder."""
    result = run_cli("build", *args, cwd=project, **env_vars)
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "site"


@pytest.fixture
def built(project: Path) -> Path:
    """The small catalog built into `site/` by `python -m playbook build`, in a project of this test's own."""
    return build(project)


@pytest.fixture(scope="module")
def small_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small catalog built once for the tests of a module that only read the site."""
    return build(make_project(tmp_path_factory.mktemp("small")))


# Browser fixtures: the showcase playbook, built once, served on 127.0.0.1, in headless Chromium.

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-default-apps",
    "--disable-domain-reliability",
]


def serve(folder: Path, port: int = 0):
    """Serve `folder` on 127.0.0.1 (at a free port unless given); returns (base URL, server)."""
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", port), functools.partial(Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/", server


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def showcase_port() -> int:
    return free_port()


@pytest.fixture(scope="session")
def showcase_site(tmp_path_factory: pytest.TempPathFactory, showcase_port: int) -> Path:
    """The showcase playbook, built as `make build` builds it, for the address it is served at."""
    project = make_project(tmp_path_factory.mktemp("showcase"), SHOWCASE_DATA)
    return build(project, PLAYBOOK_SITE_URL=f"http://127.0.0.1:{showcase_port}/")


@pytest.fixture(scope="session")
def site_url(showcase_site: Path, showcase_port: int):
    url, server = serve(showcase_site, showcase_port)
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def playwright_instance():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (.ci/run does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright_instance):
    browser = playwright_instance.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


class Watched:
    """A page plus what it did: requests to other hosts, console errors, dialogs."""

    def __init__(self, page):
        self.page, self.external, self.errors, self.dialogs = page, [], [], []
        page.on("request", self._request)
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))

    def _request(self, request) -> None:
        from urllib.parse import urlsplit

        url = urlsplit(request.url)
        if url.scheme not in ("data", "blob", "about") and url.hostname != "127.0.0.1":
            self.external.append(request.url)


@pytest.fixture
def watched(browser):
    """A fresh browser context (empty storage) and its page, watched."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield Watched(context.new_page())
    context.close()


# Helpers for what browser tests check: printed PDFs and accessibility.


def pdf_text(path: Path, raw: bool = False) -> str:
    """The text of a PDF, whitespace folded; `raw` keeps the order it was written in (a table cell by cell)."""
    cmd = ["pdftotext", *(["-raw"] if raw else []), str(path), "-"]
    return " ".join(subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.split())


def pdf_pages(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def pdf_page_size(path: Path) -> tuple[float, float]:
    """Width and height of the first page, in points."""
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    width, height = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+)", info, re.M).groups()
    return float(width), float(height)


def serious_violations(page) -> list[str]:
    """axe-core's serious and critical findings on the page as it is now."""
    axe = Path(__import__("axe_playwright_python").__file__).parent / "axe.min.js"
    page.add_script_tag(path=str(axe))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
