"""Jinja2 rendering: one environment per build, templates from the site's theme first."""

from __future__ import annotations

from functools import cache
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


@cache
def _environment(template_dirs: tuple[str, ...]) -> jinja2.Environment:
    """One environment per theme, so templates compile once per process."""
    loader = jinja2.FileSystemLoader(list(template_dirs))
    return jinja2.Environment(loader=loader, autoescape=True, undefined=jinja2.StrictUndefined,
                              auto_reload=True)


def environment(site_theme: Path | None) -> jinja2.Environment:
    return _environment(tuple(str(d / "templates") for d in theme_dirs(site_theme)))


def site_context(site: Site, cat: Catalogue, scripts: tuple[str, ...] = ()) -> dict[str, Any]:
    """What every template sees: the site, the catalogue and URL helpers."""
    base = site.config.base_url

    def url(path: str) -> str:
        return base.rstrip("/") + path if path.startswith("/") else path

    def plan_totals(plan: Plan) -> list[tuple[str | None, int]]:
        return urls.status_totals(site, list(plan.goals))

    return dict(
        config=site.config, goals=site.goals, plans=site.plans, units=site.units,
        lang=cat.language, csp=CSP, scripts=scripts, t=cat.t, status_label=cat.status,
        date=cat.date, number=cat.number, url=url, status_of=site.status_of,
        plan_totals=plan_totals, unit_url=urls.unit_url, plan_url=urls.plan_url,
        goal_url=urls.goal_url, period_url=urls.period_url, entry_url=urls.entry_url,
    )


def render_page(env: jinja2.Environment, shared: dict[str, Any], page: Page) -> str:
    return env.get_template(page.template).render({**shared, "page": page, **page.context})


def template_names(env: jinja2.Environment) -> list[str]:
    return [name for name in env.list_templates() if name.endswith(".html")]
