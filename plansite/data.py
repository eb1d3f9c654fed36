"""Open data: goals.json and goals.csv, one row per goal, and priorities.json.

The documented contract (docs/reference.md): stable English keys whatever the
site's language; fields are only added. Each file is an output kind (see
`plansite.kinds`) and depends on every plan.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from plansite.model import Plan, Site
from plansite.outputs import Inputs, OutputFile
from plansite.pages import DATA_FIELDS, entry_url, goal_url, plan_url, with_followers
from plansite.priority_pages import priority_url
from plansite.sources import digest

GOALS_JSON = "data/goals.json"
GOALS_CSV = "data/goals.csv"
PRIORITIES_JSON = "data/priorities.json"


def plan_rows(site: Site, plan: Plan) -> list[dict[str, Any]]:
    unit = site.units[plan.unit]
    rows = []
    for area in plan.focus_areas:
        for goal in area.goals:
            rows.append({
                "id": goal.key, "unit": unit.key, "unit_name": unit.name,
                "period": plan.period.key, "plan_title": plan.title,
                "focus_area": area.title, "title": goal.title,
                "status": site.status_of(goal.key), "url": goal_url(goal),
                "plan_url": plan_url(plan),
                "follow_ups": [
                    {"status": e.status, "date": e.date.iso if e.date else None,
                     "url": entry_url(e)}
                    for e in site.follow_ups.get(goal.key, ())
                ],
                "continues": site.continues.get(goal.key),
                "continued_as": site.continued_as.get(goal.key),
                "focus_area_key": area.key,
                "priority": area.priority or None,
            })
    return rows


def json_lines(rows: list[dict[str, Any]]) -> list[str]:
    return [json.dumps(row, ensure_ascii=False) for row in rows]


def join_json(lines: list[str]) -> str:
    """One goal per line: diff-friendly, and encoded by json's C encoder."""
    return '{"goals": [\n' + ",\n".join(lines) + "\n]}\n"


CSV_HEADER = ",".join(DATA_FIELDS) + "\r\n"


def csv_lines(rows: list[dict[str, Any]]) -> str:
    """CSV rows without the header; follow_ups as "status date url" joined by " | "."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for row in rows:
        flat = dict(row)
        flat["follow_ups"] = " | ".join(
            " ".join(part for part in (f["status"], f["date"] or "", f["url"]) if part)
            for f in row["follow_ups"])
        writer.writerow(["" if value is None else _csv_safe(str(value))
                         for value in (flat.get(key) for key in DATA_FIELDS)])
    return out.getvalue()


@dataclass(frozen=True, slots=True)
class PlanLines:
    """A plan's goals as open data: its CSV lines and its JSON lines."""

    csv: str
    json: list[str]


_LINES: tuple[Site | None, dict[str, tuple[Plan, PlanLines]]] = (None, {})


def plan_lines(site: Site, plan: Plan) -> PlanLines:
    """A plan's rows written out once per site and process.

    Every goal is a row of goals.csv and goals.json, of its unit's maal.csv and
    maal.json and of its plan's: written out once, not six times, and each file
    joins its plans' lines (CSV writes row by row, so the bytes are the same).
    A plan's rows show other plans (statuses, follow-ups, chains), so the lines are
    kept only for the site they were made from, and for the very plan object.
    """
    global _LINES
    if _LINES[0] is not site:
        _LINES = (site, {})
    found = _LINES[1].get(plan.key)
    if found is None or found[0] is not plan:
        found = _LINES[1][plan.key] = (plan, _write_lines(site, plan))
    return found[1]


def _write_lines(site: Site, plan: Plan) -> PlanLines:
    rows = plan_rows(site, plan)
    return PlanLines(csv_lines(rows), json_lines(rows))


def row_sources(site: Site, plans: Iterable[Plan]) -> tuple[str, ...]:
    """The plans whose content the rows of `plans` show: the plans themselves, the plans of
    the goals theirs continue or carry on as, and every plan following them up."""
    plans = list(plans)
    keys = [plan.key for plan in plans]
    for plan in plans:
        for goal in plan.goals:
            for other in (site.continues.get(goal.key), site.continued_as.get(goal.key)):
                if other is not None:
                    keys.append(other.rsplit("/", 1)[0])
    return with_followers(site, keys)


KeptLines = dict[str, tuple[str, PlanLines]]
"""Plan key → (a digest of everything its rows show, its lines): what a build leaves
the next (`cache.save_lines`), and the live preview the next save."""


def reuse_lines(site: Site, plan_hashes: dict[str, str], global_hash: str,
                kept: KeptLines) -> KeptLines:
    """Every plan's lines: those in `kept` whose plans' sources did not change, the rest
    written anew; set as this process's lines of `site` (the workers it forks read them)
    and returned, to keep.

    An edit changes one plan and its neighbours, but goals.csv and goals.json show all
    of them: at 10,000 goals, writing every plan's rows took 0.4 s of each rebuild.
    """
    global _LINES
    lines: KeptLines = {}
    made: dict[str, tuple[Plan, PlanLines]] = {}
    for plan in site.plans.values():
        # Hashed as a file's fingerprint hashes the plans it shows (`incremental`).
        key = digest(global_hash.encode(), *(f"{source}={plan_hashes.get(source, '')}".encode()
                                             for source in row_sources(site, [plan])))
        found = kept.get(plan.key)
        if found is None or found[0] != key:
            found = (key, _write_lines(site, plan))
        lines[plan.key] = found
        made[plan.key] = (plan, found[1])
    _LINES = (site, made)
    return lines


def open_csv(site: Site, plans: Iterable[Plan]) -> str:
    """The goals of `plans` as CSV, in their order."""
    return CSV_HEADER + "".join(plan_lines(site, plan).csv for plan in plans)


def open_json(site: Site, plans: Iterable[Plan]) -> str:
    """The goals of `plans` as JSON, in their order."""
    return join_json([line for plan in plans for line in plan_lines(site, plan).json])


def _csv_safe(value: str) -> str:
    """Neutralise spreadsheet formulas (CSV injection) in cells that start with = + - @."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def goals_json_files(inputs: Inputs) -> Iterator[OutputFile]:
    yield OutputFile(GOALS_JSON, tuple(inputs.site.plans))


def render_goals_json(inputs: Inputs, file: OutputFile) -> bytes:
    return open_json(inputs.site, inputs.site.plans.values()).encode()


def goals_csv_files(inputs: Inputs) -> Iterator[OutputFile]:
    yield OutputFile(GOALS_CSV, tuple(inputs.site.plans))


def render_goals_csv(inputs: Inputs, file: OutputFile) -> bytes:
    return open_csv(inputs.site, inputs.site.plans.values()).encode()


def counts(goals_json_bytes: bytes) -> tuple[int, int]:
    """Goals and follow-up entries in a goals.json (for the nothing-lost check).

    Counted in the bytes as `join_json` and `json_lines` write them, a tenth of the time
    of parsing 9 MB at 10,000 goals: each goal is a line beginning `{"id": `, and each
    follow-up an object beginning `{"status": `. Inside a string json escapes every `"`
    and newline, so an editor's text cannot look like either."""
    return (goals_json_bytes.count(b'\n{"id": '), goals_json_bytes.count(b'{"status": '))


def priority_rows(site: Site) -> list[dict[str, Any]]:
    """One row per shared theme: what it is, and the focus areas and goals that carry it."""
    rows = []
    for priority in site.priorities.values():
        areas = [area for area in site.focus_areas.values() if area.priority == priority.key]
        rows.append({
            "key": priority.key, "name": priority.name, "parent": priority.parent,
            "set_by": priority.set_by or None,
            "periods": [period.key for period in priority.periods],
            "url": priority_url(priority),
            "focus_areas": [area.key for area in areas],
            "goals": [goal.key for area in areas for goal in area.goals],
        })
    return rows


def priorities_json_files(inputs: Inputs) -> Iterator[OutputFile]:
    if inputs.site.priorities:
        yield OutputFile(PRIORITIES_JSON, tuple(inputs.site.plans))


def render_priorities_json(inputs: Inputs, file: OutputFile) -> bytes:
    lines = json_lines(priority_rows(inputs.site))
    return ('{"priorities": [\n' + ",\n".join(lines) + "\n]}\n").encode()
