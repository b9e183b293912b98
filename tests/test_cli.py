"""The editors' command line: exit codes, output formats, help, and the committed schema."""

from __future__ import annotations

import json
from pathlib import Path

import click
from click.testing import CliRunner
from conftest import ROOT, SMALL, run_cli, write_data

from playbook.cli import main
from playbook.schema import schema_files


def test_validate_passes_on_valid_data(project: Path) -> None:
    result = run_cli("validate", cwd=project)
    assert (result.returncode, result.stdout) == (0, "")
    assert result.stderr == f"OK: {len(SMALL)} records in playbook_data are valid.\n"


def test_validate_prints_one_line_per_problem_and_exits_1(project: Path) -> None:
    write_data(
        project / "playbook_data",
        {
            "stats/superior-cx-revenue-5-7x.yml": "figure: 5.7x\nclaim: more revenue\nsource: nobody\n",
            "metrics/nps.yml": SMALL["metrics/nps.yml"].replace("owned_by:\n  - support\n", "owned_by: support\n"),
        },
    )
    result = run_cli("validate", cwd=project)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "playbook_data/metrics/nps.yml:6:11: owned_by: expected a list, got 'support' (write each item on its own line, starting with '- ')",
        "playbook_data/stats/superior-cx-revenue-5-7x.yml:4:9: source: unknown source 'nobody' (ids are file names in playbook_data/sources/)",
    ]
    assert result.stderr == "2 problems in playbook_data. Fix them and run validate again.\n"


def test_validate_github_format_annotates_the_changed_lines(project: Path) -> None:
    write_data(project / "playbook_data", {"stats/superior-cx-revenue-5-7x.yml": "figure: 5.7x\nclaim: more revenue\nsource: nobody\n"})
    result = run_cli("validate", "--format", "github", cwd=project)
    assert result.returncode == 1
    assert result.stdout == (
        "::error file=playbook_data/stats/superior-cx-revenue-5-7x.yml,line=4,col=9::source: unknown source 'nobody' "
        "(ids are file names in playbook_data/sources/)\n"
    )


def test_validate_with_another_data_folder(project: Path) -> None:
    (project / "playbook_data").rename(project / "elsewhere")
    assert run_cli("validate", "--data", "elsewhere", cwd=project).returncode == 0
    missing = run_cli("validate", cwd=project)
    assert (missing.returncode, missing.stdout) == (1, "playbook_data:1:1: data folder not found (run from the project folder, or pass --data DIR)\n")


def test_bad_usage_exits_2_with_a_usage_line(project: Path) -> None:
    result = run_cli("validate", "--format", "xml", cwd=project)
    assert result.returncode == 2
    assert "Invalid value for '--format': 'xml' is not one of 'text', 'github'." in result.stderr
    assert run_cli("frobnicate", cwd=project).returncode == 2


def test_help_documents_every_command() -> None:
    runner = CliRunner()
    top = runner.invoke(main, ["--help"])
    assert top.exit_code == 0
    for name, command in main.commands.items():
        assert command.help, f"'{name}' has no help text"
        assert name in top.output
        sub = runner.invoke(main, [name, "--help"])
        assert sub.exit_code == 0 and " ".join(command.help.split("\n")[0].split()) in " ".join(sub.output.split())
        for param in command.params:
            if isinstance(param, click.Option):
                assert param.help, f"'{name} {param.opts[0]}' has no help text"
            else:  # arguments are explained in the command's own help
                assert param.human_readable_name in command.help, f"'{name}' does not explain {param.human_readable_name}"


def test_committed_schema_matches_the_model() -> None:
    expected = schema_files()
    committed = {p.name: p.read_text(encoding="utf-8") for p in sorted((ROOT / "schema").glob("*.json"))}
    assert committed == expected, "schema/ is out of date: run `make schema` and commit the result"


def test_schema_forbids_unknown_fields_and_describes_every_field() -> None:
    for name, text in schema_files().items():
        schema = json.loads(text)
        assert schema["additionalProperties"] is False, name
        for field, spec in schema["properties"].items():
            assert spec.get("description"), f"{name}: {field} has no description"


def test_validate_refuses_an_empty_or_option_like_base_and_contradicting_options(project: Path) -> None:
    empty = run_cli("validate", "--base", "", cwd=project)
    assert (empty.returncode, empty.stderr) == (2, "Error: --base is empty: name a git revision, e.g. origin/main (is the variable that should name it set?)\n")
    option = run_cli("validate", "--base", "--output=x", cwd=project)
    assert (option.returncode, option.stderr) == (
        2,
        "Error: --base '--output=x' looks like an option, not a git revision: name a git revision, e.g. origin/main\n",
    )
    both = run_cli("validate", "--draft", "--strict", cwd=project)
    assert both.returncode == 2 and "--draft and --strict contradict each other: use one" in both.stderr


def test_requirements_pin_every_dependency_the_project_declares() -> None:
    """requirements.txt is the lock file: each dependency in pyproject.toml (and each package an extra
    it asks for pulls in) is pinned there with ==, to a version the declaration accepts."""
    import importlib.metadata
    import tomllib

    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    pins = {}
    for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, _, version = line.partition("==")
            assert version, f"requirements.txt: '{line}' is not pinned with =="
            pins[canonicalize_name(name)] = version
    declared = [Requirement(d) for d in tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]]
    assert "pagefind" in {canonicalize_name(r.name) for r in declared}
    wanted = list(declared)
    for requirement in declared:
        for extra in requirement.extras:
            pulled = [Requirement(r) for r in importlib.metadata.requires(requirement.name) or []]
            wanted += [r for r in pulled if r.marker is not None and r.marker.evaluate({"extra": extra})]
    unpinned = [str(r) for r in wanted if canonicalize_name(r.name) not in pins]
    assert unpinned == [], f"not pinned in requirements.txt: {unpinned}"
    outside = [f"{r} (pinned {pins[canonicalize_name(r.name)]})" for r in wanted if not r.specifier.contains(pins[canonicalize_name(r.name)], prereleases=True)]
    assert outside == []
