"""Where a build's time goes, without a profiler's overhead: one serial build, timed by phase.

    python -m benchmarks.phases --content benchmarks/work/corpus-10000 \\
        --out benchmarks/work/site-10000 [--cache DIR]

Runs `plansite.pipeline.build` in this process with PLANSITE_WORKERS=1 (work done in
forked workers would not be counted) and wraps a few functions with timers. Each
phase's time is exclusive: while Markdown is parsed inside a plan's parsing, the clock
runs for Markdown, not for the plan. cProfile (see README.md) says more about single
functions but roughly doubles the time of Python-heavy code such as markdown-it's, so
its shares are skewed towards code that makes many small calls; these are not.

Without --cache the build runs as with `--no-cache`. The output folder is deleted
first, unless --keep-out is given (to time a rebuild with a cache:
`--cache DIR --keep-out` after a first build with the same cache and output).
"""

from __future__ import annotations

import argparse
import importlib
import os
import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

PHASES = (
    ("Markdown (markdown-it parse, render to HTML, sanitize)",
     [("plansite.markdown", "parse"), ("plansite.markdown", "render")]),
    ("YAML (front matter, blocks, site and units files)", [("plansite.yamlsrc", "load")]),
    ("plan structure (sections, dates, model; rest of parsing)",
     [("plansite.sources", "_parse_source"), ("plansite.config", "parse_units"),
      ("plansite.config", "parse_site")]),
    ("reading sources, cache checks", [("plansite.sources", "_parse_plans")]),
    ("linking (follow-ups, continuations)", [("plansite.sources", "link")]),
    ("link check", [("plansite.pipeline", "check_links")]),
    ("output list and fingerprints", [("plansite.kinds", "collect"),
                                      ("plansite.incremental", "fingerprints")]),
    ("rendering (Jinja templates, dates and numbers; open data)",
     [("plansite.render", "Renderer.render")]),
    ("writing files (pages, open data, assets)", [("plansite.publish", "TreeWriter.write"),
                                                  ("plansite.publish", "link_files")]),
    ("output manifest (walks the written site)", [("plansite.cache", "manifest_of")]),
    ("publishing (swap in, remove the old site)", [("plansite.publish", "swap_in")]),
    ("cache file: load and save (pickle)", [("plansite.cache", "load"),
                                             ("plansite.cache", "save_sources"),
                                             ("plansite.cache", "save_site")]),
    ("hashing every input (no-op check)", [("plansite.inputfiles", "digest")]),
)


class Clock:
    """Exclusive time per phase: entering a phase pauses the one it was called from."""

    def __init__(self) -> None:
        self.spent: dict[str, float] = {}
        self.calls: dict[str, int] = {}
        self.stack: list[list[Any]] = [["other (pipeline, glue)", time.perf_counter()]]

    def wrap(self, phase: str, func: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            now = time.perf_counter()
            parent = self.stack[-1]
            self.spent[parent[0]] = self.spent.get(parent[0], 0.0) + now - parent[1]
            self.stack.append([phase, now])
            try:
                return func(*args, **kwargs)
            finally:
                end = time.perf_counter()
                own = self.stack.pop()
                self.spent[phase] = self.spent.get(phase, 0.0) + end - own[1]
                self.calls[phase] = self.calls.get(phase, 0) + 1
                self.stack[-1][1] = end

        return timed

    def close(self) -> None:
        root = self.stack[0]
        self.spent[root[0]] = self.spent.get(root[0], 0.0) + time.perf_counter() - root[1]


def instrument(clock: Clock) -> None:
    """Replace each phase's functions (module attributes or class methods) by timed ones."""
    for phase, targets in PHASES:
        for module_name, path in targets:
            owner: Any = importlib.import_module(module_name)
            *parents, name = path.split(".")
            for parent in parents:
                owner = getattr(owner, parent)
            setattr(owner, name, clock.wrap(phase, getattr(owner, name)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.phases",
                                     description="Time a serial plansite build by phase.")
    parser.add_argument("--content", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--cache", type=Path, default=None,
                        help="cache folder (default: none, as with --no-cache)")
    parser.add_argument("--keep-out", action="store_true",
                        help="keep the output folder (time a rebuild)")
    args = parser.parse_args(argv)
    os.environ["PLANSITE_WORKERS"] = "1"
    started = time.perf_counter()
    cpu_started = time.process_time()
    from plansite import pipeline  # noqa: PLC0415 - imports are part of what is timed

    imported = time.perf_counter() - started
    if args.out.exists() and not args.keep_out:
        shutil.rmtree(args.out)
    os.sync()
    clock = Clock()
    instrument(clock)
    build_started = time.perf_counter()
    result = pipeline.build(args.content, args.out, None, args.cache)
    clock.close()
    total = time.perf_counter() - build_started
    cpu = time.process_time() - cpu_started
    print(f"plansite {pipeline.__file__.rsplit('/plansite/', 1)[0]}: {result.goals} goals, "
          f"{result.rendered} pages rendered; serial (PLANSITE_WORKERS=1)")
    print(f"{'phase':60} {'seconds':>8} {'share':>6} {'calls':>7}")
    for phase, seconds in sorted(clock.spent.items(), key=lambda item: -item[1]):
        print(f"{phase:60} {seconds:8.2f} {seconds / total:6.1%} "
              f"{clock.calls.get(phase, 0):7}")
    print(f"{'build total':60} {total:8.2f} {1:6.1%}")
    print(f"importing plansite (before the build): {imported:.2f} s; "
          f"CPU time of this process (user + kernel): {cpu:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
