"""Rebuilds do only what a change needs: editing one plan re-renders its pages, not the site."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from plansite import kinds, publish
from plansite.incremental import plan
from plansite.pipeline import Session, build, load, publish_site, update_site
from plansite.serve import Preview
from tests.conftest import DEMO, ROOT


def _copy(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(DEMO, content)
    return content


def test_editing_one_plan_rerenders_only_pages_that_show_it(tmp_path):
    content, out = _copy(tmp_path), tmp_path / "site"
    session = Session(content)
    total = publish_site(session, load(content, session=session), out)
    plan = content / "plans/socialafdelingen/2012.md"
    plan.write_text(plan.read_text("utf-8").replace(
        "titel: ", "titel: Rettet ", 1), encoding="utf-8")
    loaded = load(content, session=session)
    update = update_site(session, loaded, out)
    update.finish()
    rendered = update.rendered
    goals = len(loaded.site.plans["socialafdelingen/2012"].goals)
    areas = len(loaded.site.plans["socialafdelingen/2012"].focus_areas)
    # the plan, its goals, its focus areas, its print view, its unit, its period, the front
    # page and the data page, the page of the theme its familiegrupper carry on, the list of
    # themes, and the page of its forvaltning, which counts its goals
    # ... and the search page (it lists every plan); no overview page: they show the
    # goals, not the plan's title
    assert rendered == goals + areas + 9 + 1
    assert rendered < total / 3
    assert "Rettet " in (out / "socialafdelingen/2012/index.html").read_text("utf-8")


def _pages_and_data(root):
    return {str(path.relative_to(root)): path.read_bytes() for path in sorted(root.rglob("*"))
            if path.is_file() and "pagefind" not in path.parts}


def test_the_preview_writes_the_saved_plans_own_pages_before_it_lists_the_site(
        tmp_path, monkeypatch):
    """Listing every file of a 10,000-goal site takes most of a save's time: the live
    preview first writes the pages of the plan that was saved (its page, goals, focus areas
    and printout, from the newly linked site), then lists the site, after the browsers
    were told to reload, and writes what else changed."""
    content, out = _copy(tmp_path), tmp_path / "site"
    session = Session(content)
    publish_site(session, load(content, session=session), out)
    listed: list[int] = []
    real = kinds.collect
    monkeypatch.setattr(kinds, "collect", lambda inputs: listed.append(1) or real(inputs))
    source = content / "plans/social-familie/2015.md"
    source.write_text(source.read_text("utf-8").replace(
        "### Tandplejen med i samarbejdet", "### Tandlægen med i samarbejdet", 1), "utf-8")
    loaded = load(content, session=session, warnings=False, outputs=False)
    update = update_site(session, loaded, out)
    plan = loaded.site.plans["social-familie/2015"]
    assert listed == []
    assert update.rendered == 1 + len(plan.goals) + len(plan.focus_areas) + 1
    goal = out / "social-familie/2015/tandpleje-samarbejde/index.html"
    assert "Tandlægen med i samarbejdet" in goal.read_text("utf-8")
    assert update.finish() > 0 and listed == [1]  # the follower's page, the lists …
    clean = tmp_path / "clean"
    build(content, clean)
    assert _pages_and_data(out) == _pages_and_data(clean)


def test_a_static_file_that_takes_a_pages_name_still_shows_after_the_first_pages(tmp_path):
    content, out = _copy(tmp_path), tmp_path / "site"
    preview = Preview(content, out, str)
    preview.initial_build()
    source = content / "plans/social-familie/2015.md"
    source.write_text(source.read_text("utf-8") + "\n", "utf-8")
    (content / "static").mkdir(exist_ok=True)
    (content / "static/index.html").write_text("<p>min egen forside</p>", "utf-8")
    assert preview.poll() and not preview.errors  # the plan's pages are written …
    assert preview.finish()  # … and listing the site finds the collision
    assert [problem.code for problem in preview.errors] == ["static-collides"]
    (content / "static/index.html").unlink()
    assert preview.poll() and not preview.errors
    assert not preview.finish() and "<p>min egen" not in (out / "index.html").read_text("utf-8")


def test_follow_up_added_in_a_later_plan_updates_the_earlier_goal_page(tmp_path):
    content, out = _copy(tmp_path), tmp_path / "site"
    session = Session(content)
    publish_site(session, load(content, session=session), out)
    later = content / "plans/social-familie/2016-2017.md"
    later.write_text(later.read_text("utf-8").replace(
        "status: udgået", "status: delvist opfyldt", 1), encoding="utf-8")
    update_site(session, load(content, session=session), out).finish()
    page = (out / "social-familie/2015/netvaerk/index.html").read_text("utf-8")
    assert "Delvist opfyldt" in page and "Udgået" not in page


def test_unchanged_sources_rebuild_nothing_and_keep_the_files(tmp_path):
    content, out, cache = _copy(tmp_path), tmp_path / "site", tmp_path / "cache"
    first = build(content, out, cache_dir=cache)
    stamps = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
    again = build(content, out, cache_dir=cache)
    assert first.rendered > 0 and again.rendered == 0 and again.goals == first.goals
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()} == stamps


def test_rebuild_after_an_edit_keeps_unchanged_files_and_publishes_atomically(tmp_path):
    content, out, cache = _copy(tmp_path), tmp_path / "site", tmp_path / "cache"
    build(content, out, cache_dir=cache)
    untouched = out / "social-familie/2016-2017/boformer/index.html"
    inode = untouched.stat().st_ino
    plan = content / "plans/socialafdelingen/2012.md"
    plan.write_text(plan.read_text("utf-8") + "\nEn ny sætning.\n", encoding="utf-8")
    result = build(content, out, cache_dir=cache)
    assert 0 < result.rendered < 36  # of ~135 pages; 6 of them list every plan or goal
    assert untouched.stat().st_ino == inode  # hard-linked into the new site, not rewritten
    # the site swapped out is kept for the next build to start from, and nothing else
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.lock", ".site.spare", "cache",
                                                          "content", "site"]


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def _folders(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_dir()}


def test_a_rebuild_brings_the_site_swapped_out_last_time_up_to_date(tmp_path, monkeypatch):
    """The spare shares its unchanged files with the published site: the build writes new
    files, never into those; it links, writes and deletes only what differs, and the
    result is a clean build's, folders included."""
    content, out, cache = _copy(tmp_path), tmp_path / "site", tmp_path / "cache"
    spare = tmp_path / ".site.spare"
    plans = ["plans/socialafdelingen/2012.md"] * 2 + ["plans/social-familie/2015.md"]
    edits = [lambda text: text + "\nEn ny sætning.\n",
             lambda text: text.replace("titel: ", "titel: Rettet ", 1),
             lambda text: text + "\nEndnu en sætning.\n"]
    build(content, out, cache_dir=cache)
    monkeypatch.setenv("PLANSITE_WORKERS", "1")  # every link counted in this process
    linked: list[str] = []
    link_files = publish.link_files
    monkeypatch.setattr(publish, "link_files", lambda source, target, names: (
        linked.extend(names), link_files(source, target, names)))
    for number, edit in enumerate(edits):
        published = _files(out)
        plan = content / plans[number]
        plan.write_text(edit(plan.read_text("utf-8")), encoding="utf-8")
        linked.clear()
        build(content, out, cache_dir=cache)
        assert _files(spare) == published  # the site as it was: not written through
        clean = tmp_path / f"clean-{number}"
        build(content, clean)
        assert _files(out) == _files(clean) and _folders(out) == _folders(clean)
        # an empty folder at first, every unchanged file linked; then from the spare, only
        # the files the last build changed and this one did not (after another plan's edit)
        assert (len(linked) > 100, len(linked) == 0, 0 < len(linked) < 40)[number], (
            number, len(linked))
    (content / "plans/socialafdelingen/2012.md").unlink()  # pages and folders go
    build(content, out, cache_dir=cache)
    clean = tmp_path / "clean-deleted"
    build(content, clean)
    assert _files(out) == _files(clean) and _folders(out) == _folders(clean)


@pytest.mark.parametrize("meddle", ["a file edited", "a file added", "the spare removed",
                                    "a folder in its place", "a link to the site"])
def test_a_spare_not_as_the_last_build_left_it_is_not_used(tmp_path, meddle):
    content, out, cache = _copy(tmp_path), tmp_path / "site", tmp_path / "cache"
    spare = tmp_path / ".site.spare"
    plan = content / "plans/socialafdelingen/2012.md"
    build(content, out, cache_dir=cache)
    plan.write_text(plan.read_text("utf-8") + "\nEn ny sætning.\n", encoding="utf-8")
    build(content, out, cache_dir=cache)
    if meddle == "a file edited":
        page = spare / "index.html"
        page.unlink()  # a new file: not the published one it shared
        page.write_text("ændret i hånden", "utf-8")
    elif meddle == "a file added":
        (spare / "ekstra.html").write_text("<p>ekstra</p>", "utf-8")
    elif meddle == "the spare removed":
        shutil.rmtree(spare)
    elif meddle == "a folder in its place":
        shutil.rmtree(spare)
        (spare / "index.html").mkdir(parents=True)
    else:
        shutil.rmtree(spare)
        spare.symlink_to(out, target_is_directory=True)
    plan.write_text(plan.read_text("utf-8") + "\nEndnu en.\n", encoding="utf-8")
    build(content, out, cache_dir=cache)
    clean = tmp_path / "clean"
    build(content, clean)
    assert _files(out) == _files(clean) and _folders(out) == _folders(clean)


def test_planning_compares_fingerprints_only():
    changes = plan({"a": "1", "b": "2", "gone": "3"}, {"a": "1", "b": "changed", "new": "4"})
    assert changes.render == ("b", "new")
    assert changes.keep == ("a",)
    assert changes.delete == ("gone",)
    assert not changes.nothing
    assert plan({"a": "1"}, {"a": "1"}).nothing
    # an unknown published site: everything is rendered
    assert plan({}, {"a": "1"}).render == ("a",)


def test_a_template_override_added_while_the_preview_runs_is_used(tmp_path):
    content, out = _copy(tmp_path), tmp_path / "site"
    templates = content / "theme/templates"
    templates.mkdir(parents=True)  # the site already overrides one template
    shutil.copy(ROOT / "themes/default/templates/base.html", templates / "base.html")
    session = Session(content)
    publish_site(session, load(content, session=session), out)
    override = templates / "data.html"
    override.write_text((ROOT / "themes/default/templates/data.html").read_text("utf-8")
                        .replace("{% block content %}", "{% block content %}<p>Lokal</p>"),
                        encoding="utf-8")
    update_site(session, load(content, session=session), out).finish()
    assert "<p>Lokal</p>" in (out / "data/index.html").read_text("utf-8")


def test_a_spare_gone_after_it_was_listed_leaves_an_empty_folder_to_fill(tmp_path,
                                                                          monkeypatch):
    """The build trusts the spare's listing, but starts from it only if it is still there
    when the build begins (`publish.begin` says which)."""
    content, out, cache = _copy(tmp_path), tmp_path / "site", tmp_path / "cache"
    plan = content / "plans/socialafdelingen/2012.md"
    for sentence in ("En.", "To."):
        plan.write_text(plan.read_text("utf-8") + f"\n{sentence}\n", encoding="utf-8")
        build(content, out, cache_dir=cache)
    clean_leftovers = publish.clean_leftovers

    def and_the_spare(target: Path) -> None:
        clean_leftovers(target)
        shutil.rmtree(publish.spare_dir(target), ignore_errors=True)
    monkeypatch.setattr(publish, "clean_leftovers", and_the_spare)
    plan.write_text(plan.read_text("utf-8") + "\nTre.\n", encoding="utf-8")
    build(content, out, cache_dir=cache)
    clean = tmp_path / "clean"
    build(content, clean)
    assert _files(out) == _files(clean) and _folders(out) == _folders(clean)
