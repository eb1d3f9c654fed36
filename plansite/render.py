"""Jinja2 rendering: one environment per build, templates from the site's theme first."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2

from plansite import pages as urls
from plansite.i18n import Catalogue
from plansite.model import Plan, Site
from plansite.pages import Page

DEFAULT_THEME = Path(__file__).resolve().parent.parent / "themes" / "default"

CSP = ("default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; "
       "form-action 'self'")


def theme_dirs(site_theme: Path | None) -> list[Path]:
    """The site's own theme (if any) before the default theme."""
    dirs = [site_theme] if site_theme is not None and site_theme.is_dir() else []
    return [*dirs, DEFAULT_THEME]


def environment(site: Site, cat: Catalogue, site_theme: Path | None,
                scripts: tuple[str, ...] = ()) -> jinja2.Environment:
    """A Jinja2 environment with the site, the catalogue and URL helpers as globals."""
    loader = jinja2.FileSystemLoader([str(d / "templates") for d in theme_dirs(site_theme)])
    env = jinja2.Environment(loader=loader, autoescape=True, undefined=jinja2.StrictUndefined,
                             trim_blocks=False, lstrip_blocks=False)
    base = site.config.base_url

    def url(path: str) -> str:
        return base.rstrip("/") + path if path.startswith("/") else path

    def plan_totals(plan: Plan) -> list[tuple[str | None, int]]:
        return urls.status_totals(site, list(plan.goals))

    env.globals.update(
        config=site.config, goals=site.goals, plans=site.plans, units=site.units,
        lang=cat.language, csp=CSP, scripts=scripts, t=cat.t, status_label=cat.status,
        date=cat.date, number=cat.number, url=url, status_of=site.status_of,
        plan_totals=plan_totals, unit_url=urls.unit_url, plan_url=urls.plan_url,
        goal_url=urls.goal_url, period_url=urls.period_url, entry_url=urls.entry_url,
    )
    return env


def render_page(env: jinja2.Environment, page: Page) -> str:
    context: dict[str, Any] = {"page": page, **page.context}
    return env.get_template(page.template).render(context)
