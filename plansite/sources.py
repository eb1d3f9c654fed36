"""Reading the sources: config, units and plans → a linked `Site`, with a parse cache.

Only changed plan sources are parsed again (in parallel); the rest come from
the cache, keyed by their bytes and the settings that shape a parse. Every
problem is collected in the returned report, never raised.
"""

from __future__ import annotations

import functools
import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from plansite import config as site_config
from plansite import content, history, priorities
from plansite.errors import Problem, Report
from plansite.i18n import Catalogue
from plansite.inputfiles import theme_dirs
from plansite.links import FollowUpMemo, link
from plansite.model import Plan, PlanHistory, Priority, Site, SiteConfig, Unit
from plansite.outputs import Inputs, Planned
from plansite.parallel import split_map

ParsedSource = tuple[str, Plan | None, list[Problem], tuple[int, int, int, int, bytes]]
"""(content hash, plan or None, problems, (mtime_ns, size, inode, ctime_ns, settings)) of one
source. Reuse is decided by the content hash; the stat signature only spares re-reading a
file whose size, mtime, inode and ctime all match (ctime cannot be set back by `touch`)."""


@dataclass
class SourceCache:
    """What reading remembers between builds.

    `parsed` is kept on disk between runs of `build` (see `cache`); the rest
    lives as long as the process (the live preview).
    """

    parsed: dict[Path, ParsedSource] = field(default_factory=dict)
    config: tuple[Any, ...] | None = None
    """(site.yaml bytes, units.yaml bytes, base URL) → config, units and their problems."""
    inside: set[Path] = field(default_factory=set)
    """Sources known to be plain files inside the content folder."""
    links: dict[tuple[int, str], tuple[Plan, Plan]] = field(default_factory=dict)
    """Resolved plans, see `links.link`; kept on disk between runs of `build`, like
    `parsed`."""
    follow_ups: FollowUpMemo = field(default_factory=FollowUpMemo)
    """The last link's follow-up tables, see `links.Collected`."""
    history: tuple[Any, dict[str, PlanHistory]] | None = None
    """(git log, plan hashes, settings) → every plan's edit history, see `history`."""
    versions: dict[tuple[str, str], Any] = field(default_factory=dict)
    """What the goals said in earlier versions of the sources, by git blob and settings;
    kept on disk between runs of `build`, like `parsed`."""


@dataclass
class Loaded:
    """The linked site and what was found reading it."""

    site: Site
    catalogue: Catalogue
    report: Report
    theme_dirs: tuple[Path, ...]
    plan_hashes: dict[str, str] = field(default_factory=dict)
    """Plan key → hash of its source bytes."""
    global_hash: str = ""
    """Hash of what every output depends on: config, units, theme files, base URL."""
    content_dir: Path = Path("content")
    planned: list[Planned] = field(default_factory=list)
    """Every file of the site (set by `pipeline.load`)."""

    @property
    def inputs(self) -> Inputs:
        """What output kinds read."""
        return Inputs(self.site, self.catalogue, self.theme_dirs, self.content_dir)


def plan_sources(content_dir: Path) -> list[Path]:
    """Every plan source: *.md (any case) under plans/, hidden and temporary files aside.

    Editors' tools leave `.#2015.md` (Emacs' lock, often a dangling link),
    `~$plan.md`, `2015.md~` and `.2015.md.swp` beside the files they edit.
    """
    plans = content_dir / "plans"
    if not plans.is_dir():
        return []
    # os.scandir over names, not pathlib's rglob: a tenth of the time (20 ms at 1,000
    # plans, in every build and every save in the live preview). Like rglob, it goes into
    # folders, not links to folders, and yields any entry whose suffix is .md; the
    # order is pathlib's, part by part.
    found: list[tuple[str, ...]] = []
    folders: list[tuple[str, tuple[str, ...]]] = [(str(plans), ())]
    while folders:
        folder, parts = folders.pop()
        try:
            with os.scandir(folder) as listing:
                entries = list(listing)
        except PermissionError:
            continue
        for entry in entries:
            name = entry.name
            if _temporary(name):
                continue
            try:
                is_folder = entry.is_dir(follow_symlinks=False)
            except OSError:
                is_folder = False
            if is_folder:
                folders.append((entry.path, (*parts, name)))
            dot = name.rfind(".")
            if 0 < dot < len(name) - 1 and name[dot:].lower() == ".md":
                found.append((*parts, name))
    return [_path(plans, parts) for parts in sorted(found)]


@functools.lru_cache(maxsize=65536)
def _path(folder: Path, parts: tuple[str, ...]) -> Path:
    """`folder` joined with `parts`, made once per process: the live preview lists every
    source on each save, and pathlib took 9 ms for 1,000 of them."""
    return folder.joinpath(*parts)


def _temporary(name: str) -> bool:
    """An editor's lock, backup or swap file (or a hidden folder's name)."""
    return name.startswith((".", "~", "#")) or name.endswith("~")


def digest(*parts: bytes) -> str:
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        h.update(len(part).to_bytes(8, "little"))
        h.update(part)
    return h.hexdigest()


def load(content_dir: Path, base_url: str | None = None, cache: SourceCache | None = None,
         warnings: bool = True) -> Loaded:
    """Read and check every source; problems are collected, never raised.

    `warnings=False` skips the checks that only warn (the live preview shows
    errors only, and answers faster without them).
    """
    cache = cache if cache is not None else SourceCache()
    report = Report()
    config, units, themes, raw = _config(content_dir, base_url, cache, report)
    catalogue = Catalogue(config.language, config.statuses)
    plans, hashes, broken = _parse_plans(content_dir, config, cache, report)
    site = link(config, units, plans, report, cache.links, warnings, broken, themes,
                cache.follow_ups)
    site.history = _history(content_dir, site, hashes, cache)
    for key, found in site.history.items():  # a plan's pages show its history too
        hashes[key] = digest(hashes[key].encode(), history.fingerprint(found).encode())
    theme = tuple(theme_dirs(content_dir / "theme"))
    # Each file by its place in its theme, not where the folder is: the same sources in
    # another folder or checkout give the same fingerprints (and search stamps).
    theme_parts = (part for number, folder in enumerate(theme)
                   for path in sorted(folder.rglob("*")) if path.is_file()
                   for part in (f"{number}:{path.relative_to(folder).as_posix()}".encode(),
                                path.read_bytes()))
    global_hash = digest(*(part or b"" for part in raw), repr(base_url).encode(),
                         *theme_parts)
    return Loaded(site, catalogue, report, theme, hashes, global_hash, content_dir=content_dir)


def _history(content_dir: Path, site: Site, hashes: dict[str, str], cache: SourceCache
             ) -> dict[str, PlanHistory]:
    """Every plan's edit history from git; read again when the log, a source or the
    settings change (earlier versions are parsed to see which goals they changed)."""
    log = history.read_log(content_dir)
    if log is None:
        return {}
    config = site.config
    key = (log.text, sorted(hashes.items()), repr((config.statuses, config.base_url,
                                                   config.language, config.repository)))
    if cache.history is None or cache.history[0] != key:
        cache.history = (key, history.read(content_dir, site, log, cache.versions))
    return cache.history[1]


def catalogue(content_dir: Path, base_url: str | None, cache: SourceCache) -> Catalogue:
    """The catalogue in the site's language, even when the sources are broken."""
    config, _units, _themes, _raw = _config(content_dir, base_url, cache, Report())
    return Catalogue(config.language, config.statuses)


def _config(content_dir: Path, base_url: str | None, cache: SourceCache, report: Report
            ) -> tuple[SiteConfig, dict[str, Unit], dict[str, Priority],
                       tuple[bytes | None, ...]]:
    """site.yaml, units.yaml and priorities.yaml (optional) and their bytes.

    Parsed again only when the bytes change.
    """
    site_path, units_path = content_dir / "site.yaml", content_dir / "units.yaml"
    themes_path = content_dir / priorities.FILE
    site_bytes = _read(content_dir, site_path, cache, report)
    units_bytes = _read(content_dir, units_path, cache, report)
    themes_bytes = _read(content_dir, themes_path, cache, report) \
        if themes_path.is_file() else None
    memo_key = (site_bytes, units_bytes, themes_bytes, base_url)
    if cache.config is None or cache.config[0] != memo_key:
        own = Report()
        site_text = content.decode(site_path, site_bytes, own) if site_bytes else None
        config = site_config.parse_site(site_path, site_text, own, base_url) \
            if site_text is not None else site_config.fallback_site(base_url)
        units_text = content.decode(units_path, units_bytes, own) if units_bytes else None
        units = site_config.parse_units(units_path, units_text or "{}", own, config.base_url)
        themes_text = content.decode(themes_path, themes_bytes, own) if themes_bytes else None
        themes = priorities.parse(themes_path, themes_text, own, config.base_url,
                                  config.language) if themes_text else {}
        cache.config = (memo_key, config, units, themes, own.problems)
    _key, config, units, themes, problems = cache.config
    report.extend(problems)
    return config, units, themes, (site_bytes, units_bytes, themes_bytes)


def _parse_source(item: tuple[Any, ...]) -> tuple[Plan | None, list[Problem]]:
    """Parse one plan source on its own (runs in worker processes)."""
    path, raw, _key, statuses, base_url, language, _signature = item
    own = Report()
    text = content.decode(path, raw, own)
    plan = None if text is None else content.parse_plan(path, text, statuses, base_url, own,
                                                        language)
    return plan, own.problems


def _parse_plans(content_dir: Path, config: SiteConfig, cache: SourceCache,
                 report: Report) -> tuple[list[Plan], dict[str, str], dict[str, Path]]:
    """Parse changed sources (in parallel); reuse the rest from the cache.

    Also returns the sources with errors by plan key (guessed from the file's
    place when its head cannot be read), so references into them are reported
    once, as "fix that file first", and not at every follow-up.
    """
    settings = repr((config.statuses, config.base_url, config.language)).encode()
    parsed = cache.parsed
    sources, todo = [], []
    for path in plan_sources(content_dir):
        if not _inside(content_dir, path, cache, report):
            continue
        try:
            stat = path.stat()
        except OSError:  # deleted while listing, or a link to nothing: not a source now
            continue
        signature = (stat.st_mtime_ns, stat.st_size, stat.st_ino, stat.st_ctime_ns, settings)
        cached = parsed.get(path)
        if cached is not None and cached[3] == signature:
            sources.append(path)  # unchanged since it was parsed: not even read
            continue
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            continue
        key = digest(raw, settings)
        if cached is not None and cached[0] == key:
            parsed[path] = (*cached[:3], signature)
        else:
            todo.append((path, raw, key, config.statuses, config.base_url, config.language,
                         signature))
        sources.append(path)
    results = split_map(_parse_source, todo)
    for item, (plan, problems) in zip(todo, results, strict=True):
        parsed[item[0]] = (item[2], plan, problems, item[-1])
    for gone in set(parsed) - set(sources):
        del parsed[gone]
    plans, hashes, broken = [], {}, {}
    for path in sources:
        key, plan, problems, _signature = parsed[path]
        report.extend(problems)
        if plan is not None:
            plans.append(plan)
            hashes[plan.key] = key
        if any(problem.severity == "error" for problem in problems):
            broken[plan.key if plan is not None else content.guess_key(path)] = path
    return plans, hashes, broken


def _read(content_dir: Path, path: Path, cache: SourceCache, report: Report) -> bytes | None:
    if not path.is_file():
        report.error(path, 0, "missing-file", file=path.name)
        return None
    if not _inside(content_dir, path, cache, report):
        return None
    return path.read_bytes()


def _inside(content_dir: Path, path: Path, cache: SourceCache, report: Report) -> bool:
    """Refuse sources that are symlinks out of the content folder."""
    if path in cache.inside:
        return True
    if path.resolve().is_relative_to(content_dir.resolve()):
        if not path.is_symlink() and not any(p.is_symlink() for p in path.parents):
            cache.inside.add(path)  # a plain file stays inside until it is replaced
        return True
    report.error(path, 0, "outside-content", target=str(path.resolve()))
    return False
