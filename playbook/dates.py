"""The one rule for dates: written YYYY-MM-DD, a real calendar date, in a sane range.

Every date that comes into the playbook follows it: the dates records carry (a review, the day a
team did an item), the data's date (SOURCE_DATE_EPOCH, or the last commit's), the dates given on
the command line, and every date the browser writes into a team record. The browser applies the
same rule (`dateProblem` in docs/assets/playbook.js) with the bounds below, which reach it in the
page's payload (render/client.py); tests check both languages against one table made here.

    parse(text)          -> date, or DateError (shape, calendar, earliest)
    check(text, today)   -> date, or DateError (parse, and not after `latest(today)`)
    latest(today)        -> the latest date a thing can have been done or reviewed
"""

from __future__ import annotations

import datetime as dt
import re

#: The earliest date a record can carry: older dates are typos (0001-01-01 made an adoption
#: chart two thousand years wide), not the history of a playbook.
EARLIEST = dt.date(2000, 1, 1)

#: How many days after today a date may be: one, for a team in a time zone ahead of the machine
#: that validates its record.
DAYS_AFTER_TODAY = 1

#: Exactly four, two and two ASCII digits (Python's `\d` would take other scripts' digits too).
SHAPE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class DateError(ValueError):
    """Why a text is not a date the playbook takes.

    `reason` is one of "shape", "calendar", "early" or "future" (the browser names the same
    four); `message` and `hint` say it to an editor.
    """

    def __init__(self, reason: str, message: str, hint: str):
        super().__init__(f"{message} ({hint})")
        self.reason, self.message, self.hint = reason, message, hint


def parse(text: str) -> dt.date:
    """`text` as a date: exactly YYYY-MM-DD, a day that exists, not before EARLIEST."""
    if not SHAPE.fullmatch(text):
        raise DateError("shape", "expected a date as YYYY-MM-DD", "write it as YYYY-MM-DD, e.g. 2026-01-31")
    try:
        day = dt.date(int(text[:4]), int(text[5:7]), int(text[8:]))
    except ValueError:
        raise DateError("calendar", f"{text} is not a day of the calendar", "check the month (01-12) and the day of the month") from None
    if day < EARLIEST:
        raise DateError("early", f"{text} is before {EARLIEST.isoformat()}", "write the date it really was")
    return day


def latest(today: dt.date | None = None) -> dt.date:
    """The latest date a thing can have been done or reviewed on `today` (by default, the machine's today)."""
    return (today or dt.date.today()) + dt.timedelta(days=DAYS_AFTER_TODAY)


def check(text: str, today: dt.date | None = None) -> dt.date:
    """`text` as the date a thing was done: `parse`, and not after `latest(today)`."""
    day = parse(text)
    if day > latest(today):
        raise DateError("future", f"{text} is in the future", f"write the date it was done, {latest(today).isoformat()} at the latest")
    return day
