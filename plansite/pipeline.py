"""The build as a recipe: read sources → parse → link → pages → render → publish.

`Builder` keeps what it parsed and rendered, keyed by content hashes, so a
rebuild re-parses only changed sources and re-renders only the pages whose
inputs changed (each page lists the plans it shows). Reading and writing
happen here and in `output`; every step between is pure.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from plansite import config as site_config
from plansite import content, data, output, render
from plansite.errors import Problem, Report
from plansite.i18n import Catalogue
from plansite.linkcheck import check_links
from plansite.links import link
from plansite.model import Plan, Site
from plansite.pages import Page, all_pages

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


class Builder:
    """Builds a site from a content folder, remembering work between builds."""

    def __init__(self, content_dir: Path, base_url: str | None = None) -> None:
        self.content_dir = content_dir
        self.base_url = base_url
        self._parsed: dict[Path, tuple[str, Plan | None, list[Problem]]] = {}
        self._rendered: dict[str, tuple[str, bytes]] = {}
        self.rendered_last: int = 0
        """How many pages the last `render` actually rendered (the rest were reused)."""

    def load(self) -> Loaded:
        """Read and check every source; problems are collected, never raised."""
        report = Report()
        site_path = self.content_dir / "site.yaml"
        units_path = self.content_dir / "units.yaml"
        site_bytes = self._read(site_path, report)
        site_text = content.decode(site_path, site_bytes, report) if site_bytes else None
        config = site_config.parse_site(site_path, site_text, report, self.base_url) \
            if site_text is not None else site_config.fallback_site(self.base_url)
        catalogue = Catalogue(config.language, config.statuses)
        units_bytes = self._read(units_path, report)
        units_text = content.decode(units_path, units_bytes, report) if units_bytes else None
        units = site_config.parse_units(units_path, units_text or "{}", report, config.base_url)
        plans: list[Plan] = []
        hashes: dict[str, str] = {}
        seen: set[Path] = set()
        for path in plan_sources(self.content_dir):
            seen.add(path)
            if not self._inside(path, report):
                continue
            plan = self._parse(path, config, report)
            if plan is not None:
                plans.append(plan)
                hashes[plan.key] = self._parsed[path][0]
        for gone in set(self._parsed) - seen:
            del self._parsed[gone]
        site = link(config, units, plans, report)
        pages = all_pages(site, catalogue)
        check_links(site, {page.url for page in pages}, set(OTHER_FILES), report)
        theme = [p.read_bytes() for p in theme_files(self.content_dir)]
        global_hash = _digest(site_bytes or b"", units_bytes or b"",
                              repr(self.base_url).encode(), *theme)
        return Loaded(site, catalogue, report, hashes, global_hash, pages)

    def _read(self, path: Path, report: Report) -> bytes | None:
        if not path.is_file():
            report.error(path, 0, "missing-file", file=path.name)
            return None
        if not self._inside(path, report):
            return None
        return path.read_bytes()

    def _inside(self, path: Path, report: Report) -> bool:
        """Refuse sources that are symlinks out of the content folder."""
        if path.resolve().is_relative_to(self.content_dir.resolve()):
            return True
        report.error(path, 0, "outside-content", target=str(path.resolve()))
        return False

    def _parse(self, path: Path, config: site_config.SiteConfig, report: Report) -> Plan | None:
        raw = path.read_bytes()
        key = _digest(raw, repr((config.statuses, config.base_url)).encode())
        cached = self._parsed.get(path)
        if cached is None or cached[0] != key:
            own = Report()
            text = content.decode(path, raw, own)
            statuses = tuple(status.key for status in config.statuses)
            plan = None if text is None else content.parse_plan(path, text, statuses,
                                                                config.base_url, own)
            cached = (key, plan, own.problems)
            self._parsed[path] = cached
        report.extend(cached[2])
        return cached[1]

    def fingerprint(self, loaded: Loaded, page: Page) -> str:
        parts = [loaded.global_hash, page.template, page.url]
        parts += [f"{key}={loaded.plan_hashes.get(key, '')}" for key in page.sources]
        return _digest(*(part.encode() for part in parts))

    def render(self, loaded: Loaded) -> dict[str, bytes]:
        """Every output file: site-relative path → bytes; unchanged pages are reused."""
        site, cat = loaded.site, loaded.catalogue
        env = render.environment(self.content_dir / "theme")
        shared = render.site_context(site, cat)
        files: dict[str, bytes] = {}
        rendered: dict[str, tuple[str, bytes]] = {}
        self.rendered_last = 0
        for page in loaded.pages:
            name = page.url.lstrip("/") + "index.html"
            fingerprint = self.fingerprint(loaded, page)
            cached = self._rendered.get(name)
            if cached is None or cached[0] != fingerprint:
                cached = (fingerprint, render.render_page(env, shared, page).encode())
                self.rendered_last += 1
            rendered[name] = cached
            files[name] = cached[1]
        self._rendered = rendered
        rows = data.goal_rows(site)
        check_nothing_lost(loaded, rows, files)
        files[OTHER_FILES[0]] = data.goals_json(rows).encode()
        files[OTHER_FILES[1]] = data.goals_csv(rows).encode()
        for theme in reversed(render.theme_dirs(self.content_dir / "theme")):
            static = theme / "static"
            for path in sorted(static.rglob("*")) if static.is_dir() else ():
                if path.is_file():
                    files["assets/" + path.relative_to(static).as_posix()] = path.read_bytes()
        return files


class LostContent(AssertionError):
    """The build lost goals or follow-ups between sources and output: a bug in plansite."""


def check_nothing_lost(loaded: Loaded, rows: list[dict[str, object]],
                       files: dict[str, bytes]) -> None:
    """Goals and follow-ups in the sources = rows in goals.json = goal pages written."""
    site = loaded.site
    source_goals = sum(len(plan.goals) for plan in site.plans.values())
    source_entries = sum(len(plan.follow_ups) for plan in site.plans.values())
    goal_pages = sum(1 for page in loaded.pages if page.template == "goal.html"
                     and page.url.lstrip("/") + "index.html" in files)
    data_entries = sum(len(row["follow_ups"]) for row in rows)  # type: ignore[arg-type]
    counts = (source_goals, len(site.goals), len(rows), goal_pages)
    if len(set(counts)) != 1 or data_entries != source_entries:
        raise LostContent(f"goals in sources/model/data/pages: {counts}; follow-ups in "
                          f"sources/data: {source_entries}/{data_entries}")


def load(content_dir: Path, base_url: str | None = None) -> Loaded:
    """Read and check every source once."""
    return Builder(content_dir, base_url).load()


def build(content_dir: Path, out: Path, base_url: str | None = None) -> Loaded:
    """Check, render and publish; raises BuildFailed (leaving `out` untouched) on errors."""
    builder = Builder(content_dir, base_url)
    loaded = builder.load()
    loaded.report.raise_if_errors()
    output.publish(out, builder.render(loaded))
    return loaded
