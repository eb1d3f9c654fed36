"""Where markdown-it-pyrs and markdown-it-py disagree: documents the fast path declines.

Each rule here stands for a difference the differential test
(`tests/test_markdown_differential.py`) found, or a known panic; a document that
matches one is parsed by markdown-it-py, the reference (see `fastmd` and
docs/architecture.md, "The Markdown fast path"). A new difference becomes a new
rule, never a change in the reference's output.
"""

from __future__ import annotations

import re

_USPACE = "\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"
"""Unicode spaces: Python's strip() takes them from a paragraph's or heading's ends, Rust's
trim in markdown-it-pyrs does not."""
_ODD_CHARACTERS = "\r\x00\x0b\x0c\x1c\x1d\x1e\x1f\x85\u2028\u2029"
"""Line ends and spaces the two parsers read differently."""
_ODD_MARKUP = ("<!", "<?")
"""HTML comments, declarations, CDATA, processing instructions (a comment holding `--`
is escaped by markdown-it-pyrs, dropped by markdown-it-py)."""
_LINE_CHECKS = (
    (">", re.compile(r"^[ \t>*+\-\d.)]*>", re.MULTILINE)),  # a block quote (a lone `>`)
    ("\t", re.compile(r"^[ >*+\-\d.)]*\t", re.MULTILINE)),  # a tab in an indent: bad offsets
    ("\\", re.compile(r"^ {0,3}\[.*\]:.*\\", re.MULTILINE)),  # a backslash in a reference
)
"""(a character, a line pattern looked for only when the text holds that character)."""
_SPACES = "\u00a0\u1680" + "".join(map(chr, range(0x2000, 0x200B))) + "\u202f\u205f\u3000"
_SPACE_PLACES = re.compile(
    rf"^[ \t#>*+\-\d.)|]*[{_USPACE}]|[{_USPACE}][ \t#]*$|[{_USPACE}][ \t]*\||\|[ \t]*[{_USPACE}]",
    re.MULTILINE)
"""A Unicode space at a line's start or end, or at a table cell's edge."""
_BLOCK_START = re.compile(r"^ {0,3}(?:[-+*]|\d{1,9}[.)]|#|>|`|~|<)", re.MULTILINE)
"""A line that could open a block (list item, heading, quote, fence, HTML). Anywhere after a
line with a `|` (a table may run on through lines without one) markdown-it-pyrs may read
it as one more table row (`| a\n|-|\n- `, `| a\n|-|\n[r]: /x\n- `)."""
_FENCE_LINE = re.compile(r" {0,3}(?:`{3,}|~{3,})")
_TRAILING_BLANKS = re.compile(r"\n[ \t]+\Z")
"""A last line of blanks without a newline: not a line to markdown-it-py."""


def suspect(text: str) -> bool:
    """True when `text` holds a construct where markdown-it-pyrs differs from markdown-it-py
    or may panic: the reference parses it (see `docs/architecture.md`, "The Markdown fast
    path"). Each test looks for a character first (a fast scan); patterns run only then.
    """
    if any(character in text for character in _ODD_CHARACTERS) \
            or any(markup in text for markup in _ODD_MARKUP):
        return True
    if text.endswith((" ", "\t")) and _TRAILING_BLANKS.search(text):
        return True
    if "`" in text and _backtick_outside_fence(text):
        return True
    if "|" in text and _BLOCK_START.search(text, text.index("|")):
        return True
    for character, pattern in _LINE_CHECKS:
        if character in text and pattern.search(text):
            return True
    if any(space in text for space in _SPACES) and _SPACE_PLACES.search(text):
        return True
    return any(delimiter in text and _flanked_by_unicode(text, delimiter)
               for delimiter in "*_~")


def _backtick_outside_fence(text: str) -> bool:
    """A backtick on a line that is not a fence line: `[` and an unmatched one panic."""
    index = text.find("`")
    while index >= 0:
        start = text.rfind("\n", 0, index) + 1
        end = text.find("\n", index)
        end = len(text) if end < 0 else end
        if not _FENCE_LINE.match(text, start, end):
            return True
        index = text.find("`", end)
    return False


def _flanked_by_unicode(text: str, delimiter: str) -> bool:
    """Emphasis next to non-ASCII punctuation or space (`*£*bravo`): the two disagree."""
    index = text.find(delimiter)
    while index >= 0:
        for neighbour in (text[index - 1] if index else "", text[index + 1:index + 2]):
            if neighbour and not neighbour.isascii() and not neighbour.isalnum():
                return True
        index = text.find(delimiter, index + 1)
    return False
