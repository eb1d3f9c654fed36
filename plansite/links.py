"""Connect parsed plans into a `Site`: resolve follow-up references, chains, statuses.

Also the checks that need the whole site: duplicate plans, unknown units and
goals, and the warnings editors want (goals left without follow-up, chains that
skip a period).
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from plansite import priorities, todo
from plansite.dates import Period, parse_period
from plansite.errors import Problem, Report
from plansite.model import (
    FocusArea,
    FollowUp,
    Goal,
    Plan,
    Priority,
    Site,
    SiteConfig,
    Track,
    Unit,
)
from plansite.validation import suggest


def link(config: SiteConfig, units: dict[str, Unit], plans: list[Plan], report: Report,
         memo: dict[tuple[int, str], tuple[Plan, Plan]] | None = None, warnings: bool = True,
         broken: Mapping[str, Path] | None = None,
         themes: Mapping[str, Priority] | None = None,
         follow_ups: FollowUpMemo | None = None) -> Site:
    """Build the linked site; problems go to `report`.

    `broken` names the sources that have errors, by plan key: a reference that
    does not resolve into one of them is reported once per source, as "fix that
    file first", since the missing goal is most likely one it could not read.

    `memo` keeps resolved plans between calls (the live preview relinks on every
    save; `build` keeps it in its cache): a plan's references resolve the same way
    as long as the plan and its unit's previous plan are the same. It is keyed by
    the parsed plan's id and the previous plan's key, and holds the parsed plan
    itself: an entry counts only for that very object, never for a new one that
    took a freed object's id. `follow_ups` keeps the last link's follow-up tables, to
    collect only the saved plans' part again (`Collected`).
    """
    by_key: dict[str, Plan] = {}
    for plan in plans:
        if plan.unit not in units:
            report.error(plan.path, plan.line, "unknown-unit", value=plan.unit,
                         suggestion=suggest(plan.unit, units), allowed=", ".join(units) or "-")
            continue
        if plan.key in by_key:
            report.error(plan.path, plan.line, "duplicate-plan", unit=plan.unit,
                         period=plan.period.key, other=str(by_key[plan.key].path))
            continue
        by_key[plan.key] = plan
    order = {key: index for index, key in enumerate(units)}
    ordered = sorted(by_key.values(), key=lambda p: (order[p.unit], p.period))
    site = Site(config, units, {plan.key: plan for plan in ordered})
    site.goals = {goal.key: goal for plan in ordered for goal in plan.goals}
    resolved = {}
    for plan in ordered:
        previous = previous_plan(site, plan)
        key = (id(plan), previous.key if previous else "")
        known = memo.get(key) if memo is not None else None
        if known is not None and known[0] is plan:
            resolved[plan.key] = known[1]
            continue
        resolved[plan.key] = _resolve_plan(site, plan, previous)
        if memo is not None:
            memo[key] = (plan, resolved[plan.key])
    if memo is not None:
        live = {id(plan) for plan in ordered}
        for key in [key for key in memo if key[0] not in live]:
            del memo[key]
    site.plans = resolved
    site._by_unit = None
    site.focus_areas, site.tracks = _index_focus_areas(site)
    site.priorities = dict(themes or {})
    priorities.link(site, report)
    _check_references(site, report, broken or {})
    _collect_follow_ups(site, report, follow_ups)
    if warnings:
        _warn(site, report)
    return site


def plan_before(site: Site, unit: str, period: Period) -> Plan | None:
    """The unit's latest plan before `period` (also for a period with no plan yet)."""
    earlier = None
    for other in site.plans_of(unit):
        if other.period >= period:
            break
        earlier = other
    return earlier


def previous_plan(site: Site, plan: Plan) -> Plan | None:
    """The same unit's latest plan before this one."""
    return plan_before(site, plan.unit, plan.period)


def next_plan(site: Site, plan: Plan) -> Plan | None:
    for other in site.plans_of(plan.unit):
        if other.period > plan.period:
            return other
    return None


def _index_focus_areas(site: Site) -> tuple[dict[str, FocusArea], dict[str, Track]]:
    """Every focus area by global key, and each unit's areas grouped by id into tracks.

    Reads the final (resolved) plans, in unit then period order, so tracks list
    their areas oldest first.
    """
    areas: dict[str, FocusArea] = {}
    by_track: dict[tuple[str, str], list[str]] = {}
    for plan in site.plans.values():
        for area in plan.focus_areas:
            areas[area.key] = area
            by_track.setdefault((plan.unit, area.id), []).append(area.key)
    tracks = {f"{unit}/{area_id}": Track(unit, area_id, tuple(keys))
              for (unit, area_id), keys in by_track.items()}
    return areas, tracks


def _resolve_ref(plan: Plan, ref: str, default_plan: Plan | None) -> str | None:
    """Expand "id", "period/id" or "unit/period/id" to a global goal id (None if malformed)."""
    parts = [part.strip() for part in ref.strip().strip("/").split("/")]
    if len(parts) == 1 and default_plan is not None:
        return f"{default_plan.key}/{parts[0]}"
    if len(parts) in (2, 3):
        unit = parts[0] if len(parts) == 3 else plan.unit
        period = parse_period(parts[-2])
        if period is not None:
            return f"{unit}/{period.key}/{parts[-1]}"
    return None


def _resolve_plan(site: Site, plan: Plan, previous: Plan | None) -> Plan:
    """The plan with its follow-up references expanded to global goal ids and anchors set."""
    anchors: dict[str, int] = {}

    def resolve(entry: FollowUp) -> FollowUp:
        target = _resolve_ref(plan, entry.target, previous) or entry.target
        continued = entry.continued_as
        if continued:
            continued = _resolve_ref(plan, continued, plan) or continued
        anchor = "opfoelgning-" + target.replace("/", "-")
        anchors[anchor] = anchors.get(anchor, 0) + 1
        if anchors[anchor] > 1:
            anchor = f"{anchor}-{anchors[anchor]}"
        return replace(entry, target=target, continued_as=continued, anchor=anchor,
                       raw_target=entry.target, raw_continued_as=entry.continued_as or "")

    parts = tuple(replace(part, entries=tuple(resolve(e) for e in part.entries))
                  for part in plan.follow_up_parts)
    return replace(plan, follow_up_parts=parts)


def _check_references(site: Site, report: Report, broken: Mapping[str, Path]) -> None:
    """Every follow-up points at an existing goal, and so does every fortsætter-som."""
    told: set[tuple[Path, str]] = set()
    for plan in site.plans.values():
        for entry in plan.follow_ups:
            if entry.target not in site.goals:
                raw = entry.raw_target or entry.target
                if _into_broken(site, plan, entry.target, broken, report, entry, told):
                    continue
                code = "unknown-goal" if "/" in raw or previous_plan(site, plan) else \
                    "no-previous-plan"
                close = difflib.get_close_matches(entry.target, list(site.goals), n=3,
                                                  cutoff=0.4)
                report.error(entry.path, entry.target_line or entry.line, code, value=raw,
                             suggestions=", ".join(close) or "-")
            if entry.continued_as and entry.continued_as not in site.goals:
                if _into_broken(site, plan, entry.continued_as, broken, report, entry, told):
                    continue
                close = difflib.get_close_matches(entry.continued_as, list(site.goals), n=3,
                                                  cutoff=0.4)
                report.error(entry.path, entry.line, "unknown-continued-as",
                             value=entry.raw_continued_as or entry.continued_as,
                             suggestions=", ".join(close) or "-")


def _into_broken(site: Site, plan: Plan, target: str, broken: Mapping[str, Path],
                 report: Report, entry: FollowUp, told: set[tuple[Path, str]]) -> bool:
    """Whether a reference that did not resolve points into a source with errors.

    The first such reference from each source is reported, naming the file to
    fix first; the rest are that file's errors already.
    """
    plan_key = target.rsplit("/", 1)[0] if "/" in target else ""
    if plan_key not in broken:
        earlier = [key for key in broken if key.split("/")[0] == plan.unit
                   and key not in site.plans and key < plan.key]
        if "/" in target or not earlier:
            return False
        plan_key = max(earlier)  # "mål: boformer" into a previous plan that failed to load
    if plan_key in site.plans:
        return True  # the plan loaded with errors: the missing goal is one of them
    if (entry.path, plan_key) not in told:
        told.add((entry.path, plan_key))
        report.error(entry.path, entry.target_line or entry.line, "target-has-errors",
                     file=broken[plan_key].name, value=entry.raw_target or target)
    return True


_Item = tuple[tuple[object, ...], FollowUp]
"""A follow-up with its place among its goal's: period, date, place in the source, and
the plan's and the entry's place in the walk (so the order is total)."""


@dataclass
class Collected:
    """What `_collect_follow_ups` made of a linked site, for the next link.

    The live preview links the whole site on every save. When the saved plans' goals
    are the same, only the goals those plans follow up are collected again: at 10,000
    goals that is a few of 18,000 entries, and 60 ms of a save's 200. The chains
    (`fortsætter som`) are walked again whole, in the same order: which of two
    conflicting entries is the error depends on it.
    """

    plans: dict[str, Plan]
    goals: dict[str, Goal]
    entries: dict[str, list[_Item]]
    chained: list[_Item]
    """The entries that continue a goal as another, in the order of the walk."""
    follow_ups: dict[str, tuple[FollowUp, ...]]
    followers: dict[str, set[str]]
    continued_as: dict[str, str]
    continues: dict[str, str]
    problems: list[Problem]


@dataclass
class FollowUpMemo:
    """Keeps the last `Collected` between links (`link`'s `follow_ups`)."""

    last: Collected | None = None


def _collect_follow_ups(site: Site, report: Report, memo: FollowUpMemo | None) -> None:
    """Each goal's follow-ups in order of period, date and place in the source; the plans
    that follow each plan up; the chains and their errors."""
    last = memo.last if memo is not None else None
    changed = _changed_plans(site, last, report) if last is not None else None
    collected = _collect_all(site) if last is None or changed is None else \
        _collect_changed(site, last, changed)
    site.follow_ups, site.followers = collected.follow_ups, collected.followers
    site.continued_as, site.continues = collected.continued_as, collected.continues
    report.extend(collected.problems)
    if memo is not None:
        memo.last = collected


def _items(plan: Plan, place: int) -> list[tuple[str, _Item]]:
    """(target, item) of each of the plan's follow-ups, `place` being the plan's."""
    start, end = plan.period.start, plan.period.end
    undated = (end, 13, 0)
    return [(entry.target, ((start, end, entry.date.sort_key if entry.date else undated,
                             entry.sequence, place, at), entry))
            for at, entry in enumerate(plan.follow_ups)]


def _collect_all(site: Site) -> Collected:
    goals = site.goals
    entries: dict[str, list[_Item]] = {}
    chained: list[_Item] = []
    for place, plan in enumerate(site.plans.values()):
        for target, item in _items(plan, place):
            if target not in goals:
                continue
            found = entries.get(target)
            if found is None:
                entries[target] = [item]
            else:
                found.append(item)
            if item[1].continued_as and item[1].continued_as in goals:
                chained.append(item)
    follow_ups: dict[str, tuple[FollowUp, ...]] = {}
    followers: dict[str, set[str]] = {}
    for target, items in entries.items():
        items.sort(key=_first)
        follow_ups[target] = tuple(entry for _, entry in items)
        followers.setdefault(target.rsplit("/", 1)[0], set()).update(
            entry.published_in for _, entry in items)
    return Collected(dict(site.plans), goals, entries, chained, follow_ups, followers,
                     *_chains(chained))


def _changed_plans(site: Site, last: Collected, report: Report) -> list[str] | None:
    """The plans that differ from `last`'s, when only their own goals' follow-ups can
    differ; None when the whole site must be collected again."""
    if list(site.plans) != list(last.plans) or site.goals.keys() != last.goals.keys() or \
            any(problem.severity == "error" for problem in report.problems):
        return None  # plans or goals came or went; or a goal's id may not be a slug
    return [key for key, plan in site.plans.items() if plan is not last.plans[key]]


def _collect_changed(site: Site, last: Collected, changed: list[str]) -> Collected:
    goals = site.goals
    places = {key: place for place, key in enumerate(site.plans)}
    replaced = {places[key] for key in changed}
    fresh: dict[str, list[_Item]] = {}
    affected: set[str] = set()
    chained = [item for item in last.chained if _place(item)[0] not in replaced]
    for key in changed:
        affected.update(entry.target for entry in last.plans[key].follow_ups
                        if entry.target in goals)
        for target, item in _items(site.plans[key], places[key]):
            if target in goals:
                fresh.setdefault(target, []).append(item)
                affected.add(target)
                if item[1].continued_as and item[1].continued_as in goals:
                    chained.append(item)
    chained.sort(key=_place)
    entries, follow_ups = dict(last.entries), dict(last.follow_ups)
    followers = dict(last.followers)
    for target in affected:
        items = [item for item in last.entries.get(target, ())
                 if _place(item)[0] not in replaced]
        items += fresh.get(target, [])
        items.sort(key=_first)
        if items:
            entries[target] = items
            follow_ups[target] = tuple(entry for _, entry in items)
        else:
            entries.pop(target, None)
            follow_ups.pop(target, None)
    for plan_key in {target.rsplit("/", 1)[0] for target in affected}:
        following = {entry.published_in for goal in site.plans[plan_key].goals
                     for entry in follow_ups.get(goal.key, ())}
        if following:
            followers[plan_key] = following
        else:
            followers.pop(plan_key, None)
    return Collected(dict(site.plans), goals, entries, chained, follow_ups, followers,
                     *_chains(chained))


def _first(item: _Item) -> tuple[object, ...]:
    return item[0]


def _place(item: _Item) -> tuple[object, ...]:
    """The entry's place in the walk: its plan's, then its own in the plan."""
    return item[0][4:]


def _chains(chained: list[_Item]) -> tuple[dict[str, str], dict[str, str], list[Problem]]:
    """(continued_as, continues, errors) of the chain entries, first come first served."""
    continued_as: dict[str, str] = {}
    continues: dict[str, str] = {}
    errors = Report()
    for _, entry in chained:
        _chain(continued_as, continues, entry, errors)
    return continued_as, continues, errors.problems


def _chain(continued_as: dict[str, str], continues: dict[str, str], entry: FollowUp,
           report: Report) -> None:
    old, new = entry.target, entry.continued_as
    assert new is not None
    if old == new:
        report.error(entry.path, entry.line, "chain-to-itself", value=new)
        return
    if continued_as.get(old, new) != new or continues.get(new, old) != old:
        report.error(entry.path, entry.line, "chain-conflict", goal=old, value=new)
        return
    continued_as[old] = new
    continues[new] = old


def _warn(site: Site, report: Report) -> None:
    for plan in site.plans.values():
        successor = next_plan(site, plan)
        if successor is None or successor.period.start != plan.period.end + 1:
            continue
        for goal in plan.goals:
            if goal.key not in site.follow_ups:
                report.warning(plan.path, goal.line, "goal-not-followed-up", goal=goal.id,
                               plan=successor.key)
    for new, old in site.continues.items():
        old_plan = site.plans[site.goals[old].plan]
        new_plan = site.plans[site.goals[new].plan]
        if new_plan.period.start > old_plan.period.end + 1:
            entry = next(e for e in site.follow_ups[old] if e.continued_as == new)
            report.warning(entry.path, entry.line, "chain-skips-period", goal=old, value=new)
    report.extend(todo.warnings(site))  # untouched new-plan stubs, disagreeing follow-ups
