"""A goal's whole life on one page: its theme, its focus area and a dated timeline."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

from plansite.pipeline import build
from tests.conftest import make_content
from tests.test_focus_area_pages import PLAN_2015, PLAN_2016
from tests.test_priority_pages import _site as theme_site


def _page(out: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((out / url.strip("/") / "index.html").read_text("utf-8"),
                         "html.parser")


def _steps(soup: BeautifulSoup) -> list[tuple[str, str]]:
    """(date, text) of each step on the timeline, in page order."""
    return [(li.select_one(".when").get_text(strip=True), " ".join(li.get_text(" ").split()))
            for li in soup.select("ol.timeline > li")]


def _build(tmp_path: Path) -> Path:
    dated = PLAN_2015.replace("title: Plan 2015", "title: Plan 2015\noffentliggjort: 2015-01-20")
    content = make_content(tmp_path, {"sundhedsplejen/2015.md": dated,
                                      "sundhedsplejen/2016.md": PLAN_2016})
    build(content, tmp_path / "site")
    return tmp_path / "site"


def test_the_timeline_shows_every_step_of_the_chain_with_its_date(tmp_path):
    out = _build(tmp_path)
    later = _page(out, "/sundhedsplejen/2016/hjemmebesoeg-alle/")
    steps = _steps(later)
    assert [date for date, _ in steps] == ["20. januar 2015", "maj 2016", "uden dato"]
    assert "Det tidligere mål „Hjemmebesøg“ sat i Plan 2015" in steps[0][1]
    assert "Videreført" in steps[1][1] and "fortsætter i 2016" in steps[1][1]
    assert "Målet sat i Plan 2016" in steps[2][1]
    times = [t["datetime"] for t in later.select("ol.timeline time")]
    assert times == ["2015-01-20", "2016-05"]
    # The earlier goal's page tells the same life: one story, wherever the reader lands.
    earlier = _page(out, "/sundhedsplejen/2015/hjemmebesoeg/")
    assert [date for date, _ in _steps(earlier)] == ["20. januar 2015", "maj 2016", "uden dato"]
    assert "Målet sat i Plan 2015" in _steps(earlier)[0][1]


def test_each_follow_up_links_to_where_it_was_published(tmp_path):
    soup = _page(_build(tmp_path), "/sundhedsplejen/2015/amning/")
    step = soup.select("ol.timeline > li.follow-up")
    assert len(step) == 1
    assert step[0].select_one(".status").get_text() == "Opfyldt"
    link = step[0].select_one(".meta a")
    assert link.get_text() == "Plan 2016" and link["href"].startswith("/sundhedsplejen/2016/#")


def test_a_goal_not_followed_up_says_so_under_its_timeline(tmp_path):
    soup = _page(_build(tmp_path), "/sundhedsplejen/2016/ro-paa/")
    assert [date for date, _ in _steps(soup)] == ["uden dato"]
    section = soup.select_one("section.follow-ups").get_text()
    assert "Der er ikke fulgt op på målet endnu." in section


def _facts(soup: BeautifulSoup) -> dict[str, str]:
    return {dt.get_text(strip=True): " ".join(dt.find_next_sibling("dd").get_text(" ").split())
            for dt in soup.select("dl.facts dt")}


def test_the_goal_names_its_focus_area_and_its_theme_with_the_theme_above_it(tmp_path):
    out = theme_site(tmp_path)
    goal = _page(out, "/forvaltning/2016-2017/et-maal/")
    facts = _facts(goal)
    assert facts["Indsatsområde"] == "Sundhed"
    assert facts["Tema"] == "Flere borgere skal leve godt og længe › Mennesker i fællesskab"
    assert [a["href"] for a in goal.select("dl.facts dd a[href^='/tema/']")] == [
        "/tema/leve-godt/", "/tema/faellesskab/"]
    assert "Viderefører" not in facts


def test_a_carried_focus_area_names_the_parent_area_and_inherits_its_theme(tmp_path):
    out = theme_site(tmp_path)
    for url in ("/social/2016-2017/et-maal/", "/social/2016-2017/sundhed/"):
        soup = _page(out, url)
        facts = _facts(soup)
        assert facts["Tema"].endswith("Mennesker i fællesskab"), url
        assert facts["Viderefører"].startswith("Sundhed ("), url
        assert soup.select_one("dl.facts a[href='/forvaltning/2016-2017/sundhed/']"), url
