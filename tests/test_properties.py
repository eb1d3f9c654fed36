"""Whatever an editor types, the build never shows a traceback and never loses a goal.

Random and mutated front matter and Markdown go through the whole build (load,
link, render in memory). Each run either succeeds, with as many goals and
follow-ups in goals.json and goal pages as in the sources, or fails with
problems that name a file and a line.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from plansite.pipeline import load, render_all
from tests.conftest import PLAN_2016, SITE_YAML, UNITS_YAML

VALID_2015 = """---
unit: sundhedsplejen
period: 2015
title: Plan 2015
---

Indledning med [et link](/sundhedsplejen/) og <b>html</b>.

## Sundhed
id: sundhed

Tekst om området.

### Hjemmebesøg
id: hjemmebesoeg

Målets tekst med *fremhævning*.

Dokumentation: medio 2015.

```indikator
navn: Besøg
værdier:
  2015: "1,5"
```
"""

VALID_2016 = PLAN_2016.replace("dato: maj 2016", "dato: maj 2016\nfortsætter-som: ro-paa")

NASTY = ["---", ":", "id:", "mål:", "status:", "## ", "### ", "```", "```indikator", "{", "}",
         "[", "]", "&a", "*x", "- ", "\t", "\x00", "\ufeff", "\r\n", "<script>", "é", "ø",
         "|a|b|\n|-|-|", "Dokumentation:", "2016/2017", "  ", "\\", "'", '"', "#", "!!python"]

texts = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40)
fragments = st.one_of(st.sampled_from(NASTY), texts)


@st.composite
def mutated(draw: st.DrawFn, source: str) -> str:
    lines = source.split("\n")
    for _ in range(draw(st.integers(0, 4))):
        index = draw(st.integers(0, len(lines)))
        action = draw(st.sampled_from(["insert", "delete", "replace", "append", "duplicate"]))
        if action == "insert":
            lines.insert(index, draw(fragments))
        elif lines and index < len(lines):
            if action == "delete":
                del lines[index]
            elif action == "replace":
                lines[index] = draw(fragments)
            elif action == "append":
                lines[index] += draw(fragments)
            else:
                lines.insert(index, lines[index])
    return "\n".join(lines)


def _count_sources(sources: list[str]) -> tuple[int, int]:
    """Goals and follow-up entries as an editor would count them: headings with key lines."""
    goals = entries = 0
    for text in sources:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        goals += len(re.findall(r"^ {0,3}###[ \t]+.*\n(?:[ \t]*\n)*[ \t]*id[ \t]*:", text, re.M))
        entries += len(re.findall(r"^ {0,3}###[ \t]+.*\n(?:[ \t]*\n)*[ \t]*mål[ \t]*:", text,
                                  re.M))
    return goals, entries


def _build(sources: dict[str, str | bytes]) -> None:
    root = Path(tempfile.mkdtemp())
    try:
        content = root / "content"
        (content / "plans/s").mkdir(parents=True)
        (content / "site.yaml").write_text(SITE_YAML, encoding="utf-8")
        (content / "units.yaml").write_text(UNITS_YAML, encoding="utf-8")
        for name, text in sources.items():
            data = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text
            (content / "plans/s" / name).write_bytes(data)
        loaded = load(content)
        if loaded.report.errors:
            for problem in loaded.report.errors:
                assert problem.path.is_relative_to(content)
                assert problem.line >= 0
                assert problem.code
            return
        files = render_all(loaded)
        rows = json.loads(files["data/goals.json"])["goals"]
        goals, entries = _count_sources([t for t in sources.values() if isinstance(t, str)])
        assert len(rows) == len(loaded.site.goals) == goals
        assert sum(len(row["follow_ups"]) for row in rows) <= entries
        for row in rows:
            assert row["url"].lstrip("/") + "index.html" in files
    finally:
        shutil.rmtree(root)


@given(mutated(VALID_2015), mutated(VALID_2016))
def test_mutated_sources_build_or_fail_with_file_and_line(first, second):
    _build({"2015.md": first, "2016.md": second})


@given(texts, st.binary(max_size=200))
def test_random_text_and_bytes_never_crash(text, data):
    _build({"2015.md": "---\n" + text, "2016.md": data})
