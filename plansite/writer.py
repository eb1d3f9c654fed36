"""Writing plan sources: exactly what an editor would write by hand.

`new-plan` uses it now and the importer will later; a round trip through
`content.parse_plan` gives back the same structure (tested). Sources are written
in the site's language: a Danish site's sources are Danish all through
(`enhed:`, `mål:`, `status: ikke vurderet`, `Dokumentation:`), see `keys` and
`statuses`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml

from plansite import keys
from plansite import statuses as status_words
from plansite.config import DEFAULT_STATUSES
from plansite.model import Status


@dataclass
class GoalSource:
    id: str
    title: str
    text: str = ""
    """Markdown."""
    evidence: str = ""
    result: str = ""
    status: str = ""
    """A status key ("partly"), written as the site's word ("delvist opfyldt")."""
    date: str = ""
    comment: str = ""
    """A note for the editor beside the status (the importer's deciding phrase), written
    as an HTML comment right under the key lines (never shown on the site)."""


@dataclass
class FocusAreaSource:
    id: str
    title: str
    intro: str = ""
    goals: list[GoalSource] = field(default_factory=list)
    priority: str = ""
    """Key of a shared theme in priorities.yaml, written as `tema:` (Danish)."""
    carries: str = ""
    """A parent unit's focus area ("fbf/2014/sundhed"), written as `viderefører:`."""


@dataclass
class FollowUpSource:
    goal: str
    """Reference as editors write it: "2015/boformer"."""
    title: str
    status: str
    """A status key ("not-assessed"), written as the site's word ("ikke vurderet")."""
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


SECTION_LABELS = {"evidence": {"da": "Dokumentation", "en": "Evidence"},
                  "result": {"da": "Resultat", "en": "Result"}}
"""The labels that start a goal's evidence and result, per language."""

KIND_WORDS = {"report": {"da": "årsberetning", "en": "report"}}
"""The front matter `kind` of a non-plan source, per language (plans need no line)."""


def _keys(table: dict[str, dict[str, str]], pairs: list[tuple[str, str]], language: str) -> str:
    return "\n".join(f"{keys.name(table, key, language)}: {value}" for key, value in pairs
                     if value)


def _block(*parts: str) -> str:
    return "\n\n".join(part.strip() for part in parts if part and part.strip())


def comment(text: str) -> str:
    """An HTML comment that cannot end early, whatever the text holds (it may span lines).

    A comment ends at "-->" or "--!>", and "--->" still holds "-->" after one
    replacement; with no two hyphens in a row left, nothing can end it.
    """
    while "--" in text:
        text = text.replace("--", "- -")
    return "<!-- " + text.strip() + " -->" if text.strip() else ""


_comment = comment


def write(plan: PlanSource, language: str = "da",
          statuses: tuple[Status, ...] = DEFAULT_STATUSES) -> str:
    """The plan as Markdown source, in the site's language: keys (`enhed:`, `mål:`), status
    words (`ikke vurderet`) and section labels (`Dokumentation:`) as an editor writes them.

    Statuses in `plan` are keys of `statuses` ("not-assessed"); a status that is not
    a key is written as it is.
    """
    def status(value: str) -> str:
        return status_words.word(value, statuses, language) if value else ""

    def label(section: str, text: str) -> str:
        return f"{SECTION_LABELS[section].get(language, section)}: {text.strip()}" \
            if text.strip() else ""

    front = [("unit", plan.unit), ("period", plan.period), ("title", scalar(plan.title))]
    if plan.kind != "plan":
        front.append(("kind", KIND_WORDS.get(plan.kind, {}).get(language, plan.kind)))
    if plan.published:
        front.append(("published", plan.published))
    out = ["---\n" + _keys(keys.FRONT_MATTER, front, language) + "\n---"]
    if plan.intro:
        out.append(plan.intro.strip())
    for area in plan.focus_areas:
        out.append(_block(f"## {area.title}\n" + _keys(keys.BODY, [
            ("id", area.id), ("priority", area.priority), ("carries", area.carries)], language),
            area.intro))
        for goal in area.goals:
            head = f"### {goal.title}\n" + _keys(keys.BODY, [
                ("id", goal.id), ("status", status(goal.status)), ("date", goal.date)], language)
            out.append(_block(head, _comment(goal.comment), goal.text,
                              label("evidence", goal.evidence), label("result", goal.result)))
    if plan.follow_ups:
        out.append(_block(f"## {plan.follow_up_title}", plan.follow_up_intro))
        for entry in plan.follow_ups:
            head = f"### {entry.title}\n" + _keys(keys.BODY, [
                ("goal", entry.goal), ("status", status(entry.status)), ("date", entry.date),
                ("continued-as", entry.continued_as)], language)
            out.append(_block(head, _comment(entry.comment), entry.text))
    return "\n\n".join(out) + "\n"
