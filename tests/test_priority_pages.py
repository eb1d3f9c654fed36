"""Theme pages: one shared theme across every unit and period, and the list of themes."""

from __future__ import annotations

from bs4 import BeautifulSoup

from plansite.pipeline import build
from tests.conftest import make_content
from tests.test_priorities import PRIORITIES, UNITS, _plan


def _site(tmp_path, priorities=PRIORITIES):
    content = make_content(tmp_path, {
        "forvaltning/2016-2017.md": _plan("forvaltning", "2016-2017", "tema: faellesskab"),
        "social/2016-2017.md": _plan("social", "2016-2017",
                                     "viderefører: forvaltning/2016-2017/sundhed"),
        "skole/2016-2017.md": _plan("skole", "2016-2017", "tema: boern"),
    }, units=UNITS)
    if priorities is not None:
        (content / "priorities.yaml").write_text(priorities, encoding="utf-8")
    out = tmp_path / "site"
    build(content, out)
    return out


def _page(out, path):
    return BeautifulSoup((out / path / "index.html").read_text("utf-8"), "html.parser")


def test_a_theme_page_lists_focus_areas_of_every_unit_along_the_unit_tree(tmp_path):
    page = _page(_site(tmp_path), "tema/leve-godt")
    units = [h.get_text(strip=True) for h in page.select("section.priority-unit h2")]
    assert units == ["Forvaltningen", "Social & Familie"]  # parent first; skole is not under it
    text = page.find("main").get_text(" ", strip=True)
    assert "2 mål i 2 indsatsområder fra 2 enheder" in text  # sub-theme areas count too
    assert "viderefører Sundhed" in text
    assert page.select_one('a[href="/social/2016-2017/sundhed/"]') is not None  # its page
    assert page.select_one('a[href="/social/2016-2017/et-maal/"]') is not None


def test_a_theme_page_shows_the_totals_as_text_and_a_table(tmp_path):
    page = _page(_site(tmp_path), "tema/boern")
    table = page.select_one("table.totals")
    assert table.caption.get_text(strip=True) == "Mål under temaet efter seneste status"
    assert [td.get_text(strip=True) for td in table.select("td")] == ["1"]


def test_a_sub_theme_links_to_its_parent_and_back(tmp_path):
    out = _site(tmp_path)
    sub = _page(out, "tema/faellesskab")
    assert sub.select_one('a[href="/tema/leve-godt/"]').get_text() == \
        "Flere borgere skal leve godt og længe"
    parent = _page(out, "tema/leve-godt")
    assert parent.select_one('a[href="/tema/faellesskab/"]') is not None


def test_the_list_of_themes_is_in_the_navigation(tmp_path):
    out = _site(tmp_path)
    index = _page(out, "tema")
    names = [a.get_text(strip=True) for a in index.select("ul.priority-list > li > a")]
    assert names == ["Flere borgere skal leve godt og længe", "Mennesker i fællesskab",
                     "Vores børn skal rustes til fremtiden"]
    front = _page(out, ".")
    assert front.select_one('nav.site-nav a[href="/tema/"]').get_text() == "Temaer"


def test_a_site_without_themes_has_no_theme_pages(tmp_path):
    content = make_content(tmp_path, {
        "skole/2016-2017.md": _plan("skole", "2016-2017", "")}, units=UNITS)
    out = tmp_path / "site"
    build(content, out)
    assert not (out / "tema").exists()
    front = _page(out, ".")
    assert front.select_one('nav.site-nav a[href="/tema/"]') is None
