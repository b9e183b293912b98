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
    return re.sub(r"«(.+?)\*(\d+)»", lambda m: m.group(1) * int(m.group(2)), text, flags=re.S)


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
        path.write_bytes(text.encode("utf-8"))
    result = run_cli(*case.get("run", ["validate"]), cwd=project, **case.get("env", {}))
    output = result.stdout.splitlines() + result.stderr.splitlines()
    assert "Traceback" not in result.stdout + result.stderr
    assert result.returncode == case["exit"], output
    assert case["says"] in output, output
