"""markdown-it-pyrs as a fast path to the tokens markdown-it-py would give.

markdown-it-py (pure Python) stays the reference: `markdown.parse` asks this
module first and parses with the reference when it gets None. The Rust parser
is about five times faster on plan text, but it is trusted only where the
differential test (`tests/test_markdown_differential.py`) found its output
identical:

- a document with a construct where the two are known to differ
  (`pyrs_differences.suspect`)
  is declined before parsing;
- a parser panic (`PanicException`, a BaseException) declines the document,
  and the panic message Rust prints goes to /dev/null, not to the editor.

The tree the Rust parser returns is turned into markdown-it-py `Token`s, block
maps and inline children included, so the plan structure, the link rewriting
and the HTML renderer downstream see the same tokens on both paths.
"""

from __future__ import annotations

import os
import re
import threading
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Literal

from markdown_it.token import Token

from plansite.pyrs_differences import suspect

_RULES: list[Any] = [
    "blockquote", "code", "fence", "heading", "hr", "list", "paragraph", "reference", "autolink",
    "backticks", "emphasis", "entity", "escape", "image", "link", "newline", "html_block",
    "html_inline", "table", "strikethrough"]
"""CommonMark with raw HTML, tables and strikethrough; no setext headings (`lheading`),
as `markdown._new_parser` configures markdown-it-py."""

_PARSER: markdown_it_pyrs.MarkdownIt | None
try:
    import markdown_it_pyrs

    _PARSER = markdown_it_pyrs.MarkdownIt("zero").enable_many(_RULES)
except ImportError:  # pragma: no cover - a declared dependency; the reference path still works
    _PARSER = None

ENABLED = os.environ.get("PLANSITE_MARKDOWN", "") != "reference" and _PARSER is not None
"""PLANSITE_MARKDOWN=reference parses everything with markdown-it-py (to compare builds)."""

_INLINE_TAGS = {"em": ("em", "em"), "strong": ("strong", "strong"),
                "strikethrough": ("s", "s")}
_BLOCK_NAMES = {"paragraph", "heading", "hr", "fence", "code_block", "html_block",
                "blockquote", "bullet_list", "ordered_list", "list_item", "table"}
_HEADING_END = re.compile(r"(?:^|[ \t]+)#+[ \t]*$")
_MARKER = re.compile(r"[ \t]*(?:[-+*]|\d{1,9}[.)])")
_STDERR_LOCK = threading.Lock()


class Unsupported(Exception):
    """The tree holds a node this converter does not know: use the reference."""


def parse(text: str) -> list[Token] | None:
    """markdown-it-py's tokens for `text`, or None where only the reference can be trusted."""
    if not ENABLED or _PARSER is None or suspect(text):
        return None
    try:
        with _quiet_stderr():
            tree = _PARSER.tree(text)
    except BaseException as error:  # noqa: BLE001 - PanicException is a BaseException
        if isinstance(error, (KeyboardInterrupt, SystemExit)):
            raise
        return None
    try:
        return _Converter(text).document(tree)
    except (Unsupported, LookupError, ValueError, TypeError):  # any surprise: the reference
        return None


@contextmanager
def _quiet_stderr() -> Iterator[None]:
    """Send what Rust writes to stderr (a panic's message) to /dev/null meanwhile.

    Only when this is the process's one thread: with others (the live preview's
    server) their messages would be lost, and a panic message may show instead.
    """
    if threading.active_count() > 1 or not _STDERR_LOCK.acquire(blocking=False):
        yield
        return
    try:
        saved = os.dup(2)
    except OSError:
        _STDERR_LOCK.release()
        yield
        return
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 2)
        os.close(null)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        _STDERR_LOCK.release()


_NEW = object.__new__


def _token(type: str, tag: str, nesting: Literal[-1, 0, 1],  # noqa: A002 - Token's names
           attrs: dict[str, str | int | float] | None = None, map: list[int] | None = None,  # noqa: A002
           level: int = 0, children: list[Token] | None = None, content: str = "",
           markup: str = "", info: str = "", block: bool = False, hidden: bool = False
           ) -> Token:
    """`Token(...)` without the dataclass's checks: a plan has thousands of tokens."""
    token: Token = _NEW(Token)
    token.type, token.tag, token.nesting, token.level = type, tag, nesting, level
    token.attrs = attrs if attrs is not None else {}
    token.map, token.children, token.content = map, children, content
    token.markup, token.info, token.meta = markup, info, {}
    token.block, token.hidden = block, hidden
    return token


def _srcmap(node: markdown_it_pyrs.Node) -> tuple[int, int]:
    """A node's byte offsets in the UTF-8 text."""
    if node.srcmap is None:
        raise Unsupported(f"{node.name} without a source map")
    return node.srcmap


class _Converter:
    """Turns one document's tree into markdown-it-py's flat token list."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.data = text.encode()
        self.lines = text.split("\n")
        starts = [0]
        position = self.data.find(b"\n")
        while position >= 0:
            starts.append(position + 1)
            position = self.data.find(b"\n", position + 1)
        self.starts = starts
        self.line_max = len(self.lines) - (1 if text.endswith("\n") else 0)
        self.tokens: list[Token] = []

    def line(self, offset: int) -> int:
        """The line index of a byte offset."""
        return bisect_right(self.starts, offset) - 1

    def span(self, node: markdown_it_pyrs.Node) -> list[int]:
        """A block's token map: its first line and the line after its last."""
        start, end = _srcmap(node)
        return [self.line(start), self.line(max(start, end - 1)) + 1]

    def item_end(self, node: markdown_it_pyrs.Node) -> int:
        """Where markdown-it-py ends a list item: its block parser skips blank lines after it."""
        start_offset = _srcmap(node)[0]
        start = self.line(start_offset)
        marker_line = self.data[start_offset:self.starts[start + 1] if start + 1 < len(
            self.starts) else len(self.data)].decode()
        marker = _MARKER.match(marker_line)
        if marker and not marker_line[marker.end():].strip(" \t\n") and (
                start + 1 >= self.line_max or not self.lines[start + 1].strip(" \t")):
            return min(start + 2, self.line_max)  # an empty item, then a blank line
        end = self.span(node)[1]
        while end < self.line_max and not self.lines[end].strip(" \t"):
            end += 1
        return end

    def last_line(self, content: str, line_map: list[int], closed: bool) -> str:
        """A literal block's content; markdown-it-py adds no newline the text does not end with."""
        if not closed and line_map[1] >= len(self.lines) and not self.text.endswith("\n"):
            return content.removesuffix("\n")
        return content

    def document(self, root: markdown_it_pyrs.Node) -> list[Token]:
        for node in root.children:
            self.block(node, 0, False)
        return self.tokens

    def block(self, node: markdown_it_pyrs.Node, level: int, tight: bool) -> None:
        name = node.name
        push = self.tokens.append
        if name == "paragraph":
            line_map = self.span(node)
            push(_token("paragraph_open", "p", 1, map=line_map, level=level, block=True,
                       hidden=tight))
            content = ("\n".join(self.lines[line_map[0]:line_map[1]]).strip()
                       if level == 0 else self.source(node))
            push(_token("inline", "", 0, map=line_map, level=level + 1, block=True,
                       content=content, children=self.inline(node.children, 0)))
            push(_token("paragraph_close", "p", -1, level=level, block=True, hidden=tight))
        elif name == "heading":
            depth = int(node.meta["level"])
            tag = f"h{depth}"
            line_map = self.span(node)
            source = self.lines[line_map[0]].strip().lstrip("#")
            content = _HEADING_END.sub("", source).strip() if source.strip() else ""
            push(_token("heading_open", tag, 1, map=line_map, level=level, block=True,
                       markup="#" * depth))
            push(_token("inline", "", 0, map=line_map, level=level + 1, block=True,
                       content=content, children=self.inline(node.children, 0)))
            push(_token("heading_close", tag, -1, level=level, block=True, markup="#" * depth))
        elif name == "fence":
            meta = node.meta
            markup = str(meta["marker"]) * int(meta["marker_len"])
            line_map = self.span(node)
            last = self.lines[line_map[1] - 1].strip(" \t")
            closed = line_map[1] - line_map[0] > 1 and last.startswith(markup) \
                and not last.strip(markup[0])
            if not closed and level == 0:  # an open fence runs to the end of the text
                line_map[1] = self.line_max
            push(_token("fence", "code", 0, map=line_map, level=level, block=True,
                       content=self.last_line(str(meta["content"]), line_map, closed),
                       info=str(meta.get("info", "")), markup=markup))
        elif name == "code_block":
            line_map = self.span(node)
            push(_token("code_block", "code", 0, map=line_map, level=level, block=True,
                       content=str(node.meta["content"])))
        elif name == "html_block":
            line_map = self.span(node)
            push(_token("html_block", "", 0, map=line_map, level=level, block=True,
                       content=self.last_line(str(node.meta["content"]), line_map, False)))
        elif name == "hr":
            meta = node.meta
            push(_token("hr", "hr", 0, map=self.span(node), level=level, block=True,
                       markup=str(meta["marker"]) * int(meta["marker_len"])))
        elif name == "blockquote":
            push(_token("blockquote_open", "blockquote", 1, map=self.span(node), level=level,
                       block=True, markup=">"))
            for child in node.children:
                self.block(child, level + 1, False)
            push(_token("blockquote_close", "blockquote", -1, level=level, block=True,
                       markup=">"))
        elif name in ("bullet_list", "ordered_list"):
            self.list_block(node, level)
        elif name == "table":
            self.table(node, level)
        else:
            raise Unsupported(name)

    def list_block(self, node: markdown_it_pyrs.Node, level: int) -> None:
        meta = node.meta
        marker = str(meta.get("marker", ""))
        ordered = node.name == "ordered_list"
        kind, tag = ("ordered_list", "ol") if ordered else ("bullet_list", "ul")
        attrs: dict[str, str | int | float] = {}
        start = int(meta.get("start", 1)) if ordered else 1
        if ordered and start != 1:
            attrs["start"] = start
        items = node.children
        tight = not any(child.name == "paragraph" for item in items for child in item.children)
        push = self.tokens.append
        list_map = [self.span(node)[0], self.item_end(items[-1]) if items else 0]
        push(_token(f"{kind}_open", tag, 1, attrs=attrs, map=list_map, level=level,
                   block=True, markup=marker))
        for number, item in enumerate(items, start):
            if item.name != "list_item":
                raise Unsupported(item.name)
            push(_token("list_item_open", "li", 1, map=[self.span(item)[0], self.item_end(item)],
                       level=level + 1, block=True, markup=marker,
                       info=str(number) if ordered else ""))
            run: list[markdown_it_pyrs.Node] = []
            for child in [*item.children, None]:
                if child is not None and child.name not in _BLOCK_NAMES:
                    run.append(child)
                    continue
                if run:
                    self.hidden_paragraph(run, level + 2)
                    run = []
                if child is not None:
                    self.block(child, level + 2, tight)
            push(_token("list_item_close", "li", -1, level=level + 1, block=True,
                       markup=marker))
        push(_token(f"{kind}_close", tag, -1, level=level, block=True, markup=marker))

    def hidden_paragraph(self, run: list[markdown_it_pyrs.Node], level: int) -> None:
        """The paragraph of a tight list item, which the tree leaves out."""
        first, last = _srcmap(run[0])[0], _srcmap(run[-1])[1]
        line_map = [self.line(first), self.line(max(first, last - 1)) + 1]
        push = self.tokens.append
        push(_token("paragraph_open", "p", 1, map=line_map, level=level, block=True,
                   hidden=True))
        push(_token("inline", "", 0, map=line_map, level=level + 1, block=True,
                   content=self.data[first:last].decode().strip(),
                   children=self.inline(run, 0)))
        push(_token("paragraph_close", "p", -1, level=level, block=True, hidden=True))

    def table(self, node: markdown_it_pyrs.Node, level: int) -> None:
        alignments = [str(a) for a in node.meta.get("alignments", [])]
        if "|" not in self.lines[self.line(_srcmap(node)[0])]:
            raise Unsupported("a table whose head has no |")  # not a table to markdown-it-py
        push = self.tokens.append
        push(_token("table_open", "table", 1, map=self.span(node), level=level, block=True))
        for section in node.children:
            if section.name not in ("thead", "tbody"):
                raise Unsupported(section.name)
            cell_tag = "th" if section.name == "thead" else "td"
            push(_token(f"{section.name}_open", section.name, 1, map=self.span(section),
                       level=level + 1, block=True))
            for row in section.children:
                push(_token("tr_open", "tr", 1, map=self.span(row), level=level + 2,
                           block=True))
                for index, cell in enumerate(row.children):
                    attrs: dict[str, str | int | float] = {}
                    align = alignments[index] if index < len(alignments) else ""
                    if align in ("left", "right", "center"):
                        attrs["style"] = f"text-align:{align}"
                    push(_token(f"{cell_tag}_open", cell_tag, 1, attrs=attrs,
                               map=self.span(row), level=level + 3, block=True))
                    push(_token("inline", "", 0, map=self.span(row), level=level + 4,
                               block=True, content=self.source(cell),
                               children=self.inline(cell.children, 0)))
                    push(_token(f"{cell_tag}_close", cell_tag, -1, level=level + 3,
                               block=True))
                push(_token("tr_close", "tr", -1, level=level + 2, block=True))
            push(_token(f"{section.name}_close", section.name, -1, level=level + 1, block=True))
        push(_token("table_close", "table", -1, level=level, block=True))

    @staticmethod
    def join_text(out: list[Token], content: str, level: int) -> None:
        """Append text, joined to a text token before it."""
        if out and out[-1].type == "text":
            out[-1].content += content
        else:
            out.append(_token("text", "", 0, level=level, content=content))

    def source(self, node: markdown_it_pyrs.Node) -> str:
        start, end = _srcmap(node)
        return self.data[start:end].decode().strip()

    def inline(self, nodes: Sequence[markdown_it_pyrs.Node], level: int) -> list[Token]:
        """Inline tokens, with adjacent text joined as markdown-it-py's core rules join it."""
        out: list[Token] = []
        for node in nodes:
            name = node.name
            meta = node.meta
            if name in ("text", "text_special"):  # escapes and entities are text once parsed
                self.join_text(out, str(meta["content"]), level)
            elif name == "softbreak":
                out.append(_token("softbreak", "br", 0, level=level))
            elif name == "hardbreak":
                out.append(_token("hardbreak", "br", 0, level=level))
            elif name == "code_inline":
                text = "".join(str(child.meta.get("content", "")) for child in node.children)
                out.append(_token("code_inline", "code", 0, level=level, content=text,
                                 markup=str(meta["marker"]) * int(meta["marker_len"])))
            elif name == "html_inline":
                out.append(_token("html_inline", "", 0, level=level,
                                 content=str(meta["content"])))
            elif name in _INLINE_TAGS:
                tag = _INLINE_TAGS[name][0]
                marker = str(meta["marker"])
                markup = marker * 2 if name != "em" else marker
                strong = name == "strong"
                if strong:  # markdown-it-py leaves the outer delimiter as an empty text
                    self.join_text(out, "", level)
                out.append(_token(f"{tag}_open", tag, 1, level=level, markup=markup))
                out.extend(self.inline(node.children, level + 1))
                out.append(_token(f"{tag}_close", tag, -1, level=level, markup=markup))
                if strong:
                    out.append(_token("text", "", 0, level=level))
            elif name in ("link", "autolink"):
                attrs: dict[str, str | int | float] = {"href": str(meta["url"])}
                if meta.get("title") is not None:
                    attrs["title"] = str(meta["title"])
                auto = name == "autolink"
                out.append(_token("link_open", "a", 1, attrs=attrs, level=level,
                                 markup="autolink" if auto else "",
                                 info="auto" if auto else ""))
                out.extend(self.inline(node.children, level + 1))
                out.append(_token("link_close", "a", -1, level=level,
                                 markup="autolink" if auto else "",
                                 info="auto" if auto else ""))
            elif name == "image":
                image_attrs: dict[str, str | int | float] = {"src": str(meta["url"]), "alt": ""}
                if meta.get("title") is not None:
                    image_attrs["title"] = str(meta["title"])
                start = _srcmap(node)[0] + 2
                label_end = self.data.find(b"]", _srcmap(node.children[-1])[1]) \
                    if node.children else start
                out.append(_token("image", "img", 0, attrs=image_attrs, level=level,
                                 children=self.inline(node.children, 0),
                                 content=self.data[start:label_end].decode()))
            else:
                raise Unsupported(name)
        return out
