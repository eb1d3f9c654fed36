"""Cleaning extracted text, one line or one fragment at a time.

PDF exports carry stray glyphs ("❙", "�", private-use bullets), Cyrillic look-alike
letters inside Danish words, soft hyphens, HTML fragments (`<b>`, `<i>`, `&amp;`,
lists inside table cells), labels glued to their values ("**Opfølgning:****Maj
2010**") and words broken at the end of a line ("kom-" + "munen"). Everything here
is a pure function of strings; `blocks` uses it to build paragraphs.
"""

from __future__ import annotations

import html
import re
import unicodedata

from bs4 import BeautifulSoup
from bs4.element import NavigableString, Tag

BULLETS = "•▪■●◦○❙➢➤►▶◆◇□‣⁃∙·"
"""Characters that start a list item in extracted text (turned into "- ")."""
_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff\ufffd]")
_SPACES = re.compile("[\u00a0\u2002-\u200a\u202f\u205f\u3000]")
_LIGATURES = {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"}
_CYRILLIC = str.maketrans({
    "а": "a", "е": "e", "о": "o", "р": "r", "с": "c", "у": "y", "х": "x", "і": "i", "ј": "j",
    "ѕ": "s", "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P",
    "С": "C", "Т": "T", "Х": "X", "І": "I",
})
_MIXED_WORD = re.compile(r"\w*[\u0400-\u04ff]\w*")
_LATIN = re.compile(r"[A-Za-zÆØÅæøåÉéü]")
_BULLET_START = re.compile(rf"^(\s*)[{re.escape(BULLETS)}\uf0b7\uf0a7\uf076\uf0d8\uf0fc]+\s*")
_TAG = re.compile(r"</?(?:b|strong|i|em|u|br|p|ul|ol|li|span|div|sup|sub|a|font|small|"
                  r"table|tr|td|th|thead|tbody)\b[^>]*>", re.I)
_GLUED_BOLD = re.compile(r"\*\*\*\*")
CONJUNCTIONS = frozenset({"og", "eller", "samt", "til", "som", "end", "men", "&", "and", "or"})
"""Words after "børne- " that show the hyphen belongs there ("børne- og ungeområdet")."""


def clean_line(text: str) -> str:
    """One line without stray glyphs, look-alike letters, HTML or glued bold labels.

    A bullet glyph at the start becomes "- ". Tabs are kept (they separate cells).
    """
    if "<" in text and _TAG.search(text):
        text = html_to_markdown(text, keep_tabs="\t" in text)
    elif "&" in text:
        text = html.unescape(text)
    for ligature, letters in _LIGATURES.items():
        if ligature in text:
            text = text.replace(ligature, letters)
    text = _INVISIBLE.sub("", _SPACES.sub(" ", text))
    bullet = _BULLET_START.match(text)
    if bullet and _PRIVATE_USE.sub("", text[bullet.end():]).strip():
        text = bullet.group(1) + "- " + text[bullet.end():]
    text = _PRIVATE_USE.sub("", text)
    text = "".join(ch for ch in text if ch in "\t\n" or unicodedata.category(ch)[0] != "C")
    if any("\u0400" <= ch <= "\u04ff" for ch in text):
        text = _MIXED_WORD.sub(_latin_lookalikes, text)
    if "****" in text:
        text = _GLUED_BOLD.sub("** **", text)
    return text.rstrip()


def _latin_lookalikes(match: re.Match[str]) -> str:
    word = match.group(0)
    return word.translate(_CYRILLIC) if _LATIN.search(word) else word


def html_to_markdown(fragment: str, keep_tabs: bool = False) -> str:
    """An HTML fragment as Markdown: bold, italics, paragraphs and list items kept.

    With `keep_tabs`, a fragment that is one line of a tab-separated table stays one
    line per cell: each cell is converted on its own and block breaks become spaces,
    except inside a cell whose HTML has paragraphs or lists (they become " ¶ "
    markers that `cell_markdown` turns back into blank lines).
    """
    if keep_tabs and "\t" in fragment:
        return "\t".join(html_to_markdown(cell, keep_tabs=True) for cell in fragment.split("\t"))
    soup = BeautifulSoup(fragment, "html.parser")
    text = _markdown_of(soup).strip()
    text = re.sub(r"[ \t]*\n[ \t]*", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    if keep_tabs:
        text = text.replace("\n\n", PARAGRAPH_MARK).replace("\n", LINE_MARK)
    return text


PARAGRAPH_MARK = " ¶ "
LINE_MARK = " ⏎ "
"""Where a table cell's HTML had paragraphs and lines, kept on one line until the cell
is read (`cell_markdown`)."""


def cell_markdown(cell: str) -> str:
    """A table cell's Markdown with its paragraph and line breaks back."""
    return cell.replace(PARAGRAPH_MARK.strip(), "\n\n").replace(LINE_MARK.strip(), "\n") \
        .replace(" \n", "\n").replace("\n ", "\n").strip()


def _markdown_of(node: Tag) -> str:
    out: list[str] = []
    for child in node.children:
        if isinstance(child, NavigableString):
            if type(child) is NavigableString:  # not a comment or a doctype
                out.append(re.sub(r"\s+", " ", str(child)))
            continue
        if not isinstance(child, Tag):
            continue
        inner = _markdown_of(child)
        name = child.name.lower()
        if name in ("b", "strong"):
            out.append(_wrap(inner, "**"))
        elif name in ("i", "em"):
            out.append(_wrap(inner, "*"))
        elif name == "br":
            out.append("\n")
        elif name in ("p", "div", "table", "tr"):
            out.append("\n\n" + inner.strip() + "\n\n")
        elif name in ("td", "th"):
            out.append(inner.strip() + " ")
        elif name in ("ul", "ol"):
            out.append("\n\n" + inner.strip() + "\n\n")
        elif name == "li":
            item = _BULLET_START.sub("", inner.strip())
            item = re.sub(r"^[-–*]\s+", "", item)
            out.append("\n- " + item)
        else:
            out.append(inner)
    return "".join(out)


def _wrap(inner: str, marker: str) -> str:
    """`**text**` with the spaces outside the markers; nothing for empty text."""
    if not inner.strip():
        return inner
    lead = inner[: len(inner) - len(inner.lstrip())]
    trail = inner[len(inner.rstrip()):]
    return f"{lead}{marker}{inner.strip()}{marker}{trail}"


_HYPHEN_END = re.compile(r"([A-Za-zÆØÅæøåéü0-9])-$")
_ACRONYM_END = re.compile(r"(?:^|\W)([A-ZÆØÅ]{2,}|\d+)-$")
_FIRST_WORD = re.compile(r"^\W*(\w+)")


def ends_hyphenated(text: str) -> bool:
    """Whether a line ends in a word broken by a hyphen ("kom-")."""
    return bool(_HYPHEN_END.search(text.rstrip()))


def starts_lower(text: str) -> bool:
    stripped = text.lstrip("*_ (\"'”“")
    return bool(stripped) and stripped[0].islower()


def join(first: str, second: str) -> str:
    """Two pieces of one paragraph joined; a word broken at the end of the first is mended.

    "kom-" + "munen" → "kommunen"; "børne-" + "og unge" → "børne- og unge";
    "IT-" + "system" → "IT-system"; otherwise the two are joined with a space.
    """
    first, second = first.rstrip(), second.strip()
    if not first:
        return second
    if not second:
        return first
    if ends_hyphenated(first) and starts_lower(second):
        match = _FIRST_WORD.match(second)
        word = match.group(1).lower() if match else ""
        if word in CONJUNCTIONS:
            return f"{first} {second}"
        if _ACRONYM_END.search(first):
            return first + second
        return first[:-1] + second
    return f"{first} {second}"


_BROKEN_IN_LINE = re.compile(r"(\w{3,})- ([a-zæøå]\w+)")


def mend_broken_words(text: str) -> str:
    """ "Beskæftigelses- forvaltningen" → "Beskæftigelsesforvaltningen" (short lines only)."""
    def mend(match: re.Match[str]) -> str:
        if match.group(2).lower() in CONJUNCTIONS:
            return match.group(0)
        return match.group(1) + match.group(2)
    return _BROKEN_IN_LINE.sub(mend, text)


_MARKUP = re.compile(r"\*\*|__|(?<!\w)\*(?=\S)|(?<=\S)\*(?!\w)")


def plain(text: str) -> str:
    """Text without bold and italic markers, single spaces."""
    return " ".join(_MARKUP.sub("", text).split())


def words(text: str) -> list[str]:
    """The words of a text, lower case (letters and digits; for matching and tests)."""
    return re.findall(r"[0-9a-zæøåéüäö]+", text.lower())
