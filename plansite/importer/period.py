"""The plan's title, period and kind, and the unit's name, as the document gives them.

The period comes from the title ("Virksomhedsplan for Social & Familie 2016-2017",
"Årsberetningen 2014", "Mål og strategier 2012/2013"), else from the goal lists'
headers ("Mål for 2012"), else from the headings. An earlier plan that a follow-up part
repeats gets its period from the part's heading or first paragraphs ("Opfølgning på
virksomhedsplanen for 2015"), else from the years its goals mention.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from plansite.dates import Period, parse_period
from plansite.importer import labels
from plansite.importer.document import HEADING, PARA, TOC, Block
from plansite.importer.text import plain
from plansite.slugs import slugify

_SPAN = re.compile(r"\b((?:19|20)\d{2})\s*[-–/]\s*((?:19|20)?\d{2})\b")
_YEAR = re.compile(r"\b((?:19|20)\d{2})\b")
_REPORT = re.compile(r"årsberetning|årsrapport|beretning|regnskab|annual report", re.I)
_TITLE_WORDS = re.compile(r"plan|beretning|rapport|strategi|mål|budget|regnskab|report", re.I)
_NAMED = re.compile(
    r"(?:virksomhedsplan(?:en)?|handleplan(?:en)?|plan(?:en)?|årsberetning(?:en)?|mål og "
    r"strategier|målsætninger)\s+(?:\d{4}(?:\s*[-–/]\s*\d{2,4})?\s+)?(?:for|i)\s+"
    r"(?P<name>.+?)(?:\s+(?:19|20)\d{2}.*)?$", re.I)
_ORGANISATION = re.compile(r"forvaltning|afdeling|center|centret|enhed|sekretariat|kontor",
                           re.I)


@dataclass(frozen=True)
class Heading:
    """What the top of the document says."""

    block: Block | None
    """The block with the title (and the period), if one was found."""
    title: str
    period: Period | None
    how: str
    """Where the period came from: "title", "lists", "headings" or ""."""
    kind: str
    """"plan" or "report"."""
    raw: str = ""
    """The title as the document writes it (perhaps in capitals)."""


def period_in(text: str) -> Period | None:
    """The first period written in a text: "2016-2017", "2012/2013", "2012"."""
    span = _SPAN.search(text)
    if span:
        found = parse_period(f"{span.group(1)}-{span.group(2)}")
        if found is not None:
            return found
    year = _YEAR.search(text)
    return parse_period(year.group(1)) if year else None


def find_heading(blocks: Sequence[Block]) -> Heading:
    """The title block, the period and the kind of the document."""
    top = [block for block in blocks[:12] if block.kind in (HEADING, PARA)
           and len(plain(block.text)) <= 120]
    title_block = None
    for block in top:
        text = plain(block.text)
        if block.kind == PARA and not (_TITLE_WORDS.search(text) and len(text) <= 80):
            continue
        if labels.list_header(block.text) is not None or labels.label(block.text) is not None:
            continue
        if period_in(text) is not None:
            title_block = block
            break
    kind = "report" if any(_REPORT.search(plain(block.text)) for block in top[:4]) else "plan"
    if title_block is not None:
        found = period_in(plain(title_block.text))
        raw = " ".join(plain(title_block.text).split())
        return Heading(title_block, tidy_title(raw), found, "title", kind, raw)
    years: Counter[Period] = Counter()
    for block in blocks:
        if block.kind in (HEADING, PARA) and labels.list_header(block.text) is not None:
            found = period_in(plain(block.text))
            if found is not None:
                years[found] += 1
    if years:
        return Heading(None, "", years.most_common(1)[0][0], "lists", kind)
    for block in blocks:
        if block.kind == HEADING:
            found = period_in(plain(block.text))
            if found is not None:
                years[found] += 1
    if years:
        return Heading(None, "", years.most_common(1)[0][0], "headings", kind)
    return Heading(None, "", None, "", kind)


def tidy_title(text: str) -> str:
    """A title in capitals as a sentence ("VIRKSOMHEDSPLAN FOR …" → "Virksomhedsplan for …")."""
    text = " ".join(text.split()).rstrip(":")
    letters = [ch for ch in text if ch.isalpha()]
    if letters and sum(ch.isupper() for ch in letters) / len(letters) > 0.7:
        text = text.lower()
        text = text[:1].upper() + text[1:]
    return text


def earlier_period(part_title: str, blocks: Sequence[Block], later: Period) -> Period | None:
    """The period of the plan a follow-up part repeats."""
    texts = [part_title] + [plain(block.text) for block in blocks[:4] if block.kind != TOC]
    for text in texts:
        for match in _SPAN.finditer(text):
            found = parse_period(f"{match.group(1)}-{match.group(2)}")
            if found is not None and found.end < later.start:
                return found
        for match in _YEAR.finditer(text):
            found = parse_period(match.group(1))
            if found is not None and found.end < later.start:
                return found
    years: Counter[int] = Counter()
    for block in blocks:
        for match in _YEAR.finditer(plain(block.text)):
            year = int(match.group(1))
            if year < later.start:
                years[year] += 1
    if years:
        return parse_period(str(years.most_common(1)[0][0]))
    return parse_period(str(later.start - 1))


def unit_name(key: str, title: str, blocks: Sequence[Block]) -> str:
    """The unit's name as the document writes it, else the key.

    From the title ("Virksomhedsplan for Social & Familie 2016-2017"), else a phrase
    whose slug is the key ("socialafdelingen" → "Socialafdelingen"), else a first
    heading that names an organisation ("Familie- og Beskæftigelsesforvaltningen").
    """
    texts = [plain(block.text) for block in blocks if block.kind in (HEADING, PARA)]
    named = _NAMED.search(title) if title else None
    if named:
        return _as_written(named.group("name").strip(" .,:–-"), texts)
    first = key.split("-")[0]
    for text in texts:
        tokens = text.split()
        slugs = [slugify(token) for token in tokens]
        for start, slug in enumerate(slugs):
            if not slug.startswith(first) and not first.startswith(slug):
                continue
            for size in range(1, 7):
                if start + size > len(tokens):
                    break
                joined = "-".join(part for part in slugs[start:start + size] if part != "x")
                if joined == key:
                    return " ".join(tokens[start:start + size]).strip(".,:;()\"'”“")
                if not key.startswith(joined):
                    break
    for block in blocks[:3]:
        text = plain(block.text)
        if block.kind == HEADING and _ORGANISATION.search(text) and period_in(text) is None:
            return text
    return key


def _as_written(name: str, texts: list[str]) -> str:
    """The name with the document's own capitals when the title had only capitals."""
    if not name.isupper():
        return name
    wanted = name.lower()
    for text in texts:
        at = text.lower().find(wanted)
        if at >= 0 and not text[at:at + len(name)].isupper():
            return text[at:at + len(name)]
    return name.title()


def municipality(blocks: Sequence[Block]) -> str:
    """The municipality the document names most ("Albertslund Kommune"), or ""."""
    found: Counter[str] = Counter()
    for block in blocks:
        for match in re.finditer(r"\b([A-ZÆØÅ][a-zæøå]+(?:-[A-ZÆØÅ]?[a-zæøå]+)?) [Kk]ommune\b",
                                 plain(block.text)):
            if match.group(1) not in ("Den", "Hver", "Hele", "Kommunen", "Denne"):
                found[match.group(1) + " Kommune"] += 1
    return found.most_common(1)[0][0] if found else ""


def level_of(name: str) -> str:
    """units.yaml's level for a unit named so: a forvaltning is an administration."""
    if re.search(r"forvaltning", name, re.I):
        return "administration"
    return "department"
