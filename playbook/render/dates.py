"""Dates as readers see them, written one way everywhere: '3 Feb 2022', 'Feb 2022', '2022'."""

from __future__ import annotations

import datetime as dt

MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


def month_name(date: dt.date) -> str:
    """2026-03-02 -> 'Mar'."""
    return MONTHS[date.month - 1]


def month_year(date: dt.date) -> str:
    """2026-03-02 -> 'Mar 2026'."""
    return f"{month_name(date)} {date.year}"


def readable_date(date: dt.date) -> str:
    """2026-03-02 -> '2 Mar 2026'."""
    return f"{date.day} {month_year(date)}"


def readable_partial_date(text: str) -> str:
    """A date as far as a source gives it: '2022-02-03' -> '3 Feb 2022', '2022-02' -> 'Feb 2022', '2022' -> '2022'."""
    year, *rest = text.split("-")
    if not rest:
        return year
    month = MONTHS[int(rest[0]) - 1]
    return f"{int(rest[1])} {month} {year}" if len(rest) > 1 else f"{month} {year}"
