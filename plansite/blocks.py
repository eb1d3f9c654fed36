"""Structured blocks inside goals: fenced code blocks whose info string names a kind.

```indikator holds a key figure in YAML. New kinds (accounts tables from CSV)
join BLOCK_KINDS with their own parse function.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from plansite import yamlsrc
from plansite.errors import Report
from plansite.model import Indicator
from plansite.validation import check_keys

INDICATOR_KEYS = ("navn", "enhed", "basis", "basisår", "mål", "værdier", "kilde")
INDICATOR_ALIASES = {"name": "navn", "unit": "enhed", "baseline": "basis",
                     "baseline_year": "basisår", "basisaar": "basisår", "target": "mål",
                     "values": "værdier", "vaerdier": "værdier", "source": "kilde"}

_NUMBER = re.compile(r"^-?\d{1,3}(?:\.\d{3})*(?:,\d+)?\Z|^-?\d+(?:[.,]\d+)?\Z")


_YEAR = re.compile(r"(1[89]|2[0-9])[0-9]{2}")
"""A year an indicator can have a value for: 1800-2999 (not 0, not twenty digits)."""
_THOUSANDS = re.compile(r"^-?\d{1,3}(?:\.\d{3})+\Z")
"""1.000 or 12.500.000: dots between groups of three digits are Danish thousands."""


def parse_number(value: Any) -> float | None:
    """A number as written in Danish ("1.956,8", "4,45", "1.000") or plain (4.45).

    None if it is not one. Dots between groups of three digits are thousands,
    also where YAML already read the value as a float (`yamlsrc.WrittenFloat`).
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, yamlsrc.WrittenFloat):
        if not _THOUSANDS.match(value.written.strip()):
            return float(value) if math.isfinite(value) else None
        value = value.written
    elif isinstance(value, int | float):
        return float(value)
    text = str(value).strip().replace(" ", "").replace("\u00a0", "").replace("\u2212", "-")
    text = text.rstrip("%").strip()
    if not _NUMBER.match(text):
        return None
    if "," in text or _THOUSANDS.match(text):
        text = text.replace(".", "").replace(",", ".")
    return float(text)


def parse_indicator(content: str, line: int, path: Path, report: Report) -> Indicator | None:
    """Parse an ```indikator block; `line` is the fence's line in the source."""
    try:
        raw = yamlsrc.load(content)
    except yamlsrc.YamlProblem as problem:
        report.error(path, line + problem.line, problem.code, detail=problem.detail)
        return None
    if not isinstance(raw, yamlsrc.LineDict):
        report.error(path, line, "block-not-mapping", kind="indikator")
        return None
    data = yamlsrc.LineDict()
    for key, value in raw.items():
        name = INDICATOR_ALIASES.get(str(key), str(key))
        data[name] = value
        data.lines[name] = raw.line_of(key)
    check_keys(data, INDICATOR_KEYS, path, report, line_offset=line)
    if not str(data.get("navn") or "").strip():
        report.error(path, line, "missing-key", key="navn")
        return None
    values: list[tuple[int, float]] = []
    raw_values = data.get("værdier") or {}
    if not isinstance(raw_values, dict):
        report.error(path, line + data.line_of("værdier"), "indicator-values")
        raw_values = {}
    for year, value in raw_values.items():
        number = parse_number(value)
        if not _YEAR.fullmatch(str(year)) or number is None:
            where = raw_values.line_of(year) if isinstance(raw_values, yamlsrc.LineDict) \
                else data.line_of("værdier")
            report.error(path, line + where, "indicator-value", year=year, value=value)
            continue
        values.append((int(year), number))
    baseline = None
    if data.get("basis") is not None:
        baseline = parse_number(data["basis"])
        if baseline is None:
            report.error(path, line + data.line_of("basis"), "indicator-value", year="basis",
                         value=data["basis"])
    baseline_year = str(data.get("basisår") or "")
    return Indicator(
        name=str(data["navn"]).strip(), unit=str(data.get("enhed") or ""), baseline=baseline,
        baseline_year=int(baseline_year) if _YEAR.fullmatch(baseline_year) else None,
        target=str(data.get("mål") or ""), values=tuple(sorted(values)),
        source=str(data.get("kilde") or ""), line=line,
    )


BLOCK_KINDS: dict[str, Callable[[str, int, Path, Report], Indicator | None]] = {
    "indikator": parse_indicator,
    "indicator": parse_indicator,
}


def parse_block(kind: str, content: str, line: int, path: Path,
                report: Report) -> Indicator | None:
    return BLOCK_KINDS[kind](content, line, path, report)
