"""`build.py serve`: live preview on localhost that rebuilds and reloads on every save."""

from __future__ import annotations

import argparse
import sys

from plansite.diagnostics import human, print_problems
from plansite.errors import BuildFailed, Problem
from plansite.serve import Preview, serve


def run(args: argparse.Namespace) -> int:
    def text(problem: Problem) -> str:
        return human(problem, preview.catalogue)

    preview = Preview(args.content, args.out, text, args.base_url)
    cat = preview.catalogue

    def ready(url: str) -> None:
        print_problems(preview.errors, cat)
        print(cat.t("serve.ready", url=url), flush=True)

    def rebuilt(current: Preview, seconds: float) -> None:
        if current.errors:
            print_problems(current.errors, cat)
        print(cat.t("serve.rebuilt", ms=round(seconds * 1000),
                    pages=current.rendered_last), flush=True)

    try:
        serve(preview, args.port, args.host, ready, rebuilt)
    except BuildFailed as failed:
        print_problems(failed.problems, failed.catalogue)
        return 1
    except OSError as exc:
        print(cat.t("serve.port_busy", port=args.port, detail=str(exc)), file=sys.stderr)
        return 1
    return 0
