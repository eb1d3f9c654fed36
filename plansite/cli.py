"""The command line: `build.py [build|serve|check|new-plan]`; the only place that prints.

Content problems become plain-language messages with file and line; a bug in
plansite itself says so and how to report it.
"""

from __future__ import annotations

import argparse
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

from plansite.errors import BuildFailed, Problem
from plansite.i18n import Catalogue

BUG_URL = "https://github.com/plansite/plansite/issues"


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--content", type=Path, default=Path("content"),
                        help="folder with site.yaml, units.yaml and plans/ (default: content)")
    parser.add_argument("--out", type=Path, default=Path("site"),
                        help="output folder (default: site)")
    parser.add_argument("--base-url", default=None,
                        help="URL or path the site is served under, e.g. /planer/")


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="build.py", description="Build a plansite site.")
    _common(main)
    commands = main.add_subparsers(dest="command")
    _common(commands.add_parser("build", help="build the site (the default)"))
    return main


def format_problem(problem: Problem, cat: Catalogue, source_lines: list[str] | None) -> str:
    """"path:line:col: error: message", the quoted line, and the hint."""
    message, hint = cat.problem(problem)
    label = cat.t("ui.error" if problem.severity == "error" else "ui.warning")
    where = f"{problem.path}:{problem.line}:{problem.column}" if problem.line else \
        str(problem.path)
    text = [f"{where}: {label}: {message}"]
    if source_lines and 0 < problem.line <= len(source_lines):
        text.append(f"    {problem.line} | {source_lines[problem.line - 1]}")
    if hint:
        text.append(f"    {cat.t('ui.hint')}: {hint}")
    return "\n".join(text)


def _lines(path: Path) -> list[str] | None:
    try:
        return path.read_text("utf-8", errors="replace").splitlines()
    except OSError:
        return None


def print_problems(problems: Sequence[Problem], cat: Catalogue) -> None:
    for problem in problems:
        print(format_problem(problem, cat, _lines(problem.path)), file=sys.stderr)


def run_build(args: argparse.Namespace) -> int:
    from plansite.pipeline import build

    try:
        loaded = build(args.content, args.out, args.base_url)
    except BuildFailed as failed:
        cat = load_catalogue(args.content)
        print_problems(failed.problems, cat)
        print(cat.t("ui.build_failed", count=len(failed.problems), out=args.out),
              file=sys.stderr)
        return 1
    cat = loaded.catalogue
    print_problems(loaded.report.warnings, cat)
    print(cat.t("ui.built", pages=len(loaded.site.goals), out=args.out))
    return 0


def load_catalogue(content_dir: Path) -> Catalogue:
    """The catalogue in the site's language, even when the sources are broken."""
    from plansite import config
    from plansite.errors import Report

    path = content_dir / "site.yaml"
    try:
        site = config.parse_site(path, path.read_text("utf-8"), Report())
        return Catalogue(site.language, site.statuses)
    except (OSError, UnicodeDecodeError):
        return Catalogue("da", config.DEFAULT_STATUSES)


COMMANDS = {"build": run_build, None: run_build}


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except KeyboardInterrupt:
        return 130
    except Exception:  # a bug in plansite, not in the sources
        traceback.print_exc()
        print("\nThis is a bug in plansite, not in your content. Please report it with the "
              f"text above at {BUG_URL}.", file=sys.stderr)
        return 2
