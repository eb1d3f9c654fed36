"""A build compares its inputs before doing anything: by their stats once every file has
settled, by their bytes otherwise, so no edit goes unseen."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from plansite import inputfiles
from tests.conftest import DEMO


@pytest.fixture
def content(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    shutil.copytree(DEMO, content)
    return content


def _settled(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every file counts as settled (they were all written a moment ago)."""
    monkeypatch.setattr(inputfiles, "SETTLED_NS", 0)


def _reading_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("an input file was read")
    monkeypatch.setattr(inputfiles, "open", refuse, raising=False)


def test_settled_inputs_with_the_same_stats_are_not_read_again(content, monkeypatch):
    _settled(monkeypatch)
    first = inputfiles.read(content)
    assert first.signature
    _reading_fails(monkeypatch)
    assert inputfiles.read(content, first) is first


def test_files_changed_a_moment_ago_are_read_every_time(content):
    first = inputfiles.read(content)
    assert first.signature == ""  # the copy was just made: its stats are not trusted
    assert inputfiles.read(content, first) == first


@pytest.mark.parametrize("edit", ["same size, time set back", "added", "removed", "renamed"])
def test_every_kind_of_edit_changes_the_digest(content, monkeypatch, edit):
    _settled(monkeypatch)
    plan = content / "plans/fbf/2014.md"
    first = inputfiles.read(content)
    if edit == "added":
        (content / "plans/fbf/2015.md").write_text("---\nenhed: fbf\n---\n", "utf-8")
    elif edit == "removed":
        plan.unlink()
    elif edit == "renamed":
        plan.rename(plan.with_name("2013.md"))
    else:
        stat = plan.stat()
        text = plan.read_text("utf-8")
        plan.write_text(text.replace("Årsberetning 2014", "Årsberetning 2O14", 1), "utf-8")
        os.utime(plan, ns=(stat.st_atime_ns, stat.st_mtime_ns))
        assert plan.stat().st_size == stat.st_size
    again = inputfiles.read(content, first)
    assert again.digest != first.digest and again.signature != first.signature


def test_the_digest_is_of_the_bytes_not_the_stats(content, tmp_path, monkeypatch):
    """A copy of the same files elsewhere, made later, has the same digest (its stats
    differ); a theme file counts like a source."""
    _settled(monkeypatch)
    copy = tmp_path / "copy"
    shutil.copytree(content, copy)
    first, second = inputfiles.read(content), inputfiles.read(copy)
    assert first.digest == second.digest and first.signature != second.signature
    theme = copy / "theme" / "static"
    theme.mkdir(parents=True, exist_ok=True)
    (theme / "extra.css").write_text("body{}", "utf-8")
    assert inputfiles.read(copy, second).digest != first.digest


def test_a_link_to_a_folder_is_not_followed_and_a_link_to_a_file_is_read(content, tmp_path,
                                                                          monkeypatch):
    _settled(monkeypatch)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "big.bin").write_bytes(b"x" * 100)
    first = inputfiles.read(content)
    (content / "folder-link").symlink_to(outside, target_is_directory=True)
    assert inputfiles.read(content, first).digest == first.digest
    (content / "file-link").symlink_to(outside / "big.bin")
    linked = inputfiles.read(content, first)
    assert linked.digest != first.digest
    (outside / "big.bin").write_bytes(b"y" * 100)
    assert inputfiles.read(content, linked).digest != linked.digest
