"""Teams' progress from their records: the pieces of a team's page and of the organisation's adoption page.

Everything here comes from the team records in playbook_data/teams/ and is the same for
every reader, unlike the self-assessment, which reads one browser's ticks. The chart is a
small hand-made SVG with the same numbers beside it as a table, so it reads without sight,
without colour and on paper.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from ..catalog import Catalog
from ..maturity import Placement, team_done, team_placement
from ..model import Function, Stage, Team
from .assessment import not_yet
from .fragments import by_name
from .html import HTML, h, join
from .urls import Links

MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


def readable_date(date: dt.date) -> str:
    """2026-03-02 -> '2 Mar 2026'."""
    return f"{date.day} {MONTHS[date.month - 1]} {date.year}"


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
                h("td", links.to(Function, team.function)),
                *(
                    h("td", s.done_text, class_=_heat(s.share) + (" pb-heat-reached" if n < p.reached else ""), data_stage=s.stage_id)
                    for n, s in enumerate(p.stages)
                ),
                h("td", stage_label(catalog, p), class_="pb-adoption-stage"),
                data_team=team_id,
            )
        )
    legend = h(
        "p",
        "Each cell: that stage's items done. Darker means a larger share done; a bold border marks a stage the team has reached.",
        class_="pb-kind",
    )
    # No class on the tables: Material styles them, and lets them scroll sideways on a narrow screen.
    return h("div", h("table", h("caption", "Each team's items done per maturity stage"), h("thead", head), h("tbody", *rows)), legend, class_="pb-heatmap")


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
            *(h("td", str(counts[(f, n)])) for n in range(len(columns))),
            h("td", str(sum(counts[(f, n)] for n in range(len(columns))))),
            data_function=f,
        )
        for f in functions
    ]
    totals = h(
        "tr",
        h("th", "All functions", scope="row"),
        *(h("td", str(sum(counts[(f, n)] for f in functions))) for n in range(len(columns))),
        h("td", str(len(placements))),
        class_="pb-total",
    )
    return h(
        "table",
        h("caption", "Number of teams at each stage, by function"),
        h("thead", h("tr", h("th", "Function", scope="col"), *(h("th", c, scope="col") for c in columns), h("th", "Teams", scope="col"))),
        h("tbody", *rows, totals),
    )


def monthly(catalog: Catalog, teams: list[str]) -> list[tuple[dt.date, int]]:
    """(first day of the month, items done in it) for every month from the first item done to the last, empty months included."""
    per_month: Counter[dt.date] = Counter()
    for team_id in teams:
        for date in team_done(catalog, catalog.get(Team, team_id)).values():
            per_month[date.replace(day=1)] += 1
    if not per_month:
        return []
    month, last, out = min(per_month), max(per_month), []
    while month <= last:
        out.append((month, per_month[month]))
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return out


def over_time(catalog: Catalog, teams: list[str]) -> HTML:
    months = monthly(catalog, teams)
    if not months:
        return h("p", "No team has dated an item yet.")
    total = sum(n for _, n in months)
    peak_month, peak = max(months, key=lambda m: (m[1], -m[0].toordinal()))
    span = f"{MONTHS[months[0][0].month - 1]} {months[0][0].year} to {MONTHS[months[-1][0].month - 1]} {months[-1][0].year}"
    summary = (
        f"Checklist items done per month, {span}: {total} in all, most in "
        f"{MONTHS[peak_month.month - 1]} {peak_month.year} ({peak}). The table below gives every month."
    )
    running, rows = 0, []
    for month, n in months:
        running += n
        rows.append(h("tr", h("th", f"{MONTHS[month.month - 1]} {month.year}", scope="row"), h("td", str(n)), h("td", str(running))))
    table = h(
        "table",
        h("caption", "Checklist items done per month"),
        h("thead", h("tr", h("th", "Month", scope="col"), h("th", "Items done", scope="col"), h("th", "Done so far", scope="col"))),
        h("tbody", *rows),
    )
    return join(h("figure", bar_chart(months, summary), h("figcaption", summary, id="pb-adoption-chart-summary"), class_="pb-chart"), table)


def bar_chart(months: list[tuple[dt.date, int]], label: str) -> HTML:
    """Bars of items done per month, the count above each bar, the month below: plain SVG, no script, no library."""
    bar, gap, top, plot, bottom = 28, 10, 22, 140, 34
    width = len(months) * (bar + gap) + gap
    peak = max(n for _, n in months) or 1
    parts = [h("line", x1="0", y1=str(top + plot), x2=str(width), y2=str(top + plot), class_="pb-chart-axis")]
    for i, (month, n) in enumerate(months):
        x = gap + i * (bar + gap)
        height = round(plot * n / peak)
        y = top + plot - height
        parts.append(h("rect", x=str(x), y=str(y), width=str(bar), height=str(height), class_="pb-chart-bar"))
        parts.append(h("text", str(n), x=str(x + bar // 2), y=str(y - 6), class_="pb-chart-value"))
        parts.append(h("text", MONTHS[month.month - 1], x=str(x + bar // 2), y=str(top + plot + 15), class_="pb-chart-month"))
        if i == 0 or month.month == 1:
            parts.append(h("text", str(month.year), x=str(x + bar // 2), y=str(top + plot + 29), class_="pb-chart-year"))
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
