"""A forvaltning's page rolls up the goals of every unit below it, by period and status."""

from __future__ import annotations

from bs4 import BeautifulSoup

from plansite.pipeline import build
from tests.conftest import make_content
from tests.test_priorities import UNITS, _plan

FOLLOW_UP = """\
---
enhed: social
periode: 2018
titel: Plan 2018
---

## Opfølgning

### Et mål
mål: 2016-2017/et-maal
status: opfyldt

Nået.
"""


def _unit_page(tmp_path, unit):
    content = make_content(tmp_path, {
        "forvaltning/2016-2017.md": _plan("forvaltning", "2016-2017", ""),
        "social/2016-2017.md": _plan("social", "2016-2017", ""),
        "social/2018.md": FOLLOW_UP,
        "skole/2016-2017.md": _plan("skole", "2016-2017", ""),
    }, units=UNITS)
    build(content, tmp_path / "site")
    html = (tmp_path / "site" / unit / "index.html").read_text("utf-8")
    return BeautifulSoup(html, "html.parser")


def test_a_forvaltning_page_counts_the_goals_of_the_units_below(tmp_path):
    table = _unit_page(tmp_path, "forvaltning").select_one("table.rollup")
    header = [th.get_text(strip=True) for th in table.select("thead th")]
    assert header == ["Periode", "Opfyldt", "Ikke fulgt op endnu", "I alt"]
    rows = [[cell.get_text(strip=True) for cell in row.find_all(["th", "td"])]
            for row in table.select("tbody tr")]
    assert rows == [["2016-2017", "1", "2", "3"]]  # its own goal and the two departments'


def test_a_unit_with_nothing_below_has_no_roll_up(tmp_path):
    assert _unit_page(tmp_path, "skole").select_one("table.rollup") is None
