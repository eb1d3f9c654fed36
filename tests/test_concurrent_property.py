"""Fuzzing concurrent builds: whatever the order of edits, builds and overlapping builds
into one folder, the published site is always a whole clean build of some source state.

Hypothesis edits a small site, builds it in this process (cached, as CI does),
and starts pairs of real `build.py` processes into the same folder, each from a
snapshot of the sources at that moment, at nearly the same time. Builds into one
folder take turns (`publish.locked`), so afterwards the folder must equal, byte
for byte, a clean build of one of the two snapshots; never a mix, never a site
missing its pages.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from plansite.pipeline import build
from tests.conftest import ROOT, SITE_YAML, make_content

UNITS = "enhed:\n  name: Enhed\n"
TITLES = ("Sundhed", "Trivsel", "Tænder", "Søvn", "Ro på", "Æblet")


def _plan(period: str, title: str, goals: int) -> str:
    body = "".join(f"### {title} {n}\nid: maal-{n}\n\nTekst {n} om {title}.\n\n"
                   for n in range(goals))
    return (f"---\nenhed: enhed\nperiode: {period}\ntitel: Plan {period} {title}\n---\n\n"
            f"## {title}\nid: omraade\n\n{body}")


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file()}


class ConcurrentBuilds(RuleBasedStateMachine):
    @initialize()
    def start(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="plansite-concurrent-"))
        self.content = make_content(self.root, {"enhed/2015.md": _plan("2015", "Sundhed", 3)},
                                    site=SITE_YAML, units=UNITS)
        self.out = self.root / "site"
        self.cache = self.root / "cache"
        self.snapshots = 0

    def teardown(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)

    def _snapshot(self) -> Path:
        self.snapshots += 1
        copy = self.root / f"snapshot-{self.snapshots}"
        shutil.copytree(self.content, copy)
        return copy

    def _clean(self, content: Path) -> dict[str, bytes]:
        out = self.root / f"clean-{self.snapshots}-{content.name}"
        shutil.rmtree(out, ignore_errors=True)
        build(content, out)
        return _tree(out)

    @rule(period=st.sampled_from(("2015", "2016")), title=st.sampled_from(TITLES),
          goals=st.integers(1, 40))
    def edit(self, period: str, title: str, goals: int) -> None:
        (self.content / "plans/enhed" / f"{period}.md").write_text(
            _plan(period, title, goals), "utf-8")

    @rule()
    def build_here(self) -> None:
        build(self.content, self.out, cache_dir=self.cache)
        assert _tree(self.out) == self._clean(self.content)

    @rule(bigger=st.integers(0, 400))
    def two_builds_at_once(self, bigger: int) -> None:
        first = self._snapshot()
        if bigger:
            (first / "plans/enhed/2016.md").write_text(_plan("2016", "Stor", bigger), "utf-8")
        second = self._snapshot()
        runs = [subprocess.Popen([sys.executable, str(ROOT / "build.py"), "build", "--content",
                                  str(source), "--out", str(self.out), "--no-cache"],
                                 cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                 text=True) for source in (first, second)]
        for run in runs:
            _out, err = run.communicate(timeout=300)
            assert run.returncode == 0, err
        published = _tree(self.out)
        assert published in (self._clean(first), self._clean(second)), \
            "the published site is not one whole build"

    @invariant()
    def no_staging_left(self) -> None:
        assert not list(self.root.glob(".site.new-*"))


ConcurrentBuilds.TestCase.settings = settings(max_examples=6, stateful_step_count=4,
                                              deadline=None)
test_concurrent_builds_publish_whole_sites = ConcurrentBuilds.TestCase
