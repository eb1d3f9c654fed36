"""Atom feeds of new plans and follow-ups: the site's and one per unit, valid and linked."""

from __future__ import annotations

import feedparser
import pytest
from bs4 import BeautifulSoup

from plansite.pipeline import load, render_all
from tests.conftest import DEMO, PLAN_2015, PLAN_2016, make_content

PUBLIC = "https://plansite.example"


@pytest.fixture(scope="module")
def demo_files() -> dict[str, bytes]:
    return render_all(load(DEMO))


def _parse(data: bytes) -> feedparser.FeedParserDict:
    feed = feedparser.parse(data)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return feed


def test_site_feed_lists_every_plan_newest_first(demo_files):
    feed = _parse(demo_files["feed.xml"])
    assert feed.feed.title == "Planer og opfølgning: nye planer og opfølgninger"
    dates = [entry.updated for entry in feed.entries]
    assert dates == sorted(dates, reverse=True)
    assert feed.feed.updated == dates[0]
    # Changes made after publication link the plan's list of changes (plansite.history);
    # the demo has them when it is built inside the project's git repository.
    plans = [entry for entry in feed.entries if "#" not in entry.link]
    changes = [entry for entry in feed.entries if "#" in entry.link]
    assert len(plans) == 5
    for entry in feed.entries:
        assert entry.link.startswith(PUBLIC + "/")
        page = entry.link[len(PUBLIC) + 1:].split("#")[0] + "index.html"
        assert page in demo_files, entry.link
        title = BeautifulSoup(demo_files[page], "html.parser").h1.get_text(strip=True)
        assert title in entry.title
    assert all(entry.id == entry.link for entry in plans)
    for entry in changes:
        assert entry.link.endswith("#ps-history")
        page = entry.link[len(PUBLIC) + 1:].split("#")[0] + "index.html"
        assert 'id="ps-history"' in demo_files[page].decode("utf-8")
    assert len({entry.id for entry in feed.entries}) == len(feed.entries)


def test_each_unit_has_its_own_feed_linked_from_its_page(demo_files):
    for unit in ("social-familie", "fbf", "socialafdelingen"):
        feed = _parse(demo_files[f"{unit}/feed.xml"])
        assert feed.entries
        assert all(entry.link.startswith(f"{PUBLIC}/{unit}/") for entry in feed.entries)
        soup = BeautifulSoup(demo_files[f"{unit}/index.html"], "html.parser")
        links = [link["href"] for link in soup.find_all("link", rel="alternate")
                 if link.get("type") == "application/atom+xml"]
        assert links == ["/feed.xml", f"/{unit}/feed.xml"]


def test_every_page_head_links_the_site_feed(demo_files):
    for path, data in demo_files.items():
        if path.endswith("index.html"):
            soup = BeautifulSoup(data, "html.parser")
            assert soup.find("link", rel="alternate", href="/feed.xml"), path


def test_a_new_follow_up_is_the_newest_entry(tmp_path):
    content = make_content(tmp_path, {"sundhedsplejen/2015.md": PLAN_2015,
                                      "sundhedsplejen/2016.md": PLAN_2016})
    feed = _parse(render_all(load(content))["feed.xml"])
    assert [entry.title for entry in feed.entries] == ["Sundhedsplejen: Plan 2016",
                                                       "Sundhedsplejen: Plan 2015"]
    assert "1 opfølgninger" in feed.entries[0].summary
    assert feed.entries[0].id.startswith("urn:uuid:")  # no site_url: still a permanent id


def test_feeds_are_the_same_bytes_every_build(demo_files):
    again = render_all(load(DEMO))
    assert again["feed.xml"] == demo_files["feed.xml"]
