"""A build split over several processes writes exactly the bytes of a serial build."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from plansite import parallel
from plansite.parallel import MIN_ITEMS_PER_WORKER
from tests.conftest import ROOT, make_content
from tests.test_output import _plan


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_serial_and_parallel_builds_are_byte_identical(tmp_path):
    plans = {f"s/{year}.md": _plan(year, "Plan", 40) for year in range(2010, 2016)}
    plans.update({f"s/{year}.md": plans[f"s/{year}.md"] + (
        f"\n## Opfølgning\n\n### Mål 1\nmål: {year - 1}/maal-1\nstatus: achieved\n"
        f"dato: maj {year}\n\nGjort.\n") for year in range(2011, 2016)})
    content = make_content(tmp_path, plans)
    assert len(plans) * 40 >= 2 * MIN_ITEMS_PER_WORKER
    outputs = {}
    for workers in ("1", "2"):
        out = tmp_path / f"site-{workers}"
        env = {**os.environ, "PLANSITE_WORKERS": workers}
        subprocess.run([sys.executable, "build.py", "--content", str(content), "--out",
                        str(out), "--no-cache"], cwd=ROOT, env=env, check=True,
                       capture_output=True)
        outputs[workers] = _tree(out)
    assert len(outputs["1"]) > 240
    assert outputs["1"] == outputs["2"]


def test_split_map_keeps_the_order_and_shares_the_work(monkeypatch):
    monkeypatch.setenv("PLANSITE_WORKERS", "2")
    if parallel.parts_for(640) < 2:
        pytest.skip("one process where fork is missing")

    def square(x: int) -> tuple[int, int]:
        time.sleep(0.001)
        return x * x, os.getpid()

    results = parallel.split_map(square, list(range(640)))
    assert [value for value, _pid in results] == [x * x for x in range(640)]
    assert len({pid for _value, pid in results}) == 2


def test_work_beside_the_build_runs_in_a_child_and_gives_its_text(monkeypatch):
    """A rebuild lists the published site in a child while it loads its cache; the child's
    failure is None (the site then counts as changed), and one worker runs it inline."""
    for workers, inline in (("2", False), ("1", True)):
        monkeypatch.setenv("PLANSITE_WORKERS", workers)
        where = parallel.beside(lambda: f"{os.getpid()}")
        assert (where() == str(os.getpid())) == (inline or parallel.parts_for(640) < 2)
    monkeypatch.setenv("PLANSITE_WORKERS", "2")
    if parallel.parts_for(640) < 2:
        pytest.skip("one process where fork is missing")
    failing = parallel.beside(lambda: str(1 // 0))
    assert failing() is None and failing() is None
    big = parallel.beside(lambda: "x" * 1_000_000)  # more than a pipe holds
    assert big() == "x" * 1_000_000
