"""Make the README's screenshots from a real build: `make screenshots`.

Builds the playbook, serves it on 127.0.0.1, ticks three items on the Sales page in headless
Chromium, and saves the function page, its self-assessment result, the journey map with one
stage highlighted, the front page's function picker, a search narrowed by kind, the printed checklist
(A4, through pdftoppm), the adoption page and an example team's page.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from conftest import CHROMIUM, CHROMIUM_ARGS, free_port, run_cli, serve  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

from playbook.provenance import commit_epoch  # noqa: E402

OUT = ROOT / "screenshots"


def main() -> None:
    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        port = free_port()
        site = Path(tmp) / "site"
        result = run_cli("build", "--site-dir", str(site), cwd=ROOT, PLAYBOOK_SITE_URL=f"http://127.0.0.1:{port}/", SOURCE_DATE_EPOCH=commit_epoch(ROOT) or "")
        if result.returncode != 0:
            sys.exit(result.stdout + result.stderr)
        url, server = serve(site, port)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 1000})
            page.goto(f"{url}functions/sales/")
            page.locator(".pb-progress").wait_for(state="visible")
            for box in page.locator("input.pb-tick").all()[:3]:
                box.check()
            page.locator("#adoption-checklist").scroll_into_view_if_needed()
            page.evaluate("window.scrollBy(0, -80)")
            page.screenshot(path=str(OUT / "function-page.png"))
            # Scroll down in one step: scrolling up shows Material's "Back to top" button.
            page.evaluate("window.scrollTo(0, 0)")
            page.evaluate("window.scrollTo(0, document.querySelector('.pb-rules').getBoundingClientRect().top + window.scrollY - 90)")
            page.wait_for_timeout(800)  # the header's title change is animated
            page.screenshot(path=str(OUT / "self-assessment.png"))
            page.set_viewport_size({"width": 1440, "height": 900})
            page.goto(f"{url}journey-map/?journey=onboarding")
            page.locator(".pb-map-focus").wait_for(state="visible")
            page.wait_for_timeout(300)
            page.screenshot(path=str(OUT / "journey-map.png"))
            page.set_viewport_size({"width": 1280, "height": 800})
            page.goto(url)
            page.wait_for_load_state("networkidle")
            page.keyboard.press("/")
            page.keyboard.type("customer effort", delay=20)
            page.wait_for_function("() => document.querySelector('[data-pb-search]').hasAttribute('data-pb-results-for')")
            page.locator('select[data-pb-facet="kind"]').select_option("Metric")
            page.wait_for_function(
                "() => (JSON.parse(document.querySelector('[data-pb-search]').getAttribute('data-pb-results-for'))[1].kind || '') === 'Metric'"
            )
            page.screenshot(path=str(OUT / "search.png"))
            page.set_viewport_size({"width": 1280, "height": 1000})
            page.goto(url)
            page.screenshot(path=str(OUT / "front-page.png"))
            page.goto(f"{url}print/functions/sales/?ticks=1")
            pdf = Path(tmp) / "sales.pdf"
            page.pdf(path=str(pdf), format="A4")
            subprocess.run(["pdftoppm", "-png", "-r", "80", "-singlefile", str(pdf), str(OUT / "printed-checklist")], check=True)
            page.set_viewport_size({"width": 1280, "height": 1100})
            page.goto(f"{url}adoption/")
            page.screenshot(path=str(OUT / "adoption.png"), full_page=True)
            page.set_viewport_size({"width": 1280, "height": 1000})
            page.goto(f"{url}teams/example-sales-northern-europe/")
            page.screenshot(path=str(OUT / "team-page.png"), full_page=True)
            browser.close()
        server.shutdown()
    print(f"Wrote {', '.join(sorted(p.name for p in OUT.glob('*.png')))} to {OUT.relative_to(ROOT)}/")


if __name__ == "__main__":
    main()
