"""What changed between two versions of a site, read from their open data (`goals.json`).

`build.py diff OLD NEW` and the pull-request summary in CI use it. Only the
documented data contract is read (docs/reference.md), so OLD can be the
published site of any plansite version: rows are matched by `id`, fields by
name, and fields one side does not have are ignored.

A plan is known by its goals' `unit` and `period`: a plan without goals is not
in goals.json, so it is not seen here either.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from plansite.data import GOALS_JSON
from plansite.i18n import Catalogue

Row = Mapping[str, Any]

NOT_COMPARED = frozenset({"id", "status", "url", "plan_url", "unit", "period", "unit_name",
                          "plan_title"})
"""Fields a goal is not "changed" by: its key, its status (reported on its own), the URLs
that follow from its key, and what belongs to its plan or unit (reported with the plan)."""


class DiffInputError(Exception):
    """OLD or NEW is not a built site or a goals.json; `code` names the catalogue message."""

    def __init__(self, code: str, path: str, detail: str = "") -> None:
        super().__init__(f"{code}: {path} {detail}".strip())
        self.code, self.path, self.detail = code, path, detail


@dataclass(frozen=True, slots=True)
class PlanRef:
    key: str
    """"unit/period"."""
    title: str


@dataclass(frozen=True, slots=True)
class GoalRef:
    id: str
    """The goal's global key "unit/period/goal-id"."""
    title: str


@dataclass(frozen=True, slots=True)
class GoalChange:
    goal: GoalRef
    fields: tuple[str, ...]
    """Names of the data fields that differ, in the NEW file's order."""


@dataclass(frozen=True, slots=True)
class StatusChange:
    goal: GoalRef
    old: str | None
    """Status key before (None: not followed up)."""
    new: str | None


@dataclass(frozen=True, slots=True)
class SiteDiff:
    """Plans and goals added, removed and changed between OLD and NEW, and status changes."""

    plans_added: tuple[PlanRef, ...]
    plans_removed: tuple[PlanRef, ...]
    plans_changed: tuple[PlanRef, ...]
    """In both, with a new title or with goals added, removed, changed or newly assessed."""
    goals_added: tuple[GoalRef, ...]
    goals_removed: tuple[GoalRef, ...]
    goals_changed: tuple[GoalChange, ...]
    status_changes: tuple[StatusChange, ...]
    old_totals: dict[str | None, int]
    """Goals per status key in OLD (None: not followed up)."""
    new_totals: dict[str | None, int]

    @property
    def empty(self) -> bool:
        return not (self.plans_added or self.plans_removed or self.plans_changed
                    or self.goals_added or self.goals_removed or self.goals_changed
                    or self.status_changes)


# --- reading --------------------------------------------------------------------------------

def goals_file(path: Path) -> Path:
    """The goals.json of a built site folder, or the file itself."""
    return path / GOALS_JSON if path.is_dir() else path


def read_rows(path: Path) -> list[dict[str, Any]]:
    """The goal rows of a built site or a goals.json; DiffInputError when it is neither."""
    file = goals_file(path)
    try:
        data = json.loads(file.read_bytes())
    except FileNotFoundError:
        raise DiffInputError("diff.missing", str(file)) from None
    except (OSError, ValueError) as exc:
        raise DiffInputError("diff.unreadable", str(file), str(exc)) from None
    rows = data.get("goals") if isinstance(data, dict) else None
    if not isinstance(rows, list) or not all(
            isinstance(row, dict) and isinstance(row.get("id"), str) for row in rows):
        raise DiffInputError("diff.not_goals", str(file))
    return rows


# --- comparing ------------------------------------------------------------------------------

def _plan_key(row: Row) -> str:
    return f"{row.get('unit', '')}/{row.get('period', '')}"


def _goal(row: Row) -> GoalRef:
    return GoalRef(str(row["id"]), str(row.get("title") or ""))


def _totals(rows: Iterable[Row]) -> dict[str | None, int]:
    totals: dict[str | None, int] = {}
    for row in rows:
        status = row.get("status")
        key = str(status) if status is not None else None
        totals[key] = totals.get(key, 0) + 1
    return totals


def _changed_fields(old: Row, new: Row, status_changed: bool) -> tuple[str, ...]:
    names = [name for name in new if name in old and name not in NOT_COMPARED]
    changed = tuple(name for name in names if old[name] != new[name])
    # A new status comes with a new follow-up entry: the status change says it all.
    return () if status_changed and changed == ("follow_ups",) else changed


def compare(old_rows: Sequence[Row], new_rows: Sequence[Row]) -> SiteDiff:
    """The difference between two lists of goal rows (goals.json's `goals`)."""
    old = {str(row["id"]): row for row in old_rows}
    new = {str(row["id"]): row for row in new_rows}
    added = tuple(_goal(row) for key, row in new.items() if key not in old)
    removed = tuple(_goal(row) for key, row in old.items() if key not in new)
    changed, statuses = [], []
    for key, row in new.items():
        if key not in old:
            continue
        before = old[key]
        moved = before.get("status") != row.get("status")
        if moved:
            statuses.append(StatusChange(_goal(row), before.get("status"), row.get("status")))
        fields = _changed_fields(before, row, moved)
        if fields:
            changed.append(GoalChange(_goal(row), fields))
    old_plans = {_plan_key(row): str(row.get("plan_title") or "") for row in old.values()}
    new_plans = {_plan_key(row): str(row.get("plan_title") or "") for row in new.values()}
    touched = {_plan_key(new.get(goal.id) or old[goal.id])
               for goal in (*added, *removed, *(c.goal for c in changed),
                            *(s.goal for s in statuses))}
    return SiteDiff(
        plans_added=tuple(PlanRef(k, t) for k, t in new_plans.items() if k not in old_plans),
        plans_removed=tuple(PlanRef(k, t) for k, t in old_plans.items() if k not in new_plans),
        plans_changed=tuple(PlanRef(k, t) for k, t in new_plans.items() if k in old_plans and (
            t != old_plans[k] or k in touched)),
        goals_added=added, goals_removed=removed, goals_changed=tuple(changed),
        status_changes=tuple(statuses), old_totals=_totals(old.values()),
        new_totals=_totals(new.values()))


def compare_paths(old: Path, new: Path) -> SiteDiff:
    return compare(read_rows(old), read_rows(new))


# --- formatting -----------------------------------------------------------------------------

def _status_order(diff: SiteDiff, cat: Catalogue) -> list[str | None]:
    """The site's vocabulary first, then unknown keys (an older or other site), then None."""
    known: list[str | None] = [status.key for status in cat.vocabulary]
    seen = {key for key in (*diff.old_totals, *diff.new_totals) if key is not None}
    return [*known, *sorted(seen - set(known)), None]


def _field(name: str, cat: Catalogue) -> str:
    text = cat.t(f"diff.field.{name}")
    return name if text == f"diff.field.{name}" else text


def _signed(number: int, cat: Catalogue) -> str:
    return ("+" if number > 0 else "") + cat.number(number) if number else "0"


def human(diff: SiteDiff, cat: Catalogue) -> str:
    """Plain text for a terminal: a line per plan and goal, marked + (added), - (removed),
    ~ (changed) or → (new status)."""
    if diff.empty:
        return cat.t("diff.nothing")
    lines = [cat.t("diff.plans_summary", added=len(diff.plans_added),
                   removed=len(diff.plans_removed), changed=len(diff.plans_changed))]
    lines += [f"  + {p.key}  {p.title}" for p in diff.plans_added]
    lines += [f"  - {p.key}  {p.title}" for p in diff.plans_removed]
    lines += [f"  ~ {p.key}  {p.title}" for p in diff.plans_changed]
    lines.append(cat.t("diff.goals_summary", added=len(diff.goals_added),
                       removed=len(diff.goals_removed), changed=len(diff.goals_changed)))
    lines += [f"  + {g.id}  {g.title}" for g in diff.goals_added]
    lines += [f"  - {g.id}  {g.title}" for g in diff.goals_removed]
    lines += [f"  ~ {c.goal.id}  {c.goal.title} ({', '.join(_field(f, cat) for f in c.fields)})"
              for c in diff.goals_changed]
    lines.append(cat.t("diff.status_summary", count=len(diff.status_changes)))
    lines += [f"  {s.goal.id}  {s.goal.title}: {cat.status(s.old)} → {cat.status(s.new)}"
              for s in diff.status_changes]
    return "\n".join(lines)


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+!|~])")


def md(text: str) -> str:
    """Text from the sources, safe inside a Markdown list item or table cell."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _md_goal(goal: GoalRef) -> str:
    return f"`{goal.id}` {md(goal.title)}"


def markdown(diff: SiteDiff, cat: Catalogue) -> str:
    """GitHub-flavoured Markdown for a CI job summary: goals by status, then the changes."""
    out = [f"### {cat.t('diff.by_status')}", "",
           f"| {cat.t('ui.status')} | {cat.t('diff.before')} | {cat.t('diff.now')} | "
           f"{cat.t('diff.change')} |", "|---|---:|---:|---:|"]
    for key in _status_order(diff, cat):
        before, now = diff.old_totals.get(key, 0), diff.new_totals.get(key, 0)
        if before or now:
            out.append(f"| {md(cat.status(key))} | {cat.number(before)} | {cat.number(now)} | "
                       f"{_signed(now - before, cat)} |")
    before, now = sum(diff.old_totals.values()), sum(diff.new_totals.values())
    out += [f"| **{cat.t('diff.total')}** | **{cat.number(before)}** | **{cat.number(now)}** | "
            f"**{_signed(now - before, cat)}** |", "", f"### {cat.t('diff.changes')}", ""]
    if diff.empty:
        return "\n".join([*out, cat.t("diff.nothing"), ""])
    sections: list[tuple[str, list[str]]] = [
        ("diff.plans_added", [f"`{p.key}` {md(p.title)}" for p in diff.plans_added]),
        ("diff.plans_removed", [f"`{p.key}` {md(p.title)}" for p in diff.plans_removed]),
        ("diff.plans_changed", [f"`{p.key}` {md(p.title)}" for p in diff.plans_changed]),
        ("diff.goals_added", [_md_goal(g) for g in diff.goals_added]),
        ("diff.goals_removed", [_md_goal(g) for g in diff.goals_removed]),
        ("diff.goals_changed", [
            f"{_md_goal(c.goal)} ({', '.join(md(_field(f, cat)) for f in c.fields)})"
            for c in diff.goals_changed]),
        ("diff.status_changes", [
            f"{_md_goal(s.goal)}: {md(cat.status(s.old))} → **{md(cat.status(s.new))}**"
            for s in diff.status_changes]),
    ]
    for key, items in sections:
        if items:
            out += [f"**{cat.t(key, count=len(items))}**", "", *(f"- {item}" for item in items),
                    ""]
    return "\n".join(out)


FORMATS = {"human": human, "markdown": markdown}
