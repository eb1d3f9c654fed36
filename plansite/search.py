"""The search index: Pagefind run over one small document per indexed page.

Pagefind indexes plans, focus areas, shared themes (priorities) and goals. It does
not read the written site: a plan page repeats every goal body its goal pages hold,
and parsing 30,000 full pages costs minutes at 10,000 goals. `documents` makes, from
each indexed page's context, a short HTML file with just what a search should find
(title, text, evidence, result, follow-ups) and the result's filters and facts; the
file sits at the page's own path, so Pagefind's URL for it is the page's URL.

The index is split into shards by unit (`Layout`); a shard's key hashes the
fingerprints of its pages and is stored beside its index, so a build whose pages of
a shard are unchanged neither makes its documents nor runs Pagefind on it. In a
build (`Indexing`) the render workers make the documents where they render the pages,
a stale shard's pages first, and hand each shard over as they get past it: Pagefind
indexes it while the rest is rendered and the unchanged files are linked, and the
last shards on every core, into the staged site: the published site and its index
are swapped in together. The live preview reindexes in the background after a save.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import hashlib
import html
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from plansite import cache, pagemeta, parallel, publish
from plansite.model import Site
from plansite.outputs import Inputs, Planned
from plansite.pages import FocusAreaContext, GoalContext, PlanContext
from plansite.priority_pages import PriorityContext

INDEX_DIR = "pagefind"
"""The index's folder in the site (a reserved name: no unit may take it)."""

STAMP = "plansite-documents.txt"
"""In the index's folder: the digest of the documents it was made from."""

VERSION = "2"
"""Bump when the documents' form changes, so no index made from older ones is reused."""


class SearchIndexFailed(RuntimeError):
    """Pagefind did not write an index: a broken installation, not a content problem."""


# --- what is indexed ------------------------------------------------------------------------

def _body(context: object) -> Iterable[str]:
    """The HTML a search should find on a page, besides its title."""
    if isinstance(context, GoalContext):
        goal = context.goal
        yield from (goal.text_html, goal.evidence_html, goal.result_html)
        yield html.escape(context.area.title)
        yield from (published.entry.text_html for published in context.entries)
    elif isinstance(context, PlanContext):
        yield context.plan.intro_html
        yield from (html.escape(area.title) for area in context.plan.focus_areas)
    elif isinstance(context, FocusAreaContext):
        yield context.area.intro_html
        yield from (html.escape(goal.title) for goal in context.area.goals)
    elif isinstance(context, PriorityContext):
        yield context.priority.description_html


def document(inputs: Inputs, item: Planned, meta: pagemeta.PageMeta | None) -> str | None:
    """The small HTML document Pagefind reads for an indexed page (`meta` is its
    `pagemeta.head`); None for other files."""
    page = item.file.page
    if page is None or meta is None or not meta.indexed:
        return None
    spans = [f'<span data-pagefind-filter="{html.escape(f"{name}:{value}")}"></span>'
             for name, value in meta.filters]
    spans += [f'<span data-pagefind-meta="{html.escape(f"{name}:{value}")}"></span>'
              for name, value in meta.meta]
    body = "\n".join(part for part in _body(item.file.data()) if part)
    return (f'<!doctype html><html lang="{inputs.site.config.language}"><head><meta '
            f'charset="utf-8"><title>{html.escape(page.title)}</title></head><body>'
            f"<main data-pagefind-body><h1>{html.escape(page.title)}</h1>"
            f"{''.join(spans)}\n{body}</main></body></html>\n")


def documents(inputs: Inputs, planned: Iterable[Planned]) -> dict[str, str]:
    """Path of each indexed page → its document."""
    found = {item.path: document(inputs, item, pagemeta.head(inputs, item))
             for item in planned}
    return {path: doc for path, doc in found.items() if doc is not None}


SHARD_GOALS = 1500
"""Goals per index shard: Pagefind holds a whole index in memory (about 1 GB at 10,000
goals), and an edit reindexes only the shard of the edited unit.
PLANSITE_SEARCH_SHARD_GOALS overrides it (the tests split the small demo)."""

SHARD_PREFIX = "shard-"


def shard_count(site: Site) -> int:
    """How many indexes the site's search is split into (1 for most sites).

    Never more than the units with plans, so every shard has pages (see `shard_of`).
    """
    per_shard = int(os.environ.get("PLANSITE_SEARCH_SHARD_GOALS", "") or SHARD_GOALS)
    goals = sum(len(plan.goals) for plan in site.plans.values())
    units = len({plan.unit for plan in site.plans.values()})
    return max(1, min(-(-goals // max(1, per_shard)), units))


INDEXED_KINDS = frozenset({"plan", "focus-area", "priority", "goal"})
"""The kinds of the pages `pagemeta` marks as indexed (a test checks that the two agree)."""

@dataclass(frozen=True)
class Layout:
    """Which shard each indexed page is in, and each shard's key.

    The key hashes the fingerprints of the shard's pages: a page's fingerprint covers
    everything it is made from, so its document too. A shard whose key is the stamp
    of the published index needs no documents; an edit thus documents one shard.
    """

    shard_of: dict[str, int]
    order: dict[str, int]
    """Each indexed page's place among the site's files."""
    keys: list[str]
    old: list[tuple[str, str]]
    """The published index's stamp of each shard: (key, documents' digest)."""

    @classmethod
    def of(cls, planned: list[Planned], fingerprints: dict[str, str], count: int,
           published: Path) -> Layout:
        paths = [item.path for item in planned if item.kind.name in INDEXED_KINDS]
        shard_of = _split(paths, count)
        keys = []
        for number in range(count):
            h = hashlib.blake2b(f"{VERSION}:{count}".encode(), digest_size=16)
            for path in sorted(path for path in paths if shard_of[path] == number):
                h.update(f"{path}\0{fingerprints[path]}\n".encode())
            keys.append(h.hexdigest())
        return cls(shard_of, {path: number for number, path in enumerate(paths)}, keys,
                   [_stamp(published / _relative(n)) for n in range(count)])

    def current(self, shard: int) -> bool:
        """Whether the published index of `shard` is made from the same pages."""
        return self.old[shard][0] == self.keys[shard]

    def shard(self, number: int, docs: dict[str, str] | None) -> Shard:
        """What becomes of shard `number`: `docs` are its documents, which are needed
        (and made by the caller) only when the shard is not current."""
        old_key, old_digest = self.old[number]
        if old_key == self.keys[number]:
            return Shard(f"{old_key}\n{old_digest}", None, current=True)
        if docs is None:
            raise ValueError(f"shard {number} is not current: its documents are needed")
        # Changed fingerprints (a theme or site.yaml edit changes every one): the
        # documents decide whether Pagefind must run.
        wanted = digest(docs)
        return Shard(f"{self.keys[number]}\n{wanted}", None if wanted == old_digest else docs)


@dataclass(frozen=True)
class Shard:
    """One index shard: its stamp, and the documents Pagefind is to index."""

    stamp: str
    """Written beside its index: the key (the pages' fingerprints), then the documents'
    digest."""
    docs: dict[str, str] | None
    """None when the published index of the shard is made from the same documents:
    it is linked into the new index."""
    current: bool = False
    """The published index is stamped with the same key: it stays as it is."""


def _split(paths: Iterable[str], count: int) -> dict[str, int]:
    """Each path's shard, by the first part of the path (a unit, or `tema`): the units in
    sorted order take turns, so each shard gets whole units and none is empty."""
    segments = sorted({path.split("/", 1)[0] for path in paths})
    turn = {segment: index % count for index, segment in enumerate(segments)}
    return {path: turn[path.split("/", 1)[0]] for path in paths}


def shards(inputs: Inputs, planned: list[Planned], fingerprints: dict[str, str], count: int,
           published: Path, kept: dict[str, tuple[str, str]] | None = None) -> list[Shard]:
    """The index's shards (for the live preview), each with its stamp and, where the
    published index (`published`, the site's /pagefind/) is not made from them, its
    documents.

    `kept` (page → its fingerprint and document, "" for none) holds the documents made
    before: a page whose fingerprint is the same has the same document, so a save makes
    the documents of the pages it changed, not of its shard's 2,000 (0.4 s at 10,000
    goals). The documents made are added to it."""
    layout = Layout.of(planned, fingerprints, count, published)
    kept = kept if kept is not None else {}

    def docs(number: int) -> dict[str, str]:
        found = {}
        for item in planned:
            if layout.shard_of.get(item.path) != number:
                continue
            fingerprint = fingerprints[item.path]
            known = kept.get(item.path)
            if known is None or known[0] != fingerprint:
                doc = document(inputs, item, pagemeta.head(inputs, item))
                known = kept[item.path] = (fingerprint, doc or "")
            if known[1]:
                found[item.path] = known[1]
        return found

    return [layout.shard(number, None if layout.current(number) else docs(number))
            for number in range(count)]


def digest(docs: dict[str, str]) -> str:
    """One hash of the documents (and of this module's version of them)."""
    h = hashlib.blake2b(VERSION.encode(), digest_size=16)
    for path in sorted(docs):
        for part in (path.encode(), docs[path].encode()):
            h.update(len(part).to_bytes(8, "little"))
            h.update(part)
    return h.hexdigest()


def bundle_path(shard: int) -> str:
    """The folder of a shard's index in the site: the first is /pagefind/ itself."""
    return INDEX_DIR if shard == 0 else f"{INDEX_DIR}/{SHARD_PREFIX}{shard}"


def extra_bundles(site: Site) -> tuple[str, ...]:
    """URLs of the shards the search page merges into the first one."""
    return tuple(f"/{bundle_path(shard)}/" for shard in range(1, shard_count(site)))


def _write_documents(docs: dict[str, str], folder: Path) -> Path:
    """Write the documents under `folder` at their pages' paths; returns `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    for path, text in docs.items():
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return folder


@functools.cache
def _pagefind() -> list[str]:
    """Pagefind's binary, as `python -m pagefind` finds it (PAGEFIND_BINARY_PATH, then the
    pagefind_bin wheel): run directly, each shard is spared starting Python (70 ms)."""
    try:
        from pagefind.service import get_executable
    except ImportError:  # pragma: no cover - a declared dependency
        return [sys.executable, "-m", "pagefind"]
    binary = get_executable()
    return [str(binary)] if binary is not None else [sys.executable, "-m", "pagefind"]


def _command(documents_dir: Path, output: Path) -> list[str]:
    return [*_pagefind(), "--site", str(documents_dir), "--output-path", str(output),
            "--silent"]


def _relative(shard: int) -> Path:
    """A shard's folder inside the site's /pagefind/ ('.' for the first)."""
    return Path(bundle_path(shard)).relative_to(INDEX_DIR)


def _stamp(bundle: Path) -> tuple[str, str]:
    """(key, documents' digest) of the index in `bundle`; empty when it has none."""
    try:
        if (bundle / "pagefind.js").is_file():
            lines = (bundle / STAMP).read_text(encoding="utf-8").split("\n")
            if len(lines) >= 2 and lines[0] and lines[1]:
                return lines[0], lines[1]
    except OSError:
        pass
    return "", ""


def _seal(bundle: Path, result: subprocess.CompletedProcess[str], wanted: str) -> None:
    """Check Pagefind's run, make its index canonical and stamp it with its digest."""
    if result.returncode != 0 or not (bundle / "pagefind.js").is_file():
        said = (result.stderr or result.stdout or "").strip()[-2000:]
        raise SearchIndexFailed(f"pagefind exit code {result.returncode}: {said}")
    canonicalise(bundle)
    (bundle / STAMP).write_text(wanted + "\n", encoding="utf-8")


def _restamp(bundle: Path, stamp: str) -> None:
    """Give a linked index its new stamp (a new file: the old one is the published one's)."""
    (bundle / STAMP).unlink(missing_ok=True)
    (bundle / STAMP).write_text(stamp + "\n", encoding="utf-8")


def _link_or_copy(source: str, target: str) -> None:
    """A hard link where the file system allows one, else a copy."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _copy_bundle(source: Path, target: Path) -> None:
    """Link a shard's index files into `target` (not the other shards inside the first)."""
    shutil.copytree(source, target, copy_function=_link_or_copy,
                    ignore=shutil.ignore_patterns(f"{SHARD_PREFIX}*")
                    if source.name == INDEX_DIR else None)


class _Runs:
    """Pagefind's runs over the shards of one index, at most a given number at a time.

    Each run writes its output to a log file, not a pipe, so a run is never held up by
    a pipe nobody reads while the build renders pages; `fill` and `wait` look at the
    runs between other work.
    """

    def __init__(self, work: Path, running: list[subprocess.Popen[str]] | None = None,
                 stop: threading.Event | None = None) -> None:
        self.work, self.running, self.stop = work, running, stop
        self.waiting: list[tuple[int, str, Path]] = []
        self.active: dict[int, tuple[subprocess.Popen[str], str, Path]] = {}
        self.made: dict[int, Path] = {}

    def add(self, shard: int, stamp: str, pages: Path) -> None:
        """Index the documents in `pages` as shard `shard`, stamped `stamp`."""
        self.waiting.append((shard, stamp, pages))

    def fill(self, limit: int) -> None:
        """Seal the runs that ended and start waiting ones, up to `limit` at a time."""
        for shard, (process, stamp, pages) in list(self.active.items()):
            if process.poll() is not None:
                del self.active[shard]
                self._sealed(shard, process, stamp, pages)
        while self.waiting and len(self.active) < max(1, limit):
            if self.stop is not None and self.stop.is_set():
                raise SearchIndexFailed("stopped")
            shard, stamp, pages = self.waiting.pop(0)
            pages.mkdir(parents=True, exist_ok=True)  # a shard may have no pages
            with (self.work / f"index-{shard}.log").open("w", encoding="utf-8") as log:
                process = subprocess.Popen(_command(pages, self.work / f"index-{shard}"),
                                           stdin=subprocess.DEVNULL, stdout=log,
                                           stderr=subprocess.STDOUT, text=True)
            if self.running is not None:
                self.running.append(process)
            self.active[shard] = (process, stamp, pages)

    def wait(self, limit: int) -> dict[int, Path]:
        """Run every shard, `limit` at a time; the output folder of each."""
        while self.waiting or self.active:
            self.fill(limit)
            if self.active:
                time.sleep(0.01)
        return self.made

    def _sealed(self, shard: int, process: subprocess.Popen[str], stamp: str,
                pages: Path) -> None:
        output = self.work / f"index-{shard}"
        said = (self.work / f"index-{shard}.log").read_text(encoding="utf-8", errors="replace")
        _seal(output, subprocess.CompletedProcess(process.args, process.returncode, said), stamp)
        shutil.rmtree(pages, ignore_errors=True)
        self.made[shard] = output


def _assemble(stamps: list[str], made: dict[int, Path], previous: Path, target: Path) -> None:
    """Put every shard's index under `target` (a new folder, the site's /pagefind/): the
    new runs' output (`made`), and for the other shards the published index `previous`,
    whose documents' digest must be the stamp's."""
    # In shard order: the first shard's folder is /pagefind/ itself, which holds the others.
    for shard, wanted in enumerate(stamps):
        new, output = target / _relative(shard), made.get(shard)
        if output is None:
            old = previous / _relative(shard)
            if _stamp(old)[1] != wanted.split("\n")[1]:
                raise SearchIndexFailed(f"the index of shard {shard} changed meanwhile")
            _copy_bundle(old, new)
            _restamp(new, wanted)
        else:
            new.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(str(output), str(new))


def write_index(parts: list[tuple[str, Path | None]], previous: Path, target: Path,
                work: Path, running: list[subprocess.Popen[str]] | None = None,
                jobs: int = 1, stop: threading.Event | None = None) -> int:
    """Write the index of every shard under `target` (a new folder, the site's /pagefind/)
    from (stamp, folder of its documents); a shard without a folder is linked from
    `previous` (the published /pagefind/), whose documents' digest must be the stamp's.
    Up to `jobs` Pagefind runs at a time, in `work`; a shard's index does not depend on
    the others'. Once `stop` is set, no further run starts. Returns how many shards
    were indexed anew."""
    runs = _Runs(work, running, stop)
    for shard, (stamp, pages) in enumerate(parts):
        if pages is not None:
            runs.add(shard, stamp, pages)
    made = runs.wait(jobs)
    _assemble([stamp for stamp, _pages in parts], made, previous, target)
    return len(made)


class Indexing:
    """The search index of one build.

    Made before the pages are rendered: it lays out the shards and sees which are
    current. `start` makes its work folder. The render workers take the pages of the
    other (stale) shards first, shard by shard (`order`), make each page's document
    where they render it (a page's context is made once), and hand a shard's documents
    over as soon as they are past its pages (`Handoff`). As soon as every worker has
    handed a shard over, Pagefind indexes it (`pump`), one shard at a time while pages
    are still rendered, beside them; `finish` runs the rest, as many at a time as there
    are cores, and moves the index into the stage. The workers link the unchanged files
    after their documents, so in a rebuild Pagefind runs meanwhile.
    """

    def __init__(self, inputs: Inputs, planned: list[Planned], fingerprints: dict[str, str],
                 count: int, out: Path, kept: Path | None = None) -> None:
        self.inputs = inputs
        self.published = out / INDEX_DIR
        self.layout = Layout.of(planned, fingerprints, count, self.published)
        self.stale = {number for number in range(count) if not self.layout.current(number)}
        self.fingerprints = fingerprints
        self.kept = kept
        """The build cache's file (`cache.save_documents`), or None: a stale shard's pages
        whose fingerprints are the ones their kept documents were made from take those
        documents, so an edit makes the documents of its changed pages only."""
        self._reused: dict[int, dict[str, str]] = {number: {} for number in self.stale}
        if kept is not None:
            for number in self.stale:
                for page, (fingerprint, doc) in cache.load_documents(kept, number).items():
                    if fingerprints.get(page) == fingerprint and \
                            self.layout.shard_of.get(page) == number:
                        self._reused[number][page] = doc
        self.out = out
        self.work = Path()
        self.running: list[subprocess.Popen[str]] = []
        self.stop = threading.Event()
        self.parts = 1
        self.owner = os.getpid()
        """The process that made this (the build's): it starts Pagefind; a forked
        worker only hands documents over."""
        self._mine: dict[tuple[int, int], list[tuple[str, str]]] = {}
        self._stamps: dict[int, str] = {}
        self._documents: dict[int, list[tuple[str, str]]] = {}
        self._runs = _Runs(self.work)

    def start(self, parts: int = 1) -> None:
        """Make the work folder, once the build has begun (it removes a killed build's):
        beside the site, on its file system, so the index is moved and linked, not
        copied, and named like the build's staging folder, so the next build removes it
        if this one is killed (`publish.clean_leftovers`). `parts`: how many workers
        hand documents over."""
        resolved = self.out.resolve()
        resolved.parent.mkdir(parents=True, exist_ok=True)
        self.work = Path(tempfile.mkdtemp(prefix=f".{resolved.name}.new-search-",
                                          dir=resolved.parent))
        self.parts = parts
        self._runs = _Runs(self.work, self.running, self.stop)

    def documented(self, planned: list[Planned]) -> list[Planned]:
        """The pages whose documents this build makes (every indexed page of a stale
        shard, rendered or not, but those whose kept documents it reuses)."""
        return [item for item in planned
                if self.layout.shard_of.get(item.path, -1) in self.stale
                and item.path not in self._reused[self.layout.shard_of[item.path]]]

    def rank(self, path: str) -> int:
        """The stale shard a file's page is in; past the last shard for any other file."""
        shard = self.layout.shard_of.get(path)
        return shard if shard is not None and shard in self.stale else len(self.layout.keys)

    def order(self, work: list[Planned]) -> list[Planned]:
        """`work` as the workers take it: the pages of each stale shard in the site's
        order, shard after shard, then the other files as they came."""
        order = self.layout.order
        return sorted(work, key=lambda item: (self.rank(item.path), order.get(item.path, 0)))

    def document(self, item: Planned, head: Callable[[Planned], pagemeta.PageMeta | None]
                 ) -> tuple[str, str] | None:
        """(path, document) of the page if its shard is indexed anew (in a worker); `head`
        gives its `pagemeta` (the renderer's, which has it from rendering the page)."""
        rank = self.rank(item.path)
        if rank == len(self.layout.keys) or item.path in self._reused[rank]:
            return None
        doc = document(self.inputs, item, head(item))
        return (item.path, doc) if doc is not None else None

    def handoff(self, part: int) -> Handoff:
        """What worker `part` hands its documents over with."""
        return Handoff(self, part)

    def hand_over(self, part: int, shard: int, docs: list[tuple[str, str]]) -> None:
        """Worker `part`'s documents of `shard` (all of them): kept, in the build's process,
        or written for it to read, in a forked worker."""
        if os.getpid() == self.owner:
            self._mine[(shard, part)] = docs
            self.pump()
            return
        final = self.work / f"docs-{shard}-{part}.json"
        temp = final.with_suffix(".tmp")
        temp.write_text(json.dumps(docs, ensure_ascii=False), encoding="utf-8")
        os.replace(temp, final)

    def _handed(self, shard: int) -> list[tuple[str, str]] | None:
        """Every worker's documents of `shard`, once all have handed it over, and the
        documents reused."""
        files = {part: self.work / f"docs-{shard}-{part}.json" for part in range(self.parts)
                 if (shard, part) not in self._mine}
        if not all(path.is_file() for path in files.values()):
            return None  # read nothing until every worker is past the shard
        found: list[tuple[str, str]] = list(self._reused[shard].items())
        for part in range(self.parts):
            path = files.get(part)
            found.extend(self._mine[(shard, part)] if path is None else
                         [(page, doc) for page, doc in
                          json.loads(path.read_text(encoding="utf-8"))])
        return found

    def pump(self, limit: int = 1) -> None:
        """In the build's process: index each shard every worker has handed over, `limit`
        runs at a time (while pages are still rendered, one: Pagefind takes more than
        one core, and about 80 MB per 1,000 documents)."""
        if os.getpid() != self.owner or self.work == Path():
            return
        for shard in sorted(self.stale - self._stamps.keys()):
            docs = self._handed(shard)
            if docs is None:
                continue
            # Written in the order of the site's files: Pagefind numbers the pages in the
            # order it finds them, so the same documents give the same index.
            docs.sort(key=lambda pair: self.layout.order[pair[0]])
            part = self.layout.shard(shard, dict(docs))
            self._stamps[shard] = part.stamp
            self._documents[shard] = docs
            if part.docs is not None:
                self._runs.add(shard, part.stamp,
                               _write_documents(part.docs, self.work / f"pages-{shard}"))
        self._runs.fill(limit)

    def finish(self, stage: Path, meanwhile: Callable[[], None] = lambda: None) -> None:
        """Once every worker is done: index the shards not indexed yet, as many at a time
        as there are cores, and put the index into `stage`/pagefind (the stage is swapped
        in after this). `meanwhile` runs while Pagefind does."""
        self.pump(parallel.workers())
        meanwhile()
        self._keep()
        missing = self.stale - self._stamps.keys()
        if missing:
            raise SearchIndexFailed(f"the documents of shards {sorted(missing)} are missing")
        made = self._runs.wait(parallel.workers())
        stamps = [self._stamps.get(number) or self.layout.shard(number, None).stamp
                  for number in range(len(self.layout.keys))]
        _assemble(stamps, made, self.published, self.work / INDEX_DIR)
        target = stage / INDEX_DIR
        shutil.rmtree(target, ignore_errors=True)
        shutil.move(str(self.work / INDEX_DIR), str(target))

    def _keep(self) -> None:
        """Keep the documents of the shards made anew for the next build (while Pagefind
        runs): each with its page's fingerprint."""
        if self.kept is None:
            return
        for shard, docs in self._documents.items():
            cache.save_documents(self.kept, shard, {
                page: (self.fingerprints[page], doc) for page, doc in docs})

    def close(self) -> None:
        """Stop Pagefind if it still runs (a failed build) and remove the temporary files."""
        self.stop.set()
        for process in self.running:
            if process.poll() is None:
                process.kill()
                process.wait()
        if self.work != Path():
            shutil.rmtree(self.work, ignore_errors=True)


class Handoff:
    """One worker's documents, handed over shard by shard as it gets past each shard's
    pages (its share of `Indexing.order`'s list is in shard order too)."""

    PUMP_EVERY = 64
    """Pages between two looks at the other workers' handovers, in the build's process."""

    def __init__(self, indexing: Indexing, part: int) -> None:
        self.indexing, self.part = indexing, part
        self.pending = sorted(indexing.stale)
        self.docs: list[tuple[str, str]] = []
        self.seen = 0

    def add(self, item: Planned, head: Callable[[Planned], pagemeta.PageMeta | None]) -> None:
        """The worker has rendered `item` (or not: it was unchanged): its document."""
        self._past(self.indexing.rank(item.path))
        doc = self.indexing.document(item, head)
        if doc is not None:
            self.docs.append(doc)
        self.seen += 1
        if self.seen % self.PUMP_EVERY == 0:
            self.indexing.pump()

    def close(self) -> None:
        """The worker is past every page: hand over what is left."""
        self._past(len(self.indexing.layout.keys) + 1)

    def _past(self, rank: int) -> None:
        while self.pending and self.pending[0] < rank:
            self.indexing.hand_over(self.part, self.pending.pop(0), self.docs)
            self.docs = []


# --- the live preview -----------------------------------------------------------------------

PARTS = "parts.json"
"""In the live preview's work folder: each shard's stamp and documents (or null)."""


def reindex(site: Path, work: Path) -> None:
    """Index the shards `reindex_in_background` put into `work` (PARTS) and swap the
    index into the published `site`. The documents are written out here, in the
    background process, not in the preview's."""
    parts = [(stamp, None if docs is None else _write_documents(docs, work / f"pages-{n}"))
             for n, (stamp, docs) in enumerate(
                 json.loads((work / PARTS).read_text(encoding="utf-8")))]
    fresh = site / f".{INDEX_DIR}.new"
    shutil.rmtree(fresh, ignore_errors=True)
    write_index(parts, site / INDEX_DIR, fresh, work, jobs=parallel.workers())
    current = site / INDEX_DIR
    if current.exists() and publish._exchange(fresh, current):
        shutil.rmtree(fresh)
        return
    shutil.rmtree(current, ignore_errors=True)
    fresh.rename(current)


_RUNNING: dict[Path, subprocess.Popen[bytes]] = {}
"""The live preview's reindexing process per site folder."""


def reindex_in_background(site: Path, make: Callable[[Path], list[Shard]]) -> None:
    """Reindex `site` in its own process, stopping one still running for the same site;
    nothing is run when every shard's index is current. `make(pagefind folder)` gives
    the shards (`shards`), after the one running is stopped.

    At 10,000 goals Pagefind takes seconds; the live preview must not wait for it
    before it takes the next save. The newest save wins.
    """
    site = site.resolve()
    cancel(site)
    parts = make(site / INDEX_DIR)
    if all(part.current for part in parts):
        return
    folder = Path(tempfile.mkdtemp(prefix="plansite-search-"))
    (folder / PARTS).write_text(json.dumps([[part.stamp, part.docs] for part in parts]),
                                encoding="utf-8")
    _RUNNING[site] = subprocess.Popen(
        [sys.executable, "-m", "plansite.search", str(site), str(folder)],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True)


def cancel(site: Path) -> None:
    """Stop the reindexing of `site`, with its Pagefind process (same process group)."""
    process = _RUNNING.pop(site.resolve(), None)
    if process is not None and process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        process.wait()


def wait(site: Path) -> int | None:
    """Wait for the reindexing of `site` to end; its exit code (None: none was running)."""
    process = _RUNNING.pop(site.resolve(), None)
    return process.wait() if process is not None else None


# --- a byte-identical index ------------------------------------------------------------
#
# Pagefind 1.5 writes each filter's values in hash-map order, which changes from run to
# run; everything else it writes is the same for the same pages. `canonicalise` sorts the
# values (and the filter list in the language's meta file), names the files by their new
# content and points pagefind-entry.json at them, so equal pages give an equal index. The
# files are gzipped CBOR after a "pagefind_dcd" signature; only arrays, text, byte
# strings and unsigned integers occur, and a file that does not read back byte for byte
# is left alone.

SIGNATURE = b"pagefind_dcd"
CborValue = int | str | bytes | list["CborValue"]


def _read_head(data: bytes, at: int) -> tuple[int, int, int]:
    """(major type, argument, next offset) of the CBOR item at `at`."""
    first = data[at]
    major, info = first >> 5, first & 31
    if info < 24:
        return major, info, at + 1
    size = {24: 1, 25: 2, 26: 4, 27: 8}.get(info)
    if size is None:
        raise ValueError("indefinite or reserved CBOR length")
    return major, int.from_bytes(data[at + 1:at + 1 + size], "big"), at + 1 + size


def _decode(data: bytes, at: int = 0) -> tuple[CborValue, int]:
    major, argument, at = _read_head(data, at)
    if major == 0:
        return argument, at
    if major in (2, 3):
        raw = data[at:at + argument]
        return (raw if major == 2 else raw.decode()), at + argument
    if major == 4:
        items: list[CborValue] = []
        for _ in range(argument):
            item, at = _decode(data, at)
            items.append(item)
        return items, at
    raise ValueError(f"CBOR major type {major} is not expected in a Pagefind file")


def _head(major: int, argument: int) -> bytes:
    if argument < 24:
        return bytes([major << 5 | argument])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if argument < 1 << (8 * size):
            return bytes([major << 5 | info]) + argument.to_bytes(size, "big")
    raise ValueError("CBOR integer too large")


def _encode(value: CborValue) -> bytes:
    if isinstance(value, int):
        return _head(0, value)
    if isinstance(value, bytes):
        return _head(2, len(value)) + value
    if isinstance(value, str):
        raw = value.encode()
        return _head(3, len(raw)) + raw
    return _head(4, len(value)) + b"".join(_encode(item) for item in value)


def _load(path: Path) -> CborValue | None:
    """A Pagefind file's content, or None when it is not what this module understands."""
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(SIGNATURE):
        return None
    try:
        value, end = _decode(data, len(SIGNATURE))
    except (ValueError, IndexError, UnicodeDecodeError):
        return None
    return value if end == len(data) and _encode(value) == data[len(SIGNATURE):] else None


def _store(folder: Path, prefix: str, digits: int, suffix: str, value: CborValue) -> str:
    """Write `value` as <prefix><hash><suffix> in `folder`; returns the hash part."""
    data = SIGNATURE + _encode(value)
    name = prefix + hashlib.sha1(data).hexdigest()[:digits]
    (folder / f"{name}{suffix}").write_bytes(gzip.compress(data, mtime=0))
    return name


def _filter_list(bundle: Path, meta: list[CborValue]) -> int | None:
    """Where the meta file lists the filters: [name, file hash] pairs of filter/ files."""
    for position, item in enumerate(meta):
        if isinstance(item, list) and item and all(
                isinstance(pair, list) and len(pair) == 2 and isinstance(pair[1], str)
                and (bundle / "filter" / f"{pair[1]}.pf_filter").is_file() for pair in item):
            return position
    return None


def canonicalise(bundle: Path) -> bool:
    """Make the index under `bundle` the same bytes for the same pages; False if left."""
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    for language in entry.get("languages", {}).values():
        meta_path = bundle / f"pagefind.{language['hash']}.pf_meta"
        meta = _load(meta_path)
        found = _filter_list(bundle, meta) if isinstance(meta, list) else None
        if not isinstance(meta, list) or found is None:
            return False
        filters = meta[found]
        assert isinstance(filters, list)
        renamed: list[CborValue] = []
        for pair in filters:
            if not (isinstance(pair, list) and len(pair) == 2 and isinstance(pair[1], str)):
                return False
            old = bundle / "filter" / f"{pair[1]}.pf_filter"
            content = _load(old)
            if not (isinstance(content, list) and len(content) == 2
                    and isinstance(content[1], list)):
                return False
            content[1].sort(key=lambda item: _encode(item))
            old.unlink()
            prefix = pair[1].split("_", 1)[0] + "_"
            renamed.append([pair[0], _store(old.parent, prefix, 7, ".pf_filter", content)])
        meta[found] = sorted(renamed, key=lambda item: _encode(item))
        meta_path.unlink()
        prefix = str(language["hash"]).split("_", 1)[0] + "_"
        language["hash"] = _store(bundle, "pagefind." + prefix, 10, ".pf_meta", meta)[
            len("pagefind."):]
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")),
                          encoding="utf-8")
    return True


def _main(site: Path, work: Path) -> None:
    """The live preview's background reindexing (its own process)."""
    try:
        reindex(site, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
        shutil.rmtree(site / f".{INDEX_DIR}.new", ignore_errors=True)


if __name__ == "__main__":
    _main(Path(sys.argv[1]), Path(sys.argv[2]))
