"""Links out of the content folder are refused, wherever they are under it.

A symlink in content/ could publish any file the build user can read
(`ln -s ~/.ssh/id_rsa content/theme/static/x.txt` would appear at
/assets/x.txt), or feed a template or plan from outside the reviewed sources.
Sites are edited through pull requests by many hands, so every symlink under
content/ whose target leaves it is an error, the theme's included. Links that
stay inside are fine, and dangling ones (editors' lock files such as
`.#2015.md`) are left to the readers, which ignore hidden files.

The live preview calls this on every rebuild, so a link created while it runs
is refused too.
"""

from __future__ import annotations

import os
from pathlib import Path

from plansite.errors import Report


def escaping(content_dir: Path) -> list[tuple[Path, Path]]:
    """(link, where it leads) of every symlink under `content_dir` that leads out of it.

    `os.scandir` tells a link from its directory entry without a `stat` per file: the
    live preview runs this on every save, over thousands of sources.
    """
    root = content_dir.resolve()
    found: list[tuple[Path, Path]] = []
    folders = [str(content_dir)]
    while folders:
        with os.scandir(folders.pop()) as entries:
            for entry in entries:
                if entry.is_symlink():
                    target = Path(entry.path).resolve()
                    if not target.is_relative_to(root):
                        found.append((Path(entry.path), target))
                elif entry.is_dir(follow_symlinks=False):
                    folders.append(entry.path)
    return sorted(found)


def check(content_dir: Path, report: Report) -> None:
    """Report each link out of the folder once (plan sources may be reported already)."""
    known = {p.path for p in report.errors if p.code == "outside-content"}
    for link, target in escaping(content_dir):
        if link not in known:
            report.error(link, 0, "outside-content", target=str(target))
