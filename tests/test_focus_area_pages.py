"""Focus-area pages, track pages (one focus area through the years) and print views."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from plansite import kinds, pages
from plansite.dates import parse_period
from plansite.pipeline import build, load
from tests.conftest import DEMO, make_content

PLAN_2015 = """\
---
unit: sundhedsplejen
period: 2015
title: Plan 2015
---

## Sundhed
id: sundhed

Sundhed for små børn.

### Hjemmebesøg
id: hjemmebesoeg

Vi besøger alle.

### Amning
id: amning

Støtte til amning.

### Søvn
id: soevn

Råd om søvn.
"""

PLAN_2016 = """\
---
unit: sundhedsplejen
period: 2016
title: Plan 2016
---

## Sundhed for de mindste
id: sundhed

### Hjemmebesøg til alle familier
id: hjemmebesoeg-alle

Flere besøg.

### Sund kost
id: kost

Kostråd.

## Trivsel
id: trivsel

### Ro på
id: ro-paa

Tekst.

## Opfølgning

### Hjemmebesøg
mål: 2015/hjemmebesoeg
status: videreført
dato: maj 2016
fortsætter-som: hjemmebesoeg-alle

Besøgene fortsætter i 2016 for alle familier.

### Amning
mål: 2015/amning
status: opfyldt
dato: maj 2016

Alle mødre fik tilbudt støtte til amning, og tilbuddet er nu en fast del af besøgene.
Det har vi skrevet om i [årsberetningen](https://example.org/aarsberetning) med mange flere
ord end der er plads til på en oversigt, og derfor bliver teksten her kortet af.

### Søvn
mål: 2015/soevn
status: udgået

Ikke længere relevant.
"""


@pytest.fixture
def out(tmp_path: Path) -> Path:
    content = make_content(tmp_path, {"sundhedsplejen/2015.md": PLAN_2015,
                                      "sundhedsplejen/2016.md": PLAN_2016})
    site = tmp_path / "site"
    build(content, site)
    return site


def _page(out: Path, url: str) -> BeautifulSoup:
    path = out / url.strip("/")
    path = path if path.suffix == ".html" else path / "index.html"
    return BeautifulSoup(path.read_text("utf-8"), "html.parser")


def _hrefs(soup: BeautifulSoup) -> set[str]:
    return {str(a["href"]) for a in soup.select("main a[href]")}


def _texts(items) -> list[str]:
    return [" ".join(item.get_text(" ").split()) for item in items]


# --- focus-area pages ----------------------------------------------------------------------

def test_every_focus_area_has_a_page_with_its_goals_statuses_and_latest_follow_up(out):
    soup = _page(out, "/sundhedsplejen/2015/sundhed/")
    assert soup.h1.get_text() == "Sundhed"
    crumbs = [a["href"] for a in soup.select(".breadcrumbs a")]
    assert crumbs == ["/", "/sundhedsplejen/", "/sundhedsplejen/2015/"]
    assert "Sundhed for små børn." in soup.select_one(".intro").get_text()
    goals = soup.select("article.goal")
    assert [g.h3.get_text() for g in goals] == ["Hjemmebesøg", "Amning", "Søvn"]
    assert [g.h3.a["href"] for g in goals] == ["/sundhedsplejen/2015/hjemmebesoeg/",
                                               "/sundhedsplejen/2015/amning/",
                                               "/sundhedsplejen/2015/soevn/"]
    # The status is a text tag; the latest follow-up has status, date and a short text.
    assert [g.select_one(".goal-status .status").get_text() for g in goals] == [
        "Videreført", "Opfyldt", "Udgået"]
    amning = goals[1].select_one(".latest-follow-up").get_text(" ")
    assert "Opfyldt" in amning and "maj 2016" in amning
    assert "Alle mødre fik tilbudt støtte" in amning and "…" in amning  # shortened
    assert "kortet af" not in amning
    assert "https://example.org" not in str(goals[1])  # plain text: no links from the entry
    assert "/sundhedsplejen/2015/amning/" in {a["href"] for a in goals[1].select("a")}
    assert "Ikke længere relevant." in goals[2].get_text()


def test_a_goal_not_yet_followed_up_says_so(out):
    soup = _page(out, "/sundhedsplejen/2016/trivsel/")
    goal = soup.select_one("article.goal")
    assert "Ikke fulgt op endnu" in goal.get_text()
    assert soup.select_one(".latest-follow-up") is None


def test_plan_goal_and_focus_area_pages_link_both_ways(out):
    plan = _page(out, "/sundhedsplejen/2016/")
    toc = [a["href"] for a in plan.select(".toc a")]
    assert toc[:2] == ["/sundhedsplejen/2016/sundhed/", "/sundhedsplejen/2016/trivsel/"]
    headings = [h.a["href"] for h in plan.select("section.focus-area > h2")]
    assert headings == ["/sundhedsplejen/2016/sundhed/", "/sundhedsplejen/2016/trivsel/"]
    goal = _page(out, "/sundhedsplejen/2016/kost/")
    assert "/sundhedsplejen/2016/sundhed/" in _hrefs(goal)
    area = _page(out, "/sundhedsplejen/2016/sundhed/")
    assert {"/sundhedsplejen/2016/", "/sundhedsplejen/2016/kost/"} <= _hrefs(area)


# --- track pages ---------------------------------------------------------------------------

TRACK = "/sundhedsplejen/indsatsomraade/sundhed/"


def test_an_area_in_two_plans_links_its_track_and_an_area_in_one_does_not(out):
    for url in ("/sundhedsplejen/2015/sundhed/", "/sundhedsplejen/2016/sundhed/"):
        link = _page(out, url).select_one(".track-link")
        assert link is not None and link.a["href"] == TRACK
        assert "2015, 2016" in link.get_text()
    assert _page(out, "/sundhedsplejen/2016/trivsel/").select_one(".track-link") is None
    assert not (out / "sundhedsplejen/indsatsomraade/trivsel").exists()
    unit = _page(out, "/sundhedsplejen/")
    assert [a["href"] for a in unit.select(".track-list a")] == [TRACK]
    assert "Sundhed for de mindste" in unit.select_one(".track-list").get_text()


def test_the_track_lists_goals_added_continued_achieved_and_dropped(out):
    soup = _page(out, TRACK)
    assert soup.h1.get_text() == "Sundhed for de mindste gennem årene"
    steps = soup.select("section.track-step")
    assert [s.h2.a["href"] for s in steps] == ["/sundhedsplejen/2015/sundhed/",
                                              "/sundhedsplejen/2016/sundhed/"]
    first, second = steps

    def group(step, heading: str) -> list[str]:
        h3 = next(h for h in step.select("h3") if h.get_text() == heading)
        return _texts(h3.find_next_sibling("ul").find_all("li", recursive=False))

    def outcomes(step) -> dict[str, list[str]]:
        found = {}
        for item in step.select("ul.outcomes > li"):
            label = item.select_one(".status").get_text()
            found[label] = _texts(item.select("ul > li"))
        return found

    # 2015: its goals, and what became of them.
    assert group(first, "Mål") == ["Hjemmebesøg", "Amning", "Søvn"]
    assert outcomes(first) == {
        "Opfyldt": ["Amning"],
        "Videreført": ["Hjemmebesøg – Videreført som Hjemmebesøg til alle familier (2016)"],
        "Udgået": ["Søvn"],
    }
    continued = first.select_one('a[href="/sundhedsplejen/2016/hjemmebesoeg-alle/"]')
    assert continued is not None
    # 2016: what is new and what carries on an earlier goal.
    assert group(second, "Nye mål") == ["Sund kost"]
    assert group(second, "Viderefører mål fra tidligere") == [
        "Hjemmebesøg til alle familier – Viderefører målet Hjemmebesøg (2015)"]
    assert outcomes(second) == {"Ikke fulgt op endnu": ["Hjemmebesøg til alle familier",
                                                        "Sund kost"]}
    # Totals over both years, as a table.
    rows = _texts(soup.select("table.totals tbody tr"))
    assert rows == ["Opfyldt 1", "Videreført 1", "Udgået 1", "Ikke fulgt op endnu 2"]


def test_track_and_focus_area_pages_list_every_plan_they_show(tmp_path):
    content = make_content(tmp_path, {"sundhedsplejen/2015.md": PLAN_2015,
                                      "sundhedsplejen/2016.md": PLAN_2016})
    planned = {item.path: item for item in load(content).planned}
    assert planned["sundhedsplejen/indsatsomraade/sundhed/index.html"].file.sources == (
        "sundhedsplejen/2015", "sundhedsplejen/2016")
    # Its track link depends on the 2016 plan carrying the id too.
    assert "sundhedsplejen/2016" in planned["sundhedsplejen/2015/sundhed/index.html"].file.sources
    assert planned["sundhedsplejen/2016/trivsel/index.html"].file.sources == (
        "sundhedsplejen/2016",)
    assert planned["sundhedsplejen/2015/udskrift.html"].file.sources == (
        "sundhedsplejen/2015", "sundhedsplejen/2016")  # the follow-ups on its goals


# --- print views ---------------------------------------------------------------------------

def test_the_plan_links_its_print_view(out):
    plan = _page(out, "/sundhedsplejen/2016/")
    link = plan.select_one(".print-link a")
    assert link["href"] == "/sundhedsplejen/2016/udskrift.html"
    assert link.get_text() == "Udskriftsvenlig version"


def test_the_print_view_is_the_whole_plan_with_its_follow_up_and_no_navigation(out):
    soup = _page(out, "/sundhedsplejen/2015/udskrift.html")
    assert soup.html["lang"] == "da"
    assert soup.select("nav") == [] and soup.select(".site-header, .site-footer") == []
    assert soup.select(".breadcrumbs, .skip-link") == []
    assert soup.h1.get_text() == "Plan 2015"
    areas = soup.select("section.focus-area")
    assert [a.h2.get_text() for a in areas] == ["Sundhed"]
    assert all("page-break" in a["class"] for a in areas)
    text = soup.get_text(" ")
    for words in ("Vi besøger alle.", "Støtte til amning.", "Besøgene fortsætter i 2016",
                  "Ikke længere relevant.", "Plan 2016"):
        assert words in text
    assert "/sundhedsplejen/2015/" in _hrefs(soup)  # the plan's page, named on paper
    later = _page(out, "/sundhedsplejen/2016/udskrift.html")
    parts = later.select("section.follow-up-part")
    assert len(parts) == 1 and "page-break" in parts[0]["class"]
    assert len(parts[0].select("article.follow-up")) == 3


def test_print_rules_write_link_addresses_and_break_pages(out):
    css = (out / "assets/style.css").read_text("utf-8")
    print_rules = css[css.index("/* focus areas, tracks, print */"):]
    assert '.print-view a[href]::after { content: " (" attr(href) ")"' in print_rules
    assert ".print-view .page-break { break-before: page;" in print_rules
    assert "@media print" in print_rules


# --- URLs ----------------------------------------------------------------------------------

def test_new_urls_cannot_collide_with_periods_goals_or_focus_areas(tmp_path):
    # A track folder is never a period, and ids (slugs) never end in ".html".
    assert parse_period(pages.TRACKS_FOLDER) is None
    assert "." not in pages.TRACKS_FOLDER and pages.PRINT_FILE.endswith(".html")
    # Ids that look like the new pages' names build side by side with them.
    plan = PLAN_2015.replace("id: amning", "id: udskrift").replace(
        "id: soevn", "id: indsatsomraade")
    later = PLAN_2016.replace("2015/amning", "2015/udskrift").replace("2015/soevn",
                                                                      "2015/indsatsomraade")
    content = make_content(tmp_path, {"sundhedsplejen/2015.md": plan,
                                      "sundhedsplejen/2016.md": later})
    out = tmp_path / "site"
    build(content, out)  # kinds.collect refuses two kinds writing one file
    assert (out / "sundhedsplejen/2015/udskrift/index.html").is_file()
    assert (out / "sundhedsplejen/2015/udskrift.html").is_file()
    assert (out / "sundhedsplejen/2015/indsatsomraade/index.html").is_file()
    assert (out / "sundhedsplejen/indsatsomraade/sundhed/index.html").is_file()


def test_the_demo_has_a_track_across_two_periods():
    loaded = load(DEMO)
    tracks = [item for item in loaded.planned if item.kind.name == "track"]
    assert tracks, "the demo has no focus area in two plans of a unit"
    assert {kind.name for kind in kinds.OUTPUT_KINDS} >= {"focus-area", "track", "print"}
    assert len(loaded.site.tracks["fbf/ledelse-arbejdsmiljoe"].areas) == 2


def test_summary_cuts_at_a_word_and_drops_markup():
    assert pages.summary("<p>Kort &amp; godt.</p>") == "Kort & godt."
    text = pages.summary("<p>" + "ord " * 100 + "</p>", length=20)
    assert text == "ord ord ord ord ord …"
