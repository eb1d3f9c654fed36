"""The content model: plain data, no I/O and no behaviour beyond derived names.

Sources parse into these (see `content`); `links` connects them into a `Site`.
HTML fields hold sanitised Markdown output, ready for templates; each sits beside
the Markdown it was rendered from (`*_md`), for plain-text search and for writing
a plan back out as source.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from plansite.dates import PartialDate, Period

LEVELS = ("administration", "department", "unit")
"""Organisational levels (forvaltning, afdeling, enhed); any level may own plans."""

PLAN_KINDS = ("plan", "report")
"""A plan (virksomhedsplan) or an annual report (årsberetning)."""


@dataclass(frozen=True, slots=True)
class Status:
    """One entry of the site's status vocabulary."""

    key: str
    """Stable key used in sources and data: "achieved"."""
    labels: dict[str, str]
    """Label per language: {"da": "Opfyldt", "en": "Achieved"}."""
    words: tuple[str, ...] = ()
    """Further words editors may write for it (site.yaml `words:`/`ord:`), see `statuses`."""


@dataclass(frozen=True, slots=True)
class SiteConfig:
    """site.yaml, validated."""

    title: str
    publisher: str
    language: str = "da"
    base_url: str = "/"
    """Always starts and ends with "/": the path the site is served under."""
    description: str = ""
    statuses: tuple[Status, ...] = ()
    site_url: str = ""
    """The public address ("https://planer.kommune.dk"), without the base path and
    trailing slash; "" when unknown (no sitemap, canonical or og:url then)."""
    accessibility_statement: str = ""
    """URL of the accessibility statement (tilgængelighedserklæring); "" means /was/."""
    contact_html: str = ""
    """The publisher's contact details for the footer, rendered from Markdown."""
    repository: str = ""
    """The web address of the sources' git repository ("https://github.com/org/planer"):
    the edit history links each change to its commit there; "" for no links."""


@dataclass(frozen=True, slots=True)
class Unit:
    """An organisational unit (administration, department or unit) that may own plans."""

    key: str
    name: str
    level: str
    parent: str | None = None
    municipality: str = ""
    description_html: str = ""
    path: Path = Path("units.yaml")
    line: int = 0


@dataclass(frozen=True)
class Indicator:
    """A key figure tracked for a goal (nøgletal)."""

    name: str
    unit: str = ""
    """Unit of measure: "%", "antal", "mio. kr."."""
    baseline: float | None = None
    baseline_year: int | None = None
    target: str = ""
    """The target as written ("højst 4,26")."""
    values: tuple[tuple[int, float], ...] = ()
    """(year, value) pairs in year order."""
    source: str = ""
    line: int = 0


@dataclass(frozen=True)
class FollowUp:
    """One follow-up entry: what became of a goal, as published in a later source."""

    target: str
    """Global id of the goal followed up ("unit/period/goal"), resolved by `content`."""
    status: str
    """A status key of the site's vocabulary."""
    text_html: str
    date: PartialDate | None
    date_text: str
    """The date as the source wrote it."""
    continued_as: str | None
    """Global id of the goal that carries the commitment on, if any."""
    published_in: str
    """Plan key ("unit/period") of the source the entry is published in."""
    anchor: str
    """Fragment id of the entry on that plan's page (set when linking)."""
    title: str = ""
    """The heading the editor gave the entry (usually the goal's title)."""
    line: int = 0
    """Line of the entry's heading."""
    target_line: int = 0
    """Line of its `mål:` key, where errors about the reference point."""
    path: Path = Path()
    sequence: int = 0
    """Position in the publishing source, for a stable order."""
    raw_target: str = ""
    """The `mål:` reference as the editor wrote it (set when resolving)."""
    raw_continued_as: str = ""
    text_md: str = ""
    """The Markdown `text_html` was rendered from."""


@dataclass(frozen=True)
class Goal:
    """One commitment (mål), with a stable id."""

    id: str
    title: str
    text_html: str
    evidence_html: str = ""
    """Dokumentation: what will show the goal is met."""
    result_html: str = ""
    """Resultat: the outcome reported (annual reports)."""
    indicators: tuple[Indicator, ...] = ()
    plan: str = ""
    """Plan key "unit/period"."""
    focus_area: str = ""
    """Id of the focus area the goal is under."""
    line: int = 0
    text_md: str = ""
    """The Markdown `text_html` was rendered from."""
    evidence_md: str = ""
    """The Markdown of `evidence_html`, without its "Dokumentation:" label."""
    result_md: str = ""
    """The Markdown of `result_html`, without its "Resultat:" label."""

    @cached_property
    def key(self) -> str:
        """Global id: "unit/period/goal"."""
        return f"{self.plan}/{self.id}"


@dataclass(frozen=True)
class FocusArea:
    """A theme of a plan (indsatsområde) that groups goals."""

    id: str
    title: str
    intro_html: str
    goals: tuple[Goal, ...]
    line: int = 0
    intro_md: str = ""
    """The Markdown `intro_html` was rendered from."""
    plan: str = ""
    """Plan key "unit/period"."""
    priority: str = ""
    """Key of the shared theme (tema) the area carries: its own `tema:`, or inherited
    from the parent unit's focus area it carries on (set by `links`)."""
    carries: str = ""
    """Key of the parent unit's focus area this one carries on (`viderefører:`)."""
    priority_line: int = 0
    carries_line: int = 0
    """File lines of the `tema:` and `viderefører:` keys, for messages."""

    @property
    def key(self) -> str:
        """Global id: "unit/period/area"."""
        return f"{self.plan}/{self.id}"


@dataclass(frozen=True)
class Priority:
    """A shared theme (tema, tværgående indsatsområde, overordnet mål) set for many units.

    Called priority in the code so that "theme" keeps meaning the visual theme.
    """

    key: str
    name: str
    description_html: str = ""
    set_by: str = ""
    """Who set it, e.g. "Direktørforum"."""
    periods: tuple[Period, ...] = ()
    """The periods it applies to; empty for all."""
    parent: str | None = None
    """Key of the theme it is a sub-theme of."""
    path: Path = Path("priorities.yaml")
    line: int = 0

    def applies_to(self, period: Period) -> bool:
        return not self.periods or any(p.start <= period.end and period.start <= p.end
                                       for p in self.periods)


@dataclass(frozen=True)
class FollowUpPart:
    """A section of a source that follows up earlier goals (opfølgning)."""

    title: str
    intro_html: str
    entries: tuple[FollowUp, ...]
    line: int = 0
    intro_md: str = ""
    """The Markdown `intro_html` was rendered from."""


@dataclass(frozen=True, slots=True)
class AccountsRow:
    """One row of an accounts table: a line of amounts, a group heading or a total."""

    label: str
    values: tuple[float | None, ...]
    """One per amount column, in 1.000 kr. or mio. kr. as the file says; None: empty cell.
    Negative amounts are income."""
    kind: str = "row"
    """"row", "group" (a heading over the rows below it: no amounts) or "total"."""
    line: int = 0
    """Line of the row in the CSV file."""


@dataclass(frozen=True, slots=True)
class Accounts:
    """A budget table (regnskab) from a CSV file beside the plan's source.

    The head names the file (`regnskab:`); `accounts.load` reads it on every
    build, so the amounts are always those of the file as it is now."""

    file: str
    """The file as the head names it, relative to the source's folder."""
    title: str
    """The table's caption."""
    line: int
    """Line of `regnskab:` in the source."""
    target: str = ""
    """Path under content/plans/: the download is files/<target>."""
    heading: str = ""
    """The header row's first cell, which says the amounts' unit: "Beløb i 1.000 kr."."""
    columns: tuple[str, ...] = ()
    """The amount columns: "Oprindeligt budget", "Regnskab", "Korrigeret budget" …"""
    decimals: tuple[int, ...] = ()
    """Decimals per amount column, as the file writes them (0 for 1.914.428, 1 for 1.914,6)."""
    rows: tuple[AccountsRow, ...] = ()

    @property
    def groups(self) -> tuple[tuple[AccountsRow | None, tuple[AccountsRow, ...]], ...]:
        """The rows under each group heading (None: the rows before the first heading)."""
        groups: list[tuple[AccountsRow | None, list[AccountsRow]]] = []
        for row in self.rows:
            if row.kind == "group":
                groups.append((row, []))
            elif groups:
                groups[-1][1].append(row)
            else:
                groups.append((None, [row]))
        return tuple((heading, tuple(rows)) for heading, rows in groups)


@dataclass(frozen=True, slots=True)
class FileRef:
    """A plan text's reference to a file beside the plan: `![Kort](kort.png)`, a PDF link."""

    target: str
    """The file's path under content/plans/ ("social-familie/kort.png"); its URL is
    files/<target>."""
    line: int
    """Line of the block the reference is in."""
    written: str = ""
    """The reference as the editor wrote it ("kort.png"), for messages."""


@dataclass(frozen=True)
class Plan:  # not slotted: pickles fast for the build cache, and caches `goals`
    """One unit's plan (or annual report) for one period."""

    unit: str
    period: Period
    title: str
    kind: str
    intro_html: str
    focus_areas: tuple[FocusArea, ...]
    follow_up_parts: tuple[FollowUpPart, ...] = ()
    published: PartialDate | None = None
    source_url: str = ""
    path: Path = Path()
    line: int = 1
    """Line of the front matter's unit key, for errors about the plan as a whole."""
    follow_ups_in_goals: tuple[FollowUp, ...] = ()
    """Statuses reported on the plan's own goals (annual reports)."""
    intro_md: str = ""
    """The Markdown `intro_html` was rendered from."""
    counted: tuple[int, int] = (0, 0)
    """(`id:` lines, `mål:` lines) counted in the source text, apart from the parser:
    the nothing-lost check compares them with the focus areas, goals and follow-ups."""
    files: tuple[FileRef, ...] = ()
    """Files beside the source that its text links to or shows (images, PDFs), in line
    order; checked to exist on every build, see `attachments.check`."""
    accounts: tuple[Accounts, ...] = ()
    """Budget tables from CSV files beside the source (`regnskab:` in the head)."""

    @property
    def key(self) -> str:
        return f"{self.unit}/{self.period.key}"

    @cached_property
    def goals(self) -> tuple[Goal, ...]:
        return tuple(goal for area in self.focus_areas for goal in area.goals)

    @cached_property
    def follow_ups(self) -> tuple[FollowUp, ...]:
        """Every follow-up entry this source publishes, in source order."""
        parts = tuple(entry for part in self.follow_up_parts for entry in part.entries)
        return self.follow_ups_in_goals + parts


@dataclass(frozen=True, slots=True)
class Track:
    """A theme followed through a unit's plans: focus areas with the same id.

    Editors keep a focus area's id when a new plan carries the theme on, so the
    id names the theme across periods. Every focus area is on exactly one track;
    a theme used once is a track of one.
    """

    unit: str
    id: str
    """The focus area's id, shared by every plan of the track."""
    areas: tuple[str, ...]
    """Keys of the focus areas ("unit/period/area"), oldest period first."""

    @property
    def key(self) -> str:
        """The track's key in `Site.tracks`: "unit/area"."""
        return f"{self.unit}/{self.id}"


@dataclass(frozen=True, slots=True)
class Revision:
    """A commit that changed a plan's source (read from git by `history`)."""

    commit: str
    """The full commit hash."""
    date: dt.date
    """The commit's date (committer date, in the committer's time zone)."""
    subject: str
    """The first line of the commit message."""
    url: str = ""
    """The commit on the repository's web site (site.yaml `repository`), or ""."""


@dataclass(frozen=True, slots=True)
class PlanHistory:
    """A plan source's edit history from git; a site outside git has none."""

    last_changed: Revision
    """The newest commit that changed the source."""
    changes: tuple[Revision, ...] = ()
    """The commits after the plan's publication date, newest first."""
    goal_changes: dict[str, tuple[Revision, ...]] = field(default_factory=dict)
    """Goal id → the commits after publication that changed the goal's words (title, text,
    evidence, result or an indicator's target), oldest first."""
    goals_added: frozenset[str] = frozenset()
    """Ids of goals that were not in the plan as published: their first change adds them."""


@dataclass(slots=True)
class Site:
    """Everything a build renders: the config, units and plans, linked."""

    config: SiteConfig
    units: dict[str, Unit]
    plans: dict[str, Plan]
    """By plan key, in unit order then period order."""
    goals: dict[str, Goal] = field(default_factory=dict)
    """By global id."""
    follow_ups: dict[str, tuple[FollowUp, ...]] = field(default_factory=dict)
    """Entries per goal id, oldest first."""
    continues: dict[str, str] = field(default_factory=dict)
    """Goal id → id of the earlier goal it continues."""
    continued_as: dict[str, str] = field(default_factory=dict)
    """Goal id → id of the later goal that continues it."""
    followers: dict[str, set[str]] = field(default_factory=dict)
    """Plan key → keys of the plans that publish follow-ups on its goals."""
    focus_areas: dict[str, FocusArea] = field(default_factory=dict)
    """By global key ("unit/period/area"), in plan order."""
    tracks: dict[str, Track] = field(default_factory=dict)
    """By "unit/area": each unit's focus areas by id across its plans, in plan order."""
    priorities: dict[str, Priority] = field(default_factory=dict)
    """Shared themes by key, in priorities.yaml order (sub-themes after their parent)."""
    history: dict[str, PlanHistory] = field(default_factory=dict)
    """Plan key → its source's edit history from git (empty outside git), see `history`."""
    _by_unit: dict[str, list[Plan]] | None = field(default=None, repr=False)

    def status_of(self, goal_key: str) -> str | None:
        """The goal's current status: that of its latest follow-up entry."""
        entries = self.follow_ups.get(goal_key, ())
        return entries[-1].status if entries else None

    def plans_of(self, unit: str) -> list[Plan]:
        """The unit's plans, oldest first."""
        if self._by_unit is None:
            by_unit: dict[str, list[Plan]] = {}
            for plan in self.plans.values():
                by_unit.setdefault(plan.unit, []).append(plan)
            self._by_unit = by_unit
        return self._by_unit.get(unit, [])

    def track_of(self, area_key: str) -> Track | None:
        """The track a focus area belongs to (None for an unknown key)."""
        area = self.focus_areas.get(area_key)
        plan = self.plans.get(area.plan) if area is not None else None
        if area is None or plan is None:
            return None
        return self.tracks.get(f"{plan.unit}/{area.id}")
