"""The import's report: what was found, where it went, and what the editor checks next.

Goals per focus area, follow-ups and their statuses (with the deciding phrase),
dated entries, follow-ups moved to an earlier goal, goals written once because a
summary list repeated them, every unplaced paragraph with its line (or page), and
the furniture that was removed. Pure: the import's result in, lines of text out.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from plansite import statuses as status_words
from plansite.importer import Imported
from plansite.importer.document import Where
from plansite.importer.messages import Texts
from plansite.importer.status import decide
from plansite.importer.text import plain
from plansite.writer import PlanSource

EXCERPT = 70


@dataclass(frozen=True)
class Written:
    """Where each source goes, and what happens to the unit."""

    paths: list[Path]
    """One per source of `Imported.sources`, in that order."""
    new_unit: bool
    level: str = ""


def _excerpt(text: str) -> str:
    flat = plain(text).replace("\n", " ")
    return flat if len(flat) <= EXCERPT else flat[:EXCERPT].rsplit(" ", 1)[0] + " …"


def lines(imported: Imported, written: Written, language: str = "da") -> list[str]:
    """The report, line by line (without the check's result and the next step)."""
    t = Texts(language)
    document = imported.document
    out = [t.get("report.read", name=document.name,
                 fmt=t.get(f"report.format.{document.fmt}"), size=_size(imported, t))]
    title = plain(imported.heading.block.text) if imported.heading.block else ""
    out.append(t.get(f"report.period.{imported.period_how or 'option'}",
                     period=imported.period.key, title=title))
    if imported.converted.plan.kind == "report":
        out.append(t.get("report.kind.report"))
    plan = imported.converted.plan
    if written.new_unit:
        out.append(t.get("report.unit.new", unit=plan.unit, name=imported.unit_name,
                         level=written.level))
    else:
        out.append(t.get("report.unit.known", unit=plan.unit, name=imported.unit_name))
    out += ["", t.get("report.files")]
    for index, (source, path) in enumerate(zip(imported.sources, written.paths, strict=True)):
        key = "report.file.plan" if index == 0 else "report.file.earlier"
        out.append(t.get(key, path=path, title=source.title))
    for source in imported.sources:
        out += ["", *_goals(source, imported, t)]
    out += _follow_ups(imported, t, language)
    out += _results(imported, t, language)
    out += _moved_and_repeats(imported, t, language)
    out += _unplaced(imported, written, t, language)
    if document.furniture:
        examples = list(dict.fromkeys(f'"{_excerpt(block.text)}"' for block in
                                      document.furniture))[:4]
        out += ["", t.get("report.furniture", count=len(document.furniture),
                          examples=", ".join(examples))]
    if imported.layout.themes:
        out += ["", t.get("report.themes", setter=imported.layout.theme_setter,
                          themes=", ".join(imported.layout.themes))]
        out += [t.get("report.themes_carried", area=area.title, key=area.priority)
                for area in plan.focus_areas if area.priority]
        if imported.new_themes:
            out.append(t.get("report.themes_new", themes=", ".join(
                key for key, _name in imported.new_themes)))
    return out


def _size(imported: Imported, t: Texts) -> str:
    blocks = imported.document.blocks
    last: Where = max((block.last or block.where for block in blocks), default=Where())
    if imported.document.fmt == "pdf":
        return t.get("report.size.pdf", count=last.page)
    if imported.document.fmt == "docx":
        return t.get("report.size.docx", count=last.line)
    return t.get("report.size.text", count=last.line)


def _goals(source: PlanSource, imported: Imported, t: Texts) -> list[str]:
    out = [t.get("report.goals", plan=f"{source.unit}/{source.period}")]
    wheres = _area_wheres(imported, source)
    for area, where in zip(source.focus_areas, wheres, strict=False):
        out.append(t.get("report.area", title=area.title, count=len(area.goals), where=where))
    out.append(t.get("report.goals_total", goals=sum(len(a.goals) for a in source.focus_areas),
                     areas=len(source.focus_areas)))
    return out


def _area_wheres(imported: Imported, source: PlanSource) -> list[str]:
    language = imported.language
    parts = [part for part in imported.layout.parts
             if part.follow_up == (source is not imported.converted.plan)]
    return [area.where.describe(language) for part in parts for area in part.areas
            if area.goals]


def _statuses(keys: list[str], imported: Imported, language: str) -> str:
    counts = Counter(keys)
    return ", ".join(f"{status_words.word(key, imported.statuses, language)}: {count}"
                     for key, count in counts.most_common())


def _follow_ups(imported: Imported, t: Texts, language: str) -> list[str]:
    entries = imported.converted.entries
    if not entries:
        return []
    vocabulary = imported.statuses
    out = ["", t.get("report.follow_ups", count=len(entries),
                     statuses=_statuses([s.status for _g, _e, s in entries], imported,
                                        language))]
    for _goal, entry, source in entries:
        phrase = decide(source.text, vocabulary).phrase
        out.append(t.get("report.follow_up", where=entry.where.describe(language),
                         goal=_excerpt(source.title),
                         status=status_words.word(source.status, vocabulary, language),
                         phrase=f' ("{_excerpt(phrase)}")' if phrase else ""))
    followed = {id(goal) for goal, _e, _s in entries}
    lacking = [goal for part in imported.layout.parts if part.follow_up
               for area in part.areas for goal in area.goals if id(goal) not in followed]
    if lacking:
        out.append(t.get("report.no_follow_up", goals=", ".join(
            goal.where.describe(language) for goal in lacking)))
    dated = [(goal, entry) for goal, entry, _s in entries if entry.date]
    if dated:
        out.append(t.get("report.dated", count=len(dated)))
        out += [t.get("report.dated_entry", where=entry.where.describe(language),
                      goal=_excerpt(" ".join(goal.text) or goal.title), date=entry.date)
                for goal, entry in dated]
    return out


def _results(imported: Imported, t: Texts, language: str) -> list[str]:
    found = imported.converted.goal_statuses
    if not found:
        return []
    vocabulary = imported.statuses
    out = ["", t.get("report.results", count=len(found),
                     statuses=_statuses([s.status for _g, s in found], imported, language))]
    for goal, source in found:
        phrase = decide(source.result, vocabulary).phrase
        out.append(t.get("report.follow_up", where=goal.where.describe(language),
                         goal=_excerpt(source.title),
                         status=status_words.word(source.status, vocabulary, language),
                         phrase=f' ("{_excerpt(phrase)}")' if phrase else ""))
    return out


def _moved_and_repeats(imported: Imported, t: Texts, language: str) -> list[str]:
    out: list[str] = []
    layout = imported.layout
    if layout.moved:
        out += ["", t.get("report.moved")]
        out += [t.get("report.moved_entry", found=moved.found.describe(language),
                      goal=moved.goal_where.describe(language)) for moved in layout.moved]
    if layout.repeats:
        out += ["", t.get("report.repeats", count=len(layout.repeats))]
        out += [t.get("report.repeat", where=goal.where.describe(language),
                      other=other.where.describe(language)) for goal, other in layout.repeats]
    return out


def _unplaced(imported: Imported, written: Written, t: Texts, language: str) -> list[str]:
    unplaced = imported.layout.unplaced
    if not unplaced:
        return []
    out = ["", t.get("report.unplaced", count=len(unplaced), path=written.paths[0])]
    for item in unplaced:
        text = item.block.text or " | ".join(cell for row in item.block.rows for cell in row)
        out.append(t.get("report.unplaced_entry", where=item.block.span(language),
                         text=f'"{_excerpt(text)}"', why=t.get(f"why.{item.why}")))
    return out
