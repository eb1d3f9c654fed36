"""Publishing is atomic: a build killed at any moment leaves the old or the new site."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from plansite.publish import publish
from tests.conftest import ROOT, make_content


def _snapshot(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha1(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _plan(period: int, title: str, goals: int) -> str:
    body = "\n".join(f"### Mål {n}\nid: maal-{n}\n\n{title} tekst {n}. " + "Ord " * 60 + "\n"
                     for n in range(goals))
    return (f"---\nunit: sundhedsplejen\nperiod: {period}\ntitle: {title} {period}\n---\n\n"
            f"## Område\nid: omraade\n\n{body}")


def _content(root: Path, title: str) -> Path:
    return make_content(root, {f"s/{year}.md": _plan(year, title, 60)
                               for year in range(2010, 2020)})


def _build(content: Path, out: Path) -> subprocess.Popen[bytes]:
    command = [sys.executable, "build.py", "--content", str(content), "--out", str(out),
               "--cache", str(out.parent / "cache")]
    return subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)


def test_killed_build_leaves_old_or_new_site_and_next_build_cleans_up(tmp_path):
    old_content = _content(tmp_path / "old", "Gammel")
    new_content = _content(tmp_path / "new", "Ny")
    reference = tmp_path / "reference"
    assert _build(old_content, reference / "old").wait() == 0
    started = time.perf_counter()
    assert _build(new_content, reference / "new").wait() == 0
    duration = time.perf_counter() - started
    old, new = _snapshot(reference / "old"), _snapshot(reference / "new")
    assert old != new
    out = tmp_path / "publish" / "site"
    seen = set()
    for step in range(8):
        if out.exists():
            shutil.rmtree(out)
        shutil.copytree(reference / "old", out)
        process = _build(new_content, out)
        time.sleep(duration * step / 7)
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        state = _snapshot(out) if out.exists() else None
        if state is None:  # killed between the two renames of the fallback swap
            assert (out.parent / ".site.old").is_dir()
        else:
            assert state in (old, new), f"mixed site after kill at step {step}"
            seen.add("old" if state == old else "new")
        assert _build(old_content, out).wait() == 0
        assert _snapshot(out) == old
        assert sorted(p.name for p in out.parent.iterdir()) == [".site.lock", "cache", "site"]
    assert "old" in seen


def test_publish_replaces_the_whole_folder(tmp_path):
    out = tmp_path / "site"
    publish(out, {"a/index.html": b"1", "b.txt": b"2"})
    publish(out, {"a/index.html": b"3"})
    assert _snapshot(out) == {"a/index.html": hashlib.sha1(b"3").hexdigest()}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_build_refuses_to_replace_a_folder_that_is_not_a_site(tmp_path):
    import pytest

    from plansite.errors import BuildFailed
    from plansite.pipeline import build
    from tests.conftest import DEMO

    precious = tmp_path / "documents"
    precious.mkdir()
    (precious / "notes.txt").write_text("mine", encoding="utf-8")
    for out, code in ((precious, "out-not-a-site"), (DEMO, "out-holds-content"),
                      (DEMO.parent, "out-holds-content"), (DEMO / "site", "out-inside-content")):
        with pytest.raises(BuildFailed) as failed:
            build(DEMO, out)
        assert [p.code for p in failed.value.problems] == [code]
    assert (precious / "notes.txt").read_text("utf-8") == "mine"
    assert not (DEMO / "site").exists()


def test_shown_sources_tell_apart_what_repr_would():
    from dataclasses import dataclass

    from plansite.outputs import shown

    @dataclass(frozen=True)
    class Row:
        title: str
        status: str | None

    assert shown((Row("a", None),)) == shown((Row("a", None),))
    different = [shown((Row("a", None),)), shown((Row("a", "None"),)), shown((Row("a b", None),)),
                 shown((Row("a", None), Row("b", None))), shown((Row("a", None),), 1),
                 shown(("a", None)), shown((Row("ab", None),))]
    assert len(set(different)) == len(different)


def test_a_context_made_later_is_made_once_and_again_after_done():
    from plansite.outputs import Later, OutputFile

    made: list[int] = []

    def make() -> int:
        made.append(len(made) + 1)
        return made[-1]

    file = OutputFile("a/index.html", (), Later(make))
    assert made == []  # listing a file does not make its context
    assert file.data() == 1 and file.data() == 1
    file.done()  # written: the build lets go of it
    assert file.data() == 2
