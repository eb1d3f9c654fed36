"""Shared themes (priorities): declared once for many units, carried by their focus areas.

Municipal plans cascade. Direktørforum sets "indsatsområder" for every
department's plan; a forvaltning sets "overordnede mål" that its units work
under; a department's focus area carries on one of its forvaltning's. The site
declares the themes in `priorities.yaml` (key → name, description, who set
them, the periods they apply to, sub-themes). A focus area names its theme
with `tema:`, or names the parent unit's focus area it carries on with
`viderefører:` and inherits that one's theme.

In the code they are priorities, so that "theme" keeps meaning the visual theme.
"""

from __future__ import annotations

import difflib
from dataclasses import replace
from pathlib import Path
from typing import Any

from plansite import keys, markdown, yamlsrc
from plansite.config import load_yaml_file
from plansite.dates import Period, parse_period
from plansite.errors import Report
from plansite.model import FocusArea, Priority, Site
from plansite.slugs import is_slug
from plansite.validation import suggest

FILE = "priorities.yaml"


def parse(path: Path, text: str, report: Report, base_url: str,
          language: str = "da") -> dict[str, Priority]:
    """The themes of priorities.yaml, sub-themes after their parent; problems reported."""
    data = load_yaml_file(path, text, report)
    if data is None:
        return {}
    if not isinstance(data, yamlsrc.LineDict):
        report.error(path, 1, "not-a-mapping")
        return {}
    found: dict[str, Priority] = {}
    _read_level(data, None, path, report, base_url, language, found)
    return found


def _read_level(data: yamlsrc.LineDict, parent: str | None, path: Path, report: Report,
                base_url: str, language: str, found: dict[str, Priority]) -> None:
    written = keys.names(keys.PRIORITY, language)
    for key, entry in data.items():
        line = data.line_of(key)
        key = str(key)
        if not is_slug(key):
            report.error(path, line, "bad-priority-key", key=key)
            continue
        if key in found:
            report.error(path, line, "duplicate-priority", key=key, other=found[key].line)
            continue
        if not isinstance(entry, yamlsrc.LineDict):
            report.error(path, line, "priority-not-mapping", key=key)
            continue
        fields: dict[str, Any] = {}
        for word, value in entry.items():
            canonical = keys.priority_key(str(word))
            if canonical is None:
                hint = suggest(keys.fold(str(word)), written)
                report.error(path, entry.line_of(word), "unknown-key", key=word,
                             suggestion=hint, allowed=", ".join(written))
                meant = keys.priority_key(hint) if hint else None
                if meant is not None:
                    fields.setdefault(meant, (None, 0))  # misspelt: not "missing" as well
            else:
                fields[canonical] = (value, entry.line_of(word))
        name = str(fields.get("name", ("", 0))[0] or "").strip()
        if not name and fields.get("name", ("", 1))[1]:
            report.error(path, line, "missing-key", key=keys.name(keys.PRIORITY, "name",
                                                                  language))
        periods = _periods(fields.get("periods"), path, report)
        description = str(fields.get("description", ("", 0))[0] or "")
        found[key] = Priority(
            key=key, name=name or key,
            description_html=markdown.render_text(description, base_url),
            set_by=str(fields.get("set-by", ("", 0))[0] or "").strip(),
            periods=periods, parent=parent, path=path, line=line)
        children, children_line = fields.get("children", (None, 0))
        if children is None:
            continue
        if not isinstance(children, yamlsrc.LineDict):
            report.error(path, children_line, "priority-not-mapping", key=key)
            continue
        _read_level(children, key, path, report, base_url, language, found)


def _periods(field: tuple[Any, int] | None, path: Path, report: Report) -> tuple[Period, ...]:
    if field is None or field[0] is None:
        return ()
    value, line = field
    items = value if isinstance(value, list) else [value]
    periods = []
    for item in items:
        period = parse_period(item)
        if period is None:
            report.error(path, line, "bad-period", value=item)
        else:
            periods.append(period)
    return tuple(periods)


def link(site: Site, report: Report) -> None:
    """Resolve each focus area's `tema:` and `viderefører:`; inherit themes down the units.

    An unknown theme or focus area is an error with the nearest matches; a
    carried focus area must belong to a unit above this one.
    """
    if not any(area.priority or area.carries for area in site.focus_areas.values()):
        return
    carries: dict[str, str] = {}
    for area in site.focus_areas.values():
        if area.carries:
            target = _carried(site, area, report)
            if target:
                carries[area.key] = target
        if area.priority and area.priority not in site.priorities:
            plan = site.plans[area.plan]
            report.error(plan.path, area.priority_line or area.line, "unknown-priority",
                         value=area.priority,
                         suggestion=suggest(area.priority, site.priorities),
                         allowed=", ".join(site.priorities) or "-")
        elif area.priority:
            period = site.plans[area.plan].period
            if not site.priorities[area.priority].applies_to(period):
                plan = site.plans[area.plan]
                report.warning(plan.path, area.priority_line or area.line,
                               "priority-period", value=area.priority, period=period.key)
    resolved = {key: _inherited(site, key, carries, set()) for key in site.focus_areas}
    changed = {key: replace(area, priority=resolved[key], carries=carries.get(key, ""))
               for key, area in site.focus_areas.items()
               if (resolved[key], carries.get(key, "")) != (area.priority, area.carries)}
    if not changed:
        return
    for plan_key, plan in list(site.plans.items()):
        areas = tuple(changed.get(area.key, area) for area in plan.focus_areas)
        if any(a is not b for a, b in zip(areas, plan.focus_areas, strict=True)):
            site.plans[plan_key] = replace(plan, focus_areas=areas)
    site.focus_areas.update(changed)
    site._by_unit = None


def _carried(site: Site, area: FocusArea, report: Report) -> str:
    """The global key of the focus area `area` carries on, or "" after reporting why not."""
    plan = site.plans[area.plan]
    parts = [part.strip() for part in area.carries.strip("/").split("/")]
    period = parse_period(parts[1]) if len(parts) == 3 else None
    target = f"{parts[0]}/{period.key}/{parts[2]}" if period is not None else area.carries
    line = area.carries_line or area.line
    if target not in site.focus_areas:
        close = difflib.get_close_matches(target, list(site.focus_areas), n=3, cutoff=0.4)
        report.error(plan.path, line, "unknown-carried-area", value=area.carries,
                     suggestions=", ".join(close) or "-")
        return ""
    unit = site.units[plan.unit].parent
    above = []
    while unit is not None and unit not in above and unit in site.units:
        above.append(unit)
        unit = site.units[unit].parent
    if target.split("/")[0] not in above:
        report.error(plan.path, line, "carries-not-parent", value=area.carries,
                     units=", ".join(above) or "-")
        return ""
    return target


def _inherited(site: Site, key: str, carries: dict[str, str], seen: set[str]) -> str:
    """A focus area's theme: its own, else that of the area it carries on."""
    area = site.focus_areas[key]
    if area.priority in site.priorities or key in seen:
        return area.priority if area.priority in site.priorities else ""
    seen.add(key)
    carried = carries.get(key)
    return _inherited(site, carried, carries, seen) if carried else area.priority
