"""`build.py [build]`: check the sources, render the site, publish it atomically."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from plansite import unchanged

if TYPE_CHECKING:
    from plansite.result import BuildResult


def run(args: argparse.Namespace) -> int:
    # Nothing changed: said again as the last build said it, without importing the build
    # machinery (`unchanged`).
    stamp = None if args.no_cache else \
        unchanged.stamp(args.content, args.out, args.base_url, args.cache)
    if stamp is not None:
        sys.stderr.write(stamp.report)
        print(stamp.summary.replace("{out}", str(args.out)))
        return 0
    result = _build(args)
    if result is None:
        return 1
    cat = result.catalogue
    if result.cache_discarded:
        print(cat.t("ui.cache_discarded"), file=sys.stderr)
    sys.stderr.write(result.report)
    key = "ui.built" if result.rendered else "ui.unchanged"
    print(cat.t(key, goals=result.goals, pages=result.rendered, out=args.out))
    return 0


def _build(args: argparse.Namespace) -> BuildResult | None:
    """The whole build; None when it failed (its problems are printed)."""
    from plansite.diagnostics import print_problems
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
