"""The Markdown fast path (markdown-it-pyrs) against the reference (markdown-it-py).

`fastmd.parse` either declines a document (the reference parses it) or returns
tokens that render to the same sanitised HTML and carry what the plan structure
reads (block kinds, line maps, paragraph text, fence markers) unchanged. Checked
on generated Markdown and on every Markdown source of the tests and the demo.
CI runs the generated part with the `ci` hypothesis profile (2,000 documents).
"""

from __future__ import annotations

import ast
from pathlib import Path

import nh3
import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown_it.token import Token

from plansite import fastmd, markdown

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(not fastmd.ENABLED, reason="markdown-it-pyrs not in use")


def _structure(tokens: list[Token]) -> list[tuple[object, ...]]:
    """What the plan structure and the link rewriting read from tokens.

    Line maps: of top-level blocks (a part's source lines) and the first line of
    each inline token (the line a link is reported on).
    """
    out: list[tuple[object, ...]] = []
    for token in tokens:
        line_map = token.map if token.level == 0 else token.map[:1] \
            if token.type == "inline" and token.map else None
        out.append((token.type, token.tag, token.nesting, token.level,
                    tuple(line_map) if line_map else None,
                    token.content if token.type != "inline" or token.level == 1 else "",
                    token.markup if token.type in ("fence", "heading_open") else "",
                    token.info if token.type == "fence" else "",
                    tuple(token.attrs.items()), token.hidden))
        for child in token.children or ():
            out.append(("child", child.type, child.content,
                        child.markup if child.type != "text" else "",
                        tuple(child.attrs.items())))
    return out


def _html(tokens: list[Token]) -> str:
    return markdown.sanitize(markdown.PARSER.renderer.render(tokens, markdown.PARSER.options,
                                                             {}))


def assert_same(text: str) -> None:
    """The fast path declines `text` or agrees with the reference on it."""
    fast = fastmd.parse(text)
    if fast is None:
        return
    reference = markdown.PARSER.parse(text)
    assert _html(fast) == _html(reference)
    assert _structure(fast) == _structure(reference)


def _sources() -> list[Path]:
    found = sorted((ROOT / "content").rglob("*.md")) + sorted((ROOT / "tests").rglob("*.md"))
    return [path for path in found if "node_modules" not in path.parts]


def _test_strings() -> list[str]:
    """Multi-line string constants of the test modules: the small plans tests write."""
    strings = []
    for module in sorted((ROOT / "tests").glob("test_*.py")):
        tree = ast.parse(module.read_text(encoding="utf-8"))
        strings += [node.value for node in ast.walk(tree)
                    if isinstance(node, ast.Constant) and isinstance(node.value, str)
                    and "\n" in node.value]
    return strings


@pytest.mark.parametrize("path", _sources(), ids=lambda path: str(path.relative_to(ROOT)))
def test_every_source_file_renders_the_same_on_both_paths(path: Path) -> None:
    assert_same(path.read_text(encoding="utf-8"))


def test_the_reusable_cleaner_sanitises_as_nh3_clean_did() -> None:
    """`markdown.sanitize` reuses one nh3.Cleaner; per-call nh3.clean is the old reference."""
    options = {"tags": markdown.ALLOWED_TAGS, "attributes": markdown.ALLOWED_ATTRIBUTES,
               "url_schemes": markdown.URL_SCHEMES, "link_rel": None, "strip_comments": True}
    hostile = '<p onclick="x()">a<script>b</script><a href="javascript:c">d</a><!-- e --></p>'
    for text in [hostile, *(path.read_text(encoding="utf-8") for path in _sources())]:
        html = markdown.PARSER.render(text)
        assert markdown.sanitize(html) == nh3.clean(html, **options)  # type: ignore[arg-type]


def test_every_plan_written_by_a_test_renders_the_same_on_both_paths() -> None:
    for text in _test_strings():
        assert_same(text)


def test_the_demo_takes_the_fast_path() -> None:
    """The fast path is not declining everything (which would pass the checks above)."""
    sources = [path.read_text(encoding="utf-8") for path in _sources()]
    assert sum(fastmd.parse(text) is not None for text in sources) >= len(sources) // 2


def test_a_parser_panic_falls_back_to_the_reference(capfd: pytest.CaptureFixture[str],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """`[` and an unmatched backtick panic in markdown-it-pyrs 0.4; nothing reaches stderr."""
    text = "[`a\n"
    assert fastmd.suspect(text)  # declined before parsing; and if it were not:
    monkeypatch.setattr(fastmd, "suspect", lambda text: False)
    # As in `build`: one thread (earlier tests in this process leave server threads
    # running, and with other threads fastmd leaves stderr alone, see _quiet_stderr).
    monkeypatch.setattr(fastmd.threading, "active_count", lambda: 1)
    assert fastmd.parse(text) is None
    assert markdown.render_text(text) == "<p>[`a</p>\n"
    assert "panicked" not in capfd.readouterr().err


def test_a_document_with_a_known_difference_takes_the_reference_path() -> None:
    for text in ("> \n", "*£*bravo\n", "a <!-- b -- c --> d\n", "x\r\ny\n", "\tcode\n",
                 "| Mål\n|:-:|\n- ", "| Mål\n|:-:|\n[ref]: /x\n- "):
        assert fastmd.parse(text) is None, text
        assert markdown.parse(text) == markdown.PARSER.parse(text)


_WORDS = ["Mål", "ære", "børn", "plan", "x", "2016", "a.b", "£", "€", "–", "\u00a0", "&amp;",
          "&#0;", "&nbsp;", "\\*", "\\", "!", "?", ":", "Dokumentation:", "**Resultat:**",
          "http://x.dk", "<http://y.dk/ø>", "<b>", "</b>", "<br>", "<!-- c -->", "`c`",
          "``", "[", "]", "(", ")", "[a](/b)", "[a](/æ \"t\")", "![alt *e*](i.png)",
          "[ref]", "*", "**", "_", "__", "~~", "~", "'", '"', "|", "#", "id: x", "mål: y",
          "\t", "  ", "<div>", "</div>", "<", ">", "&", "=", "-", "+", "1.", "2)"]
_PREFIXES = ["", "", "", "", "## ", "### ", "# ", "#### ", "- ", "* ", "+ ", "1. ", "3) ",
             "  - ", "    ", "   ", "> ", "| ", "```", "~~~", "```indikator", "---", "***",
             "[ref]: /x", "<div>", "<!--", "\t", "- - ", "1. - "]


@st.composite
def _documents(draw: st.DrawFn) -> str:
    lines = []
    for _ in range(draw(st.integers(1, 14))):
        if draw(st.integers(0, 4)) == 0:
            lines.append("")
            continue
        prefix = draw(st.sampled_from(_PREFIXES))
        words = draw(st.lists(st.sampled_from(_WORDS), max_size=6))
        separator = draw(st.sampled_from([" ", "", " ", "  "]))
        lines.append(prefix + separator.join(words))
        if prefix.startswith("|") and draw(st.booleans()):
            lines.append(draw(st.sampled_from(["|---|---|", "| :- | -: |", "|:-:|", "-|-"])))
    return "\n".join(lines) + draw(st.sampled_from(["", "\n", "\n\n"]))


@given(_documents())
def test_generated_markdown_renders_the_same_on_both_paths(text: str) -> None:
    assert_same(text)


@given(st.text(alphabet=st.sampled_from(list("ab *_[]()`<>!#-\n|:\\&;ø£\u00a0\t1.~")),
               max_size=80))
def test_any_characters_render_the_same_on_both_paths(text: str) -> None:
    assert_same(text)
