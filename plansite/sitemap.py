"""sitemap.xml and robots.txt: every page for search engines, and where the list is.

Search engines want absolute addresses, so the sitemap needs site.yaml's
`site_url`; without it robots.txt is still written, without a Sitemap line,
and no sitemap.xml is.
"""

from __future__ import annotations

from collections.abc import Iterator
from xml.sax.saxutils import escape

from plansite.outputs import Inputs, OutputFile

SITEMAP = "sitemap.xml"
ROBOTS = "robots.txt"
NOT_LISTED = ("/404.html", "/soeg/")
"""Pages that are no place to land from a search engine."""


def absolute(inputs: Inputs, path: str) -> str:
    """The public address of a site-root-relative path ("" origin: just the path)."""
    config = inputs.site.config
    return config.site_url + config.base_url.rstrip("/") + path


def sitemap_files(inputs: Inputs) -> Iterator[OutputFile]:
    if inputs.site.config.site_url:
        # It lists the pages of every plan, so it depends on every plan.
        yield OutputFile(SITEMAP, tuple(inputs.site.plans))


def page_urls(inputs: Inputs) -> list[str]:
    """Every page's URL, from the page kinds' own collectors (at render time, so listing
    the outputs stays cheap: `check` and the live preview list them on every run)."""
    from plansite.kinds import OUTPUT_KINDS  # the list this kind is an entry of

    return [file.page.url for kind in OUTPUT_KINDS
            if kind.template.endswith(".html") and kind.name != "print"
            for file in kind.collect(inputs)
            if file.page is not None and file.page.url not in NOT_LISTED]


def render_sitemap(inputs: Inputs, file: OutputFile) -> bytes:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    lines += [f"  <url><loc>{escape(absolute(inputs, url))}</loc></url>"
              for url in page_urls(inputs)]
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode()


def robots_files(inputs: Inputs) -> Iterator[OutputFile]:
    yield OutputFile(ROBOTS, ())


def render_robots(inputs: Inputs, file: OutputFile) -> bytes:
    lines = ["User-agent: *", "Allow: /"]
    if inputs.site.config.site_url:
        lines.append(f"Sitemap: {absolute(inputs, '/' + SITEMAP)}")
    return ("\n".join(lines) + "\n").encode()
