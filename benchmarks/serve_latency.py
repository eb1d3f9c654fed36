"""Dev server latency: from saving a goal's source to the changed page being on disk.

    python -m benchmarks.serve_latency [--goals 10000] [--edits 20] [--seed 1]

Starts `python build.py serve --content DIR --out DIR --port N` on a generated corpus
(a free port), waits for the first build, then `--edits` times appends a line to one
goal's text (atomically: written beside the content folder and renamed over the
source) and polls that goal's page in the output folder until it contains the new
line. Reports the median, min and max into the serve section of benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks import corpus as gen
from benchmarks import run

POLL = 0.005
START_TIMEOUT = 1800.0
EDIT_TIMEOUT = 120.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def serve_available() -> bool:
    result = subprocess.run([sys.executable, str(run.ROOT / "build.py"), "serve", "--help"],
                            capture_output=True, cwd=run.ROOT)
    return result.returncode == 0


def _contains(path: Path, text: str) -> bool:
    try:
        return text in path.read_text("utf-8", errors="replace")
    except OSError:
        return False


def _lines(log: Path) -> int:
    try:
        return log.read_bytes().count(b"\n")
    except OSError:
        return 0


REBUILT = re.compile(r"(?:Opdateret på|Updated in) (\d+) ms \((\d+) (?:sider gengivet|pages "
                     r"rendered)\)")
"""serve's line after each rebuild (da or en): its own time from noticing the change to
telling browsers to reload, and the pages it rendered."""


def _last_rebuilt(log: Path) -> tuple[int, int] | None:
    try:
        found = REBUILT.findall(log.read_text("utf-8", errors="replace"))
    except OSError:
        return None
    return (int(found[-1][0]), int(found[-1][1])) if found else None


def _wait(condition: Callable[[], bool], timeout: float, proc: subprocess.Popen[bytes],
          log: Path) -> None:
    deadline = time.perf_counter() + timeout
    while not condition():
        if proc.poll() is not None:
            raise RuntimeError(f"serve exited with {proc.returncode}:\n"
                               f"{log.read_text('utf-8', errors='replace')[-3000:]}")
        if time.perf_counter() > deadline:
            raise TimeoutError(f"no result within {timeout:.0f} s; serve output:\n"
                               f"{log.read_text('utf-8', errors='replace')[-3000:]}")
        time.sleep(POLL)


def measure(goals: int, edits: int, seed: int
            ) -> tuple[list[float], float, str, list[tuple[int, int]]]:
    """(latencies in seconds, initial build seconds, the server's last output lines, and
    per edit what serve reported: (milliseconds, pages rendered))."""
    corpus = gen.generate(goals, seed)
    folder = run.DATA / f"serve-{goals}"
    folder.mkdir(parents=True, exist_ok=True)
    content, out, log = folder / "content", folder / "out", folder / "serve.log"
    gen.write_plansite(corpus, content)
    for stale in (out, *folder.glob(".out.new*"), folder / ".out.old",
                  *folder.glob(".out.trash-*"), folder / ".plansite-cache"):
        if stale.exists():
            shutil.rmtree(stale)
    plan, goal = corpus.edit_target()
    source = content / plan.path
    page = out / plan.unit.key / str(plan.year) / goal.id / "index.html"
    port = free_port()
    cmd = [sys.executable, str(run.BUILD_PY), "serve", "--content", "content",
           "--out", "out", "--port", str(port)]
    with open(log, "wb") as handle:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=folder, stdout=handle, stderr=subprocess.STDOUT,
                                start_new_session=True)
    try:
        _wait(lambda: page.is_file() and _lines(log) > 0, START_TIMEOUT, proc, log)
        initial = time.perf_counter() - started
        time.sleep(0.5)  # let the first poll's snapshot settle
        latencies, reported = [], []
        for number in range(1, edits + 1):
            marker = f"Serverredigering {number} er tilføjet her."
            before = _lines(log)
            gen.append_to_goal_source(source, goal.id, marker, scratch=folder)
            saved = time.perf_counter()
            _wait(lambda m=marker: _contains(page, m), EDIT_TIMEOUT, proc, log)
            latencies.append(time.perf_counter() - saved)
            print(f"  edit {number:2}: {latencies[-1] * 1000:7.0f} ms", flush=True)
            # let the rebuild finish (it prints a line) before the next save
            _wait(lambda b=before: _lines(log) > b, EDIT_TIMEOUT, proc, log)
            if (said := _last_rebuilt(log)) is not None:
                reported.append(said)
            time.sleep(0.2)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
    tail = "\n".join(log.read_text("utf-8", errors="replace").splitlines()[-3:])
    return latencies, initial, tail, reported


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.serve_latency",
                                     description="Time serve from save to page on disk.")
    parser.add_argument("--goals", type=int, default=10000, help="corpus size (10000)")
    parser.add_argument("--edits", type=int, default=20, help="number of edits (20)")
    parser.add_argument("--seed", type=int, default=1, help="corpus seed (default: 1)")
    parser.add_argument("--ram", action="store_true",
                        help="corpus and output on the RAM disk (as benchmarks.run --ram)")
    args = parser.parse_args(argv)
    if args.ram:
        run.use_ram()
    command = (f"python -m benchmarks.serve_latency --goals {args.goals} "
               f"--edits {args.edits}" + (" --ram" if args.ram else ""))
    if not serve_available():
        run.replace_serve_section(
            "## Dev server latency\n\nNot measured: `python build.py serve --help` failed "
            "(no serve command in this version of plansite).")
        print("build.py serve is not available; nothing measured", file=sys.stderr)
        return 1
    load_before = os.getloadavg()
    run.snapshot_plansite("plansite-src-serve")
    revision = run.plansite_revision()
    print(f"plansite: {revision}", flush=True)
    latencies, initial, tail, reported = measure(args.goals, args.edits, args.seed)
    ms = [value * 1000 for value in latencies]
    own = [value for value, _pages in reported]
    pages = sorted({pages for _value, pages in reported})
    own_row = (f"| serve's own figure: change noticed → reload sent (ms), median "
               f"(min–max) | {statistics.median(own):.0f} ({min(own)}–{max(own)}); "
               f"{'/'.join(map(str, pages))} pages rendered per edit |" if own else
               "| serve's own figure (ms) | not found in its output |")
    section = "\n".join([
        "## Dev server latency",
        "",
        f"Written by `{command}`: `build.py serve` on the {args.goals:,}-goal corpus; the "
        "time from saving a goal's source (a line appended to its text) until that goal's "
        "page in the output folder contains the line.",
        "",
        *run.machine(revision, load_before),
        "",
        "| measure | plansite serve |",
        "|---|---|",
        f"| edits | {len(ms)} |",
        f"| median save → page on disk (ms) | {statistics.median(ms):.0f} |",
        f"| fastest / slowest (ms) | {min(ms):.0f} / {max(ms):.0f} |",
        own_row,
        f"| start-up until first page on disk (s) | {initial:.1f} |",
        "",
        "With inotify (Linux) the server hears of a save at once; elsewhere it polls "
        "sources every 50 ms. The harness polls the page every 5 ms. serve's own figure "
        "(from its `Opdateret på … ms` line) starts when it notices the change and ends "
        "when it tells browsers to reload, after the changed pages are written.",
    ])
    run.replace_serve_section(section)
    print(f"median {statistics.median(ms):.0f} ms over {len(ms)} edits "
          f"(min {min(ms):.0f}, max {max(ms):.0f}); initial build {initial:.1f} s")
    print(f"serve's last lines:\n{tail}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
