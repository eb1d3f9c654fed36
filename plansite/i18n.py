"""The translation catalogue and Danish/English formatting of dates and numbers.

Every string citizens or editors see comes from locales/<language>.yaml.
"""

from __future__ import annotations

import datetime as dt
from functools import cache, lru_cache
from importlib import resources
from typing import Any

import yaml
from babel.dates import format_date as babel_format_date
from babel.numbers import format_decimal

from plansite import statuses as status_words
from plansite.dates import PartialDate
from plansite.errors import Problem
from plansite.model import Status


class _Params(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


@cache
def _load(language: str) -> dict[str, str]:
    text = resources.files("plansite").joinpath(f"locales/{language}.yaml").read_text("utf-8")
    # libyaml's loader where PyYAML has it: the pure-Python one took 0.15 s for this file,
    # in every command (a no-change build prints one line from it).
    data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506 - safe
    return {str(key): str(value) for key, value in data.items()}


@lru_cache(maxsize=4096)
def _format_date(value: dt.date | PartialDate, language: str, qualifier: str) -> str:
    """Babel's CLDR formatting, remembered: a big site formats the same dates many times."""
    if isinstance(value, dt.date):
        return babel_format_date(value, format="long", locale=language)
    if value.day:
        return babel_format_date(dt.date(value.year, value.month, value.day), format="long",
                                 locale=language)
    if value.month:
        return babel_format_date(dt.date(value.year, value.month, 1), format="LLLL y",
                                 locale=language)
    if qualifier:
        return f"{qualifier} {value.year}"
    return str(value.year)


@lru_cache(maxsize=4096)
def _format_number(value: float, language: str, decimals: int | None = None) -> str:
    pattern = "#,##0.##" if decimals is None else "#,##0" + ("." + "0" * decimals if decimals
                                                            else "")
    return format_decimal(value, format=pattern, locale=language, decimal_quantization=True)


class Catalogue:
    """UI strings, messages and formatting for one language."""

    def __init__(self, language: str, statuses: tuple[Status, ...] = ()) -> None:
        self.language = language
        self.strings = _load(language)
        self.statuses = {status.key: status for status in statuses}
        self.vocabulary = statuses

    def t(self, key: str, /, **params: Any) -> str:
        """The text for `key`, formatted with `params`; the key itself if missing."""
        text = self.strings.get(key)
        if text is None:
            return key
        return text.format_map(_Params(params)) if params else text

    def status(self, key: str | None) -> str:
        """The label of a status key in this language."""
        if key is None:
            return self.t("status.none")
        status = self.statuses.get(key)
        return status.labels.get(self.language, key) if status else key

    def allowed_statuses(self) -> str:
        """The status words editors write, in this language: "opfyldt, delvist opfyldt, …"."""
        return ", ".join(status_words.words(self.vocabulary, self.language))

    def date(self, value: dt.date | PartialDate | None) -> str:
        """"24. november 2026", "maj 2010", "medio 2016" (or the English forms)."""
        if value is None:
            return ""
        return _format_date(value, self.language, self.t("qualifier." + value.qualifier)
                            if isinstance(value, PartialDate) and value.qualifier else "")

    def number(self, value: float | None, decimals: int | None = None) -> str:
        """"1.956,8" in Danish, "1,956.8" in English; `decimals` fixes how many are shown."""
        if value is None:
            return ""
        return _format_number(value, self.language, decimals)

    def problem(self, problem: Problem) -> tuple[str, str]:
        """(message, hint) of a problem, in this language."""
        params = dict(problem.params)
        params.setdefault("allowed_statuses", self.allowed_statuses())
        message = self.t(f"error.{problem.code}", **params)
        hint = self.t(f"hint.{problem.code}", **params)
        if hint == f"hint.{problem.code}":
            hint = ""
        if params.get("suggestion") and "{suggestion}" not in self.strings.get(
                f"error.{problem.code}", "") + self.strings.get(f"hint.{problem.code}", ""):
            hint = (hint + " " + self.t("did-you-mean", suggestion=params["suggestion"])).strip()
        return message, hint
