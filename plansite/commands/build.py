"""`build.py [build]`: check the sources, render the site, publish it atomically."""

from __future__ import annotations

import argparse
import sys

from plansite import unchanged
from plansite.diagnostics import print_problems
from plansite.result import BuildResult


def run(args: argparse.Namespace) -> int:
    # Nothing changed: said without importing the build machinery (`unchanged`).
    known = None if args.no_cache else \
        unchanged.result(args.content, args.out, args.base_url, args.cache)
    result = known if known is not None else _build(args)
    if result is None:
        return 1
    cat = result.catalogue
    if result.cache_discarded:
        print(cat.t("ui.cache_discarded"), file=sys.stderr)
    print_problems(result.warnings, cat)
    key = "ui.built" if result.rendered else "ui.unchanged"
    print(cat.t(key, goals=result.goals, pages=result.rendered, out=args.out))
    return 0


def _build(args: argparse.Namespace) -> BuildResult | None:
    """The whole build; None when it failed (its problems are printed)."""
    from plansite.errors import BuildFailed
    from plansite.pipeline import build, catalogue

    def waiting() -> None:
        print(catalogue(args.content).t("ui.waiting", out=args.out), file=sys.stderr, flush=True)

    try:
        return build(args.content, args.out, args.base_url,
                     None if args.no_cache else args.cache, not args.no_wait, waiting)
    except BuildFailed as failed:
        cat = failed.catalogue
        print_problems(failed.problems, cat)
        print(cat.t("ui.build_failed", count=len(failed.problems), out=args.out),
              file=sys.stderr)
        return None
