"""A build with nothing to do: its inputs and the published site are as the last build
left them (`cache.Stamp`).

Such a build only hashes the inputs, lists the published site and reports the last
result again. It imports nothing of the build machinery (Jinja, Markdown, the page
kinds): at 1,000 goals, those imports were half of it.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from plansite import cache, inputfiles, publish
from plansite.result import BuildResult


def check(content_dir: Path, out: Path, cache_path: Path) -> tuple[str, BuildResult | None]:
    """(digest of the inputs, the last build's result if nothing changed since it, else
    None), for a build holding `out`'s lock."""
    inputs = inputfiles.digest(content_dir)
    stamp = cache.load_stamp(cache_path)
    if stamp is not None and stamp.inputs == inputs and \
            isinstance(stamp.result, BuildResult) and \
            cache.manifest_digest(cache.manifest_of(out)) == stamp.manifest:
        return inputs, replace(stamp.result, rendered=0, cache_discarded=False)
    return inputs, None


def result(content_dir: Path, out: Path, base_url: str | None,
           cache_dir: Path) -> BuildResult | None:
    """The command line's first look: the last result if nothing changed, else None (and
    the whole build runs). None too while another build holds `out`: the build then
    waits for it and looks again."""
    if not (out.is_dir() and content_dir.is_dir()):
        return None
    try:
        with publish.locked(out, wait=False):
            return check(content_dir, out,
                         cache.cache_file(cache_dir, content_dir, out, base_url))[1]
    except (publish.Busy, OSError):
        return None
