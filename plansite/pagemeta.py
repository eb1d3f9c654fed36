"""What base.html adds to a page beyond its own content, worked out from the page's context.

A meta description from the page's own text (search engines and link previews
show it), the Pagefind search facets of the pages that are indexed, the unit's
feed and the CSV/JSON downloads. Page kinds keep their contexts as they are; this
module reads them, so every page gets the same head without each collector
repeating it.
"""

from __future__ import annotations

from dataclasses import dataclass

from plansite import downloads
from plansite.outputs import Inputs, Planned
from plansite.pages import (
    FocusAreaContext,
    GoalContext,
    PeriodContext,
    PlanContext,
    UnitContext,
    summary,
    unit_url,
)
from plansite.priority_pages import PriorityContext

DESCRIPTION_LENGTH = 160
"""Characters of text a search engine shows under a result."""

FEED_FILE = "feed.xml"
"""The site's feed is /feed.xml; a unit's is /<unit>/feed.xml."""


@dataclass(frozen=True, slots=True)
class PageMeta:
    description: str
    canonical: bool = True
    """False for pages that are not a place of their own (404)."""
    indexed: bool = False
    """Whether Pagefind indexes the page (plans, focus areas, themes, goals)."""
    filters: tuple[tuple[str, str], ...] = ()
    """Pagefind filters (unit, period, status, theme) as (name, value)."""
    meta: tuple[tuple[str, str], ...] = ()
    """What a search result shows besides the title: unit, period, status."""
    feed: tuple[str, str] | None = None
    """(URL, title) of the unit's own feed."""
    download: downloads.Download | None = None
    download_label: str = ""


def head(inputs: Inputs, item: Planned) -> PageMeta | None:
    """`page_meta` of an HTML page; None for the other files (open data, assets)."""
    return page_meta(inputs, item) if item.file.page is not None else None


def page_meta(inputs: Inputs, item: Planned) -> PageMeta:
    """The head and search data of one HTML page."""
    site, cat = inputs.site, inputs.catalogue
    page, context = item.file.page, item.file.data()
    title = page.title if page is not None else ""
    own = summary(page.description, DESCRIPTION_LENGTH) if page is not None else ""

    def described(text_html: str, fallback: str) -> str:
        return own or summary(text_html, DESCRIPTION_LENGTH) or fallback

    if isinstance(context, GoalContext):
        status = cat.status(context.current_status)
        filters = (("unit", context.unit.name), ("period", context.plan.period.key),
                   ("status", status), *(("theme", p.name) for p in context.priorities))
        return PageMeta(
            described(context.goal.text_html,
                      cat.t("meta.goal", title=context.goal.title, plan=context.plan.title)),
            indexed=True, filters=filters,
            meta=(("unit", context.unit.name), ("period", context.plan.period.key),
                  ("status", status), ("status_key", context.current_status or "none")))
    if isinstance(context, PlanContext):
        plan = context.plan
        return PageMeta(
            described(plan.intro_html, cat.t("meta.plan", title=plan.title,
                                             goals=len(plan.goals),
                                             areas=len(plan.focus_areas))),
            indexed=True,
            filters=(("unit", context.unit.name), ("period", plan.period.key)),
            meta=(("unit", context.unit.name), ("period", plan.period.key)),
            download=downloads.plan_download(plan),
            download_label=cat.t("ui.download_plan", count=cat.number(len(plan.goals))))
    if isinstance(context, FocusAreaContext):
        area = context.area
        return PageMeta(
            described(area.intro_html, cat.t("meta.area", title=area.title,
                                             plan=context.plan.title, goals=len(area.goals))),
            indexed=True,
            filters=(("unit", context.unit.name), ("period", context.plan.period.key),
                     *(("theme", p.name) for p in context.priorities)),
            meta=(("unit", context.unit.name), ("period", context.plan.period.key)))
    if isinstance(context, PriorityContext):
        return PageMeta(described(context.priority.description_html,
                                  cat.t("meta.page", title=title, site=site.config.title)),
                        indexed=True, filters=(("theme", context.priority.name),))
    if isinstance(context, UnitContext):
        unit = context.unit
        download = downloads.unit_download(site, unit) if site.plans_of(unit.key) else None
        return PageMeta(
            described(unit.description_html, cat.t("meta.unit", unit=unit.name)),
            feed=(unit_url(unit) + FEED_FILE, cat.t("ui.unit_feed", unit=unit.name))
            if site.plans_of(unit.key) else None,
            download=download,
            download_label=cat.t("ui.download_unit",
                                 count=cat.number(download.count)) if download else "")
    if isinstance(context, PeriodContext):
        return PageMeta(own or cat.t("meta.period", period=context.period.key))
    if item.path == "404.html":
        return PageMeta(own or cat.t("notfound.intro"), canonical=False)
    return PageMeta(own or cat.t("meta.page", title=title, site=site.config.title))
