"""`build.py check`: validate everything without writing the site (exit 1 on errors)."""

from __future__ import annotations

import argparse

from plansite.diagnostics import print_problems
from plansite.pipeline import load


def run(args: argparse.Namespace) -> int:
    loaded = load(args.content, args.base_url)
    cat = loaded.catalogue
    problems = loaded.report.errors + loaded.report.warnings
    print_problems(problems, cat, args.format)
    if args.format == "human":
        print(cat.t("ui.checked", errors=len(loaded.report.errors),
                    warnings=len(loaded.report.warnings), goals=len(loaded.site.goals)))
    return 1 if loaded.report.errors else 0
