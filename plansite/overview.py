"""The overview of every goal: one table, narrowed by generated pages instead of a script.

/oversigt/ lists every goal (unit, period, focus area, goal, status). Each value
of each filter (a unit, a period, a status, a theme) has its own page,
/oversigt/<filter>/<value>/, so narrowing works with links alone. Long lists
are split into pages of PAGE_SIZE goals (/…/side-2/), which keeps every page
far under 1 MB of HTML at 10,000 goals. A small script only adds sorting.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace

from plansite.i18n import Catalogue
from plansite.model import Goal, Site
from plansite.outputs import Inputs, OutputFile, Page, page_path, shown
from plansite.pages import (
    focus_area_url,
    goal_url,
    periods,
    priority_path,
    unit_url,
)

OVERVIEW_URL = "/oversigt/"
PAGE_SIZE = 500
"""Goals per page: about 250 kB of HTML."""
NOT_FOLLOWED_UP = "ikke-fulgt-op"
"""The status filter value of goals without a follow-up (status keys never have it)."""
SORT_SCRIPT = "/assets/sort.js"


@dataclass(frozen=True, slots=True)
class OverviewRow:
    unit: str
    unit_url: str
    period: str
    area: str
    area_url: str
    goal: str
    goal_url: str
    status: str | None


@dataclass(frozen=True, slots=True)
class FilterOption:
    label: str
    url: str
    current: bool


@dataclass(frozen=True, slots=True)
class FilterGroup:
    label: str
    options: tuple[FilterOption, ...]
    active: bool
    """The page is narrowed by one of these options."""


@dataclass(frozen=True, slots=True)
class OverviewContext:
    rows: tuple[OverviewRow, ...]
    total: int
    """Goals of the filter on every page together."""
    filter: tuple[str, str] | None
    """(filter name, value label) of a narrowed page; None on the full list."""
    groups: tuple[FilterGroup, ...]
    page_number: int
    page_urls: tuple[str, ...]
    """URL of every page of this list, first page first."""
    scripts: tuple[str, ...] = (SORT_SCRIPT,)


@dataclass(frozen=True, slots=True)
class _Filter:
    name: str
    """Catalogue key of the filter's name."""
    folder: str
    values: list[tuple[str, str]]
    """(slug, label) in display order."""


def _rows(site: Site) -> list[tuple[Goal, OverviewRow]]:
    result = []
    for plan in site.plans.values():
        unit = site.units[plan.unit]
        for area in plan.focus_areas:
            for goal in area.goals:
                result.append((goal, OverviewRow(
                    unit.name, unit_url(unit), plan.period.key, area.title,
                    focus_area_url(area), goal.title, goal_url(goal),
                    site.status_of(goal.key))))
    return result


def _filters(site: Site, cat: Catalogue) -> list[_Filter]:
    statuses = [(s.key, cat.status(s.key)) for s in site.config.statuses]
    statuses.append((NOT_FOLLOWED_UP, cat.status(None)))
    return [
        _Filter("ui.unit", "enhed", [(u.key, u.name) for u in site.units.values()]),
        _Filter("ui.period", "periode", [(p.key, p.key) for p in periods(site)]),
        _Filter("ui.status", "status", statuses),
        _Filter("ui.priority", "tema", [(p.key, p.name) for p in site.priorities.values()]),
    ]


def _buckets(site: Site, rows: list[tuple[Goal, OverviewRow]]) -> dict[tuple[str, str],
                                                                      list[OverviewRow]]:
    """(filter folder, value) → the rows of the goals it keeps, in one pass over the goals."""
    themes = {area.key: [p.key for p in priority_path(site, area)]
              for area in site.focus_areas.values()}
    found: dict[tuple[str, str], list[OverviewRow]] = {}
    for goal, row in rows:
        unit, period = goal.plan.split("/", 1)
        keys = [("enhed", unit), ("periode", period),
                ("status", row.status or NOT_FOLLOWED_UP),
                *(("tema", key) for key in themes.get(f"{goal.plan}/{goal.focus_area}", ()))]
        for key in keys:
            found.setdefault(key, []).append(row)
    return found


def _page_urls(base: str, count: int) -> tuple[str, ...]:
    pages = max(1, -(-count // PAGE_SIZE))
    return tuple(base if n == 1 else f"{base}side-{n}/" for n in range(1, pages + 1))


def overview_pages(inputs: Inputs) -> Iterator[OutputFile]:
    site, cat = inputs.site, inputs.catalogue
    rows = _rows(site)
    filters = _filters(site, cat)
    found = _buckets(site, rows)

    # A page's menu differs from the full list's only in its own filter's group: the
    # other groups are the same objects on every page, so `shown` writes each out once.
    options = {flt.folder: tuple(FilterOption(label, f"{OVERVIEW_URL}{flt.folder}/{slug}/",
                                              False) for slug, label in flt.values)
               for flt in filters}
    unmarked = {flt.folder: FilterGroup(cat.t(flt.name), options[flt.folder], False)
                for flt in filters}

    def groups(current: tuple[str, str] | None) -> tuple[FilterGroup, ...]:
        return tuple(unmarked[flt.folder] if current is None or current[0] != flt.folder
                     else FilterGroup(cat.t(flt.name), tuple(
                         replace(option, current=True) if slug == current[1] else option
                         for (slug, _label), option in zip(flt.values, options[flt.folder],
                                                           strict=True)), True)
                     for flt in filters if flt.values)

    home = (cat.t("ui.home"), "/")
    all_title = cat.t("overview.title")
    targets: list[tuple[str, list[OverviewRow], tuple[str, str] | None, str]] = [
        (OVERVIEW_URL, [row for _goal, row in rows], None, all_title)]
    for flt in filters:
        for slug, label in flt.values:
            targets.append((f"{OVERVIEW_URL}{flt.folder}/{slug}/",
                            found.get((flt.folder, slug), []),
                            (cat.t(flt.name), label), f"{all_title}: {label}"))
    memo: dict[int, str] = {}  # rows and menus recur on many pages: each is written out once
    for base, listed, flt_label, title in targets:
        urls = _page_urls(base, len(listed))
        current = None
        if flt_label is not None:
            folder, slug = base[len(OVERVIEW_URL):].strip("/").split("/", 1)
            current = (folder, slug)
        menu = groups(current)
        crumbs = (home,) if flt_label is None else (home, (all_title, OVERVIEW_URL))
        for number, url in enumerate(urls, start=1):
            part = tuple(listed[(number - 1) * PAGE_SIZE:number * PAGE_SIZE])
            page_title = title if number == 1 else cat.t(
                "overview.page_title", title=title, page=number)
            context = OverviewContext(part, len(listed), flt_label, menu, number, urls)
            page = Page(url, page_title, crumbs)
            # Every value the page shows is in its context and page: an edit renders
            # only the pages whose rows, pager or menu changed.
            yield OutputFile(page_path(url), shown(context, page, memo=memo), context, page)
