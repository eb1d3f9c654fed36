"""A build with nothing to do: its inputs and the published site are as the last build
left them (`cache.Stamp`).

Such a build compares the inputs' stats (`inputfiles.read`), lists the published site
and prints what the last build printed. It imports nothing of the build machinery
(Jinja, Markdown, the model, the catalogue): at 1,000 goals those imports were half of
it, and at 10,000 goals wording the last build's 884 warnings again took 70 ms.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from plansite import cache, inputfiles, publish


def check(content_dir: Path, out: Path, cache_path: Path
          ) -> tuple[inputfiles.Inputs, cache.Stamp | None]:
    """(the inputs now, the last build's stamp if nothing changed since it, else None),
    for a build holding `out`'s lock."""
    stamp = cache.load_stamp(cache_path)
    last = stamp.inputs if stamp is not None and \
        isinstance(stamp.inputs, inputfiles.Inputs) else None
    inputs = inputfiles.read(content_dir, last)
    if stamp is None or last is None or inputs.digest != last.digest or \
            cache.site_digest(out) != stamp.manifest:
        return inputs, None
    if inputs.signature and inputs != last:  # the same bytes, settled since: trusted now
        cache.save_stamp(cache_path, replace(stamp, inputs=inputs))
    return inputs, stamp


def stamp(content_dir: Path, out: Path, base_url: str | None,
          cache_dir: Path) -> cache.Stamp | None:
    """The command line's first look: the last build's stamp if nothing changed, else
    None (and the whole build runs). None too while another build holds `out`: the build
    then waits for it and looks again."""
    if not (out.is_dir() and content_dir.is_dir()):
        return None
    try:
        with publish.locked(out, wait=False):
            return check(content_dir, out,
                         cache.cache_file(cache_dir, content_dir, out, base_url))[1]
    except (publish.Busy, OSError):
        return None
