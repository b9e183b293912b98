"""JSON Schema files for editors' IDEs, generated from the model."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .fields import ID_PATTERN, PARTIAL_DATE, YEAR
from .model import KINDS, Record
from .validation.load import PLACEHOLDER


def schema_for(kind: type[Record]) -> dict:
    """The JSON Schema of one kind, as its YAML files are written (dates as strings)."""
    schema = _as_yaml_12(kind.model_json_schema(mode="validation"))
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = f"Playbook {kind.kind}"
    schema["description"] = f"A record in playbook_data/{kind.folder}/. The file name is the record's id."
    return schema


def schema_files() -> dict[str, str]:
    """File name -> exact text of every schema file."""
    return {f"{kind.kind}.json": json.dumps(schema_for(kind), indent=2, sort_keys=True, ensure_ascii=False) + "\n" for kind in KINDS}


def stale_schemas(folder: Path) -> list[str]:
    """The schema files in `folder` that are missing or differ from the model."""
    return [name for name, text in schema_files().items() if not (folder / name).is_file() or (folder / name).read_text(encoding="utf-8") != text]


def write_schemas(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, content in schema_files().items():
        path = folder / name
        if not path.exists() or path.read_text(encoding="utf-8") != content:
            path.write_text(content, encoding="utf-8")
            written.append(path)
    return written


# Editors' IDEs (VS Code's YAML extension among them) read a file as YAML 1.2, in which
# `title: 2024` is a number, `title: true` a boolean and `date: 2022-02-03` stays text; `validate`
# reads every value as text. So that the IDE and `validate` agree, each kind of value accepts
# the YAML 1.2 types that `validate` would read as valid text.
_SCALARS = ["string", "number", "boolean"]
_YEAR_NUMBER = {"type": "integer", "minimum": 1000, "maximum": 9999}
_DAY = "^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"
#: A whole number written in quotes, as `validate` reads it: `order: "4"`.
_QUOTED_WHOLE = {"type": "string", "pattern": "^\\s*\\+?[0-9][0-9_]*(\\.0*)?\\s*$"}


def _as_yaml_12(node: Any) -> Any:
    if isinstance(node, list):
        return [_as_yaml_12(n) for n in node]
    if not isinstance(node, dict):
        return node
    node = {k: _as_yaml_12(v) for k, v in node.items()}
    kind, pattern = node.get("type"), node.get("pattern")
    if kind == "string" and node.get("minLength") == 1 and pattern is None and "enum" not in node:
        node.pop("minLength")  # text: anything but nothing or blanks
        return {**node, "type": _SCALARS, "pattern": "\\S", "not": {"const": PLACEHOLDER}}
    if kind == "string" and pattern == ID_PATTERN:
        return _any_of(node, [{"type": "string", "pattern": pattern}, {"type": "integer", "minimum": 0}, {"type": "boolean"}])
    if kind == "string" and pattern in (YEAR.pattern, PARTIAL_DATE.pattern):
        return _any_of(node, [{"type": "string", "pattern": pattern}, _YEAR_NUMBER])
    if kind == "string" and node.get("format") == "date":
        return {**node, "pattern": _DAY}
    if kind == "integer":
        bounds = {k: node.pop(k) for k in ("minimum", "maximum") if k in node}
        node.pop("type")
        return _any_of(node, [{"type": "integer", **bounds}, _QUOTED_WHOLE])
    return node


def _any_of(node: dict, choices: list[dict]) -> dict:
    """`node` (its title and description) accepting any of `choices`."""
    kept = {k: v for k, v in node.items() if k in ("title", "description", "default")}
    return {**kept, "anyOf": choices}
