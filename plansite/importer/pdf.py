"""PDF → lines and tables, read with pdfplumber: text with positions and fonts.

- Running headers, footers and page numbers are recognised by their place: lines in
  the top or bottom tenth of the page whose text (digits aside) comes back on many
  pages, or that are only a page number.
- Headings by their size: lines in a font clearly larger than the body text are
  headings, the largest size level 1. Bold runs are kept as `**bold**`, so bold
  labels ("**Mål:**") and bold lines read as they do in text exports.
- Tables drawn with lines are read as tables (pdfplumber's `find_tables`, only on
  pages that have lines at all); a wide gap inside a line separates cells of a
  table drawn without lines. A page set in two columns is read column by column.
- A paragraph ends where the gap to the next line is clearly larger than the line
  spacing.

pdfplumber's `Page.layout` gives the characters with their fonts without building a
dictionary per character, and its table finder gets the edges straight from the
drawn lines; that keeps a 60-page plan well under ten seconds.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from plansite import parallel
from plansite.importer import blocks
from plansite.importer.document import FURNITURE, TABLE, Block, Document, Line, Where
from plansite.importer.messages import ImportFailed
from plansite.importer.text import join

BAND = 0.1
"""Share of the page height at the top and bottom where running headers and footers sit."""
REPEATED = 0.4
"""A line in the band on at least this share of the pages (and on two) is furniture."""
PAGES_PER_WORKER = 8
"""Below this many pages per process, reading them in one process is faster."""
_PAGE_NUMBER = re.compile(r"^\s*(?:side\s+|page\s+|-\s*)?\d{1,3}(?:\s*(?:af|/|of)\s*\d{1,3})?"
                          r"(?:\s*-)?\s*$", re.I)


@dataclass(slots=True)
class _Char:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool


@dataclass
class _Line:
    chars: list[_Char]
    page: int
    height: float
    top: float = 0.0
    size: float = 0.0
    segments: list[list[_Char]] = field(default_factory=list)
    _text: str | None = None

    @property
    def x0(self) -> float:
        return self.chars[0].x0

    def text(self) -> str:
        """The line's text (worked out once)."""
        if self._text is None:
            self._text = _text(self.chars)
        return self._text


@dataclass
class _Page:
    number: int
    height: float
    width: float
    lines: list[_Line]
    tables: list[tuple[float, list[list[str]]]]
    """(top, rows) of each ruled table."""


def read(path: Path) -> Document:
    """The document in a PDF file."""
    import pdfplumber
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psparser import PSException

    def task(part: int, parts: int) -> list[_Page]:
        with pdfplumber.open(path) as pdf:
            return [_read_page(page, number) for number, page in
                    enumerate(pdf.pages, start=1) if (number - 1) % parts == part]

    try:
        with pdfplumber.open(path) as pdf:
            count = len(pdf.pages)
        parts = max(1, min(parallel.workers(), count // PAGES_PER_WORKER)) \
            if parallel.parts_for(10**6) > 1 else 1
        pages = sorted((page for found in parallel.run_split(task, parts) for page in found),
                       key=lambda page: page.number)
    except (PDFSyntaxError, PSException, ValueError, KeyError, TypeError) as error:
        raise ImportFailed("error.bad_pdf", path=path, reason=type(error).__name__) from error
    except Exception as error:  # pdfminer raises its own types for encrypted files
        if type(error).__module__.startswith(("pdfminer", "pdfplumber")):
            raise ImportFailed("error.bad_pdf", path=path, reason=str(error) or
                               type(error).__name__) from error
        raise
    items, furniture = _items(pages)
    found, _none = blocks.build(items, plain_text=False, find_furniture=False)
    return Document(found, path.name, "pdf", furniture)


def _walk(objects: Iterable[Any]) -> Iterable[Any]:
    for item in objects:
        yield item
        if hasattr(item, "_objs"):
            yield from _walk(item)


def _read_page(page: Any, number: int) -> _Page:
    from pdfminer.layout import LTChar, LTCurve, LTLine, LTRect

    height, width = float(page.height), float(page.width)
    chars: list[_Char] = []
    edges: list[dict[str, Any]] = []
    for item in _walk(page.layout):
        if isinstance(item, LTChar):
            text = item.get_text()
            if text:
                font = item.fontname.lower()
                chars.append(_Char(text, item.x0, item.x1, height - item.y1, height - item.y0,
                                   round(item.size, 1),
                                   "bold" in font or "black" in font or "heavy" in font
                                   or font.endswith(",b")))
        elif isinstance(item, (LTRect, LTLine, LTCurve)):
            edges.extend(_edges(item, height))
    tables = _tables(page, edges, chars) if edges else []
    if tables:
        boxes = [box for box, _rows in tables]
        chars = [char for char in chars if not any(
            x0 <= (char.x0 + char.x1) / 2 <= x1 and top <= (char.top + char.bottom) / 2 <= bottom
            for x0, top, x1, bottom in boxes)]
    return _Page(number, height, width, _lines(chars, number, height),
                 [(box[1], rows) for box, rows in tables])


def _edges(item: Any, height: float) -> list[dict[str, Any]]:
    """The straight edges a rectangle, line or curve draws, as pdfplumber's table finder
    takes them (top-down coordinates)."""
    points = getattr(item, "pts", None) or [(item.x0, item.y0), (item.x1, item.y1)]
    if item.__class__.__name__ == "LTRect":
        x0, y0, x1, y1 = item.x0, item.y0, item.x1, item.y1
        points = [(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)]
    found = []
    for (ax, ay), (bx, by) in zip(points, points[1:], strict=False):
        if abs(ax - bx) < 0.5 or abs(ay - by) < 0.5:
            vertical = abs(ax - bx) < 0.5
            top, bottom = height - max(ay, by), height - min(ay, by)
            found.append({"object_type": "rect_edge", "x0": min(ax, bx), "x1": max(ax, bx),
                          "top": top, "bottom": bottom, "doctop": top,
                          "width": abs(ax - bx), "height": bottom - top,
                          "orientation": "v" if vertical else "h"})
    return found


def _tables(page: Any, edges: list[dict[str, Any]], chars: list[_Char]
            ) -> list[tuple[tuple[float, float, float, float], list[list[str]]]]:
    """Tables drawn with lines: pdfplumber finds the cells from the edges; the text in
    each cell is read from the characters already at hand."""
    from pdfplumber.table import TableFinder

    vertical = [edge for edge in edges if edge["orientation"] == "v" and edge["height"] > 2]
    horizontal = [edge for edge in edges if edge["orientation"] == "h" and edge["width"] > 2]
    if len(vertical) < 2 or len(horizontal) < 2:
        return []
    finder = TableFinder(page, {"vertical_strategy": "explicit",
                                "horizontal_strategy": "explicit",
                                "explicit_vertical_lines": vertical,
                                "explicit_horizontal_lines": horizontal})
    found = []
    for table in finder.tables:
        rows = []
        for row in table.rows:
            cells = [_cell_text(chars, cell) if cell is not None else "" for cell in row.cells]
            if any(cells):
                rows.append(cells)
        if rows and max(len(row) for row in rows) >= 2:
            found.append((table.bbox, rows))
    return found


def _cell_text(chars: list[_Char], box: tuple[float, float, float, float]) -> str:
    x0, top, x1, bottom = box
    inside = [char for char in chars if x0 <= (char.x0 + char.x1) / 2 <= x1
              and top <= (char.top + char.bottom) / 2 <= bottom]
    text = ""
    for line in _lines(inside, 0, 0.0):
        text = join(text, line.text().strip()) if text else line.text().strip()
    return text


def _lines(chars: list[_Char], page: int, height: float) -> list[_Line]:
    """Characters → lines: the same baseline (within a third of the size), left to right."""
    chars.sort(key=lambda char: (round(char.bottom), char.x0))
    lines: list[_Line] = []
    for char in chars:
        if lines and abs(lines[-1].chars[-1].bottom - char.bottom) <= max(char.size / 3, 1.5) \
                and char.x0 >= lines[-1].chars[-1].x0:
            lines[-1].chars.append(char)
        else:
            lines.append(_Line([char], page, height))
    for line in lines:
        line.chars.sort(key=lambda char: char.x0)
        visible = [char for char in line.chars if char.text.strip()] or line.chars
        line.top = min(char.top for char in visible)
        line.size = max(Counter(char.size for char in visible).items(),
                        key=lambda pair: pair[1])[0]
        line.segments = _segments(line)
    lines.sort(key=lambda line: line.top)
    return lines


def _segments(line: _Line) -> list[list[_Char]]:
    """Parts of a line separated by a gap wider than three spaces (table cells, columns)."""
    segments: list[list[_Char]] = [[]]
    previous: _Char | None = None
    for char in line.chars:
        if previous is not None and char.x0 - previous.x1 > 3 * max(char.size, 1) * 0.6 \
                and segments[-1]:
            segments.append([])
        if char.text.strip() or segments[-1]:
            segments[-1].append(char)
        previous = char if char.text.strip() else previous
    return [segment for segment in segments if _text(segment).strip()]


def _text(chars: list[_Char]) -> str:
    """Characters as text: a space where the gap says so, bold runs as **bold**."""
    out: list[str] = []
    bold = False
    previous: _Char | None = None
    for char in chars:
        if previous is not None and char.text != " " and previous.text != " " \
                and char.x0 - previous.x1 > 0.15 * char.size:
            out.append(" ")
        if char.text.strip() and char.bold != bold:
            if bold:
                _close_bold(out)
            else:
                out.append("**")
            bold = char.bold
        out.append(char.text)
        previous = char
    if bold:
        _close_bold(out)
    return "".join(out).replace("** **", " ").replace("****", "")


def _close_bold(out: list[str]) -> None:
    trailing = ""
    while out and out[-1] == " ":
        trailing += out.pop()
    out.append("**" + trailing)


def _furniture_keys(pages: list[_Page], body: float) -> set[str]:
    counts: Counter[str] = Counter()
    for page in pages:
        seen = {_key(line, body) for line in page.lines if _in_band(line)}
        counts.update(seen)
    needed = max(2, round(REPEATED * len(pages)))
    return {key for key, count in counts.items() if count >= needed and key}


def _key(line: _Line, body: float) -> str:
    """A band line as compared across pages: its text, with any number as # when it is
    in body size or smaller (a page number in a running header, not a numbered heading),
    and whether it is at the top or the bottom."""
    text = " ".join(line.text().replace("**", "").lower().split())
    if line.size <= body:
        text = re.sub(r"\d+", "#", text)
    return ("top:" if line.top < line.height / 2 else "bottom:") + text


def _in_band(line: _Line) -> bool:
    return line.top < BAND * line.height or line.top > (1 - BAND) * line.height


def _body_size(pages: list[_Page]) -> float:
    sizes: Counter[float] = Counter()
    for page in pages:
        for line in page.lines:
            sizes[line.size] += len(line.chars)
    return sizes.most_common(1)[0][0] if sizes else 10.0


def _items(pages: list[_Page]) -> tuple[list[Line | Block], list[Block]]:
    """Markdown-ish lines (headings with #, blank lines between paragraphs) and tables."""
    body = _body_size(pages)
    furniture_keys = _furniture_keys(pages, body)
    heading_sizes = sorted({line.size for page in pages for line in page.lines
                            if line.size >= body * 1.15 + 0.5}, reverse=True)
    items: list[Line | Block] = []
    furniture: list[Block] = []
    for page in pages:
        kept = []
        for line in page.lines:
            text = line.text().strip()
            plain_text = text.replace("**", "").strip()
            if _in_band(line) and (_key(line, body) in furniture_keys
                                   or _PAGE_NUMBER.match(plain_text)):
                furniture.append(Block(FURNITURE, plain_text, Where(page=page.number)))
            else:
                kept.append(line)
        columns = _columns(kept, page.width)
        previous: _Line | None = None
        spacing = _spacing(kept)
        tables = list(page.tables)
        for line in columns:
            while tables and tables[0][0] < line.top:
                items.append(Line("", Where(page=page.number)))
                items.append(Block(TABLE, "", Where(page=page.number), rows=tables.pop(0)[1]))
                previous = None
            where = Where(page=page.number)
            level = heading_sizes.index(line.size) + 1 if line.size in heading_sizes else 0
            same_heading = level != 0 and previous is not None and previous.size == line.size \
                and 0 < line.top - previous.top <= 1.7 * line.size
            if previous is not None and not same_heading and (
                    line.top - previous.top > spacing * 1.45 or line.top < previous.top
                    or (level != 0) != (previous.size in heading_sizes)):
                items.append(Line("", where))
            if level:
                text = line.text().replace("**", "").strip()
                items.append(Line("#" * min(level, 4) + " " + text, where))
            elif len(line.segments) > 1:
                items.append(Line("\t".join(_text(segment).strip() for segment in line.segments),
                                  where))
            else:
                items.append(Line(line.text().strip(), where))
            previous = line
        for _top, rows in tables:
            items.append(Line("", Where(page=page.number)))
            items.append(Block(TABLE, "", Where(page=page.number), rows=rows))
        items.append(Line("", Where(page=page.number)))
    return _merge_headings(items), furniture


def _spacing(lines: list[_Line]) -> float:
    gaps = [b.top - a.top for a, b in zip(lines, lines[1:], strict=False) if b.top > a.top]
    return statistics.median(gaps) if gaps else 14.0


def _columns(lines: list[_Line], width: float) -> list[_Line]:
    """Lines in reading order: a page set in two columns is read left column first."""
    split = [line for line in lines if len(line.segments) == 2]
    if len(lines) < 6 or len(split) < 0.3 * len(lines):
        return lines
    middle = statistics.median(segment[0].x0 for line in split for segment in line.segments[1:])
    if not 0.3 * width < middle < 0.7 * width:
        return lines
    left: list[_Line] = []
    right: list[_Line] = []
    for line in lines:
        if len(line.segments) == 2 and line.segments[1][0].x0 >= middle - 5:
            left.append(_Line(line.segments[0], line.page, line.height, line.top, line.size,
                              [line.segments[0]]))
            right.append(_Line(line.segments[1], line.page, line.height, line.top, line.size,
                               [line.segments[1]]))
        elif line.x0 >= middle - 5:
            right.append(line)
        else:
            left.append(line)
    return left + right


def _merge_headings(items: list[Line | Block]) -> list[Line | Block]:
    """A heading that wraps over two lines of the same size is one heading."""
    out: list[Line | Block] = []
    for item in items:
        previous = out[-1] if out else None
        if isinstance(item, Line) and isinstance(previous, Line) and item.text.startswith("#") \
                and previous.text.startswith("#"):
            level = len(item.text) - len(item.text.lstrip("#"))
            if level == len(previous.text) - len(previous.text.lstrip("#")):
                out[-1] = Line(previous.text + " " + item.text[level:].strip(), previous.where)
                continue
        out.append(item)
    return out
