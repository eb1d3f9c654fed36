"""Periods ("2016-2017") and the loose dates plans use ("maj 2010", "medio 2016").

Pure parsing; formatting for display lives in the i18n module.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MONTHS = {
    # Danish, full and short, then English
    "januar": 1, "februar": 2, "marts": 3, "april": 4, "maj": 5, "juni": 6, "juli": 7,
    "august": 8, "september": 9, "oktober": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "okt": 10, "nov": 11, "dec": 12,
    "january": 1, "february": 2, "march": 3, "may": 5, "june": 6, "july": 7,
    "october": 10,
}  # fmt: skip

QUALIFIERS = {"primo": 1, "medio": 6, "ultimo": 12}
"""Danish 'early/mid/late in the year', kept as written and sorted by this month."""


@dataclass(frozen=True, order=True)
class Period:
    """A plan's period: one year, or a span of years."""

    start: int
    end: int

    @property
    def key(self) -> str:
        """The canonical form used in URLs and ids: "2012" or "2016-2017"."""
        return str(self.start) if self.start == self.end else f"{self.start}-{self.end}"

    def __str__(self) -> str:
        return self.key


_PERIOD = re.compile(r"^\s*(\d{4})\s*(?:[-/–]\s*(\d{2}|\d{4}))?\s*$")


def parse_period(value: object) -> Period | None:
    """Parse 2012, "2016-2017", "2016/2017" or "2016/17"; None when it does not parse."""
    match = _PERIOD.match(str(value))
    if not match:
        return None
    start = int(match.group(1))
    end_text = match.group(2)
    end = start if end_text is None else int(end_text)
    if end_text is not None and len(end_text) == 2:
        end = start - start % 100 + end
    if not 1900 <= start <= end <= start + 10:
        return None
    return Period(start, end)


@dataclass(frozen=True)
class PartialDate:
    """A date known to the year, month or day, as plans write them."""

    year: int
    month: int = 0
    """0 when only the year (or a qualifier) is known."""
    day: int = 0
    qualifier: str = ""
    """"primo", "medio" or "ultimo" when the source said so."""

    @property
    def sort_key(self) -> tuple[int, int, int]:
        return (self.year, self.month or QUALIFIERS.get(self.qualifier, 0), self.day)

    @property
    def iso(self) -> str:
        """ISO 8601 to the precision known: "2010", "2010-05", "2016-01-15"."""
        if self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"


_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_WORDS = re.compile(r"^(?:(\d{1,2})\.?\s+)?([a-zæøå]+)\.?\s+(\d{4})$")


def parse_date(value: object) -> PartialDate | None:
    """Parse "2016-01-15", "2016-01", "2016", "maj 2010", "15. maj 2010", "medio 2016"."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return PartialDate(value.year, value.month, value.day)
    text = " ".join(str(value).strip().lower().split())
    match = _ISO.match(text)
    if match:
        year, month, day = (int(g) if g else 0 for g in match.groups())
        return _checked(year, month, day, "")
    match = _WORDS.match(text)
    if match:
        day_text, word, year_text = match.groups()
        if word in QUALIFIERS and not day_text:
            return _checked(int(year_text), 0, 0, word)
        if word in MONTHS:
            return _checked(int(year_text), MONTHS[word], int(day_text or 0), "")
    return None


def _checked(year: int, month: int, day: int, qualifier: str) -> PartialDate | None:
    if not 1900 <= year <= 2200 or not 0 <= month <= 12:
        return None
    if day:
        try:
            dt.date(year, month, day)
        except ValueError:
            return None
    return PartialDate(year, month, day, qualifier)
