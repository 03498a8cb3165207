"""What the browser tests share: the WCAG rules axe-core checks, the screen sizes, where
screenshots go, and the one check of a page (axe-core and sideways scrolling)."""

import os
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe

WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
WIDTHS = {"desktop": (1280, 900), "phone": (375, 740), "narrow": (320, 640)}
SCREENSHOTS = Path(os.environ.get("SCREENSHOT_DIR", "var/screenshots"))


def axe_and_width_problems(page, axe, where):
    """What axe-core (WCAG 2.2 AA) finds on the page, and any sideways scrolling."""
    problems = []
    results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG}})
    if results.violations_count:
        problems.append(f"{where}:\n{results.generate_report()}")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    if overflow > 0:
        problems.append(f"{where} scrolls sideways by {overflow}px")
    return problems


def check(page, name, problems, *, screenshot=None):
    """Adds to `problems` what axe-core and the page's width find, under `name`, and keeps a
    screenshot for a person to look at: SCREENSHOTS/flow-<name>.png unless `screenshot` names
    the file, none when it is False."""
    if screenshot is not False:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SCREENSHOTS / (screenshot or f"flow-{name}.png"), full_page=True)
    problems.extend(axe_and_width_problems(page, Axe(), name))
