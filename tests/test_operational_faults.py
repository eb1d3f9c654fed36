"""A full disk or a read-only folder is the machine's fault: a plain message, exit 1, the
published site kept and no staging folder left filling the disk."""

from __future__ import annotations

import errno
import shutil
from pathlib import Path

import pytest

from plansite import cli, publish
from plansite.errors import BuildFailed
from plansite.pipeline import build
from tests.conftest import DEMO


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file()}


def _failing_writes(monkeypatch: pytest.MonkeyPatch, code: int, after: int = 5) -> None:
    original = publish.TreeWriter.write
    count = {"n": 0}

    def write(self: publish.TreeWriter, relative: str, data: bytes) -> None:
        count["n"] += 1
        if count["n"] > after:
            raise OSError(code, "simulated", str(self.root / relative))
        original(self, relative, data)

    monkeypatch.setattr(publish.TreeWriter, "write", write)  # forked workers inherit it


@pytest.mark.parametrize(("code", "problem"), [(errno.ENOSPC, "disk-full"),
                                               (errno.EROFS, "not-writable"),
                                               (errno.EACCES, "not-writable"),
                                               (errno.EIO, "os-error")])
def test_the_site_is_kept_and_the_stage_removed(tmp_path, monkeypatch, code, problem):
    out = tmp_path / "site"
    build(DEMO, out)
    before = _tree(out)
    _failing_writes(monkeypatch, code)
    with pytest.raises(BuildFailed) as failed:
        build(DEMO, out)
    assert [p.code for p in failed.value.problems] == [problem]
    assert _tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.lock", "site"]


def test_the_command_says_so_in_plain_words_without_a_traceback(tmp_path, monkeypatch, capsys):
    out = tmp_path / "site"
    _failing_writes(monkeypatch, errno.ENOSPC, after=0)
    code = cli.main(["build", "--content", str(DEMO), "--out", str(out), "--no-cache"])
    err = capsys.readouterr().err
    assert code == 1
    assert "Disken er fuld" in err and "Traceback" not in err and "bug" not in err
    assert not out.exists()


def test_a_rebuild_from_the_spare_that_fails_keeps_the_site_and_drops_the_spare(
        tmp_path, monkeypatch):
    """The spare shares files with the site; a failed rebuild from it leaves the site's
    bytes as they were, and the next build starts from an empty folder."""
    content, out, cache = tmp_path / "content", tmp_path / "site", tmp_path / "cache"
    shutil.copytree(DEMO, content)
    plan = content / "plans/socialafdelingen/2012.md"
    for sentence in ("En.", "To."):
        plan.write_text(plan.read_text("utf-8") + f"\n{sentence}\n", "utf-8")
        build(content, out, cache_dir=cache)
    assert (tmp_path / ".site.spare").is_dir()
    before = _tree(out)
    plan.write_text(plan.read_text("utf-8") + "\nTre.\n", "utf-8")
    _failing_writes(monkeypatch, errno.ENOSPC, after=3)
    with pytest.raises(BuildFailed):
        build(content, out, cache_dir=cache)
    assert _tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.lock", "cache", "content",
                                                          "site"]
    monkeypatch.undo()
    build(content, out, cache_dir=cache)
    clean = tmp_path / "clean"
    build(content, clean)
    assert _tree(out) == _tree(clean)
