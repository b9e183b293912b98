"""The guides tell the truth: every YAML example in CONTRIBUTING.md, put where its text says it goes
in a copy of the playbook, passes validate; the README stays short enough to read before a first
edit."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import ROOT, make_project, run_cli

from playbook.validation.strict_yaml import parse

GUIDE = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")

#: A YAML example and the comment before it that says where it goes, in the words of the text:
#: `<!-- example: FILE -->` (the whole record), `<!-- example: FILE, fields -->` (these fields of
#: the record) or `<!-- example: FILE, in LIST -->` (an item of that list: after the last item
#: of its stage, or in place of the item it renames).
EXAMPLE = re.compile(r"(?:<!-- example: (?P<where>[^>]*?) -->\n)?```yaml\n(?P<text>.*?)```", re.S)

EXAMPLES = [(m["where"], m["text"]) for m in EXAMPLE.finditer(GUIDE)]


def test_every_yaml_example_says_where_it_goes() -> None:
    assert EXAMPLES and [text for where, text in EXAMPLES if where is None] == []


def _end_of_block(lines: list[str], start: int) -> int:
    """The number of the last line of the block that starts at line `start`: up to the next line
    written at the left margin."""
    end = start
    for number in range(start + 1, len(lines) + 1):
        text = lines[number - 1]
        if text.strip() and not text.startswith((" ", "#")):
            break
        if text.strip():
            end = number
    return end


def put(path: Path, how: str, example: str) -> None:
    """Put `example` into the record at `path`, as `how` says (see EXAMPLE)."""
    if how == "":
        path.write_text(example, encoding="utf-8")
        return
    text = path.read_text(encoding="utf-8")
    doc, lines = parse(text), text.rstrip("\n").split("\n")
    given = parse(example).data
    if how == "fields":
        assert isinstance(given, dict)
        for key in given:
            if (key,) in doc.key_positions:
                start = doc.key_positions[(key,)][0]
                del lines[start - 1 : _end_of_block(lines, start)]
                doc = parse("\n".join(lines))
        lines += example.rstrip("\n").split("\n")
    else:
        name = how.removeprefix("in ")
        items = doc.data[name]
        assert isinstance(given, list) and len(given) == 1 and isinstance(given[0], dict), how
        new = given[0]
        starts = [doc.where((name, i))[0] for i in range(len(items))]
        ends = [s - 1 for s in starts[1:]] + [_end_of_block(lines, doc.key_positions[(name,)][0])]
        renamed = [i for i, item in enumerate(items) if item["id"] in new.get("formerly", [])]
        if renamed:
            (i,) = renamed
            lines[starts[i] - 1 : ends[i]] = example.rstrip("\n").split("\n")
        else:
            same = [i for i, item in enumerate(items) if item.get("stage") == new.get("stage")] or [len(items) - 1]
            at = ends[same[-1]]
            lines[at:at] = example.rstrip("\n").split("\n")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.mark.parametrize(("where", "example"), EXAMPLES, ids=[where or "?" for where, _ in EXAMPLES])
def test_each_yaml_example_passes_validate_where_the_guide_puts_it(tmp_path: Path, where: str, example: str) -> None:
    project = make_project(tmp_path, ROOT / "playbook_data")
    file, _, how = where.partition(", ")
    put(project / file, how, example)
    result = run_cli("validate", cwd=project)
    assert (result.returncode, result.stdout) == (0, ""), example


def test_the_readme_is_short_enough_to_read_first() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    assert len(readme) <= 150
    headings = [line for line in readme if line.startswith("## ")]
    assert headings[:4] == ["## The two commands", "## For employees", "## For editors", "## For operators"]
    assert "(CONTRIBUTING.md)" in "\n".join(readme)
