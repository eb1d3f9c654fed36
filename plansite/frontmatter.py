"""A plan source's front matter: one typed, documented spec per key, checked all at once.

Like MkDocs' `config/defaults.py`, each key is declared once as data: its name,
what it holds, whether it is required, and the function that turns the YAML
value into a typed one. Unlike MkDocs' validator, which stops at the first
failure, every problem is reported, each on its key's line; an unknown key gets
the nearest known one as a hint.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from plansite import yamlsrc
from plansite.dates import Period, parse_period
from plansite.errors import Report
from plansite.model import PLAN_KINDS
from plansite.validation import check_keys

T = TypeVar("T")

LINE_OFFSET = 1
"""The front matter starts after the opening `---`: YAML line 1 is file line 2."""

_URL = re.compile(r"^https?://[^\s\x00-\x1f]+$", re.I)


class Invalid(Exception):
    """A value a field cannot take: the catalogue code and its parameters."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


@dataclass(frozen=True)
class Field(Generic[T]):
    """One front matter key."""

    name: str
    """The key as editors write it."""
    doc: str
    """What the key holds (docs/reference.md says the same for editors)."""
    parse: Callable[[Any], T]
    """The typed value from the YAML value (None when the key is absent); raises `Invalid`."""
    required: bool = False
    """A required key must be present and not blank; else "missing-key"."""


@dataclass(frozen=True, slots=True)
class FrontMatter:
    """A plan's front matter, validated."""

    unit: str
    period: Period
    title: str
    kind: str = "plan"
    published: dt.date | None = None
    source: str = ""
    line: int = 1
    """File line of the `unit` key, where problems about the plan as a whole point."""


def _unit(value: Any) -> str:
    return str(value)


def _period(value: Any) -> Period:
    period = parse_period(value)
    if period is None:
        raise Invalid("bad-period", value=value)
    return period


def _title(value: Any) -> str:
    return str(value).strip()


def _kind(value: Any) -> str:
    kind = str(value or "plan")
    if kind not in PLAN_KINDS:
        raise Invalid("unknown-kind", value=kind, allowed=", ".join(PLAN_KINDS))
    return kind


def _published(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):  # YAML reads 2016-01-15 as a date
        return value
    raise Invalid("bad-published", value=value)


def _source(value: Any) -> str:
    source = str(value or "").strip()
    if source and not _URL.match(source):
        raise Invalid("bad-source-url", value=source)
    return source


FIELDS: tuple[Field[Any], ...] = (
    Field("unit", "Key of the unit that owns the plan, as in units.yaml.", _unit, True),
    Field("period", "The year (2016) or span of years (2016-2017) the plan covers.", _period,
          True),
    Field("title", "The plan's title, as on its page.", _title, True),
    Field("kind", f"What the source is: {' or '.join(PLAN_KINDS)} (default plan).", _kind),
    Field("published", "The date the plan was published (YYYY-MM-DD).", _published),
    Field("source", "Address (http/https) of the original document, if it is online.",
          _source),
)
"""In the order of `FrontMatter`'s fields."""

KEYS = tuple(spec.name for spec in FIELDS)


def parse(path: Path, text: str, report: Report) -> FrontMatter | None:
    """Validate the front matter's YAML text; None (every problem reported) when unusable."""
    try:
        data = yamlsrc.load(text)
    except yamlsrc.YamlProblem as problem:
        report.error(path, problem.line + LINE_OFFSET, problem.code, column=problem.column,
                     detail=problem.detail)
        return None
    if not isinstance(data, yamlsrc.LineDict):
        report.error(path, 1 + LINE_OFFSET, "front-matter-not-mapping")
        return None
    before = len(report.problems)
    check_keys(data, KEYS, path, report, line_offset=LINE_OFFSET)
    values: dict[str, Any] = {spec.name: _read(spec, data, path, report) for spec in FIELDS}
    if len(report.problems) > before:
        return None
    return FrontMatter(**values, line=data.line_of("unit") + LINE_OFFSET)


def _read(spec: Field[T], data: yamlsrc.LineDict, path: Path, report: Report) -> T | None:
    """The field's typed value, or None after reporting why there is none."""
    value = data.get(spec.name)
    if spec.required and not str(value or "").strip():
        report.error(path, 1 + LINE_OFFSET, "missing-key", key=spec.name)
        return None
    try:
        return spec.parse(value)
    except Invalid as invalid:
        report.error(path, data.line_of(spec.name) + LINE_OFFSET, invalid.code,
                     **invalid.params)
        return None
