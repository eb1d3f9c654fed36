"""HTML page kinds: each is a collector from the linked site to its pages, with a typed context.

A context holds everything its template shows, already resolved (the plan a
goal belongs to, a follow-up's goal, the status of each goal in a chain), so
templates only lay out. Every page lists the plans it shows (`sources`); the
incremental property test proves those lists complete.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial

from plansite.charts import IndicatorChart, indicator_chart
from plansite.dates import PartialDate, Period
from plansite.i18n import Catalogue
from plansite.links import next_plan, previous_plan
from plansite.model import (
    FocusArea,
    FollowUp,
    FollowUpPart,
    Goal,
    Plan,
    PlanHistory,
    Priority,
    Revision,
    Site,
    Track,
    Unit,
)
from plansite.outputs import Inputs, Later, OutputFile, Page, page_path

Totals = tuple[tuple[str | None, int], ...]
"""Goal counts per status key (None: not yet followed up), in vocabulary order."""


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


def status_totals(site: Site, goals: list[Goal] | tuple[Goal, ...]) -> Totals:
    """Goal counts per status in vocabulary order, then goals not yet followed up."""
    counts: dict[str | None, int] = {}
    for goal in goals:
        key = site.status_of(goal.key)
        counts[key] = counts.get(key, 0) + 1
    order: list[str | None] = [status.key for status in site.config.statuses]
    return tuple((key, counts[key]) for key in [*order, None] if key in counts)


def periods(site: Site) -> list[Period]:
    """Every period with a plan, latest first."""
    return sorted({plan.period for plan in site.plans.values()}, reverse=True)


def _page(url: str, title: str, crumbs: tuple[tuple[str, str], ...] = (),
          description: str = "") -> tuple[str, Page]:
    return page_path(url), Page(url, title, crumbs, description)


def _home(cat: Catalogue) -> tuple[str, str]:
    return (cat.t("ui.home"), "/")


def with_followers(site: Site, plan_keys: list[str]) -> tuple[str, ...]:
    """The plans shown, and the plans whose follow-ups set their goals' statuses."""
    keys = set(plan_keys)
    table = site.followers
    for key in plan_keys:
        keys |= table.get(key, set())
    return tuple(sorted(keys))


@dataclass(frozen=True, slots=True)
class GoalRef:
    """A goal as linked from another page: with its plan and current status."""

    goal: Goal
    plan: Plan
    status: str | None


def goal_ref(site: Site, goal_key: str) -> GoalRef:
    goal = site.goals[goal_key]
    return GoalRef(goal, site.plans[goal.plan], site.status_of(goal_key))


@dataclass(frozen=True, slots=True)
class PlanSummary:
    """A plan as listed on unit and period pages."""

    plan: Plan
    unit: Unit
    totals: Totals


def _summary(site: Site, plan: Plan) -> PlanSummary:
    return PlanSummary(plan, site.units[plan.unit], status_totals(site, plan.goals))


# --- the front page ----------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class GridRow:
    unit: Unit
    cells: tuple[Plan | None, ...]
    """The unit's plan for each period of the grid, or None."""


@dataclass(frozen=True, slots=True)
class IndexContext:
    periods: tuple[Period, ...]
    grid: tuple[GridRow, ...]
    totals: Totals
    goal_count: int
    plan_count: int
    unit_count: int


def index_pages(inputs: Inputs) -> Iterator[OutputFile]:
    site = inputs.site
    grid_periods = tuple(periods(site))
    rows = tuple(
        GridRow(unit, tuple(site.plans.get(f"{unit.key}/{period.key}") for period in grid_periods))
        for unit in site.units.values() if site.plans_of(unit.key))
    path, page = _page("/", site.config.title, description=site.config.description)
    yield OutputFile(path, tuple(site.plans), IndexContext(
        grid_periods, rows, status_totals(site, list(site.goals.values())), len(site.goals),
        len(site.plans), len(rows)), page)


# --- unit pages ----------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class RollupRow:
    """One period of a unit's roll-up: goal counts of its own and its sub-units' plans."""

    period: Period
    counts: tuple[int, ...]
    """Per status of `Rollup.statuses`, in that order."""
    total: int
    units: int


@dataclass(frozen=True, slots=True)
class Rollup:
    """A forvaltning's goals with those of every unit below it, by period and status."""

    statuses: tuple[str | None, ...]
    rows: tuple[RollupRow, ...]
    """Latest period first."""
    totals: Totals


@dataclass(frozen=True, slots=True)
class UnitContext:
    unit: Unit
    unit_plans: tuple[PlanSummary, ...]
    """Latest first."""
    children: tuple[Unit, ...]
    parent: Unit | None
    rollup: Rollup | None = None
    """Set when units below this one have plans."""
    totals: Totals = ()
    """Goals of the unit's plans by status (with the units below it when it rolls up)."""
    tracks: tuple[TrackLink, ...] = ()
    """The unit's focus areas that run through two or more of its plans."""


def descendants(site: Site, unit: Unit) -> list[Unit]:
    """The units below `unit`, at any depth, in units.yaml order."""
    below: set[str] = {unit.key}
    found: list[Unit] = []
    changed = True
    while changed:
        changed = False
        for other in site.units.values():
            if other.parent in below and other.key not in below:
                below.add(other.key)
                found.append(other)
                changed = True
    return [u for u in site.units.values() if u in found]


def _rollup(site: Site, unit: Unit, below: list[Unit]) -> Rollup | None:
    plans = [plan for u in (unit, *below) for plan in site.plans_of(u.key)]
    if not any(plan.unit != unit.key for plan in plans):
        return None
    goals = [goal for plan in plans for goal in plan.goals]
    totals = status_totals(site, goals)
    statuses = tuple(key for key, _count in totals)
    rows = []
    for period in sorted({plan.period for plan in plans}, reverse=True):
        here = [plan for plan in plans if plan.period == period]
        counts = dict(status_totals(site, [goal for plan in here for goal in plan.goals]))
        if not counts:
            continue  # only follow-ups that period: their goals count in their own period
        rows.append(RollupRow(period, tuple(counts.get(key, 0) for key in statuses),
                              sum(counts.values()), len({plan.unit for plan in here})))
    return Rollup(statuses, tuple(rows), totals)


def unit_pages(inputs: Inputs) -> Iterator[OutputFile]:
    site, cat = inputs.site, inputs.catalogue
    for unit in site.units.values():
        plans = sorted(site.plans_of(unit.key), key=lambda p: p.period, reverse=True)
        children = tuple(u for u in site.units.values() if u.parent == unit.key)
        parent = site.units.get(unit.parent) if unit.parent else None
        crumbs = [_home(cat)]
        if parent is not None:
            crumbs.append((parent.name, unit_url(parent)))
        path, page = _page(unit_url(unit), unit.name, tuple(crumbs))
        below = descendants(site, unit)
        shown = [plan.key for u in (unit, *below) for plan in site.plans_of(u.key)]
        yield OutputFile(path, with_followers(site, shown), Later(partial(
            _unit_context, site, unit, plans, children, parent, below)), page)


def _unit_context(site: Site, unit: Unit, plans: list[Plan], children: tuple[Unit, ...],
                  parent: Unit | None, below: list[Unit]) -> UnitContext:
    rollup = _rollup(site, unit, below)
    totals = rollup.totals if rollup else status_totals(
        site, [goal for plan in plans for goal in plan.goals])
    return UnitContext(unit, tuple(_summary(site, plan) for plan in plans), children,
                       parent, rollup, totals, unit_tracks(site, unit))


# --- period pages --------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class PeriodContext:
    period: Period
    period_plans: tuple[PlanSummary, ...]
    totals: Totals = ()
    """Goals of every plan of the period, by status."""


def period_pages(inputs: Inputs) -> Iterator[OutputFile]:
    site, cat = inputs.site, inputs.catalogue
    for period in periods(site):
        plans = [plan for plan in site.plans.values() if plan.period == period]
        path, page = _page(period_url(period), cat.t("period.title", period=period.key),
                           (_home(cat),))
        context = PeriodContext(period, tuple(_summary(site, plan) for plan in plans),
                                status_totals(site, [g for plan in plans for g in plan.goals]))
        yield OutputFile(path, with_followers(site, [plan.key for plan in plans]), context,
                         page)


# --- plan pages ----------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class EntryView:
    """A follow-up entry on the page of the plan that publishes it."""

    entry: FollowUp
    target: GoalRef | None
    """The goal followed up (None while the reference is broken)."""
    continued_as: Goal | None


@dataclass(frozen=True, slots=True)
class PartView:
    part: FollowUpPart
    entries: tuple[EntryView, ...]


@dataclass(frozen=True, slots=True)
class PlanContext:
    plan: Plan
    unit: Unit
    previous: Plan | None
    next: Plan | None
    parts: tuple[PartView, ...]
    """The plan's follow-up parts, entries resolved."""
    totals: Totals = ()
    """The plan's goals by current status."""
    history: PlanHistory | None = None
    """When the source last changed and the changes after publication (None outside git)."""


def _entry_view(site: Site, entry: FollowUp) -> EntryView:
    target = goal_ref(site, entry.target) if entry.target in site.goals else None
    later = site.goals.get(entry.continued_as) if entry.continued_as else None
    return EntryView(entry, target, later)


def _plans_referred(plan: Plan) -> list[str]:
    """The plan and the plans of the goals its follow-ups point at (targets, continuations)."""
    return [plan.key, *(entry.target.rsplit("/", 1)[0] for entry in plan.follow_ups),
            *(e.continued_as.rsplit("/", 1)[0] for e in plan.follow_ups if e.continued_as)]


def plan_page(inputs: Inputs, plan: Plan) -> Iterator[OutputFile]:
    site, cat = inputs.site, inputs.catalogue
    unit = site.units[plan.unit]
    previous, following = previous_plan(site, plan), next_plan(site, plan)
    shown = [*_plans_referred(plan), *(p.key for p in (previous, following) if p is not None)]
    path, page = _page(plan_url(plan), plan.title, (_home(cat), (unit.name, unit_url(unit))))
    yield OutputFile(path, with_followers(site, shown), Later(partial(
        _plan_context, site, plan, unit, previous, following)), page)


def _plan_context(site: Site, plan: Plan, unit: Unit, previous: Plan | None,
                  following: Plan | None) -> PlanContext:
    parts = tuple(PartView(part, tuple(_entry_view(site, e) for e in part.entries))
                  for part in plan.follow_up_parts)
    return PlanContext(plan, unit, previous, following, parts, status_totals(site, plan.goals),
                       history=site.history.get(plan.key))


# --- goal pages ----------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class PublishedEntry:
    """A follow-up entry on its goal's page, with the plan that published it."""

    entry: FollowUp
    published_in: Plan


@dataclass(frozen=True, slots=True)
class LifeEvent:
    """One step of a goal's life on its page's timeline: set in a plan, or followed up."""

    goal: GoalRef
    """The goal of the chain the step belongs to (the page's goal or one it continues)."""
    entry: PublishedEntry | None = None
    """None: the step is the goal being set in `goal.plan`."""

    @property
    def date(self) -> PartialDate | None:
        """The entry's own date, else the date its plan was published."""
        if self.entry is None:
            return self.goal.plan.published
        return self.entry.entry.date or self.entry.published_in.published


def life_of(site: Site, chain: tuple[GoalRef, ...]) -> tuple[LifeEvent, ...]:
    """Every goal of the chain as it was set, each followed by its follow-up entries."""
    events: list[LifeEvent] = []
    for ref in chain:
        events.append(LifeEvent(ref))
        events.extend(LifeEvent(ref, PublishedEntry(entry, site.plans[entry.published_in]))
                      for entry in site.follow_ups.get(ref.goal.key, ()))
    return tuple(events)


def carried_plans(site: Site, area: FocusArea) -> list[str]:
    """The plans of the focus areas `area` carries on (`viderefører`), nearest first.

    A page that shows the area's inherited theme depends on them."""
    plans: list[str] = []
    key = area.carries
    while key in site.focus_areas and len(plans) < len(site.focus_areas):
        parent = site.focus_areas[key]
        plans.append(parent.plan)
        key = parent.carries
    return plans


def carried_area(site: Site, area: FocusArea) -> tuple[FocusArea, Plan] | None:
    """The focus area `area` carries on, with its plan (None: it carries none)."""
    parent = site.focus_areas.get(area.carries) if area.carries else None
    return (parent, site.plans[parent.plan]) if parent is not None else None


def priority_path(site: Site, area: FocusArea) -> tuple[Priority, ...]:
    """The focus area's theme with the themes above it, outermost first (empty: none)."""
    path: list[Priority] = []
    key: str | None = area.priority
    while key and key in site.priorities and len(path) < len(site.priorities):
        path.insert(0, site.priorities[key])
        key = site.priorities[key].parent
    return tuple(path)


@dataclass(frozen=True, slots=True)
class GoalContext:
    goal: Goal
    plan: Plan
    area: FocusArea
    unit: Unit
    current_status: str | None
    entries: tuple[PublishedEntry, ...]
    """Oldest first."""
    chain: tuple[GoalRef, ...]
    """The same commitment across years, earliest first (just this goal if none)."""
    continues: GoalRef | None
    continued_as: GoalRef | None
    indicator_charts: tuple[IndicatorChart | None, ...] = ()
    """One per indicator of the goal, in order (None: no values to draw)."""
    life: tuple[LifeEvent, ...] = ()
    """The timeline: every goal of the chain as set, then its follow-ups, earliest first."""
    priorities: tuple[Priority, ...] = ()
    """The focus area's theme, outermost first (empty: the area carries none)."""
    carries: tuple[FocusArea, Plan] | None = None
    """The parent unit's focus area this goal's area carries on (`viderefører`), with its plan."""
    changes: tuple[Revision, ...] = ()
    """Commits after the plan's publication that changed the goal's words, oldest first."""
    added_after_publication: bool = False
    """The goal was not in the plan as published: the first of `changes` added it."""


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


def goal_pages(inputs: Inputs, plan: Plan) -> Iterator[OutputFile]:
    site, cat = inputs.site, inputs.catalogue
    unit = site.units[plan.unit]
    crumbs = (_home(cat), (unit.name, unit_url(unit)), (plan.title, plan_url(plan)))
    # The plan's followers publish every entry on its goals, so this covers them.
    plan_sources = with_followers(site, [plan.key])
    history = site.history.get(plan.key)
    for area in plan.focus_areas:
        for goal in area.goals:
            chain = chain_of(site, goal.key)
            carried = carried_plans(site, area)
            sources = plan_sources if len(chain) == 1 and not carried else with_followers(
                site, [plan.key, *(key.rsplit("/", 1)[0] for key in chain), *carried])
            path, page = _page(goal_url(goal), goal.title, crumbs)
            yield OutputFile(path, sources, Later(partial(
                _goal_context, site, cat, goal, plan, area, unit, chain, history)), page)


def _goal_context(site: Site, cat: Catalogue, goal: Goal, plan: Plan, area: FocusArea,
                  unit: Unit, chain: list[str], history: PlanHistory | None) -> GoalContext:
    earlier, later = site.continues.get(goal.key), site.continued_as.get(goal.key)
    refs = tuple(goal_ref(site, key) for key in chain)
    return GoalContext(
        goal, plan, area, unit, site.status_of(goal.key),
        tuple(PublishedEntry(entry, site.plans[entry.published_in])
              for entry in site.follow_ups.get(goal.key, ())),
        refs,
        goal_ref(site, earlier) if earlier else None,
        goal_ref(site, later) if later else None,
        tuple(indicator_chart(indicator, cat) for indicator in goal.indicators),
        life_of(site, refs), priority_path(site, area),
        carried_area(site, area),
        changes=history.goal_changes.get(goal.id, ()) if history else (),
        added_after_publication=history is not None and goal.id in history.goals_added)


# --- the open data page --------------------------------------------------------------------

DATA_FIELDS = ("id", "unit", "unit_name", "period", "plan_title", "focus_area", "title",
               "status", "url", "plan_url", "follow_ups", "continues", "continued_as",
               "focus_area_key", "priority")
"""The columns of goals.csv and keys of goals.json: the data contract (docs/reference.md).
New fields are only ever added at the end."""


@dataclass(frozen=True, slots=True)
class DataContext:
    goal_count: int
    fields: tuple[str, ...]


def data_pages(inputs: Inputs) -> Iterator[OutputFile]:
    site, cat = inputs.site, inputs.catalogue
    path, page = _page("/data/", cat.t("data.title"), (_home(cat),))
    yield OutputFile(path, tuple(site.plans), DataContext(len(site.goals), DATA_FIELDS), page)


# --- focus-area pages, track pages and print views ---------------------------------------
#
# URLs. A focus area's page is /<unit>/<period>/<area-id>/, beside the goal pages of its
# plan: focus areas and goals share one id namespace per plan (a duplicate is an error), so
# the two never meet, and the URL reads like the area's key "unit/period/area". A track
# (the same area id in successive plans of a unit) is /<unit>/indsatsomraade/<area-id>/:
# every other folder under a unit is a period key, which is digits ("2015", "2016-2017"),
# so "indsatsomraade" can never be a plan's URL. A plan's print view is the file
# /<unit>/<period>/udskrift.html: ids are slugs (a-z, 0-9 and "-", never a dot), so no goal
# or focus-area page (<id>/index.html) can take that name.

TRACKS_FOLDER = "indsatsomraade"
PRINT_FILE = "udskrift.html"
SUMMARY_LENGTH = 220
"""Characters of a follow-up's text shown on a focus-area page before it is cut."""

_TAG = re.compile(r"<[^>]*>")


def focus_area_url(area: FocusArea) -> str:
    return f"/{area.plan}/{area.id}/"


def track_url(track: Track) -> str:
    return f"/{track.unit}/{TRACKS_FOLDER}/{track.id}/"


def print_url(plan: Plan) -> str:
    return f"{plan_url(plan)}{PRINT_FILE}"


def summary(text_html: str, length: int = SUMMARY_LENGTH) -> str:
    """A rendered text as one line of plain text, cut at a word near `length` ("…")."""
    text = " ".join(html.unescape(_TAG.sub(" ", text_html)).split())
    if len(text) <= length:
        return text
    cut = text[:length].rsplit(" ", 1)[0].rstrip(" ,.;:–-")
    return f"{cut} …"


def multi_period_track(site: Site, area: FocusArea) -> Track | None:
    """The area's track when successive plans carry its id (two or more areas), else None."""
    track = site.track_of(area.key)
    return track if track is not None and len(track.areas) > 1 else None


@dataclass(frozen=True, slots=True)
class TrackLink:
    """A track as linked from a unit page or one of its focus-area pages."""

    track: Track
    url: str
    title: str
    """The title of the track's latest focus area."""
    periods: tuple[Period, ...]
    """Oldest first."""


def track_link(site: Site, track: Track) -> TrackLink:
    areas = [site.focus_areas[key] for key in track.areas]
    return TrackLink(track, track_url(track), areas[-1].title,
                     tuple(site.plans[area.plan].period for area in areas))


def unit_tracks(site: Site, unit: Unit) -> tuple[TrackLink, ...]:
    """The unit's focus areas that run through two or more of its plans, in plan order."""
    return tuple(track_link(site, track) for track in site.tracks.values()
                 if track.unit == unit.key and len(track.areas) > 1)


def _track_plans(track: Track | None) -> list[str]:
    return [key.rsplit("/", 1)[0] for key in track.areas] if track is not None else []


@dataclass(frozen=True, slots=True)
class LatestFollowUp:
    """A goal's latest follow-up entry, shortened for a list."""

    entry: FollowUp
    summary: str
    """The entry's text as plain text, cut to a couple of lines."""
    published_in: Plan


@dataclass(frozen=True, slots=True)
class AreaGoal:
    """A goal on its focus area's page: its current status and latest follow-up."""

    goal: Goal
    url: str
    status: str | None
    latest: LatestFollowUp | None


@dataclass(frozen=True, slots=True)
class FocusAreaContext:
    area: FocusArea
    plan: Plan
    unit: Unit
    goals: tuple[AreaGoal, ...]
    totals: Totals
    track: TrackLink | None
    """The area through the years, when successive plans of the unit carry its id."""
    priorities: tuple[Priority, ...] = ()
    """The area's theme, outermost first (empty: none)."""
    carries: tuple[FocusArea, Plan] | None = None
    """The parent unit's focus area it carries on (`viderefører`), with its plan."""


def _area_goal(site: Site, goal: Goal) -> AreaGoal:
    entries = site.follow_ups.get(goal.key, ())
    latest = None
    if entries:
        last = entries[-1]
        latest = LatestFollowUp(last, summary(last.text_html), site.plans[last.published_in])
    return AreaGoal(goal, goal_url(goal), site.status_of(goal.key), latest)


def focus_area_pages(inputs: Inputs, plan: Plan) -> Iterator[OutputFile]:
    site, cat = inputs.site, inputs.catalogue
    unit = site.units[plan.unit]
    crumbs = (_home(cat), (unit.name, unit_url(unit)), (plan.title, plan_url(plan)))
    for area in plan.focus_areas:
        track = multi_period_track(site, area)
        # The track link depends on which plans carry the id: they are sources too.
        sources = with_followers(
            site, [plan.key, *_track_plans(track), *carried_plans(site, area)])
        path, page = _page(focus_area_url(area), area.title, crumbs)
        yield OutputFile(path, sources, Later(partial(
            _focus_area_context, site, area, plan, unit, track)), page)


def _focus_area_context(site: Site, area: FocusArea, plan: Plan, unit: Unit,
                        track: Track | None) -> FocusAreaContext:
    return FocusAreaContext(
        area, plan, unit, tuple(_area_goal(site, goal) for goal in area.goals),
        status_totals(site, area.goals),
        track_link(site, track) if track is not None else None,
        priority_path(site, area),
        carried_area(site, area))


@dataclass(frozen=True, slots=True)
class TrackGoal:
    """A goal on a track page, with the goals it continues and is continued as."""

    ref: GoalRef
    url: str
    continues: GoalRef | None
    """The earlier goal this one carries on (`fortsætter-som` in a follow-up)."""
    continued_as: GoalRef | None


@dataclass(frozen=True, slots=True)
class OutcomeGroup:
    """A period's goals with one current status (None: not followed up yet)."""

    status: str | None
    goals: tuple[TrackGoal, ...]


@dataclass(frozen=True, slots=True)
class TrackStep:
    """One period of a track: that year's focus area and what became of its goals."""

    area: FocusArea
    plan: Plan
    url: str
    """The focus area's own page."""
    added: tuple[TrackGoal, ...]
    """Goals new in this period: they carry on no earlier goal."""
    continued: tuple[TrackGoal, ...]
    """Goals that carry on an earlier goal (`fortsætter-som`)."""
    outcomes: tuple[OutcomeGroup, ...]
    """This period's goals by current status, in vocabulary order, then not followed up."""


@dataclass(frozen=True, slots=True)
class TrackContext:
    track: Track
    unit: Unit
    title: str
    """The title of the latest focus area."""
    steps: tuple[TrackStep, ...]
    """Oldest period first."""
    totals: Totals
    goal_count: int


def _track_goal(site: Site, goal: Goal) -> TrackGoal:
    earlier, later = site.continues.get(goal.key), site.continued_as.get(goal.key)
    return TrackGoal(goal_ref(site, goal.key), goal_url(goal),
                     goal_ref(site, earlier) if earlier in site.goals else None,
                     goal_ref(site, later) if later in site.goals else None)


def _track_step(site: Site, area: FocusArea) -> TrackStep:
    goals = [_track_goal(site, goal) for goal in area.goals]
    order: list[str | None] = [status.key for status in site.config.statuses]
    unknown = {g.ref.status for g in goals if g.ref.status is not None} - set(order)
    keys = [*order, *sorted(unknown, key=str), None]
    outcomes = tuple(OutcomeGroup(key, tuple(g for g in goals if g.ref.status == key))
                     for key in dict.fromkeys(keys) if any(g.ref.status == key for g in goals))
    return TrackStep(area, site.plans[area.plan], focus_area_url(area),
                     tuple(g for g in goals if g.continues is None),
                     tuple(g for g in goals if g.continues is not None), outcomes)


def track_pages(inputs: Inputs) -> Iterator[OutputFile]:
    site, cat = inputs.site, inputs.catalogue
    for track in site.tracks.values():
        if len(track.areas) < 2:
            continue
        unit = site.units[track.unit]
        areas = [site.focus_areas[key] for key in track.areas]
        goals = [goal for area in areas for goal in area.goals]
        # Shown: every plan of the track, and the plans of the goals its goals continue or
        # are continued as (their titles, periods and statuses).
        partners = [key for goal in goals
                    for key in (site.continues.get(goal.key), site.continued_as.get(goal.key))
                    if key is not None]
        sources = with_followers(site, [*_track_plans(track),
                                         *(key.rsplit("/", 1)[0] for key in partners)])
        title = areas[-1].title
        path, page = _page(track_url(track), cat.t("track.title", area=title),
                           (_home(cat), (unit.name, unit_url(unit))))
        yield OutputFile(path, sources, Later(partial(
            _track_context, site, track, unit, title, areas, goals)), page)


def _track_context(site: Site, track: Track, unit: Unit, title: str, areas: list[FocusArea],
                   goals: list[Goal]) -> TrackContext:
    return TrackContext(track, unit, title, tuple(_track_step(site, area) for area in areas),
                        status_totals(site, goals), len(goals))


@dataclass(frozen=True, slots=True)
class PrintGoal:
    goal: Goal
    status: str | None
    entries: tuple[PublishedEntry, ...]
    """Every follow-up entry on the goal, oldest first."""


@dataclass(frozen=True, slots=True)
class PrintArea:
    area: FocusArea
    goals: tuple[PrintGoal, ...]


@dataclass(frozen=True, slots=True)
class PrintContext:
    plan: Plan
    unit: Unit
    areas: tuple[PrintArea, ...]
    parts: tuple[PartView, ...]
    """The plan's own follow-up parts, entries resolved."""
    web_url: str
    """The plan's page on the site, named at the top of the printout."""


def print_page(inputs: Inputs, plan: Plan) -> Iterator[OutputFile]:
    site = inputs.site
    unit = site.units[plan.unit]
    url = print_url(plan)
    yield OutputFile(url.lstrip("/"), with_followers(site, _plans_referred(plan)),
                     Later(partial(_print_context, site, plan, unit)), Page(url, plan.title))


def _print_context(site: Site, plan: Plan, unit: Unit) -> PrintContext:
    areas = tuple(PrintArea(area, tuple(
        PrintGoal(goal, site.status_of(goal.key),
                  tuple(PublishedEntry(entry, site.plans[entry.published_in])
                        for entry in site.follow_ups.get(goal.key, ())))
        for goal in area.goals)) for area in plan.focus_areas)
    parts = tuple(PartView(part, tuple(_entry_view(site, e) for e in part.entries))
                  for part in plan.follow_up_parts)
    return PrintContext(plan, unit, areas, parts, plan_url(plan))
