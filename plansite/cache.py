"""The build cache on disk, outside the site: parsed sources and what the site holds.

Keyed by the content folder, output folder and plansite's own code, so a
change to plansite never reuses stale results. Losing the cache only costs time.
"""

from __future__ import annotations

import contextlib
import dataclasses
import enum
import functools
import hashlib
import io
import os
import pickle
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import plansite

FORMAT = 9


@functools.cache
def code_version() -> str:
    """Changes whenever any file of the plansite package changes.

    Hashes the files' bytes, not their times: a fresh checkout or install (every CI
    run) has new times but the same code, and must find the cache it restored."""
    package = Path(plansite.__file__).parent
    h = hashlib.blake2b(digest_size=12)
    h.update(f"{FORMAT}:{plansite.__version__}".encode())
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".yaml") and path.is_file():
            data = path.read_bytes()
            h.update(f"{path.relative_to(package)}:{len(data)}:".encode())
            h.update(data)
    return h.hexdigest()


Manifest = dict[str, tuple[int, int, int]]
"""File → (size, mtime_ns, inode), see `manifest_of`."""


@dataclass
class CacheState:
    """What one build leaves for the next."""

    parsed: dict[Path, Any] = field(default_factory=dict)
    """Source path → (content hash, Plan or None, problems, (mtime_ns, size, settings))."""
    versions: dict[Any, Any] = field(default_factory=dict)
    """Earlier versions of sources in git → what their goals said (see `history`)."""
    links: dict[tuple[int, str], tuple[Any, Any]] = field(default_factory=dict)
    """(id of a parsed plan, previous plan's key) → (that plan, the plan with its
    references resolved): `links.link`'s memo, stored with the plan's source (`load`
    gives the entries the ids of the plans it reads)."""
    fingerprints: dict[str, str] = field(default_factory=dict)
    """Output file → fingerprint of the inputs it was rendered from."""
    manifest: Manifest = field(default_factory=dict)
    """Output file → (size, mtime_ns, inode) when the build finished, to notice outside
    edits."""
    spare: Manifest = field(default_factory=dict)
    """The same of the folder the build swapped out (`publish.spare_dir`), which the next
    build brings up to date as its stage; empty when there is none to trust."""
    discarded: bool = False
    """The cache file was damaged or from another version, and was not used."""
    stored: dict[Path, tuple[Any, tuple[tuple[str, Any], ...]]] = field(
        default_factory=dict, repr=False)
    """Source path → the parsed entry and resolved plans `load` read from its part of the
    file: while they are still the ones in `parsed` and `links`, `save` copies the part
    as it is, so a rebuild after one edit pickles one plan again, not all of them."""


def cache_file(cache_dir: Path, content_dir: Path, out: Path, base_url: str | None) -> Path:
    key = f"{content_dir.resolve()}|{out.resolve()}|{base_url}|{code_version()}"
    return cache_dir / (hashlib.blake2b(key.encode(), digest_size=12).hexdigest() + ".pickle")


MAGIC = b"plansite-cache\n"


class _Unpickler(pickle.Unpickler):
    """Unpickles only plansite's own data classes and plain values.

    A cache may come from an untrusted place (a CI cache restored from a fork's
    run). Pickle can call any importable function while loading; this one
    refuses every global but the model's dataclasses, dates, paths and a few
    builtin containers, so a crafted cache cannot run code.
    """

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in _ALLOWED:
            return super().find_class(module, name)
        if module.startswith("plansite.") and "." not in name:
            found = super().find_class(module, name)
            if isinstance(found, type) and (dataclasses.is_dataclass(found)
                                            or issubclass(found, enum.Enum)):
                return found
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a cache")


_ALLOWED = {("pathlib", "PosixPath"), ("pathlib", "PurePosixPath"), ("pathlib", "Path"),
            ("builtins", "set"), ("builtins", "frozenset"), ("builtins", "slice"),
            ("datetime", "date"), ("datetime", "datetime"), ("collections", "OrderedDict"),
            ("markupsafe", "Markup")}


def load(path: Path) -> CacheState:
    """The cache, or an empty one when it is missing, from another version or damaged.

    The file is MAGIC, the code version, a checksum of the payload and the
    payload; a damaged or foreign file is discarded (the build starts from
    scratch) and `CacheState.discarded` says so, for a one-line notice.
    """
    try:
        state, parts = _split(_read(path))
        for source, data in parts.items():
            entry, resolved = _part(_unpickle(data))
            state.parsed[source] = entry
            for previous, plan in resolved:
                state.links[(id(entry[1]), previous)] = (entry[1], plan)
            state.stored[source] = (entry, resolved)
    except FileNotFoundError:
        return CacheState()
    except (OSError, ValueError):  # a folder where the file should be, damage, another version
        return CacheState(discarded=True)
    try:
        state.fingerprints, state.manifest, state.spare = _site(_read(site_file(path)))
    except (OSError, ValueError):  # the sources' part alone: the site is rendered anew
        state.fingerprints, state.manifest, state.spare = {}, {}, {}
    return state


def save_sources(path: Path, state: CacheState) -> None:
    """Write the sources' part of the cache atomically: what does not depend on the
    published site, so a build writes it while Pagefind runs, before it publishes.

    Each source has its own part (its parsed entry and resolved plan, pickled
    apart): one plan pickled at a time is faster than all in one, and a part whose
    objects are the ones `load` read is copied from the file as it is. A cache that
    cannot be written only costs time.
    """
    state.discarded = False
    resolved: dict[int, list[tuple[str, Any]]] = {}
    for (_id, previous), (plan, done) in state.links.items():
        resolved.setdefault(id(plan), []).append((previous, done))
    wanted = {source: (entry, tuple(sorted(resolved.get(id(entry[1]), ()) if entry[1] is not None
                                           else (), key=lambda pair: pair[0])))
              for source, entry in state.parsed.items()}
    kept = {source for source, (entry, done) in wanted.items()
            if _same(state.stored.get(source), entry, done)}
    # The kept parts are read back from the file rather than held since `load`: their
    # bytes (45 MB at 10,000 goals) would stay in memory through the whole build.
    old: dict[Path, bytes] = {}
    if kept:
        with contextlib.suppress(OSError, ValueError):
            old = _split(_read(path))[1]
    parts = {source: old[source] if source in kept and source in old
             else pickle.dumps(part, protocol=pickle.HIGHEST_PROTOCOL)
             for source, part in wanted.items()}
    _write(path, (dataclasses.replace(state, parsed={}, links={}, stored={}, fingerprints={},
                                      manifest={}), parts))


def save_site(path: Path, state: CacheState, stamp: Stamp) -> None:
    """Write what the published site holds (fingerprints and manifest), then the stamp:
    after the site is swapped in. A build that fails after `save_sources` leaves the
    last published site's part, which still describes the site on disk."""
    _write(site_file(path), (state.fingerprints, state.manifest, state.spare))
    save_stamp(path, stamp)


def save_stamp(path: Path, stamp: Stamp) -> None:
    _write(stamp_file(path), stamp)


def site_file(path: Path) -> Path:
    return path.with_suffix(".site")


def documents_file(path: Path, shard: int) -> Path:
    """Where the search documents of index shard `shard` are kept (`search.Indexing`)."""
    return path.with_suffix(f".docs-{shard}")


def save_documents(path: Path, shard: int, documents: dict[str, tuple[str, str]]) -> None:
    """Keep a shard's search documents, page path → (the page's fingerprint, document)."""
    _write(documents_file(path, shard), documents)


def load_documents(path: Path, shard: int) -> dict[str, tuple[str, str]]:
    """What `save_documents` kept for `shard`; empty when missing, damaged or another
    version (the documents are then made again)."""
    try:
        value = _read(documents_file(path, shard))
    except (OSError, ValueError):
        return {}
    if not isinstance(value, dict) or not all(
            isinstance(page, str) and isinstance(pair, tuple) and len(pair) == 2
            and all(isinstance(part, str) for part in pair) for page, pair in value.items()):
        return {}
    return value


def lines_file(path: Path) -> Path:
    """Where each plan's open-data lines are kept (`data.reuse_lines`)."""
    return path.with_suffix(".lines")


def save_lines(path: Path, lines: dict[str, tuple[str, Any]]) -> None:
    """Keep each plan's open-data lines, plan key → (digest of what they show, lines)."""
    _write(lines_file(path), lines)


def load_lines(path: Path) -> dict[str, tuple[str, Any]]:
    """What `save_lines` kept; empty when missing, damaged or another version (the lines
    are then written anew)."""
    from plansite.data import PlanLines  # the cache reads no page machinery before it must

    try:
        value = _read(lines_file(path))
    except (OSError, ValueError):
        return {}
    if not isinstance(value, dict) or not all(
            isinstance(plan, str) and isinstance(pair, tuple) and len(pair) == 2
            and isinstance(pair[0], str) and isinstance(pair[1], PlanLines)
            and isinstance(pair[1].csv, str) and isinstance(pair[1].json, list)
            and all(isinstance(line, str) for line in pair[1].json)
            for plan, pair in value.items()):
        return {}
    return value


def _site(value: object) -> tuple[dict[str, str], Manifest, Manifest]:
    """The site's part: (fingerprints, manifest, spare); ValueError when it is not one."""
    if not (isinstance(value, tuple) and len(value) == 3 and
            all(isinstance(part, dict) for part in value)):
        raise ValueError("not a site part")
    return value[0], value[1], value[2]


def _same(stored: tuple[Any, tuple[tuple[str, Any], ...]] | None, entry: Any,
          resolved: tuple[tuple[str, Any], ...]) -> bool:
    """Whether a source's part as `load` read it holds these very objects."""
    return stored is not None and stored[0] is entry and len(stored[1]) == len(resolved) \
        and all(a[0] == b[0] and a[1] is b[1] for a, b in zip(stored[1], resolved, strict=True))


def _split(value: object) -> tuple[CacheState, dict[Path, bytes]]:
    """The cache file's state and its sources' parts (ValueError: not a cache file)."""
    if not (isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], CacheState)
            and isinstance(value[1], dict)):
        raise ValueError("not a cache")
    return value[0], value[1]


def _part(value: object) -> tuple[tuple[Any, ...], tuple[tuple[str, Any], ...]]:
    """A source's part: its parsed entry and (previous plan's key, resolved plan) pairs."""
    if not (isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], tuple)
            and len(value[0]) == 4 and isinstance(value[1], tuple)):
        raise ValueError("not a source's part")
    return value[0], value[1]


@dataclass(frozen=True)
class Stamp:
    """What a build that changes nothing needs of the cache, in a file of its own.

    The cache holds every parsed plan (45 MB at 10,000 goals); a build whose inputs
    are unchanged need not read it to say so, nor import the model to report it.
    """

    inputs: Any
    """What the build read (`inputfiles.Inputs`)."""
    manifest: str
    """What the site held when it finished: `site_digest(out)`."""
    report: str
    """Its warnings, as the command line printed them."""
    summary: str
    """The line that says nothing changed, with "{out}" for the output folder."""
    result: bytes
    """Its BuildResult, pickled: unpickled (`build_result`) by a build that waited for
    another one, not by the command line's first look."""

    def build_result(self) -> object:
        """The BuildResult; ValueError when it is damaged."""
        return _unpickle(self.result)


def pickled(value: object) -> bytes:
    """`value` as a `Stamp` holds its result."""
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


def stamp_file(path: Path) -> Path:
    return path.with_suffix(".stamp")


def load_stamp(path: Path) -> Stamp | None:
    """The stamp written with the cache at `path`, or None (missing, damaged, another
    version)."""
    try:
        stamp = _read(stamp_file(path))
    except (OSError, ValueError):
        return None
    return stamp if isinstance(stamp, Stamp) else None


def _read(path: Path) -> object:
    """What `_write` wrote; ValueError when the file is damaged or from another version."""
    data = path.read_bytes()
    try:
        magic, version, checksum, payload = data.split(b"\n", 3)
        if magic + b"\n" != MAGIC or version.decode() != code_version():
            raise ValueError("another version")
        if _checksum(payload) != checksum:
            raise ValueError("damaged")
    except ValueError:
        raise
    except Exception as error:  # noqa: BLE001 - any damage: build from scratch
        raise ValueError(str(error)) from None
    return _unpickle(payload)


def _checksum(payload: bytes) -> bytes:
    """SHA-256 of the payload, to notice damage (the unpickler, not the checksum, keeps a
    crafted file from running code): three times faster than BLAKE2b on CPUs with SHA
    instructions, and a cache file is read and written several times per build."""
    return hashlib.sha256(payload).hexdigest().encode()


def _unpickle(data: bytes) -> object:
    """Pickled data, with only what `_Unpickler` allows; ValueError for any damage."""
    try:
        return _Unpickler(io.BytesIO(data)).load()
    except Exception as error:  # noqa: BLE001 - any damage: build from scratch
        raise ValueError(str(error)) from None


def _write(path: Path, value: object) -> None:
    """Write MAGIC, the code version, a checksum and the pickle atomically; an error only
    leaves the file as it was."""
    payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    checksum = _checksum(payload)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temp = path.with_name(path.name + f".{os.getpid()}.tmp")
        with temp.open("wb") as handle:
            for part in (MAGIC, code_version().encode(), b"\n", checksum, b"\n", payload):
                handle.write(part)  # not joined first: the payload is 50 MB at 10,000 goals
        os.replace(temp, path)
    except OSError:
        with contextlib.suppress(OSError, UnboundLocalError):
            temp.unlink()


def manifest_digest(manifest: Manifest) -> str:
    """One hash of a manifest: the stamp holds this, not 35,000 entries at 10,000 goals."""
    return _manifest_hash([f"{name}\0{size}\0{mtime}\0{inode}"
                           for name, (size, mtime, inode) in manifest.items()])


def site_digest(out: Path) -> str:
    """`manifest_digest(manifest_of(out))`, a fifth faster: a build that changes nothing
    lists the site it compares without keeping the listing."""
    lines: list[str] = []
    folders = [("", str(out))] if out.is_dir() else []
    while folders:
        prefix, folder = folders.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    folders.append((f"{prefix}{entry.name}/", entry.path))
                else:
                    stat = entry.stat()
                    lines.append(f"{prefix}{entry.name}\0{stat.st_size}\0{stat.st_mtime_ns}"
                                 f"\0{stat.st_ino}")
    return _manifest_hash(lines)


def _manifest_hash(lines: list[str]) -> str:
    """The hash of a manifest's lines in order of name ("\0" sorts before any character of
    a name, so the lines sort as their names do)."""
    lines.sort()
    return hashlib.blake2b("\n".join(lines).encode(), digest_size=16).hexdigest()


def manifest_of(out: Path, skip: str = "", prefix: str = "") -> Manifest:
    """(size, mtime_ns, inode) of every file under `out`, named `prefix` + its path in
    `out`. The inode tells a file from one written in its place within a tick of the
    clock, and a hard link of the published file from a copy (`publish.spare_dir`).

    `os.scandir` gives each entry's stat without a path join per file: at 10,000 goals
    the site has 35,000 files. `skip` leaves out one folder of the top (a build lists
    its stage while Pagefind writes the index folder, then that folder on its own).
    """
    result: Manifest = {}
    if not out.is_dir():
        return result
    folders = [(prefix, str(out))]
    while folders:
        prefix, folder = folders.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                name = prefix + entry.name
                if entry.is_dir(follow_symlinks=False):
                    if name == skip:
                        continue
                    folders.append((name + "/", entry.path))
                else:
                    stat = entry.stat()
                    result[name] = (stat.st_size, stat.st_mtime_ns, stat.st_ino)
    return result
