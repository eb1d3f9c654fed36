"""content/static/: files such as CNAME published as they are, and a warning when a build
removes a file from site/ that plansite did not write."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from plansite.errors import BuildFailed
from plansite.pipeline import build, load
from tests.conftest import DEMO


def _content(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    shutil.copytree(DEMO, content)
    return content


def test_files_in_content_static_are_published_at_the_root(tmp_path):
    content, out, store = _content(tmp_path), tmp_path / "site", tmp_path / "cache"
    (content / "static/.well-known").mkdir(parents=True, exist_ok=True)
    (content / "static/CNAME").write_text("planer.kommune.dk\n", "utf-8")
    (content / "static/.nojekyll").write_text("", "utf-8")
    (content / "static/.well-known/security.txt").write_text("Contact: x@y.dk\n", "utf-8")
    result = build(content, out, cache_dir=store)
    assert result.warnings == ()
    assert (out / "CNAME").read_text("utf-8") == "planer.kommune.dk\n"
    assert (out / ".nojekyll").is_file() and (out / ".well-known/security.txt").is_file()
    (content / "static/CNAME").write_text("plans.example.org\n", "utf-8")
    build(content, out, cache_dir=store)  # a changed file is copied again
    assert (out / "CNAME").read_text("utf-8") == "plans.example.org\n"


def test_a_static_file_cannot_replace_a_page(tmp_path):
    content = _content(tmp_path)
    (content / "static").mkdir(exist_ok=True)
    (content / "static/index.html").write_text("<p>min egen forside</p>", "utf-8")
    [problem] = load(content).report.errors
    assert problem.code == "static-collides" and problem.path.name == "index.html"
    with pytest.raises(BuildFailed):
        build(content, tmp_path / "site")


@pytest.mark.parametrize("cached", [True, False])
def test_a_file_put_into_the_site_by_hand_is_named_when_a_build_removes_it(tmp_path, cached):
    content, out = _content(tmp_path), tmp_path / "site"
    store = tmp_path / "cache" if cached else None
    build(content, out, cache_dir=store)
    (out / "CNAME").write_text("planer.kommune.dk\n", "utf-8")
    result = build(content, out, cache_dir=store)
    assert [(p.code, p.params["file"]) for p in result.warnings] == [
        ("removed-foreign-file", "CNAME")]
    assert not (out / "CNAME").exists()
    assert build(content, out, cache_dir=store).warnings == ()  # said once, when it happens
