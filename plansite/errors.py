"""Errors are values with context: a problem names file, line and what to do.

A problem carries a message code and its parameters, not text: the CLI (or the
serve overlay) turns it into words in the site's language with the catalogue,
so every message exists in Danish and English.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from plansite.i18n import Catalogue


@dataclass(frozen=True)
class Problem:
    """One problem found in the sources."""

    path: Path
    """The source file the problem is in."""
    line: int
    """1-based line number, 0 when the problem concerns the whole file."""
    code: str
    """Catalogue key of the message, e.g. "unknown-status"; the hint is "<code>.hint"."""
    params: Mapping[str, Any] = field(default_factory=dict)
    """Values the message and hint are formatted with."""
    column: int = 1
    """1-based column."""
    severity: str = "error"
    """"error" stops the build; "warning" is reported and the build goes on."""

    def sort_key(self) -> tuple[str, int, int, str]:
        return (str(self.path), self.line, self.column, self.code)


class ContentError(Exception):
    """Raised for one problem deep in a parser; the caller collects it."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.code)
        self.problem = problem


class BuildFailed(Exception):
    """The sources have errors; nothing was published."""

    def __init__(self, problems: list[Problem], catalogue: Catalogue) -> None:
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = sorted(problems, key=Problem.sort_key)
        self.catalogue = catalogue
        """The site's catalogue, to word the problems in its language."""


@dataclass
class Report:
    """Collects every problem of a build so that all are reported together."""

    problems: list[Problem] = field(default_factory=list)

    def error(self, path: Path, line: int, code: str, column: int = 1, **params: Any) -> None:
        self.problems.append(Problem(path, line, code, params, column))

    def warning(self, path: Path, line: int, code: str, column: int = 1, **params: Any) -> None:
        self.problems.append(Problem(path, line, code, params, column, severity="warning"))

    def extend(self, problems: list[Problem]) -> None:
        self.problems.extend(problems)

    @property
    def errors(self) -> list[Problem]:
        return sorted((p for p in self.problems if p.severity == "error"), key=Problem.sort_key)

    @property
    def warnings(self) -> list[Problem]:
        return sorted((p for p in self.problems if p.severity == "warning"), key=Problem.sort_key)

    def raise_if_errors(self, catalogue: Catalogue) -> None:
        """Raise BuildFailed with every error, to be worded with `catalogue`."""
        if self.errors:
            raise BuildFailed(self.errors, catalogue)
