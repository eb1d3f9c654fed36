"""`build.py init DIR [--name …] [--url …]`: a new site repository, ready to build and publish.

Writes the starter (`plansite.scaffold`): content with one example unit and its
plans, both CI files, a Danish README for the web team and a .gitignore. It
never writes into a folder that has files in it. Messages are Danish: there is
no site yet whose language to follow.
"""

from __future__ import annotations

import argparse
import sys

from plansite import config, scaffold
from plansite.i18n import Catalogue


def run(args: argparse.Namespace) -> int:
    cat = Catalogue("da", config.DEFAULT_STATUSES)
    try:
        written = scaffold.create(args.dir, args.name, args.url or "")
    except scaffold.ScaffoldError as problem:
        print(cat.t(f"init.{problem.code}", **problem.params), file=sys.stderr)
        return 1
    print(cat.t("init.created", path=args.dir, files=len(written),
                readme=args.dir / "README.md"))
    return 0
