"""Word (.docx) → lines and tables, read with python-docx, in the document's order.

Headings come from the paragraph styles ("Heading 2", "Overskrift 2", "Title"), list
items from list styles or numbering, bold runs are kept as `**bold**` (so bold labels
and bold lines read as in text exports) and tables stay tables (a cell merged across
columns is read once). Where is the paragraph's number ("afsnit 12").
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from plansite.importer import blocks
from plansite.importer.document import TABLE, Block, Document, Line, Where
from plansite.importer.messages import ImportFailed

_HEADING_STYLE = re.compile(r"^(?:heading|overskrift|rubrik)\s*(\d)$", re.I)
_LIST_STYLE = re.compile(r"list|liste|opstilling|punkt|bullet|number", re.I)


def read(path: Path) -> Document:
    """The document in a .docx file."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as error:
        raise ImportFailed("error.bad_docx", path=path) from error
    items = list(_items(document))
    found, furniture = blocks.build(items, plain_text=False)
    return Document(found, path.name, "docx", furniture)


def _items(document: Any) -> Iterable[Line | Block]:
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    number = 0
    for element in document.element.body.iterchildren():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "p":
            number += 1
            yield from _paragraph(Paragraph(element, document), Where(line=number, unit="afsnit"))
        elif tag == "tbl":
            number += 1
            where = Where(line=number, unit="afsnit")
            yield Line("", where)
            yield Block(TABLE, "", where, rows=_rows(Table(element, document)))
            yield Line("", where)


def _paragraph(paragraph: Any, where: Where) -> Iterable[Line]:
    style = (paragraph.style.name if paragraph.style is not None else "") or ""
    text = _runs(paragraph)
    if not text.strip():
        yield Line("", where)
        return
    heading = _HEADING_STYLE.match(style.strip())
    if heading or style.strip().lower() in ("title", "titel"):
        level = int(heading.group(1)) if heading else 1
        yield Line("", where)
        yield Line("#" * min(level, 6) + " " + text.replace("**", "").strip(), where)
        yield Line("", where)
        return
    numbered = paragraph._p.pPr is not None and paragraph._p.pPr.numPr is not None
    yield Line("", where)
    for piece in text.split("\n"):
        if (numbered or _LIST_STYLE.search(style)) and piece is text.split("\n")[0]:
            yield Line("- " + piece.strip(), where)
        else:
            yield Line(piece, where)


def _runs(paragraph: Any) -> str:
    """The paragraph's text with bold runs as **bold** and line breaks kept."""
    out: list[str] = []
    bold_open = False
    for run in paragraph.runs:
        text = run.text.replace("\t", " ")
        if not text:
            continue
        bold = bool(run.bold) and bool(text.strip())
        if bold != bold_open and text.strip():
            if bold:
                out.append(text[: len(text) - len(text.lstrip())] + "**")
                text = text.lstrip()
            else:
                _close(out)
            bold_open = bold
        out.append(text)
    if bold_open:
        _close(out)
    return "".join(out).replace("****", "")


def _close(out: list[str]) -> None:
    """End a bold run, with the spaces it ended in outside the marker."""
    trailing = ""
    if out and out[-1].endswith(" ") and out[-1].strip():
        last = out.pop()
        trailing = last[len(last.rstrip()):]
        out.append(last.rstrip())
    out.append("**" + trailing)


def _rows(table: Any) -> list[list[str]]:
    rows = []
    for row in table.rows:
        cells: list[str] = []
        previous = None
        for cell in row.cells:
            if previous is not None and cell._tc is previous:
                continue  # a cell merged across columns is listed once per column
            previous = cell._tc
            cells.append("\n\n".join(_runs(p) for p in cell.paragraphs if p.text.strip()))
        rows.append(cells)
    return rows
