"""The labels plans put in front of a goal's parts ("**Mål:**", "Dokumentation:", …),
the headers of goal lists ("Mål for 2012", "Målene i 2014 var:") and the month-and-year
openers of dated follow-up entries ("Maj 2010").

Pure functions of a paragraph's Markdown text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from plansite.dates import MONTHS
from plansite.importer.text import plain

GOAL = "goal"
EVIDENCE = "evidence"
STATUS = "status"
FOLLOW_UP = "follow-up"
RESULT = "result"

LABEL_WORDS = {
    "mål": GOAL, "maal": GOAL, "målsætning": GOAL, "delmål": GOAL, "goal": GOAL,
    "dokumentation": EVIDENCE, "evidence": EVIDENCE,
    "status": STATUS,
    "opfølgning": FOLLOW_UP, "follow-up": FOLLOW_UP,
    "resultat": RESULT, "resultater": RESULT, "result": RESULT, "results": RESULT,
}
"""A label word (lower case) → the part of a goal it starts."""

_WORD = "|".join(sorted((re.escape(word) for word in LABEL_WORDS), key=len, reverse=True))
_LABEL = re.compile(
    rf"^\s*(?P<open>\*\*|__)?\s*(?P<word>{_WORD})(?:\s+(?P<number>\d+(?:\.\d+)*[a-z]?))?"
    rf"\s*(?P<close1>\*\*|__)?\s*:\s*", re.I)
_MID_LABEL = re.compile(rf"(?<=\S)\s+(?=(?:\*\*|__)\s*(?:{_WORD})(?:\s+\d+)?\s*:)", re.I)


@dataclass(frozen=True)
class Label:
    """A labelled paragraph: "**Mål:** Tekst" → Label(GOAL, "", "Tekst")."""

    kind: str
    title: str
    """A title inside the label's bold ("**Mål: Økonomistyring**"), else empty."""
    rest: str
    """The paragraph's text after the label (may be empty: the text follows)."""


def label(text: str) -> Label | None:
    """The label a paragraph starts with, or None."""
    match = _LABEL.match(text)
    if not match:
        return None
    kind = LABEL_WORDS[match.group("word").lower()]
    rest = text[match.end():]
    title = ""
    opened = match.group("open")
    if opened and not match.group("close1"):
        closing = rest.find(opened)
        if closing == 0:
            rest = rest[len(opened):]
        elif closing > 0 and "\n" not in rest[:closing]:
            title = plain(rest[:closing]).strip(" :")
            rest = rest[closing + len(opened):]
    rest = rest.strip()
    if rest.startswith(":"):
        rest = rest[1:].strip()
    return Label(kind, title, rest)


def split_at_labels(text: str) -> list[str]:
    """A paragraph with bold labels in the middle, split before each ("… **Dokumentation:** …")."""
    parts = _MID_LABEL.split(text)
    return [part.strip() for part in parts if part.strip()]


_LIST_HEADER = re.compile(
    r"^(?:de\s+|vores\s+|afdelingens\s+|forvaltningens\s+)?(?:overordnede\s+)?"
    r"(?:mål|målene|målet|målsætninger|målsætningerne|delmål|mål-)"
    r"(?:\s*-?\s*og\s+resultat\w*)?(?P<tail>(?:\s+.*)?)$", re.I)
_NOT_A_HEADER = re.compile(r"strategi|\bmed\b|\bhar\b|\bskal\b|\bvil\b|\bblev\b", re.I)
_SUBJECT = re.compile(r"^\s*(?:i forhold til|vedrørende|for|på|til|i)\s+(?P<subject>.+)$", re.I)
_YEARS = re.compile(r"\b(?:i|for|og|fra|til)?\s*(?:19|20)\d{2}(?:\s*[-/–]\s*(?:19|20)?\d{2})?\b")
_ENDING = re.compile(r"(?:\s*(?:er|var|bliver|lyder),?\s*(?:at)?|\s*:)+\s*$", re.I)


@dataclass(frozen=True)
class ListHeader:
    """A header that opens a list of goals: "Mål for 2012", "Målene i 2014 var:"."""

    subject: str
    """Whose goals, when the header says so ("it, ledere og medarbejdere"), else empty."""


def list_header(text: str) -> ListHeader | None:
    """The goal-list header a short heading or paragraph is, or None."""
    flat = plain(text).strip()
    if not flat or len(flat) > 90 or flat.count(".") > 1 and not flat.endswith("."):
        return None
    if label(text) is not None and not re.match(r"^\W*mål\w*\s*:?\s*\W*$", flat, re.I):
        return None
    match = _LIST_HEADER.match(flat.rstrip(".")) if flat.endswith(":") or "." not in flat \
        else None
    if not match:
        return None
    tail = match.group("tail")
    if _NOT_A_HEADER.search(tail.replace("resultatkrav", "")):
        return None
    tail = _ENDING.sub("", tail).strip()
    subject = ""
    found = _SUBJECT.match(tail)
    if found:
        subject = _YEARS.sub("", found.group("subject")).strip(" ,:")
    elif _YEARS.sub("", tail).strip(" ,:"):
        return None  # "Mål nr. 3 handler om …": a sentence, not a header
    subject = _ENDING.sub("", subject).strip(" ,:")
    return ListHeader(subject)


_RESULTS = re.compile(r"^(?:resultat|resultater|resultaterne|results?)(?:\s+(?:i|for)\s+"
                      r"(?:19|20)\d{2})?\s*:?$", re.I)


def is_results_header(text: str) -> bool:
    """ "Resultater", "Resultater i 2014:": the results that answer the goals above."""
    return bool(_RESULTS.match(plain(text).strip()))


_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_DATED = re.compile(
    rf"^\s*(?:\*\*|__)?\s*(?P<date>(?:\d{{1,2}}\.\s*)?(?:{_MONTH})\.?\s+(?:19|20)\d{{2}})"
    rf"\s*(?P<close>\*\*|__)?\s*(?P<sep>[:.–-]\s*)?", re.I)
_DATED_MID = re.compile(
    rf"\s(?=(?:\*\*|__)\s*(?:\d{{1,2}}\.\s*)?(?:{_MONTH})\.?\s+(?:19|20)\d{{2}}\s*:?\s*(?:\*\*|__))"
    rf"|(?<=[.!?])\s+(?=(?:\d{{1,2}}\.\s*)?(?:{_MONTH})\.?\s+(?:19|20)\d{{2}}\s*:)", re.I)


def dated(text: str) -> tuple[str, str] | None:
    """(date as written, lower case; the rest) when a paragraph opens a dated entry.

    "**Maj 2010** Tekst", "Maj 2010: Tekst", "Januar 2012" alone, or "Maj 2010 Der …"
    (a capital after the date) open an entry; "Maj 2010 blev …" is a sentence.
    """
    match = _DATED.match(text)
    if not match:
        return None
    rest = text[match.end():].strip()
    bold = bool(match.group("close"))
    if not (bold or match.group("sep") or not rest or rest[:1].isupper()):
        return None
    date = " ".join(match.group("date").lower().replace(".", ". ").split()).replace(". ", ". ")
    return re.sub(r"(\d)\. ", r"\1. ", date), rest


def split_dated(text: str) -> list[str]:
    """A follow-up paragraph with bold dates inside, split before each ("… **Januar 2012** …")."""
    return [part.strip() for part in _DATED_MID.split(text) if part.strip()]
