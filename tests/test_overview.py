"""The overview of every goal: a table narrowed by generated pages, paged when long."""

from __future__ import annotations

import json

import pytest
from bs4 import BeautifulSoup

from plansite import data, overview
from plansite.pipeline import load, render_all
from tests.conftest import DEMO


@pytest.fixture(scope="module")
def demo_files() -> dict[str, bytes]:
    return render_all(load(DEMO))


def _rows(html: bytes) -> list[list[str]]:
    soup = BeautifulSoup(html, "html.parser")
    return [[cell.get_text(strip=True) for cell in tr.find_all("td")]
            for tr in soup.find("table", class_="overview").tbody.find_all("tr")]


def _goal_links(html: bytes) -> list[str]:
    soup = BeautifulSoup(html, "html.parser")
    return [tr.find_all("td")[3].a["href"]
            for tr in soup.find("table", class_="overview").tbody.find_all("tr")]


def test_overview_lists_every_goal_with_unit_period_area_and_status(demo_files):
    goals = json.loads(demo_files[data.GOALS_JSON])["goals"]
    rows = _rows(demo_files["oversigt/index.html"])
    assert len(rows) == len(goals)
    assert _goal_links(demo_files["oversigt/index.html"]) == [goal["url"] for goal in goals]
    first = goals[0]
    assert rows[0][:4] == [first["unit_name"], first["period"], first["focus_area"],
                           first["title"]]


@pytest.mark.parametrize("folder, key, value", [
    ("enhed", "unit", "fbf"), ("periode", "period", "2015"),
    ("status", "status", "achieved"), ("tema", "priority", "leve-godt"),
])
def test_each_filter_value_has_a_page_with_just_its_goals(demo_files, folder, key, value):
    goals = json.loads(demo_files[data.GOALS_JSON])["goals"]
    wanted = [goal["url"] for goal in goals if goal[key] == value]
    assert wanted
    assert _goal_links(demo_files[f"oversigt/{folder}/{value}/index.html"]) == wanted


def test_goals_not_followed_up_have_their_own_filter_page(demo_files):
    goals = json.loads(demo_files[data.GOALS_JSON])["goals"]
    page = demo_files[f"oversigt/status/{overview.NOT_FOLLOWED_UP}/index.html"]
    assert _goal_links(page) == [goal["url"] for goal in goals if goal["status"] is None]


def test_filters_are_plain_links_and_the_current_one_is_marked(demo_files):
    soup = BeautifulSoup(demo_files["oversigt/periode/2015/index.html"], "html.parser")
    menu = soup.find("nav", class_="overview-filters")
    current = menu.find("a", attrs={"aria-current": "page"})
    assert current["href"] == "/oversigt/periode/2015/"
    assert current.find_parent("details").has_attr("open")
    hrefs = {a["href"] for a in menu.find_all("a")}
    assert {"/oversigt/enhed/fbf/", "/oversigt/status/achieved/",
            "/oversigt/tema/leve-godt/"} <= hrefs
    assert not soup.find("form", class_="overview-filters")


def test_long_lists_are_split_into_pages(monkeypatch):
    monkeypatch.setattr(overview, "PAGE_SIZE", 7)
    files = render_all(load(DEMO))
    goals = json.loads(files[data.GOALS_JSON])["goals"]
    pages = -(-len(goals) // 7)
    urls = ["oversigt/index.html", *(f"oversigt/side-{n}/index.html"
                                     for n in range(2, pages + 1))]
    links = [link for url in urls for link in _goal_links(files[url])]
    assert links == [goal["url"] for goal in goals]
    assert f"oversigt/side-{pages + 1}/index.html" not in files
    soup = BeautifulSoup(files["oversigt/side-2/index.html"], "html.parser")
    pager = soup.find("nav", class_="pager")
    assert pager.find("a", rel="prev")["href"] == "/oversigt/"
    assert pager.find("a", attrs={"aria-current": "page"}).get_text() == "2"


def test_sorting_is_only_an_enhancement_script(demo_files):
    soup = BeautifulSoup(demo_files["oversigt/index.html"], "html.parser")
    assert soup.find("script", src="/assets/sort.js").has_attr("defer")
    assert soup.find("table", attrs={"data-sortable": True})
    assert "assets/sort.js" in demo_files


def test_no_overview_page_nears_a_megabyte_on_a_big_site(tmp_path):
    """A synthetic site (benchmarks/corpus) in full-size pages; 10,000 goals: see reference.md."""
    from benchmarks.corpus import generate, write_plansite
    from plansite.render import Renderer

    write_plansite(generate(1500), tmp_path / "content")
    loaded = load(tmp_path / "content", warnings=False)
    renderer = Renderer(loaded.inputs)
    items = [item for item in loaded.planned if item.kind.name == "overview"]
    sizes = [len(renderer.render(item)) for item in items]
    assert any(item.path == "oversigt/side-3/index.html" for item in items)
    assert max(sizes) < 400_000  # a full page of 500 goals; the limit is 1 MB


def _overview_fingerprints(content) -> dict[str, str]:
    from plansite.incremental import fingerprints

    loaded = load(content, warnings=False)
    prints = fingerprints(loaded.planned, loaded.plan_hashes, loaded.global_hash)
    return {item.path: prints[item.path] for item in loaded.planned
            if item.kind.name == "overview"}


def test_an_edit_renders_only_the_overview_pages_whose_rows_change(tmp_path):
    """The overview pages list goals from many plans: they are rendered again when a row
    they show changes (a goal's title here), not whenever one of those plans is edited."""
    import shutil

    content = tmp_path / "content"
    shutil.copytree(DEMO, content)
    plan = content / "plans/socialafdelingen/2012.md"
    before = _overview_fingerprints(content)
    text = plan.read_text("utf-8")
    plan.write_text(text.replace("\n### ", "\nEn ny sætning om målet.\n\n### ", 2)
                    .replace("\n### ", "\nEn ny sætning.\n\n### ", 1), encoding="utf-8")
    assert _overview_fingerprints(content) == before  # goal text: no row shows it
    heading = next(line for line in text.splitlines() if line.startswith("### "))
    plan.write_text(text.replace(heading, heading + " (rettet)", 1), encoding="utf-8")
    after = _overview_fingerprints(content)
    changed = sorted(path for path in after if after[path] != before[path])
    files = render_all(load(content, warnings=False))
    listing = sorted(path for path in after
                     if heading[4:] + " (rettet)" in files[path].decode())
    # the full list, its unit, its period, its status and any theme its area serves
    assert changed == listing and 4 <= len(changed) <= 6
