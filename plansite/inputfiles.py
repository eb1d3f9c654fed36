"""The files a build reads besides plansite's own code: the content folder and the themes.

Kept apart from the build machinery (Jinja, Markdown, the model's pages) so that a
build whose inputs did not change (`unchanged`) can say so without importing it.
"""

from __future__ import annotations

import hashlib
import os
import time
from dataclasses import dataclass
from pathlib import Path

from plansite import gitlog

DEFAULT_THEME = Path(__file__).resolve().parent.parent / "themes" / "default"

SETTLED_NS = 1_000_000_000
"""A file whose status changed longer ago than this is trusted by its stat (`Inputs`)."""


def theme_dirs(site_theme: Path | None) -> list[Path]:
    """The site's own theme (if any) before the default theme."""
    dirs = [site_theme] if site_theme is not None and site_theme.is_dir() else []
    return [*dirs, DEFAULT_THEME]


@dataclass(frozen=True)
class Inputs:
    """What a build read: the hash of every input file's bytes and of the git history the
    plan pages show (a commit changes no file but the history), and the hash of the
    files' stats.

    A later build whose stats hash the same knows the bytes without reading them (22 MB
    at 10,000 goals). Any write gives a file a new change time (ctime), which no tool
    can set back; a write within the same tick of the clock might not, so the stats are
    trusted only when every file's last change had settled (`SETTLED_NS`) before they
    were taken, and `signature` is "" otherwise.
    """

    digest: str
    signature: str


def read(content_dir: Path, last: Inputs | None = None) -> Inputs:
    """The inputs now: `last` itself when the stats are those `last` trusted, so no file
    is read."""
    found = _files(content_dir, "content") + _files(DEFAULT_THEME, "theme")
    history = gitlog.state(content_dir).encode()
    settled = time.time_ns() - SETTLED_NS
    signature = ""
    if all(stat.st_ctime_ns < settled for _, _, stat in found):
        h = hashlib.blake2b(history, digest_size=16)
        for name, _, stat in found:
            h.update(f"\n{name}\0{stat.st_size}\0{stat.st_mtime_ns}\0{stat.st_ctime_ns}\0"
                     f"{stat.st_ino}".encode())
        signature = h.hexdigest()
        if last is not None and last.signature == signature:
            return last
    h = hashlib.blake2b(digest_size=16)
    for name, path, _ in found:  # one file in memory at a time
        with open(path, "rb") as handle:
            data = handle.read()
        for part in (name.encode(), data):
            h.update(len(part).to_bytes(8, "little"))
            h.update(part)
    h.update(history)
    return Inputs(h.hexdigest(), signature)


def _files(root: Path, label: str) -> list[tuple[str, str, os.stat_result]]:
    """(label/relative name, path, stat) of every file under `root`, by name: into
    folders, not links to folders (like pathlib's rglob); a link to a file is its file."""
    found: list[tuple[tuple[str, ...], str, os.stat_result]] = []
    folders: list[tuple[str, tuple[str, ...]]] = [(str(root), ())] if root.is_dir() else []
    while folders:
        folder, parts = folders.pop()
        with os.scandir(folder) as listing:
            for entry in listing:
                if entry.is_dir(follow_symlinks=False):
                    folders.append((entry.path, (*parts, entry.name)))
                elif entry.is_file():
                    found.append(((*parts, entry.name), entry.path, entry.stat()))
    found.sort(key=lambda item: item[0])
    return [("/".join((label, *parts)), path, stat) for parts, path, stat in found]
