"""The editors' guide keeps its promises: every source example builds, the message
catalogue is the code's, "Kom i gang" fits on a page and every link lands. Messages
quoted in ```text blocks are worded as the catalogue words them, and the new plan
shown in ny-plan.md is what `new-plan` writes.

Examples (docs/kom-i-gang.md and docs/guide/*.md) are fenced blocks whose info
string says what they are:

- ```` ```markdown ````: a plan source. One that starts with `---` is a whole plan;
  it is written to plans/<enhed>/<periode>.md of a copy of the demo content
  (replacing the demo's plan for that unit and period). One that starts with
  `##` or `###` is a fragment of the next plan of Social & Familie
  (social-familie/2018-2019, which follows up social-familie/2016-2017): a `###`
  fragment gets a focus area above it, or a follow-up heading when its key lines
  have `mål:`. It must build with no error and no warning in its own file.
- ```` ```markdown fejl ````: must give at least one error.
- ```` ```markdown advarsel ````: must build, with at least one warning in its own file.
- ```` ```yaml site.yaml ```` / ```` ```yaml units.yaml ```` (optionally `fejl`): the
  whole file, replacing the demo's.

Every other block (```` ```text ````, ```` ```sh ````, plain ```` ```yaml ````) is
shown, not built.
"""

from __future__ import annotations

import re
import shutil
import string
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from plansite import messages_doc
from plansite.diagnostics import human
from plansite.errors import BuildFailed, Problem
from plansite.i18n import Catalogue
from plansite.pipeline import build, load
from tests.conftest import DEMO, ROOT

DOCS = ROOT / "docs"
GUIDE = DOCS / "guide"
KOM_I_GANG = DOCS / "kom-i-gang.md"
MESSAGES = GUIDE / "meddelelser.md"
MAX_KOM_I_GANG_LINES = 150

FRAGMENT_PLAN = "social-familie/2018-2019"
FRAGMENT_HEAD = """\
---
enhed: social-familie
periode: 2018-2019
titel: Virksomhedsplan for Social & Familie 2018-2019
---

"""
FOLLOW_UP_HEADING = "## Opfølgning på Virksomhedsplan for Social & Familie 2016-2017\n\n"
FOCUS_AREA_HEADING = "## Et indsatsområde\nid: et-indsatsomraade\n\n"

ENGLISH_KEY_LINE = re.compile(
    r"^(unit|period|title|kind|published|source|goal|date|continued-as):", re.M)
ENGLISH_STATUS = re.compile(
    r"^status:\s*(achieved|partly|not-achieved|in-progress|continued|dropped|not-assessed)\s*$",
    re.M)
FENCE = re.compile(r"^(?P<indent> *)(?P<fence>`{3,}|~{3,})(?P<info>[^`\n]*)$")


def guide_pages() -> list[Path]:
    return [KOM_I_GANG, *sorted(GUIDE.glob("*.md"))]


@dataclass(frozen=True)
class Block:
    path: Path
    line: int
    """Line of the opening fence."""
    info: tuple[str, ...]
    text: str

    @property
    def name(self) -> str:
        return f"{self.path.relative_to(ROOT).as_posix()}:{self.line}"


def fenced_blocks(path: Path) -> list[Block]:
    """Top-level fenced blocks of a Markdown file (a block inside a longer fence is text)."""
    blocks = []
    lines = path.read_text("utf-8").splitlines()
    i = 0
    while i < len(lines):
        opening = FENCE.match(lines[i])
        if not opening:
            i += 1
            continue
        indent, fence = len(opening["indent"]), opening["fence"]
        body: list[str] = []
        j = i + 1
        while j < len(lines):
            closing = FENCE.match(lines[j])
            if (closing and closing["fence"][0] == fence[0]
                    and len(closing["fence"]) >= len(fence) and not closing["info"].strip()):
                break
            line = lines[j]
            body.append(line[min(indent, len(line) - len(line.lstrip(' '))):])
            j += 1
        blocks.append(Block(path, i + 1, tuple(opening["info"].split()),
                            "\n".join(body) + "\n"))
        i = j + 1
    return blocks


def examples() -> list[Block]:
    found = []
    for page in guide_pages():
        for block in fenced_blocks(page):
            if block.info[:1] == ("markdown",) or (
                    block.info[:1] == ("yaml",) and block.info[1:2] in (("site.yaml",),
                                                                         ("units.yaml",))):
                found.append(block)
    return found


EXAMPLES = examples()


def _head_value(text: str, *names: str) -> str | None:
    head = text.split("\n---", 1)[0]
    for name in names:
        match = re.search(rf"^{name}:\s*(\S+)\s*$", head, re.M)
        if match:
            return match.group(1)
    return None


def source_of(block: Block) -> tuple[str, str]:
    """(path under content/, file text) of an example."""
    if block.info[0] == "yaml":
        return block.info[1], block.text
    text = block.text
    if text.startswith("#"):
        first_keys = text.split("\n\n", 1)[0]
        prefix = ""
        if text.startswith("###"):
            prefix = FOLLOW_UP_HEADING if re.search(r"^mål:", first_keys, re.M) \
                else FOCUS_AREA_HEADING
        return f"plans/{FRAGMENT_PLAN}.md", FRAGMENT_HEAD + prefix + text
    unit = _head_value(text, "enhed", "unit") or ""
    period = _head_value(text, "periode", "period") or ""
    if not re.fullmatch(r"[a-z0-9-]+", unit) or not re.fullmatch(r"[0-9/-]+", period):
        unit, period = FRAGMENT_PLAN.split("/")
    return f"plans/{unit}/{period.replace('/', '-')}.md", text


def _words(problems: list[Problem], cat: Catalogue, root: Path) -> str:
    return "\n".join(human(p, cat).replace(f"{root}/", "") for p in problems)


@pytest.mark.parametrize("block", EXAMPLES, ids=[block.name for block in EXAMPLES])
def test_every_source_example_builds(block: Block, tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(DEMO, content)
    relative, text = source_of(block)
    target = content / relative  # may replace the demo's plan or file of that name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    expected = "fejl" if "fejl" in block.info else "advarsel" if "advarsel" in block.info else ""
    if expected == "fejl":
        loaded = load(content)
        assert loaded.report.errors, (
            f"{block.name} is marked 'fejl' but builds without errors")
        return
    try:
        result = build(content, tmp_path / "site")
    except BuildFailed as failed:
        pytest.fail(f"{block.name} does not build (as {relative}):\n"
                    + _words(failed.problems, failed.catalogue, tmp_path), pytrace=False)
    own = [w for w in result.warnings if w.path.resolve() == target.resolve()]
    if expected == "advarsel":
        assert own, f"{block.name} is marked 'advarsel' but gives no warning in its own file"
    else:
        assert not own, (f"{block.name} builds with warnings (mark it 'advarsel' if meant):\n"
                         + _words(own, result.catalogue, tmp_path))


def test_there_are_examples_of_each_kind() -> None:
    kinds = {("fejl" if "fejl" in b.info else "advarsel" if "advarsel" in b.info else "ok",
              "whole" if b.text.startswith("---") else "fragment")
             for b in EXAMPLES if b.info[0] == "markdown"}
    assert {("ok", "whole"), ("ok", "fragment"), ("fejl", "fragment"),
            ("advarsel", "fragment")} <= kinds


@pytest.mark.parametrize("block", [b for b in EXAMPLES if b.info[0] == "markdown"],
                         ids=[b.name for b in EXAMPLES if b.info[0] == "markdown"])
def test_examples_are_written_in_danish(block: Block) -> None:
    """A Danish site's sources are Danish all through: keys and status words."""
    english = ENGLISH_KEY_LINE.findall(block.text) + ENGLISH_STATUS.findall(block.text)
    assert not english, f"{block.name} uses English keys or status keys: {english}"


def test_markdown_blocks_are_sources_or_marked_as_text() -> None:
    """A ```markdown block is built: it must start like a plan or a part of one."""
    odd = [b.name for b in EXAMPLES if b.info[0] == "markdown" and "fejl" not in b.info
           and not b.text.startswith(("---\n", "## ", "### "))]
    assert not odd, f"these ```markdown blocks are no plan source (use ```text): {odd}"


def test_kom_i_gang_fits_on_a_page() -> None:
    lines = KOM_I_GANG.read_text("utf-8").splitlines()
    assert len(lines) < MAX_KOM_I_GANG_LINES, (
        f"docs/kom-i-gang.md has {len(lines)} lines; keep it under {MAX_KOM_I_GANG_LINES} "
        "and move details to docs/guide/")


def test_message_catalogue_page_is_generated_from_the_catalogue() -> None:
    expected = messages_doc.render(Catalogue("da"))
    actual = MESSAGES.read_text("utf-8") if MESSAGES.is_file() else ""
    assert actual == expected, (
        f"docs/guide/meddelelser.md is not what the catalogue gives; run "
        f"{messages_doc.COMMAND}")


def test_every_message_is_in_the_catalogue_page() -> None:
    strings = Catalogue("da").strings
    page = MESSAGES.read_text("utf-8")
    missing = [code for code in messages_doc.codes(strings) if f"Kode: `{code}`" not in page]
    assert not missing
    assert messages_doc.topic_of("a-brand-new-code") is messages_doc.OTHER


def test_catalogue_text_shows_placeholders_as_ellipsis() -> None:
    page = MESSAGES.read_text("utf-8")
    assert "### Ukendt status '…'." in page
    assert "{" not in page.replace("}}", "")  # no raw placeholder left


# --- links ---------------------------------------------------------------------------

LINK = re.compile(r"(?<!!)\[(?:[^\]\[]|\[[^\]]*\])*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
CODE_SPAN = re.compile(r"(`+).+?\1")


def _without_code(text: str) -> str:
    """The text outside fenced blocks and code spans (where links are links)."""
    return "\n".join(CODE_SPAN.sub("", line) for line in _outside_fences(text).splitlines())


def _outside_fences(text: str) -> str:
    out, fenced = [], None
    for line in text.splitlines():
        match = FENCE.match(line)
        if fenced is None and match:
            fenced = match["fence"]
            continue
        if fenced is not None:
            if match and match["fence"][0] == fenced[0] and len(match["fence"]) >= len(fenced):
                fenced = None
            continue
        out.append(line)
    return "\n".join(out)


def _plain(heading: str) -> str:
    """A heading's text as GitHub renders it (links, code marks and escapes gone)."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading)
    text = re.sub(r"\\(.)", r"\1", text.replace("`", ""))
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&").strip()


def anchors(path: Path) -> set[str]:
    """GitHub's heading anchors of a Markdown file."""
    found: set[str] = set()
    seen: dict[str, int] = {}
    for line in _outside_fences(path.read_text("utf-8")).splitlines():
        match = re.match(r"^ {0,3}#{1,6}\s+(.*?)\s*#*\s*$", line)
        if not match:
            continue
        slug = re.sub(r"[^\w\- ]", "", _plain(match.group(1)).lower()).replace(" ", "-")
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        found.add(slug if count == 0 else f"{slug}-{count}")
    return found


LINKED_PAGES = [ROOT / "README.md", DOCS / "editors.md", DOCS / "reference.md", *guide_pages()]


@pytest.mark.parametrize("page", LINKED_PAGES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_links_between_the_pages_land(page: Path) -> None:
    if not page.is_file():
        pytest.skip(f"{page} does not exist")
    broken = []
    for target in LINK.findall(_without_code(page.read_text("utf-8"))):
        if re.match(r"^[a-z]+:", target):
            continue
        file_part, _, fragment = target.partition("#")
        file = (page.parent / file_part).resolve() if file_part else page
        if not file.exists():
            broken.append(f"{target} (no such file)")
        elif fragment and file.suffix == ".md" and fragment not in anchors(file):
            broken.append(f"{target} (no heading with that anchor)")
    assert not broken, f"{page.relative_to(ROOT)}: broken links: {broken}"


# --- quoted messages ---------------------------------------------------------------------

MESSAGE_LINE = re.compile(r"^(?:::\w+ .*?::|\S+?(?::\d+:\d+)?: (?:fejl|advarsel): )(?P<text>.+)$")
HINT_LINE = re.compile(r"^\s+Sådan retter du det: (?P<text>.+)$")


def _pattern(template: str) -> str:
    parts = []
    for literal, field, _, _ in string.Formatter().parse(template):
        parts.append(re.escape(literal))
        if field is not None:
            parts.append(".*?")
    return "".join(parts)


def test_quoted_messages_are_the_catalogues() -> None:
    """A message or hint quoted in the guide is worded as the catalogue words it today."""
    strings = Catalogue("da").strings
    messages = [_pattern(text) for key, text in strings.items()
                if key.startswith(messages_doc.MESSAGE_PREFIXES)]
    hints = [_pattern(text) for key, text in strings.items()
             if key.startswith(messages_doc.HINT_PREFIX)]
    did_you_mean = _pattern(strings["did-you-mean"])
    stale = []
    for page in guide_pages():
        if page == MESSAGES:
            continue
        for block in fenced_blocks(page):
            if block.info[:1] != ("text",):
                continue
            for line in block.text.splitlines():
                message, hint = MESSAGE_LINE.match(line), HINT_LINE.match(line)
                if message and not any(re.fullmatch(p + r"(?: .*)?", message["text"])
                                       for p in messages):
                    stale.append(f"{block.name}: {message['text']}")
                if hint and not any(re.fullmatch(rf"(?:{p})?(?: ?{did_you_mean})?",
                                                 hint["text"]) for p in hints):
                    stale.append(f"{block.name}: {hint['text']}")
    assert not stale, "messages quoted in the guide that the catalogue no longer gives:\n" + \
        "\n".join(stale)


def test_new_plan_sample_is_what_new_plan_writes(tmp_path: Path) -> None:
    """The new plan shown in ny-plan.md: its lines appear, in order, in what new-plan writes."""
    content = tmp_path / "content"
    shutil.copytree(DEMO, content)
    subprocess.run([sys.executable, "build.py", "new-plan", "--content", str(content),
                    "social-familie", "2018-2019"], cwd=ROOT, check=True, capture_output=True)
    written = (content / "plans/social-familie/2018-2019.md").read_text("utf-8").splitlines()
    sample = next(b for b in fenced_blocks(GUIDE / "ny-plan.md")
                  if b.info[:1] == ("markdown",) and b.text.startswith("---"))
    rest = iter(written)
    missing = [line for line in sample.text.splitlines() if line not in rest]
    assert not missing, f"{sample.name} shows lines new-plan does not write: {missing}"
