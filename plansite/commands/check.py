"""`build.py check`: validate everything without writing the site (exit 1 on errors).

`check --todo` also lists what is still to do, per plan (see `todo`): goals of
past periods nobody has followed up, and follow-ups `new-plan` wrote that are
not filled in yet. The list is not a failure: the exit code is 1 only when
there are errors.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from plansite import todo
from plansite.diagnostics import _escape_data, _escape_property, print_problems
from plansite.i18n import Catalogue
from plansite.model import Site
from plansite.pipeline import load

COVERED_BY_TODO = ("follow-up-not-filled", "goal-not-followed-up")
"""Warnings the to-do list shows anyway: with `--todo` they are printed once, in the list."""


def run(args: argparse.Namespace) -> int:
    loaded = load(args.content, args.base_url)
    cat = loaded.catalogue
    listing = bool(getattr(args, "todo", False))
    shown = [problem for problem in loaded.report.warnings
             if not (listing and problem.code in COVERED_BY_TODO)]
    print_problems(loaded.report.errors + shown, cat, args.format)
    if listing:
        items = todo.todo(loaded.site, dt.date.today().year)
        print("\n".join(todo_lines(items, loaded.site, cat, args.format)))
    if args.format == "human":
        print(cat.t("ui.checked", errors=len(loaded.report.errors),
                    warnings=len(loaded.report.warnings), goals=len(loaded.site.goals)))
    return 1 if loaded.report.errors else 0


def _items(item: todo.PlanTodo, site: Site, cat: Catalogue) -> list[tuple[Path, int, str]]:
    """(file, line, text) of each thing to do about one plan's goals."""
    found = [(item.plan.path, goal.line, cat.t("todo.missing", goal=goal.id, title=goal.title))
             for goal in item.missing]
    found += [(entry.path, entry.line,
               cat.t("todo.untouched", goal=entry.raw_target or entry.target,
                     title=site.goals[entry.target].title))
              for entry in item.untouched]
    return found


def _advice(item: todo.PlanTodo, cat: Catalogue) -> list[str]:
    """How to do it: where to write the follow-ups, or how to start the next plan."""
    advice = []
    if item.missing and item.next_plan is not None:
        advice.append(cat.t("todo.write_in", path=item.next_plan.path))
    elif item.missing:
        advice.append(cat.t("todo.start_next", unit=item.plan.unit, period=item.next_period))
    if item.untouched:
        advice.append(cat.t("todo.fill_in", marker=cat.t(todo.MARKER_KEY)))
    return advice


def todo_lines(items: list[todo.PlanTodo], site: Site, cat: Catalogue,
               fmt: str = "human") -> list[str]:
    """The to-do list: per plan, each item at file:line and what to do, then the count.

    For `fmt` "github", each item is a notice annotation on its line instead.
    """
    if fmt == "github":
        return [f"::notice file={_escape_property(str(path))},line={line}::"
                + _escape_data(" ".join([text, *_advice(item, cat)]))
                for item in items for path, line, text in _items(item, site, cat)]
    if not items:
        return [cat.t("todo.none")]
    lines = [cat.t("todo.heading")]
    for item in items:
        lines += ["", cat.t("todo.plan", title=item.plan.title, path=item.plan.path)]
        lines += [f"  {path}:{line}: {text}" for path, line, text in _items(item, site, cat)]
        lines += [f"    {cat.t('ui.hint')}: {advice}" for advice in _advice(item, cat)]
    lines += ["", cat.t("todo.summary", missing=sum(len(item.missing) for item in items),
                        untouched=sum(len(item.untouched) for item in items))]
    return lines
