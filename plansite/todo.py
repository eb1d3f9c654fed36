"""Unfinished work, made visible: what is still to do in a linked `Site`.

`new-plan` writes a follow-up stub for every goal of the previous plan: status
"ikke vurderet" and a pre-filled HTML comment that starts with a fixed marker
word (catalogue key `new_plan.marker`: "UDFYLD" in Danish, "TODO" in English).
A stub whose status is still not-assessed and whose text is still nothing but
that comment is *untouched*; `check` warns about each one. An editor who has
truly not assessed a goal yet keeps the status and writes a line of text.

`check --todo` lists, per plan, the goals of past periods that nobody has
followed up and the untouched stubs. A plan's period is *past* when the unit
has a later plan (its follow-ups belong there), or when the period ended
before the current year (the follow-up is due, even if next period's plan is
not written yet).

Everything here is pure: functions from the site to problems and lists.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from plansite import statuses
from plansite.config import LANGUAGES
from plansite.errors import Problem
from plansite.i18n import Catalogue
from plansite.model import FollowUp, Goal, Plan, Site, Status

STUB_STATUS = "not-assessed"
"""The status `new-plan` gives every stub."""

MARKER_KEY = "new_plan.marker"
"""Catalogue key of the word every pre-filled comment starts with."""


@cache
def markers() -> frozenset[str]:
    """The marker word in every language, lower case: a site may change language."""
    return frozenset(Catalogue(language).t(MARKER_KEY).lower() for language in LANGUAGES)


def is_untouched(entry: FollowUp) -> bool:
    """A stub as `new-plan` wrote it: not assessed, and only the pre-filled comment as text."""
    if entry.status != STUB_STATUS:
        return False
    text = entry.text_md.strip()
    if not (text.startswith("<!--") and text.endswith("-->") and text.count("-->") == 1):
        return False
    body = text[4:-3].strip()
    first = body.split(":", 1)[0].split(maxsplit=1)
    return bool(first) and first[0].lower() in markers()


def choices_for_stub(vocabulary: tuple[Status, ...], language: str) -> str:
    """The status words a stub's status may become: every word but not-assessed's."""
    return ", ".join(statuses.word(status.key, vocabulary, language)
                     for status in vocabulary if status.key != STUB_STATUS)


def _goal_ref(entry: FollowUp) -> str:
    return entry.raw_target or entry.target


def warnings(site: Site) -> list[Problem]:
    """Untouched stubs, and follow-ups in one source that disagree on a goal's status."""
    language, vocabulary = site.config.language, site.config.statuses
    known = {status.key for status in vocabulary}
    marker = Catalogue(language).t(MARKER_KEY)
    choices = choices_for_stub(vocabulary, language)
    problems: list[Problem] = []
    for plan in site.plans.values():
        seen: dict[str, list[FollowUp]] = {}
        for entry in plan.follow_ups:
            if is_untouched(entry):
                problems.append(Problem(
                    entry.path, entry.line, "follow-up-not-filled",
                    {"goal": _goal_ref(entry), "marker": marker, "choices": choices,
                     "status": statuses.word(entry.status, vocabulary, language)},
                    severity="warning"))
            if entry.target not in site.goals or entry.status not in known:
                continue
            earlier = seen.setdefault(entry.target, [])
            other = next((e for e in earlier if e.status != entry.status
                          and e.date == entry.date), None)
            if other is not None:
                problems.append(Problem(
                    entry.path, entry.line, "follow-ups-disagree",
                    {"goal": _goal_ref(entry), "other": other.line,
                     "status": statuses.word(entry.status, vocabulary, language),
                     "other_status": statuses.word(other.status, vocabulary, language)},
                    severity="warning"))
            earlier.append(entry)
    return problems


@dataclass(frozen=True)
class PlanTodo:
    """What is still to do about one plan's goals."""

    plan: Plan
    missing: tuple[Goal, ...]
    """Goals of a past period that no source follows up, in source order."""
    untouched: tuple[FollowUp, ...]
    """Stubs on the plan's goals still as `new-plan` wrote them, in source order."""
    next_plan: Plan | None
    """The unit's next plan, where follow-ups belong (None: not written yet)."""

    @property
    def next_period(self) -> str:
        """The period a next plan would have: as long as this one, right after it."""
        length = self.plan.period.end - self.plan.period.start
        start = self.plan.period.end + 1
        return str(start) if length == 0 else f"{start}-{start + length}"


def is_past(site: Site, plan: Plan, year: int) -> bool:
    """Whether the plan's goals are due a follow-up in `year`: the unit has a later plan,
    or the plan's period ended before `year`."""
    return plan.period.end < year or _later(site, plan) is not None


def _later(site: Site, plan: Plan) -> Plan | None:
    return next((other for other in site.plans_of(plan.unit) if other.period > plan.period),
                None)


def todo(site: Site, year: int) -> list[PlanTodo]:
    """Per plan, in site order: unfollowed goals of past periods and untouched stubs.

    `year` is the current year (a parameter, so the list is a function of the site).
    Plans with nothing to do are left out.
    """
    untouched: dict[str, list[FollowUp]] = {}
    for plan in site.plans.values():
        for entry in plan.follow_ups:
            goal = site.goals.get(entry.target)
            if goal is not None and is_untouched(entry):
                untouched.setdefault(goal.plan, []).append(entry)
    result = []
    for plan in site.plans.values():
        missing = tuple(goal for goal in plan.goals if goal.key not in site.follow_ups) \
            if is_past(site, plan, year) else ()
        stubs = tuple(sorted(untouched.get(plan.key, ()), key=lambda e: (str(e.path), e.line)))
        if missing or stubs:
            result.append(PlanTodo(plan, missing, stubs, _later(site, plan)))
    return result
