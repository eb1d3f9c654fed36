"""No file from outside content/ reaches the site: links out of it are refused everywhere."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from plansite.errors import BuildFailed
from plansite.pipeline import build, load
from plansite.symlinks import escaping
from tests.conftest import DEMO


def _content(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    shutil.copytree(DEMO, content)
    return content


@pytest.mark.parametrize("where", ["theme/static/x.txt", "theme/templates/period.html",
                                   "plans/fbf/kort.png", "theme/static/ekstra"])
def test_a_link_out_of_the_content_folder_is_refused_and_nothing_is_published(tmp_path, where):
    secret = tmp_path / "secret"
    secret.mkdir()
    (secret / "key.txt").write_text("hemmelig nøgle", "utf-8")
    content = _content(tmp_path)
    link = content / where
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(secret if where.endswith("ekstra") else secret / "key.txt")
    errors = load(content).report.errors
    assert [(p.code, p.path) for p in errors] == [("outside-content", link)]
    out = tmp_path / "site"
    with pytest.raises(BuildFailed):
        build(content, out)
    assert not out.exists()


def test_links_that_stay_inside_are_fine(tmp_path):
    content = _content(tmp_path)
    (content / "theme/static").mkdir(parents=True)
    (content / "theme/static/kopi.csv").symlink_to(
        content / "plans/fbf/regnskab-2014-boern-og-unge.csv")
    assert escaping(content) == []
    out = tmp_path / "site"
    build(content, out)
    assert (out / "assets/kopi.csv").is_file()


def test_a_link_to_a_relative_place_outside_is_caught_too(tmp_path):
    content = _content(tmp_path)
    (tmp_path / "udenfor.txt").write_text("x", "utf-8")
    (content / "plans/fbf/bilag.txt").symlink_to(Path("../../../udenfor.txt"))
    assert [link.name for link, _target in escaping(content)] == ["bilag.txt"]
