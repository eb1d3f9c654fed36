"""Accounts tables: a CSV file saved from the finance team's spreadsheet, beside the plan.

The head names the file (`regnskab: regnskab-2014.csv`); the plan page and its
print view show it as a table with a caption, header scopes, right-aligned
Danish amounts and totals, and the file itself to download. A cell that is not
an amount is an error naming the file, the row and the column.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from plansite.accounts import decode, read_table
from plansite.diagnostics import human
from plansite.errors import BuildFailed
from plansite.i18n import Catalogue
from plansite.pipeline import build, load
from tests.conftest import make_content

CSV = """\
Beløb i 1.000 kr.;Oprindeligt budget;Regnskab;Korrigeret budget;Afvigelse
Serviceudgifter;;;;
Udgifter;1.914.428;1.956.763;1.906.915;49.848
Indtægter;-264.337;-318.480;-247.221;-71.259
Netto;1.650.091;1.638.283;1.659.694;-21.411
Anlæg;;;;
Udgifter;20.000;12.464;14.381;-1.917
Sektor i alt;1.670.091;1.650.747;1.674.075;-23.328
"""

PLAN = """\
---
enhed: boern
periode: 2014
titel: Årsberetning 2014
type: årsberetning
regnskab:
  - fil: regnskab.csv
    titel: Regnskab 2014 for Børn og Unge
---

## Sundhed
id: sundhed

### Tandpleje
id: tandpleje

Alle børn tilbydes tandpleje.
"""

UNITS = """\
boern:
  name: Børn og Unge
"""


def _content(tmp_path: Path, plan: str = PLAN, csv: str | bytes | None = CSV) -> Path:
    content = make_content(tmp_path, {"boern/2014.md": plan}, units=UNITS)
    if csv is not None:
        target = content / "plans/boern/regnskab.csv"
        if isinstance(csv, bytes):
            target.write_bytes(csv)
        else:
            target.write_text(csv, encoding="utf-8")
    return content


def _page(out: Path, url: str) -> BeautifulSoup:
    path = out / url.strip("/")
    path = path if path.suffix == ".html" else path / "index.html"
    return BeautifulSoup(path.read_text("utf-8"), "html.parser")


# --- reading the file ----------------------------------------------------------------------

def test_rows_are_amounts_group_headings_and_totals():
    table, problems = read_table(CSV)
    assert problems == [] and table is not None
    assert table.heading == "Beløb i 1.000 kr."
    assert table.columns == ("Oprindeligt budget", "Regnskab", "Korrigeret budget", "Afvigelse")
    assert [(row.label, row.kind) for row in table.rows] == [
        ("Serviceudgifter", "group"), ("Udgifter", "row"), ("Indtægter", "row"),
        ("Netto", "total"), ("Anlæg", "group"), ("Udgifter", "row"), ("Sektor i alt", "total")]
    assert table.rows[2].values == (-264_337, -318_480, -247_221, -71_259)  # income is negative
    assert table.decimals == (0, 0, 0, 0)


def test_decimals_are_kept_as_the_file_writes_them_and_empty_cells_stay_empty():
    table, _ = read_table("Mio. kr.;Budget;Regnskab\nTandpleje;74,6;78,4\nRefusion;;-26,6\n")
    assert table.decimals == (1, 1)
    assert table.rows[1].values == (None, -26.6)


@pytest.mark.parametrize("text", [
    "Beløb\tBudget\tRegnskab\nUdgifter\t1.000\t2.000\n",  # tab-separated
    "Beløb,Budget,Regnskab\nUdgifter,1000,2000\n",  # comma-separated, no decimal commas
    '\ufeffBeløb;Budget;Regnskab\nUdgifter;1.000;2.000\n',  # Excel's byte order mark
])
def test_separators_and_byte_order_marks_spreadsheets_write(text):
    table, problems = read_table(decode(text.encode("utf-8")))
    assert problems == [] and table.heading == "Beløb"
    assert table.rows[0].values == (1000, 2000)


def test_a_file_from_excel_in_windows_1252_is_read():
    data = "Beløb i 1.000 kr.;Regnskab\nIndtægter;-5\n".encode("cp1252")
    table, _ = read_table(decode(data))
    assert table.heading == "Beløb i 1.000 kr." and table.rows[0].label == "Indtægter"


# --- errors name file, row and column --------------------------------------------------------

def test_a_cell_that_is_not_an_amount_names_the_file_row_and_column(tmp_path):
    content = _content(tmp_path, csv=CSV.replace("1.956.763", "1.9S6.763"))
    [problem] = load(content).report.errors
    assert (problem.code, problem.path.name, problem.line) == ("accounts-number", "regnskab.csv", 3)
    text = human(problem, Catalogue("da"))
    assert "regnskab.csv:3:" in text
    assert "'1.9S6.763' i kolonnen 'Regnskab' er ikke et beløb" in text
    assert "1.914.428" in text  # how to write it


@pytest.mark.parametrize(("csv", "code", "line"), [
    ("", "accounts-empty", 1),
    ("Beløb;Budget;;Afvigelse\nUdgifter;1;2;3\n", "accounts-header-empty", 1),
    ("Beløb;Budget\nUdgifter;1;2;3\n", "accounts-extra-cells", 2),
    ("Beløb;Budget\n;100\n", "accounts-no-label", 2),
    ("Beløb;Budget\n", "accounts-no-rows", 1),
    ("Kun en kolonne\nUdgifter\n", "accounts-no-columns", 1),
])
def test_a_broken_file_is_an_error_at_its_line(tmp_path, csv, code, line):
    problems = load(_content(tmp_path, csv=csv)).report.errors
    assert [(p.code, p.path.name, p.line) for p in problems] == [(code, "regnskab.csv", line)]


def test_a_missing_file_is_an_error_at_the_head_line(tmp_path):
    [problem] = load(_content(tmp_path, csv=None)).report.errors
    assert (problem.code, problem.path.name, problem.line) == ("accounts-missing-file",
                                                               "2014.md", 6)
    assert "plans/boern/regnskab.csv" in human(problem, Catalogue("da"))


@pytest.mark.parametrize(("head", "code"), [
    ("regnskab: regnskab.xlsx", "accounts-not-csv"),
    ("regnskab:\n  - titel: Uden fil", "accounts-no-file"),
    ("regnskab:\n  - fil: regnskab.csv\n    overskrift: X", "accounts-key"),
])
def test_a_wrong_head_entry_is_an_error(tmp_path, head, code):
    plan = PLAN.replace("regnskab:\n  - fil: regnskab.csv\n    titel: Regnskab 2014 for Børn og "
                        "Unge", head)
    problems = load(_content(tmp_path, plan=plan)).report.errors
    assert [(p.code, p.line) for p in problems] == [(code, 6)]


def test_a_failed_build_leaves_the_site_as_it_was(tmp_path):
    content, out = _content(tmp_path), tmp_path / "site"
    build(content, out)
    before = (out / "boern/2014/index.html").read_bytes()
    (content / "plans/boern/regnskab.csv").write_text(CSV + "Fejl;abc\n", encoding="utf-8")
    with pytest.raises(BuildFailed):
        build(content, out)
    assert (out / "boern/2014/index.html").read_bytes() == before


# --- on the site -----------------------------------------------------------------------------

def test_the_plan_page_shows_an_accessible_table_with_a_download(tmp_path):
    out = tmp_path / "site"
    build(_content(tmp_path), out)
    page = _page(out, "/boern/2014/")
    assert page.select_one('.toc a[href="#ps-accounts"]').get_text() == "Regnskab"
    table = page.select_one("table.accounts-table")
    assert table.caption.get_text() == "Regnskab 2014 for Børn og Unge (beløb i 1.000 kr.)"
    assert [th["scope"] for th in table.thead.find_all("th")] == ["col"] * 5
    groups = table.find_all("tbody")
    assert [g.th.get_text() for g in groups] == ["Serviceudgifter", "Anlæg"]
    assert groups[0].th["scope"] == "rowgroup"
    income = groups[0].find_all("tr")[2]
    assert income.th["scope"] == "row"
    assert [td.get_text() for td in income.find_all("td")] == [
        "-264.337", "-318.480", "-247.221", "-71.259"]
    assert all("num" in td["class"] for td in table.find_all("td"))
    assert [tr.th.get_text() for tr in table.select("tr.accounts-total")] == ["Netto",
                                                                              "Sektor i alt"]
    region = table.find_parent(attrs={"role": "region"})
    assert region["tabindex"] == "0" and region["aria-labelledby"] == table.caption["id"]
    link = page.select_one(".accounts a[download]")
    assert link["href"] == "/files/boern/regnskab.csv"
    assert (out / "files/boern/regnskab.csv").read_text("utf-8") == CSV
    assert "Negative beløb er indtægter." in page.select_one(".accounts").get_text()
    printed = _page(out, "/boern/2014/udskrift.html")
    assert printed.select_one("table.accounts-table") is not None


def test_the_caption_defaults_to_the_plan_title_and_amounts_keep_their_decimals(tmp_path):
    plan = PLAN.replace("regnskab:\n  - fil: regnskab.csv\n    titel: Regnskab 2014 for Børn og "
                        "Unge", "regnskab: regnskab.csv")
    out = tmp_path / "site"
    build(_content(tmp_path, plan=plan, csv="Mio. kr.;Regnskab\nTandpleje;1.213,0\n"), out)
    table = _page(out, "/boern/2014/").select_one("table.accounts-table")
    assert table.caption.get_text() == "Regnskab for Årsberetning 2014 (mio. kr.)"
    assert table.td.get_text() == "1.213,0"


def test_a_changed_file_alone_renders_the_plan_again(tmp_path):
    content, out, cache = _content(tmp_path), tmp_path / "site", tmp_path / "cache"
    build(content, out, cache_dir=cache)
    (content / "plans/boern/regnskab.csv").write_text(CSV.replace("49.848", "50.000"),
                                                      encoding="utf-8")
    build(content, out, cache_dir=cache)
    assert "50.000" in (out / "boern/2014/index.html").read_text("utf-8")
    clean = tmp_path / "clean"
    build(content, clean)
    for path in clean.rglob("*"):
        if path.is_file():
            assert (out / path.relative_to(clean)).read_bytes() == path.read_bytes(), path
