"""A plan's body: headings → a tree of sections → focus areas, goals and follow-ups.

The structure editors write (see docs/reference.md): `##` + `id:` is a focus
area, `###` + `id:` a goal, a `##` without `id:` holds follow-up entries (`###`
+ `mål:`). A heading's attributes are the `key: value` lines right under it; a
goal's text switches to its evidence or result at a "Dokumentation:" or
"Resultat:" label.

Each text is rendered by one call (`render_part`), and keeps the Markdown it was
rendered from beside its HTML: the source lines of its blocks, labels removed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from markdown_it.token import Token

from plansite import markdown, yamlsrc
from plansite.blocks import BLOCK_KINDS, parse_block
from plansite.dates import PartialDate, parse_date
from plansite.errors import Report
from plansite.model import FocusArea, FollowUp, FollowUpPart, Goal, Indicator
from plansite.slugs import is_slug, slugify
from plansite.validation import check_keys, suggest

FOCUS_AREA_KEYS = ("id",)
GOAL_KEYS = ("id", "status", "dato")
FOLLOW_UP_KEYS = ("mål", "status", "dato", "fortsætter-som")
KEY_ALIASES = {"goal": "mål", "maal": "mål", "date": "dato", "continued-as": "fortsætter-som",
               "fortsaetter-som": "fortsætter-som"}
SECTION_LABELS = {"dokumentation": "evidence", "evidence": "evidence",
                  "resultat": "result", "resultater": "result", "result": "result"}

_KEY_LINE = re.compile(r"^\s*([A-Za-zÆØÅæøå][\wÆØÅæøå-]*)\s*:\s*(.*?)\s*$")
_HEADING = re.compile(r"^ {0,3}#{2,3}[ \t]+\S")
_LABEL = re.compile(r"^\s*[A-Za-zÆØÅæøå]+\s*:\s*")
_SECTION_START = re.compile(r"^\s*(?:\*\*|__)?\s*([A-Za-zÆØÅæøå]+)\s*(?:\*\*|__)?\s*:")


@dataclass
class Part:
    """One text of a section (its text, evidence or result): tokens and their source lines.

    The source is the lines of the blocks the tokens came from, blank lines
    between them kept; where a block was taken out between two (an ```indikator
    block) one blank line stands. Reference definitions ([x]: url) are not blocks,
    so a text that uses one elsewhere in the plan does not carry it.
    """

    tokens: list[Token] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    end: int = -1
    """Body line index after the last block added; -1 before the first."""

    def add(self, block: list[Token], body: list[str], first_line: str | None = None) -> None:
        """Add a top-level block; `first_line` replaces its first source line (label gone)."""
        self.tokens.extend(block)
        if block[0].map is None:
            return
        start, end = block[0].map
        if self.end >= 0:
            gap = body[self.end : start]
            self.lines.extend(gap if all(not line.strip() for line in gap) else [""])
        source = body[start:end]
        if first_line is not None and source:
            source[0:1] = [first_line] if first_line.strip() else []
        self.lines.extend(source)
        self.end = end

    def markdown(self) -> str:
        """The Markdown source, without blank lines at either end."""
        lines = self.lines
        start, end = 0, len(lines)
        while start < end and not lines[start].strip():
            start += 1
        while end > start and not lines[end - 1].strip():
            end -= 1
        return "\n".join(lines[start:end])


@dataclass
class Section:
    """A heading with its attributes and the text under it, while parsing."""

    level: int
    title: str
    line: int
    attrs: dict[str, tuple[str, int]] = field(default_factory=dict)
    """Key → (value, file line) of the `key: value` lines under the heading."""
    parts: dict[str, Part] = field(default_factory=lambda: {"text": Part()})
    """Part name ("text", "evidence" or "result") → the part."""
    current: str = "text"
    blocks: list[tuple[str, str, int]] = field(default_factory=list)
    """Structured blocks: (kind, content, file line of the fence)."""
    children: list[Section] = field(default_factory=list)


@dataclass(frozen=True)
class Body:
    """What a plan's body holds, parsed and rendered."""

    intro_html: str
    intro_md: str
    focus_areas: tuple[FocusArea, ...]
    follow_up_parts: tuple[FollowUpPart, ...]
    follow_ups_in_goals: tuple[FollowUp, ...]
    """Statuses reported on the plan's own goals (annual reports)."""


def render_part(part: Part | None, base_url: str) -> tuple[str, str]:
    """The rendering step: (sanitised HTML, Markdown source) of a part."""
    if part is None:
        return "", ""
    return markdown.render(part.tokens, base_url), part.markdown()


def parse_body(path: Path, body: str, offset: int, plan_key: str, statuses: tuple[str, ...],
               base_url: str, report: Report) -> Body:
    """Parse a plan's body; `offset` is the number of file lines before it."""
    intro, tree = sections(markdown.parse(body), body.split("\n"), offset, path, report)
    builder = PlanBuilder(path, plan_key, statuses, base_url, report)
    focus_areas, parts = builder.build(tree)
    intro_html, intro_md = render_part(intro, base_url)
    return Body(intro_html, intro_md, tuple(focus_areas), tuple(parts),
                tuple(builder.goal_statuses))


def _top_level_blocks(tokens: list[Token]) -> list[list[Token]]:
    """Group tokens into top-level blocks (a heading, a paragraph, a list …)."""
    blocks: list[list[Token]] = []
    for token in tokens:
        if token.level == 0 and token.nesting >= 0:
            blocks.append([token])
        else:
            blocks[-1].append(token)
    return blocks


def _fence_closed(fence: Token, lines: list[str]) -> bool:
    """False for a ``` block never closed: it would swallow the rest of the plan."""
    if fence.map is None or fence.map[1] - fence.map[0] < 2:
        return False
    last = lines[fence.map[1] - 1].strip() if fence.map[1] <= len(lines) else ""
    return last.startswith(fence.markup) and not last.strip(fence.markup[0]).strip()


def _key_lines(block: list[Token], lines: list[str]) -> list[tuple[str, str, int]] | None:
    """The (key, value, body line index) pairs of a paragraph made only of key lines."""
    if block[0].type != "paragraph_open" or block[0].map is None:
        return None
    start, end = block[0].map
    pairs = []
    for index in range(start, end):
        match = _KEY_LINE.match(lines[index])
        if not match:
            return None
        pairs.append((match.group(1).lower(), match.group(2), index))
    return pairs


def sections(tokens: list[Token], lines: list[str], offset: int, path: Path,
             report: Report) -> tuple[Part, list[Section]]:
    """Split the body into the introduction and a tree of `##`/`###` sections."""
    intro = Part()
    tree: list[Section] = []
    current: Section | None = None
    expect_attrs = False
    for block in _top_level_blocks(tokens):
        first = block[0]
        line = offset + (first.map[0] if first.map else 0) + 1
        if first.type == "fence" and not _fence_closed(first, lines):
            report.error(path, line, "unclosed-fence", fence=first.markup)
        if first.type in ("fence", "html_block") and first.map:
            for index in range(first.map[0] + 1, min(first.map[1], len(lines))):
                if _HEADING.match(lines[index]):
                    report.error(path, offset + index + 1, "hidden-heading", block=line)
        if first.type == "heading_open" and first.tag in ("h2", "h3"):
            section = Section(int(first.tag[1]), markdown.plain_text(block[1]), line)
            if section.level == 2:
                tree.append(section)
            elif tree:
                tree[-1].children.append(section)
            else:
                report.error(path, line, "goal-before-focus-area", title=section.title)
            current, expect_attrs = section, True
            continue
        if expect_attrs:
            expect_attrs = False
            pairs = _key_lines(block, lines)
            if pairs is not None and current is not None:
                for key, value, index in pairs:
                    key = KEY_ALIASES.get(key, key)
                    if key in current.attrs:
                        report.error(path, offset + index + 1, "duplicate-key", key=key)
                    current.attrs[key] = (value, offset + index + 1)
                continue
        if current is None:
            intro.add(block, lines)
        else:
            _add_content(current, block, line, lines)
    return intro, tree


def _add_content(section: Section, block: list[Token], line: int, lines: list[str]) -> None:
    """Add a block to a section, switching to evidence/result at their labels."""
    first = block[0]
    if first.type == "fence" and first.info.strip().split(" ")[0].lower() in BLOCK_KINDS:
        section.blocks.append((first.info.strip().split(" ")[0].lower(), first.content, line))
        return
    first_line = None
    if first.type == "paragraph_open" and len(block) > 1:
        match = _SECTION_START.match(block[1].content)
        label = match.group(1).lower() if match else ""
        if label in SECTION_LABELS:
            section.current = SECTION_LABELS[label]
            section.parts.setdefault(section.current, Part())
            source = lines[first.map[0]] if first.map else ""
            first_line = _strip_label(block[1], source)
    section.parts.setdefault(section.current, Part()).add(block, lines, first_line)


def _strip_label(inline: Token, source: str) -> str:
    """Remove a leading "Dokumentation:" (plain or bold) from a paragraph's inline tokens.

    Returns `source`, the paragraph's first line, with the same label removed.
    """
    children = inline.children or []
    while children and children[0].type == "text" and not children[0].content:
        del children[0]
    if len(children) >= 3 and children[0].type == "strong_open":
        delimiter = re.escape(children[0].markup)
        del children[:3]  # **Label:** or **Label**: …
        if children and children[0].type == "text":
            children[0].content = children[0].content.lstrip().removeprefix(":").lstrip()
        source = re.sub(rf"^\s*{delimiter}.*?{delimiter}\s*:?\s*", "", source, count=1)
    elif children and children[0].type == "text":
        children[0].content = _LABEL.sub("", children[0].content, count=1)
        source = _LABEL.sub("", source, count=1)
    if children and children[0].type == "text" and not children[0].content:
        del children[0]  # the label filled its line: the text starts on the next
    if children and children[0].type == "softbreak":
        del children[0]
    inline.children = children
    return source


class PlanBuilder:
    """Turns parsed sections into focus areas, goals and follow-up entries."""

    def __init__(self, path: Path, plan_key: str, statuses: tuple[str, ...], base_url: str,
                 report: Report) -> None:
        self.path, self.plan_key, self.statuses = path, plan_key, statuses
        self.base_url, self.report = base_url, report
        self.goal_statuses: list[FollowUp] = []
        self.sequence = 0

    def build(self, tree: list[Section]) -> tuple[list[FocusArea], list[FollowUpPart]]:
        areas: list[FocusArea] = []
        parts: list[FollowUpPart] = []
        ids: dict[str, int] = {}  # focus areas and goals share the plan page's anchors
        for section in tree:
            if "id" in section.attrs:
                self._check_keys(section, FOCUS_AREA_KEYS)
                area_id = self._id(section, ids, "duplicate-focus-area-id")
                goals = [self._goal(child, area_id, ids) for child in section.children]
                intro_html, intro_md = self._text(section, "text")
                areas.append(FocusArea(area_id, section.title, intro_html,
                                       tuple(g for g in goals if g is not None), section.line,
                                       intro_md=intro_md, plan=self.plan_key))
            else:
                if section.attrs:
                    self._check_keys(section, FOCUS_AREA_KEYS)
                goals_here = [c for c in section.children
                              if "id" in c.attrs and "mål" not in c.attrs]
                if goals_here and len(goals_here) == len(section.children):
                    # only goals under it: a focus area that lost its id line; say it once
                    self.report.error(self.path, section.line, "missing-id",
                                      title=section.title, suggestion=slugify(section.title))
                    goals_here_reported = True
                else:
                    goals_here_reported = False
                entries = [self._follow_up(child) for child in section.children
                           if not (goals_here_reported and child in goals_here)]
                if not section.children:
                    self.report.error(self.path, section.line, "missing-id",
                                      title=section.title, suggestion=slugify(section.title))
                intro_html, intro_md = self._text(section, "text")
                parts.append(FollowUpPart(section.title, intro_html,
                                          tuple(e for e in entries if e is not None),
                                          section.line, intro_md=intro_md))
        return areas, parts

    def _text(self, section: Section, part: str) -> tuple[str, str]:
        return render_part(section.parts.get(part), self.base_url)

    def _check_keys(self, section: Section, allowed: tuple[str, ...]) -> None:
        data = yamlsrc.LineDict()
        for key, (value, line) in section.attrs.items():
            data[key] = value
            data.lines[key] = line
        check_keys(data, allowed, self.path, self.report)

    def _id(self, section: Section, seen: dict[str, int], duplicate_code: str) -> str:
        value, line = section.attrs.get("id", ("", section.line))
        if not value:
            self.report.error(self.path, section.line, "missing-id", title=section.title,
                              suggestion=slugify(section.title))
        elif not is_slug(value):
            self.report.error(self.path, line, "bad-id", value=value, suggestion=slugify(value))
        elif value in seen:
            self.report.error(self.path, line, duplicate_code, value=value, other=seen[value])
        else:
            seen[value] = line
        return value

    def _status(self, section: Section) -> str:
        value, line = section.attrs.get("status", ("", section.line))
        if not value:
            self.report.error(self.path, section.line, "missing-status", title=section.title)
        elif value not in self.statuses:
            self.report.error(self.path, line, "unknown-status", value=value,
                              suggestion=suggest(value, self.statuses))
        return value

    def _date(self, section: Section) -> tuple[PartialDate | None, str]:
        text, line = section.attrs.get("dato", ("", 0))
        if not text:
            return None, ""
        date = parse_date(text)
        if date is None:
            self.report.error(self.path, line, "bad-date", value=text)
        return date, text

    def _goal(self, section: Section, area_id: str, seen: dict[str, int]) -> Goal | None:
        if "mål" in section.attrs and "id" not in section.attrs:
            self.report.error(self.path, section.line, "follow-up-in-focus-area",
                              title=section.title)
            return None
        self._check_keys(section, GOAL_KEYS)
        goal_id = self._id(section, seen, "duplicate-goal-id")
        indicators: list[Indicator] = []
        for kind, content, line in section.blocks:
            indicator = parse_block(kind, content, line, self.path, self.report)
            if indicator is not None:
                indicators.append(indicator)
        text_html, text_md = self._text(section, "text")
        evidence_html, evidence_md = self._text(section, "evidence")
        result_html, result_md = self._text(section, "result")
        goal = Goal(goal_id, section.title, text_html, evidence_html, result_html,
                    tuple(indicators), self.plan_key, area_id, section.line, text_md=text_md,
                    evidence_md=evidence_md, result_md=result_md)
        if "status" in section.attrs:
            date, date_text = self._date(section)
            self.goal_statuses.append(self._entry(
                section, goal.key, self._status(section), (goal.result_html, goal.result_md),
                date, date_text, None, goal_id))
        return goal

    def _follow_up(self, section: Section) -> FollowUp | None:
        if "id" in section.attrs and "mål" not in section.attrs:
            self.report.error(self.path, section.line, "goal-in-follow-up-part",
                              title=section.title)
            return None
        self._check_keys(section, FOLLOW_UP_KEYS)
        ref, line = section.attrs.get("mål", ("", section.line))
        if not ref:
            self.report.error(self.path, section.line, "missing-goal-ref", title=section.title)
        status = self._status(section)
        date, date_text = self._date(section)
        continued = section.attrs.get("fortsætter-som", ("", 0))[0] or None
        entry = self._entry(section, ref, status, self._text(section, "text"), date,
                            date_text, continued, anchor="")  # set by `links`
        return replace(entry, target_line=line)

    def _entry(self, section: Section, target: str, status: str, text: tuple[str, str],
               date: PartialDate | None, date_text: str, continued: str | None,
               anchor: str) -> FollowUp:
        self.sequence += 1
        return FollowUp(target=target, status=status, text_html=text[0], date=date,
                        date_text=date_text, continued_as=continued, published_in=self.plan_key,
                        anchor=anchor, title=section.title, line=section.line, path=self.path,
                        sequence=self.sequence, text_md=text[1])
