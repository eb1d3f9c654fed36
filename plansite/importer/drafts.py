"""What the layout step finds in a document, before it becomes plan sources.

Plain data: `layout` fills it in, `convert` turns it into `writer.PlanSource`s,
`report` describes it. Texts are lists of Markdown paragraphs, as found.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from plansite.importer.document import Block, Where

_ITEM = re.compile(r"^(?:- |\d{1,2}[.)] )")


@dataclass
class EntryDraft:
    """A follow-up on a goal: the text after "Opfølgning:" (or "Status:"), or one dated
    entry of it ("Maj 2010 …")."""

    where: Where
    date: str = ""
    """As written, lower case ("maj 2010"); empty when the entry has no date."""
    paragraphs: list[str] = field(default_factory=list)
    moved_from: Where | None = None
    """Where the entry was found, when it was moved to an earlier goal (see `layout`)."""


@dataclass
class GoalDraft:
    """A goal as found: its text, evidence, result and follow-ups."""

    where: Where
    how: str
    """How it was recognised: "label" (Mål:), "list" (Mål for 2012 …), "table" or "pair"."""
    title: str = ""
    """A title the document gives ("Mål: Økonomistyring"); else one is made from the text."""
    text: list[str] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)
    result: list[str] = field(default_factory=list)
    entries: list[EntryDraft] = field(default_factory=list)
    current: str = "text"
    """The part that following paragraphs belong to: text, evidence, result or entry."""
    subject: str = ""
    """Whose goal the list header said it was ("it, ledere og medarbejdere")."""

    def add(self, paragraph: str) -> None:
        """Add a paragraph to the current part (list items after items make one list)."""
        if self.current == "entry":
            if not self.entries:
                self.entries.append(EntryDraft(self.where))
            target = self.entries[-1].paragraphs
        else:
            target = getattr(self, self.current)
        if target and _ITEM.match(paragraph) and _ITEM.match(target[-1].rsplit("\n", 1)[-1]):
            target[-1] += "\n" + paragraph
        else:
            target.append(paragraph)


@dataclass
class AreaDraft:
    """A focus area: a heading of the document with goals under it."""

    title: str
    where: Where
    intro: list[str] = field(default_factory=list)
    goals: list[GoalDraft] = field(default_factory=list)
    numbered: bool = False


@dataclass
class PartDraft:
    """The plan itself, or a follow-up part that repeats an earlier plan's goals."""

    follow_up: bool
    title: str
    where: Where
    intro: list[str] = field(default_factory=list)
    areas: list[AreaDraft] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    """The part's blocks (for finding the period an earlier plan had)."""


@dataclass
class Unplaced:
    """Text the importer could not place: kept in the source, listed in the report."""

    block: Block
    why: str
    """"contents" (a table of contents), "after" (after the last goal, under a heading
    the importer could not place) or "repeat" (the header of a summary list)."""


@dataclass
class Moved:
    """A follow-up found under one goal and given to an earlier one (two-column layouts)."""

    found: Where
    goal_where: Where


@dataclass
class Layout:
    """Everything the layout step found."""

    title: Block | None
    """The block that gave the plan's title and period, if any."""
    parts: list[PartDraft]
    unplaced: list[Unplaced] = field(default_factory=list)
    moved: list[Moved] = field(default_factory=list)
    repeats: list[tuple[GoalDraft, GoalDraft]] = field(default_factory=list)
    """(goal in a summary list, the goal above it repeats) — written once."""
    themes: list[str] = field(default_factory=list)
    """Shared themes the document says its focus areas carry (see `themes`)."""
    theme_setter: str = ""
