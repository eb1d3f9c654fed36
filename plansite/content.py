"""Plan sources: bytes → front matter + Markdown structure → a `Plan`.

The steps live in their own modules: `frontmatter` validates the keys between
the `---` lines, `structure` turns the body's headings into focus areas, goals
and follow-ups, and `markdown` renders each text. Everything here is a pure
function of the source text; problems go to the `Report` with file and line.
"""

from __future__ import annotations

from pathlib import Path

from plansite import frontmatter, nesting, structure
from plansite.errors import Report
from plansite.model import Accounts, Plan, Status

MAX_SOURCE_BYTES = 2_000_000


def decode(path: Path, data: bytes, report: Report) -> str | None:
    """UTF-8 text with BOM and CRLF handled; None (and a problem) when unreadable."""
    if len(data) > MAX_SOURCE_BYTES:
        report.error(path, 0, "file-too-large", size=len(data), limit=MAX_SOURCE_BYTES)
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        report.error(path, line, "not-utf8", offset=exc.start)
        return None
    if "\x00" in text:
        report.error(path, text[: text.index("\x00")].count("\n") + 1, "nul-byte")
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split_front_matter(path: Path, text: str, report: Report) -> tuple[str, str, int] | None:
    """(front matter, body, number of lines before the body) or None when malformed."""
    lines = text.split("\n")
    if not text.strip():
        report.error(path, 1, "empty-file")
        return None
    if lines[0].strip() != "---":
        report.error(path, 1, "no-front-matter")
        return None
    for index in range(1, len(lines)):
        if lines[index].strip() == "---":
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1 :]), index + 1
    report.error(path, 1, "front-matter-not-closed")
    return None


def parse_plan(path: Path, text: str, statuses: tuple[Status, ...], base_url: str,
               report: Report, language: str = "da") -> Plan | None:
    """Parse one plan source, reporting every problem in it at once.

    A plan with errors is still returned when its unit and period are known:
    the goals it could read take part in linking, so one mistake is reported
    once and not again at every follow-up that points into the plan. (The
    build fails all the same.) None when the plan cannot be placed.
    """
    split = split_front_matter(path, text, report)
    if split is None:
        return None
    front_text, body_text, offset = split
    meta = frontmatter.parse(path, front_text, report, language)
    plan_key = f"{meta.unit}/{meta.period.key}" if meta else guess_key(path)
    deep = nesting.too_deep(body_text)
    if deep is not None:  # never hand the sanitiser what it is slow on
        report.error(path, offset + deep, "html-too-deep", limit=nesting.MAX_DEPTH)
        return None
    body = structure.parse_body(path, body_text, offset, plan_key, statuses, base_url, report,
                                language)
    if meta is None:
        return None
    return Plan(
        unit=meta.unit, period=meta.period, title=meta.title, kind=meta.kind,
        intro_html=body.intro_html, focus_areas=body.focus_areas,
        follow_up_parts=body.follow_up_parts, published=meta.published,
        source_url=meta.source, path=path, line=meta.line,
        follow_ups_in_goals=body.follow_ups_in_goals, intro_md=body.intro_md,
        counted=body.counted, files=body.files,
        accounts=tuple(Accounts(file, title, meta.accounts_line)
                       for file, title in meta.accounts),
    )


def guess_key(path: Path) -> str:
    """The plan key a source most likely has ("unit/period" from its folder and name).

    Used only to word problems about a source whose head cannot be read.
    """
    return f"{path.parent.name}/{path.stem}"
