"""Each unit and each plan offers its goals as CSV and JSON, linked from its page."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from plansite import data
from plansite.pipeline import load, render_all
from tests.conftest import DEMO


@pytest.fixture(scope="module")
def demo_files() -> dict[str, bytes]:
    return render_all(load(DEMO))


def _all_rows(files: dict[str, bytes]) -> list[dict[str, object]]:
    return json.loads(files[data.GOALS_JSON])["goals"]


def test_plan_download_holds_exactly_the_plans_goals_as_goals_json_does(demo_files):
    rows = _all_rows(demo_files)
    mine = json.loads(demo_files["social-familie/2015/maal.json"])["goals"]
    assert mine == [row for row in rows if row["plan_url"] == "/social-familie/2015/"]
    assert len(mine) >= 5


def test_unit_download_holds_every_plan_of_the_unit(demo_files):
    rows = _all_rows(demo_files)
    mine = json.loads(demo_files["social-familie/maal.json"])["goals"]
    assert mine == [row for row in rows if row["unit"] == "social-familie"]


def test_csv_download_has_the_open_data_columns_and_rows(demo_files):
    text = demo_files["fbf/2014/maal.csv"].decode()
    table = list(csv.DictReader(io.StringIO(text)))
    assert list(table[0]) == list(data.CSV_HEADER.strip().split(","))
    full = list(csv.DictReader(io.StringIO(demo_files[data.GOALS_CSV].decode())))
    assert table == [row for row in full if row["plan_url"] == "/fbf/2014/"]


@pytest.mark.parametrize("page, base", [
    ("social-familie/index.html", "/social-familie/maal"),
    ("social-familie/2015/index.html", "/social-familie/2015/maal"),
])
def test_unit_and_plan_pages_link_their_downloads(demo_files, page, base):
    soup = BeautifulSoup(demo_files[page], "html.parser")
    section = soup.find("section", class_="downloads")
    hrefs = [a["href"] for a in section.find_all("a", download=True)]
    assert hrefs == [base + ".csv", base + ".json"]
    for href in hrefs:
        assert href.lstrip("/") in demo_files


def test_every_field_of_a_row_is_a_column_of_the_csv():
    site = load(DEMO).site
    for plan in site.plans.values():
        for row in data.plan_rows(site, plan):
            assert list(row) == list(data.DATA_FIELDS)


def test_a_plans_rows_are_written_out_once_per_site(monkeypatch):
    site = load(DEMO).site
    made = []
    real = data.plan_rows
    monkeypatch.setattr(data, "plan_rows", lambda *args: made.append(1) or real(*args))
    def open_data(site):
        return data.open_csv(site, site.plans.values()), data.open_json(site, site.plans.values())

    first = open_data(site)
    again = open_data(site)
    assert first == again and len(made) == len(site.plans)
    other = load(DEMO).site  # the same sources, linked anew: written out anew
    assert open_data(other) == first
    assert len(made) == 2 * len(site.plans)


def _open_data(loaded) -> tuple[str, str]:
    site = loaded.site
    return data.open_csv(site, site.plans.values()), data.open_json(site, site.plans.values())


def _lines(loaded, kept: data.KeptLines) -> data.KeptLines:
    return data.reuse_lines(loaded.site, loaded.plan_hashes, loaded.global_hash, kept)


def test_a_rebuild_writes_anew_only_the_rows_an_edit_shows(tmp_path: Path, monkeypatch):
    """goals.csv and goals.json show every plan; a rebuild keeps the lines of the plans
    whose rows show nothing edited. A follow-up sets its goal's status, so editing the
    2016-2017 plan's follow-up writes the 2015 plan's rows anew too."""
    content = tmp_path / "content"
    shutil.copytree(DEMO, content)
    made: list[str] = []
    real = data.plan_rows
    monkeypatch.setattr(data, "plan_rows", lambda site, plan: made.append(plan.key)
                        or real(site, plan))
    kept = _lines(load(content), {})
    assert sorted(made) == sorted(kept)
    made.clear()
    assert _lines(load(content), kept) == kept and made == []  # nothing edited
    follower = content / "plans/social-familie/2016-2017.md"
    text = follower.read_text("utf-8")
    follower.write_text(text.replace("mål: 2015/tandpleje-samarbejde\nstatus: i gang",
                                     "mål: 2015/tandpleje-samarbejde\nstatus: opfyldt"),
                        "utf-8")
    loaded = load(content)
    _lines(loaded, kept)
    assert sorted(made) == ["social-familie/2015", "social-familie/2016-2017"]
    edited = _open_data(loaded)
    [row] = [row for row in json.loads(edited[1])["goals"]
             if row["id"] == "social-familie/2015/tandpleje-samarbejde"]
    assert row["status"] == "achieved"
    assert edited == _open_data(load(content))  # as a build without kept lines writes them


def test_goals_json_is_counted_as_a_parser_counts_it_whatever_the_text_says():
    """The nothing-lost check counts goals and follow-ups in goals.json's bytes; text that
    looks like a row or a follow-up is escaped by json and is not counted."""
    hostile = ['{"id": "x"}', '\n{"id": "y", "status": 1}', '{"status": "achieved"}',
               'Tandplejen "med"\n{"status": ']
    rows = [{"id": f"u/2015/{n}", "title": text, "status": None,
             "follow_ups": [{"status": "achieved", "date": None, "url": text}] * n}
            for n, text in enumerate(hostile)]
    written = data.join_json(data.json_lines(rows)).encode()
    parsed = json.loads(written)["goals"]
    assert data.counts(written) == (len(parsed), sum(len(row["follow_ups"]) for row in parsed))
    assert data.counts(written) == (4, 6)
    assert data.counts(data.join_json([]).encode()) == (0, 0)
