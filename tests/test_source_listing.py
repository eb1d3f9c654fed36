"""Which files under plans/ are plan sources: editors' tools leave lock and backup files."""

from __future__ import annotations

import shutil
from pathlib import Path

from plansite.pipeline import build, load
from plansite.sources import plan_sources
from tests.conftest import DEMO


def _content(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    shutil.copytree(DEMO, content)
    return content


def test_hidden_and_temporary_files_are_not_sources(tmp_path):
    content = _content(tmp_path)
    folder = content / "plans/fbf"
    (folder / ".#2014.md").symlink_to("redaktor@maskine.4242:1700000000")  # Emacs: dangling
    (folder / "2014.md~").write_text("backup", "utf-8")
    (folder / "~$2014.md").write_text("Word", "utf-8")
    (folder / ".2014.md.swp").write_text("vim", "utf-8")
    (folder / "#2014.md#").write_text("autosave", "utf-8")
    names = {p.name for p in plan_sources(content) if p.parent == folder}
    assert names == {"2012.md", "2014.md"}
    assert load(content).report.errors == []
    build(content, tmp_path / "site")


def test_an_upper_case_extension_is_a_source_too(tmp_path):
    content = _content(tmp_path)
    plan = content / "plans/fbf/2014.md"
    plan.rename(plan.with_name("2014.MD"))
    loaded = load(content)
    assert loaded.report.errors == []
    assert "fbf/2014" in loaded.site.plans


def test_a_source_that_disappears_while_listing_is_skipped(tmp_path, monkeypatch):
    content = _content(tmp_path)
    gone = content / "plans/fbf/2012.md"
    listed = plan_sources(content)
    from plansite import sources

    def vanishing(folder: Path) -> list[Path]:
        gone.unlink(missing_ok=True)  # deleted between listing and reading
        return listed

    monkeypatch.setattr(sources, "plan_sources", vanishing)
    loaded = load(content)
    assert "fbf/2012" not in loaded.site.plans
    assert all(p.code != "missing-file" for p in loaded.report.problems)


def test_sources_are_listed_part_by_part_and_hidden_folders_and_folder_links_are_skipped(
        tmp_path):
    plans = tmp_path / "content" / "plans"
    for name in ("a/2014.md", "a-b/2013.md", "a/b/2015.MD", "a/.skjult/2016.md",
                 "a/noter.txt", "a/.md", "a/2017.md."):
        (plans / name).parent.mkdir(parents=True, exist_ok=True)
        (plans / name).write_text("x", "utf-8")
    (plans / "genvej").symlink_to(plans / "a")  # a link to a folder is not followed
    listed = [path.relative_to(plans).as_posix() for path in plan_sources(tmp_path / "content")]
    assert listed == ["a/2014.md", "a/b/2015.MD", "a-b/2013.md"]  # "a" before "a-b", as folders
