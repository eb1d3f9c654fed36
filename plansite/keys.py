"""The keys editors write, in the site's language.

A Danish site's sources are Danish all through (`enhed:`, `mål:`), an English
site's English (`unit:`, `goal:`). Both spellings are always read, so a source
keeps building when a site changes language; the writer (`new-plan`, the
importer) writes the site's. Inside the code every key has one canonical name.
"""

from __future__ import annotations

FRONT_MATTER: dict[str, dict[str, str]] = {
    "unit": {"da": "enhed", "en": "unit"},
    "period": {"da": "periode", "en": "period"},
    "title": {"da": "titel", "en": "title"},
    "kind": {"da": "type", "en": "kind"},
    "published": {"da": "offentliggjort", "en": "published"},
    "source": {"da": "kilde", "en": "source"},
    "accounts": {"da": "regnskab", "en": "accounts"},
}
"""Front matter: canonical key → its name per language."""

BODY: dict[str, dict[str, str]] = {
    "id": {"da": "id", "en": "id"},
    "status": {"da": "status", "en": "status"},
    "goal": {"da": "mål", "en": "goal"},
    "date": {"da": "dato", "en": "date"},
    "continued-as": {"da": "fortsætter-som", "en": "continued-as"},
    "priority": {"da": "tema", "en": "priority"},
    "carries": {"da": "viderefører", "en": "carries"},
}
"""Keys under a heading: canonical key → its name per language."""

ACCOUNTS: dict[str, dict[str, str]] = {
    "file": {"da": "fil", "en": "file"},
    "title": {"da": "titel", "en": "title"},
}
"""The keys of one accounts table under the head's `regnskab:`, per language."""

_ASCII = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa"})


def fold(word: str) -> str:
    """A key as compared: lower case, `_` as `-`, æ/ø/å also accepted as ae/oe/aa."""
    return word.strip().lower().replace("_", "-").translate(_ASCII)


def _index(table: dict[str, dict[str, str]]) -> dict[str, str]:
    """Every accepted spelling → canonical key: folded, and as written."""
    index = {fold(name): key for key, names in table.items() for name in (key, *names.values())}
    index.update({name: key for key, names in table.items() for name in names.values()})
    return index


_FRONT_MATTER_INDEX = _index(FRONT_MATTER)
_BODY_INDEX = _index(BODY)
_ACCOUNTS_INDEX = _index(ACCOUNTS)


def front_matter_key(word: str) -> str | None:
    """The canonical front matter key an editor's word stands for, or None."""
    return _FRONT_MATTER_INDEX.get(fold(word))


def body_key(word: str) -> str | None:
    """The canonical heading key an editor's word stands for, or None."""
    key = _BODY_INDEX.get(word)  # as written, most often
    return key if key is not None else _BODY_INDEX.get(fold(word))


def accounts_key(word: str) -> str | None:
    """The canonical key of an accounts table entry (`fil:`, `titel:`), or None."""
    return _ACCOUNTS_INDEX.get(fold(word))


def name(table: dict[str, dict[str, str]], key: str, language: str) -> str:
    """How `key` is written in a source of a site in `language`."""
    return table[key].get(language, table[key]["en"])


def names(table: dict[str, dict[str, str]], language: str) -> tuple[str, ...]:
    """Every key of `table` as written in `language`, for hints and messages."""
    return tuple(name(table, key, language) for key in table)


PRIORITY: dict[str, dict[str, str]] = {
    "name": {"da": "navn", "en": "name"},
    "description": {"da": "beskrivelse", "en": "description"},
    "set-by": {"da": "fastsat-af", "en": "set-by"},
    "periods": {"da": "perioder", "en": "periods"},
    "children": {"da": "undertemaer", "en": "children"},
}
"""priorities.yaml, one entry per theme: canonical key → its name per language."""

_PRIORITY_INDEX = _index(PRIORITY)


def priority_key(word: str) -> str | None:
    """The canonical priorities.yaml key an editor's word stands for, or None."""
    return _PRIORITY_INDEX.get(fold(word))
