"""What a build reports, kept with the cache so that a build that changes nothing can
report it again (`unchanged`) without importing the build machinery."""

from __future__ import annotations

from dataclasses import dataclass

from plansite.errors import Problem
from plansite.i18n import Catalogue
from plansite.model import Status


@dataclass(frozen=True)
class BuildResult:
    """What the command line reports after a successful build."""

    goals: int
    warnings: tuple[Problem, ...]
    rendered: int
    """Pages rendered; 0 when nothing had changed."""
    language: str
    statuses: tuple[Status, ...] = ()
    cache_discarded: bool = False
    """The build cache was damaged or from another version: everything was built anew."""
    report: str = ""
    """The warnings as the command line prints them (`diagnostics.report`), worded once
    when the build ends: a build that changes nothing prints them again from its stamp."""

    @property
    def catalogue(self) -> Catalogue:
        """The site's catalogue, to word the warnings and the summary."""
        return Catalogue(self.language, self.statuses)
