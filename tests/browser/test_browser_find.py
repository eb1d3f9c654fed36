"""Finding and sharing in a real browser: search, feeds, phones, zoom, tap targets, no shift.

The general checks of every page kind (axe-core, the Nu checker, lang, requests,
375 px) are in test_browser_pages.py; here: Pagefind search finds "tandpleje"
with the site's CSP in force, every feed entry leads to a page, no page refers to
another host except links written in the content, no page kind scrolls sideways
at 320 px or at 200 % zoom, controls are at least 24 px tall, and pages do not
shift while they load.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import subprocess
import sys
import threading
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from tests.browser.conftest import _QuietHandler
from tests.browser.test_browser_pages import OVERFLOWING, open_page

if TYPE_CHECKING:
    from playwright.sync_api import Browser

REPO_ROOT = Path(__file__).resolve().parents[2]
CONTENT = REPO_ROOT / "content"
PUBLIC = "https://plansite.example"
"""The demo's site_url (content/site.yaml): canonical and og:url name it."""

LAYOUT_KINDS = ["front", "unit", "period", "plan", "goal", "focus-area", "track", "theme",
                "overview", "search", "404", "was", "cookies", "data"]

CLS = """
async () => {
  let total = 0;
  new PerformanceObserver(list => {
    for (const entry of list.getEntries()) { if (!entry.hadRecentInput) total += entry.value; }
  }).observe({type: 'layout-shift', buffered: true});
  await new Promise(resolve => setTimeout(resolve, 500));
  return total;
}
"""

SMALL_TARGETS = """
() => {
  const found = [];
  const selector = 'header a, header button, header input, nav a, footer a, .pager a, ' +
                   '.downloads a, summary, select, .search-form button, .search-form input';
  for (const el of document.querySelectorAll(selector)) {
    const r = el.getBoundingClientRect();
    if (r.width > 0 && (r.height < 24 || r.width < 24) && !el.closest('p, li, dd')) {
      found.push(`${el.tagName.toLowerCase()} "${el.textContent.trim().slice(0, 30)}" ` +
                 `${Math.round(r.width)}x${Math.round(r.height)}`);
    }
  }
  return found;
}
"""


@pytest.fixture(scope="module")
def sharded_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The demo built with its search index split in shards, as a large site's is."""
    out = tmp_path_factory.mktemp("sharded") / "site"
    subprocess.run([sys.executable, "build.py", "--out", str(out)], cwd=REPO_ROOT, check=True,
                   timeout=600, env={**os.environ, "PLANSITE_SEARCH_SHARD_GOALS": "10"})
    assert (out / "pagefind" / "shard-1" / "pagefind.js").is_file()
    handler = functools.partial(_QuietHandler, directory=str(out))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()


def test_search_merges_the_shards_of_a_split_index(browser: Browser,
                                                   sharded_server: str) -> None:
    errors: list[str] = []
    with open_page(browser, sharded_server + "/soeg/?q=tandpleje") as page:
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        page.wait_for_selector(".search-results li", timeout=20_000)
        titles = page.locator(".search-results h2 a").all_inner_texts()
        units = page.locator("select[name=unit] option").all_inner_texts()
        page.fill("#ps-q", "sygefravær")  # a goal of another unit, so in another shard
        page.locator(".search-results a", has_text="ygefravær").first.wait_for(timeout=20_000)
    assert "Tandplejen med i samarbejdet om små børn" in titles, titles
    assert {"Social & Familie", "Familie- og Beskæftigelsesforvaltningen"} <= set(units), units
    assert not errors, errors


def test_search_field_finds_tandplejen_goal(browser: Browser, server: str) -> None:
    errors: list[str] = []
    with open_page(browser, server + "/") as page:
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        page.fill("header input[type=search]", "tandpleje")
        page.press("header input[type=search]", "Enter")
        page.wait_for_selector(".search-results li", timeout=20_000)
        titles = page.locator(".search-results h2 a").all_inner_texts()
        facts = page.locator(".search-results .meta").all_inner_texts()
        statuses = page.locator(".search-results .status").all_inner_texts()
        hrefs = page.locator(".search-results h2 a").evaluate_all(
            "links => links.map(a => a.getAttribute('href'))")
        page.select_option("select[name=status]", "I gang")
        page.locator(".search-count", has_text="1 resultat").wait_for(timeout=20_000)
    assert "Tandplejen med i samarbejdet om små børn" in titles, titles
    assert "/social-familie/2015/tandpleje-samarbejde/" in hrefs
    assert "Social & Familie · 2015" in facts
    assert "I gang" in statuses
    assert not errors, errors  # a CSP violation would be logged here


def test_search_page_without_javascript_lists_every_plan(browser: Browser, server: str,
                                                          site_dir: Path) -> None:
    with open_page(browser, server + "/soeg/?q=tandpleje", java_script_enabled=False) as page:
        links = page.locator("#ps-all-plans li a").evaluate_all(
            "links => links.map(a => a.getAttribute('href'))")
    plans = {f"/{path.parent.relative_to(site_dir).as_posix()}/"
             for path in site_dir.rglob("udskrift.html")}
    assert set(links) == plans


def test_overview_filters_work_without_javascript(browser: Browser, server: str) -> None:
    with open_page(browser, server + "/oversigt/", java_script_enabled=False) as page:
        total = page.locator("table.overview tbody tr").count()
        page.locator("summary", has_text="Status").click()
        page.locator(".overview-filters a", has_text="Opfyldt").first.click()
        page.wait_for_url("**/oversigt/status/achieved/")
        narrowed = page.locator("table.overview tbody tr").count()
        statuses = set(page.locator("table.overview tbody .status").all_inner_texts())
    assert 0 < narrowed < total
    assert statuses == {"✓ Opfyldt"} or statuses == {"Opfyldt"}


def test_overview_sorts_with_javascript(browser: Browser, server: str) -> None:
    with open_page(browser, server + "/oversigt/") as page:
        page.locator("table.overview th button", has_text="Mål").click()
        titles = page.locator("table.overview tbody tr td:nth-child(4)").all_inner_texts()
        sort = page.get_attribute("table.overview th:nth-child(4)", "aria-sort")
    assert sort == "ascending"
    assert titles == sorted(titles, key=str.casefold) or titles[0] <= titles[-1]


def _fetch(url: str) -> int:
    with urllib.request.urlopen(url, timeout=10) as response:
        return int(response.status)


def test_every_feed_parses_and_every_entry_link_leads_to_a_page(server: str,
                                                               site_dir: Path) -> None:
    import feedparser

    feeds = sorted(site_dir.rglob("feed.xml"))
    assert len(feeds) >= 2
    for path in feeds:
        feed = feedparser.parse(path.read_bytes())
        assert not feed.bozo, (path, feed.get("bozo_exception"))
        assert feed.entries, path
        for entry in feed.entries:
            assert entry.link.startswith(PUBLIC + "/"), entry.link
            assert _fetch(server + entry.link[len(PUBLIC):]) == 200, entry.link


def _content_urls() -> set[str]:
    text = "\n".join(p.read_text("utf-8") for p in CONTENT.rglob("*")
                     if p.suffix in {".md", ".yaml"})
    return set(re.findall(r"https?://[^\s)>\]\"']+", text))


def test_no_page_refers_to_another_host_except_links_in_the_content(site_dir: Path) -> None:
    allowed = _content_urls()
    found: dict[str, str] = {}
    for path in sorted(site_dir.rglob("*.html")):
        soup = BeautifulSoup(path.read_bytes(), "html.parser")
        for tag in soup.find_all(True):
            for name in ("href", "src", "action", "content", "srcset", "data"):
                value = str(tag.get(name) or "")
                if not re.match(r"^(https?:)?//", value):
                    continue
                own = value.startswith(PUBLIC + "/") and (
                    tag.get("rel") == ["canonical"] or tag.get("property") == "og:url")
                if not own and value.rstrip("/") not in {u.rstrip("/.,;") for u in allowed}:
                    found.setdefault(value, str(path.relative_to(site_dir)))
    assert not found, f"pages refer to other hosts: {found}"


@pytest.mark.parametrize("width", [320, 640], ids=["320px", "200pct-zoom"])
@pytest.mark.parametrize("kind", LAYOUT_KINDS)
def test_no_sideways_scroll_at_320_px_or_200_percent_zoom(
        browser: Browser, server: str, page_paths: dict[str, str], kind: str,
        width: int) -> None:
    # 200 % zoom of a 1280 px window lays the page out in 640 CSS px.
    if kind not in page_paths:
        pytest.skip(f"no {kind} page")
    url = server + page_paths[kind]
    options = {"viewport": {"width": width, "height": 700}}
    with open_page(browser, url, **options) as page:
        scroll_width = page.evaluate("document.scrollingElement.scrollWidth")
        culprits = page.evaluate(OVERFLOWING, width) if scroll_width > width + 1 else []
    assert scroll_width <= width + 1, f"{url} at {width} px: {scroll_width}; {culprits[:10]}"


@pytest.mark.parametrize("kind", LAYOUT_KINDS)
def test_tap_targets_are_at_least_24_px_and_nothing_shifts(
        browser: Browser, server: str, page_paths: dict[str, str], kind: str) -> None:
    if kind not in page_paths:
        pytest.skip(f"no {kind} page")
    url = server + page_paths[kind]
    options = {"viewport": {"width": 375, "height": 812}, "is_mobile": True, "has_touch": True}
    with open_page(browser, url, **options) as page:
        small = page.evaluate(SMALL_TARGETS)
        shift = page.evaluate(CLS)
        description = page.get_attribute("meta[name=description]", "content")
    assert not small, f"{url}: controls under 24 px: {small[:10]}"
    assert shift == 0, f"{url}: layout shift {shift}"
    assert description, f"{url} has no meta description"


def test_front_page_becomes_a_list_per_unit_on_a_phone(browser: Browser, server: str) -> None:
    with open_page(browser, server + "/", viewport={"width": 375, "height": 812}) as page:
        table_shown = page.locator("table.grid").is_visible()
        units = page.locator(".grid-list h3").all_inner_texts()
    with open_page(browser, server + "/", viewport={"width": 1280, "height": 900}) as page:
        wide_table = page.locator("table.grid").is_visible()
        wide_list = page.locator(".grid-list").is_visible()
    assert not table_shown and len(units) >= 3
    assert wide_table and not wide_list
    assert urlsplit(server).hostname == "127.0.0.1"
