"""The edit history of plan sources, read from git at build time.

When the content folder is in a git repository, each plan gets a `PlanHistory`:
the newest commit that changed its source, the commits after its publication
date, and the goals whose words those commits changed. It is read with one
`git log` over content/plans/ and one `git cat-file --batch` for the versions
to compare, so it depends on the commit and nothing else: the same commit gives
the same history, and a site outside git (or in a shallow clone, whose history
is cut off) simply has none.

"After publication": the version published is the newest commit on or before
the plan's `offentliggjort` date (taken to the end of the day, month or year
the source gives); a plan without that date, or whose every commit is later,
counts as published by its first commit. Every commit after that version is a
change after publication.

The build fingerprints each plan's history with its source (`fingerprint`), and
`gitlog.state` is part of the inputs a build compares before doing nothing, so a new
commit re-renders the pages it shows on, as a clean build would.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from plansite.dates import PartialDate
from plansite.gitlog import FIELD, RECORD, git, raw_log
from plansite.model import Goal, Plan, PlanHistory, Revision, Site, SiteConfig
from plansite.parallel import split_map


@dataclass(frozen=True, slots=True)
class Commit:
    """One commit of the log, with the files it changed under content/plans/."""

    revision: Revision
    files: tuple[str, ...]
    """Paths relative to the repository's top folder."""


@dataclass(frozen=True, slots=True)
class Log:
    """What git says about the content folder: enough to compute every plan's history."""

    top: Path
    """The repository's top folder."""
    commits: tuple[Commit, ...]
    """Newest first."""
    text: str
    """The raw log, as the fingerprint of the history."""


# --- git --------------------------------------------------------------------------------------

def read_log(content_dir: Path) -> Log | None:
    """The log of content/plans/, or None when there is no full git history to read."""
    raw = raw_log(content_dir)
    return None if raw is None else Log(raw[0], tuple(_commits(raw[1])), raw[1])


def _commits(text: str) -> Iterable[Commit]:
    for record in text.split(RECORD)[1:]:
        header, _, names = record.partition("\0")
        sha, date, message = header.split(FIELD, 2)
        subject = message.strip().split("\n", 1)[0].strip()
        files = tuple(name.strip("\n") for name in names.split("\0") if name.strip("\n"))
        yield Commit(Revision(sha, dt.date.fromisoformat(date[:10]), subject), files)


def read_versions(top: Path, wanted: list[tuple[str, str]]
                  ) -> dict[tuple[str, str], tuple[str, bytes]]:
    """(blob id, bytes) of each (commit, path) that exists, from one `git cat-file --batch`."""
    if not wanted:
        return {}
    request = "".join(f"{commit}:{path}\n" for commit, path in wanted).encode()
    raw = git(["cat-file", "--batch"], top, request)
    found: dict[tuple[str, str], tuple[str, bytes]] = {}
    if raw is None:
        return found
    at = 0
    for key in wanted:
        end = raw.index(b"\n", at)
        header = raw[at:end].split()
        at = end + 1
        if len(header) == 3 and header[1] == b"blob":
            size = int(header[2])
            found[key] = (header[0].decode(), raw[at:at + size])
            at += size + 1
    return found


# --- from the log to each plan's history -----------------------------------------------------

def published_until(date: PartialDate) -> dt.date:
    """The last day a partial date can mean: "januar 2016" → 31 January 2016."""
    if date.month and date.day:
        return dt.date(date.year, date.month, date.day)
    if date.month:
        return dt.date(date.year, date.month, calendar.monthrange(date.year, date.month)[1])
    return dt.date(date.year, 12, 31)


def commit_url(repository: str, commit: str) -> str:
    """Where a commit is shown on the repository's web site ("" without a repository)."""
    if not repository:
        return ""
    return f"{repository}/-/commit/{commit}" if "gitlab" in repository.split("/")[2] \
        else f"{repository}/commit/{commit}"


def _words(goal: Goal) -> tuple[object, ...]:
    """What a goal says: a change to any of it is a change to the commitment. Indicator
    values are not: they are reported over the years."""
    return (goal.title, goal.text_md, goal.evidence_md, goal.result_md,
            tuple((i.name, i.unit, i.baseline, i.baseline_year, i.target)
                  for i in goal.indicators))


Words = dict[str, tuple[object, ...]]
"""Goal id → what the goal says, in one version of a plan's source."""


def goal_words(plan: Plan) -> Words:
    return {goal.id: _words(goal) for goal in plan.goals}


def plan_history(plan: Plan, commits: list[Revision],
                 versions: Callable[[Revision], Words | None], repository: str = "") -> \
        PlanHistory | None:
    """One plan's history from the commits that changed its source (newest first);
    `versions` says what the plan's goals said as of a commit (None: unreadable)."""
    if not commits:
        return None
    commits = [_linked(revision, repository) for revision in commits]
    published = _published(plan, commits)
    after = commits[:published]
    goal_changes: dict[str, list[Revision]] = {}
    added: set[str] = set()
    current = {goal.id for goal in plan.goals}
    before = versions(commits[published]) if after else None
    for revision in reversed(after):  # oldest first
        now = versions(revision)
        if now is None or before is None:
            before = now if now is not None else before
            continue
        for goal_id in current:
            if goal_id in now and now[goal_id] != before.get(goal_id):
                if goal_id not in before and goal_id not in goal_changes:
                    added.add(goal_id)
                goal_changes.setdefault(goal_id, []).append(revision)
        before = now
    return PlanHistory(commits[0], tuple(after),
                       {key: tuple(value) for key, value in goal_changes.items()},
                       frozenset(added))


def _published(plan: Plan, commits: list[Revision]) -> int:
    """The index in `commits` (newest first) of the version that was published."""
    until = published_until(plan.published) if plan.published else commits[-1].date
    return next((i for i, rev in enumerate(commits) if rev.date <= until), len(commits) - 1)


def _needed(plan: Plan, commits: list[Revision]) -> list[Revision]:
    """The versions `plan_history` reads: the one published and every later one."""
    published = _published(plan, commits) if commits else 0
    return commits[:published + 1] if published else []


def _linked(revision: Revision, repository: str) -> Revision:
    url = commit_url(repository, revision.commit)
    return Revision(revision.commit, revision.date, revision.subject, url)


def read(content_dir: Path, site: Site, log: Log | None = None,
         memo: dict[tuple[str, str], Words | None] | None = None) -> dict[str, PlanHistory]:
    """Every plan's history (empty when the content folder has no git history).

    `memo` keeps what earlier versions' goals said, by blob and settings, between builds
    (the build cache): each version is parsed once."""
    log = log if log is not None else read_log(content_dir)
    if log is None or not log.commits:
        return {}
    by_path: dict[str, list[Revision]] = {}
    for commit in log.commits:
        for name in commit.files:
            by_path.setdefault(name, []).append(commit.revision)
    paths = {}
    for key, plan in site.plans.items():
        try:
            paths[key] = plan.path.resolve().relative_to(log.top).as_posix()
        except ValueError:
            continue  # a source outside the repository
    wanted = sorted({(rev.commit, path) for key, path in paths.items()
                     for rev in _needed(site.plans[key], by_path.get(path, []))})
    words = _versions(site, {path: key for key, path in paths.items()},
                      read_versions(log.top, wanted), memo if memo is not None else {})
    def versions(path: str) -> Callable[[Revision], Words | None]:
        return lambda revision: words.get((revision.commit, path))

    history = {}
    for key, path in paths.items():
        found = plan_history(site.plans[key], by_path.get(path, []), versions(path),
                             site.config.repository)
        if found is not None:
            history[key] = found
    return history


def _versions(site: Site, plan_of: dict[str, str],
              blobs: dict[tuple[str, str], tuple[str, bytes]],
              memo: dict[tuple[str, str], Words | None]) -> dict[tuple[str, str], Words | None]:
    """What the goals said in each version; parsed in parallel, unless `memo` knows."""
    config = site.config
    settings = hashlib.blake2b(repr((config.statuses, config.base_url, config.language))
                               .encode(), digest_size=16).hexdigest()
    todo = {}
    for (_commit, path), (blob, data) in blobs.items():
        if (blob, settings) not in memo:
            todo[(blob, settings)] = (site.plans[plan_of[path]].path, data, config)
    keys = list(todo)
    for key, result in zip(keys, split_map(_parse_words, [todo[k] for k in keys]),
                           strict=True):
        memo[key] = result
    used = {(blob, settings) for blob, _data in blobs.values()}
    for stale in set(memo) - used:
        del memo[stale]
    return {where: memo[(blob, settings)] for where, (blob, _data) in blobs.items()}


def _parse_words(item: tuple[Path, bytes, SiteConfig]) -> Words | None:
    """What the goals say in one earlier version of a source (runs in worker processes)."""
    from plansite import content
    from plansite.errors import Report

    path, data, config = item
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    plan = content.parse_plan(path, text, config.statuses, config.base_url, Report(),
                              config.language)
    return goal_words(plan) if plan is not None else None


# --- what the build and other outputs use ----------------------------------------------------

def fingerprint(history: PlanHistory | None) -> str:
    """Text that changes whenever what the pages show of a plan's history changes."""
    return "" if history is None else repr(history)


@dataclass(frozen=True, slots=True)
class PublishedChange:
    """A change to a plan after its publication, for a feed of the whole site."""

    plan: Plan
    revision: Revision


def published_changes(site: Site) -> list[PublishedChange]:
    """Every change to an already-published plan, newest first (ties: by plan order).

    For the site-wide feed: each entry links the plan page (`pages.plan_url(plan)`),
    where the list of changes is, and the commit (`revision.url`, "" without a
    repository). Empty outside git. A feed showing them lists every plan in its
    `OutputFile.sources`, so it is rendered again when any plan's history changes.
    """
    order = {key: index for index, key in enumerate(site.plans)}
    changes = [PublishedChange(site.plans[key], revision)
               for key, history in site.history.items() for revision in history.changes]
    return sorted(changes, key=lambda change: (-change.revision.date.toordinal(),
                                               order[change.plan.key]))
