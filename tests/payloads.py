"""Hostile text an editor (or a compromised account) could put in any field."""

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
    "text{onclick=alert(1)}",
    "{{ 7*7 }}",
    "{% raw %}",
    "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
]

#: The payloads on one line, as a YAML double-quoted string.
ALL = " ".join(PAYLOADS)


def yaml_text(value: str = ALL) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def hostile_catalog() -> dict[str, str]:
    """The small catalog with every free-text field of every kind set to all the payloads."""
    t = yaml_text()
    return {
        "stages/focused.yml": f"name: {t}\norder: 1\nreached_at_percent: 75\nsummary: {t}\ncharacteristics:\n  - {t}\nlimits:\n  - {t}\nnext_step:\n  - {t}\n",
        "journey/discover.yml": f"name: {t}\norder: 1\nsummary: {t}\ncustomer_goal: {t}\n",
        "sources/book.yml": f"title: {t}\nauthor: {t}\npublisher: {t}\ndate: '2021'\ntype: book\nsummary: {t}\nurl: 'https://example.com/?q=<script>'\n",
        "stats/superior-cx-revenue-5-7x.yml": f"figure: {t}\nclaim: {t}\nsource: book\n",
        "metrics/nps.yml": f"name: {t}\nabbreviation: {t}\ndefinition: {t}\nhow_to_compute: {t}\nowned_by:\n  - support\n",
        "practices/working-backwards.yml": (
            f"title: {t}\nsummary: {t}\nbody: {t}\nwhy_it_matters: {t}\nhow_to_start:\n  - {t}\nfunctions:\n  - support\n"
            f"stage: focused\njourney:\n  - discover\nmetrics:\n  - nps\nstats:\n  - superior-cx-revenue-5-7x\nsources:\n  - book\n"
            f"quote:\n  text: {t}\n  speaker: {t}\n  source: book\n"
        ),
        "case-studies/amazon.yml": (
            f"organisation: {t}\ntitle: {t}\nperiod: {t}\nsummary: {t}\nwhat_they_did: {t}\noutcome: {t}\nverdict: exemplar\n"
            f"lessons:\n  - {t}\npractices:\n  - working-backwards\nstats:\n  - superior-cx-revenue-5-7x\nsources:\n  - book\n"
            f"quote:\n  text: {t}\n  speaker: {t}\n  source: book\n"
        ),
        "glossary/hostile.yml": f"term: {t}\nabbreviations:\n  - XSS\naliases:\n  - {t}\ndefinition: {t}\nfunctions:\n  - support\n",
        "functions/support.yml": (
            f"name: {t}\nsummary: {t}\nwhat_it_means: {t}\nchecklist:\n"
            f"  - id: read-tickets\n    text: {t}\n    stage: focused\n    practice: working-backwards\n"
            f"  - id: one-view\n    text: {t}\n    stage: centric\n    practice: one-journey\n"
        ),
    }
