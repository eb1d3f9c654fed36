"""The command line: `build.py [build|serve|check|new-plan]`.

Content problems become plain-language messages with file and line (see
`diagnostics`); a bug in plansite itself says so and how to report it.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

BUG_URL = "https://github.com/plansite/plansite/issues"


def _content(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--content", type=Path, default=Path("content"),
                        help="folder with site.yaml, units.yaml and plans/ (default: content)")


def _out(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", type=Path, default=Path("site"),
                        help="output folder (default: site)")
    parser.add_argument("--cache", type=Path, default=Path(".plansite-cache"),
                        help="cache folder, outside the site (default: .plansite-cache)")
    parser.add_argument("--no-cache", action="store_true",
                        help="parse and render everything; read and write no cache")
    parser.add_argument("--base-url", default=None,
                        help="URL or path the site is served under, e.g. /planer/")
    parser.add_argument("--no-wait", action="store_true",
                        help="fail at once if another build is writing to the same --out "
                             "(default: wait for it)")


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(
        prog="build.py", description="Build a plansite site from plan sources.",
        epilog="Without a command, builds the site (same as 'build').")
    _content(main)
    _out(main)
    commands = main.add_subparsers(dest="command", metavar="COMMAND")
    build = commands.add_parser("build", help="build the site (the default)")
    _content(build)
    _out(build)
    serve = commands.add_parser("serve", help="live preview that rebuilds on every save")
    _content(serve)
    _out(serve)
    serve.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    serve.add_argument("--host", default="127.0.0.1", help="address (default: 127.0.0.1)")
    check = commands.add_parser("check", help="validate the sources without writing the site")
    _content(check)
    check.add_argument("--base-url", default=None, help=argparse.SUPPRESS)
    check.add_argument("--format", choices=("human", "github"), default="human",
                       help="'github' prints GitHub Actions annotations")
    check.add_argument("--todo", action="store_true",
                       help="also list what is still to do: goals of past periods without a "
                            "follow-up, and follow-ups from new-plan not filled in yet")
    new_plan = commands.add_parser("new-plan", help="start a unit's plan for a new period")
    _content(new_plan)
    new_plan.add_argument("unit", help="unit key from units.yaml")
    new_plan.add_argument("period", help="e.g. 2018 or 2018-2019")
    import_cmd = commands.add_parser(
        "import", help="turn a published plan (PDF, Word, text) into plan sources")
    _content(import_cmd)
    import_cmd.add_argument("file", type=Path, help="the plan: .pdf, .docx, .txt or .md")
    import_cmd.add_argument("--unit", required=True,
                            help="unit key from units.yaml (a new key adds the unit)")
    import_cmd.add_argument("--period", default=None,
                            help="e.g. 2016-2017 (default: from the document's title or text)")
    import_cmd.add_argument("--dry-run", action="store_true",
                            help="print what would be written; write nothing")
    import_cmd.add_argument("--force", action="store_true",
                            help="replace plans that already exist")
    diff = commands.add_parser("diff", help="what changed between two built sites or goals.json")
    _content(diff)
    diff.add_argument("old", type=Path, help="the earlier site folder or goals.json")
    diff.add_argument("new", type=Path, help="the later site folder or goals.json")
    diff.add_argument("--format", choices=("human", "markdown"), default="human",
                      help="'markdown' for a CI job summary")
    init = commands.add_parser("init", help="create a new site repository in an empty folder")
    init.add_argument("dir", type=Path, help="the new folder (must be empty or not exist)")
    init.add_argument("--name", default="Kommunen",
                      help="the publisher, e.g. 'Albertslund Kommune'")
    init.add_argument("--url", default="",
                      help="the address the site is published at, e.g. https://planer.kommune.dk/")
    return main


COMMANDS = {None: "build", "build": "build", "serve": "serve", "check": "check",
            "new-plan": "new_plan", "diff": "diff", "init": "init", "import": "import_plan"}
"""Each command (None: no command given) → its module in plansite.commands."""


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    # A build allocates many long-lived objects; collecting less often saves ~30 %.
    gc.set_threshold(50_000, 20, 100)
    # Only the command's own module is imported: `build` need not load the live preview's
    # web server, nor `check` the importer's PDF reader.
    module = importlib.import_module(f"plansite.commands.{COMMANDS[args.command]}")
    try:
        return int(module.run(args))
    except KeyboardInterrupt:
        return 130
    except Exception:  # a bug in plansite, not in the sources
        traceback.print_exc()
        print("\nThis is a bug in plansite, not in your content. Please report it, with the "
              f"text above and the file you were editing, at {BUG_URL}.\n"
              "Dette er en fejl i plansite, ikke i dit indhold. Send teksten ovenfor til "
              "den, der driver siden.", file=sys.stderr)
        return 2
