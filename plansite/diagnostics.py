"""Problems as text: for people (file:line:col, the quoted line, a hint) and for CI."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from plansite.errors import Problem
from plansite.i18n import Catalogue


def source_line(path: Path, line: int) -> str | None:
    """The text of `line` in `path` as it is on disk now."""
    lines = _lines(path)
    return lines[line - 1] if lines is not None and 0 < line <= len(lines) else None


_LAST: tuple[object, list[str]] = ((), [])


def _lines(path: Path) -> list[str] | None:
    """The file's lines, read once for the problems printed one after another about it
    (a large site's warnings come many to a file); read again once the file changes."""
    global _LAST
    try:
        stat = path.stat()
        key = (str(path), stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns)
        if _LAST[0] != key:
            _LAST = (key, path.read_text("utf-8", errors="replace").splitlines())
    except OSError:
        return None
    return _LAST[1]


def visible(text: str) -> str:
    """Control characters from a source shown escaped ("\\x1b"), never sent to the terminal:
    an escape sequence in a plan must not recolour, move or rewrite an editor's terminal
    (or a CI log). Bidirectional overrides are escaped too."""
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() or char == " " else
                   (f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}")
                   for char in text)


def human(problem: Problem, cat: Catalogue) -> str:
    """"path:line:col: fejl: message", then the quoted line and how to fix it."""
    message, hint = (visible(part) for part in cat.problem(problem))
    label = cat.t("ui.error" if problem.severity == "error" else "ui.warning")
    where = f"{problem.path}:{problem.line}:{problem.column}" if problem.line else \
        str(problem.path)
    text = [f"{visible(where)}: {label}: {message}"]
    quoted = source_line(problem.path, problem.line)
    if quoted is not None:
        text.append(f"    {problem.line} | {visible(quoted)}")
    if hint:
        text.append(f"    {cat.t('ui.hint')}: {hint}")
    return "\n".join(text)


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github(problem: Problem, cat: Catalogue) -> str:
    """A GitHub Actions workflow command, so the problem shows on the pull request's diff."""
    message, hint = (visible(part) for part in cat.problem(problem))
    props = [f"file={_escape_property(visible(str(problem.path)))}"]
    if problem.line:
        props += [f"line={problem.line}", f"col={problem.column}"]
    body = f"{message} {hint}".strip()
    return f"::{problem.severity} {','.join(props)}::{_escape_data(body)}"


FORMATS = {"human": human, "github": github}


def print_problems(problems: Sequence[Problem], cat: Catalogue, fmt: str = "human") -> None:
    (sys.stdout if fmt == "github" else sys.stderr).write(report(problems, cat, fmt))


def report(problems: Sequence[Problem], cat: Catalogue, fmt: str = "human") -> str:
    """The problems as `print_problems` prints them, one or more lines each."""
    return "".join(FORMATS[fmt](problem, cat) + "\n" for problem in problems)
