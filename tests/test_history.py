"""The edit history from git: a published plan is never quietly rewritten.

Each test makes its own git repository in a temporary folder (`git -C tmp …`),
with commit dates set, so the dates on the pages are known.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from plansite import history
from plansite.dates import PartialDate
from plansite.model import Goal, Plan, Revision
from plansite.pipeline import build, load
from tests.conftest import make_content

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")

PLAN = """\
---
enhed: sundhedsplejen
periode: 2016
titel: Plan 2016
offentliggjort: 15. januar 2016
---

## Sundhed
id: sundhed

### Hjemmebesøg
id: hjemmebesoeg

Fire besøg til alle familier.

### Vægt
id: vaegt

Alle børn vejes.
"""

PLAN_FILE = "sundhedsplejen/2016.md"


def git(repo: Path, *args: str, date: str = "2016-01-10T12:00:00+01:00") -> str:
    env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    for name in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):
        env.pop(name, None)
    return subprocess.run(
        ["git", "-C", str(repo), "-c", "user.name=Redaktør", "-c", "user.email=r@example.dk",
         "-c", "commit.gpgsign=false", *args],
        check=True, capture_output=True, text=True, env=env).stdout


def commit(repo: Path, message: str, date: str) -> str:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message, date=date)
    return git(repo, "rev-parse", "HEAD").strip()


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A site in git: the plan as published (10 January 2016), then one change after
    publication (3 March 2017) that changes a goal's text."""
    content = make_content(tmp_path, {PLAN_FILE: PLAN})
    git(tmp_path, "init", "-q", "-b", "main")
    commit(tmp_path, "Plan 2016 offentliggjort", "2016-01-10T12:00:00+01:00")
    plan = content / "plans" / PLAN_FILE
    plan.write_text(plan.read_text("utf-8").replace("Fire besøg", "Fem besøg"),
                    encoding="utf-8")
    commit(tmp_path, "Ret antallet af hjemmebesøg\n\nAftalt med lederen.",
           "2017-03-03T09:30:00+01:00")
    return tmp_path


def test_a_repository_with_two_commits_shows_the_second_change_on_the_plan_page(repo):
    out = repo / "site"
    build(repo / "content", out)
    page = (out / "sundhedsplejen/2016/index.html").read_text("utf-8")
    assert ('<dt>Senest ændret</dt><dd><time datetime="2017-03-03">3. marts 2017</time>'
            in page)
    assert '<h2 id="ps-history">Ændringer efter offentliggørelsen</h2>' in page
    assert ('<li><time datetime="2017-03-03">3. marts 2017</time>: '
            "Ret antallet af hjemmebesøg</li>") in page
    assert "Plan 2016 offentliggjort" not in page  # the published version is no change
    assert "Aftalt med lederen" not in page  # only the commit's first line


def test_a_goal_whose_text_changed_after_publication_says_so(repo):
    out = repo / "site"
    build(repo / "content", out)
    changed = (out / "sundhedsplejen/2016/hjemmebesoeg/index.html").read_text("utf-8")
    assert "Målets tekst er ændret, efter planen blev offentliggjort:" in changed
    assert "3. marts 2017</time>: Ret antallet af hjemmebesøg" in changed
    assert 'href="/sundhedsplejen/2016/#ps-history"' in changed
    untouched = (out / "sundhedsplejen/2016/vaegt/index.html").read_text("utf-8")
    assert "efter planen blev offentliggjort" not in untouched


def test_a_goal_added_after_publication_says_so(repo):
    plan = repo / "content/plans" / PLAN_FILE
    plan.write_text(plan.read_text("utf-8") + "\n### Søvn\nid: soevn\n\nGod søvn.\n",
                    encoding="utf-8")
    commit(repo, "Nyt mål om søvn", "2017-05-01T10:00:00+02:00")
    site = load(repo / "content").site
    found = site.history["sundhedsplejen/2016"]
    assert found.goals_added == {"soevn"}
    assert [rev.subject for rev in found.goal_changes["soevn"]] == ["Nyt mål om søvn"]
    build(repo / "content", repo / "site")
    page = (repo / "site/sundhedsplejen/2016/soevn/index.html").read_text("utf-8")
    assert "Målet er tilføjet, efter planen blev offentliggjort:" in page


def test_changes_link_to_their_commit_when_site_yaml_names_the_repository(repo):
    site_yaml = repo / "content/site.yaml"
    site_yaml.write_text(site_yaml.read_text("utf-8")
                         + "repository: https://github.com/kommune/planer\n", encoding="utf-8")
    second = commit(repo, "Repository i site.yaml", "2017-04-01T10:00:00+02:00")
    change = git(repo, "log", "-1", "--format=%H", "--", "content/plans").strip()
    assert change != second  # site.yaml is not a plan: the plan's history is unchanged
    build(repo / "content", repo / "site")
    page = (repo / "site/sundhedsplejen/2016/index.html").read_text("utf-8")
    assert (f'<a href="https://github.com/kommune/planer/commit/{change}">'
            "Ret antallet af hjemmebesøg</a>") in page


def test_gitlab_commits_are_linked_the_gitlab_way():
    assert history.commit_url("https://gitlab.com/kommune/planer", "abc") == \
        "https://gitlab.com/kommune/planer/-/commit/abc"
    assert history.commit_url("", "abc") == ""


def test_outside_git_there_is_simply_no_history(tmp_path):
    content = make_content(tmp_path, {PLAN_FILE: PLAN})
    build(content, tmp_path / "site")
    page = (tmp_path / "site/sundhedsplejen/2016/index.html").read_text("utf-8")
    assert "Senest ændret" not in page
    assert "ps-history" not in page
    assert load(content).site.history == {}


def test_a_shallow_clone_shows_no_history_rather_than_a_cut_off_one(repo, tmp_path_factory):
    clone = tmp_path_factory.mktemp("shallow") / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(clone)],
                   check=True, capture_output=True)
    assert load(clone / "content").site.history == {}


def test_the_history_is_the_same_for_the_same_commit(repo, tmp_path):
    build(repo / "content", tmp_path / "one", cache_dir=tmp_path / "cache-one")
    build(repo / "content", tmp_path / "two")
    for path in (tmp_path / "one").rglob("*.html"):
        assert path.read_bytes() == (tmp_path / "two" / path.relative_to(
            tmp_path / "one")).read_bytes(), path


def test_a_cached_rebuild_after_a_commit_equals_a_clean_build(repo, tmp_path):
    """A commit changes no file in content/, only the history: the cache must see it."""
    cache, out = tmp_path / "cache", tmp_path / "site"
    plan = repo / "content/plans" / PLAN_FILE
    plan.write_text(plan.read_text("utf-8").replace("Alle børn", "Alle spædbørn"),
                    encoding="utf-8")
    build(repo / "content", out, cache_dir=cache)  # edited, not committed yet
    commit(repo, "Ret målgruppen for vejning", "2017-06-01T10:00:00+02:00")
    result = build(repo / "content", out, cache_dir=cache)
    assert result.rendered > 0
    build(repo / "content", tmp_path / "clean")
    for path in sorted((tmp_path / "clean").rglob("*.html")):
        relative = path.relative_to(tmp_path / "clean")
        assert (out / relative).read_bytes() == path.read_bytes(), relative
    page = (out / "sundhedsplejen/2016/vaegt/index.html").read_text("utf-8")
    assert "1. juni 2017</time>: Ret målgruppen for vejning" in page


def test_published_changes_for_the_site_feed_are_newest_first(repo):
    plan = repo / "content/plans" / PLAN_FILE
    plan.write_text(plan.read_text("utf-8") + "\nMere tekst.\n", encoding="utf-8")
    commit(repo, "Tilføj tekst", "2018-01-02T10:00:00+01:00")
    changes = history.published_changes(load(repo / "content").site)
    assert [(c.plan.key, c.revision.subject) for c in changes] == [
        ("sundhedsplejen/2016", "Tilføj tekst"),
        ("sundhedsplejen/2016", "Ret antallet af hjemmebesøg")]


def test_the_site_feed_tells_readers_of_a_change_after_publication(repo):
    import feedparser

    out = repo / "site"
    build(repo / "content", out)
    feed = feedparser.parse((out / "feed.xml").read_bytes())
    assert not feed.bozo
    titles = [entry.title for entry in feed.entries]
    assert titles[0].endswith("Plan 2016 er ændret efter offentliggørelsen")  # 2017: newest
    change = feed.entries[0]
    assert change.summary == "Ret antallet af hjemmebesøg"
    assert change.link.endswith("/sundhedsplejen/2016/#ps-history")
    assert "Plan 2016" in titles[1] and "ændret" not in titles[1]  # the plan itself, 2016
    assert len({entry.id for entry in feed.entries}) == len(feed.entries)
    unit_feed = feedparser.parse((out / "sundhedsplejen/feed.xml").read_bytes())
    assert [entry.title for entry in unit_feed.entries] == [titles[1]]  # the site's only


# --- the rules, without git --------------------------------------------------------------

def _rev(day: str, subject: str = "") -> Revision:
    return Revision(day, dt.date.fromisoformat(day), subject or day)


def _plan(published: PartialDate | None, *goals: Goal) -> Plan:
    from plansite.dates import Period
    from plansite.model import FocusArea
    return Plan("u", Period(2016, 2016), "Plan", "plan", "",
                (FocusArea("a", "A", "", tuple(goals)),), published=published)


@pytest.mark.parametrize("published, expected", [
    (PartialDate(2016, 1, 15), dt.date(2016, 1, 15)),
    (PartialDate(2016, 2), dt.date(2016, 2, 29)),
    (PartialDate(2016), dt.date(2016, 12, 31)),
    (PartialDate(2016, qualifier="medio"), dt.date(2016, 12, 31)),
])
def test_publication_counts_to_the_end_of_the_date_as_written(published, expected):
    assert history.published_until(published) == expected


def test_commits_up_to_the_publication_date_are_the_published_version():
    goal = Goal("g", "G", "")
    commits = [_rev("2016-08-01"), _rev("2016-01-20"), _rev("2016-01-05")]
    found = history.plan_history(_plan(PartialDate(2016, 1), goal), commits,
                                 lambda rev: {"g": ("same",)})
    assert found is not None
    assert found.last_changed.commit == "2016-08-01"
    assert [rev.commit for rev in found.changes] == ["2016-08-01"]
    assert found.goal_changes == {}


def test_without_a_publication_date_the_first_commit_is_the_published_version():
    goal = Goal("g", "G", "")
    commits = [_rev("2020-03-01"), _rev("2020-02-01"), _rev("2020-01-01")]
    words = {"2020-01-01": {"g": (1,)}, "2020-02-01": {"g": (2,)}, "2020-03-01": {"g": (2,)}}
    found = history.plan_history(_plan(None, goal), commits, lambda rev: words[rev.commit])
    assert found is not None
    assert [rev.commit for rev in found.changes] == ["2020-03-01", "2020-02-01"]
    assert [rev.commit for rev in found.goal_changes["g"]] == ["2020-02-01"]
    assert found.goals_added == frozenset()
