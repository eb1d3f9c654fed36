"""Lines of extracted text → blocks: headings, paragraphs, list items, tables, contents.

Works for Markdown-ish exports (`#` headings, one line per paragraph, pipe, tab or
HTML tables) and for plain text wrapped at a narrow column with no markup at all,
where headings are recognised by their shape: a short line without a full stop,
standing alone or followed by a line that starts a sentence. Running headers,
footers and page numbers (lines repeated on many pages, numbers alone on a line)
are set aside as furniture. Words broken at the end of a line are mended, also
across a blank line or a page break ("vok-" … "senområdet"), and a paragraph cut
by a page break is joined again when its second half starts in lower case.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence

from bs4 import BeautifulSoup

from plansite.importer import labels
from plansite.importer.document import (
    FURNITURE,
    HEADING,
    ITEM,
    PARA,
    TABLE,
    TOC,
    Block,
    Line,
    Where,
)
from plansite.importer.text import (
    cell_markdown,
    clean_line,
    ends_hyphenated,
    html_to_markdown,
    join,
    mend_broken_words,
    plain,
    starts_lower,
)

_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_RULE = re.compile(r"^\s*(?:-{3,}|\*{3,}|_{3,}|={3,})\s*$")
_ITEM = re.compile(r"^(\s*)(?:[-*+]|(?P<number>\d{1,2}[.)]))\s+(?=\S)")
_PIPE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_PIPE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
_TOC_LINE = re.compile(
    r"^(?P<title>.{2,}?)\s*(?:\.{4,}|…{2,}|(?:\. ){3,})\s*(?P<page>\d{1,3})?\s*$")
_TOC_TITLE = re.compile(r"^(?:indhold|indholdsfortegnelse|contents|table of contents)\s*:?$", re.I)
_PAGE_NUMBER = re.compile(r"^\s*(?:side\s+|page\s+|-\s*)?\d{1,3}(?:\s*(?:af|/|of)\s*\d{1,3})?"
                          r"(?:\s*-)?\s*$", re.I)
_BOLD_ONLY = re.compile(r"^\*\*([^*]+?)\*\*\s*:?$")
_GLUED_HEADING = re.compile(r"^(?P<first>[^*]*\w)\*\*(?P<second>[^*]+)\*\*\s*$")
_END_OF_SENTENCE = re.compile(r"[.!?;:,]\s*$")


def build(items: Sequence[Line | Block], plain_text: bool | None = None,
          find_furniture: bool = True) -> tuple[list[Block], list[Block]]:
    """(blocks, furniture) of a document's lines and ready-made blocks, in order.

    `plain_text`: the text has no Markdown headings, so headings are guessed from
    the shape of the lines (None: decide from the text).
    """
    lines = list(_cleaned(items))
    furniture: list[Block] = []
    if find_furniture:
        lines, furniture = _set_aside_furniture(lines)
    if plain_text is None:
        plain_text = not any(isinstance(line, Line) and _MD_HEADING.match(line.text)
                             for line in lines)
    grouped = _group(lines, plain_text)
    if plain_text:
        grouped = _plain_headings(_mend_items(grouped), _typical_width(lines))
    return _merge_continuations(_tidy(grouped)), furniture


def _cleaned(items: Sequence[Line | Block]) -> Iterable[Line | Block]:
    """Cleaned lines (an HTML fragment may become several) and HTML tables as blocks."""
    position = 0
    while position < len(items):
        item = items[position]
        position += 1
        if isinstance(item, Block):
            item.rows = [[cell_markdown(clean_line(cell)) for cell in row] for row in item.rows]
            yield item
            continue
        if "<table" in item.text.lower():
            chunk = [item.text]
            while "</table>" not in chunk[-1].lower() and position < len(items):
                following = items[position]
                if isinstance(following, Block):
                    break
                chunk.append(following.text)
                position += 1
            yield from _html_table("\n".join(chunk), item.where)
            continue
        for piece in clean_line(item.text).split("\n"):
            yield Line(piece, item.where)


def _html_table(fragment: str, where: Where) -> Iterable[Line | Block]:
    soup = BeautifulSoup(fragment, "html.parser")
    table = soup.find("table")
    before = fragment[: fragment.lower().find("<table")]
    if before.strip():
        yield Line(clean_line(before), where)
    if table is None:
        yield Line(clean_line(fragment), where)
        return
    rows = []
    for row in table.find_all("tr"):
        cells = [html_to_markdown(cell.decode_contents()) for cell in row.find_all(["td", "th"])]
        rows.append([cell_markdown(clean_line(cell.replace("\n", " ⏎ "))) for cell in cells])
    if rows:
        yield Block(TABLE, "", where, rows=rows)
    after = fragment[fragment.lower().rfind("</table>") + len("</table>"):]
    if after.strip():
        yield Line(clean_line(after), where)


def _furniture_key(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(plain(text).lower().split()))


def _set_aside_furniture(lines: list[Line | Block]) -> tuple[list[Line | Block], list[Block]]:
    """Lines repeated three times or more on their own (running headers and footers),
    and page numbers standing alone, taken out of the text."""
    def alone(index: int) -> bool:
        before = lines[index - 1] if index > 0 else None
        after = lines[index + 1] if index + 1 < len(lines) else None
        return all(other is None or isinstance(other, Block) or not other.text.strip()
                   or _RULE.match(other.text) for other in (before, after))

    counts = Counter(_furniture_key(line.text) for line in lines
                     if isinstance(line, Line) and _could_be_furniture(line.text))
    kept: list[Line | Block] = []
    furniture: list[Block] = []
    for index, line in enumerate(lines):
        if isinstance(line, Line) and line.text.strip() and alone(index) and (
                _PAGE_NUMBER.match(line.text) or (
                    _could_be_furniture(line.text) and counts[_furniture_key(line.text)] >= 3)):
            furniture.append(Block(FURNITURE, line.text.strip(), line.where))
            continue
        kept.append(line)
    return kept, furniture


def _could_be_furniture(text: str) -> bool:
    flat = plain(text).strip()
    return (0 < len(flat) <= 80 and len(flat.split()) <= 10 and not _ITEM.match(text)
            and not flat.endswith((".", "!", "?", ":"))
            and not _MD_HEADING.match(text) and labels.label(text) is None
            and labels.list_header(text) is None and "\t" not in text
            and not _RULE.match(text))


def _typical_width(lines: list[Line | Block]) -> int:
    lengths = sorted(len(line.text.strip()) for line in lines
                     if isinstance(line, Line) and line.text.strip())
    return lengths[int(len(lengths) * 0.9)] if lengths else 80


class _Group:
    """A block being built from lines."""

    def __init__(self, kind: str, where: Where, text: str = "", level: int = 0,
                 ordered: bool = False) -> None:
        self.kind, self.where, self.level, self.ordered = kind, where, level, ordered
        self.lines: list[str] = [text] if text else []
        self.wheres: list[Where] = [where] if text else []
        self.rows: list[list[str]] = []
        self.last = where
        self.number = ""

    def add(self, text: str, where: Where) -> None:
        self.lines.append(text)
        self.wheres.append(where)
        self.last = where

    def block(self, lines: list[str] | None = None) -> Block:
        text = ""
        for line in self.lines if lines is None else lines:
            text = join(text, line) if text else line.strip()
        return Block(self.kind, text, self.where, self.level, self.rows, self.ordered,
                     self.last if self.last != self.where else None, self.number)


def _group(lines: list[Line | Block], plain_text: bool) -> list[_Group | Block]:
    out: list[_Group | Block] = []
    current: _Group | None = None
    previous_blank = True

    def close() -> None:
        nonlocal current
        if current is not None and (current.lines or current.rows):
            out.append(current)
        current = None

    for line in lines:
        if isinstance(line, Block):
            close()
            out.append(line)
            previous_blank = True
            continue
        text, where = line.text, line.where
        if not text.strip() or _RULE.match(text):
            close()
            previous_blank = True
            continue
        heading = _MD_HEADING.match(text)
        toc = _TOC_LINE.match(plain(text)) if "\t" not in text else None
        item = _ITEM.match(text)
        if heading:
            close()
            out.append(_Group(HEADING, where, heading.group(2), len(heading.group(1))))
        elif toc or ("\t" in text and _is_toc_row(text)):
            close()
            out.append(_Group(TOC, where, " ".join(plain(text).split())))
        elif "\t" in text or _PIPE_ROW.match(text):
            if current is None or current.kind != TABLE:
                close()
                current = _Group(TABLE, where)
            if not _PIPE_SEPARATOR.match(text):
                current.rows.append(_cells(text))
                current.last = where
        elif item and (not plain_text or not item.group("number") or previous_blank
                       or (current is not None and (current.kind == ITEM
                                                    or current.lines[-1].endswith(":")))):
            close()
            current = _Group(ITEM, where, text[item.end():], ordered=bool(item.group("number")))
            current.number = item.group("number") or ""
        elif current is not None and current.kind in (PARA, ITEM) and not (
                plain_text and _new_box(text, current)):
            current.add(text, where)
        else:
            close()
            current = _Group(PARA, where, text)
        previous_blank = False
    close()
    return out


def _new_box(text: str, current: _Group) -> bool:
    """In plain text, an indented line that starts a sentence begins a new text box."""
    starts = text.lstrip()[:1]
    if not starts.isupper() and not starts.isdigit():
        return False
    return text[:1].isspace() and not current.lines[-1][:1].isspace()


def _mend_items(groups: list[_Group | Block]) -> list[_Group | Block]:
    """Plain text often puts an item's first line, a blank line, then the rest: the rest
    (up to three lines, not introducing a list) belongs to the unfinished item."""
    out: list[_Group | Block] = []
    for index, group in enumerate(groups):
        previous = out[-1] if out else None
        following = groups[index + 1] if index + 1 < len(groups) else None
        if isinstance(group, _Group) and group.kind == PARA and isinstance(previous, _Group) \
                and previous.kind == ITEM and len(group.lines) <= 3 \
                and (not re.search(r"[.!?:;]\s*$", previous.lines[-1])
                     or ends_hyphenated(previous.lines[-1])) \
                and not group.lines[-1].rstrip().endswith(":") and (
                    starts_lower(group.lines[0]) or re.search(r"[.!?]\s*$", group.lines[-1])
                    or (isinstance(following, _Group) and following.kind == ITEM)):
            for text, where in zip(group.lines, group.wheres, strict=True):
                previous.add(text, where)
            continue
        out.append(group)
    return out


def _cells(text: str) -> list[str]:
    if "\t" in text:
        return [cell_markdown(cell) for cell in text.split("\t")]
    inner = text.strip().removeprefix("|").removesuffix("|")
    return [cell_markdown(cell.replace("\\|", "|")) for cell in re.split(r"(?<!\\)\|", inner)]


def _is_toc_row(text: str) -> bool:
    cells = [plain(cell).strip() for cell in text.split("\t")]
    filled = [cell for cell in cells if cell]
    return bool(filled) and any(_TOC_LINE.match(cell) for cell in filled) and (
        re.fullmatch(r"\d{1,3}", filled[-1]) is not None or filled[-1].endswith(".."))


def _plain_headings(groups: list[_Group | Block], width: int) -> list[_Group | Block]:
    """Headings in text without markup: a short line with no full stop, alone or on top of
    a paragraph whose next line starts a sentence (a heading may wrap over three lines)."""
    out: list[_Group | Block] = []
    for index, group in enumerate(groups):
        if not isinstance(group, _Group) or group.kind != PARA:
            out.append(group)
            continue
        following = groups[index + 1] if index + 1 < len(groups) else None
        out.extend(_split_heading(group, width, following is not None, first=True))
    return out


def _split_heading(group: _Group, width: int, more: bool, first: bool) -> list[_Group]:
    lines = [line.strip() for line in group.lines]
    whole = " ".join(lines)
    if first and more and len(lines) <= 3 and len(whole) <= 100 and _heading_shape(lines):
        return [_heading_of(group, lines, 2)]
    best = 0
    for k in range(1, min(3, len(lines) - 1) + 1):
        head = lines[:k]
        limit = width * (0.5 if not first else 0.95 if len(head[-1].split()) <= 6 else 0.85)
        if len(" ".join(head)) > 100 or len(head[-1]) >= limit:
            continue
        if _heading_shape(head) and lines[k][:1].isupper() and (
                not best or len(head[-1]) < len(lines[best - 1])):
            best = k
        if not first:
            break
    if not best:
        return [group]
    body = _Group(PARA, group.wheres[best], lines[best])
    for text, where in zip(lines[best + 1:], group.wheres[best + 1:], strict=True):
        body.add(text, where)
    return [_heading_of(group, lines[:best], 3), *_split_heading(body, width, more, False)]


FUNCTION_WORDS = frozenset((
    "og", "i", "at", "af", "på", "til", "for", "med", "en", "et", "den", "det", "der", "som",
    "er", "om", "fra", "ved", "eller", "samt", "skal", "vil", "kan", "har", "blev", "de", "vi",
    "sin", "sit", "sine", "men", "så", "end", "the", "of", "and", "to", "in"))
"""Words a line of running text may end with, and a heading does not."""


def _heading_shape(lines: list[str]) -> bool:
    if not lines or not (lines[0][:1].isupper() or lines[0][:1].isdigit()):
        return False
    last = lines[-1].split()
    return bool(last) and last[-1].lower() not in FUNCTION_WORDS and not any(
        _END_OF_SENTENCE.search(line) for line in lines) and not ends_hyphenated(lines[-1])


def _heading_of(group: _Group, lines: list[str], level: int) -> _Group:
    heading = _Group(HEADING, group.wheres[0], level=level)
    for text, where in zip(lines, group.wheres, strict=False):
        heading.add(text, where)
    return heading


def _tidy(groups: list[_Group | Block]) -> list[Block]:
    """Groups → blocks: headings cleaned, bold lines as minor headings, labels split."""
    out: list[Block] = []
    for group in groups:
        block = group if isinstance(group, Block) else group.block()
        glued = _GLUED_HEADING.match(block.text) if block.kind in (HEADING, PARA) else None
        if glued and len(block.text) <= 120:
            out += [Block(HEADING, mend_broken_words(glued.group("first").strip()), block.where,
                          block.level or 5),
                    Block(HEADING, mend_broken_words(glued.group("second").strip()),
                          block.where, (block.level or 4) + 1)]
            continue
        if block.kind == HEADING:
            text = mend_broken_words(block.text.strip())
            bold = _BOLD_ONLY.match(text)
            block.text = bold.group(1).strip() if bold else text
            if _TOC_TITLE.match(plain(block.text)):
                block.kind = TOC
            out.append(block)
        elif block.kind == PARA:
            out.extend(_paragraphs(block))
        else:
            out.append(block)
    return out


def _paragraphs(block: Block) -> list[Block]:
    bold = _BOLD_ONLY.match(block.text)
    if bold and len(bold.group(1).split()) <= 12 and labels.label(block.text) is None \
            and not bold.group(1).rstrip().endswith("."):
        return [Block(HEADING, mend_broken_words(bold.group(1).strip()), block.where, 5,
                      last=block.last)]
    if _TOC_TITLE.match(plain(block.text)):
        return [Block(TOC, block.text, block.where, last=block.last)]
    parts = labels.split_at_labels(block.text)
    if len(parts) == 1:
        return [block]
    return [Block(PARA, part, block.where, last=block.last) for part in parts]


def _merge_continuations(blocks: list[Block]) -> list[Block]:
    """A paragraph cut in two by a page break or a column, joined again: the second part
    starts in lower case, and the first ends in a broken word or without a full stop."""
    out: list[Block] = []
    for block in blocks:
        previous = out[-1] if out else None
        if previous is not None and block.kind == PARA and previous.kind in (PARA, ITEM) \
                and starts_lower(block.text) and labels.label(block.text) is None and (
                    ends_hyphenated(previous.text)
                    or not re.search(r"[.!?:]\**\s*$", previous.text)):
            previous.text = join(previous.text, block.text)
            previous.last = block.last or block.where
            continue
        out.append(block)
    return out
