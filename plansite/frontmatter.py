"""A plan source's head (front matter): one typed, documented spec per key, checked all at once.

Like MkDocs' `config/defaults.py`, each key is declared once as data: its name,
what it holds, whether it is required, and the function that turns the YAML
value into a typed one. Unlike MkDocs' validator, which stops at the first
failure, every problem is reported, each on its key's line; an unknown key gets
the nearest known one as a hint. Editors write the keys in the site's language
(`enhed:` or `unit:`, see `keys`); both are read.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, Generic, TypeVar

from plansite import keys, yamlsrc
from plansite.dates import PartialDate, Period, parse_date, parse_period
from plansite.errors import Report
from plansite.model import PLAN_KINDS
from plansite.validation import suggest

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
    """The canonical key (`keys.FRONT_MATTER` has how editors write it per language)."""
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
    published: PartialDate | None = None
    source: str = ""
    accounts: tuple[tuple[str, str], ...] = ()
    """(file, title) of each accounts table the head names (`regnskab:`)."""
    line: int = 1
    """File line of the unit key, where problems about the plan as a whole point."""
    accounts_line: int = 0
    """File line of `regnskab:`."""


def _unit(value: Any) -> str:
    return str(value)


def _period(value: Any) -> Period:
    period = parse_period(value)
    if period is None:
        raise Invalid("bad-period", value=value)
    return period


def _title(value: Any) -> str:
    return str(value).strip()


KIND_WORDS = {"virksomhedsplan": "plan", "årsberetning": "report", "aarsberetning": "report",
              "beretning": "report"}
"""Danish words for the kinds, beside the keys themselves ("plan", "report")."""


def _kind(value: Any) -> str:
    word = str(value or "plan").strip().lower()
    kind = KIND_WORDS.get(word, word)
    if kind not in PLAN_KINDS:
        raise Invalid("unknown-kind", value=value,
                      allowed=", ".join((*PLAN_KINDS, *KIND_WORDS)))
    return kind


def _published(value: Any) -> PartialDate | None:
    if value is None or not str(value).strip():
        return None
    date = parse_date(value)  # the grammar of every date field; YAML reads 2016-01-15 as a date
    if date is None:
        raise Invalid("bad-date", value=value)
    return date


def _accounts(value: Any) -> tuple[tuple[str, str], ...]:
    """(file, title) of each accounts table the head names (`regnskab:`, see `accounts`)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return ()
    items = value if isinstance(value, list) else [value]
    entries = []
    for item in items:
        if isinstance(item, dict):
            fields: dict[str, str] = {}
            for word, text in item.items():
                key = keys.accounts_key(str(word))
                if key is None:
                    raise Invalid("accounts-key", key=word,
                                  allowed=", ".join(keys.names(keys.ACCOUNTS, "da")))
                fields[key] = str(text or "").strip()
            file, title = fields.get("file", ""), fields.get("title", "")
        else:
            file, title = str(item or "").strip(), ""
        if not file:
            raise Invalid("accounts-no-file")
        if PurePosixPath(file).suffix.lower() != ".csv":
            raise Invalid("accounts-not-csv", value=file)
        entries.append((file, title))
    return tuple(entries)


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
    Field("published", "The date the plan was published: 2016-01-15, 15. januar 2016, "
          "januar 2016 or 2016.", _published),
    Field("source", "Address (http/https) of the original document, if it is online.",
          _source),
    Field("accounts", "Accounts tables: a CSV file beside the source, or a list of "
          "`fil:`/`titel:` entries (see `accounts`).", _accounts),
)
"""In the order of `FrontMatter`'s fields."""

KEYS = tuple(spec.name for spec in FIELDS)


def parse(path: Path, text: str, report: Report, language: str = "da") -> FrontMatter | None:
    """Validate the head's YAML text, reporting every problem.

    None only when the plan cannot be placed (no usable unit or period); a
    plan whose other keys are wrong is still returned, so its goals take part
    in linking and follow-ups that point at them do not fail as well.
    """
    text, characters = yamlsrc.clean(text)
    for problem in characters:
        line = problem.line + LINE_OFFSET
        if problem.code == "yaml-tab":
            report.error(path, line, problem.code, column=problem.column, at=problem.column)
        else:
            report.warning(path, line, problem.code, column=problem.column, at=problem.column)
    try:
        raw = yamlsrc.load(text)
    except yamlsrc.YamlProblem as problem:
        report.error(path, problem.line + LINE_OFFSET, problem.code, column=problem.column,
                     detail=problem.detail)
        return None
    if not isinstance(raw, yamlsrc.LineDict):
        report.error(path, 1 + LINE_OFFSET, "front-matter-not-mapping")
        return None
    data = _canonical(raw, path, report, language)
    values: dict[str, Any] = {spec.name: _read(spec, data, path, report, language)
                              for spec in FIELDS}
    if values["unit"] is None or values["period"] is None:
        return None
    values["title"] = values["title"] or ""
    values["kind"] = values["kind"] or "plan"
    values["source"] = values["source"] or ""
    values["accounts"] = values["accounts"] or ()
    return FrontMatter(**values, line=data.line_of("unit") + LINE_OFFSET,
                       accounts_line=data.line_of("accounts") + LINE_OFFSET)


def _canonical(raw: yamlsrc.LineDict, path: Path, report: Report,
               language: str) -> yamlsrc.LineDict:
    """The head's keys by canonical name; unknown and doubled keys are reported."""
    data = yamlsrc.LineDict()
    written = keys.names(keys.FRONT_MATTER, language)
    raw_canonical = {keys.front_matter_key(str(word)) for word in raw}
    for word, value in raw.items():
        line = raw.line_of(word) + LINE_OFFSET
        key = keys.front_matter_key(str(word))
        if key is None:
            hint = suggest(keys.fold(str(word)), written)
            report.error(path, line, "unknown-key", key=word, suggestion=hint,
                         allowed=", ".join(written))
            meant = keys.front_matter_key(hint) if hint else None
            if meant is not None and meant not in raw_canonical:
                data.lines.setdefault(meant, raw.line_of(word))  # not "missing" as well
        elif key in data:
            report.error(path, line, "duplicate-key", key=keys.name(keys.FRONT_MATTER, key,
                                                                   language),
                         other=data.line_of(key) + LINE_OFFSET)
        else:
            data[key] = value
            data.lines[key] = raw.line_of(word)
    return data


def _read(spec: Field[T], data: yamlsrc.LineDict, path: Path, report: Report,
          language: str) -> T | None:
    """The field's typed value, or None after reporting why there is none."""
    value = data.get(spec.name)
    if spec.name in data.lines and spec.name not in data:
        return None  # misspelt: reported as an unknown key with this one as the hint
    if spec.required and not str(value or "").strip():
        line = data.line_of(spec.name, 1) + LINE_OFFSET
        report.error(path, line, "missing-key",
                     key=keys.name(keys.FRONT_MATTER, spec.name, language))
        return None
    try:
        return spec.parse(value)
    except Invalid as invalid:
        report.error(path, data.line_of(spec.name) + LINE_OFFSET, invalid.code,
                     **invalid.params)
        return None
