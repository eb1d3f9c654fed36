"""Numbers in structured blocks are read as a Danish editor writes them."""

from __future__ import annotations

import pytest

from plansite import yamlsrc
from plansite.blocks import parse_number


@pytest.mark.parametrize(("written", "expected"), [
    ("4,45", 4.45),
    ("4,45 %", 4.45),
    ("1.956,8", 1956.8),
    ("1.000", 1000.0),
    ("12.500.000", 12_500_000.0),
    ("−1.234,5", -1234.5),  # a typographic minus, as word processors write it
    ("4.45", 4.45),  # plain decimals still work
    ("1.5", 1.5),
    ("17", 17.0),
])
def test_a_number_as_text(written, expected):
    assert parse_number(written) == expected


@pytest.mark.parametrize(("yaml_text", "expected"), [
    ("v: 1.000", 1000.0),  # YAML reads a float; in Danish it is a thousand
    ("v: 12.500", 12_500.0),
    ("v: 4.45", 4.45),
    ("v: -3.5", -3.5),
    ("v: 42", 42.0),
    ("v: 1.0e+3", 1000.0),
    ("v: .inf", None),
])
def test_a_number_as_yaml_reads_it(yaml_text, expected):
    assert parse_number(yamlsrc.load(yaml_text)["v"]) == expected


@pytest.mark.parametrize("written", ["", "fire", "1,2,3", "12.34.56", "true"])
def test_what_is_not_a_number(written):
    assert parse_number(written) is None


def _indicator(values: str) -> list[tuple[str, int]]:
    from pathlib import Path

    from plansite.blocks import parse_indicator
    from plansite.errors import Report
    report = Report()
    parse_indicator(f"navn: Sygefravær\nværdier:\n{values}", 10, Path("plan.md"), report)
    return [(p.code, p.line) for p in report.errors]


@pytest.mark.parametrize("line", ["  2014: .nan", "  2014: .inf", "  2014: -.inf",
                                  "  0: 4", "  00000000000000002014: 4", "  20140: 4"])
def test_impossible_indicator_values_and_years_are_errors(line):
    assert _indicator(line + "\n") == [("indicator-value", 13)]


def test_ordinary_indicator_values_are_fine():
    assert _indicator('  2013: "4,26"\n  2014: 4.45\n  2015: 1.000\n') == []
