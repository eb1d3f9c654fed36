"""Run a plansite build with the search index switched off, to see what it costs.

    python benchmarks/without_search.py <build.py of a snapshot> [build.py's arguments]

Used by `benchmarks.run --tools plansite-nosearch`: Pagefind indexes every plan, focus
area, theme and goal in every build that changes them, and its time grows with the
site; this variant replaces `plansite.search.Indexing` by a no-op in the measured
process, so the difference between the two plansite columns is the index's cost.
Not a way to build a real site: its search page would find nothing.
"""

from __future__ import annotations

import os
import runpy
import sys
from collections.abc import Callable
from pathlib import Path


def main() -> None:
    build_py = Path(sys.argv[1]).resolve()
    sys.path.insert(0, str(build_py.parent))
    import plansite.search

    class NoHandoff:
        def add(self, item: object, head: object) -> None:
            pass

        def close(self) -> None:
            pass

    class NoIndex:
        def __init__(self, *args: object) -> None:
            pass

        def documented(self, planned: list[object]) -> list[object]:
            return []

        def order(self, work: list[object]) -> list[object]:
            return work

        def start(self, parts: int = 1) -> None:
            pass

        def handoff(self, part: int) -> NoHandoff:
            return NoHandoff()

        def pump(self, limit: int = 1) -> None:
            pass

        def finish(self, stage: Path, docs: object = None,
                   meanwhile: Callable[[], None] = lambda: None) -> None:
            meanwhile()

        def close(self) -> None:
            pass

    plansite.search.Indexing = NoIndex  # type: ignore[assignment, misc]
    plansite.search.reindex_in_background = lambda *args: None  # type: ignore[assignment]
    sys.argv = [str(build_py), *sys.argv[2:]]
    try:
        runpy.run_path(str(build_py), run_name="__main__")
    except SystemExit as done:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(done.code if isinstance(done.code, int) else 1)


if __name__ == "__main__":
    main()
