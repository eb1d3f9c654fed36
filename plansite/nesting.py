"""A bound on how deeply a plan's raw HTML nests, checked before anything is sanitised.

The sanitiser's time grows faster than the input when elements nest deeply: a
1.9 MB plan of nested `<div>`s took 423 s, and `serve` would freeze as long on
every save. No real plan nests HTML more than a handful of levels, so past
`MAX_DEPTH` the plan is an error at the line where it got too deep, found in
one linear pass. (Markdown's own containers, lists and quotes, are bounded by
the Markdown parser's nesting limit.)
"""

from __future__ import annotations

import re

MAX_DEPTH = 50

_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)(?:\s[^<>]*)?(/?)>")

VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                  "source", "track", "wbr"})
"""Elements that never have content, so never nest."""


def too_deep(text: str, limit: int = MAX_DEPTH) -> int | None:
    """The 1-based line where open HTML elements first nest deeper than `limit`, or None.

    Counts every opening tag against its closing one, unclosed ones too (a
    browser nests them as well); `<br>`, `<img>` and `<x/>` do not nest.
    """
    depth = 0
    for match in _TAG.finditer(text):
        closing, name, self_closing = match.groups()
        if self_closing or name.lower() in VOID:
            continue
        if closing:
            depth = max(0, depth - 1)
            continue
        depth += 1
        if depth > limit:
            return text.count("\n", 0, match.start()) + 1
    return None
