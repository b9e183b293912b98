"""The editors' workflow: new records, lint warnings, freshness, review queue, repository checks."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, SMALL, run_cli, write_data
from html_pages import read

from playbook.cli import main
from playbook.model import KINDS

#: Values an editor would write in place of each TODO, valid against the small catalog.
FILL = {
    "title": "Listen to sales calls",
    "summary": "Hear customers in their own words.",
    "body": "Listen **every** week.",
    "why_it_matters": "It keeps us honest.",
    "how_to_start": ["Book a call"],
    "functions": ["sales"],
    "stage": "focused",
    "organisation": "Acme",
    "period": "2020-2022",
    "what_they_did": "They listened.",
    "outcome": "Customers stayed.",
    "verdict": "exemplar",
    "practices": ["one-journey"],
    "sources": ["book"],
    "name": "Listening",
    "what_it_means": "Listen.",
    "checklist": [{"id": "listen", "text": "Listen to one call a week", "stage": "focused", "practice": "one-journey"}],
    "order": "4",
    "reached_at_percent": "80",
    "characteristics": ["Listens"],
    "customer_goal": "Be heard.",
    "term": "Listening",
    "definition": "How often we listen.",
    "how_to_compute": "Calls heard divided by calls made.",
    "owned_by": ["sales"],
    "figure": "3x",
    "claim": "Listening works.",
    "source": "book",
    "type": "article",
    "owner": "Head of Sales",
    "function": "sales",
}


def fill(text: str) -> str:
    """Replace every TODO the way an editor would, keeping the modeline."""
    data = yaml.safe_load(text)
    filled = {key: (FILL[key] if "TODO" in str(value) else value) for key, value in data.items()}
    return text.splitlines()[0] + "\n" + yaml.safe_dump(filled, sort_keys=False, default_style=None)


@pytest.mark.parametrize("kind", [k.kind for k in KINDS])
def test_new_writes_a_skeleton_that_validates_once_filled_in(project: Path, kind: str) -> None:
    model = next(k for k in KINDS if k.kind == kind)
    rid = "order-four" if kind in ("stage", "journey-stage") else "new-record"
    created = run_cli("new", kind, rid, cwd=project)
    path = project / "playbook_data" / model.folder / f"{rid}.yml"
    assert (created.returncode, created.stdout) == (
        0,
        f"Wrote playbook_data/{model.folder}/{rid}.yml. Fill in every TODO, then run: python -m playbook validate\n",
    )
    text = path.read_text()
    assert text.startswith(f"# yaml-language-server: $schema=../../schema/{kind}.json\n")
    required = [name for name, f in model.model_fields.items() if f.is_required()]
    for name in required:
        assert re.search(rf"^# .+\n{name}:", text, re.M), f"{name} has no explaining comment"
    assert re.search(r"^last_reviewed: \d{4}-\d\d-\d\d$", text, re.M)

    before = run_cli("validate", cwd=project)
    assert before.returncode == 1
    assert f"playbook_data/{model.folder}/{rid}.yml:" in before.stdout and "still says 'TODO' (write the real value here)" in before.stdout

    path.write_text(fill(text))
    after = run_cli("validate", cwd=project)
    assert after.returncode == 0, after.stdout


def test_new_refuses_a_bad_or_taken_id(project: Path) -> None:
    bad = run_cli("new", "practice", "Listen_To_Calls", cwd=project)
    assert (bad.returncode, bad.stderr) == (
        1,
        "Error: 'Listen_To_Calls' is not a valid id: use lowercase letters, digits and single hyphens, e.g. listen-to-support-calls\n",
    )
    taken = run_cli("new", "practice", "one-journey", cwd=project)
    assert (taken.returncode, taken.stderr) == (1, "Error: playbook_data/practices/one-journey.yml already exists: choose another id, or edit that file\n")
    unknown = run_cli("new", "widget", "x", cwd=project)
    assert unknown.returncode == 2 and "'widget' is not one of 'case-study', 'function'" in unknown.stderr


def test_stale_lists_overdue_records_oldest_first(project: Path) -> None:
    data = project / "playbook_data"
    for rel, date in [("practices/one-journey.yml", "2025-01-10"), ("metrics/nps.yml", "2024-06-01"), ("sources/book.yml", "2025-08-01")]:
        path = data / rel
        path.write_text(path.read_text().replace("last_reviewed: 2026-01-15", f"last_reviewed: {date}"))
    result = run_cli("stale", "--today", "2026-01-01", cwd=project)
    assert result.stdout.splitlines() == [
        "2024-06-01   579 days  playbook_data/metrics/nps.yml  (Head of Customer Experience)",
        "2025-01-10   356 days  playbook_data/practices/one-journey.yml  (Head of Customer Experience)",
    ]
    assert result.stderr == "2 records not reviewed in the last 180 days.\n"
    shorter = run_cli("stale", "--today", "2026-01-01", "--days", "90", cwd=project)
    assert len(shorter.stdout.splitlines()) == 3
    assert run_cli("stale", "--today", "2024-07-01", cwd=project).stderr == "Every record was reviewed in the last 180 days.\n"


def test_each_lint_warning_and_strict(project: Path) -> None:
    write_data(
        project / "playbook_data",
        {
            "practices/orphan.yml": SMALL["practices/one-journey.yml"],
            "case-studies/jc-penney.yml": SMALL["case-studies/jc-penney.yml"].replace("lessons:\n  - Know what customers value\n", ""),
            "functions/sales.yml": SMALL["functions/sales.yml"].split("  - id: shared-record")[0],
            "sources/unused.yml": "title: Nobody reads me\npublisher: Nobody\ntype: article\n",
        },
    )
    expected = [
        "playbook_data/case-studies/jc-penney.yml:2:1: warning: lessons: the case study has no lessons (add what a team should take from it)",
        "playbook_data/functions/sales.yml:6:3: warning: checklist: no item for the stage 'centric' (add at least one item with 'stage: centric' (Customer-centric))",  # noqa: E501 (a fixture, as written in a file)
        "playbook_data/functions/sales.yml:6:3: warning: checklist: no item for the stage 'led' (add at least one item with 'stage: led' (Customer-led))",
        "playbook_data/practices/orphan.yml:2:1: warning: no function's checklist links this practice "
        "(add a checklist item with 'practice: orphan' to a file in playbook_data/functions/)",
        "playbook_data/sources/unused.yml:2:1: warning: nothing cites this source (cite it from a practice, case study, metric or stat, or delete it)",
    ]
    relaxed = run_cli("validate", cwd=project)
    assert relaxed.returncode == 0 and relaxed.stdout.splitlines() == expected
    assert relaxed.stderr == f"OK: {len(SMALL) + 2} records in playbook_data are valid, with 5 warnings.\n"
    strict = run_cli("validate", "--strict", cwd=project)
    assert strict.returncode == 1 and strict.stdout.splitlines() == expected
    assert strict.stderr == "5 problems in playbook_data (--strict counts warnings). Fix them and run validate again.\n"
    github = run_cli("validate", "--format", "github", cwd=project)
    assert github.stdout.splitlines()[0].startswith("::warning file=playbook_data/case-studies/jc-penney.yml,line=2,col=1::lessons:")


def test_overdue_pages_carry_a_notice_and_the_review_queue_lists_them(project: Path) -> None:
    path = project / "playbook_data/practices/one-journey.yml"
    path.write_text(path.read_text().replace("last_reviewed: 2026-01-15", "last_reviewed: 2025-03-01"))
    assert run_cli("build", cwd=project).returncode == 0  # the data is dated 2026-01-01 (SOURCE_DATE_EPOCH)
    notice = read(project / "site/practices/one-journey/index.html").text
    assert (
        "Review overdue Last reviewed 2025-03-01, 306 days before this version of the playbook; reviews are due every "
        "180 days. Owner: Head of Customer Experience."
    ) in notice
    assert "Review overdue" not in read(project / "site/practices/working-backwards/index.html").text
    queue = read(project / "site/review-queue/index.html")
    assert "Head of Customer Experience (1) Record Kind Last reviewed Days since One shared journey practice 2025-03-01 306" in queue.text
    assert "../practices/one-journey/" in queue.links


def test_every_page_says_when_it_was_last_reviewed_and_by_whom(small_site: Path) -> None:
    skipped = {"404.html"}
    missing = [
        p.relative_to(small_site).as_posix()
        for p in sorted(small_site.rglob("*.html"))
        if p.name not in skipped
        and not p.relative_to(small_site).as_posix().startswith("print/")
        and not re.search(r"Last reviewed \d{4}-\d\d-\d\d by \S", read(p).text)
    ]
    assert missing == []


def test_hand_written_pages_name_an_owner_and_a_review_date() -> None:
    for page in sorted((ROOT / "docs").rglob("*.md")):
        front = yaml.safe_load(page.read_text().split("---")[1])
        assert front.get("owner") and front.get("last_reviewed"), page


def test_the_schema_ships_with_the_site(small_site: Path) -> None:
    for kind in KINDS:
        assert (small_site / f"schema/{kind.kind}.json").read_text() == (ROOT / f"schema/{kind.kind}.json").read_text()


def test_every_command_has_help_and_is_documented() -> None:
    docs = (ROOT / "README.md").read_text() + (ROOT / "CONTRIBUTING.md").read_text()
    for name, command in main.commands.items():
        assert command.help and command.short_help != "", name
        assert f"python -m playbook {name}" in docs, f"`python -m playbook {name}` is not documented"


def test_workflows_pass_actionlint_and_pin_every_action() -> None:
    result = subprocess.run([str(ROOT / ".venv/bin/actionlint"), "-no-color"], cwd=ROOT, capture_output=True, text=True)
    assert (result.returncode, result.stdout) == (0, "")
    uses = re.findall(r"uses:\s*(\S+)", "".join(p.read_text() for p in (ROOT / ".github/workflows").glob("*.yml")))
    assert uses and [u for u in uses if not re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", u)] == []


def test_repository_yaml_passes_yamllint() -> None:
    result = subprocess.run([str(ROOT / ".venv/bin/yamllint"), "-c", ".yamllint.yml", "--strict", "."], cwd=ROOT, capture_output=True, text=True)
    assert (result.returncode, result.stdout) == (0, "")


def test_pre_commit_hooks_run_the_project_commands() -> None:
    hooks = {h["id"]: h for repo in yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())["repos"] for h in repo["hooks"]}
    assert hooks["playbook-validate"]["entry"] == ".venv/bin/python -m playbook validate"
    for hook in hooks.values():
        command = hook["entry"].split()
        assert (ROOT / command[0]).exists() or command[0].startswith(".venv/"), hook["id"]
        sample = "macros.py" if "python" in hook.get("types", []) else "mkdocs.yml"
        result = subprocess.run(command + ([] if hook.get("pass_filenames") is False else [sample]), cwd=ROOT, capture_output=True, text=True)
        assert result.returncode == 0, (hook["id"], result.stdout, result.stderr)
