"""Status words editors write, resolved to the site's status keys (placeholder by the lead;
helper owning this module replaces it)."""

from __future__ import annotations

from plansite.model import Status
from plansite.validation import suggest


def normalise(word: str) -> str:
    return " ".join(word.lower().replace("-", " ").replace("_", " ").split())


def resolve(word: str, statuses: tuple[Status, ...]) -> str | None:
    wanted = normalise(word)
    for status in statuses:
        if wanted in {normalise(status.key), *(normalise(v) for v in status.labels.values())}:
            return status.key
    return None


def suggest_word(word: str, statuses: tuple[Status, ...], language: str) -> str:
    return suggest(normalise(word), [normalise(s.labels.get(language, s.key)) for s in statuses])
