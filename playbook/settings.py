"""The operator's settings, read from the environment and checked once at start-up.

`PLAYBOOK_EDIT_URI` and `PLAYBOOK_SITE_URL` are written into every page by MkDocs and the
theme without escaping, and `SOURCE_DATE_EPOCH` is parsed as a number: a wrong value must be
a message before anything is built, never markup in 120 pages or a traceback.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping

URL_SETTINGS = ("PLAYBOOK_EDIT_URI", "PLAYBOOK_SITE_URL")

# http(s), a host, and nothing a page or an attribute could be broken out of with.
_URL = re.compile(r"https?://[^\s\"'<>`\\]+\Z", re.ASCII)
_EPOCH = re.compile(r"[0-9]{1,12}\Z", re.ASCII)


class SettingsError(Exception):
    """A setting in the environment that cannot be used; the message is one line."""


def check_environment(env: Mapping[str, str] | None = None) -> None:
    """Raise SettingsError naming the first unusable setting. An empty value means "not set"."""
    env = os.environ if env is None else env
    for name in URL_SETTINGS:
        value = env.get(name) or ""
        if value and not _URL.match(value):
            raise SettingsError(
                f"{name}={_shown(value)} is not a web address: write it as http:// or https:// and a host, "
                "without quotes, angle brackets, backslashes or spaces"
            )
    epoch = env.get("SOURCE_DATE_EPOCH") or ""
    if epoch and not _EPOCH.match(epoch):
        raise SettingsError(f"SOURCE_DATE_EPOCH={_shown(epoch)} is not a time: write whole seconds since 1970-01-01, e.g. 1767225600, or leave it unset")


def _shown(value: str) -> str:
    """The value quoted for a terminal: control characters as escapes, long values shortened."""
    text = value if len(value) <= 80 else value[:79] + "…"
    return repr(text) if not text.isprintable() else f"'{text}'"
