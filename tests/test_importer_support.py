"""Helpers for the importer's tests: a small site to import into, a build, word coverage."""

from __future__ import annotations

import re
from pathlib import Path

from plansite.cli import main
from plansite.pipeline import build

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "import"
SEEDS = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds"

SITE_YAML = "title: Planer\npublisher: Testkommune\nlanguage: da\n"
UNITS_YAML = "# Kommunens enheder\nfbf:\n  name: Familie- og Beskæftigelsesforvaltningen\n" \
             "  level: administration  # øverste niveau\n"


def site(tmp_path: Path, units: str = UNITS_YAML, site_yaml: str = SITE_YAML) -> Path:
    """A content folder with site.yaml and units.yaml and no plans."""
    content = tmp_path / "content"
    content.mkdir()
    (content / "site.yaml").write_text(site_yaml, encoding="utf-8")
    (content / "units.yaml").write_text(units, encoding="utf-8")
    return content


def run(content: Path, file: Path, unit: str, *extra: str) -> int:
    return main(["import", str(file), "--unit", unit, "--content", str(content), *extra])


def builds(content: Path, tmp_path: Path) -> int:
    """Build the site for real (raises BuildFailed on errors); the number of goals."""
    return build(content, tmp_path / "site-out").goals


LOOK_ALIKES = str.maketrans("ерао", "erao")
"""Cyrillic letters that stand for Latin ones in a seed ("ledерgruppen")."""


def _words(text: str) -> list[str]:
    return re.findall(r"[0-9a-zæøåéü]+", text.lower())


def missing_words(source: str, written: str, furniture: list[str]) -> set[str]:
    """Words of the document's text that are nowhere in what was written.

    Markup and HTML tags aside; a word broken at a line end counts mended; a piece of a
    word joined to the next ("Beskæftigelses- forvaltningen") counts when the whole word
    is there. Running headers and page numbers (`furniture`) aside.
    """
    text = re.sub(r"<[^>]+>", " ", source).translate(LOOK_ALIKES)
    text = re.sub(r"&amp;", "&", text)
    text = re.sub(r"([a-zæøå])-\s*\n\s*(?=[a-zæøå])(?!(?:og|eller|samt|til|som)\b)", r"\1",
                  text)
    out = set(_words(written))
    joined = " ".join(out)
    aside = {word for line in furniture for word in _words(line)}
    return {word for word in _words(text) if word not in out and word not in aside
            and not (len(word) >= 4 and word in joined)}
