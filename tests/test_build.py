"""The whole build of the demo site, as a citizen and a journalist meet it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from plansite.errors import BuildFailed
from plansite.pipeline import build
from tests.conftest import DEMO, ROOT


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo") / "site"
    build(DEMO, out)
    return out


def _pages(out: Path) -> dict[str, BeautifulSoup]:
    return {"/" + p.parent.relative_to(out).as_posix().strip(".") + "/" if p.parent != out
            else "/": BeautifulSoup(p.read_text("utf-8"), "html.parser")
            for p in sorted(out.rglob("index.html"))}


def _normal(url: str) -> str:
    return url.replace("//", "/")


@pytest.fixture(scope="module")
def pages(demo_site: Path) -> dict[str, BeautifulSoup]:
    return {_normal(url): soup for url, soup in _pages(demo_site).items()}


@pytest.fixture(scope="module")
def goals(demo_site: Path) -> list[dict]:
    return json.loads((demo_site / "data/goals.json").read_text("utf-8"))["goals"]


def test_every_internal_link_and_fragment_resolves(demo_site, pages):
    ids = {url: {tag["id"] for tag in soup.find_all(id=True)} for url, soup in pages.items()}
    broken = []
    for url, soup in pages.items():
        for a in soup.find_all("a", href=True):
            href = a["href"]
            if href.startswith(("http:", "https:", "mailto:", "tel:")):
                continue
            parts = urlsplit(href)
            path = parts.path or url
            target = demo_site / path.lstrip("/")
            if path.endswith("/"):
                if path not in pages:
                    broken.append((url, href))
                    continue
            elif not target.is_file():
                broken.append((url, href))
                continue
            if parts.fragment and parts.fragment not in ids.get(path, set()):
                broken.append((url, href))
    assert broken == []


def test_html_is_danish_and_makes_no_requests_to_other_hosts(pages):
    for url, soup in pages.items():
        assert soup.html["lang"] == "da", url
        for tag in soup.find_all(["link", "script", "img", "iframe"]):
            ref = tag.get("href") or tag.get("src") or ""
            if tag.get("rel") == ["canonical"] and ref.startswith("https://plansite.example/"):
                continue  # the page's own public address (site_url), never requested
            assert not ref.startswith(("http:", "https:", "//")), (url, ref)


def test_goals_json_has_the_promised_contract(goals):
    assert len(goals) >= 20
    assert sum(1 for goal in goals if goal["status"]) >= 8
    ids = [goal["id"] for goal in goals]
    assert len(ids) == len(set(ids))
    fields = {"id", "unit", "unit_name", "period", "plan_title", "focus_area", "title",
              "status", "url", "plan_url", "follow_ups", "continues", "continued_as",
              "focus_area_key", "priority"}  # 1.1 added the last two; none is ever removed
    assert all(set(goal) == fields for goal in goals)
    assert all(goal["focus_area_key"].startswith(f"{goal['unit']}/{goal['period']}/")
               for goal in goals)
    assert {goal["priority"] for goal in goals} >= {None, "leve-godt", "udsatte-boern-unge"}


def test_every_goal_within_three_clicks_of_the_front_page(pages, goals):
    reached, frontier = {"/"}, {"/"}
    for _ in range(3):
        frontier = {urlsplit(a["href"]).path for url in frontier for a in
                    pages[url].find_all("a", href=True)
                    if urlsplit(a["href"]).path in pages} - reached
        reached |= frontier
    assert {goal["url"] for goal in goals} <= reached


def test_follow_ups_link_both_ways(pages, goals):
    followed = [goal for goal in goals if goal["follow_ups"]]
    assert followed
    for goal in followed:
        goal_links = {a["href"] for a in pages[goal["url"]].find_all("a", href=True)}
        for entry in goal["follow_ups"]:
            assert entry["url"] in goal_links, (goal["id"], entry["url"])
            plan_url, _, anchor = entry["url"].partition("#")
            entry_tag = pages[plan_url].find(id=anchor)
            assert entry_tag is not None, entry["url"]
            back = {a["href"] for a in entry_tag.find_all("a", href=True)}
            if plan_url != goal["plan_url"]:
                assert goal["url"] in back, (goal["id"], entry["url"])


def test_demo_has_a_chain_across_two_plans(pages, goals):
    by_id = {goal["id"]: goal for goal in goals}
    chained = [goal for goal in goals if goal["continued_as"]]
    assert chained
    for goal in chained:
        successor = by_id[goal["continued_as"]]
        assert successor["continues"] == goal["id"]
        assert successor["period"] != goal["period"]
        links = {a["href"] for a in pages[goal["url"]].find_all("a", href=True)}
        assert successor["url"] in links
        back = {a["href"] for a in pages[successor["url"]].find_all("a", href=True)}
        assert goal["url"] in back


def test_plan_page_shows_status_as_text_and_anchors_every_goal(pages, goals):
    for goal in goals:
        soup = pages[goal["plan_url"]]
        anchor = goal["id"].rsplit("/", 1)[1]
        heading = soup.find(id=anchor)
        assert heading is not None and heading.get_text(strip=True) == goal["title"]
        status = heading.find_parent("article").find(class_="status")
        assert status.get_text(strip=True)


def test_plan_pages_link_previous_and_next_plan(pages):
    soup = pages["/social-familie/2016-2017/"]
    assert soup.find("a", rel="prev")["href"] == "/social-familie/2015/"
    assert pages["/social-familie/2015/"].find("a", rel="next")["href"] == \
        "/social-familie/2016-2017/"


def test_two_builds_are_byte_identical(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    build(DEMO, first)
    build(DEMO, second)
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    for name in files:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_site_works_under_a_sub_path(tmp_path):
    out = tmp_path / "site"
    build(DEMO, out, base_url="https://example.dk/planer/")
    soup = BeautifulSoup((out / "index.html").read_text("utf-8"), "html.parser")
    internal = [a["href"] for a in soup.find_all("a", href=True) if a["href"].startswith("/")]
    assert internal and all(href.startswith("/planer/") for href in internal)
    assert soup.find("link", rel="stylesheet")["href"] == "/planer/assets/style.css"


def test_failed_build_leaves_the_published_site_untouched(tmp_path):
    content = tmp_path / "content"
    subprocess.run(["cp", "-r", str(DEMO), str(content)], check=True)
    out = tmp_path / "site"
    build(content, out)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    plan = content / "plans/social-familie/2015.md"
    plan.write_text(plan.read_text("utf-8").replace("status:", "stauts:", 1) +
                    "\n### Uden id\n", encoding="utf-8")
    (content / "plans/social-familie/2016-2017.md").write_text(
        (content / "plans/social-familie/2016-2017.md").read_text("utf-8")
        .replace("status: videreført", "status: videre", 1), encoding="utf-8")
    with pytest.raises(BuildFailed):
        build(content, out)
    after = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before
    # only the lock file that serialises builds (publish.locked) stays beside the site
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == [".site.lock"]


def test_cli_reports_file_and_line_without_traceback(tmp_path):
    content = tmp_path / "content"
    subprocess.run(["cp", "-r", str(DEMO), str(content)], check=True)
    plan = content / "plans/social-familie/2016-2017.md"
    lines = plan.read_text("utf-8").split("\n")
    number = next(i for i, line in enumerate(lines) if line.startswith("status:")) + 1
    lines[number - 1] = "status: færdig"
    plan.write_text("\n".join(lines), encoding="utf-8")
    result = subprocess.run([sys.executable, "build.py", "--content", str(content), "--out",
                             str(tmp_path / "site"), "--no-cache"], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"{plan}:{number}:1: fejl: Ukendt status 'færdig'." in result.stderr
    assert "opfyldt, delvist opfyldt" in result.stderr
    assert not (tmp_path / "site").exists()
