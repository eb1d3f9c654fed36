"""Fixtures for the browser tests: build the demo site once, serve it, drive Chromium.

The site is built with ``build.py --out DIR`` into a temporary folder and served
over HTTP at the root (the site uses root-relative links). Chromium is Debian's
(/usr/bin/chromium), driven by Playwright; Playwright's own browser download is
never used.

When Chromium, Playwright, Java or the npm tools are missing the tests skip,
unless PLANSITE_REQUIRE_BROWSER=1 (as in .ci/run), where they fail instead.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
NODE_MODULES = REPO_ROOT / "node_modules"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
# Top-level folders of the output that are not unit pages (reference.md: reserved keys).
RESERVED = {"periode", "data", "assets", "files", "tema", "pagefind", "soeg", "oversigt", "was",
            "cookies"}
# A unit's tracks and a plan's print view (plansite.pages: TRACKS_FOLDER, PRINT_FILE).
TRACKS_FOLDER = "indsatsomraade"
PRINT_FILE = "udskrift.html"
PHONE_VIEWPORT = {"width": 375, "height": 812}
DESKTOP_VIEWPORT = {"width": 1280, "height": 900}


def unavailable(reason: str) -> None:
    """Skip the test, or fail it when the CI asks for the browser tools to be there."""
    if os.environ.get("PLANSITE_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (PLANSITE_REQUIRE_BROWSER=1)", pytrace=False)
    pytest.skip(reason)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "browser: needs Chromium, Java or the npm dev tools (tests/browser)"
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.browser)


# --- the site ---------------------------------------------------------------


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo site, built once per session into a temporary folder."""
    out = tmp_path_factory.mktemp("browser") / "site"
    subprocess.run(
        [sys.executable, "build.py", "--out", str(out)],
        cwd=REPO_ROOT,
        check=True,
        timeout=600,
    )
    assert (out / "index.html").is_file(), f"build.py wrote no {out / 'index.html'}"
    return out


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def server(site_dir: Path) -> Iterator[str]:
    """Base URL (no trailing slash) of an HTTP server serving the site at its root."""
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=10)


def _url_to_dir(site_dir: Path, url: str) -> Path:
    return site_dir.joinpath(*[part for part in url.split("/") if part])


def _page_exists(site_dir: Path, url: str) -> bool:
    return (_url_to_dir(site_dir, url) / "index.html").is_file()


def _richest(site_dir: Path, urls: list[str]) -> str | None:
    """Of several pages of one kind, the one with the most HTML (ties: first by URL)."""
    existing = sorted(u for u in set(urls) if _page_exists(site_dir, u))
    if not existing:
        return None
    return max(existing, key=lambda u: (_url_to_dir(site_dir, u) / "index.html").stat().st_size)


def _richest_file(site_dir: Path, urls: list[str]) -> str | None:
    """Of several pages served from their own file (print views), the largest."""
    existing = sorted(u for u in set(urls) if _url_to_dir(site_dir, u).is_file())
    if not existing:
        return None
    return max(existing, key=lambda u: _url_to_dir(site_dir, u).stat().st_size)


def _subpages(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_dir() and (p / "index.html").is_file())


def _url(site_dir: Path, folder: Path) -> str:
    rel = folder.relative_to(site_dir).as_posix()
    return "/" if rel == "." else f"/{rel}/"


@pytest.fixture(scope="session")
def page_paths(site_dir: Path) -> dict[str, str]:
    """One site-root-relative URL per kind of page, found in the built output.

    Kinds: front, unit, period, plan, goal, focus-area, track, print (all required) and
    data (only if written).

    Goals come from data/goals.json (url, plan_url, unit, period); the output folder
    is walked as a fallback and to check that each page was written. Of several pages
    of a kind, the largest is taken: it has the most markup for the checks to look at.
    """
    goal_urls: list[str] = []
    plan_urls: list[str] = []
    unit_urls: list[str] = []
    period_urls: list[str] = []
    area_urls: list[str] = []
    track_urls: list[str] = []

    goals_json = site_dir / "data" / "goals.json"
    if goals_json.is_file():
        data = json.loads(goals_json.read_text(encoding="utf-8"))
        goals = data["goals"] if isinstance(data, dict) else data
        for goal in goals:
            goal_urls.append(goal["url"])
            plan_urls.append(goal["plan_url"])
            unit_urls.append(f"/{goal['unit']}/")
            period_urls.append(f"/periode/{goal['period']}/")
            if goal.get("focus_area_key"):
                area_urls.append(f"/{goal['focus_area_key']}/")

    # Walk the output: /<unit>/, /<unit>/<period>/, /<unit>/<period>/<goal>/, /periode/<p>/,
    # and the tracks /<unit>/indsatsomraade/<area>/. Focus-area pages sit beside goal pages
    # (/<unit>/<period>/<area>/), so only goals.json tells the two apart.
    for unit_dir in _subpages(site_dir):
        if unit_dir.name in RESERVED:
            continue
        unit_urls.append(_url(site_dir, unit_dir))
        track_urls.extend(_url(site_dir, t) for t in _subpages(unit_dir / TRACKS_FOLDER))
        for plan_dir in _subpages(unit_dir):
            goal_dirs = _subpages(plan_dir)
            if goal_dirs and plan_dir.name != TRACKS_FOLDER:
                plan_urls.append(_url(site_dir, plan_dir))
                goal_urls.extend(_url(site_dir, g) for g in goal_dirs
                                 if _url(site_dir, g) not in area_urls)
    period_urls.extend(_url(site_dir, p) for p in _subpages(site_dir / "periode"))

    found = {
        "front": "/" if _page_exists(site_dir, "/") else None,
        "unit": _richest(site_dir, unit_urls),
        "period": _richest(site_dir, period_urls),
        "plan": _richest(site_dir, plan_urls),
        "goal": _richest(site_dir, goal_urls),
        "focus-area": _richest(site_dir, area_urls),
        "track": _richest(site_dir, track_urls),
        "print": _richest_file(site_dir, [f"{u}{PRINT_FILE}" for u in plan_urls]),
    }
    missing = [kind for kind, url in found.items() if url is None]
    assert not missing, f"the built site in {site_dir} has no page of kind(s): {missing}"
    paths = {kind: url for kind, url in found.items() if url is not None}
    # Optional: the open-data page, if the build writes one.
    if _page_exists(site_dir, "/data/"):
        paths["data"] = "/data/"
    # Issue 12: a shared theme, the overview of every goal, search, 404 and the footer pages.
    theme = _richest(site_dir, [_url(site_dir, p) for p in _subpages(site_dir / "tema")])
    if theme is not None:
        paths["theme"] = theme
    for kind, url in (("overview", "/oversigt/"), ("search", "/soeg/"), ("was", "/was/"),
                      ("cookies", "/cookies/")):
        if _page_exists(site_dir, url):
            paths[kind] = url
    if (site_dir / "404.html").is_file():
        paths["404"] = "/404.html"
    return paths


# --- the browser --------------------------------------------------------------


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's headless Chromium, launched once through Playwright."""
    if not CHROMIUM.is_file():
        unavailable(f"{CHROMIUM} is not installed (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("playwright is not installed (pip install -e '.[test]')")
    pw = sync_playwright().start()
    try:
        chromium = pw.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
    except Exception as exc:
        pw.stop()
        unavailable(f"Chromium did not start: {exc}")
    try:
        yield chromium
    finally:
        chromium.close()
        pw.stop()


@pytest.fixture(scope="session")
def axe_js() -> Path:
    if not AXE_JS.is_file():
        unavailable(f"{AXE_JS} is missing (run npm ci)")
    return AXE_JS


@pytest.fixture(scope="session")
def vnu_command() -> list[str]:
    java = shutil.which("java")
    if java is None:
        unavailable("java is not installed (apt-get install default-jre-headless)")
    if not VNU_JAR.is_file():
        unavailable(f"{VNU_JAR} is missing (run npm ci)")
    return [str(java), "-jar", str(VNU_JAR)]
