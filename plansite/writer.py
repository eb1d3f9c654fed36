"""Writing plan sources: exactly what an editor would write by hand.

`new-plan` uses it now and the importer will later; a round trip through
`content.parse_plan` gives back the same structure (tested).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml


@dataclass
class GoalSource:
    id: str
    title: str
    text: str = ""
    """Markdown."""
    evidence: str = ""
    result: str = ""
    status: str = ""
    date: str = ""


@dataclass
class FocusAreaSource:
    id: str
    title: str
    intro: str = ""
    goals: list[GoalSource] = field(default_factory=list)


@dataclass
class FollowUpSource:
    goal: str
    """Reference as editors write it: "2015/boformer"."""
    title: str
    status: str
    date: str = ""
    continued_as: str = ""
    text: str = ""
    comment: str = ""
    """A note for the editor, written as an HTML comment (never shown on the site)."""


@dataclass
class PlanSource:
    unit: str
    period: str
    title: str
    kind: str = "plan"
    published: str = ""
    intro: str = ""
    focus_areas: list[FocusAreaSource] = field(default_factory=list)
    follow_up_title: str = ""
    follow_up_intro: str = ""
    follow_ups: list[FollowUpSource] = field(default_factory=list)


def scalar(value: str) -> str:
    """A YAML scalar, quoted only when it needs to be."""
    dumped = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=10_000)
    return dumped.removesuffix("\n").removesuffix("\n...").strip()


def _keys(pairs: list[tuple[str, str]]) -> str:
    return "\n".join(f"{key}: {value}" for key, value in pairs if value)


def _block(*parts: str) -> str:
    return "\n\n".join(part.strip() for part in parts if part and part.strip())


def write(plan: PlanSource) -> str:
    front = [("unit", plan.unit), ("period", plan.period), ("title", scalar(plan.title))]
    if plan.kind != "plan":
        front.append(("kind", plan.kind))
    if plan.published:
        front.append(("published", plan.published))
    out = ["---\n" + _keys(front) + "\n---"]
    if plan.intro:
        out.append(plan.intro.strip())
    for area in plan.focus_areas:
        out.append(_block(f"## {area.title}\n" + _keys([("id", area.id)]), area.intro))
        for goal in area.goals:
            head = f"### {goal.title}\n" + _keys([("id", goal.id), ("status", goal.status),
                                                  ("dato", goal.date)])
            out.append(_block(head, goal.text,
                              f"Dokumentation: {goal.evidence.strip()}" if goal.evidence else "",
                              f"Resultat: {goal.result.strip()}" if goal.result else ""))
    if plan.follow_ups:
        out.append(_block(f"## {plan.follow_up_title}", plan.follow_up_intro))
        for entry in plan.follow_ups:
            head = f"### {entry.title}\n" + _keys([
                ("mål", entry.goal), ("status", entry.status), ("dato", entry.date),
                ("fortsætter-som", entry.continued_as)])
            comment = f"<!-- {entry.comment} -->" if entry.comment else ""
            out.append(_block(head, comment, entry.text))
    return "\n\n".join(out) + "\n"
