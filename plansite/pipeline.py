"""The build as a recipe: read sources → parse → link → pages → render → publish.

Reading and writing happen here and in `output`; every step between is pure.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from plansite import config as site_config
from plansite import content, data, output, render
from plansite.errors import Report
from plansite.i18n import Catalogue
from plansite.links import link
from plansite.model import Plan, Site
from plansite.pages import all_pages


@dataclass
class Loaded:
    """The linked site, its catalogue and every problem found."""

    site: Site
    catalogue: Catalogue
    report: Report


def read_bytes(path: Path) -> bytes:
    return path.read_bytes()


def plan_sources(content_dir: Path) -> list[Path]:
    plans = content_dir / "plans"
    return sorted(plans.rglob("*.md")) if plans.is_dir() else []


def load(content_dir: Path, base_url: str | None = None) -> Loaded:
    """Read and check every source; problems are collected, never raised."""
    report = Report()
    site_path = content_dir / "site.yaml"
    units_path = content_dir / "units.yaml"
    if not site_path.is_file():
        report.error(site_path, 0, "missing-file", file="site.yaml")
    site_text = _read_text(site_path, report) if site_path.is_file() else ""
    config = site_config.parse_site(site_path, site_text or "{}", report, base_url)
    catalogue = Catalogue(config.language, config.statuses)
    if not units_path.is_file():
        report.error(units_path, 0, "missing-file", file="units.yaml")
    units_text = _read_text(units_path, report) if units_path.is_file() else ""
    units = site_config.parse_units(units_path, units_text or "{}", report, config.base_url)
    statuses = tuple(status.key for status in config.statuses)
    plans: list[Plan] = []
    for path in plan_sources(content_dir):
        text = _read_text(path, report)
        if text is None:
            continue
        plan = content.parse_plan(path, text, statuses, config.base_url, report)
        if plan is not None:
            plans.append(plan)
    site = link(config, units, plans, report)
    return Loaded(site, catalogue, report)


def _read_text(path: Path, report: Report) -> str | None:
    return content.decode(path, read_bytes(path), report)


def render_site(loaded: Loaded, content_dir: Path) -> dict[str, bytes]:
    """Every output file of the site: site-relative path → bytes."""
    site, cat = loaded.site, loaded.catalogue
    theme = content_dir / "theme"
    env = render.environment(site, cat, theme)
    files: dict[str, bytes] = {}
    for page in all_pages(site, cat):
        files[page.url.lstrip("/") + "index.html"] = render.render_page(env, page).encode()
    rows = data.goal_rows(site)
    files["data/goals.json"] = data.goals_json(rows).encode()
    files["data/goals.csv"] = data.goals_csv(rows).encode()
    for static_dir in reversed(render.theme_dirs(theme)):
        static = static_dir / "static"
        if static.is_dir():
            for path in sorted(static.rglob("*")):
                if path.is_file():
                    files["assets/" + path.relative_to(static).as_posix()] = path.read_bytes()
    return files


def build(content_dir: Path, out: Path, base_url: str | None = None) -> Loaded:
    """Check, render and publish; raises BuildFailed (leaving `out` untouched) on errors."""
    loaded = load(content_dir, base_url)
    loaded.report.raise_if_errors()
    files = render_site(loaded, content_dir)
    output.publish(out, files)
    return loaded
