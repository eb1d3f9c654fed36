"""Markdown to safe HTML: one parser configuration for the whole site.

Editors may paste raw HTML (tables from Word); it passes through nh3 so only a
safe subset survives. Site-relative links ("/unit/2016/") get the base path;
every other link and image may be rewritten by the caller (a plan's files beside
it, see `attachments.References`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token

from plansite import fastmd

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "details", "div",
    "dl", "dt", "em", "figcaption", "figure", "h4", "h5", "h6", "hr", "i", "img", "ins",
    "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "small", "span", "strong", "sub",
    "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "hreflang"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "ol": {"start"},
    "code": {"class"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


def _new_parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    # Headings are written with #. A line of --- under a paragraph is a rule, as editors
    # (and text pasted from PDFs) mean it, not a setext heading that would start a section.
    md.disable("lheading")
    # markdown-it-py logs each block rule's entry at DEBUG level (2.5 million calls at
    # 10,000 goals). With logging off a call costs ~150 ns, about 2 % of parsing: not worth
    # patching the library's loggers, which would change them for the whole process.
    return md


PARSER = _new_parser()


@dataclass(frozen=True, slots=True)
class Reference:
    """A link or an image in a text, as written, shown to a `Rewriter` before rendering."""

    url: str
    """The URL as markdown-it normalised it (percent-encoded)."""
    line: int
    """Index of its source line, counted like token maps (not a file line)."""
    alt: str | None
    """An image's alt text ("" when missing); None for a link."""


Rewriter = Callable[[Reference], str | None]
"""Sees every link and image of a text; returns the URL to write instead, or None."""


def parse(text: str) -> list[Token]:
    """Block and inline tokens of a Markdown text, with source line maps.

    From markdown-it-pyrs where it gives the same tokens (`fastmd`), else from
    markdown-it-py, the reference.
    """
    tokens = fastmd.parse(text)
    return tokens if tokens is not None else PARSER.parse(text)


def render(tokens: Sequence[Token], base_url: str = "/", rewrite: Rewriter | None = None
           ) -> str:
    """Render a slice of tokens to sanitised HTML.

    Rewrites the tokens' URLs in place first (`rewrite_urls`): render a slice once.
    """
    if not tokens:
        return ""
    rewrite_urls(tokens, base_url, rewrite)
    html: str = PARSER.renderer.render(list(tokens), PARSER.options, {})
    return sanitize(html)


def rewrite_urls(tokens: Sequence[Token], base_url: str, rewrite: Rewriter | None) -> None:
    """Give each link and image the URL it has on the site.

    `rewrite` sees every one first (a plan's relative file references become
    their site URL); a site-relative link it leaves gets the base path.
    """
    for token in tokens:
        if token.type != "inline" or not token.children:
            continue
        line = token.map[0] if token.map else 0
        for child in token.children:
            if child.type in ("softbreak", "hardbreak"):
                line += 1  # the block's line of the reference, for messages
            attribute = "src" if child.type == "image" else "href"
            url = child.attrGet(attribute) if child.type in ("image", "link_open") else None
            if not isinstance(url, str):
                continue
            alt = child.content if child.type == "image" else None
            new = rewrite(Reference(url, line, alt)) if rewrite is not None else None
            if new is None and attribute == "href" and url.startswith("/") \
                    and not url.startswith("//"):
                new = base_url.rstrip("/") + url
            if new is not None:
                child.attrSet(attribute, new)


def render_text(text: str, base_url: str = "/", rewrite: Rewriter | None = None) -> str:
    """Render a whole Markdown text (unit descriptions) to sanitised HTML."""
    return render(parse(text), base_url, rewrite)


def _new_cleaner() -> Callable[[str], str]:
    """One sanitiser for every fragment: nh3's `Cleaner` builds its rules once (nh3 >= 0.2.18),
    where `nh3.clean` rebuilt them for each fragment (14 µs against 3 µs)."""
    cleaner = nh3.Cleaner(tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                          url_schemes=URL_SCHEMES, link_rel=None, strip_comments=True)
    clean: Callable[[str], str] = cleaner.clean
    return clean


_CLEAN = _new_cleaner()


def sanitize(html: str) -> str:
    """Keep only the safe subset of HTML; drop script, styles, handlers and bad URLs."""
    return _CLEAN(html)


def plain_text(inline: Token) -> str:
    """The text of an inline token without markup, for titles."""
    if not inline.children:
        return inline.content.strip()
    parts = []
    for child in inline.children:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return " ".join("".join(parts).split())
