"""The charts in the browser: the pages that carry them, with the site's CSP in force.

test_browser_pages.py checks the largest page of each kind; the sick-leave goal
(the demo's indicator chart) may not be the largest goal page, so it is checked
here, with a page of each kind that shows a status chart. Unlike the general
checks, the Content-Security-Policy stays in force (axe is evaluated, not
injected as a script tag), so a chart that needed inline style would show up
as a CSP violation in the console.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest

from tests.browser.test_browser_pages import (
    AXE_RUN,
    AXE_TAGS,
    OVERFLOWING,
    PHONE_WIDTH,
    block_other_hosts,
    open_page,
)

if TYPE_CHECKING:
    from playwright.sync_api import Browser

CHART_PAGES = ["/", "/fbf/", "/periode/2014/", "/fbf/2014/", "/fbf/2014/sygefravaer/"]

SEGMENT_COLOURS = """
() => [...document.querySelectorAll('.chart-seg, .chart-value')].map(el => {
  const style = getComputedStyle(el);
  return [el.getAttribute('class'), style.fill, style.stroke];
})
"""


@pytest.fixture(params=CHART_PAGES)
def chart_url(request: pytest.FixtureRequest, browser: Browser, server: str,
              site_dir: Path) -> str:
    path = request.param
    assert (site_dir / path.strip("/") / "index.html").is_file(), f"no page {path}"
    return server + path


def test_chart_pages_pass_axe_with_the_csp_in_force(browser: Browser, chart_url: str,
                                                    axe_js: Path) -> None:
    console: list[str] = []
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        block_other_hosts(context, urlsplit(chart_url).netloc)
        page = context.new_page()
        page.on("console", lambda message: console.append(message.text))
        page.goto(chart_url, wait_until="load")
        assert page.locator("svg.chart-bar, svg.indicator-chart").count() >= 1, chart_url
        page.evaluate(axe_js.read_text(encoding="utf-8"))
        violations = page.evaluate(AXE_RUN, AXE_TAGS)
        colours = page.evaluate(SEGMENT_COLOURS)
    finally:
        context.close()
    assert not violations, [(v["id"], v["nodes"][:3]) for v in violations]
    blocked = [text for text in console if "Content Security Policy" in text]
    assert not blocked, blocked
    # the stylesheet colours every segment and bar: none is left at SVG's default black
    assert colours and all(fill not in ("", "rgb(0, 0, 0)") for _cls, fill, _s in colours), \
        colours


def test_chart_pages_do_not_scroll_sideways_on_a_phone(browser: Browser, chart_url: str) -> None:
    options = {"viewport": {"width": PHONE_WIDTH, "height": 812}, "device_scale_factor": 2,
               "is_mobile": True, "has_touch": True}
    with open_page(browser, chart_url, **options) as page:
        width = page.evaluate("document.scrollingElement.scrollWidth")
        culprits = page.evaluate(OVERFLOWING, PHONE_WIDTH) if width > PHONE_WIDTH + 1 else []
        bar = page.locator("svg.chart-bar, svg.indicator-chart").first.bounding_box()
    assert width <= PHONE_WIDTH + 1, culprits[:15]
    assert bar is not None and bar["width"] <= PHONE_WIDTH
