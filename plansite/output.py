"""Writing the site: build into a fresh folder beside the target, then swap it in.

A failed or killed build never leaves a half-written site: the published folder
is replaced in one rename (an atomic exchange where the kernel offers it), and
leftovers of an interrupted build are removed by the next one.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
from collections.abc import Mapping
from pathlib import Path

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _libc() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("c")
    try:
        return ctypes.CDLL(name, use_errno=True) if name else None
    except OSError:
        return None


_LIBC = _libc()


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths (Linux renameat2); False when not supported."""
    if _LIBC is None or not hasattr(_LIBC, "renameat2"):
        return False
    result = _LIBC.renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b),
                             _RENAME_EXCHANGE)
    return result == 0


def staging_dir(out: Path) -> Path:
    return out.parent / f".{out.name}.new"


def old_dir(out: Path) -> Path:
    return out.parent / f".{out.name}.old"


def clean_leftovers(out: Path) -> None:
    """Remove what an interrupted build left; restore the old site if the swap was cut."""
    old = old_dir(out)
    if old.exists() and not out.exists():
        old.rename(out)
    for leftover in (staging_dir(out), old):
        if leftover.exists():
            shutil.rmtree(leftover)


def write_tree(root: Path, files: Mapping[str, bytes]) -> None:
    """Write files (site-relative paths → bytes) under root."""
    made: set[Path] = set()
    for relative in sorted(files):
        target = root / relative
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        target.write_bytes(files[relative])


def publish(out: Path, files: Mapping[str, bytes]) -> None:
    """Replace `out` with exactly `files`, atomically."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    clean_leftovers(out)
    stage = staging_dir(out)
    stage.mkdir()
    write_tree(stage, files)
    swap_in(stage, out)


def swap_in(stage: Path, out: Path) -> None:
    """Make `stage` the published `out` and remove the previous one."""
    if not out.exists():
        stage.rename(out)
        return
    if _exchange(stage, out):
        shutil.rmtree(stage)
        return
    old = old_dir(out)
    out.rename(old)
    stage.rename(out)
    shutil.rmtree(old)
