"""Slugs: the ASCII names in URLs and ids ("Økonomistyring" → "oekonomistyring")."""

from __future__ import annotations

import re
import unicodedata

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_FOLD = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "ae", "Ø": "oe", "Å": "aa"})

RESERVED = ("periode", "data", "assets", "files", "pagefind", "index", "404", "tema",
            "soeg", "oversigt", "was", "cookies")
"""Top-level names the site itself uses; no unit may take them."""


def is_slug(text: str) -> bool:
    return bool(_SLUG.fullmatch(text)) and len(text) <= 80  # fullmatch: not "enhed\n"


def slugify(text: str, max_length: int = 60) -> str:
    """Fold Danish letters and accents, keep a-z and 0-9, join words with "-"."""
    folded = unicodedata.normalize("NFKD", text.translate(_FOLD))
    ascii_text = folded.encode("ascii", "ignore").decode().lower()
    words = re.findall(r"[a-z0-9]+", ascii_text)
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > max_length:
            break
        slug = candidate
    return slug or "x"
