"""Rendering one output file: Jinja2 for template kinds, the kind's function for the rest.

One environment per theme, templates from the site's theme first. A template
sees what every page sees (`shared_context`), `page`, and the fields of its
kind's typed context.
"""

from __future__ import annotations

from dataclasses import fields
from functools import lru_cache, partial
from pathlib import Path
from typing import Any

import jinja2

from plansite import attachments, charts, pagemeta, themes
from plansite import pages as urls
from plansite.outputs import Inputs, Planned

DEFAULT_THEME = Path(__file__).resolve().parent.parent / "themes" / "default"

CSP = ("default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; "
       "form-action 'self'")


def theme_dirs(site_theme: Path | None) -> list[Path]:
    """The site's own theme (if any) before the default theme."""
    dirs = [site_theme] if site_theme is not None and site_theme.is_dir() else []
    return [*dirs, DEFAULT_THEME]


@lru_cache(maxsize=16)
def _environment(template_dirs: tuple[str, ...],
                 listing: tuple[tuple[str, ...], ...]) -> jinja2.Environment:
    """One environment per theme and set of template files: templates compile once.

    Jinja reloads a changed template file by itself, but not a template that a
    new file in the site's theme now overrides; `listing` makes that a new
    environment.
    """
    loader = jinja2.FileSystemLoader(list(template_dirs))
    kind = themes.environment_class(template_dirs, DEFAULT_THEME / "templates")
    return kind(loader=loader, autoescape=True, undefined=jinja2.StrictUndefined,
                auto_reload=True)


def environment(themes: tuple[Path, ...] | list[Path]) -> jinja2.Environment:
    folders = [d / "templates" for d in themes]
    listing = tuple(tuple(sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")))
                    if folder.is_dir() else () for folder in folders)
    return _environment(tuple(str(folder) for folder in folders), listing)


def shared_context(inputs: Inputs, scripts: tuple[str, ...] = ()) -> dict[str, Any]:
    """What every template sees: the config, the catalogue's helpers and URL helpers."""
    site, cat = inputs.site, inputs.catalogue
    base = site.config.base_url

    def url(path: str) -> str:
        return base.rstrip("/") + path if path.startswith("/") else path

    return dict(
        config=site.config, lang=cat.language, csp=CSP, scripts=scripts, t=cat.t,
        status_label=cat.status, date=cat.date, number=cat.number, url=url,
        status_of=site.status_of, unit_url=urls.unit_url, plan_url=urls.plan_url,
        goal_url=urls.goal_url, period_url=urls.period_url, entry_url=urls.entry_url,
        focus_area_url=urls.focus_area_url, print_url=urls.print_url,
        has_priorities=bool(site.priorities),
        file_url=partial(attachments.url_of, base_url=base),
        status_chart_of=partial(charts.status_chart, cat=cat),
    )


class Renderer:
    """Renders planned files of one build; made once, before rendering forks."""

    def __init__(self, inputs: Inputs) -> None:
        self.inputs = inputs
        self.env = environment(inputs.theme_dirs)
        self.shared = shared_context(inputs)

    @property
    def template_dirs(self) -> tuple[Path, ...]:
        return tuple(theme / "templates" for theme in self.inputs.theme_dirs)

    def compile_all(self) -> None:
        """Compile every template now, so forked workers inherit them compiled."""
        for name in self.env.list_templates():
            try:
                self.env.get_template(name)
            except jinja2.TemplateError as error:
                raise themes.theme_error(error, self.template_dirs, name) from None

    def render(self, item: Planned) -> bytes:
        kind, file = item.kind, item.file
        if kind.render is not None:
            return kind.render(self.inputs, file)
        variables = {**self.shared, "page": file.page,
                     "head": pagemeta.page_meta(self.inputs, item) if file.page else None}
        if file.context is not None:
            variables.update({f.name: getattr(file.context, f.name)
                              for f in fields(file.context)})
        try:
            return self.env.get_template(kind.template).render(variables).encode()
        except jinja2.TemplateError as error:  # a site theme's mistake: the editor's error
            raise themes.theme_error(error, self.template_dirs, kind.template) from None
