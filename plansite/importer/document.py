"""What every reader gives the importer: lines of text and ready-made blocks, with where
each came from in the document.

A reader (`text`, `pdf`, `docx`) turns a file into `Line`s of Markdown-ish text
(`#` headings, `- ` items, `**bold**`) and, for tables it read as tables, `Block`s of
kind TABLE. `text.blocks` cleans the lines and groups them into blocks; `layout`
reads the blocks as focus areas, goals and follow-ups. Nothing here does I/O.
"""

from __future__ import annotations

from dataclasses import dataclass, field

HEADING = "heading"
PARA = "para"
ITEM = "item"
TABLE = "table"
TOC = "toc"
"""A table-of-contents line: kept, but never read as content."""
FURNITURE = "furniture"
"""A running header, footer or page number: removed from the text, listed in the report."""


@dataclass(frozen=True, order=True)
class Where:
    """Where a piece of text was in the document: a line, a page or a paragraph."""

    page: int = 0
    """1-based page of a PDF; 0 for other formats."""
    line: int = 0
    """1-based line of a text file, or 1-based paragraph of a Word file."""
    unit: str = "linje"
    """What `line` counts: "linje" (text) or "afsnit" (Word paragraphs)."""

    def describe(self, language: str = "da") -> str:
        """"linje 12", "side 3", "afsnit 5" (or the English words)."""
        if self.page:
            return f"{'page' if language == 'en' else 'side'} {self.page}"
        word = {"linje": "line", "afsnit": "paragraph"}.get(self.unit, self.unit) \
            if language == "en" else self.unit
        return f"{word} {self.line}"


@dataclass(frozen=True)
class Line:
    """One line of a document's text, as a reader gives it."""

    text: str
    where: Where


@dataclass
class Block:
    """A heading, paragraph, list item, table or table-of-contents line, cleaned."""

    kind: str
    text: str
    """Markdown inline text; for a TABLE, empty (see `rows`)."""
    where: Where
    level: int = 0
    """A heading's level, 1 for the most important (plain-text headings are guessed)."""
    rows: list[list[str]] = field(default_factory=list)
    """A TABLE's rows of cells (Markdown inline text)."""
    ordered: bool = False
    """An ITEM of a numbered list."""
    last: Where | None = None
    """Where the block ends, when it spans several lines."""

    number: str = ""
    """An ordered ITEM's number as written ("3." or "3)")."""

    def span(self, language: str = "da") -> str:
        """"linje 12" or "linje 12-14"."""
        first = self.where.describe(language)
        if self.last is None or self.last == self.where:
            return first
        if self.last.page and self.last.page != self.where.page:
            return f"{first}-{self.last.page}"
        if not self.last.page and self.last.line != self.where.line:
            return f"{first}-{self.last.line}"
        return first


@dataclass
class Document:
    """A document as the layout step reads it."""

    blocks: list[Block]
    name: str
    """The file name, for the report and the source's comment."""
    fmt: str
    """"pdf", "docx", "markdown" or "text"."""
    furniture: list[Block] = field(default_factory=list)
    """Running headers, footers and page numbers that were removed."""
