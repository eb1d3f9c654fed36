"""A file → a `Document`: PDF (pdfplumber), Word (python-docx) or text and Markdown.

The format is told by the file's first bytes where they say it (a PDF starts with
`%PDF`, a .docx is a zip), else by its name. Problems reading a file are an
`ImportFailed` with a plain message, never a traceback.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from plansite.importer import blocks
from plansite.importer.document import Document, Line, Where
from plansite.importer.messages import ImportFailed

TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".text", "")


def read(path: Path) -> Document:
    """The document in a file, as blocks."""
    if not path.exists():
        raise ImportFailed("error.missing", path=path)
    try:
        head = path.read_bytes()[:8] if path.is_file() else b""
    except OSError as error:
        raise ImportFailed("error.unreadable", path=path, reason=error.strerror or error) \
            from error
    if not path.is_file():
        raise ImportFailed("error.unreadable", path=path, reason="det er en mappe")
    suffix = path.suffix.lower()
    if head.startswith(b"%PDF") or suffix == ".pdf":
        from plansite.importer.pdf import read as read_pdf
        return read_pdf(path)
    if suffix == ".docx" or (head.startswith(b"PK") and zipfile.is_zipfile(path)):
        from plansite.importer.docx import read as read_docx
        return read_docx(path)
    if suffix == ".doc" or head.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFailed("error.old_word")
    if suffix not in TEXT_SUFFIXES:
        raise ImportFailed("error.format", suffix=suffix)
    return read_text(path.read_bytes(), path.name, "markdown" if suffix in (".md", ".markdown")
                     else "text")


def decode(data: bytes) -> str:
    """Text in UTF-8 (with or without BOM), else Windows-1252, as Danish Word exports are."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def read_text(data: bytes, name: str, fmt: str = "text") -> Document:
    """A text or Markdown export, line by line."""
    text = decode(data).replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n")
    lines = [Line(line, Where(line=number)) for number, line in
             enumerate(text.split("\n"), start=1)]
    found, furniture = blocks.build(lines)
    return Document(found, name, fmt, furniture)
