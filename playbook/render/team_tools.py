"""On a function page: save this browser's ticks as a team record, load a team's progress, share the ticks as a link.

docs/assets/teams.js brings this block to life; without JavaScript it says what a team
record is. The site's own teams of the function and their done items reach the script in the
page's contract (client.py), their names as the text of the options: record text never
reaches the script in an attribute or in data.
"""

from __future__ import annotations

from ..catalog import Catalog
from ..model import Function, Team
from .client import max_length
from .fragments import by_name
from .html import HTML, h, join
from .urls import Links


def team_tools(catalog: Catalog, function_id: str, links: Links) -> HTML:
    teams = by_name(catalog, Team, catalog.referrers(Function, function_id, Team, "function"))
    dates = h(
        "fieldset",
        h("legend", "When each ticked item was done"),
        h("p", "Each date starts as the day the item was ticked; change it to the day your team really did it. A date is kept with its tick."),
        h(
            "p",
            h("label", "Set all to ", h("input", type="date", class_="pb-team-all-date")),
            " ",
            h("button", "Set all", type="button", class_="md-button pb-team-all"),
        ),
        h("ol", "", class_="pb-team-date-list"),
        class_="pb-team-dates",
        hidden=True,
    )
    save = h(
        "form",
        h(
            "p",
            "Ticks are kept in this browser only. To record where your team stands for everyone to see, "
            "save them as a team record and add the file to playbook_data/teams/ in a pull request.",
        ),
        h(
            "p",
            h(
                "label",
                "Team name ",
                h("input", type="text", name="team-name", required=True, autocomplete="off", maxlength=max_length(Team, "name"), class_="pb-team-name"),
            ),
        ),
        h(
            "p",
            h(
                "label",
                "Owner (a role, e.g. Head of Sales) ",
                h("input", type="text", name="team-owner", required=True, autocomplete="off", maxlength=max_length(Team, "owner"), class_="pb-team-owner"),
            ),
        ),
        dates,
        h("button", "Save as team record", type="submit", class_="md-button md-button--primary"),
        class_="pb-team-save",
        novalidate=True,  # teams.js checks the form, dates by the date rule, and says what is wrong in one voice
    )
    saved = h(
        "div",
        h(
            "p",
            h(
                "label",
                "The record, to copy into ",
                h("code", "playbook_data/teams/", class_="pb-team-folder"),
                h("code", "", class_="pb-team-file"),
                ":",
                for_="pb-team-yaml",
            ),
        ),
        h("textarea", "", id="pb-team-yaml", class_="pb-team-yaml", readonly=True, rows="12", spellcheck="false"),
        h(
            "p",
            h("button", "Copy the record", type="button", class_="md-button pb-team-copy"),
            " ",
            h("a", "Download the file", class_="md-button pb-team-download", href="#"),
            " ",
            h("span", "", class_="pb-copied", role="status"),
            class_="pb-copy-row",
        ),
        class_="pb-team-saved",
        hidden=True,
    )
    options = [h("option", "Choose one of the playbook's teams", value="")]
    options += [h("option", catalog.get(Team, t).name + (" (example)" if catalog.get(Team, t).example else ""), value=t) for t in teams]
    load = h(
        "div",
        h("p", "Carry on from a team's record: pick one of the playbook's teams of this function, or paste a team record."),
        h("p", h("label", "A team of this function ", h("select", *options, class_="pb-team-pick"))) if teams else None,
        h("p", h("label", "Or paste a team record (YAML)", h("textarea", "", class_="pb-team-paste", rows="6", spellcheck="false"))),
        h(
            "div",
            h("button", "Merge into my ticks", type="button", class_="md-button pb-team-merge"),
            h("button", "Replace my ticks", type="button", class_="md-button pb-team-replace"),
            class_="pb-team-actions",
            role="group",
            aria_label="Load the team's progress",
        ),
        class_="pb-team-load",
    )
    share = h(
        "div",
        h(
            "p",
            "A link that carries your ticks in its address (after the #): whoever opens it sees them and chooses whether "
            "to merge them into their own. Nothing is sent anywhere.",
        ),
        h("button", "Make a share link", type="button", class_="md-button pb-share-make"),
        h(
            "p",
            h("label", "Share link ", h("input", type="text", readonly=True, class_="pb-share-url")),
            " ",
            h("button", "Copy the link", type="button", class_="md-button pb-share-copy"),
            " ",
            h("span", "", class_="pb-share-copied", role="status"),
            class_="pb-share-out pb-copy-row",
            hidden=True,
        ),
        class_="pb-share",
    )
    app = h(
        "div",
        h("h3", "Save as team record", id="save-team"),
        save,
        saved,
        h("h3", "Load a team's progress", id="load-team"),
        load,
        h("h3", "Share your ticks", id="share-ticks"),
        share,
        h("p", "", class_="pb-team-status", role="status", aria_live="polite"),
        class_="pb-team-app",
        hidden=True,
    )
    return h(
        "div",
        h(
            "noscript",
            h(
                "p",
                "Saving, loading and sharing ticks needs JavaScript. A team can still write its record by hand: "
                "see “How a team records its progress” in CONTRIBUTING.md.",
            ),
        ),
        join(app),
        class_="pb-team-tools",
        data_function=function_id,
        data_search_exclude=True,
    )
