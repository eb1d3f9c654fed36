"""Readable, stable, unique ids and short titles for what the importer finds.

An id is a slug of the first words of the title (æ→ae, ø→oe, å→aa: "Økonomisk og
faglig styring" → `oekonomisk-og-faglig-styring`), cut at a word before 40 letters;
the second of two alike gets `-2`. The same input gives the same ids, in the same
order, every time.
"""

from __future__ import annotations

import re

from plansite.importer.text import plain
from plansite.slugs import slugify

MAX_ID = 40
MAX_TITLE = 80


class Ids:
    """Hands out ids unique within one plan (focus areas and goals share them)."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def take(self, text: str) -> str:
        base = slugify(_without_infinitive(plain(text)), max_length=MAX_ID)
        if base == "x":
            base = "maal"
        candidate, number = base, 1
        while candidate in self.used:
            number += 1
            candidate = f"{base}-{number}"
        self.used.add(candidate)
        return candidate


def _without_infinitive(text: str) -> str:
    """ "At sikre, at …" → "sikre, at …": goal lists continue "Målet er, at"."""
    return re.sub(r"^(?:at|det er målet,? at|målet er,? at)\s+", "", text.strip(), flags=re.I)


def title_of(text: str) -> str:
    """A short title from a goal's text: its first sentence, cut at a word near 80 letters."""
    flat = _without_infinitive(plain(text).lstrip("-•* "))
    flat = re.sub(r"\s+", " ", flat).strip()
    sentence = re.split(r"(?<=[a-zæøå)”\"])[.!?](?=\s+[A-ZÆØÅ\"”“]|\s*$)"
                        r"|(?<=.{20})[:;]\s", flat, maxsplit=1)[0]
    sentence = sentence.strip(" ,.;:–-")
    if len(sentence) > MAX_TITLE:
        clause = sentence.find(", ", 30)
        if 0 < clause <= MAX_TITLE:
            sentence = sentence[:clause]
        else:
            cut = sentence[:MAX_TITLE - 10].rsplit(" ", 1)[0].rstrip(" ,;:–-")
            sentence = cut + " …"
    return sentence[:1].upper() + sentence[1:] if sentence else ""
