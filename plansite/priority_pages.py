"""Theme pages: each shared theme across every unit and period, and the list of themes.

A citizen asks "what is the municipality doing about X, in every department,
and how is it going?". A theme page answers: the focus areas that carry the
theme (or one of its sub-themes), grouped by unit along the unit tree, with
their goals' current statuses and the totals.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from plansite.model import FocusArea, Plan, Priority, Site, Unit
from plansite.outputs import Inputs, OutputFile, Page, page_path
from plansite.pages import (
    GoalRef,
    Totals,
    focus_area_url,
    goal_ref,
    status_totals,
    with_followers,
)

INDEX_URL = "/tema/"


def priority_url(priority: Priority) -> str:
    return f"{INDEX_URL}{priority.key}/"


@dataclass(frozen=True, slots=True)
class AreaView:
    """A focus area on a theme page, with its plan and its goals."""

    area: FocusArea
    plan: Plan
    url: str
    goals: tuple[GoalRef, ...]
    carried: FocusArea | None
    """The parent unit's focus area it carries on, when it inherits the theme from it."""


@dataclass(frozen=True, slots=True)
class UnitGroup:
    """One unit's focus areas under the theme; `depth` is its place in the unit tree."""

    unit: Unit
    depth: int
    areas: tuple[AreaView, ...]


@dataclass(frozen=True, slots=True)
class PriorityContext:
    priority: Priority
    parent: tuple[Priority, str] | None
    """The theme this is a sub-theme of, and its URL."""
    children: tuple[tuple[Priority, str], ...]
    groups: tuple[UnitGroup, ...]
    totals: Totals
    goal_count: int
    area_count: int
    unit_count: int


@dataclass(frozen=True, slots=True)
class PriorityRow:
    priority: Priority
    url: str
    depth: int
    goal_count: int
    totals: Totals


@dataclass(frozen=True, slots=True)
class PrioritiesContext:
    rows: tuple[PriorityRow, ...]


def _descendants(site: Site, key: str) -> set[str]:
    """The theme and all its sub-themes."""
    found = {key}
    for other in site.priorities.values():  # parents come before their children
        if other.parent in found:
            found.add(other.key)
    return found


def _depth(site: Site, priority: Priority) -> int:
    depth, parent = 0, priority.parent
    while parent is not None and parent in site.priorities and depth < len(site.priorities):
        depth, parent = depth + 1, site.priorities[parent].parent
    return depth


def _unit_order(site: Site) -> list[tuple[Unit, int]]:
    """Units depth first along the unit tree, in units.yaml order: (unit, depth)."""
    ordered: list[tuple[Unit, int]] = []

    def visit(unit: Unit, depth: int) -> None:
        ordered.append((unit, depth))
        for child in site.units.values():
            if child.parent == unit.key and depth < len(site.units):
                visit(child, depth + 1)

    for unit in site.units.values():
        if unit.parent is None or unit.parent not in site.units:
            visit(unit, 0)
    return ordered


def _areas_under(site: Site, keys: set[str]) -> list[FocusArea]:
    return [area for area in site.focus_areas.values() if area.priority in keys]


def _groups(site: Site, areas: list[FocusArea]) -> tuple[UnitGroup, ...]:
    by_unit: dict[str, list[AreaView]] = {}
    for area in areas:
        plan = site.plans[area.plan]
        carried = site.focus_areas.get(area.carries) if area.carries else None
        by_unit.setdefault(plan.unit, []).append(AreaView(
            area, plan, focus_area_url(area),
            tuple(goal_ref(site, goal.key) for goal in area.goals), carried))
    return tuple(UnitGroup(unit, depth, tuple(by_unit[unit.key]))
                 for unit, depth in _unit_order(site) if unit.key in by_unit)


def priority_pages(inputs: Inputs) -> Iterator[OutputFile]:
    site, cat = inputs.site, inputs.catalogue
    home = (cat.t("ui.home"), "/")
    index = (cat.t("priority.index_title"), INDEX_URL)
    for priority in site.priorities.values():
        areas = _areas_under(site, _descendants(site, priority.key))
        goals = [goal for area in areas for goal in area.goals]
        parent = site.priorities.get(priority.parent) if priority.parent else None
        crumbs = (home, index) + (((parent.name, priority_url(parent)),) if parent else ())
        children = tuple((child, priority_url(child)) for child in site.priorities.values()
                         if child.parent == priority.key)
        url = priority_url(priority)
        context = PriorityContext(
            priority, (parent, priority_url(parent)) if parent else None, children,
            _groups(site, areas), status_totals(site, goals), len(goals), len(areas),
            len({site.plans[area.plan].unit for area in areas}))
        shown = with_followers(site, [area.plan for area in areas])
        yield OutputFile(page_path(url), shown, context, Page(url, priority.name, crumbs))


def priorities_index(inputs: Inputs) -> Iterator[OutputFile]:
    site, cat = inputs.site, inputs.catalogue
    if not site.priorities:
        return
    rows = []
    for priority in site.priorities.values():
        areas = _areas_under(site, _descendants(site, priority.key))
        goals = [goal for area in areas for goal in area.goals]
        rows.append(PriorityRow(priority, priority_url(priority), _depth(site, priority),
                                len(goals), status_totals(site, goals)))
    all_areas = _areas_under(site, set(site.priorities))
    yield OutputFile(page_path(INDEX_URL), with_followers(site, [area.plan for area in all_areas]),
                     PrioritiesContext(tuple(rows)),
                     Page(INDEX_URL, cat.t("priority.index_title"),
                          ((cat.t("ui.home"), "/"),), cat.t("priority.index_intro")))
