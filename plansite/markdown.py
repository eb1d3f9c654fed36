"""Markdown to safe HTML: one parser configuration for the whole site.

Editors may paste raw HTML (tables from Word); it passes through nh3 so only a
safe subset survives. Site-relative links ("/unit/2016/") get the base path.
"""

from __future__ import annotations

from collections.abc import Sequence

import nh3
from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

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

    def link_open(self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict,
                  env: EnvType) -> str:
        href = tokens[idx].attrGet("href")
        base = env.get("base_url", "/") if isinstance(env, dict) else "/"
        if isinstance(href, str) and href.startswith("/") and not href.startswith("//"):
            tokens[idx].attrSet("href", base.rstrip("/") + href)
        return self.renderToken(tokens, idx, options, env)

    md.add_render_rule("link_open", link_open)
    return md


PARSER = _new_parser()


def parse(text: str) -> list[Token]:
    """Block and inline tokens of a Markdown text, with source line maps."""
    return PARSER.parse(text)


def render(tokens: Sequence[Token], base_url: str = "/") -> str:
    """Render a slice of tokens to sanitised HTML."""
    if not tokens:
        return ""
    html: str = PARSER.renderer.render(list(tokens), PARSER.options, {"base_url": base_url})
    return sanitize(html)


def render_text(text: str, base_url: str = "/") -> str:
    """Render a whole Markdown text (unit descriptions) to sanitised HTML."""
    return render(parse(text), base_url)


def sanitize(html: str) -> str:
    """Keep only the safe subset of HTML; drop script, styles, handlers and bad URLs."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )


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
