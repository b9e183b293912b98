"""The editors' workflow: new records, lint warnings, freshness, review queue, repository checks."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, SMALL, fill_skeleton, run_cli, write_data
from html_pages import read

from playbook.cli import main
from playbook.fields import wanted_fields
from playbook.model import KINDS


@pytest.mark.parametrize("kind", [k.kind for k in KINDS])
def test_new_writes_a_skeleton_with_every_field_explained(project: Path, kind: str) -> None:
    model = next(k for k in KINDS if k.kind == kind)
    created = run_cli("new", kind, "new-record", cwd=project)
    path = project / "playbook_data" / model.folder / "new-record.yml"
    assert (created.returncode, created.stdout) == (
        0,
        f"Wrote playbook_data/{model.folder}/new-record.yml. Fill in every TODO, then run: python -m playbook validate\n",
    )
    text = path.read_text()
    assert text.startswith(f"# yaml-language-server: $schema=../../schema/{kind}.json\n")
    needed = [name for name, f in model.model_fields.items() if f.is_required()] + list(wanted_fields(model))
    for name in needed:
        assert re.search(rf"^# .+\n(# .+\n)?{name}:", text, re.M), f"{name} has no explaining comment"
    assert re.search(r"^last_reviewed: \d{4}-\d\d-\d\d$", text, re.M)
    before = run_cli("validate", cwd=project)
    assert before.returncode == 1
    assert f"playbook_data/{model.folder}/new-record.yml:" in before.stdout and "still says 'TODO' (write the real value here)" in before.stdout


def test_a_checklist_skeleton_has_an_item_for_each_stage(project: Path) -> None:
    run_cli("new", "function", "listening", cwd=project)
    text = (project / "playbook_data/functions/listening.yml").read_text()
    assert re.findall(r"^    stage: (.+)$", text, re.M) == ["focused", "centric", "led"]  # in the stages' order


def test_a_playbook_of_skeletons_with_every_todo_filled_in_passes_the_gate(tmp_path: Path) -> None:
    """One new record of every kind, as a first pull request would add them: each TODO replaced by a
    plausible value of its field's type (the new records' ids for references), and validate, the
    pull request's gate, finds nothing at all, not even a warning."""
    (tmp_path / "playbook_data").mkdir()
    ids = {k.folder: f"new-{k.kind}" for k in KINDS}
    for kind in KINDS:
        assert run_cli("new", kind.kind, ids[kind.folder], cwd=tmp_path).returncode == 0
    for kind in KINDS:
        path = tmp_path / "playbook_data" / kind.folder / f"{ids[kind.folder]}.yml"
        path.write_text(fill_skeleton(path.read_text(), kind, ids))
    result = run_cli("validate", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (0, "")
    assert result.stderr.startswith(f"OK: {len(KINDS)} records in playbook_data are valid")


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


def test_each_lint_warning_fails_validate_unless_draft(project: Path) -> None:
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
    gate = run_cli("validate", cwd=project)
    assert gate.returncode == 1 and gate.stdout.splitlines() == expected
    assert gate.stderr == (
        "5 problems in playbook_data (5 warnings: the pull request fails on warnings too). "
        "Fix them and run validate again; --draft lets warnings pass while you work.\n"
    )
    assert run_cli("validate", "--strict", cwd=project) == gate  # an older spelling of the default
    draft = run_cli("validate", "--draft", cwd=project)
    assert draft.returncode == 0 and draft.stdout.splitlines() == expected
    assert draft.stderr == f"Draft: no errors in {len(SMALL) + 2} records in playbook_data, but 5 warnings that the pull request fails on.\n"
    assert "OK" not in gate.stderr + draft.stderr
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
