"""The build as a recipe: read sources → parse → link → pages → render → publish.

`Builder` keeps what it parsed and rendered, keyed by content hashes, so a
rebuild re-parses only changed sources and re-renders only the pages whose
inputs changed (each page lists the plans it shows). Reading and writing
happen here and in `output`; every step between is pure.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from plansite import cache, content, data, output, render
from plansite import config as site_config
from plansite.errors import BuildFailed, Problem, Report
from plansite.i18n import Catalogue
from plansite.linkcheck import check_links
from plansite.links import link
from plansite.model import Plan, Site
from plansite.pages import Page, all_pages, plan_url
from plansite.parallel import parts_for, run_split, split_map

OTHER_FILES = ("data/goals.json", "data/goals.csv")
"""Output files that are not pages."""


@dataclass
class Loaded:
    """The linked site, its catalogue, every problem found, and source fingerprints."""

    site: Site
    catalogue: Catalogue
    report: Report
    plan_hashes: dict[str, str] = field(default_factory=dict)
    """Plan key → hash of its source bytes."""
    global_hash: str = ""
    """Hash of everything every page depends on: config, units, theme, base URL."""
    pages: list[Page] = field(default_factory=list)


def plan_sources(content_dir: Path) -> list[Path]:
    plans = content_dir / "plans"
    return sorted(plans.rglob("*.md")) if plans.is_dir() else []


def theme_files(content_dir: Path) -> list[Path]:
    return [path for theme in render.theme_dirs(content_dir / "theme")
            for path in sorted(theme.rglob("*")) if path.is_file()]


def _digest(*parts: bytes) -> str:
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        h.update(len(part).to_bytes(8, "little"))
        h.update(part)
    return h.hexdigest()


def _parse_source(item: tuple[Any, ...]) -> tuple[Plan | None, list[Problem]]:
    """Parse one plan source on its own (runs in worker processes)."""
    path, raw, _key, statuses, base_url, _signature = item
    own = Report()
    text = content.decode(path, raw, own)
    plan = None if text is None else content.parse_plan(path, text, statuses, base_url, own)
    return plan, own.problems


class Builder:
    """Builds a site from a content folder, remembering work between builds.

    What it remembers (parsed sources by content hash, the fingerprint of every
    page in the output) lives in memory for `serve` and, with a cache file, on
    disk between runs of `build`.
    """

    def __init__(self, content_dir: Path, base_url: str | None = None,
                 cache_path: Path | None = None) -> None:
        self.content_dir = content_dir
        self.base_url = base_url
        self.cache_path = cache_path
        self.state = cache.load(cache_path) if cache_path is not None else cache.CacheState()
        self.rendered_last: int = 0
        """How many pages the last build rendered (the rest were unchanged)."""
        self._config_memo: tuple[Any, ...] | None = None
        self._rows: dict[str, tuple[str, list[str], str, int, int]] = {}
        self._inside_memo: set[Path] = set()
        self._others_written: set[str] = set()
        self.data_counts = (0, 0)
        """Goals and follow-up entries in the last open data written."""
        self._link_memo: dict[tuple[int, str], Plan] = {}

    def load(self, warnings: bool = True) -> Loaded:
        """Read and check every source; problems are collected, never raised.

        `warnings=False` skips the checks that only warn (the live preview shows
        errors only, and answers faster without them).
        """
        report = Report()
        site_path = self.content_dir / "site.yaml"
        units_path = self.content_dir / "units.yaml"
        site_bytes = self._read(site_path, report)
        units_bytes = self._read(units_path, report)
        memo_key = (site_bytes, units_bytes, self.base_url)
        if self._config_memo is None or self._config_memo[0] != memo_key:
            own = Report()
            site_text = content.decode(site_path, site_bytes, own) if site_bytes else None
            config = site_config.parse_site(site_path, site_text, own, self.base_url) \
                if site_text is not None else site_config.fallback_site(self.base_url)
            units_text = content.decode(units_path, units_bytes, own) if units_bytes else None
            units = site_config.parse_units(units_path, units_text or "{}", own,
                                            config.base_url)
            self._config_memo = (memo_key, config, units, own.problems)
        _key, config, units, problems = self._config_memo
        report.extend(problems)
        catalogue = Catalogue(config.language, config.statuses)
        plans, hashes = self._parse_plans(config, report)
        site = link(config, units, plans, report, self._link_memo, warnings)
        pages = all_pages(site, catalogue)
        if warnings:
            check_links(site, {page.url for page in pages}, set(OTHER_FILES), report)
        theme = [p.read_bytes() for p in theme_files(self.content_dir)]
        global_hash = _digest(site_bytes or b"", units_bytes or b"",
                              repr(self.base_url).encode(), *theme)
        return Loaded(site, catalogue, report, hashes, global_hash, pages)

    def _parse_plans(self, config: site_config.SiteConfig,
                     report: Report) -> tuple[list[Plan], dict[str, str]]:
        """Parse changed sources (in parallel); reuse the rest from the cache."""
        statuses = tuple(status.key for status in config.statuses)
        settings = repr((config.statuses, config.base_url)).encode()
        parsed = self.state.parsed
        sources, todo = [], []
        for path in plan_sources(self.content_dir):
            if not self._inside(path, report):
                continue
            stat = path.stat()
            signature = (stat.st_mtime_ns, stat.st_size, settings)
            cached = parsed.get(path)
            if cached is not None and cached[3] == signature:
                sources.append(path)  # unchanged since it was parsed: not even read
                continue
            raw = path.read_bytes()
            key = _digest(raw, settings)
            if cached is not None and cached[0] == key:
                parsed[path] = (*cached[:3], signature)
            else:
                todo.append((path, raw, key, statuses, config.base_url, signature))
            sources.append(path)
        results = split_map(_parse_source, todo)
        for item, (plan, problems) in zip(todo, results, strict=True):
            parsed[item[0]] = (item[2], plan, problems, item[5])
        for gone in set(parsed) - set(sources):
            del parsed[gone]
        plans, hashes = [], {}
        for path in sources:
            key, plan, problems, _signature = parsed[path]
            report.extend(problems)
            if plan is not None:
                plans.append(plan)
                hashes[plan.key] = key
        return plans, hashes

    def _read(self, path: Path, report: Report) -> bytes | None:
        if not path.is_file():
            report.error(path, 0, "missing-file", file=path.name)
            return None
        if not self._inside(path, report):
            return None
        return path.read_bytes()

    def _inside(self, path: Path, report: Report) -> bool:
        """Refuse sources that are symlinks out of the content folder."""
        if path in self._inside_memo:
            return True
        if path.resolve().is_relative_to(self.content_dir.resolve()):
            if not path.is_symlink() and not any(p.is_symlink() for p in path.parents):
                self._inside_memo.add(path)  # a plain file stays inside until it is replaced
            return True
        report.error(path, 0, "outside-content", target=str(path.resolve()))
        return False

    def fingerprints(self, loaded: Loaded) -> dict[str, str]:
        """Output name → hash of everything the page is rendered from.

        A page is made from its template and the plans it shows (plus what every
        page depends on), so pages sharing both, like the goal pages of one plan,
        share one hash, computed once.
        """
        hashes = loaded.plan_hashes
        memo: dict[tuple[str, tuple[str, ...]], str] = {}
        result = {}
        for page in loaded.pages:
            key = (page.template, page.sources)
            fingerprint = memo.get(key)
            if fingerprint is None:
                parts = [loaded.global_hash, page.template]
                parts += [f"{source}={hashes.get(source, '')}" for source in page.sources]
                fingerprint = memo[key] = _digest(*(part.encode() for part in parts))
            result[page_file(page)] = fingerprint
        return result

    def other_files(self, loaded: Loaded,
                    fingerprints: dict[str, str] | None = None) -> dict[str, bytes]:
        """Open data and the theme's static files.

        A plan's rows depend on what its page depends on, so with the pages'
        fingerprints the rows of unchanged plans are reused.
        """
        site = loaded.site
        fingerprints = fingerprints or {}
        chunks = []
        rows_memo: dict[str, tuple[str, list[str], str, int, int]] = {}
        for plan in site.plans.values():
            fingerprint = fingerprints.get(page_file_of_url(plan_url(plan)), "")
            cached = self._rows.get(plan.key)
            if not fingerprint or cached is None or cached[0] != fingerprint:
                rows = data.plan_rows(site, plan)
                cached = (fingerprint, data.json_lines(rows), data.csv_lines(rows), len(rows),
                          sum(len(row["follow_ups"]) for row in rows))
            rows_memo[plan.key] = cached
            chunks.append(cached)
        self._rows = rows_memo
        self.data_counts = (sum(c[3] for c in chunks), sum(c[4] for c in chunks))
        files = {OTHER_FILES[0]: data.join_json([line for c in chunks for line in c[1]])
                 .encode(),
                 OTHER_FILES[1]: (data.CSV_HEADER + "".join(c[2] for c in chunks)).encode()}
        for theme in reversed(render.theme_dirs(self.content_dir / "theme")):
            static = theme / "static"
            for path in sorted(static.rglob("*")) if static.is_dir() else ():
                if path.is_file():
                    files["assets/" + path.relative_to(static).as_posix()] = path.read_bytes()
        return files

    def render(self, loaded: Loaded) -> dict[str, bytes]:
        """Every output file in memory (tests and small sites)."""
        env, shared = self._renderer(loaded)
        files = {page_file(page): render.render_page(env, shared, page).encode()
                 for page in loaded.pages}
        others = self.other_files(loaded)
        check_nothing_lost(loaded, self.data_counts, set(files))
        return {**files, **others}

    def _renderer(self, loaded: Loaded) -> tuple[Any, dict[str, Any]]:
        env = render.environment(self.content_dir / "theme")
        return env, render.site_context(loaded.site, loaded.catalogue)

    def write_site(self, loaded: Loaded, out: Path) -> int:
        """Publish atomically, rendering only pages whose inputs changed; returns pages rendered.

        Unchanged pages are hard-linked from the published site into the new one;
        when nothing changed at all, the published site is left as it is.
        """
        fingerprints = self.fingerprints(loaded)
        others = self.other_files(loaded, fingerprints)
        check_nothing_lost(loaded, self.data_counts, set(fingerprints))
        intact = bool(self.state.manifest) and cache.manifest_of(out) == self.state.manifest
        old = self.state.fingerprints if intact else {}
        reuse = {name for name, fp in fingerprints.items() if old.get(name) == fp}
        todo = [page for page in loaded.pages if page_file(page) not in reuse]
        self.rendered_last = len(todo)
        wanted = set(fingerprints) | set(others)
        if intact and not todo and wanted == set(self.state.manifest) and all(
                (out / name).read_bytes() == value for name, value in others.items()):
            return 0
        stage = output.begin(out)
        output.link_files(out, stage, sorted(reuse))
        env, shared = self._renderer(loaded)
        for name in sorted(render.template_names(env)):
            env.get_template(name)  # compile once, before forking

        def task(part: int, parts: int) -> int:
            writer = output.TreeWriter(stage)
            for page in todo[part::parts]:  # one page in memory at a time
                writer.write(page_file(page), render.render_page(env, shared, page).encode())
            return len(todo[part::parts])

        run_split(task, parts_for(len(todo)))
        output.write_tree(stage, others)
        output.swap_in(stage, out.resolve(), len(self.state.manifest))
        self._others_written = set(others)
        self.state.fingerprints = fingerprints
        # What the site holds now, to notice outside edits next time (only if remembered).
        self.state.manifest = cache.manifest_of(out) if self.cache_path else {}
        return len(todo)

    def update_in_place(self, loaded: Loaded, out: Path) -> Callable[[], None]:
        """For `serve`: rewrite only changed pages of `out`, each atomically.

        Returns the rest of the work (open data, static files, removing stale
        pages) so the caller can tell browsers to reload first.
        """
        fingerprints = self.fingerprints(loaded)
        old = self.state.fingerprints
        todo = [page for page in loaded.pages
                if old.get(page_file(page)) != fingerprints[page_file(page)]]
        env, shared = self._renderer(loaded)
        files = {page_file(page): render.render_page(env, shared, page).encode() for page in todo}
        output.replace_files(out, files, set())
        self.state.fingerprints = fingerprints
        self.state.manifest = {}
        self.rendered_last = len(todo)

        def finish() -> None:
            others = self.other_files(loaded, fingerprints)
            check_nothing_lost(loaded, self.data_counts, set(fingerprints))
            stale = (set(old) | set(self._others_written)) - set(fingerprints) - set(others)
            output.replace_files(out, others, stale)
            self._others_written = set(others)

        return finish

    def save_cache(self) -> None:
        if self.cache_path is not None:
            cache.save(self.cache_path, self.state)


def page_file(page: Page) -> str:
    return page_file_of_url(page.url)


def page_file_of_url(url: str) -> str:
    return url.lstrip("/") + "index.html"


class LostContent(AssertionError):
    """The build lost goals or follow-ups between sources and output: a bug in plansite."""


def check_nothing_lost(loaded: Loaded, data_counts: tuple[int, int], files: set[str]) -> None:
    """Goals and follow-ups in the sources = rows in goals.json = goal pages written."""
    site = loaded.site
    source_goals = sum(len(plan.goals) for plan in site.plans.values())
    source_entries = sum(len(plan.follow_ups) for plan in site.plans.values())
    goal_pages = sum(1 for page in loaded.pages if page.template == "goal.html"
                     and page_file(page) in files)
    data_goals, data_entries = data_counts
    counts = (source_goals, len(site.goals), data_goals, goal_pages)
    if len(set(counts)) != 1 or data_entries != source_entries:
        raise LostContent(f"goals in sources/model/data/pages: {counts}; follow-ups in "
                          f"sources/data: {source_entries}/{data_entries}")


def load(content_dir: Path, base_url: str | None = None) -> Loaded:
    """Read and check every source once."""
    return Builder(content_dir, base_url).load()


@dataclass(frozen=True)
class BuildResult:
    """What the command line reports after a successful build."""

    goals: int
    warnings: tuple[Problem, ...]
    rendered: int
    """Pages rendered; 0 when nothing had changed."""
    language: str


def check_output_folder(content_dir: Path, out: Path) -> None:
    """Refuse an output folder whose replacement would destroy something else.

    Publishing replaces the whole folder, so it must not hold the sources, sit
    inside them, or be a folder of other files (the project, a home folder).
    """
    content, target = content_dir.resolve(), out.resolve()
    problem = None
    if target == content or content.is_relative_to(target):
        problem = "out-holds-content"
    elif target.is_relative_to(content):
        problem = "out-inside-content"
    elif target.is_dir() and any(target.iterdir()) and not (target / OTHER_FILES[0]).is_file():
        problem = "out-not-a-site"
    if problem is not None:
        raise BuildFailed([Problem(out, 0, problem, {"out": str(out)})])


def input_digest(content_dir: Path) -> str:
    """One hash of every file the build reads (sources and theme)."""
    files = sorted(p for p in content_dir.rglob("*") if p.is_file()) + theme_files(content_dir)
    h = hashlib.blake2b(digest_size=16)
    for path in files:  # one file in memory at a time
        for part in (str(path).encode(), path.read_bytes()):
            h.update(len(part).to_bytes(8, "little"))
            h.update(part)
    return h.hexdigest()


def build(content_dir: Path, out: Path, base_url: str | None = None,
          cache_dir: Path | None = None) -> BuildResult:
    """Check, render and publish; raises BuildFailed (leaving `out` untouched) on errors.

    With `cache_dir`, parsed sources and page fingerprints are kept there, so
    the next build parses and renders only what changed, and does nothing at
    all when no input changed and the published site is as it was left.
    """
    check_output_folder(content_dir, out)
    cache_path = cache.cache_file(cache_dir, content_dir, out, base_url) if cache_dir else None
    builder = Builder(content_dir, base_url, cache_path)
    inputs = input_digest(content_dir) if cache_path else ""
    state = builder.state
    if inputs and state.inputs == inputs and state.result is not None and \
            cache.manifest_of(out) == state.manifest:
        return replace(state.result, rendered=0)
    loaded = builder.load()
    loaded.report.raise_if_errors()
    rendered = builder.write_site(loaded, out)
    result = BuildResult(len(loaded.site.goals), tuple(loaded.report.warnings), rendered,
                         loaded.catalogue.language)
    state.inputs, state.result = inputs, result
    builder.save_cache()
    return result
