"""Pages about the site itself: the accessibility statement, cookies, 404 and the search page.

Danish public-sector sites link an accessibility statement (tilgængelighedserklæring)
and say what they store in the visitor's browser from every page's footer. The
statement itself lives where the publisher keeps it (site.yaml's
`accessibility_statement`); by default the footer links /was/, which says where.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from plansite import search
from plansite.model import Plan, Unit
from plansite.outputs import Inputs, OutputFile, Page, page_path
from plansite.render import CSP

WAS_URL = "/was/"
COOKIES_URL = "/cookies/"
SEARCH_URL = "/soeg/"
NOT_FOUND_FILE = "404.html"
SEARCH_SCRIPT = "/assets/search.js"
SEARCH_CSP = CSP.replace("default-src 'self';", "default-src 'self'; "
                         "script-src 'self' 'wasm-unsafe-eval';")
"""Pagefind compiles its WebAssembly in the page: the one thing the search page adds."""


@dataclass(frozen=True, slots=True)
class AboutContext:
    """The accessibility and cookie pages show only config and catalogue text."""


@dataclass(frozen=True, slots=True)
class SearchContext:
    plans: tuple[tuple[Plan, Unit], ...]
    """Every plan with its unit: the page's list without JavaScript."""
    csp: str
    scripts: tuple[str, ...]
    extra_bundles: tuple[str, ...] = ()
    """The search index's further shards, merged into /pagefind/ (see `search`)."""


def _home(inputs: Inputs) -> tuple[tuple[str, str], ...]:
    return ((inputs.catalogue.t("ui.home"), "/"),)


def was_pages(inputs: Inputs) -> Iterator[OutputFile]:
    cat = inputs.catalogue
    yield OutputFile(page_path(WAS_URL), (), AboutContext(),
                     Page(WAS_URL, cat.t("was.title"), _home(inputs)))


def cookies_pages(inputs: Inputs) -> Iterator[OutputFile]:
    cat = inputs.catalogue
    yield OutputFile(page_path(COOKIES_URL), (), AboutContext(),
                     Page(COOKIES_URL, cat.t("cookies.title"), _home(inputs)))


def not_found_pages(inputs: Inputs) -> Iterator[OutputFile]:
    """/404.html: web servers send it for a missing page (see docs/reference.md)."""
    cat = inputs.catalogue
    yield OutputFile(NOT_FOUND_FILE, (), AboutContext(),
                     Page("/" + NOT_FOUND_FILE, cat.t("notfound.title")))


def search_pages(inputs: Inputs) -> Iterator[OutputFile]:
    site, cat = inputs.site, inputs.catalogue
    plans = tuple((plan, site.units[plan.unit]) for plan in site.plans.values())
    yield OutputFile(page_path(SEARCH_URL), tuple(site.plans),
                     SearchContext(plans, SEARCH_CSP, (SEARCH_SCRIPT,),
                                   search.extra_bundles(site)),
                     Page(SEARCH_URL, cat.t("search.title"), _home(inputs)))
