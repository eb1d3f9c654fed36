"""Importing published plans: a PDF, Word or text file → plansite sources.

The recipe (`import_file`): read the file into blocks (`formats`, `pdf`, `docx`,
`blocks`), find the title and period (`period`), read the layout (`layout`, `goals`),
and make the sources (`convert`). The command (`commands/import_plan.py`) writes them
with `writer` and prints the report (`report`). Everything but reading the file is a
pure function of its text.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from plansite.config import DEFAULT_STATUSES
from plansite.dates import Period, parse_period
from plansite.importer import formats, layout, themes
from plansite.importer.convert import Converted, Settings, convert
from plansite.importer.document import Document
from plansite.importer.drafts import Layout
from plansite.importer.messages import ImportFailed
from plansite.importer.period import Heading, find_heading, municipality, unit_name
from plansite.model import Priority, Status
from plansite.writer import PlanSource

__all__ = ["ImportFailed", "Imported", "import_document", "import_file"]


@dataclass
class Imported:
    """A document read as plansite sources, and what the report tells about it."""

    document: Document
    heading: Heading
    layout: Layout
    period: Period
    period_how: str
    """"option", "title", "lists" or "headings"."""
    unit_name: str
    converted: Converted
    language: str = "da"
    statuses: tuple[Status, ...] = DEFAULT_STATUSES
    municipality: str = ""
    """The municipality the document names most ("Albertslund Kommune"), or ""."""
    new_themes: tuple[tuple[str, str], ...] = ()
    """(key, name) of shared themes the document names that priorities.yaml lacks."""

    @property
    def sources(self) -> list[PlanSource]:
        """The plan first, then the earlier plans its follow-up parts repeat."""
        return [self.converted.plan, *self.converted.earlier]


def import_file(path: Path, unit: str, period: str | None = None, language: str = "da",
                statuses: tuple[Status, ...] = DEFAULT_STATUSES,
                known_name: str | None = None,
                priorities: dict[str, Priority] | None = None) -> Imported:
    """Read a file and make its sources (see `import_document`)."""
    return import_document(formats.read(path), unit, period, language, statuses, known_name,
                           priorities)


def import_document(document: Document, unit: str, period: str | None = None,
                    language: str = "da", statuses: tuple[Status, ...] = DEFAULT_STATUSES,
                    known_name: str | None = None,
                    priorities: dict[str, Priority] | None = None) -> Imported:
    """A document's sources for `unit`; the period is `period` or the document's own.

    `known_name` is the unit's name when the site knows the unit; else the name is
    taken from the document. `priorities` are the site's shared themes: a focus area
    the document says carries one gets its key. Raises `ImportFailed` when there is
    no text, no period or no goal.
    """
    if not any(block.text.strip() or block.rows for block in document.blocks):
        raise ImportFailed("error.no_text", path=document.name)
    heading = find_heading(document.blocks)
    chosen = parse_period(period) if period else heading.period
    if period and chosen is None:
        raise ImportFailed("error.bad_period", value=period)
    if chosen is None:
        raise ImportFailed("error.no_period")
    found = layout.read(document.blocks, heading.block)
    if not any(area.goals for part in found.parts for area in part.areas):
        raise ImportFailed("error.no_goals", path=document.name)
    name = known_name or unit_name(unit, heading.raw, document.blocks)
    settings = Settings(unit, name, language, statuses or DEFAULT_STATUSES)
    converted = convert(document, heading, found, chosen, settings)
    town = municipality(document.blocks)
    shared = themes.find(document.blocks, name, town)
    added: list[tuple[str, str]] = []
    if shared is not None:
        found.themes, found.theme_setter = list(shared.names), shared.setter
        added = themes.apply(converted.plan, shared, priorities or {}, chosen.key)
    return Imported(document, heading, found, chosen, "option" if period else heading.how,
                    name, converted, language, settings.statuses, town, tuple(added))
