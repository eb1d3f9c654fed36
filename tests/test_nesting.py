"""Deeply nested HTML is refused before the sanitiser, whose time grows faster than it."""

from __future__ import annotations

import time

import pytest

from plansite.nesting import MAX_DEPTH, too_deep
from plansite.pipeline import load
from tests.conftest import make_content

HEAD = "---\nenhed: enhed\nperiode: 2015\ntitel: Plan\n---\n\nIndledning.\n\n"
UNITS = "enhed:\n  name: Enhed\n"


def test_ordinary_html_passes():
    text = "<div>\n<p>Tekst<br>mere <img src='a.png' alt='a'> <b>fed</b></p>\n</div>\n" * 500
    assert too_deep(text) is None


def test_the_line_where_it_gets_too_deep_is_named():
    text = "Tekst\n" + "<div>\n" * (MAX_DEPTH + 5)
    assert too_deep(text) == 1 + MAX_DEPTH + 1


def test_closed_elements_do_not_add_up():
    assert too_deep("<section><div></div></section>\n" * 100_000) is None
    assert too_deep("<x/>" * 1000) is None


@pytest.mark.parametrize("tag", ["div", "dl", "span", "blockquote"])
def test_two_megabytes_of_the_worst_nesting_is_an_error_in_seconds(tmp_path, tag):
    body = f"<{tag}>" * (1_900_000 // (len(tag) + 2))
    content = make_content(tmp_path, {"enhed/2015.md": HEAD + body + "\n"}, units=UNITS)
    start = time.perf_counter()
    problems = load(content).report.errors
    elapsed = time.perf_counter() - start
    assert [(p.code, p.line) for p in problems] == [("html-too-deep", 9)]
    assert elapsed < 10, elapsed  # was 423 s; the bound, not a benchmark
