"""Checks every source format shares: unknown keys, reported with the nearest allowed one.

Config files, front matter, heading attributes and structured blocks all reject
keys they do not know (as Zola's `deny_unknown_fields` does), so a typo never
silently drops a value; the hint names the key the editor most likely meant.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from pathlib import Path

from plansite.errors import Report
from plansite.yamlsrc import LineDict


def suggest(word: object, choices: Iterable[object], cutoff: float = 0.6) -> str:
    """The closest allowed word, for "did you mean …" hints ("" when none is close)."""
    matches = difflib.get_close_matches(str(word).lower(), [str(c) for c in choices], n=1,
                                        cutoff=cutoff)
    return matches[0] if matches else ""


def check_keys(data: LineDict, allowed: tuple[str, ...], path: Path, report: Report,
               line_offset: int = 0) -> None:
    """Report every key not in `allowed`, with the nearest allowed key as a hint."""
    for key in data:
        if key not in allowed:
            report.error(path, data.line_of(key) + line_offset, "unknown-key", key=key,
                         suggestion=suggest(key, allowed), allowed=", ".join(allowed))
