"""`build.py diff OLD NEW`: plans and goals added, removed and changed, and status changes.

OLD and NEW are built sites (folders with data/goals.json) or goals.json files.
Labels and wording follow the site in `--content` (default content/), so a
Danish site gets a Danish summary; without one it is Danish with the default
statuses. `--format markdown` is for CI job summaries. The exit code is 0
whatever changed, 1 when OLD or NEW cannot be read.
"""

from __future__ import annotations

import argparse
import sys

from plansite import config, diff, pipeline
from plansite.i18n import Catalogue


def run(args: argparse.Namespace) -> int:
    cat = pipeline.catalogue(args.content) if (args.content / "site.yaml").is_file() \
        else Catalogue("da", config.DEFAULT_STATUSES)
    try:
        result = diff.compare_paths(args.old, args.new)
    except diff.DiffInputError as problem:
        print(cat.t(problem.code, path=problem.path, detail=problem.detail), file=sys.stderr)
        return 1
    print(diff.FORMATS[args.format](result, cat))
    return 0
