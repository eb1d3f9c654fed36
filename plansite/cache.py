"""The build cache on disk, outside the site: parsed sources and what the site holds.

Keyed by the content folder, output folder and plansite's own code, so a
change to plansite never reuses stale results. Losing the cache only costs time.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import plansite

FORMAT = 5


def code_version() -> str:
    """Changes whenever any file of the plansite package changes."""
    package = Path(plansite.__file__).parent
    h = hashlib.blake2b(digest_size=12)
    h.update(f"{FORMAT}:{plansite.__version__}".encode())
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".yaml") and path.is_file():
            stat = path.stat()
            h.update(f"{path.relative_to(package)}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return h.hexdigest()


@dataclass
class CacheState:
    """What one build leaves for the next."""

    parsed: dict[Path, Any] = field(default_factory=dict)
    """Source path → (content hash, Plan or None, problems, (mtime_ns, size, settings))."""
    fingerprints: dict[str, str] = field(default_factory=dict)
    """Output file → fingerprint of the inputs it was rendered from."""
    manifest: dict[str, tuple[int, int]] = field(default_factory=dict)
    """Output file → (size, mtime_ns) when the build finished, to notice outside edits."""
    inputs: str = ""
    """Hash of every input file of the last successful build."""
    result: Any = None
    """That build's BuildResult, reported again when nothing changed."""


def cache_file(cache_dir: Path, content_dir: Path, out: Path, base_url: str | None) -> Path:
    key = f"{content_dir.resolve()}|{out.resolve()}|{base_url}|{code_version()}"
    return cache_dir / (hashlib.blake2b(key.encode(), digest_size=12).hexdigest() + ".pickle")


def load(path: Path) -> CacheState:
    try:
        with path.open("rb") as handle:
            state = pickle.load(handle)  # noqa: S301 - our own file, outside the site
        return state if isinstance(state, CacheState) else CacheState()
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError,
            TypeError, ValueError):
        return CacheState()


def save(path: Path, state: CacheState) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(path.name + f".{os.getpid()}.tmp")
    with temp.open("wb") as handle:
        pickle.dump(state, handle, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(temp, path)


def manifest_of(out: Path) -> dict[str, tuple[int, int]]:
    """(size, mtime_ns) of every file under `out`."""
    result: dict[str, tuple[int, int]] = {}
    if not out.is_dir():
        return result
    for root, _dirs, files in os.walk(out):
        for name in files:
            path = os.path.join(root, name)
            stat = os.stat(path)
            result[os.path.relpath(path, out).replace(os.sep, "/")] = (stat.st_size,
                                                                       stat.st_mtime_ns)
    return result
