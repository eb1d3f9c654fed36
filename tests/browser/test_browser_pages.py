"""Every kind of page of the built demo site, checked in headless Chromium.

Kinds (docs/reference.md, "Pages and URLs"): the front page, a unit page, a period
page, a plan page, a goal page, a focus-area page, a track page (a focus area through
the years) and a plan's print view, plus the open-data page /data/ when the build
writes one. Of several pages of a kind, the largest is checked. For each: no
WCAG 2.1 A/AA violations found by axe-core, ``<html lang="da">``, no request leaves
the local server and none fails, no horizontal scrolling on a 375 px phone, and the
heading still shows without JavaScript.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page

# "data" is the open-data page /data/, checked when the build writes one.
PAGE_KINDS = ["front", "unit", "period", "plan", "goal", "focus-area", "track", "print", "data",
              "theme", "overview", "search", "404", "was", "cookies"]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PHONE_WIDTH = 375
TIMEOUT_MS = 20_000
# Schemes that never reach the network.
LOCAL_SCHEMES = {"data", "blob", "about"}

AXE_RUN = """
async (tags) => {
  const results = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
  return results.violations.map(v => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    helpUrl: v.helpUrl,
    nodes: v.nodes.map(n => ({target: n.target, html: n.html, summary: n.failureSummary})),
  }));
}
"""

OVERFLOWING = """
(width) => {
  const found = [];
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (r.width > 0 && (r.right > width + 1 || r.left < -1)) {
      let name = el.tagName.toLowerCase();
      if (el.id) name += '#' + el.id;
      const cls = el.getAttribute('class');
      if (cls) name += '.' + cls.trim().split(/\\s+/).join('.');
      found.push(`${name} (left ${Math.round(r.left)}, right ${Math.round(r.right)})`);
    }
  }
  return found;
}
"""


def is_local(request_url: str, netloc: str) -> bool:
    parts = urlsplit(request_url)
    return parts.scheme in LOCAL_SCHEMES or parts.netloc == netloc


def block_other_hosts(context: BrowserContext, netloc: str) -> None:
    """Abort every request that is not for the local server: nothing leaves the machine."""
    context.route(
        "**/*",
        lambda route: route.continue_() if is_local(route.request.url, netloc) else route.abort(),
    )


@contextmanager
def open_page(browser: Browser, url: str, **context_options: Any) -> Iterator[Page]:
    """A fresh context and page at ``url``; requests to other hosts are aborted."""
    context = browser.new_context(**context_options)
    try:
        block_other_hosts(context, urlsplit(url).netloc)
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        page.goto(url, wait_until="load")
        yield page
    finally:
        context.close()


@pytest.fixture(params=PAGE_KINDS)
def kind(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def url(kind: str, browser: Browser, server: str, page_paths: dict[str, str]) -> str:
    """Absolute URL of the page of this kind (the browser fixture comes first, so a
    missing browser skips before the site is built)."""
    if kind not in page_paths:
        pytest.skip(f"the built site has no {kind} page")
    return server + page_paths[kind]


def test_no_accessibility_violations(browser: Browser, url: str, axe_js: Path) -> None:
    # The pages carry a Content-Security-Policy that forbids inline scripts, which is how
    # Playwright injects axe; bypass_csp lifts it for this test's context only.
    options = {"viewport": {"width": 1280, "height": 900}, "bypass_csp": True}
    with open_page(browser, url, **options) as page:
        page.add_script_tag(path=str(axe_js))
        violations = page.evaluate(AXE_RUN, AXE_TAGS)
    if violations:
        lines = [f"axe-core found {len(violations)} WCAG 2.1 A/AA violation(s) on {url}:"]
        for v in violations:
            lines.append(f"- {v['id']} ({v['impact']}): {v['help']} <{v['helpUrl']}>")
            for node in v["nodes"][:10]:
                lines.append(f"    at {' '.join(map(str, node['target']))}: {node['html'][:200]}")
                for summary_line in (node["summary"] or "").splitlines():
                    lines.append(f"        {summary_line}")
            if len(v["nodes"]) > 10:
                lines.append(f"    ... and {len(v['nodes']) - 10} more node(s)")
        pytest.fail("\n".join(lines), pytrace=False)


def test_html_lang_is_danish(browser: Browser, url: str) -> None:
    with open_page(browser, url) as page:
        lang = page.get_attribute("html", "lang")
    assert lang == "da", f'{url}: <html lang="{lang}">, expected "da"'


def test_no_external_or_failed_requests(browser: Browser, url: str, server: str) -> None:
    local = urlsplit(server).netloc
    requested: list[str] = []
    failed: dict[str, str] = {}  # URL -> why, first reason wins

    def on_response(response: Any) -> None:
        if response.status >= 400 and is_local(response.url, local):
            failed.setdefault(response.url, f"HTTP {response.status}")

    def on_failed(request: Any) -> None:
        if is_local(request.url, local):
            failed.setdefault(request.url, str(request.failure))

    context = browser.new_context()
    try:
        block_other_hosts(context, local)
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        page.on("request", lambda request: requested.append(request.url))
        page.on("response", on_response)
        page.on("requestfailed", on_failed)
        page.goto(url, wait_until="load")
        page.wait_for_load_state("networkidle")
    finally:
        context.close()

    external = sorted({u for u in requested if not is_local(u, local)})
    assert not external, f"{url} requested other hosts than the local server: {external}"
    broken = sorted(f"{u} ({why})" for u, why in failed.items() if not u.endswith("/favicon.ico"))
    assert not broken, f"{url}: requests to the local server failed: {broken}"
    assert requested, f"{url}: no request was seen at all"


def test_no_horizontal_scroll_on_phone(browser: Browser, url: str) -> None:
    options = {
        "viewport": {"width": PHONE_WIDTH, "height": 812},
        "device_scale_factor": 2,
        "is_mobile": True,
        "has_touch": True,
    }
    with open_page(browser, url, **options) as page:
        scroll_width = page.evaluate("document.scrollingElement.scrollWidth")
        culprits = page.evaluate(OVERFLOWING, PHONE_WIDTH) if scroll_width > PHONE_WIDTH + 1 else []
    assert scroll_width <= PHONE_WIDTH + 1, (
        f"{url} scrolls sideways at {PHONE_WIDTH} px: scrollWidth is {scroll_width}. "
        f"Elements reaching past the edge (outermost first): {culprits[:15]}"
    )


def test_works_without_javascript(browser: Browser, url: str) -> None:
    with open_page(browser, url, java_script_enabled=False) as page:
        h1 = page.locator("h1").first
        assert h1.count() == 1, f"{url} has no <h1> without JavaScript"
        assert h1.is_visible(), f"{url}: the <h1> is not visible without JavaScript"
        text = h1.inner_text().strip()
    assert text, f"{url}: the <h1> is empty without JavaScript"
