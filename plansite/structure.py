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

from plansite import attachments, keys, markdown, statuses
from plansite.blocks import BLOCK_KINDS, parse_block
from plansite.dates import PartialDate, parse_date
from plansite.errors import Report
from plansite.model import FileRef, FocusArea, FollowUp, FollowUpPart, Goal, Indicator, Status
from plansite.slugs import is_slug, slugify
from plansite.validation import suggest

FOCUS_AREA_KEYS = ("id", "priority", "carries")
GOAL_KEYS = ("id", "status", "date")
FOLLOW_UP_KEYS = ("goal", "status", "date", "continued-as")
"""Canonical keys (see `keys.BODY` for how editors write them)."""
SECTION_LABELS = {"dokumentation": "evidence", "evidence": "evidence",
                  "resultat": "result", "resultater": "result", "result": "result"}
PLACING_KEYS = ("id", "goal")
"""The keys that make a heading a focus area, a goal or a follow-up: every line with
one of them must end up as one, or be reported (see `check_key_lines`)."""

_WORD = r"[A-Za-zÆØÅæøå][\wÆØÅæøå-]*"
_KEY_LIKE = re.compile(rf"^\s*({_WORD}(?: {_WORD})?)\s*:(?!//)\s*(.*?)\s*$")
"""`word: value` or `two words: value`: a line an editor meant as a key (not a URL)."""
_HEADING = re.compile(r"^ {0,3}#{2,3}[ \t]+\S")
_ATX = re.compile(r"^( {0,3})(#{1,6})([^\S\n]*|[\u00a0\u200b\u200c\u200d\u2060]+)(?=\S)")
_INVISIBLE = str.maketrans({"\u00a0": " ", "\u200b": None, "\u200c": None, "\u200d": None,
                            "\u2060": None, "\ufeff": None})
_SUSPECT = (re.compile(r"\n {0,3}#"), re.compile(r"[\u00a0\u200b\u200c\u200d\u2060\ufeff]"))
"""A heading, or an invisible character: the lines `normalise` looks at."""
_PLACING_OR_STATE = (
    re.compile(r"\n[ \t]*(?:[iI][dD]|[mM](?:[åÅ]|[aA][aA])[lL]|[gG][oO][aA][lL])[ \t]*:"),
    re.compile(r"\n {0,3}(?:```|~~~)"), re.compile("<!--"), re.compile("-->"))
"""Lines that may place something, or open or close a ``` block or a comment."""
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_LABEL = re.compile(r"^\s*[A-Za-zÆØÅæøå]+\s*:\s*")
_SECTION_START = re.compile(r"^\s*(?:\*\*|__)?\s*([A-Za-zÆØÅæøå]+)\s*(?:\*\*|__)?\s*:")


def normalise(body: str) -> str:
    """Read headings and key lines as the editor meant them; the line count stays.

    Text pasted from Word puts a non-breaking space after `###`, and `###Boformer`
    is a common slip: both would make the goal body text of the one before. A
    key line's invisible characters (non-breaking or zero-width spaces) go too.
    """
    lines: list[str] | None = None
    for index in _lines_matching(_SUSPECT, body):
        lines = lines if lines is not None else body.split("\n")
        line = lines[index]
        heading = _ATX.match(line)
        if heading and heading.group(3) != " " and _is_heading_slip(heading, lines, index):
            lines[index] = f"{heading.group(1)}{heading.group(2)} {line[heading.end():]}"
        elif not heading:
            cleaned = line.translate(_INVISIBLE)
            if _KEY_LIKE.match(cleaned):
                lines[index] = cleaned
    return body if lines is None else "\n".join(lines)


def _lines_matching(patterns: tuple[re.Pattern[str], ...], text: str) -> list[int]:
    """Indexes of the lines where any of `patterns` matches, found by the regex engine.

    A plan has thousands of lines and a few headings: looping over every line in
    Python cost more than the rest of structuring. Each pattern starts with a
    newline or a literal, which the engine finds fast; the text gets a newline
    in front so its first line counts too.
    """
    padded = "\n" + text
    found: set[int] = set()
    for pattern in patterns:
        last = count = 0
        for match in pattern.finditer(padded):
            count += padded.count("\n", last, match.start())
            last = match.start()
            found.add(count - 1 if padded[last] != "\n" else count)
    return sorted(found)


def _is_heading_slip(heading: re.Match[str], lines: list[str], index: int) -> bool:
    """A `#` run without its space is a heading when it is ## or ###, or has keys under it."""
    if heading.group(3):  # a non-breaking or zero-width space: a heading in any case
        return True
    if len(heading.group(2)) in (2, 3):
        return True
    following = lines[index + 1] if index + 1 < len(lines) else ""
    match = _KEY_LIKE.match(following.translate(_INVISIBLE))
    return bool(match and keys.body_key(match.group(1)) in PLACING_KEYS)


def key_lines(lines: list[str]) -> list[tuple[int, str]]:
    """(index, canonical key) of each line that places something: `id:`, `mål:`.

    Counted from the text (outside ``` blocks and HTML comments), not from what
    the parser understood: the nothing-lost checks compare the two.
    """
    text = "\n".join(lines)
    candidates = _lines_matching(_PLACING_OR_STATE, text)
    found = []
    fence = ""
    in_comment = False
    for index in candidates:
        line = lines[index]
        opening = _FENCE.match(line)
        if fence:
            if opening and opening.group(1)[0] == fence[0] \
                    and len(opening.group(1)) >= len(fence) and not line.strip().strip(fence[0]):
                fence = ""
            continue
        if opening:
            fence = opening.group(1)
            continue
        if in_comment:
            in_comment = "-->" not in line
            continue
        if line.lstrip().startswith("<!--"):
            in_comment = "-->" not in line.split("<!--", 1)[1]
            continue
        match = _KEY_LIKE.match(line)
        if match and match.group(2):
            key = keys.body_key(match.group(1))
            if key in PLACING_KEYS:
                found.append((index, key))
    return found


def count_key_lines(found: list[tuple[int, str]]) -> tuple[int, int]:
    """(`id:` lines, `mål:` lines) of `key_lines`, for the nothing-lost check."""
    keys_found = [key for _index, key in found]
    return keys_found.count("id"), keys_found.count("goal")


def check_key_lines(found: list[tuple[int, str]], lines: list[str], offset: int,
                    used: set[int], path: Path, report: Report) -> list[tuple[int, str]]:
    """Every `id:` and `mål:` line was read as a heading's key, or is an error on its line.

    Returns the (file line, key) of each line that was not.
    """
    stray = []
    for index, key in found:
        if index not in used:
            report.error(path, offset + index + 1, "stray-key-line", text=lines[index].strip(),
                         key=key)
            stray.append((offset + index + 1, key))
    return stray


def _mark_stray(tree: list[Section], stray: list[tuple[int, str]]) -> None:
    """Note in each section the keys of stray lines in its text.

    A goal whose `id:` line slipped below its text has that line reported; it
    is not reported a second time as a goal without an id.
    """
    ordered = [s for section in tree for s in (section, *section.children)]
    for here, after in zip(ordered, [*ordered[1:], None], strict=False):
        end = after.line if after is not None else 1 << 30
        here.stray.update(key for line, key in stray if here.line < line < end)


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
    stray: set[str] = field(default_factory=set)
    """Keys of `id:`/`mål:` lines found in the section's text (reported as stray)."""


@dataclass(frozen=True)
class Body:
    """What a plan's body holds, parsed and rendered."""

    intro_html: str
    intro_md: str
    focus_areas: tuple[FocusArea, ...]
    follow_up_parts: tuple[FollowUpPart, ...]
    follow_ups_in_goals: tuple[FollowUp, ...]
    """Statuses reported on the plan's own goals (annual reports)."""
    counted: tuple[int, int] = (0, 0)
    """(`id:` lines, `mål:` lines) in the text, see `count_key_lines`."""
    files: tuple[FileRef, ...] = ()
    """The files beside the plan its texts refer to, see `attachments.References`."""


def render_part(part: Part | None, base_url: str,
                rewrite: markdown.Rewriter | None = None) -> tuple[str, str]:
    """The rendering step: (sanitised HTML, Markdown source) of a part.

    `rewrite` sees each link and image (the plan's files get their site URLs).
    """
    if part is None:
        return "", ""
    return markdown.render(part.tokens, base_url, rewrite), part.markdown()


def parse_body(path: Path, body: str, offset: int, plan_key: str,
               statuses: tuple[Status, ...], base_url: str, report: Report,
               language: str = "da") -> Body:
    """Parse a plan's body; `offset` is the number of file lines before it."""
    body = normalise(body)
    lines = body.split("\n")
    intro, tree, attr_lines = sections(markdown.parse(body), lines, offset, path, report)
    found = key_lines(lines)
    stray = check_key_lines(found, lines, offset, attr_lines, path, report)
    _mark_stray(tree, stray)
    files = attachments.References(attachments.folder_of(path), base_url)
    builder = PlanBuilder(path, plan_key, statuses, base_url, report, language, files)
    focus_areas, parts = builder.build(tree)
    intro_html, intro_md = render_part(intro, base_url, files)
    return Body(intro_html, intro_md, tuple(focus_areas), tuple(parts),
                tuple(builder.goal_statuses), count_key_lines(found),
                files.finish(path, offset, report))


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


def _attribute_lines(block: list[Token], lines: list[str]
                     ) -> tuple[list[tuple[str, str, int]], int] | None:
    """The key lines at the start of the paragraph under a heading, and where text starts.

    Returns ([(word as written, value, body line index)], first text line) or None
    when the paragraph is text. A line counts as a key when the word is a known
    key, or so close to one (`fortsætter som`) that it must be a slip; a
    "Dokumentation:" label or an unknown word ends the keys.
    """
    if block[0].type != "paragraph_open" or block[0].map is None:
        return None
    start, end = block[0].map
    pairs = []
    for index in range(start, end):
        match = _KEY_LIKE.match(lines[index])
        if not match or match.group(1).lower() in SECTION_LABELS:
            break
        word = match.group(1)
        if keys.body_key(word) is None and not _near_key(word):
            break
        pairs.append((word, match.group(2), index))
    return (pairs, start + len(pairs)) if pairs else None


def _near_key(word: str) -> bool:
    return bool(suggest(keys.fold(word).replace(" ", "-"), _ALL_KEY_WORDS, cutoff=0.75))


_ALL_KEY_WORDS = sorted({keys.fold(name) for names in keys.BODY.values()
                         for name in (*names.values(),)} | set(keys.BODY))


def _retokenize(lines: list[str], start: int, end: int) -> list[list[Token]]:
    """The blocks of body lines start..end parsed on their own, with maps into the body."""
    tokens = markdown.parse("\n".join(lines[start:end]))
    for token in tokens:
        if token.map is not None:
            token.map = [token.map[0] + start, token.map[1] + start]
    return _top_level_blocks(tokens)


_HEADING_TAGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}


def sections(tokens: list[Token], lines: list[str], offset: int, path: Path,
             report: Report) -> tuple[Part, list[Section], set[int]]:
    """Split the body into the introduction and a tree of `##`/`###` sections.

    Also returns the body line indexes read as heading keys. A heading at
    another level that carries `id:` or `mål:` is placed where it belongs
    (`####` as a goal) or, for `#`, placed and reported with the fix.
    """
    intro = Part()
    tree: list[Section] = []
    current: Section | None = None
    used: set[int] = set()
    blocks = _top_level_blocks(tokens)
    position = 0
    while position < len(blocks):
        block = blocks[position]
        position += 1
        first = block[0]
        line = offset + (first.map[0] if first.map else 0) + 1
        if first.type == "fence" and not _fence_closed(first, lines):
            report.error(path, line, "unclosed-fence", fence=first.markup)
        if first.type in ("fence", "html_block") and first.map:
            for index in range(first.map[0] + 1, min(first.map[1], len(lines))):
                if _HEADING.match(lines[index]):
                    report.error(path, offset + index + 1, "hidden-heading", block=line)
        if first.type == "heading_open":
            following = blocks[position] if position < len(blocks) else None
            attrs = _attribute_lines(following, lines) if following else None
            level = _section_level(_HEADING_TAGS[first.tag], attrs, tree, path, line,
                                   markdown.plain_text(block[1]), report)
            if level:
                section = Section(level, markdown.plain_text(block[1]), line)
                if level == 2:
                    tree.append(section)
                elif tree:
                    tree[-1].children.append(section)
                else:
                    report.error(path, line, "goal-before-focus-area", title=section.title)
                current = section
                if attrs is not None and following is not None:
                    position += 1
                    _add_attributes(section, attrs[0], offset, path, report, used)
                    rest_end = following[0].map[1] if following[0].map else attrs[1]
                    if attrs[1] < rest_end:
                        for rest in _retokenize(lines, attrs[1], rest_end):
                            _add_content(section, rest, offset + rest[0].map[0] + 1
                                         if rest[0].map else line, lines)
                continue
        if current is None:
            intro.add(block, lines)
        else:
            _add_content(current, block, line, lines)
    return intro, tree, used


def _section_level(level: int, attrs: tuple[list[tuple[str, str, int]], int] | None,
                   tree: list[Section], path: Path, line: int, title: str,
                   report: Report) -> int:
    """The level a heading is read at: 2 or 3, or 0 when it is a heading in the text.

    A `#` heading with keys is most likely a goal once a focus area is open
    (the message names both levels).
    """
    if level in (2, 3):
        return level
    placed = {keys.body_key(word) for word, _value, _index in attrs[0]} if attrs else set()
    if not placed & set(PLACING_KEYS):
        return 0
    if level > 3:
        report.warning(path, line, "heading-level-read", title=title, level="#" * level)
        return 3
    under_area = bool(tree and ("id" in tree[-1].attrs or tree[-1].children))
    guess = 3 if "goal" in placed or under_area else 2
    report.error(path, line, "heading-level", title=title, suggestion="#" * guess)
    return guess


def _add_attributes(section: Section, pairs: list[tuple[str, str, int]], offset: int,
                    path: Path, report: Report, used: set[int]) -> None:
    """Store a heading's key lines by canonical key; doubled keys are reported."""
    for word, value, index in pairs:
        used.add(index)
        key = keys.body_key(word) or word.lower()
        if key in section.attrs:
            report.error(path, offset + index + 1, "duplicate-key", key=word.lower(),
                         other=section.attrs[key][1])
            continue
        section.attrs[key] = (value, offset + index + 1)


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

    def __init__(self, path: Path, plan_key: str, statuses: tuple[Status, ...], base_url: str,
                 report: Report, language: str = "da",
                 rewrite: markdown.Rewriter | None = None) -> None:
        self.path, self.plan_key, self.statuses = path, plan_key, statuses
        self.language = language
        self.base_url, self.report = base_url, report
        self.rewrite = rewrite
        """Sees each link and image of the plan's texts (see `render_part`)."""
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
                priority, priority_line = section.attrs.get("priority", ("", 0))
                carries, carries_line = section.attrs.get("carries", ("", 0))
                areas.append(FocusArea(area_id, section.title, intro_html,
                                       tuple(g for g in goals if g is not None), section.line,
                                       intro_md=intro_md, plan=self.plan_key,
                                       priority=priority.strip(), carries=carries.strip(),
                                       priority_line=priority_line,
                                       carries_line=carries_line))
            else:
                if section.attrs:
                    self._check_keys(section, FOCUS_AREA_KEYS)
                goals_here = [c for c in section.children
                              if "id" in c.attrs and "goal" not in c.attrs]
                if goals_here and len(goals_here) == len(section.children):
                    # only goals under it: a focus area that lost its id line; say it once
                    self.report.error(self.path, section.line, "missing-id",
                                      title=section.title, suggestion=slugify(section.title))
                    goals_here_reported = True
                else:
                    goals_here_reported = False
                entries = [self._follow_up(child) for child in section.children
                           if not (goals_here_reported and child in goals_here)]
                if not section.children and "id" not in section.stray:
                    self.report.error(self.path, section.line, "missing-id",
                                      title=section.title, suggestion=slugify(section.title))
                intro_html, intro_md = self._text(section, "text")
                parts.append(FollowUpPart(section.title, intro_html,
                                          tuple(e for e in entries if e is not None),
                                          section.line, intro_md=intro_md))
        return areas, parts

    def _text(self, section: Section, part: str) -> tuple[str, str]:
        return render_part(section.parts.get(part), self.base_url, self.rewrite)

    def _check_keys(self, section: Section, allowed: tuple[str, ...]) -> None:
        """Report every key this kind of heading does not take, with the nearest one."""
        if all(key in allowed for key in section.attrs):
            return
        written = tuple(keys.name(keys.BODY, key, self.language) for key in allowed)
        for key, (_value, line) in section.attrs.items():
            if key not in allowed:
                word = keys.name(keys.BODY, key, self.language) if key in keys.BODY else key
                self.report.error(self.path, line, "unknown-key", key=word,
                                  suggestion=suggest(word.replace(" ", "-"), written),
                                  allowed=", ".join(written))

    def _id(self, section: Section, seen: dict[str, int], duplicate_code: str) -> str:
        value, line = section.attrs.get("id", ("", section.line))
        if not value and "id" in section.stray:
            pass  # its id line slipped into the text, and is reported there
        elif not value:
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
        """The status key the editor's word stands for ("Delvist opfyldt" → "partly")."""
        value, line = section.attrs.get("status", ("", section.line))
        if not value:
            self.report.error(self.path, section.line, "missing-status", title=section.title)
            return value
        key = statuses.resolve(value, self.statuses)
        if key is None:
            self.report.error(self.path, line, "unknown-status", value=value,
                              suggestion=statuses.suggest_word(value, self.statuses,
                                                               self.language))
            return value
        return key

    def _date(self, section: Section) -> tuple[PartialDate | None, str]:
        text, line = section.attrs.get("date", ("", 0))
        if not text:
            return None, ""
        date = parse_date(text)
        if date is None:
            self.report.error(self.path, line, "bad-date", value=text)
        return date, text

    def _goal(self, section: Section, area_id: str, seen: dict[str, int]) -> Goal | None:
        if "goal" in section.attrs and "id" not in section.attrs:
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
        if "id" in section.attrs and "goal" not in section.attrs:
            self.report.error(self.path, section.line, "goal-in-follow-up-part",
                              title=section.title)
            return None
        self._check_keys(section, FOLLOW_UP_KEYS)
        ref, line = section.attrs.get("goal", ("", section.line))
        if not ref and "goal" not in section.stray:
            self.report.error(self.path, section.line, "missing-goal-ref", title=section.title)
        status = self._status(section)
        date, date_text = self._date(section)
        continued = section.attrs.get("continued-as", ("", 0))[0] or None
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
