"""A new unit in units.yaml, added by appending to the file as it is.

The file is never loaded and dumped again: an editor's comments, order and quoting
stay exactly as they were; the new entry goes at the end, in the file's own style
(`name:`, `level:`, `municipality:`). The result is checked by the same parser the
build uses before it is written.
"""

from __future__ import annotations

import re
from pathlib import Path

from plansite.config import parse_units
from plansite.errors import Report
from plansite.writer import scalar

_ONLY_EMPTY_MAPPING = re.compile(r"^\s*\{\s*\}\s*(?:#.*)?$")


def with_unit(text: str, key: str, name: str, level: str, municipality: str = "") -> str:
    """units.yaml's text with the unit added at the end."""
    entry = f"{key}:\n  name: {scalar(name)}\n  level: {level}\n"
    if municipality:
        entry += f"  municipality: {scalar(municipality)}\n"
    lines = text.split("\n")
    meaningful = [index for index, line in enumerate(lines)
                  if line.strip() and not line.lstrip().startswith("#")]
    if len(meaningful) == 1 and _ONLY_EMPTY_MAPPING.match(lines[meaningful[0]]):
        lines[meaningful[0]] = entry.rstrip("\n")
        return "\n".join(lines).rstrip("\n") + "\n"
    if not meaningful:
        return (text.rstrip("\n") + "\n\n" if text.strip() else "") + entry
    return text.rstrip("\n") + "\n\n" + entry


def problems(path: Path, text: str, key: str) -> list[str]:
    """What is wrong with units.yaml's new text (nothing, when the unit reads back)."""
    report = Report()
    units = parse_units(path, text, report, "/")
    found = [f"{problem.code} (linje {problem.line})" for problem in report.errors]
    if key not in units and not found:
        found.append(f"{key} mangler")
    return found
