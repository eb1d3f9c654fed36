"""Builds into one output folder run one at a time, so none of them publishes a partial site.

CI runners and an editor's `serve` beside a manual build both do this. A lock
file beside the folder serialises them: the second build says it is waiting
and goes on when the first is done, or with --no-wait refuses at once.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from benchmarks.corpus import generate, write_plansite
from plansite import publish
from plansite.errors import BuildFailed
from plansite.pipeline import build, check_output_folder
from tests.conftest import DEMO, ROOT


def _cli(*args: str | Path) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, str(ROOT / "build.py"), *map(str, args)],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file()}


def test_a_second_build_waits_for_the_first_and_says_so(tmp_path):
    out = tmp_path / "site"
    with publish.locked(out):  # a build in progress
        waiting = _cli("build", "--content", DEMO, "--out", out, "--no-cache")
        assert waiting.stderr is not None
        said = waiting.stderr.readline()  # blocks until the build says it waits
        assert "Venter: en anden bygning skriver til" in said
        time.sleep(0.5)
        assert waiting.poll() is None, "the second build must wait for the lock"
        assert not (out / "index.html").exists()
    _stdout, stderr = waiting.communicate(timeout=120)
    assert waiting.returncode == 0, stderr
    assert (out / "index.html").is_file()


def test_with_no_wait_a_second_build_refuses_and_changes_nothing(tmp_path):
    out = tmp_path / "site"
    build(DEMO, out)
    before = _tree(out)
    with publish.locked(out):
        refused = _cli("build", "--content", DEMO, "--out", out, "--no-cache", "--no-wait")
        _stdout, stderr = refused.communicate(timeout=60)
    assert refused.returncode == 1
    assert "En anden bygning er i gang med at skrive til" in stderr
    assert "Traceback" not in stderr
    assert _tree(out) == before


def test_the_pipeline_refuses_without_waiting(tmp_path):
    out = tmp_path / "site"
    with publish.locked(out), pytest.raises(BuildFailed) as failed:
        build(DEMO, out, wait=False)
    assert [p.code for p in failed.value.problems] == ["out-busy"]


def test_a_killed_build_leaves_no_lock_behind(tmp_path):
    out = tmp_path / "site"
    holder = subprocess.Popen([sys.executable, "-c", (
        "import sys, time; from pathlib import Path; from plansite import publish\n"
        "with publish.locked(Path(sys.argv[1])):\n"
        "    print('held', flush=True); time.sleep(60)"), str(out)],
        cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    holder.kill()
    holder.wait()
    build(DEMO, out, wait=False)  # the lock died with its holder
    assert (out / "index.html").is_file()


def test_two_real_builds_into_one_folder_both_publish_whole_sites(tmp_path):
    big = tmp_path / "big"
    write_plansite(generate(600), big)
    out = tmp_path / "site"
    first = _cli("build", "--content", big, "--out", out, "--no-cache")
    stage_seen = False
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and first.poll() is None:
        if any(out.parent.glob(f".{out.name}.new-*")):
            stage_seen = True
            break
        time.sleep(0.01)
    # The small site starts while the big one is staging: it must not remove that stage.
    second = _cli("build", "--content", DEMO, "--out", out, "--no-cache")
    for process in (first, second):
        _stdout, stderr = process.communicate(timeout=300)
        assert process.returncode == 0, stderr
    assert stage_seen or first.returncode == 0
    clean = tmp_path / "clean"
    build(DEMO, clean)
    assert _tree(out) == _tree(clean)  # the last build's site, whole
    assert not list(out.parent.glob(f".{out.name}.new-*"))


def test_serve_and_a_build_take_turns(tmp_path):
    """The preview holds the lock only while it writes; a build in between waits."""
    out = tmp_path / "site"
    order: list[str] = []
    with publish.locked(out):
        def other() -> None:
            build(DEMO, out, waiting=lambda: order.append("waiting"))
            order.append("built")

        thread = threading.Thread(target=other)
        thread.start()
        time.sleep(0.5)
        order.append("released")
    thread.join(timeout=120)
    assert order == ["waiting", "released", "built"]


def test_an_output_path_that_is_a_file_is_refused(tmp_path):
    report = tmp_path / "rapport.docx"
    report.write_bytes(b"an editor's document")
    assert check_output_folder(DEMO, report) == "out-is-a-file"
    with pytest.raises(BuildFailed) as failed:
        build(DEMO, report)
    assert [p.code for p in failed.value.problems] == ["out-is-a-file"]
    assert report.read_bytes() == b"an editor's document"
    assert not list(tmp_path.glob(".rapport.docx*")) or all(
        p.name.endswith(".lock") for p in tmp_path.glob(".rapport.docx*"))


def test_the_lock_file_is_beside_the_site_not_in_it(tmp_path):
    out = tmp_path / "site"
    build(DEMO, out)
    assert publish.lock_file(out.resolve()).parent == out.resolve().parent
    assert not any(name.endswith(".lock") for name in os.listdir(out))
