"""Dates as readers see them, written one way everywhere: '3 Feb 2022', 'Feb 2022', '2022'."""

from __future__ import annotations

import datetime as dt

#: The months' names as readers see them; a month's short name is its first three letters.
MONTH_NAMES = "January February March April May June July August September October November December".split()
MONTHS = [name[:3] for name in MONTH_NAMES]


def month_name(date: dt.date) -> str:
    """2026-03-02 -> 'Mar'."""
    return MONTHS[date.month - 1]


def month_year(date: dt.date) -> str:
    """2026-03-02 -> 'Mar 2026'."""
    return f"{month_name(date)} {date.year}"


def readable_date(date: dt.date) -> str:
    """2026-03-02 -> '2 Mar 2026'."""
    return f"{date.day} {month_year(date)}"


def spelled_date(date: dt.date) -> str:
    """2026-03-02 -> '2 March 2026', where a date must not be misread (an editor's 02/03/2026)."""
    return f"{date.day} {MONTH_NAMES[date.month - 1]} {date.year}"


def readable_partial_date(text: str) -> str:
    """A date as far as a source gives it: '2022-02-03' -> '3 Feb 2022', '2022-02' -> 'Feb 2022', '2022' -> '2022'."""
    year, *rest = text.split("-")
    if not rest:
        return year
    month = MONTHS[int(rest[0]) - 1]
    return f"{int(rest[1])} {month} {year}" if len(rest) > 1 else f"{month} {year}"
