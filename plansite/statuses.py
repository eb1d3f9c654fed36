"""Status words: what editors write after `status:`, and the status key it stands for.

In a Danish site the sources are Danish all through, so an editor writes
`status: delvist opfyldt`, not the key `partly` that the code and the open data
use. A status is accepted as its key, any of its labels (every language) or one
of the extra `words` site.yaml gives it, in any capitalisation, with or without
hyphens and underscores, and with æ/ø/å also as ae/oe/aa: `Delvist opfyldt`,
`delvist-opfyldt`, `udgaaet`. The writer (`new-plan`, importers) writes each
status as `word` gives it in the site's language: the label in lower case
("ikke vurderet") in Danish, the key ("not-assessed") in English, whose labels
are long ("Continued in the next plan").

Everything here is pure. `resolve` runs once per follow-up, so the accepted
words of a status vocabulary are indexed once and looked up in a dict.
"""

from __future__ import annotations

from dataclasses import dataclass

from plansite.model import Status
from plansite.validation import suggest

_ASCII = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa"})


def normalise(word: str) -> str:
    """A status word as compared: lower case, `-` and `_` as spaces, single spaces."""
    return " ".join(word.lower().replace("-", " ").replace("_", " ").split())


def _ascii(word: str) -> str:
    return word.translate(_ASCII)


def word(key: str, statuses: tuple[Status, ...], language: str) -> str:
    """What a writer writes for status `key` in a site in `language`.

    Danish: the label in lower case ("ikke vurderet"). English: the key
    ("not-assessed"), short where the English labels are sentences.
    """
    for status in statuses:
        if status.key == key:
            return _word(status, language)
    return key


def _word(status: Status, language: str) -> str:
    if language == "en":
        return status.key
    return status.labels.get(language, status.key).strip().lower() or status.key


def words(statuses: tuple[Status, ...], language: str) -> list[str]:
    """Each status's word in the site's language, in vocabulary order, for messages."""
    return [_word(status, language) for status in statuses]


def claims(status: Status) -> list[str]:
    """Every word `status` accepts, as written: its key, its labels, its extra words."""
    return [status.key, *status.labels.values(), *status.words]


def conflicts(statuses: tuple[Status, ...]) -> list[tuple[str, str, str]]:
    """Words that two statuses accept: (word as written, first status key, second key).

    A word stands for one status only; site.yaml that gives one word to two
    statuses is an error (config reports it at the second status).
    """
    owner: dict[str, str] = {}
    found: list[tuple[str, str, str]] = []
    for status in statuses:
        for claimed in claims(status):
            for form in dict.fromkeys((normalise(claimed), _ascii(normalise(claimed)))):
                first = owner.setdefault(form, status.key)
                if first != status.key:
                    found.append((claimed, first, status.key))
                    break
    return list(dict.fromkeys(found))


@dataclass(frozen=True, slots=True)
class _Index:
    statuses: tuple[Status, ...]
    keys: dict[str, str]
    """Every accepted form (as written, normalised, æøå as ae/oe/aa) → status key."""


def _build(statuses: tuple[Status, ...]) -> _Index:
    keys: dict[str, str] = {}
    for status in statuses:  # the first status to claim a word keeps it
        for claimed in claims(status):
            for form in (claimed, normalise(claimed), _ascii(normalise(claimed))):
                keys.setdefault(form, status.key)
    return _Index(statuses, keys)


_INDEXES: dict[int, _Index] = {}
"""Index per vocabulary, by the tuple's id (checked with `is`: ids are reused)."""


def _index(statuses: tuple[Status, ...]) -> _Index:
    index = _INDEXES.get(id(statuses))
    if index is not None and index.statuses is statuses:
        return index
    if len(_INDEXES) > 64:  # a worker process gets a new tuple per plan; keep few
        _INDEXES.clear()
    index = _INDEXES[id(statuses)] = _build(statuses)
    return index


def resolve(word: str, statuses: tuple[Status, ...]) -> str | None:
    """The status key an editor's word stands for ("Delvist opfyldt" → "partly"), or None."""
    keys = _index(statuses).keys
    key = keys.get(word)  # as written, most often
    if key is None:
        wanted = normalise(word)
        key = keys.get(wanted) or keys.get(_ascii(wanted))
    return key


def suggest_word(word: str, statuses: tuple[Status, ...], language: str) -> str:
    """The nearest status word, in the site's language ("" when none is near).

    A misspelt site-language word is matched as it is ("opfyld" → "opfyldt");
    a word near a key or a label of another language is answered with that
    status's word in the site's language ("acheived" → "opfyldt" in Danish).
    """
    own: dict[str, str] = {}
    others: dict[str, str] = {}
    for status in statuses:
        written = _word(status, language)
        own.setdefault(normalise(written), written)
        own.setdefault(normalise(status.labels.get(language, written)), written)
        for extra in status.words:
            own.setdefault(normalise(extra), extra)
        for claimed in claims(status):
            others.setdefault(normalise(claimed), written)
    wanted = normalise(word)
    close = suggest(wanted, own)
    if close:
        return own[close]
    close = suggest(wanted, others)
    return others[close] if close else ""
