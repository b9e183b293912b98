"""Teams' progress from their records: the pieces of a team's page and of the organisation's adoption page.

Everything here comes from the team records in playbook_data/teams/ and is the same for
every reader, unlike the self-assessment, which reads one browser's ticks. The chart is a
small hand-made SVG with the same numbers beside it as a table, so it reads without sight,
without colour and on paper.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from ..catalog import Catalog
from ..maturity import Placement, team_done, team_placement
from ..model import Function, Stage, Team
from .assessment import not_yet
from .dates import month_name, month_year, readable_date
from .fragments import by_name
from .html import HTML, h, join
from .urls import Links


def stage_label(catalog: Catalog, placement: Placement) -> str:
    return placement.stage.stage.name if placement.stage else not_yet(catalog)


def example_notice(team: Team) -> HTML | None:
    if not team.example:
        return None
    return h(
        "p",
        h("strong", "Example team", class_="pb-example-badge"),
        " This is an example shipped with the playbook to show how a team records its progress, not a real team.",
        class_="pb-example",
    )


def stage_table(placement: Placement, caption: str) -> HTML:
    """Items done per stage against the rule, as a table."""
    rows = (
        h(
            "tr",
            h("th", s.stage.name, scope="row"),
            h("td", s.done_text),
            h("td", s.needed_text),
            h("td", "yes" if n < placement.reached else "no"),
        )
        for n, s in enumerate(placement.stages)
    )
    return h("table", h("caption", caption), h("thead", h("tr", *(h("th", c, scope="col") for c in ("Stage", "Done", "Needed", "Reached")))), h("tbody", *rows))


def done_list(catalog: Catalog, team: Team, links: Links) -> HTML:
    """What the team did when, oldest first."""
    fn = catalog.get(Function, team.function)
    done = team_done(catalog, team)
    if not done:
        return h("p", "Nothing recorded yet.")
    items = {i.id: i for i in fn.checklist}
    ordered = sorted(done.items(), key=lambda kv: (kv[1], list(items).index(kv[0])))
    return h(
        "ol",
        *(
            h(
                "li",
                h("time", readable_date(date), datetime=date.isoformat()),
                ": ",
                h("a", items[item_id].text, href=links.item(team.function, item_id)),
                h("span", f" ({catalog.get(Stage, items[item_id].stage).name})", class_="pb-kind"),
            )
            for item_id, date in ordered
        ),
        class_="pb-done-list",
    )


def next_list(catalog: Catalog, team: Team, placement: Placement, links: Links) -> HTML:
    if not placement.next_items:
        return h("p", "Every item on the checklist is done.")
    return h(
        "ol",
        *(
            h("li", h("a", item.text, href=links.item(team.function, item.id)), h("span", f" ({catalog.get(Stage, item.stage).name})", class_="pb-kind"))
            for item in placement.next_items
        ),
        class_="pb-next",
    )


def last_done(catalog: Catalog, team: Team) -> dt.date | None:
    return max(team_done(catalog, team).values(), default=None)


# The adoption page.


def adoption(catalog: Catalog, links: Links) -> HTML:
    """The whole organisation's adoption, from the team records: the block of the adoption page (docs/adoption.md)."""
    teams = by_name(catalog, Team)
    if not teams:
        return h(
            "p",
            "No team has recorded its progress yet. A team records it in a file in playbook_data/teams/: "
            "CONTRIBUTING.md explains how, and a function page's “Save as team record” writes the file.",
        )
    placements = {t: team_placement(catalog, catalog.get(Team, t)) for t in teams}
    examples = sum(1 for t in teams if catalog.get(Team, t).example)
    functions = len({catalog.get(Team, t).function for t in teams})
    intro = h(
        "p",
        f"From the {len(teams)} team record{'s' if len(teams) != 1 else ''} in the playbook "
        f"({functions} function{'s' if functions != 1 else ''}), by the rule of the ",
        h("a", "maturity model", href=links.url("stages/")),
        ". Each team's page says what it did when and what is next.",
        f" {examples} of them {'is an example' if examples == 1 else 'are examples'}, marked “Example”." if examples else None,
    )
    return h(
        "div",
        intro,
        h("h2", "Teams and stages", id="teams-and-stages"),
        heatmap(catalog, teams, placements, links),
        h("h2", "Teams by function and stage", id="teams-by-function"),
        by_function(catalog, placements, links),
        h("h2", "Adoption over time", id="adoption-over-time"),
        over_time(catalog, teams),
        class_="pb-adoption",
    )


def _heat(share: int) -> str:
    return f"pb-heat pb-heat-{min(share // 25, 4)}"


def heatmap(catalog: Catalog, teams: list[str], placements: dict[str, Placement], links: Links) -> HTML:
    """Teams down the side, stages across: each cell the share of that stage's items done (the colour repeats the number)."""
    head = h(
        "tr",
        h("th", "Team", scope="col"),
        h("th", "Function", scope="col"),
        *(h("th", s.name, h("br"), h("span", f"needs {s.reached_at_percent}%", class_="pb-kind"), scope="col") for s in catalog.stages.values()),
        h("th", "Stage reached", scope="col"),
    )
    rows = []
    for team_id in teams:
        team, p = catalog.get(Team, team_id), placements[team_id]
        name = join(links.to(Team, team_id), *((" ", h("span", "Example", class_="pb-example-tag")) if team.example else ()))
        rows.append(
            h(
                "tr",
                h("th", name, scope="row"),
                h("td", links.to(Function, team.function), data_label="Function"),
                *(
                    h(
                        "td",
                        s.done_text,
                        class_=_heat(s.share) + (" pb-heat-reached" if n < p.reached else ""),
                        data_stage=s.stage_id,
                        data_label=f"{s.stage.name} (needs {s.stage.reached_at_percent}%)",
                    )
                    for n, s in enumerate(p.stages)
                ),
                h("td", stage_label(catalog, p), class_="pb-adoption-stage", data_label="Stage reached"),
                data_team=team_id,
            )
        )
    legend = h(
        "p",
        "Each cell: that stage's items done. Darker means a larger share done; a bold border marks a stage the team has reached.",
        class_="pb-kind",
    )
    # No class on the tables: Material styles them. On a phone each row becomes a card whose cells
    # name their column (data-label, shown by playbook.css's .pb-cards), so nothing scrolls sideways.
    return h(
        "div", h("table", h("caption", "Each team's items done per maturity stage"), h("thead", head), h("tbody", *rows)), legend, class_="pb-cards pb-heatmap"
    )


def by_function(catalog: Catalog, placements: dict[str, Placement], links: Links) -> HTML:
    """How many teams of each function are at each stage."""
    columns = [not_yet(catalog), *(s.name for s in catalog.stages.values())]
    counts: Counter[tuple[str, int]] = Counter()
    for team_id, p in placements.items():
        counts[(catalog.get(Team, team_id).function, p.reached)] += 1
    functions = by_name(catalog, Function, {f for f, _ in counts})
    rows = [
        h(
            "tr",
            h("th", links.to(Function, f), scope="row"),
            *(h("td", str(counts[(f, n)]), data_label=c) for n, c in enumerate(columns)),
            h("td", str(sum(counts[(f, n)] for n in range(len(columns)))), data_label="Teams"),
            data_function=f,
        )
        for f in functions
    ]
    totals = h(
        "tr",
        h("th", "All functions", scope="row"),
        *(h("td", str(sum(counts[(f, n)] for f in functions)), data_label=c) for n, c in enumerate(columns)),
        h("td", str(len(placements)), data_label="Teams"),
        class_="pb-total",
    )
    table = h(
        "table",
        h("caption", "Number of teams at each stage, by function"),
        h("thead", h("tr", h("th", "Function", scope="col"), *(h("th", c, scope="col") for c in columns), h("th", "Teams", scope="col"))),
        h("tbody", *rows, totals),
    )
    return h("div", table, class_="pb-cards")


#: The chart and its table show at most this many months, the latest, one column each; the months
#: before them share one "Earlier" column. A date decades back (or a typo) then widens neither the
#: chart nor the page: both are bounded whatever the dates.
MONTHS_SHOWN = 18


@dataclass(frozen=True)
class Column:
    """One column of the chart and one row of its table: a month, or every month before the ones shown."""

    first: int  # months since year 0 (year * 12 + month - 1)
    last: int
    done: int

    @property
    def earlier(self) -> bool:
        return self.first != self.last

    @property
    def label(self) -> str:
        return f"{month_label(self.first)} to {month_label(self.last)}" if self.earlier else month_label(self.first)


def first_day(month: int) -> dt.date:
    """A month counted from year 0 -> its first day."""
    return dt.date(month // 12, month % 12 + 1, 1)


def month_label(month: int) -> str:
    """A month counted from year 0 -> 'Mar 2026'."""
    return month_year(first_day(month))


def done_per_month(catalog: Catalog, teams: list[str]) -> Counter[int]:
    """Items done in each month that has any, the months counted from year 0."""
    per_month: Counter[int] = Counter()
    for team_id in teams:
        for date in team_done(catalog, catalog.get(Team, team_id)).values():
            per_month[date.year * 12 + date.month - 1] += 1
    return per_month


def columns(per_month: Counter[int], shown: int = MONTHS_SHOWN) -> list[Column]:
    """The chart's columns: every month from the first item done to the last, empty months included, the
    latest `shown` of them one each and any before them added up in one column that comes first."""
    if not per_month:
        return []
    first, last = min(per_month), max(per_month)
    start = max(first, last - shown + 1)
    out = [Column(first, start - 1, sum(n for m, n in per_month.items() if m < start))] if first < start else []
    return out + [Column(m, m, per_month[m]) for m in range(start, last + 1)]


def over_time(catalog: Catalog, teams: list[str]) -> HTML:
    per_month = done_per_month(catalog, teams)
    if not per_month:
        return h("p", "No team has dated an item yet.")
    cols = columns(per_month)
    peak_month = min(per_month, key=lambda m: (-per_month[m], m))
    span = f"{month_label(min(per_month))} to {month_label(max(per_month))}"
    summary = f"Checklist items done per month, {span}: {per_month.total()} in all, most in {month_label(peak_month)} ({per_month[peak_month]})."
    if cols[0].earlier:
        summary += f" The latest {MONTHS_SHOWN} months have a column each; {cols[0].label} share the first, “Earlier”. The table below gives the same columns."
    else:
        summary += " The table below gives every month."
    running, rows = 0, []
    for col in cols:
        running += col.done
        rows.append(h("tr", h("th", col.label, scope="row"), h("td", str(col.done)), h("td", str(running))))
    table = h(
        "table",
        h("caption", "Checklist items done per month"),
        h("thead", h("tr", h("th", "Month", scope="col"), h("th", "Items done", scope="col"), h("th", "Done so far", scope="col"))),
        h("tbody", *rows),
    )
    return join(h("figure", bar_chart(cols, summary), h("figcaption", summary, id="pb-adoption-chart-summary"), class_="pb-chart"), table)


def bar_chart(cols: list[Column], label: str) -> HTML:
    """Bars of items done per column, the count above each bar, the month below: plain SVG, no script, no library.

    The "Earlier" column is twice as wide and drawn apart, so it does not read as one month. The
    months set the scale: an "Earlier" column taller than the tallest month is cut at the top of the
    chart, with a break across it, so years of earlier work do not flatten the months shown.
    """
    bar, gap, top, plot, bottom = 28, 10, 22, 140, 34
    slots = [2 if col.earlier else 1 for col in cols]
    width = sum(slots) * (bar + gap) + gap
    peak = max(col.done for col in cols if not col.earlier) or 1
    parts = [h("line", x1="0", y1=str(top + plot), x2=str(width), y2=str(top + plot), class_="pb-chart-axis")]
    x = gap
    for i, (col, slot) in enumerate(zip(cols, slots, strict=True)):
        w = slot * bar + (slot - 1) * gap
        height = min(plot, round(plot * col.done / peak))
        y = top + plot - height
        middle = str(x + w // 2)
        parts.append(h("rect", x=str(x), y=str(y), width=str(w), height=str(height), class_="pb-chart-bar pb-chart-earlier" if col.earlier else "pb-chart-bar"))
        if col.done > peak:
            parts.append(h("path", d=f"M{x - 2} {top + 34}l{w + 4} -8v6l-{w + 4} 8z", class_="pb-chart-break"))
        parts.append(h("text", str(col.done), x=middle, y=str(y - 6), class_="pb-chart-value"))
        if col.earlier:
            years = f"{col.first // 12}–{col.last // 12}" if col.first // 12 != col.last // 12 else str(col.first // 12)
            parts.append(h("text", "Earlier", x=middle, y=str(top + plot + 15), class_="pb-chart-month"))
            parts.append(h("text", years, x=middle, y=str(top + plot + 29), class_="pb-chart-year"))
        else:
            parts.append(h("text", month_name(first_day(col.first)), x=middle, y=str(top + plot + 15), class_="pb-chart-month"))
            if i == 0 or cols[i - 1].earlier or col.first % 12 == 0:
                parts.append(h("text", str(col.first // 12), x=middle, y=str(top + plot + 29), class_="pb-chart-year"))
        x += w + gap
    return h(
        "svg",
        h("title", label),
        *parts,
        viewBox=f"0 0 {width} {top + plot + bottom}",
        width=str(width),
        height=str(top + plot + bottom),
        role="img",
        aria_labelledby="pb-adoption-chart-summary",
        xmlns="http://www.w3.org/2000/svg",
        class_="pb-chart-svg",
    )
