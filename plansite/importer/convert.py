"""What the layout found → `writer.PlanSource`s: the plan, and the earlier plan its
follow-up part repeats.

Ids and titles are made here (see `ids`), statuses are decided from the text (see
`status`) with the deciding phrase as a comment for the editor, and text that could not
be placed goes into a marked comment at the end of the plan's introduction. Every text
is made safe to put in a source: a line that would read as a key (`id:`, `mål:`), a
section label ("Dokumentation:") or a heading is escaped, so it stays text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from plansite.dates import Period
from plansite.importer import messages
from plansite.importer.document import Document
from plansite.importer.drafts import AreaDraft, EntryDraft, GoalDraft, Layout, PartDraft
from plansite.importer.ids import Ids, title_of
from plansite.importer.period import Heading, earlier_period
from plansite.importer.status import decide
from plansite.model import Status
from plansite.writer import FocusAreaSource, FollowUpSource, GoalSource, PlanSource, comment


@dataclass
class Settings:
    """What the site says about how sources are written."""

    unit: str
    unit_name: str
    language: str = "da"
    statuses: tuple[Status, ...] = ()


@dataclass
class Converted:
    """The sources to write, and what the report needs to know about them."""

    plan: PlanSource
    earlier: list[PlanSource] = field(default_factory=list)
    goal_ids: dict[int, str] = field(default_factory=dict)
    """id(GoalDraft) → the goal's reference as written ("2015/boformer")."""
    entries: list[tuple[GoalDraft, EntryDraft, FollowUpSource]] = field(default_factory=list)
    goal_statuses: list[tuple[GoalDraft, GoalSource]] = field(default_factory=list)


_SECTION_WORDS = (r"id|mål|maal|goal|dokumentation|evidence|resultat|resultater|result|"
                  r"status|dato|date|tema|priority|viderefører|carries|fortsætter[- ]som|"
                  r"continued-as")
_KEY_START = re.compile(rf"^(\s*(?:\*\*|__)?\s*(?:{_SECTION_WORDS})(?:\s*(?:\*\*|__))?\s*):",
                        re.I)
_HEADING_START = re.compile(r"^( {0,3})(#{1,3})(?!#)")
_SETEXT_OR_FENCE = re.compile(r"^( {0,3})(?=(?:=+|-{2,})\s*$|```|~~~)")


def safe(markdown: str) -> str:
    """Markdown that stays text in a source: no line reads as a key, a section label, a
    heading of the plan's structure, a code fence or an HTML comment."""
    lines = []
    for line in markdown.replace("<!--", "&lt;!--").split("\n"):
        line = _KEY_START.sub(r"\1\\:", line)
        line = _HEADING_START.sub(r"\1\\\2", line)
        line = _SETEXT_OR_FENCE.sub(r"\1\\", line)
        lines.append(line.rstrip())
    return "\n".join(lines).strip()


def _text(paragraphs: list[str]) -> str:
    return "\n\n".join(safe(paragraph) for paragraph in paragraphs if paragraph.strip())


def convert(document: Document, heading: Heading, layout: Layout, period: Period,
            settings: Settings) -> Converted:
    """The plan (and any earlier plan) as sources, in the site's language."""
    t = messages.Texts(settings.language)
    kind = heading.kind
    title = _title(heading.title, settings.unit_name, period, kind, t)
    plan = PlanSource(unit=settings.unit, period=period.key, title=title, kind=kind)
    out = Converted(plan)
    main = next((part for part in layout.parts if not part.follow_up), None)
    ids = Ids()
    intro = [comment(t.get("source.imported", name=document.name))]
    if main is not None:
        intro.append(_text(main.intro))
        plan.focus_areas = [_area(area, ids, period, kind, settings, out, t)
                            for area in main.areas]
    own_entries = [(goal, entry) for area in (main.areas if main else [])
                   for goal in area.goals for entry in _own_entries(goal, kind)]
    for goal, entry in own_entries:
        _follow_up(out, goal, entry, out.goal_ids[id(goal)], settings, t,
                   several=len(goal.entries) > 1)
    if own_entries:
        plan.follow_up_title = t.get("source.own_follow_up", plan=title)
    for part in (part for part in layout.parts if part.follow_up):
        _earlier(part, title, period, settings, out, t)
    intro.append(_unplaced(layout, t))
    plan.intro = "\n\n".join(part for part in intro if part)
    return out


def _title(found: str, name: str, period: Period, kind: str, t: messages.Texts) -> str:
    if not found:
        return t.get("source.report_title" if kind == "report" else "source.plan_title",
                     unit=name, period=period.key)
    at = found.lower().find(name.lower()) if name else -1
    if at >= 0:
        found = found[:at] + name + found[at + len(name):]
    return found


def _area(area: AreaDraft, ids: Ids, period: Period, kind: str, settings: Settings,
          out: Converted, t: messages.Texts) -> FocusAreaSource:
    title = area.title or t.get("source.area_title")
    source = FocusAreaSource(ids.take(title), title, _text(area.intro))
    for goal in area.goals:
        source.goals.append(_goal(goal, ids, period, kind, settings, out, t))
    return source


def _goal(goal: GoalDraft, ids: Ids, period: Period, kind: str, settings: Settings,
          out: Converted, t: messages.Texts, with_result: bool = True) -> GoalSource:
    title = goal.title or title_of(goal.text[0] if goal.text else "") \
        or title_of(goal.evidence[0] if goal.evidence else "") or t.get("source.goal_title")
    source = GoalSource(ids.take(title), title, _text(goal.text), _text(goal.evidence))
    out.goal_ids[id(goal)] = f"{period.key}/{source.id}"
    result = list(goal.result)
    if with_result and kind == "report" and not result:
        result = [p for entry in goal.entries if not entry.date for p in entry.paragraphs]
    if with_result and result:
        source.result = _text(result)
        decision = decide(source.result, settings.statuses)
        source.status, source.date = decision.status, str(period.end)
        source.comment = _status_comment(decision.phrase, t)
        out.goal_statuses.append((goal, source))
    return source


def _own_entries(goal: GoalDraft, kind: str) -> list[EntryDraft]:
    """Follow-ups on the plan's own goals: in a report, dated ones (undated ones are the
    result); in a plan, all of them."""
    if kind == "report" and not goal.result:
        return [entry for entry in goal.entries if entry.date]
    return list(goal.entries)


def _status_comment(phrase: str, t: messages.Texts) -> str:
    return t.get("source.status_from", phrase=phrase.rstrip(".")) if phrase \
        else t.get("source.no_status")


def _follow_up(out: Converted, goal: GoalDraft, entry: EntryDraft, ref: str,
               settings: Settings, t: messages.Texts, several: bool) -> None:
    text = _text(entry.paragraphs)
    if not text and not entry.date:
        return
    decision = decide(text, settings.statuses)
    title = goal.title or title_of(goal.text[0] if goal.text else "") or ref.rsplit("/", 1)[-1]
    if several and entry.date:
        title = f"{title} ({entry.date})"
    note = _status_comment(decision.phrase, t)
    if entry.moved_from is not None:
        note += " " + t.get("source.moved", where=entry.moved_from.describe(settings.language))
    source = FollowUpSource(goal=ref, title=title, status=decision.status, date=entry.date,
                            text=text, comment=note)
    out.plan.follow_ups.append(source)
    out.entries.append((goal, entry, source))


def _earlier(part: PartDraft, title: str, period: Period, settings: Settings, out: Converted,
             t: messages.Texts) -> None:
    """The earlier plan a follow-up part repeats, and the follow-ups on its goals."""
    earlier = earlier_period(part.title, part.blocks, period) or period
    if earlier == period:  # a follow-up part on the plan's own goals
        for area in part.areas:
            out.plan.focus_areas.append(_area(area, Ids(), period, "plan", settings, out, t))
        return
    key = earlier.key
    earlier_title = title.replace(period.key, key) if period.key in title else \
        t.get("source.plan_title", unit=settings.unit_name, period=key)
    source = PlanSource(unit=settings.unit, period=key, title=earlier_title,
                        intro=comment(t.get("source.rebuilt", plan=title)))
    ids = Ids()
    for area in part.areas:
        title_here = area.title or t.get("source.area_title")
        focus = FocusAreaSource(ids.take(title_here), title_here, _text(area.intro))
        for goal in area.goals:
            focus.goals.append(_goal(goal, ids, earlier, "plan", settings, out, t,
                                     with_result=bool(goal.result)))
        source.focus_areas.append(focus)
    out.earlier.append(source)
    plan = out.plan
    if not plan.follow_up_title:
        plan.follow_up_title = part.title if part.title.lower() not in (
            "opfølgning", "status", "follow-up") else t.get("source.follow_up_title",
                                                            plan=earlier_title)
    if part.intro:
        plan.follow_up_intro = "\n\n".join(x for x in (plan.follow_up_intro, _text(part.intro))
                                           if x)
    for area in part.areas:
        for goal in area.goals:
            for entry in goal.entries:
                _follow_up(out, goal, entry, out.goal_ids[id(goal)], settings, t,
                           several=len(goal.entries) > 1)


def _unplaced(layout: Layout, t: messages.Texts) -> str:
    """The marked comment with every text the importer could not place, in order."""
    if not layout.unplaced:
        return ""
    groups: list[tuple[str, list[str], str, str]] = []
    for item in layout.unplaced:
        where = item.block.span(t.language)
        text = safe(item.block.text) if item.block.text else " | ".join(
            " ".join(cell.split()) for row in item.block.rows for cell in row)
        if groups and groups[-1][0] == item.why:
            groups[-1][1].append(text)
            groups[-1] = (groups[-1][0], groups[-1][1], groups[-1][2], where)
        else:
            groups.append((item.why, [text], where, where))
    lines = [t.get("source.unplaced")]
    for why, texts, first, last in groups:
        span = first if first == last else f"{first} – {last}"
        lines.append(f"({t.get('why.' + why)}, {span})\n" + "\n".join(texts))
    return comment("\n\n".join(lines))
