"""Warn about Markdown links to pages of the site that do not exist."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import unquote

from plansite.errors import Report
from plansite.model import Site

_HREF = re.compile(r'href="([^"#?]*)(?:[#?][^"]*)?"')


def _html_fields(site: Site) -> Iterable[tuple[Path, int, str]]:
    """(source, line, html) for every piece of rendered Markdown."""
    for unit in site.units.values():
        yield unit.path, unit.line, unit.description_html
    for plan in site.plans.values():
        yield plan.path, plan.line, plan.intro_html
        for area in plan.focus_areas:
            yield plan.path, area.line, area.intro_html
            for goal in area.goals:
                for html in (goal.text_html, goal.evidence_html, goal.result_html):
                    yield plan.path, goal.line, html
        for part in plan.follow_up_parts:
            yield plan.path, part.line, part.intro_html
        for entry in plan.follow_ups:
            yield plan.path, entry.line, entry.text_html


def check_links(site: Site, urls: set[str], files: set[str], report: Report) -> None:
    """Report links under the base URL that match neither a page nor an output file."""
    base = site.config.base_url
    for path, line, html in _html_fields(site):
        for href in _HREF.findall(html):
            if not href.startswith(base) or href.startswith("//"):
                continue
            local = "/" + unquote(href[len(base):])  # files/Økonomi%202016.pdf
            page = local if local.endswith("/") else local + "/"
            if page not in urls and local.lstrip("/") not in files:
                report.warning(path, line, "broken-link", value=href)
