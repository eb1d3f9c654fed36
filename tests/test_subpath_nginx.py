"""A site built for a sub-path works there, served by a real web server.

The demo is built with `--base-url http://127.0.0.1:PORT/planer/` and served by
nginx (Debian's, run as this test's own process on a free port) with the
`location /planer/` block that docs/publishing.md recommends, security headers
and all. The test then fetches every file of the build and follows every link,
asset, feed, sitemap and search-index entry over HTTP: each must answer 200 and
stay under /planer/, and a missing path must get the site's 404 page.

Without nginx the test skips, unless PLANSITE_REQUIRE_BROWSER=1 (set by .ci/run,
which installs nginx), where it fails.
"""

from __future__ import annotations

import gzip
import html
import json
import os
import re
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

from plansite.pipeline import build
from tests.conftest import DEMO, ROOT

DOC = ROOT / "docs" / "publishing.md"
DOC_ROOT = "/var/www/planer/"
"""The folder the documented block serves; the test puts its build there instead."""
PREFIX = "/planer/"
URL_ATTRIBUTES = ("href", "src", "action", "srcset", "poster")


def unavailable(reason: str) -> None:
    """Skip, or fail when CI asks for every tool to be there (as tests/browser does)."""
    if os.environ.get("PLANSITE_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (PLANSITE_REQUIRE_BROWSER=1)", pytrace=False)
    pytest.skip(reason)


def nginx_binary() -> str | None:
    found = shutil.which("nginx")
    if found:
        return found
    return "/usr/sbin/nginx" if Path("/usr/sbin/nginx").is_file() else None


def documented_location() -> str:
    """The ```nginx block of docs/publishing.md that serves the site under /planer/."""
    blocks = re.findall(r"^```nginx\n(.*?)^```$", DOC.read_text("utf-8"), re.S | re.M)
    matching = [block for block in blocks if f"location {PREFIX} " in block]
    assert len(matching) == 1, "docs/publishing.md: one ```nginx block with location /planer/"
    return matching[0]


def headers_of(location: str) -> dict[str, str]:
    """The add_header lines of the block: name → value."""
    return {name: value for name, value in
            re.findall(r'^\s*add_header\s+([\w-]+)\s+"([^"]*)"\s+always;', location, re.M)}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def nginx_conf(prefix: Path, site: Path, port: int) -> str:
    location = documented_location().replace(f"alias {DOC_ROOT};", f"alias {site}/;")
    assert f"alias {site}/;" in location
    mime = "include /etc/nginx/mime.types;" if Path("/etc/nginx/mime.types").is_file() else ""
    temp = "\n".join(f"    {name}_temp_path {prefix}/tmp/{name};"
                     for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    return f"""\
master_process off;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 64; }}
http {{
    {mime}
    default_type application/octet-stream;
    access_log off;
{temp}
    server {{
        listen 127.0.0.1:{port};
        server_name localhost;
{location}
    }}
}}
"""


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes


@dataclass
class Served:
    origin: str
    """"http://127.0.0.1:PORT"."""
    site: Path
    cache: dict[str, Response] = field(default_factory=dict)

    @property
    def base(self) -> str:
        return self.origin + PREFIX

    def get(self, url: str) -> Response:
        """GET without following redirects (a redirect is a finding, not a page)."""
        if url not in self.cache:
            self.cache[url] = _fetch(url)
        return self.cache[url]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def _fetch(url: str) -> Response:
    try:
        with _OPENER.open(url, timeout=10) as answer:
            return Response(answer.status, {k.lower(): v for k, v in answer.headers.items()},
                            answer.read())
    except urllib.error.HTTPError as error:
        return Response(error.code, {k.lower(): v for k, v in error.headers.items()},
                        error.read())


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    nginx = nginx_binary()
    if nginx is None:
        unavailable("nginx is not installed (apt-get install nginx)")
    root = tmp_path_factory.mktemp("subpath")
    port = free_port()
    origin = f"http://127.0.0.1:{port}"
    site = root / "site"
    build(DEMO, site, base_url=origin + PREFIX)
    prefix = root / "nginx"
    for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (prefix / "tmp" / name).mkdir(parents=True)
    conf = prefix / "nginx.conf"
    conf.write_text(nginx_conf(prefix, site, port), encoding="utf-8")
    process = subprocess.Popen(
        [nginx, "-e", str(prefix / "error.log"), "-c", str(conf), "-p", str(prefix),
         "-g", "daemon off;"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 15
        while True:
            if process.poll() is not None:
                log = (prefix / "error.log").read_text() if (prefix / "error.log").exists() \
                    else ""
                out = process.stdout.read().decode() if process.stdout else ""
                pytest.fail(f"nginx exited with {process.returncode}:\n{out}\n{log}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail("nginx did not start listening within 15 s")
                time.sleep(0.05)
        yield Served(origin, site)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# --- what the build holds ----------------------------------------------------------------

def url_of(served: Served, path: Path) -> str:
    relative = path.relative_to(served.site).as_posix()
    if relative == "index.html":
        return served.base
    if relative.endswith("/index.html"):
        return served.base + relative[: -len("index.html")]
    return served.base + relative


def built_files(served: Served) -> list[Path]:
    return sorted(path for path in served.site.rglob("*") if path.is_file())


class PageLinks(HTMLParser):
    """What one HTML page points at: URL attributes and paths in data-* attributes."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self.script_paths: list[str] = []
        """Paths handed to scripts in data-* attributes (the search bundle's folder): a
        script adds file names to them, so they stay under /planer/ but need not answer."""
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        for name, value in values.items():
            if name == "srcset":
                self.urls += [part.split()[0] for part in value.split(",") if part.strip()]
            elif name in URL_ATTRIBUTES:
                self.urls.append(value)
            elif name.startswith("data-") and value.startswith("/"):
                self.script_paths.append(value)
        if tag == "meta" and values.get("property") == "og:url":
            self.urls.append(values.get("content", ""))


def references(served: Served, url: str, response: Response) -> list[str]:
    """Every URL a fetched file points at, as written (pages, CSS, feeds, sitemap, robots)."""
    kind = response.headers.get("content-type", "").split(";")[0]
    text = response.body.decode("utf-8", errors="replace")
    if kind == "text/html":
        return PageLinks(text).urls
    if kind == "text/css":
        return re.findall(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)", text)
    if url.endswith(".xml"):
        return re.findall(r"<loc>([^<]+)</loc>", text) + re.findall(r'href="([^"]+)"', text)
    if url.endswith("robots.txt"):
        return re.findall(r"^Sitemap:\s*(\S+)", text, re.M)
    return []


def resolve(served: Served, base: str, written: str) -> str | None:
    """The URL to fetch for a reference, or None for one that leaves the site on purpose
    (another host, mailto:, data:, an in-page #fragment)."""
    if written.startswith("#") or re.match(r"^(mailto|tel|data|javascript):", written):
        return None
    absolute = urldefrag(urljoin(base, written))[0]
    parts = urlsplit(absolute)
    if f"{parts.scheme}://{parts.netloc}" != served.origin:
        return None
    return absolute


# --- the tests -----------------------------------------------------------------------------

def test_every_page_and_file_of_the_build_answers_200(served):
    failures = []
    for path in built_files(served):
        url = url_of(served, path)
        if path.name == "404.html":
            continue  # a page for the server to send with 404, see below
        response = served.get(url)
        if response.status != 200:
            failures.append(f"{response.status} {url}")
        elif response.body != path.read_bytes():
            failures.append(f"other bytes than {path} at {url}")
    assert failures == []
    assert len(built_files(served)) > 100


def test_every_link_and_asset_stays_under_the_sub_path_and_answers(served):
    seen: set[str] = set()
    queue = [served.base, served.base + "robots.txt"]
    queue += [url_of(served, path) for path in built_files(served)
              if path.suffix in (".html", ".css", ".xml")]
    broken: list[str] = []
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        response = served.get(url)
        if response.status != 200:
            continue  # reported with the page that links here
        for written in references(served, url, response):
            target = resolve(served, url, written)
            if target is None:
                continue
            if not urlsplit(target).path.startswith(PREFIX):
                broken.append(f"{url}: {written!r} leaves {PREFIX}")
                continue
            status = served.get(target).status
            if status != 200:
                broken.append(f"{url}: {written!r} answers {status}")
            elif target not in seen:
                queue.append(target)
        if response.headers.get("content-type", "").startswith("text/html"):
            paths = PageLinks(response.body.decode()).script_paths
            broken += [f"{url}: {path!r} leaves {PREFIX}" for path in paths
                       if not path.startswith(PREFIX)]
    assert broken == []
    assert len(seen) > 100


def test_feed_sitemap_and_robots_name_addresses_under_the_sub_path(served):
    robots = served.get(served.base + "robots.txt")
    assert f"Sitemap: {served.base}sitemap.xml" in robots.body.decode()
    sitemap = served.get(served.base + "sitemap.xml").body.decode()
    locations = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    assert locations and all(loc.startswith(served.base) for loc in locations)
    assert all(served.get(loc).status == 200 for loc in locations)
    feed = served.get(served.base + "feed.xml").body.decode()
    links = re.findall(r'<link[^>]*href="([^"]+)"', feed)
    assert links and all(link.startswith(served.base) for link in links)


def test_search_index_entries_lead_to_pages_under_the_sub_path(served):
    fragments = sorted((served.site / "pagefind").glob("fragment/*.pf_fragment"))
    if not fragments:
        pytest.skip("the build has no Pagefind index")
    search = BeautifulSoup(served.get(served.base + "soeg/").body, "html.parser")
    bundle = search.find(attrs={"data-bundle": True})["data-bundle"]
    assert bundle == PREFIX + "pagefind/"
    assert served.get(served.origin + bundle + "pagefind.js").status == 200
    # search.js hands Pagefind the bundle's parent folder as its base URL
    base_url = bundle.rsplit("pagefind/", 1)[0]
    for fragment in fragments:
        data = gzip.decompress(fragment.read_bytes())
        assert data.startswith(b"pagefind_dcd")
        entry = json.loads(data[len(b"pagefind_dcd"):])
        url = served.origin + base_url + entry["url"].lstrip("/")
        assert served.get(url).status == 200, url


def test_a_missing_path_gets_the_sites_404_page(served):
    for missing in ("findes-ikke/", "fbf/1999/", "assets/findes-ikke.css"):
        response = served.get(served.base + missing)
        assert response.status == 404, missing
        page = served.site / "404.html"
        if page.is_file():
            assert response.body == page.read_bytes(), missing
    page = served.site / "404.html"
    if page.is_file():
        # The 404 page is sent at any depth, so its own links must work from anywhere.
        soup = BeautifulSoup(page.read_bytes(), "html.parser")
        for tag in soup.find_all(href=True) + soup.find_all(src=True):
            written = tag.get("href") or tag.get("src")
            deep = resolve(served, served.base + "a/b/c/", written)
            if deep is not None:
                assert served.get(deep).status == 200, written


def _csp(text: str) -> dict[str, str]:
    return {part.split()[0]: " ".join(part.split()[1:])
            for part in text.split(";") if part.strip()}


def test_security_headers_are_sent_and_the_csp_is_the_pages_own(served):
    documented = headers_of(documented_location())
    assert set(documented) >= {"Content-Security-Policy", "X-Content-Type-Options",
                               "Referrer-Policy"}
    for url in (served.base, served.base + "assets/style.css", served.base + "findes-ikke/"):
        headers = served.get(url).headers
        assert headers.get("x-content-type-options") == "nosniff", url
        assert headers.get("referrer-policy") == "strict-origin-when-cross-origin", url
        assert headers.get("content-security-policy") == \
            documented["Content-Security-Policy"], url
    header = _csp(documented["Content-Security-Policy"])
    meta_csp = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')
    metas = {html.unescape(found.group(1)) for path in built_files(served)
             if path.suffix == ".html"
             for found in [meta_csp.search(path.read_text("utf-8"))] if found}
    assert metas, "no page sets a Content-Security-Policy meta tag"
    # The header is sent with every page on top of its own meta CSP (a browser enforces
    # both), so it is the most open page's policy (the search page runs Pagefind's
    # WebAssembly) plus frame-ancestors, and it takes nothing any page allows itself.
    assert {key: value for key, value in header.items() if key != "frame-ancestors"} in [
        _csp(meta) for meta in metas], "the CSP header must be a page's own policy"
    assert header["frame-ancestors"] == "'self'"
    for meta in map(_csp, metas):
        for directive in meta:
            allowed = set(header.get(directive, header["default-src"]).split())
            assert set(meta[directive].split()) <= allowed, (directive, meta)
    page = BeautifulSoup(served.get(served.base).body, "html.parser")
    referrer = page.find("meta", attrs={"name": "referrer"})
    assert referrer["content"] == documented["Referrer-Policy"]
