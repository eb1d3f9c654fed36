"""sitemap.xml, robots.txt, and each page's canonical URL, Open Graph tags and description."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup

from plansite.pipeline import load, render_all
from tests.conftest import DEMO, PLAN_2015, PLAN_2016, make_content

SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture(scope="module")
def demo_files() -> dict[str, bytes]:
    return render_all(load(DEMO))


def test_sitemap_lists_every_page_with_its_public_address(demo_files):
    root = ET.fromstring(demo_files["sitemap.xml"])
    locs = [loc.text for loc in root.iter(SITEMAP_NS + "loc")]
    assert len(locs) == len(set(locs))
    assert all(loc.startswith("https://plansite.example/") for loc in locs)
    pages = {"/" + path[:-len("index.html")] for path in demo_files
             if path.endswith("index.html")}
    listed = {loc[len("https://plansite.example"):] for loc in locs}
    assert listed == pages - {"/soeg/"}
    assert "https://plansite.example/social-familie/2015/tandpleje-samarbejde/" in locs


def test_robots_txt_points_at_the_sitemap(demo_files):
    assert "Sitemap: https://plansite.example/sitemap.xml" in demo_files["robots.txt"].decode()


def test_without_a_public_address_there_is_no_sitemap_nor_canonical(tmp_path):
    content = make_content(tmp_path, {"sundhedsplejen/2015.md": PLAN_2015,
                                      "sundhedsplejen/2016.md": PLAN_2016})
    files = render_all(load(content))
    assert "sitemap.xml" not in files
    assert "Sitemap" not in files["robots.txt"].decode()
    soup = BeautifulSoup(files["index.html"], "html.parser")
    assert soup.find("link", rel="canonical") is None
    assert soup.find("meta", property="og:title")["content"] == "Testplaner"


def test_site_url_must_be_a_full_address(tmp_path):
    content = make_content(tmp_path, {"sundhedsplejen/2015.md": PLAN_2015},
                           site="title: T\npublisher: P\nsite_url: planer.kommune.dk\n")
    errors = load(content).report.errors
    assert [problem.code for problem in errors] == ["site-url-invalid"]


def test_every_page_has_canonical_open_graph_and_a_description(demo_files):
    for path, data in demo_files.items():
        if not path.endswith("index.html"):
            continue
        soup = BeautifulSoup(data, "html.parser")
        url = "/" + path[:-len("index.html")]
        assert soup.find("link", rel="canonical")["href"] == "https://plansite.example" + url
        assert soup.find("meta", property="og:url")["content"] == \
            "https://plansite.example" + url
        assert soup.find("meta", property="og:title")["content"], path
        description = soup.find("meta", attrs={"name": "description"})["content"]
        assert 20 <= len(description) <= 170, (path, description)
        assert soup.find("meta", property="og:description")["content"] == description


def test_goal_and_plan_descriptions_come_from_their_own_text(demo_files):
    goal = BeautifulSoup(demo_files["social-familie/2015/tandpleje-samarbejde/index.html"],
                         "html.parser")
    description = goal.find("meta", attrs={"name": "description"})["content"]
    assert description.startswith("Tandplejen ser små børn")
    plan = BeautifulSoup(demo_files["social-familie/2015/index.html"], "html.parser")
    text = plan.find("meta", attrs={"name": "description"})["content"]
    assert text.startswith("Virksomhedsplanen for 2015")
