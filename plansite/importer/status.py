"""Follow-up text → a status of the site's vocabulary, by the phrases plans use.

"Målet er opfyldt" → achieved, "delvist" → partly, "ikke opfyldt" / "ikke nået" → not
achieved, "arbejdes videre" / "indgår i virksomhedsplanen for …" → continued, "udgår" /
"bortfalder" → dropped; otherwise not assessed. The phrase that decided is returned
too, so the source can show it to the editor beside the status. A text that is just a
status word of the site ("Opfyldt", "Delvist opfyldt") is that status.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from plansite import statuses as status_words
from plansite.importer.text import plain
from plansite.model import Status

NOT_ASSESSED = "not-assessed"

_GOAL = r"(?:målet|målene|målsætningen|målsætningerne|dette mål|mål\w*)"
_REACHED = r"(?:opfyldt|nået|opnået|indfriet)"
RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("dropped", re.compile(
        r"\b(?:udgår|udgået|bortfalder|bortfaldet|er opgivet|blev opgivet|droppet|"
        r"ikke (?:længere )?(?:har )?(?:givet|gav|giver) mening|ikke længere relevant)\w*",
        re.I)),
    ("partly", re.compile(rf"\bdelvis(?:t)?\b[^.]{{0,40}}?(?:{_REACHED}|gennemført)?|"
                          rf"\bikke (?:helt|fuldt ud) (?:{_REACHED}|op til)", re.I)),
    ("not-achieved", re.compile(
        rf"\b(?:ikke (?:blevet |er |været )?{_REACHED}|ikke (?:nået|opfyldt) {_GOAL}|"
        rf"{_GOAL} (?:er|blev) (?:således |derfor |dermed )?ikke {_REACHED}|"
        rf"har (?:således |derfor )?ikke (?:nået|opfyldt|indfriet))", re.I)),
    ("continued", re.compile(
        r"\b(?:arbejde[st]? videre|videreføres|videreført|viderefører|"
        r"(?:indgå|indgår) i (?:den nye |næste )?(?:virksomhedsplan|plan)\w*|"
        r"fortsat et mål|fortsættes i|fortsætter i (?:den nye |næste )?(?:virksomhedsplan|plan)"
        r"\w*|overføres til)", re.I)),
    ("achieved", re.compile(
        rf"\b(?:{_GOAL}\b[^.]{{0,80}}?\b(?:er|blev|var) (?:således |dermed |derfor |hermed )?"
        rf"{_REACHED}|{_REACHED} (?:målet|målsætningen)|er (?:fuldt )?opfyldt|"
        rf"(?:er|blev) (?:fuldt )?gennemført|(?:det|dette) er sket\b|er implementeret|er overholdt|"
        rf"er taget i brug)", re.I)),
    ("in-progress", re.compile(r"\b(?:er i gang|er igangsat|er påbegyndt|pågår|"
                               r"(?:en )?løbende proces)", re.I)),
)
"""(status key, phrase) in the order they are tried: the first that matches decides."""


@dataclass(frozen=True)
class Decision:
    """A status key and the phrase in the text that decided it ("" for not assessed)."""

    status: str
    phrase: str


def decide(text: str, vocabulary: tuple[Status, ...]) -> Decision:
    """The status a follow-up or result text gives its goal."""
    flat = plain(text).strip()
    exact = status_words.resolve(flat.rstrip(".!"), vocabulary)
    if exact is not None:
        return Decision(exact, flat)
    known = {status.key for status in vocabulary}
    for key, pattern in RULES:
        match = pattern.search(flat)
        if match and key in known:
            return Decision(key, _sentence(flat, match))
    return Decision(NOT_ASSESSED if NOT_ASSESSED in known else vocabulary[-1].key, "")


def _sentence(text: str, match: re.Match[str]) -> str:
    """The phrase with a few words around it, at most one sentence."""
    stop = text.rfind(". ", 0, match.start())
    start = stop + 2 if stop >= 0 else 0
    end = text.find(". ", match.end())
    sentence = text[start: end + 1 if end >= 0 else len(text)].strip()
    if len(sentence) > 140:
        before = text[max(start, match.start() - 40): match.start()].split(" ", 1)[-1]
        after = text[match.end(): match.end() + 40].rsplit(" ", 1)[0]
        sentence = f"…{before}{match.group(0)}{after}…"
    return sentence
