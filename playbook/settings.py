"""The operator's settings, read from the environment and checked once at start-up.

`PLAYBOOK_EDIT_URI` and `PLAYBOOK_SITE_URL` are written into every page by MkDocs and the
theme without escaping, and `SOURCE_DATE_EPOCH` is the date of the data on every page: a wrong
value must be one line before anything is built, never markup in 120 pages, an invalid
sitemap or a traceback. The settings follow the same rules as the data: the character policy
(playbook/characters.py) and the date rule (playbook/dates.py).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from .characters import first_refused, shown
from .dates import EARLIEST, DateError, latest, parse
from .model import KINDS
from .provenance import commit_epoch

if TYPE_CHECKING:
    from .catalog import Catalog

URL_SETTINGS = ("PLAYBOOK_EDIT_URI", "PLAYBOOK_SITE_URL")

# http(s), a host, and nothing a page or an attribute could be broken out of with.
_URL = re.compile(r"https?://[^\s\"'<>`\\]+\Z")
#: A Unix time is whole seconds, in ASCII digits; twelve digits already reach past the year 9999.
_EPOCH = re.compile(r"[0-9]{1,12}\Z", re.ASCII)
_EPOCH_HINT = "write whole seconds since 1970-01-01, e.g. 1767225600, or leave it unset"
_RANGE_HINT = f"write the data's time, from {EARLIEST.isoformat()} to now, in whole seconds since 1970-01-01 (e.g. 1767225600), or leave it unset"


class SettingsError(Exception):
    """A setting in the environment that cannot be used; the message is one line."""


def check_environment(env: Mapping[str, str] | None = None, project: Path | None = None) -> None:
    """Raise SettingsError naming the first unusable setting. An empty value means "not set".

    With `project`, and no SOURCE_DATE_EPOCH, the date of its last commit is checked too: git
    takes any date a commit is given, and it becomes the data's date.
    """
    env = os.environ if env is None else env
    for name in URL_SETTINGS:
        value = env.get(name) or ""
        if not value:
            continue
        refused = first_refused(value, "line")
        if refused is not None:
            raise SettingsError(f"{name}={_shown(value)} holds {refused.described} at character {refused.index + 1}: {refused.hint}")
        if not _URL.match(value) or not _has_host(value):
            raise SettingsError(
                f"{name}={_shown(value)} is not a web address: write it as http:// or https:// and a host, "
                "without quotes, angle brackets, backslashes or spaces"
            )
    epoch = env.get("SOURCE_DATE_EPOCH") or ""
    if epoch:
        epoch_date(epoch, "SOURCE_DATE_EPOCH")
    elif project is not None:
        _checked_commit_epoch(project)


def _has_host(url: str) -> bool:
    """Whether `url` names a host (and, if any, a port that exists), without a user or a password:
    MkDocs refuses 'http:///' only once the build has started."""
    try:
        parts = urlsplit(url)
        port_ok = parts.port is None or parts.port > 0  # .port raises ValueError past 65535
    except ValueError:
        return False
    host = parts.hostname or ""
    return bool(host.strip(".")) and "@" not in parts.netloc and port_ok


def data_epoch(project: Path, catalog: Catalog) -> str:
    """The data's time, as Unix seconds: SOURCE_DATE_EPOCH when it is set, else the last commit's,
    else (outside a Git checkout) the day of the newest review. Each is checked by the date rule,
    so the date printed on pages is one the data itself could carry."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH") or ""
    if epoch:
        epoch_date(epoch, "SOURCE_DATE_EPOCH")
        return epoch
    committed = _checked_commit_epoch(project)
    if committed is not None:
        return committed
    newest = max((record.last_reviewed for kind in KINDS for record in catalog.of(kind).values()), default=EARLIEST)
    return str(int(dt.datetime.combine(max(newest, EARLIEST), dt.time(), dt.UTC).timestamp()))


def data_date(project: Path, catalog: Catalog) -> dt.date:
    """The date of the data (see `data_epoch`): printed on checklists, and the day reviews are counted to."""
    return dt.datetime.fromtimestamp(int(data_epoch(project, catalog)), dt.UTC).date()


def _checked_commit_epoch(project: Path) -> str | None:
    committed = commit_epoch(project)
    if committed is not None:
        epoch_date(
            committed,
            "SOURCE_DATE_EPOCH",
            "set SOURCE_DATE_EPOCH to the data's time in whole seconds, e.g. 1767225600, or commit with the right date",
            shown_as=f"The last commit's date (git log -1 --format=%ct: {_shown(committed)})",
        )
    return committed


def epoch_date(value: str, name: str, hint: str | None = None, shown_as: str | None = None) -> dt.date:
    """The date (UTC) of `value`, a Unix time given as `name`; SettingsError unless it is whole seconds
    on a day the date rule accepts: from EARLIEST to `latest()` (tomorrow, for time zones ahead).
    `shown_as` names the value in the message when it is not a setting of that name."""
    said = shown_as or f"{name}={_shown(value)}"
    if not _EPOCH.match(value):
        raise SettingsError(f"{said} is not a time: {hint or _EPOCH_HINT}")
    seconds = int(value)
    first = dt.datetime.combine(EARLIEST, dt.time(), dt.UTC)
    last_day = latest(dt.datetime.now(dt.UTC).date())
    if seconds < first.timestamp():
        day = dt.datetime.fromtimestamp(seconds, dt.UTC).date()
        raise SettingsError(f"{said} is {day.isoformat()}, before {EARLIEST.isoformat()}: {hint or _RANGE_HINT}")
    if seconds >= dt.datetime.combine(last_day + dt.timedelta(days=1), dt.time(), dt.UTC).timestamp():
        raise SettingsError(f"{said} is in the future: {hint or _RANGE_HINT}")
    return dt.datetime.fromtimestamp(seconds, dt.UTC).date()


#: The longest count of days an option takes: a century, far more than any record can have waited.
MAX_DAYS = 36_525
_DAYS = re.compile(r"[0-9]{1,6}\Z", re.ASCII)


def whole_days(text: str) -> int:
    """A count of days given on the command line: ASCII digits, from 0 to MAX_DAYS (SettingsError otherwise;
    Python's int() would also take '1_000', ' 12 ' and other scripts' digits)."""
    if not _DAYS.match(text) or int(text) > MAX_DAYS:
        raise SettingsError(f"{_shown(text)} is not a number of days: write digits only, from 0 to {MAX_DAYS}")
    return int(text)


def given_date(text: str) -> dt.date:
    """A date given on the command line, by the date rule: YYYY-MM-DD, a real day, from EARLIEST to tomorrow."""
    try:
        day = parse(text)
    except DateError as exc:
        said = f"{_shown(text)} is not written YYYY-MM-DD" if exc.reason == "shape" else exc.message
        raise SettingsError(f"{said} ({exc.hint})") from None
    if day > latest():
        raise SettingsError(f"{_shown(text)} is in the future (write a date up to today)")
    return day


def _shown(value: str) -> str:
    """The value quoted for a terminal: control and invisible characters as escapes, long values shortened."""
    return f"'{shown(value if len(value) <= 80 else value[:79] + '…')}'"
