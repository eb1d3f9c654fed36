"""`build.py import FILE --unit UNIT`: a published plan (PDF, Word, text) → plan sources.

The recipe: read the site (its language, statuses and units), import the document
(`plansite.importer`), refuse to overwrite an existing plan without `--force`, add
the unit to units.yaml when the site does not know it, write the sources with
`writer`, check that the site still builds, and print the report with the editor's
next step. `--dry-run` prints the sources and the report and writes nothing.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from plansite import content as plan_content
from plansite.diagnostics import print_problems
from plansite.errors import Report
from plansite.i18n import Catalogue
from plansite.importer import Imported, import_file
from plansite.importer import report as import_report
from plansite.importer import themes as themes_file
from plansite.importer import units as units_file
from plansite.importer.messages import ImportFailed, Texts
from plansite.importer.period import level_of
from plansite.pipeline import load
from plansite.priorities import FILE as PRIORITIES_FILE
from plansite.slugs import RESERVED, is_slug, slugify
from plansite.sources import load as load_sources
from plansite.writer import write


def _fail(text: str) -> int:
    print(text, file=sys.stderr)
    return 1


def run(args: argparse.Namespace) -> int:
    content_dir: Path = args.content
    loaded = load_sources(content_dir)
    language = loaded.site.config.language
    t = Texts(language)
    if not is_slug(args.unit) or args.unit in RESERVED:
        return _fail(t.get("error.bad_unit", value=args.unit,
                           suggestion=slugify(args.unit) + "-enhed"
                           if slugify(args.unit) in RESERVED else slugify(args.unit)))
    if loaded.report.errors:
        print(t.get("error.site", path=content_dir), file=sys.stderr)
        print_problems(loaded.report.errors, loaded.catalogue)
        return 1
    site = loaded.site
    known = site.units.get(args.unit)
    try:
        imported = import_file(args.file, args.unit, args.period, language,
                               site.config.statuses, known.name if known else None,
                               site.priorities)
    except ImportFailed as failed:
        return _fail(failed.text(language))
    targets = []
    for source in imported.sources:
        existing = site.plans.get(f"{source.unit}/{source.period}")
        targets.append(existing.path if existing is not None else
                       content_dir / "plans" / source.unit / f"{source.period}.md")
    taken = [path for path in targets if path.exists()]
    units_path = content_dir / "units.yaml"
    new_units = None
    level = ""
    if known is None:
        level = level_of(imported.unit_name)
        old = units_path.read_text("utf-8") if units_path.is_file() else ""
        new_units = units_file.with_unit(old, args.unit, imported.unit_name, level,
                                         imported.municipality)
        wrong = units_file.problems(units_path, new_units, args.unit)
        if wrong:
            return _fail(t.get("error.units", unit=args.unit, reason="; ".join(wrong)))
    themes_path = content_dir / PRIORITIES_FILE
    new_themes = None
    if imported.new_themes:
        old = themes_path.read_text("utf-8") if themes_path.is_file() else ""
        new_themes = themes_file.with_themes(old, list(imported.new_themes),
                                             imported.layout.theme_setter, imported.period.key)
        wrong = themes_file.problems(themes_path, new_themes)
        if wrong:
            return _fail(t.get("error.themes", reason="; ".join(wrong)))
    written = import_report.Written(targets, known is None, level)
    texts = [write(source, language, site.config.statuses) for source in imported.sources]
    extra = [(units_path, new_units), (themes_path, new_themes)]
    if args.dry_run:
        return _dry_run(imported, written, texts, extra, taken, args.force, t)
    if taken and not args.force:
        return _fail(t.get("error.exists", path=taken[0]))
    for path, text in extra:
        if text is not None:
            path.write_text(text, encoding="utf-8")
    for path, text in zip(targets, texts, strict=True):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return _check(imported, written, content_dir, t)


def _dry_run(imported: Imported, written: import_report.Written, texts: list[str],
             extra: list[tuple[Path, str | None]], taken: list[Path], force: bool,
             t: Texts) -> int:
    for path, text in zip(written.paths, texts, strict=True):
        print(f"----- {path} -----")
        print(text)
    for path, new in extra:
        if new is not None:
            print(f"----- {path} -----")
            print(new)
    print("\n".join(import_report.lines(imported, written, t.language)))
    report = Report()
    for path, text in zip(written.paths, texts, strict=True):
        plan_content.parse_plan(path, text, imported.statuses, "/", report, t.language)
    print_problems(report.problems, Catalogue(t.language, imported.statuses))
    if taken and not force:
        print(t.get("error.exists", path=taken[0]), file=sys.stderr)
    print("\n" + t.get("report.dry_run"))
    return 0


def _check(imported: Imported, written: import_report.Written, content_dir: Path,
           t: Texts) -> int:
    loaded = load(content_dir)
    ours = set(written.paths)
    shown = loaded.report.errors + [problem for problem in loaded.report.warnings
                                    if problem.path in ours]
    print_problems(shown, loaded.catalogue)
    print("\n".join(import_report.lines(imported, written, t.language)))
    print()
    if loaded.report.errors:
        print(t.get("report.fails", errors=len(loaded.report.errors)))
        return 1
    print(t.get("report.builds", warnings=len(shown)))
    print("\n" + t.get("report.next", path=written.paths[0]))
    return 0
