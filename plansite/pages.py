"""Page kinds: each is a function from the linked site to the pages it makes.

A new kind joins PAGE_KINDS without touching the others. Every page knows its
site-root-relative URL; the base path is added only when rendering links.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from plansite.dates import Period
from plansite.i18n import Catalogue
from plansite.links import next_plan, previous_plan
from plansite.model import FollowUp, Goal, Plan, Site, Unit


@dataclass(frozen=True, slots=True)
class Page:
    """One HTML page to render."""

    url: str
    """Site-root-relative URL ending in "/": the page is written to <url>index.html."""
    template: str
    title: str
    context: dict[str, Any] = field(default_factory=dict)
    breadcrumbs: tuple[tuple[str, str], ...] = ()
    """(label, url) of the pages above this one."""
    description: str = ""
    sources: tuple[str, ...] = ()
    """Plan keys whose content this page shows (for incremental rebuilds)."""


def unit_url(unit: Unit) -> str:
    return f"/{unit.key}/"


def plan_url(plan: Plan) -> str:
    return f"/{plan.unit}/{plan.period.key}/"


def goal_url(goal: Goal) -> str:
    return f"/{goal.plan}/{goal.id}/"


def period_url(period: Period) -> str:
    return f"/periode/{period.key}/"


def entry_url(entry: FollowUp) -> str:
    """Where a follow-up entry is published: its anchor on the publishing plan's page."""
    return f"/{entry.published_in}/#{entry.anchor}"


def status_totals(site: Site, goals: list[Goal]) -> list[tuple[str | None, int]]:
    """Goal counts per status in vocabulary order, then goals not yet followed up."""
    counts: dict[str | None, int] = {}
    for goal in goals:
        key = site.status_of(goal.key)
        counts[key] = counts.get(key, 0) + 1
    order: list[str | None] = [status.key for status in site.config.statuses]
    return [(key, counts[key]) for key in [*order, None] if key in counts]


def periods(site: Site) -> list[Period]:
    """Every period with a plan, latest first."""
    return sorted({plan.period for plan in site.plans.values()}, reverse=True)


def _home(cat: Catalogue) -> tuple[str, str]:
    return (cat.t("ui.home"), "/")


def index_pages(site: Site, cat: Catalogue) -> Iterator[Page]:
    all_goals = list(site.goals.values())
    grid_units = [unit for unit in site.units.values() if site.plans_of(unit.key)]
    yield Page("/", "index.html", site.config.title, {
        "periods": periods(site), "grid_units": grid_units,
        "totals": status_totals(site, all_goals), "goal_count": len(all_goals),
        "plan_count": len(site.plans), "unit_count": len(grid_units),
    }, description=site.config.description, sources=tuple(site.plans))


def unit_pages(site: Site, cat: Catalogue) -> Iterator[Page]:
    for unit in site.units.values():
        plans = sorted(site.plans_of(unit.key), key=lambda p: p.period, reverse=True)
        children = [u for u in site.units.values() if u.parent == unit.key]
        parent = site.units.get(unit.parent) if unit.parent else None
        crumbs = [_home(cat)]
        if parent is not None:
            crumbs.append((parent.name, unit_url(parent)))
        yield Page(unit_url(unit), "unit.html", unit.name, {
            "unit": unit, "unit_plans": plans, "children": children, "parent": parent,
        }, tuple(crumbs), sources=_with_followers(site, [plan.key for plan in plans]))


def period_pages(site: Site, cat: Catalogue) -> Iterator[Page]:
    for period in periods(site):
        plans = [plan for plan in site.plans.values() if plan.period == period]
        yield Page(period_url(period), "period.html", cat.t("period.title", period=period.key),
                   {"period": period, "period_plans": plans}, (_home(cat),),
                   sources=tuple(plan.key for plan in plans))


def plan_pages(site: Site, cat: Catalogue) -> Iterator[Page]:
    for plan in site.plans.values():
        unit = site.units[plan.unit]
        previous, following = previous_plan(site, plan), next_plan(site, plan)
        shown = [plan.key, *(entry.target.rsplit("/", 1)[0] for entry in plan.follow_ups),
                 *(e.continued_as.rsplit("/", 1)[0] for e in plan.follow_ups if e.continued_as),
                 *(p.key for p in (previous, following) if p is not None)]
        yield Page(plan_url(plan), "plan.html", plan.title, {
            "plan": plan, "unit": unit, "previous": previous, "next": following,
        }, (_home(cat), (unit.name, unit_url(unit))), sources=_with_followers(site, shown))


def _with_followers(site: Site, plan_keys: list[str]) -> tuple[str, ...]:
    """The plans shown, and the plans whose follow-ups set their goals' statuses."""
    keys = set(plan_keys)
    table = site.followers
    for key in plan_keys:
        keys |= table.get(key, set())
    return tuple(sorted(keys))


def chain_of(site: Site, goal_key: str) -> list[str]:
    """The same commitment across years: earliest goal first."""
    if goal_key not in site.continues and goal_key not in site.continued_as:
        return [goal_key]
    first, seen = goal_key, {goal_key}
    while first in site.continues and site.continues[first] not in seen:
        first = site.continues[first]
        seen.add(first)
    chain, current = [first], first
    while current in site.continued_as and site.continued_as[current] not in chain:
        current = site.continued_as[current]
        chain.append(current)
    return chain


def goal_pages(site: Site, cat: Catalogue) -> Iterator[Page]:
    for plan in site.plans.values():
        unit = site.units[plan.unit]
        crumbs = (_home(cat), (unit.name, unit_url(unit)), (plan.title, plan_url(plan)))
        # The plan's followers publish every entry on its goals, so this covers them.
        plan_sources = _with_followers(site, [plan.key])
        for area in plan.focus_areas:
            for goal in area.goals:
                chain = chain_of(site, goal.key)
                sources = plan_sources if len(chain) == 1 else _with_followers(
                    site, [plan.key, *(key.rsplit("/", 1)[0] for key in chain)])
                yield Page(goal_url(goal), "goal.html", goal.title, {
                    "goal": goal, "plan": plan, "area": area, "unit": unit,
                    "entries": site.follow_ups.get(goal.key, ()), "chain": chain,
                    "continues": site.continues.get(goal.key),
                    "continued_as": site.continued_as.get(goal.key),
                }, crumbs, sources=sources)


DATA_FIELDS = ("id", "unit", "unit_name", "period", "plan_title", "focus_area", "title",
               "status", "url", "plan_url", "follow_ups", "continues", "continued_as")


def data_pages(site: Site, cat: Catalogue) -> Iterator[Page]:
    yield Page("/data/", "data.html", cat.t("data.title"),
               {"goal_count": len(site.goals), "fields": DATA_FIELDS}, (_home(cat),),
               sources=tuple(site.plans))


PAGE_KINDS: list[Callable[[Site, Catalogue], Iterator[Page]]] = [
    index_pages, unit_pages, period_pages, plan_pages, goal_pages, data_pages,
]


def all_pages(site: Site, cat: Catalogue) -> list[Page]:
    return [page for kind in PAGE_KINDS for page in kind(site, cat)]
