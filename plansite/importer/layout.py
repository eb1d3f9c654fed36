"""Blocks → the plan's parts, focus areas, goals and follow-ups.

1. The document splits into the plan and its follow-up parts ("Opfølgning", "Opfølgning
   på virksomhedsplan 2015"), which repeat an earlier plan's goals.
2. In each part the goals are read (see `goals`), leaving headings and text between
   them. Goals next to each other form a *run*.
3. Each run gets its focus area from the headings before it. Heading levels in exported
   documents are unreliable, so the level of focus areas is found from the document:
   the most important level at which (nearly) every run has a heading before it.
   Numbered headings ("2. Vores børn …") are focus areas when a part has several. A
   list header that names its subject ("Mål og resultater i forhold til sundhed og
   trivsel") picks the heading with those words, or becomes a focus area of its own.
4. Text before the first focus area is the introduction; text under a focus-area
   heading before its goals is the focus area's introduction; text after the last
   goal that a new heading opens, and tables of contents, are *unplaced*.

Also here: a summary list that repeats goals above it is written once, and follow-ups
that a two-column page pushed below a later goal go back to the goals without one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from plansite.importer import labels
from plansite.importer.document import HEADING, ITEM, PARA, TABLE, TOC, Block, Where
from plansite.importer.drafts import (
    AreaDraft,
    GoalDraft,
    Layout,
    Moved,
    PartDraft,
    Unplaced,
)
from plansite.importer.goals import (
    STOP_WORDS,
    GoalReader,
    is_sentence,
    markdown_of,
    stems,
)
from plansite.importer.text import plain, words

_FOLLOW_UP_PART = re.compile(
    r"^(?:\d{1,2}[.)]?\s*)?(?:opfølgning|status|opfølgning og status)(?:\s+(?:på|af)\b.*)?:?$",
    re.I)
_NUMBERED = re.compile(r"^\s*(\d{1,2})[.)]\s+(?P<title>\S.*)$")
REPEAT_SHARE = 0.8
"""A goal list is a summary when this share of its goals repeats goals above it."""


@dataclass
class _Run:
    goals: list[GoalDraft]
    start: int
    """Event index of the first goal."""
    end: int
    subject: str = ""
    headers: list[Block] = field(default_factory=list)


def read(blocks: list[Block], title: Block | None) -> Layout:
    """The layout of a document's blocks; `title` (the block with the plan's title) is
    left out of the text."""
    layout = Layout(title, [])
    body = [block for block in blocks if block is not title]
    for block in body:
        if block.kind == TOC:
            layout.unplaced.append(Unplaced(block, "contents"))
    content = [block for block in body if block.kind != TOC]
    for follow_up, part_title, start, part_blocks in _split_parts(content):
        where = start.where if start is not None else (
            part_blocks[0].where if part_blocks else Where())
        part = PartDraft(follow_up, part_title, where, blocks=part_blocks)
        _read_part(part, part_blocks, layout)
        layout.parts.append(part)
    for part in layout.parts:
        for area in part.areas:
            _give_back_follow_ups(area, layout)
    _NORMAL.clear()
    return layout


def _split_parts(blocks: list[Block]) -> list[tuple[bool, str, Block | None, list[Block]]]:
    """(follow-up?, title, heading, blocks) of the plan and of each follow-up part."""
    parts: list[tuple[bool, str, Block | None, list[Block]]] = [(False, "", None, [])]
    for index, block in enumerate(blocks):
        if block.kind == HEADING and _FOLLOW_UP_PART.match(plain(block.text)) \
                and _has_follow_ups(blocks[index + 1:]):
            title = re.sub(r"^\d{1,2}[.)]?\s*", "", plain(block.text)).rstrip(":")
            parts.append((True, title, block, []))
            continue
        parts[-1][3].append(block)
    return [(f, t, h, b) for f, t, h, b in parts if b or f]


def _has_follow_ups(blocks: list[Block]) -> bool:
    for block in blocks:
        if block.kind == HEADING and _FOLLOW_UP_PART.match(plain(block.text)):
            return False
        found = labels.label(block.text) if block.kind == PARA else None
        if found is not None and found.kind in (labels.FOLLOW_UP, labels.STATUS):
            return True
        if block.kind == TABLE and any("opfølgning" in plain(cell).lower()
                                       for cell in block.rows[0] if block.rows):
            return True
    return False


Event = tuple[str, object]
"""("heading", Block), ("text", Block) or ("goal", GoalDraft)."""


def _events(blocks: list[Block]) -> tuple[list[Event], list[_Run]]:
    reader = GoalReader(blocks)
    events: list[Event] = []
    runs: list[_Run] = []

    def add_run(goals: list[GoalDraft], subject: str, headers: list[Block]) -> None:
        if runs and runs[-1].end == len(events) and not subject and not headers:
            runs[-1].goals.extend(goals)
        else:
            runs.append(_Run(list(goals), len(events), len(events), subject, headers))
        events.extend(("goal", goal) for goal in goals)
        runs[-1].end = len(events)

    index = 0
    while index < len(blocks):
        block = blocks[index]
        found = labels.label(block.text) if block.kind in (PARA, HEADING) else None
        if found is not None and block.kind == HEADING and found.kind != labels.GOAL:
            found = None
        header = labels.list_header(block.text) if block.kind in (HEADING, PARA) \
            and (found is None or block.kind == HEADING) else None
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        if found is not None and found.kind == labels.GOAL and not found.rest \
                and not found.title and following is not None and following.kind == ITEM:
            goals, after = reader.listed(index + 1, "")  # "Mål:" over a list of goals
            add_run(goals, "", [block])
            index = after
            continue
        if found is not None and found.kind == labels.GOAL:
            goal, index = reader.labelled(index)
            add_run([goal], "", [])
            continue
        if header is not None:
            goals, after = reader.listed(index + 1, header.subject)
            if goals:
                add_run(goals, goals[0].subject or header.subject,
                        [_header_block(b) for b in blocks[index:after]
                         if b.kind in (HEADING, PARA, TABLE) and (
                             labels.list_header(b.text) is not None
                             or labels.is_results_header(b.text) or b.kind == TABLE)])
                index = after
                continue
        if block.kind == TABLE:
            goals = reader.tabled(block, "")
            if goals:
                add_run(goals, "", [_header_block(block)])
                index += 1
                continue
        if found is not None and runs and runs[-1].end == len(events):
            goal = runs[-1].goals[-1]  # "Dokumentation:" after a follow-up: same goal
            reader.open_part(goal, found, block)
            index += 1
            continue
        if block.kind == HEADING and not is_sentence(block):
            events.append(("heading", block))
        else:
            events.append(("text", block))
        index += 1
    return events, runs


def _header_block(block: Block) -> Block:
    """What introduced a list or table of goals, kept as text: a header ("Målene i 2014
    var:") or a table's header row ("Målene i 2014 var: | Resultater")."""
    if block.kind == TABLE:
        header = next((row for row in block.rows if any(cell.strip() for cell in row)), [])
        return Block(PARA, " | ".join(cell for cell in header if cell.strip()), block.where)
    return Block(HEADING if block.kind == HEADING else PARA, block.text, block.where, 4)


def _rank(block: Block, numbered_part: bool) -> int:
    if numbered_part and _NUMBERED.match(plain(block.text)):
        return 0
    return block.level


def _read_part(part: PartDraft, blocks: list[Block], layout: Layout) -> None:
    events, runs = _events(blocks)
    numbered = sum(1 for kind, item in events if kind == "heading"
                   and isinstance(item, Block) and _NUMBERED.match(plain(item.text))) >= 2
    windows = []
    previous_end = 0
    for run in runs:
        windows.append((previous_end, run.start))
        previous_end = run.end
    level = _area_level(events, runs, windows, numbered)
    current: AreaDraft | None = None
    for number, (run, (first, last)) in enumerate(zip(runs, windows, strict=True)):
        window = events[first:last]
        heading_at, title = _choose(window, run, level, numbered, current)
        if heading_at is None and title is None and current is not None:
            _continue(current, window)
        else:
            before = window[:heading_at] if heading_at is not None else window
            after = window[heading_at + 1:] if heading_at is not None else []
            if number == 0:
                part.intro.extend(_texts(before))
                before = []
            elif current is not None:
                before = _to_last_goal(current, before)
            heading = window[heading_at][1] if heading_at is not None else None
            assert heading is None or isinstance(heading, Block)
            name = title if title is not None else _area_title(heading)
            where = heading.where if heading is not None else run.goals[0].where
            current = AreaDraft(name, where, numbered=heading is not None
                                and bool(_NUMBERED.match(plain(heading.text))))
            if heading is not None and title is not None:
                before = [*before, ("heading", heading)]
            current.intro.extend(_texts(before) + _texts(after))
            part.areas.append(current)
        _add_goals(current, run, part, layout)
    trailing = events[previous_end:] if runs else events
    if not runs:
        part.intro.extend(_texts(trailing))
        return
    boundary = max((a.level for a in _area_headings(events, runs, windows, level, numbered)),
                   default=level)
    _place_trailing(trailing, current, boundary, numbered, layout)


def _area_level(events: list[Event], runs: list[_Run], windows: list[tuple[int, int]],
                numbered: bool) -> int:
    """The least heading rank at which at least half of the runs (with a heading before
    them at all) have one: the level of the document's focus areas."""
    ranks = sorted({_rank(item, numbered) for kind, item in events
                    if kind == "heading" and isinstance(item, Block)})
    if not ranks:
        return 0

    def count(limit: int) -> int:
        return sum(1 for first, last in windows if any(
            kind == "heading" and isinstance(item, Block) and _rank(item, numbered) <= limit
            for kind, item in events[first:last]))
    most = count(ranks[-1])
    return next((rank for rank in ranks if count(rank) * 2 >= most), ranks[-1])


def _area_headings(events: list[Event], runs: list[_Run], windows: list[tuple[int, int]],
                   level: int, numbered: bool) -> list[Block]:
    found = []
    for first, last in windows:
        for kind, item in events[first:last]:
            if kind == "heading" and isinstance(item, Block) and _rank(item, numbered) <= level:
                found.append(item)
    return found


def _content_words(text: str) -> set[str]:
    return {word for word in words(text) if len(word) >= 4 and word not in STOP_WORDS}


def _overlap(heading: Block, subject: str) -> float:
    wanted = _content_words(subject)
    return len(wanted & _content_words(heading.text)) / len(wanted) if wanted else 0.0


def _choose(window: list[Event], run: _Run, level: int, numbered: bool,
            current: AreaDraft | None) -> tuple[int | None, str | None]:
    """(index in the window of the focus area's heading, or None; a title when the area
    is named after the run's subject, else None). (None, None): the previous area goes on."""
    headings = [(index, item) for index, (kind, item) in enumerate(window)
                if kind == "heading" and isinstance(item, Block)]
    candidates = [(index, item) for index, item in headings if _rank(item, numbered) <= level]
    if run.subject:
        matching = [(index, item) for index, item in headings if _overlap(item, run.subject) >= 0.5]
        if matching:
            best = min(matching, key=lambda pair: (_rank(pair[1], numbered),
                                                   -_overlap(pair[1], run.subject), -pair[0]))
            return best[0], None
        if candidates or current is None:
            return (candidates[-1][0] if candidates else None), _capital(run.subject)
        if _content_words(run.subject) & _content_words(current.title):
            return None, None
        return None, _capital(run.subject)
    if candidates:
        return candidates[-1][0], None
    if current is not None:
        return None, None
    if headings:
        best_rank = min(_rank(item, numbered) for _index, item in headings)
        return [index for index, item in headings if _rank(item, numbered) == best_rank][-1], None
    return None, ""


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _area_title(heading: Block | None) -> str:
    if heading is None:
        return ""
    text = plain(heading.text).rstrip(":")
    numbered = _NUMBERED.match(text)
    return numbered.group("title").strip() if numbered else text


def _texts(events: list[Event]) -> list[str]:
    out = []
    for _kind, item in events:
        if isinstance(item, Block):
            out.append(markdown_of(item))
    return _join_items(out)


def _join_items(paragraphs: list[str]) -> list[str]:
    """Consecutive list items as one list (one paragraph of lines)."""
    out: list[str] = []
    for paragraph in paragraphs:
        if out and re.match(r"^(?:- |1\. )", paragraph) \
                and re.match(r"^(?:- |1\. )", out[-1].split("\n")[-1]):
            out[-1] += "\n" + paragraph
        else:
            out.append(paragraph)
    return out


def _continue(area: AreaDraft, window: list[Event]) -> None:
    _to_last_goal(area, window, everything=True)


def _to_last_goal(area: AreaDraft, window: list[Event], everything: bool = False
                  ) -> list[Event]:
    """Text right after a goal continues it; returns the rest of the window (from its
    first heading), or nothing with `everything`."""
    if not area.goals:
        area.intro.extend(_texts(window))
        return []
    cut = len(window) if everything else next(
        (index for index, (kind, _item) in enumerate(window) if kind == "heading"), len(window))
    for paragraph in _texts(window[:cut]):
        area.goals[-1].add(paragraph)
    return window[cut:]


def _add_goals(area: AreaDraft, run: _Run, part: PartDraft, layout: Layout) -> None:
    """The run's goals into the area; a summary list repeating goals above is written once."""
    earlier = [goal for other in part.areas for goal in other.goals]
    repeats = [(goal, _repeated(goal, earlier)) for goal in run.goals]
    found = [(goal, other) for goal, other in repeats if other is not None]
    if len(run.goals) >= 2 and len(found) >= REPEAT_SHARE * len(run.goals):
        for goal, other in repeats:
            if other is None:
                area.goals.append(goal)
            else:
                layout.repeats.append((goal, other))
        for header in run.headers:
            layout.unplaced.append(Unplaced(header, "repeat"))
        if not area.goals and area in part.areas and not area.intro:
            part.areas.remove(area)
        return
    area.intro.extend(_texts([("text", header) for header in run.headers]))
    area.goals.extend(run.goals)


_NORMAL: dict[int, tuple[str, set[str]]] = {}


def _normal(goal: GoalDraft) -> tuple[str, set[str]]:
    """A goal's words as one string, and their stems (remembered while one part is read)."""
    found = _NORMAL.get(id(goal))
    if found is None:
        text = " ".join(words(" ".join(goal.text)))
        found = _NORMAL[id(goal)] = (text, stems(text))
    return found


def _repeated(goal: GoalDraft, earlier: list[GoalDraft]) -> GoalDraft | None:
    """The earlier goal this one repeats word for word (give or take an "at" or a comma)."""
    text, mine = _normal(goal)
    for other in earlier:
        theirs, their_stems = _normal(other)
        if abs(len(text) - len(theirs)) > 12 or not mine or not their_stems:
            continue
        if len(mine & their_stems) / min(len(mine), len(their_stems)) >= 0.85 \
                and SequenceMatcher(None, text, theirs, autojunk=False).ratio() >= 0.9:
            return other
    return None


def _place_trailing(trailing: list[Event], area: AreaDraft | None, boundary: int,
                    numbered: bool, layout: Layout) -> None:
    """After the last goal: text continues it until a heading as important as the focus
    areas' opens something the importer cannot place."""
    cut = next((index for index, (kind, item) in enumerate(trailing)
                if kind == "heading" and isinstance(item, Block)
                and (item.level <= boundary or _rank(item, numbered) == 0)), len(trailing))
    if area is not None:
        _to_last_goal(area, trailing[:cut], everything=True)
    for _kind, item in trailing[cut:]:
        if isinstance(item, Block):
            layout.unplaced.append(Unplaced(item, "after"))


def _give_back_follow_ups(area: AreaDraft, layout: Layout) -> None:
    """Several undated follow-ups under one goal while goals before it have none: a
    two-column page put them there. They go back, in order, to those goals."""
    for index, goal in enumerate(area.goals):
        entries = goal.entries
        if len(entries) <= 1 or any(entry.date for entry in entries):
            continue
        lacking = [other for other in area.goals[:index] if not other.entries]
        if not lacking:
            continue
        targets = [*lacking, goal][-len(entries):]
        moved = list(entries)
        goal.entries = []
        for target, entry in zip(targets, moved, strict=False):
            if target is not goal:
                entry.moved_from = entry.where
                layout.moved.append(Moved(entry.where, target.where))
            target.entries.append(entry)
        goal.entries.extend(moved[len(targets):])
