"""Every page's footer: accessibility statement, the publisher's contact, cookies; 404, favicon."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from plansite.pipeline import load, render_all
from tests.conftest import DEMO, PLAN_2015, SITE_YAML, make_content


@pytest.fixture(scope="module")
def demo_files() -> dict[str, bytes]:
    return render_all(load(DEMO))


def _html(files: dict[str, bytes]) -> dict[str, BeautifulSoup]:
    return {path: BeautifulSoup(data, "html.parser") for path, data in files.items()
            if path.endswith(".html") and not path.endswith("udskrift.html")}


def test_every_page_footer_links_the_statement_cookies_and_shows_contact(demo_files):
    pages = _html(demo_files)
    assert len(pages) > 50
    for path, soup in pages.items():
        footer = soup.find("footer")
        links = {a.get_text(strip=True): a["href"] for a in footer.find_all("a")}
        assert links["Tilgængelighedserklæring"] == "/was/", path
        assert links["Cookies"] == "/cookies/", path
        assert "tlf. 70 10 20 30" in footer.get_text(), path
        assert links["borgerservice@kommune.example"].startswith("mailto:"), path


def test_default_statement_page_says_where_the_statement_lives(demo_files):
    text = BeautifulSoup(demo_files["was/index.html"], "html.parser").main.get_text(" ")
    assert "Tilgængelighedserklæring" in text
    assert "was.digst.dk" in text and "plansite demo" in text
    assert "WCAG 2.1" in text


def test_cookie_page_says_the_site_sets_none(demo_files):
    text = BeautifulSoup(demo_files["cookies/index.html"], "html.parser").main.get_text(" ")
    assert "ingen cookies" in text and "cookiebanner" in text


def test_statement_url_from_site_config_replaces_the_default(tmp_path):
    site = SITE_YAML + ("accessibility_statement: https://www.was.digst.dk/test-dk\n"
                        "contact: 'Testkommune, tlf. 11 22 33 44'\n")
    content = make_content(tmp_path, {"sundhedsplejen/2015.md": PLAN_2015}, site=site)
    files = render_all(load(content))
    footer = BeautifulSoup(files["index.html"], "html.parser").footer
    link = footer.find("a", string="Tilgængelighedserklæring")
    assert link["href"] == "https://www.was.digst.dk/test-dk"
    assert "tlf. 11 22 33 44" in footer.get_text()


def test_not_found_page_is_danish_with_search_and_a_link_home(demo_files):
    soup = BeautifulSoup(demo_files["404.html"], "html.parser")
    assert soup.html["lang"] == "da"
    assert soup.h1.get_text() == "Siden findes ikke"
    form = soup.main.find("form", role="search")
    assert form["action"] == "/soeg/" and form.find("input", type="search")["name"] == "q"
    assert soup.main.find("a", href="/", string="Gå til forsiden")
    assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert not soup.find("link", rel="canonical")


def test_favicon_is_a_real_file_of_the_site(demo_files):
    soup = BeautifulSoup(demo_files["index.html"], "html.parser")
    icon = soup.find("link", rel="icon")["href"]
    assert icon == "/assets/favicon.svg"
    assert demo_files[icon.lstrip("/")].startswith(b"<svg")


def test_every_page_has_the_search_field_in_its_header(demo_files):
    for path, soup in _html(demo_files).items():
        form = soup.header.find("form", role="search")
        assert form is not None and form["action"] == "/soeg/", path
        field = form.find("input", type="search")
        assert soup.find("label", attrs={"for": field["id"]}), path


def test_an_english_site_gets_english_footer_and_pages(tmp_path):
    content = make_content(tmp_path, {"sundhedsplejen/2015.md": PLAN_2015},
                           site=SITE_YAML + "language: en\n")
    files = render_all(load(content))
    footer = BeautifulSoup(files["index.html"], "html.parser").footer
    assert footer.find("a", href="/was/").get_text() == "Accessibility statement"
    assert BeautifulSoup(files["404.html"], "html.parser").h1.get_text() == "Page not found"
    assert BeautifulSoup(files["oversigt/index.html"], "html.parser").h1.get_text() == \
        "All goals"
    cookies = BeautifulSoup(files["cookies/index.html"], "html.parser").main.get_text(" ")
    assert "no cookies" in cookies
