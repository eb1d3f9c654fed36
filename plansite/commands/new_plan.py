"""`build.py new-plan UNIT PERIOD`: start next period's plan from the unit's latest plan.

The new source carries the unit's metadata, the previous plan's focus areas as
headings to start from, and a follow-up entry (status not-assessed) for every
goal of the previous plan, so the editor fills in status and text. It is written
in the site's language (`enhed:`, `mål:`, `status: ikke vurderet` in a Danish
site). Each entry's pre-filled comment starts with the marker word
(`todo.MARKER_KEY`), so `check` can tell a stub nobody has filled in yet.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from plansite.dates import parse_period
from plansite.diagnostics import print_problems
from plansite.i18n import Catalogue
from plansite.links import plan_before
from plansite.model import Plan
from plansite.pipeline import load
from plansite.todo import MARKER_KEY, STUB_STATUS, choices_for_stub
from plansite.writer import FocusAreaSource, FollowUpSource, PlanSource, write


def next_plan_source(previous: Plan | None, unit_key: str, unit_name: str, period: str,
                     cat: Catalogue) -> PlanSource:
    """The source of a new plan that follows up `previous` (if there is one).

    Statuses in it are keys; `writer.write` writes them as the site's words.
    """
    source = PlanSource(unit=unit_key, period=period,
                        title=cat.t("new_plan.title", unit=unit_name, period=period))
    if previous is None:
        return source
    source.title = previous.title.replace(previous.period.key, period) \
        if previous.period.key in previous.title else source.title
    source.focus_areas = [FocusAreaSource(area.id, area.title) for area in previous.focus_areas]
    source.follow_up_title = cat.t("new_plan.follow_up_title", plan=previous.title)
    words = choices_for_stub(cat.vocabulary, cat.language)
    marker = cat.t(MARKER_KEY)
    source.follow_ups = [
        FollowUpSource(goal=f"{previous.period.key}/{goal.id}", title=goal.title,
                       status=STUB_STATUS,
                       comment=f"{marker}: " + cat.t("new_plan.comment", statuses=words))
        for goal in previous.goals
    ]
    return source


def run(args: argparse.Namespace) -> int:
    loaded = load(args.content)
    cat = loaded.catalogue
    if loaded.report.errors:
        print_problems(loaded.report.errors, cat)
        return 1
    site = loaded.site
    period = parse_period(args.period)
    if args.unit not in site.units:
        print(cat.t("new_plan.unknown_unit", unit=args.unit, allowed=", ".join(site.units)),
              file=sys.stderr)
        return 1
    if period is None:
        print(cat.t("error.bad-period", value=args.period) + " " + cat.t("hint.bad-period"),
              file=sys.stderr)
        return 1
    target = args.content / "plans" / args.unit / f"{period.key}.md"
    existing = site.plans.get(f"{args.unit}/{period.key}")
    if target.exists() or existing is not None:
        where = existing.path if existing is not None else target
        print(cat.t("new_plan.exists", path=where), file=sys.stderr)
        return 1
    later = [p for p in site.plans_of(args.unit) if p.period > period]
    previous = plan_before(site, args.unit, period)
    source = next_plan_source(previous, args.unit, site.units[args.unit].name, period.key,
                              cat)
    target.parent.mkdir(parents=True, exist_ok=True)
    Path(target).write_text(write(source, site.config.language, site.config.statuses),
                            encoding="utf-8")
    print(cat.t("new_plan.written", path=target, goals=len(source.follow_ups)))
    if later:
        print(cat.t("new_plan.later_exists", plan=later[0].path), file=sys.stderr)
    return 0
