"""The build as a recipe: read sources → list outputs → plan changes → render → publish.

`build`, `check` and the live preview (`serve`) call the same steps in the
same order:

1. `load`: read and parse the sources (only changed ones; `sources`), link
   them, and list every output file (`kinds.OUTPUT_KINDS`);
2. `incremental.plan`: compare each file's fingerprint with the published site's;
3. `publish_site` (build) or `update_site` (serve): render what changed, on
   every core, and write it — a whole new folder swapped in atomically, or
   file by file, each replaced atomically.

What a process remembers between builds is a `Session`; `build` keeps it on
disk between runs (see `cache`).
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from plansite import (
    accounts,
    assets,
    attachments,
    cache,
    data,
    diagnostics,
    incremental,
    inputfiles,
    kinds,
    parallel,
    publish,
    search,
    sources,
    symlinks,
    themes,
    unchanged,
)
from plansite.errors import BuildFailed, Problem
from plansite.i18n import Catalogue
from plansite.linkcheck import check_links
from plansite.outputs import Planned
from plansite.parallel import RUNS_PER_PROCESS, Dealer, parts_for, run_split
from plansite.render import Renderer, environment
from plansite.result import BuildResult
from plansite.sources import Loaded, SourceCache


@dataclass
class Session:
    """What one process remembers between builds of one content folder.

    The live preview keeps one for as long as it runs; `build` loads it from
    the cache file and saves it back.
    """

    content_dir: Path
    base_url: str | None = None
    cache_path: Path | None = None
    state: cache.CacheState = field(default_factory=cache.CacheState)
    sources: SourceCache = field(default_factory=SourceCache)
    sources_saved: bool = False
    lines: data.KeptLines | None = None
    """Each plan's open-data lines (`data.reuse_lines`); None until a rebuild reads them."""
    documents: dict[str, tuple[str, str]] = field(default_factory=dict)
    """The live preview's search documents, page → (fingerprint, document), see
    `search.shards`."""
    written: tuple[str, dict[str, str]] | None = None
    """(global hash, plan hashes) of the sources this process last wrote the site from
    (the live preview first writes the pages of the plans edited since)."""

    @classmethod
    def open(cls, content_dir: Path, base_url: str | None = None,
             cache_path: Path | None = None) -> Session:
        state = cache.load(cache_path) if cache_path is not None else cache.CacheState()
        return cls(content_dir, base_url, cache_path, state,
                   SourceCache(parsed=state.parsed, versions=state.versions,
                               links=state.links))

    def save_sources(self) -> None:
        """Keep the parsed sources for the next build (once): they do not depend on the
        published site, so a build keeps them while Pagefind runs."""
        if self.cache_path is not None and not self.sources_saved:
            cache.save_sources(self.cache_path, self.state)
            self.sources_saved = True

    def save(self, inputs: inputfiles.Inputs, result: BuildResult) -> None:
        """Keep the state for the next build, with the stamp that lets a build of the
        same `inputs` report `result` again without loading it."""
        if self.cache_path is not None:
            self.save_sources()
            cache.save_site(self.cache_path, self.state, cache.Stamp(
                inputs, cache.manifest_digest(self.state.manifest), result.report,
                result.catalogue.t("ui.unchanged", goals=result.goals),
                cache.pickled(result)))


def load(content_dir: Path, base_url: str | None = None, session: Session | None = None,
         warnings: bool = True, outputs: bool = True) -> Loaded:
    """Read and check every source and list every output file; problems are collected.

    `warnings=False` skips the checks that only warn (the live preview shows
    errors only). `outputs=False` leaves the listing to `list_outputs` (the live
    preview first writes the edited plan's own pages).
    """
    session = session if session is not None else Session(content_dir, base_url)
    loaded = sources.load(content_dir, base_url, session.sources, warnings)
    attachments.check(loaded.site, loaded.report)  # each build: files go, parses are cached
    accounts.load(loaded.site, loaded.plan_hashes, loaded.report)  # and CSV files change
    symlinks.check(content_dir, loaded.report)  # before any theme file is read or copied
    themes.check(environment(loaded.theme_dirs, loaded.catalogue.language,
                             loaded.site.config.base_url), content_dir / "theme" / "templates",
                 loaded.report)
    if loaded.report.errors:
        return loaded  # nothing is written; plans with errors may be partial (two goals alike)
    if outputs:
        list_outputs(loaded, warnings)
    return loaded


def list_outputs(loaded: Loaded, warnings: bool = False) -> None:
    """Every file of the site, into `loaded.planned`; a file of content/static/ that takes
    an output's name is an error in the report."""
    try:
        loaded.planned = kinds.collect(loaded.inputs)
    except kinds.Collision as collision:
        if "static" not in collision.kinds:
            raise  # two of plansite's own kinds: a bug
        loaded.report.error(loaded.content_dir / assets.STATIC / collision.path, 0,
                            "static-collides", file=collision.path)
        return
    if warnings:
        pages = {item.file.page.url for item in loaded.planned if item.file.page is not None}
        check_links(loaded.site, pages, {item.path for item in loaded.planned}, loaded.report)


def _changes(loaded: Loaded, published: dict[str, str]) -> tuple[
        dict[str, str], incremental.Changes, list[Planned]]:
    new = incremental.fingerprints(loaded.planned, loaded.plan_hashes, loaded.global_hash)
    changes = incremental.plan(published, new)
    wanted = set(changes.render)
    return new, changes, [item for item in loaded.planned if item.path in wanted]


def _pages(items: list[Planned]) -> int:
    return sum(1 for item in items if item.file.page is not None)


def publish_site(session: Session, loaded: Loaded, out: Path,
                 listing: tuple[str, str] | None = None) -> int:
    """Render what changed into a new folder and swap it in atomically; returns pages rendered.

    Unchanged files are hard-linked from the published site into the new one;
    when nothing changed at all, the published site is left as it is. The new folder
    is the one the last build swapped out (`publish.spare_dir`) when it is as that
    build left it: then only the files that differ from the new site are written,
    linked or deleted. `listing` is the `cache.site_digest` of the published site and
    of the spare, if the caller listed them.
    """
    state = session.state
    intact = bool(state.manifest) and (
        cache.manifest_of(out) == state.manifest if listing is None
        else listing[0] == cache.manifest_digest(state.manifest))
    new, changes, todo = _changes(loaded, state.fingerprints if intact else {})
    if intact and changes.nothing:
        return 0
    spare = intact and bool(state.spare) and listing is not None and \
        listing[1] == cache.manifest_digest(state.spare)
    lines = _reuse_lines(session, loaded, todo) if intact else None
    renderer = Renderer(loaded.inputs)
    renderer.compile_all()  # once, before forking
    indexing = search.Indexing(loaded.inputs, loaded.planned, new,
                               search.shard_count(loaded.site), out, session.cache_path)
    # The workers render the changed files and make the search documents of the index
    # shards made anew, which also hold pages that did not change: those shards' pages
    # first, so that Pagefind indexes each shard while the rest is rendered.
    wanted = {item.path for item in todo}
    work = indexing.order(todo + [item for item in indexing.documented(loaded.planned)
                                  if item.path not in wanted])

    def write(stage: Path, from_spare: bool) -> None:
        keep = sorted(changes.keep)
        if from_spare:  # what the spare holds that the new site does not, and its old index
            publish.remove_files(stage, sorted(
                name for name in state.spare if name not in new
                and not name.startswith(search.INDEX_DIR + "/")))
            if (stage / search.INDEX_DIR).is_dir():
                publish.discard(stage / search.INDEX_DIR, out, len(state.spare))
            # only the unchanged files it does not share with the site yet
            keep = [name for name in keep
                    if state.spare.get(name, ()) != state.manifest.get(name)]

        def task(part: int, parts: int) -> None:
            writer = publish.TreeWriter(stage, replace=from_spare)
            handoff = indexing.handoff(part)
            for run in dealer.runs():  # runs in list order, as the workers get to them
                for item in work[run.start:run.stop]:  # one page in memory at a time
                    if item.path in wanted:
                        writer.write(item.path, renderer.render(item))
                    handoff.add(item, renderer.head)
                    item.file.done()
            handoff.close()
            # The unchanged files are linked into the stage on every core, a run of them
            # each (their folders are then made once): 35,000 at 10,000 goals. After the
            # documents, so that Pagefind indexes meanwhile.
            publish.link_files(out, stage, keep[part * len(keep) // parts:
                                               (part + 1) * len(keep) // parts])
            indexing.pump()

        parts = parts_for(len(work) + len(keep) // LINKS_PER_PAGE)
        dealer = Dealer(len(work), parts, RUNS_PER_PROCESS * 4)
        indexing.start(parts)
        run_split(task, parts)

        def meanwhile() -> None:
            check_nothing_lost(loaded, stage)
            session.save_sources()
            if lines is not None and session.cache_path is not None:
                cache.save_lines(session.cache_path, lines)
            if session.cache_path is not None:
                listed.update(cache.manifest_of(stage, skip=search.INDEX_DIR))

        # The shards not indexed yet, on every core; the index goes into the stage, so it
        # is swapped in with its pages. Meanwhile the stage is checked and listed, and
        # the parsed sources are kept.
        indexing.finish(stage, meanwhile=meanwhile)
        if session.cache_path is not None:
            index = search.INDEX_DIR + "/"
            listed.update(cache.manifest_of(stage / search.INDEX_DIR, prefix=index))
        staged.append(os.stat(stage).st_ino)

    listed: cache.Manifest = {}
    staged: list[int] = []

    if not intact:
        for name in foreign_files(out, new, state.fingerprints):
            loaded.report.warning(out / name, 0, "removed-foreign-file", file=name)
    try:
        publish.stage_and_swap(out, write, len(state.manifest), spare,
                               keep=intact and session.cache_path is not None)
    finally:
        indexing.close()
    if staged != [os.stat(out).st_ino]:  # what is on disk now is not the folder checked
        check_nothing_lost(loaded, out)
        listed = cache.manifest_of(out)
    state.fingerprints = new
    session.written = (loaded.global_hash, dict(loaded.plan_hashes))
    # What the site holds now, to notice outside edits next time (only if remembered):
    # the stage's files, listed before the swap, which moves their folder as it is; and
    # the spare, the site as it was.
    state.spare = state.manifest if intact and session.cache_path else {}
    state.manifest = listed if session.cache_path else {}
    return _pages(todo)


def _reuse_lines(session: Session, loaded: Loaded, todo: list[Planned]) -> data.KeptLines | None:
    """Before a rebuild that writes goals.csv or goals.json: every plan's open-data lines,
    kept ones where nothing they show changed (`data.reuse_lines`). Returns them when
    they are to be kept anew."""
    if not any(item.path in (data.GOALS_CSV, data.GOALS_JSON) for item in todo):
        return None
    kept = session.lines
    if kept is None:
        kept = cache.load_lines(session.cache_path) if session.cache_path is not None else {}
    session.lines = data.reuse_lines(loaded.site, loaded.plan_hashes, loaded.global_hash, kept)
    return session.lines if session.lines != kept else None


LINKS_PER_PAGE = 40
"""Hard links made in the time one page is rendered, to weigh the work to split."""

_OWN_SUFFIXES = (".html", ".json", ".csv", ".xml", ".txt", ".css", ".js", ".svg", ".ico")


def foreign_files(out: Path, new: dict[str, str], old: dict[str, str]) -> list[str]:
    """Files in the published site that this build removes and no build of ours wrote:
    CNAME, .nojekyll, a verification file put into site/ by hand (they belong in
    content/static/). Without the last build's list, only files at the top that
    no output kind writes (no page or data suffix) are counted as someone else's."""
    if not out.is_dir():
        return []
    found = []
    for folder, dirs, files in os.walk(out):
        relative = os.path.relpath(folder, out).replace(os.sep, "/")
        if relative == "pagefind":
            dirs[:] = []
            continue
        for name in files:
            path = name if relative == "." else f"{relative}/{name}"
            if path in new or path in old:
                continue
            if old or ("/" not in path and not name.endswith(_OWN_SUFFIXES)):
                found.append(path)
    return sorted(found)


@dataclass(frozen=True)
class Update:
    """A live-preview update: pages are written; `finish` does the rest."""

    rendered: int
    """Pages rendered before browsers reload."""
    finish: Callable[[], int]
    """Writes the other changed files (pages not written yet, open data, assets) and
    removes stale ones; returns the pages it rendered. A problem listing the site goes
    into the report of the update's `Loaded`, and nothing more is written."""


def update_site(session: Session, loaded: Loaded, out: Path) -> Update:
    """For the live preview: rewrite only the changed files of `out`, each atomically.

    Pages come first, so browsers can reload while the rest is written. When only plan
    sources changed and the site is not listed yet (`load(outputs=False)`), the edited
    plans' own pages (`kinds.plan_files`, from the newly linked site) are written before
    the whole site is listed: at 10,000 goals the listing takes 0.6 s.
    """
    state = session.state
    renderer = Renderer(loaded.inputs)
    edited = [] if loaded.planned else _edited_plans(session, loaded)
    first = [item for item in kinds.plan_files(loaded.inputs, edited)
             if item.file.page is not None]
    if not first and not loaded.planned:
        list_outputs(loaded)
        if loaded.report.errors:
            return Update(0, lambda: 0)
    written: set[str] = set()

    def pages(todo: list[Planned]) -> int:
        """Write the changed pages not written yet."""
        items = [item for item in todo if item.file.page is not None
                 and item.path not in written]
        publish.replace_files(out, {item.path: renderer.render(item) for item in items}, set())
        written.update(item.path for item in items)
        return len(items)

    def changes() -> tuple[dict[str, str], incremental.Changes, list[Planned]]:
        new, changed, todo = _changes(loaded, state.fingerprints)
        state.fingerprints, state.manifest = new, {}
        session.written = (loaded.global_hash, dict(loaded.plan_hashes))
        return new, changed, todo

    listed = None if first else changes()
    pages(first if listed is None else listed[2])

    def finish() -> int:
        if listed is None:
            list_outputs(loaded)
            if loaded.report.errors:
                return 0
        new, changed, todo = listed if listed is not None else changes()
        rendered = pages(todo)
        _reuse_lines(session, loaded, todo)
        rest = {item.path: renderer.render(item) for item in todo if item.file.page is None}
        publish.replace_files(out, rest, set(changed.delete))
        check_nothing_lost(loaded, out)
        if todo or changed.delete:  # pages first; the index follows
            search.reindex_in_background(out, lambda index: search.shards(
                loaded.inputs, loaded.planned, new, search.shard_count(loaded.site), index,
                session.documents))
        return rendered

    return Update(len(written), finish)


def _edited_plans(session: Session, loaded: Loaded) -> list[str]:
    """The plans whose sources changed since this process last wrote the site, when
    nothing else that every page shows did (config, units, theme, base URL)."""
    if session.written is None or session.written[0] != loaded.global_hash:
        return []
    last = session.written[1]
    return [key for key, value in loaded.plan_hashes.items() if last.get(key) != value]


def render_all(loaded: Loaded) -> dict[str, bytes]:
    """Every output file in memory (tests and small sites)."""
    renderer = Renderer(loaded.inputs)
    files = {item.path: renderer.render(item) for item in loaded.planned}
    _check_counts(loaded, files[data.GOALS_JSON], sum(
        1 for item in loaded.planned if item.kind.name == "goal" and item.path in files))
    return files


class LostContent(AssertionError):
    """The build lost goals or follow-ups between sources and output: a bug in plansite."""


def check_nothing_lost(loaded: Loaded, root: Path) -> None:
    """Goals and follow-ups in the sources = rows in goals.json = goal pages written."""
    folder = str(root) + os.sep  # strings, not a Path per page: 10,000 goal pages
    written = sum(1 for item in loaded.planned
                  if item.kind.name == "goal" and os.path.isfile(folder + item.path))
    _check_counts(loaded, (root / data.GOALS_JSON).read_bytes(), written)


def _check_counts(loaded: Loaded, goals_json: bytes, goal_pages: int) -> None:
    """The same numbers from the source text, the model, the open data and the pages.

    The text counts come from reading the `id:` and `mål:` lines, not from the
    parser: a goal the parser did not understand shows up as a difference.
    """
    site = loaded.site
    plans = site.plans.values()
    text_ids = sum(plan.counted[0] for plan in plans)
    text_refs = sum(plan.counted[1] for plan in plans)
    areas = sum(len(plan.focus_areas) for plan in plans)
    source_goals = sum(len(plan.goals) for plan in plans)
    source_entries = sum(len(plan.follow_ups) for plan in plans)
    referring = sum(len(part.entries) for plan in plans for part in plan.follow_up_parts)
    data_goals, data_entries = data.counts(goals_json)
    counts = (text_ids - areas, source_goals, len(site.goals), data_goals, goal_pages)
    if len(set(counts)) != 1 or data_entries != source_entries or text_refs != referring:
        raise LostContent(f"goals in text/sources/model/data/pages: {counts}; follow-ups in "
                          f"sources/data: {source_entries}/{data_entries}; mål: lines in "
                          f"text/follow-ups: {text_refs}/{referring}")


def check_output_folder(content_dir: Path, out: Path) -> str | None:
    """Why publishing into `out` would destroy something else (a problem code), or None.

    Publishing replaces the whole folder, so it must not hold the sources, sit
    inside them, or be a folder of other files (the project, a home folder).
    """
    content, target = content_dir.resolve(), out.resolve()
    if target.exists() and not target.is_dir():
        return "out-is-a-file"
    if target == content or content.is_relative_to(target):
        return "out-holds-content"
    if target.is_relative_to(content):
        return "out-inside-content"
    if target.is_dir() and any(target.iterdir()) and not (target / data.GOALS_JSON).is_file():
        return "out-not-a-site"
    return None


def refuse_output_folder(content_dir: Path, out: Path, session: Session | None) -> None:
    """Raise BuildFailed, worded in the site's language, for an unsafe output folder."""
    problem = check_output_folder(content_dir, out)
    if problem is not None:
        raise BuildFailed([Problem(out, 0, problem, {"out": str(out)})],
                          catalogue(content_dir, session))


def catalogue(content_dir: Path, session: Session | None = None) -> Catalogue:
    """The site's catalogue from site.yaml alone (read once per session)."""
    session = session if session is not None else Session(content_dir)
    return sources.catalogue(content_dir, session.base_url, session.sources)


def build(content_dir: Path, out: Path, base_url: str | None = None,
          cache_dir: Path | None = None, wait: bool = True,
          waiting: Callable[[], None] | None = None) -> BuildResult:
    """Check, render and publish; raises BuildFailed (leaving `out` untouched) on errors.

    With `cache_dir`, parsed sources and fingerprints are kept there, so the
    next build parses and renders only what changed, and does nothing at all
    when no input changed and the published site is as it was left.

    Builds into one output folder run one at a time (`publish.locked`): a
    second one waits (calling `waiting` once) or, without `wait`, fails.
    """
    refuse_output_folder(content_dir, out, None)
    try:
        with publish.locked(out, wait, waiting):
            return _build(content_dir, out, base_url, cache_dir)
    except publish.Busy:
        raise BuildFailed([Problem(out, 0, "out-busy", {"out": str(out)})],
                          catalogue(content_dir)) from None
    except themes.ThemeError as error:  # the staged site was removed; `out` is as it was
        raise BuildFailed([error.problem()], catalogue(content_dir)) from None
    except OSError as error:  # the machine's fault, not plansite's: say what, keep the site
        raise BuildFailed([environment_problem(error, out)], catalogue(content_dir)) from None


def _spare_digest(out: Path) -> str:
    """The `cache.site_digest` of the spare (`publish.spare_dir`); "-" when it is a link,
    which `publish.begin` removes rather than follows."""
    spare = publish.spare_dir(out.resolve())
    return "-" if spare.is_symlink() else cache.site_digest(spare)


def environment_problem(error: OSError, out: Path) -> Problem:
    """A full disk, a read-only or forbidden folder …, as a problem an operator can act on."""
    where = Path(os.fsdecode(error.filename)) if error.filename else out
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        code = "disk-full"
    elif error.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        code = "not-writable"
    else:
        code = "os-error"
    return Problem(where, 0, code, {"out": str(out), "file": str(where),
                                    "detail": error.strerror or str(error)})


def _build(content_dir: Path, out: Path, base_url: str | None,
           cache_dir: Path | None) -> BuildResult:
    cache_path = cache.cache_file(cache_dir, content_dir, out, base_url) if cache_dir else None
    inputs = inputfiles.Inputs("", "")
    if cache_path is not None:
        inputs, stamp = unchanged.check(content_dir, out, cache_path)
        known = stamp.build_result() if stamp is not None else None
        if isinstance(known, BuildResult):
            return replace(known, rendered=0, cache_discarded=False)
    # Whether the site and the spare are as the last build left them, found out while
    # the cache loads.
    listed = parallel.beside(lambda: f"{cache.site_digest(out)} {_spare_digest(out)}") \
        if cache_path is not None and out.is_dir() else None
    try:
        session = Session.open(content_dir, base_url, cache_path)  # `build` checked `out`
        discarded = session.state.discarded
        loaded = load(content_dir, base_url, session)
        loaded.report.raise_if_errors(loaded.catalogue)
    finally:
        said = listed() if listed is not None else None
    site_listed, _, spare_listed = (said or "").partition(" ")
    rendered = publish_site(session, loaded, out,
                            None if said is None else (site_listed, spare_listed))
    warnings = loaded.report.warnings
    worded = [diagnostics.report([warning], loaded.catalogue) for warning in warnings]
    result = BuildResult(len(loaded.site.goals), tuple(warnings), rendered,
                         loaded.catalogue.language, loaded.site.config.statuses, discarded,
                         "".join(worded))
    # Reported again when nothing changes, but without what this build did once.
    again = [(warning, text) for warning, text in zip(warnings, worded, strict=True)
             if warning.code != "removed-foreign-file"]
    session.save(inputs, replace(result, warnings=tuple(warning for warning, _ in again),
                                 report="".join(text for _, text in again)))
    return result
