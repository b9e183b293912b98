"""JSON Schema files for editors' IDEs, generated from the model."""

from __future__ import annotations

import json
from pathlib import Path

from .model import KINDS, Record


def schema_for(kind: type[Record]) -> dict:
    """The JSON Schema of one kind, as its YAML files are written (dates as strings)."""
    schema = kind.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = f"Playbook {kind.kind}"
    schema["description"] = f"A record in playbook_data/{kind.folder}/. The file name is the record's id."
    return schema


def schema_files() -> dict[str, str]:
    """File name -> exact text of every schema file."""
    return {f"{kind.kind}.json": json.dumps(schema_for(kind), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
            for kind in KINDS}


def write_schemas(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, content in schema_files().items():
        path = folder / name
        if not path.exists() or path.read_text(encoding="utf-8") != content:
            path.write_text(content, encoding="utf-8")
            written.append(path)
    return written
