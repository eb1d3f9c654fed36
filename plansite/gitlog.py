"""Running git on the content folder, and the raw log of its plans.

Apart from `history`, which turns the log into each plan's history, so that a build
that compares its inputs before doing nothing (`unchanged`) reads the log without
importing the model.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

PLANS = "plans"
GIT_TIMEOUT = 60
RECORD, FIELD = "\x1e", "\x1f"
"""What separates the log's commits, and the fields of a commit's header."""
_LOG_FORMAT = f"{RECORD}%H{FIELD}%cI{FIELD}%B"
_ENV_DROP = ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY",
             "GIT_CEILING_DIRECTORIES")
"""Variables a git hook or a caller may set that would point git at another repository."""


def git(args: list[str], cwd: Path, stdin: bytes | None = None) -> bytes | None:
    """git's output, or None when git is missing, fails or takes too long."""
    env = {key: value for key, value in os.environ.items() if key not in _ENV_DROP}
    env["GIT_TERMINAL_PROMPT"] = "0"
    try:
        result = subprocess.run(
            ["git", "-c", "core.quotePath=false", "-c", "log.showSignature=false", *args],
            cwd=cwd, input=stdin, capture_output=True, env=env, timeout=GIT_TIMEOUT,
            check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return result.stdout if result.returncode == 0 else None


def raw_log(content_dir: Path) -> tuple[Path, str] | None:
    """(the repository's top folder, the log of content/plans/), or None when there is no
    full git history to read."""
    if not (content_dir / PLANS).is_dir():
        return None
    head = git(["rev-parse", "--show-toplevel", "--is-shallow-repository"], content_dir)
    if head is None:
        return None
    lines = head.decode("utf-8", "replace").splitlines()
    if len(lines) != 2 or lines[1].strip() != "false":
        return None  # not a work tree, or a shallow clone whose history is cut off
    raw = git(["log", "-z", "--no-merges", "--no-renames", "--no-color", "--name-only",
               f"--format={_LOG_FORMAT}", "--", PLANS], content_dir)
    return None if raw is None else (Path(lines[0]), raw.decode("utf-8", "replace"))


def state(content_dir: Path) -> str:
    """The git history the next build would read (the raw log; "" outside git)."""
    log = raw_log(content_dir)
    return "" if log is None else log[1]
