"""Shared themes a document says its focus areas carry, and their place in priorities.yaml.

Plans say it in words: "Direktørforum har udmeldt fem indsatsområder for kommunens
virksomhedsplaner", "blev der i 2014 som noget nyt fastsat seks overordnede mål:",
followed by the list of them. Each focus area whose title is one of the listed themes
carries it (`tema:`); a theme the paragraph names as the unit's own ("… indgår
økonomisk og faglig styring som et særskilt indsatsområde") is not a shared one.

A theme priorities.yaml already has (by name) keeps its key; a new one is appended to
the file as it is, comments and all, and checked by the build's own parser.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from plansite import priorities
from plansite.errors import Report
from plansite.importer.document import ITEM, PARA, Block
from plansite.importer.text import plain, words
from plansite.model import Priority
from plansite.slugs import slugify
from plansite.writer import PlanSource, scalar

_STATEMENT = re.compile(
    r"(?:udmeldt|fastsat|fastlagt|besluttet|vedtaget|udpeget|sat)\b[^.]{0,80}?"
    r"(?:indsatsområder|overordnede mål|tværgående mål|fælles mål|temaer|pejlemærker|"
    r"fokusområder)|(?:indsatsområder|overordnede mål|tværgående mål|temaer|pejlemærker)"
    r"[^.]{0,60}?(?:udmeldt|fastsat|fastlagt|besluttet|vedtaget|udpeget)", re.I)
_SETTERS = (("direktørforum", "Direktørforum"), ("direktionen", "Direktionen"),
            ("direktørgruppen", "Direktørgruppen"), ("byrådet", "Byrådet"),
            ("kommunalbestyrelsen", "Kommunalbestyrelsen"), ("forvaltning", ""))
_OWN = re.compile(r"særskilt|selvstændigt|eget|egne", re.I)


@dataclass(frozen=True)
class Themes:
    """The shared themes a document names, and who set them."""

    names: tuple[str, ...]
    setter: str


def find(blocks: Sequence[Block], unit_name: str, municipality: str) -> Themes | None:
    """The themes a paragraph says were set for many units, with the list after it."""
    for index, block in enumerate(blocks):
        if block.kind != PARA or not _STATEMENT.search(plain(block.text)):
            continue
        start = next((at for at in range(index + 1, min(index + 4, len(blocks)))
                      if blocks[at].kind == ITEM), None)
        items: list[Block] = []
        while start is not None and start < len(blocks) and blocks[start].kind == ITEM:
            items.append(blocks[start])
            start += 1
        if len(items) < 2:
            continue
        statement = plain(block.text).lower()
        names = tuple(name for name in (plain(item.text).rstrip(". ") for item in items)
                      if not _named_as_own(name, statement))
        return Themes(names, _setter(statement, unit_name, municipality))
    return None


def _named_as_own(name: str, statement: str) -> bool:
    """The statement calls this one the unit's own, separate focus area."""
    wanted = [word for word in words(name) if len(word) >= 4]
    for sentence in re.split(r"(?<=[.!?])\s+", statement):
        if _OWN.search(sentence) and wanted and all(word in sentence for word in wanted):
            return True
    return False


def _setter(statement: str, unit_name: str, municipality: str) -> str:
    for word, name in _SETTERS:
        if word in statement:
            who = name or (unit_name if "forvaltning" in unit_name.lower() else "Forvaltningen")
            return f"{who}, {municipality}" if municipality and municipality not in who else who
    return unit_name


def carried(title: str, themes: Themes) -> str:
    """The theme a focus area titled so carries: all the theme's words are in the title."""
    have = set(words(title))
    for name in themes.names:
        wanted = [word for word in words(name) if len(word) >= 3]
        if wanted and sum(word in have for word in wanted) >= max(1, round(0.8 * len(wanted))):
            return name
    return ""


def apply(plan: PlanSource, themes: Themes, known: dict[str, Priority], period: str
          ) -> list[tuple[str, str]]:
    """Give each focus area its theme's key; (key, name) of the themes to add to the file."""
    by_name = {" ".join(words(priority.name)): key for key, priority in known.items()}
    new: dict[str, str] = {}
    for area in plan.focus_areas:
        name = carried(area.title, themes)
        if not name:
            continue
        key = by_name.get(" ".join(words(name)))
        if key is None:
            key = new.get(name) or _free(slugify(name, max_length=40), known, new)
            new[name] = key
        area.priority = key
    return [(key, name) for name, key in new.items()]


def _free(key: str, known: dict[str, Priority], new: dict[str, str]) -> str:
    taken = set(known) | set(new.values())
    candidate, number = key, 1
    while candidate in taken:
        number += 1
        candidate = f"{key}-{number}"
    return candidate


def with_themes(text: str, added: list[tuple[str, str]], setter: str, period: str) -> str:
    """priorities.yaml's text with the new themes appended (Danish keys)."""
    entries = []
    for key, name in added:
        entry = f"{key}:\n  navn: {scalar(name)}\n"
        if setter:
            entry += f"  fastsat-af: {scalar(setter)}\n"
        entry += f"  perioder: [{period}]\n"
        entries.append(entry)
    block = "\n".join(entries)
    if not text.strip() or re.fullmatch(r"\s*\{\s*\}\s*", text):
        return block
    return text.rstrip("\n") + "\n\n" + block


def problems(path: Path, text: str) -> list[str]:
    report = Report()
    priorities.parse(path, text, report, "/")
    return [f"{problem.code} (linje {problem.line})" for problem in report.errors]
