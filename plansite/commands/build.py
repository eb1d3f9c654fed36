"""`build.py [build]`: check the sources, render the site, publish it atomically."""

from __future__ import annotations

import argparse
import sys

from plansite.diagnostics import catalogue_for, print_problems
from plansite.errors import BuildFailed
from plansite.pipeline import build


def run(args: argparse.Namespace) -> int:
    try:
        loaded = build(args.content, args.out, args.base_url)
    except BuildFailed as failed:
        cat = catalogue_for(args.content)
        print_problems(failed.problems, cat)
        print(cat.t("ui.build_failed", count=len(failed.problems), out=args.out),
              file=sys.stderr)
        return 1
    cat = loaded.catalogue
    print_problems(loaded.report.warnings, cat)
    print(cat.t("ui.built", pages=len(loaded.site.goals), out=args.out))
    return 0
