"""The files a build reads besides plansite's own code: the content folder and the themes.

Kept apart from the build machinery (Jinja, Markdown, the model's pages) so that a
build whose inputs did not change (`unchanged`) can say so without importing it.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from plansite import history

DEFAULT_THEME = Path(__file__).resolve().parent.parent / "themes" / "default"


def theme_dirs(site_theme: Path | None) -> list[Path]:
    """The site's own theme (if any) before the default theme."""
    dirs = [site_theme] if site_theme is not None and site_theme.is_dir() else []
    return [*dirs, DEFAULT_THEME]


def theme_files(content_dir: Path) -> list[Path]:
    return [path for theme in theme_dirs(content_dir / "theme")
            for path in sorted(theme.rglob("*")) if path.is_file()]


def digest(content_dir: Path) -> str:
    """One hash of every file the build reads (sources and theme), and of the git history
    the plan pages show (a commit changes no file but the history)."""
    files = sorted(p for p in content_dir.rglob("*") if p.is_file()) + theme_files(content_dir)
    h = hashlib.blake2b(digest_size=16)
    for path in files:  # one file in memory at a time
        for part in (str(path).encode(), path.read_bytes()):
            h.update(len(part).to_bytes(8, "little"))
            h.update(part)
    h.update(history.state(content_dir).encode())
    return h.hexdigest()
