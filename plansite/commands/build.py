"""`build.py [build]`: check the sources, render the site, publish it atomically."""

from __future__ import annotations

import argparse
import sys

from plansite.diagnostics import print_problems
from plansite.errors import BuildFailed
from plansite.pipeline import build, catalogue


def run(args: argparse.Namespace) -> int:
    def waiting() -> None:
        print(catalogue(args.content).t("ui.waiting", out=args.out), file=sys.stderr, flush=True)

    try:
        result = build(args.content, args.out, args.base_url,
                       None if args.no_cache else args.cache, not args.no_wait, waiting)
    except BuildFailed as failed:
        cat = failed.catalogue
        print_problems(failed.problems, cat)
        print(cat.t("ui.build_failed", count=len(failed.problems), out=args.out),
              file=sys.stderr)
        return 1
    cat = result.catalogue
    if result.cache_discarded:
        print(cat.t("ui.cache_discarded"), file=sys.stderr)
    print_problems(result.warnings, cat)
    key = "ui.built" if result.rendered else "ui.unchanged"
    print(cat.t(key, goals=result.goals, pages=result.rendered, out=args.out))
    return 0
