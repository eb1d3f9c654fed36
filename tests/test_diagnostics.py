"""Messages never pass a source's control characters to the terminal or the CI log."""

from __future__ import annotations

import pytest

from plansite.diagnostics import github, human, source_line, visible
from plansite.i18n import Catalogue
from plansite.pipeline import load
from tests.conftest import make_content

ESC = "\x1b]0;pwned\x07\x1b[2J\x1b[31m"


def test_control_characters_are_shown_escaped():
    assert visible(f"a{ESC}b") == "a\\x1b]0;pwned\\x07\\x1b[2J\\x1b[31mb"
    assert visible("\u202eevil") == "\\u202eevil"  # a bidirectional override
    assert visible("Ældre æøå – ok") == "Ældre æøå – ok"


@pytest.mark.parametrize("fmt", [human, github])
def test_a_hostile_source_cannot_reach_the_terminal(tmp_path, fmt):
    plan = f"---\nenhed: enhed\nperiode: 2015\ntitel: Plan\n---\n\n## Område{ESC}\nid: omr\n\n" \
           f"### Mål\nid: maal\nstatus: {ESC}opfyldt\n"
    content = make_content(tmp_path, {"enhed/2015.md": plan}, units="enhed:\n  name: Enhed\n")
    problems = load(content).report.problems
    assert problems
    for problem in problems:
        text = fmt(problem, Catalogue("da"))
        assert not any(ord(char) < 0x20 and char != "\n" for char in text), text
        assert "\x7f" not in text and "\u202e" not in text


def test_the_quoted_line_is_the_line_on_disk_now(tmp_path):
    source = tmp_path / "plan.md"
    source.write_text("one\ntwo\nthree\n", "utf-8")
    assert [source_line(source, n) for n in (1, 2, 3, 4)] == ["one", "two", "three", None]
    source.write_text("uno\ndos\ntres\n", "utf-8")  # an editor saves between two builds
    assert source_line(source, 2) == "dos"
    source.unlink()
    assert source_line(source, 2) is None
