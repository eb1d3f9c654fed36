"""Plan sources: bytes → front matter + Markdown structure → a `Plan`.

The structure editors write (see docs/reference.md): `##` + `id:` is a focus
area, `###` + `id:` a goal, a `##` without `id:` holds follow-up entries (`###`
+ `mål:`). Everything here is a pure function of the source text; problems go
to the `Report` with file and line.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from markdown_it.token import Token

from plansite import markdown, yamlsrc
from plansite.blocks import BLOCK_KINDS, parse_block
from plansite.config import check_keys, suggest
from plansite.dates import PartialDate, parse_date, parse_period
from plansite.errors import Report
from plansite.model import PLAN_KINDS, FocusArea, FollowUp, FollowUpPart, Goal, Plan
from plansite.slugs import is_slug, slugify

MAX_SOURCE_BYTES = 2_000_000
FRONT_MATTER_KEYS = ("unit", "period", "title", "kind", "published", "source")
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


def decode(path: Path, data: bytes, report: Report) -> str | None:
    """UTF-8 text with BOM and CRLF handled; None (and a problem) when unreadable."""
    if len(data) > MAX_SOURCE_BYTES:
        report.error(path, 0, "file-too-large", size=len(data), limit=MAX_SOURCE_BYTES)
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        report.error(path, line, "not-utf8", offset=exc.start)
        return None
    if "\x00" in text:
        report.error(path, text[: text.index("\x00")].count("\n") + 1, "nul-byte")
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split_front_matter(path: Path, text: str, report: Report) -> tuple[str, str, int] | None:
    """(front matter, body, number of lines before the body) or None when malformed."""
    lines = text.split("\n")
    if not text.strip():
        report.error(path, 1, "empty-file")
        return None
    if lines[0].strip() != "---":
        report.error(path, 1, "no-front-matter")
        return None
    for index in range(1, len(lines)):
        if lines[index].strip() == "---":
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1 :]), index + 1
    report.error(path, 1, "front-matter-not-closed")
    return None


@dataclass
class _Section:
    """A heading with its attributes and the token slices under it, while parsing."""

    level: int
    title: str
    line: int
    attrs: dict[str, tuple[str, int]] = field(default_factory=dict)
    parts: dict[str, list[Token]] = field(default_factory=lambda: {"text": []})
    current: str = "text"
    blocks: list[tuple[str, Any, int]] = field(default_factory=list)
    children: list[_Section] = field(default_factory=list)


def parse_plan(path: Path, text: str, statuses: tuple[str, ...], base_url: str,
               report: Report) -> Plan | None:
    """Parse one plan source; None when it has errors that leave no usable plan."""
    split = split_front_matter(path, text, report)
    if split is None:
        return None
    front_text, body, offset = split
    meta = _parse_front_matter(path, front_text, report)
    if meta is None:
        return None
    unit, period, plan_line = meta["unit"], meta["period"], meta["line"]
    intro, sections = _sections(markdown.parse(body), body.split("\n"), offset, path, report)
    plan_key = f"{unit}/{period.key}"
    builder = _PlanBuilder(path, plan_key, statuses, base_url, report)
    focus_areas, parts = builder.build(sections)
    if report.errors and any(p.path == path for p in report.errors):
        return None
    return Plan(
        unit=unit, period=period, title=meta["title"], kind=meta["kind"],
        intro_html=markdown.render(intro, base_url), focus_areas=tuple(focus_areas),
        follow_up_parts=tuple(parts), published=meta["published"], source_url=meta["source"],
        path=path, line=plan_line, follow_ups_in_goals=tuple(builder.goal_statuses),
    )


def _parse_front_matter(path: Path, text: str, report: Report) -> dict[str, Any] | None:
    try:
        data = yamlsrc.load(text)
    except yamlsrc.YamlProblem as problem:
        report.error(path, problem.line + 1, problem.code, column=problem.column,
                     detail=problem.detail)
        return None
    if not isinstance(data, yamlsrc.LineDict):
        report.error(path, 2, "front-matter-not-mapping")
        return None
    ok = True
    before = len(report.errors)
    check_keys(data, FRONT_MATTER_KEYS, path, report, line_offset=1)
    for key in ("unit", "period", "title"):
        if not str(data.get(key) or "").strip():
            report.error(path, 2, "missing-key", key=key)
            ok = False
    unit = str(data.get("unit") or "")
    period = parse_period(data.get("period", ""))
    if period is None and ok:
        report.error(path, data.line_of("period") + 1, "bad-period", value=data.get("period"))
    kind = str(data.get("kind") or "plan")
    if kind not in PLAN_KINDS:
        report.error(path, data.line_of("kind") + 1, "unknown-kind", value=kind,
                     allowed=", ".join(PLAN_KINDS))
    published = data.get("published")
    if published is not None and not isinstance(published, dt.date):
        report.error(path, data.line_of("published") + 1, "bad-published", value=published)
        published = None
    source = str(data.get("source") or "").strip()
    if source and not re.match(r"^https?://[^\s\x00-\x1f]+$", source, re.I):
        report.error(path, data.line_of("source") + 1, "bad-source-url", value=source)
    if not ok or period is None or len(report.errors) > before:
        return None
    return {"unit": unit, "period": period, "title": str(data["title"]).strip(), "kind": kind,
            "published": published, "source": source,
            "line": data.line_of("unit") + 1}


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


def _sections(tokens: list[Token], lines: list[str], offset: int, path: Path,
              report: Report) -> tuple[list[Token], list[_Section]]:
    """Split the body into the introduction and a tree of `##`/`###` sections."""
    intro: list[Token] = []
    sections: list[_Section] = []
    current: _Section | None = None
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
            section = _Section(int(first.tag[1]), markdown.plain_text(block[1]), line)
            if section.level == 2:
                sections.append(section)
            elif sections:
                sections[-1].children.append(section)
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
            intro.extend(block)
        else:
            _add_content(current, block, line)
    return intro, sections


def _add_content(section: _Section, block: list[Token], line: int) -> None:
    """Add a block to a section, switching to evidence/result at their labels."""
    first = block[0]
    if first.type == "fence" and first.info.strip().split(" ")[0].lower() in BLOCK_KINDS:
        section.blocks.append((first.info.strip().split(" ")[0].lower(), first.content, line))
        return
    if first.type == "paragraph_open" and len(block) > 1:
        match = _SECTION_START.match(block[1].content)
        label = match.group(1).lower() if match else ""
        if label in SECTION_LABELS:
            section.current = SECTION_LABELS[label]
            section.parts.setdefault(section.current, [])
            _strip_label(block[1])
    section.parts.setdefault(section.current, []).extend(block)


def _strip_label(inline: Token) -> None:
    """Remove a leading "Dokumentation:" (plain or bold) from a paragraph's inline tokens."""
    children = inline.children or []
    while children and children[0].type == "text" and not children[0].content:
        del children[0]
    if len(children) >= 3 and children[0].type == "strong_open":
        del children[:3]  # **Label:** or **Label**: …
        if children and children[0].type == "text":
            children[0].content = children[0].content.lstrip().removeprefix(":").lstrip()
    elif children and children[0].type == "text":
        children[0].content = _LABEL.sub("", children[0].content, count=1)
    if children and children[0].type == "softbreak":
        del children[0]
    inline.children = children


class _PlanBuilder:
    """Turns parsed sections into focus areas, goals and follow-up entries."""

    def __init__(self, path: Path, plan_key: str, statuses: tuple[str, ...], base_url: str,
                 report: Report) -> None:
        self.path, self.plan_key, self.statuses = path, plan_key, statuses
        self.base_url, self.report = base_url, report
        self.goal_statuses: list[FollowUp] = []
        self.sequence = 0

    def build(self, sections: list[_Section]) -> tuple[list[FocusArea], list[FollowUpPart]]:
        areas: list[FocusArea] = []
        parts: list[FollowUpPart] = []
        ids: dict[str, int] = {}  # focus areas and goals share the plan page's anchors
        for section in sections:
            if "id" in section.attrs:
                self._check_keys(section, FOCUS_AREA_KEYS)
                area_id = self._id(section, ids, "duplicate-focus-area-id")
                goals = [self._goal(child, area_id, ids) for child in section.children]
                areas.append(FocusArea(area_id, section.title, self._html(section, "text"),
                                       tuple(g for g in goals if g is not None), section.line))
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
                parts.append(FollowUpPart(section.title, self._html(section, "text"),
                                          tuple(e for e in entries if e is not None),
                                          section.line))
        return areas, parts

    def _html(self, section: _Section, part: str) -> str:
        return markdown.render(section.parts.get(part, []), self.base_url)

    def _check_keys(self, section: _Section, allowed: tuple[str, ...]) -> None:
        data = yamlsrc.LineDict()
        for key, (value, line) in section.attrs.items():
            data[key] = value
            data.lines[key] = line
        check_keys(data, allowed, self.path, self.report)

    def _id(self, section: _Section, seen: dict[str, int], duplicate_code: str) -> str:
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

    def _status(self, section: _Section) -> str:
        value, line = section.attrs.get("status", ("", section.line))
        if not value:
            self.report.error(self.path, section.line, "missing-status", title=section.title)
        elif value not in self.statuses:
            self.report.error(self.path, line, "unknown-status", value=value,
                              suggestion=suggest(value, self.statuses))
        return value

    def _date(self, section: _Section) -> tuple[PartialDate | None, str]:
        text, line = section.attrs.get("dato", ("", 0))
        if not text:
            return None, ""
        date = parse_date(text)
        if date is None:
            self.report.error(self.path, line, "bad-date", value=text)
        return date, text

    def _goal(self, section: _Section, area_id: str, seen: dict[str, int]) -> Goal | None:
        if "mål" in section.attrs and "id" not in section.attrs:
            self.report.error(self.path, section.line, "follow-up-in-focus-area",
                              title=section.title)
            return None
        self._check_keys(section, GOAL_KEYS)
        goal_id = self._id(section, seen, "duplicate-goal-id")
        indicators = []
        for kind, content, line in section.blocks:
            indicator = parse_block(kind, content, line, self.path, self.report)
            if indicator is not None:
                indicators.append(indicator)
        goal = Goal(goal_id, section.title, self._html(section, "text"),
                    self._html(section, "evidence"), self._html(section, "result"),
                    tuple(indicators), self.plan_key, area_id, section.line)
        if "status" in section.attrs:
            date, date_text = self._date(section)
            self.goal_statuses.append(self._entry(
                section, goal.key, self._status(section), goal.result_html, date, date_text,
                None, goal_id))
        return goal

    def _follow_up(self, section: _Section) -> FollowUp | None:
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
        entry = self._entry(section, ref, status, self._html(section, "text"), date,
                            date_text, continued, anchor="")  # set by `links`
        return replace(entry, target_line=line)

    def _entry(self, section: _Section, target: str, status: str, text_html: str,
               date: PartialDate | None, date_text: str, continued: str | None,
               anchor: str) -> FollowUp:
        self.sequence += 1
        return FollowUp(target=target, status=status, text_html=text_html, date=date,
                        date_text=date_text, continued_as=continued, published_in=self.plan_key,
                        anchor=anchor, title=section.title, line=section.line, path=self.path,
                        sequence=self.sequence)

