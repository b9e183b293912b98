"""Read YAML as an editor's IDE does: the YAML 1.2 core schema (VS Code's YAML extension).

PyYAML implements YAML 1.1, where `no` is False and `2024-01-01` a date. In 1.2 only
true/false are booleans and dates stay text; numbers and nulls are as below.
"""

from __future__ import annotations

import re

import yaml


class Yaml12Loader(yaml.SafeLoader):
    pass


Yaml12Loader.yaml_implicit_resolvers = {}

_RESOLVERS = [
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", list("~nN") + [""]),
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", list("tTfF")),
    ("tag:yaml.org,2002:int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", list("-+0123456789")),
    (
        "tag:yaml.org,2002:float",
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        list("-+.0123456789"),
    ),
]
for tag, pattern, first in _RESOLVERS:
    Yaml12Loader.add_implicit_resolver(tag, re.compile(pattern), first)


def _int(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> int:
    value = loader.construct_scalar(node)
    if value.startswith("0o"):
        return int(value[2:], 8)
    if value.startswith("0x"):
        return int(value[2:], 16)
    return int(value)


def _float(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> float:
    value = loader.construct_scalar(node).lower()
    if value.endswith("inf"):
        return float("-inf") if value.startswith("-") else float("inf")
    return float("nan") if value == ".nan" else float(value)


Yaml12Loader.add_constructor("tag:yaml.org,2002:int", _int)
Yaml12Loader.add_constructor("tag:yaml.org,2002:float", _float)
Yaml12Loader.add_constructor("tag:yaml.org,2002:bool", lambda loader, node: loader.construct_scalar(node).lower() == "true")


def load(text: str) -> object:
    return yaml.load(text, Loader=Yaml12Loader)
