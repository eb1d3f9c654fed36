"""The theme's static files (stylesheet, scripts), copied under assets/.

A site's own theme overrides the default theme file by file. Their bytes are
part of every output's fingerprint (see `sources.global_hash`), so a changed
file is copied again.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from plansite import attachments
from plansite.outputs import Inputs, OutputFile


def static_files(inputs: Inputs) -> Iterator[OutputFile]:
    found: dict[str, Path] = {}
    for theme in reversed(inputs.theme_dirs):  # the site's theme last, so it wins
        static = theme / "static"
        for path in sorted(static.rglob("*")) if static.is_dir() else ():
            if path.is_file():
                found["assets/" + path.relative_to(static).as_posix()] = path
    for name in sorted(found):
        yield OutputFile(name, (), found[name])


def copy(inputs: Inputs, file: OutputFile) -> bytes:
    path: Path = file.data()
    return path.read_bytes()


STATIC = "static"
"""content/static/: files published at the site's root exactly as they are (CNAME,
.nojekyll, a search engine's verification file). A build replaces the whole site, so
a file put into site/ by hand would be removed; here it is kept."""


def site_static_files(inputs: Inputs) -> Iterator[OutputFile]:
    """Every file under content/static/ (hidden ones too), at the same path in the site.

    Its fingerprint holds a hash of its bytes, so a changed file is copied again."""
    root = inputs.content_dir / STATIC
    if not root.is_dir():
        return
    for path in sorted(root.rglob("*")):
        if path.is_file():
            yield OutputFile(path.relative_to(root).as_posix(),
                             (f"bytes:{attachments.content_hash(path)}",), path)
