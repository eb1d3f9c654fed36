"""The live preview's error page on a 375 px phone: long messages wrap, nothing scrolls sideways.

The page is `Preview.overlay()` for a demo copy with two errors whose lines are long (a
300-character address, and the hint listing every status), served from a made-up host
through Playwright's routing, with and without the theme's stylesheet (before the first
good build there is none, and a site's theme may replace it).
"""

from __future__ import annotations

import shutil
from typing import TYPE_CHECKING, Any

import pytest

from plansite.diagnostics import human
from plansite.serve import Preview
from tests.conftest import DEMO, ROOT

if TYPE_CHECKING:
    from playwright.sync_api import Browser

PHONE_WIDTH = 375
HOST = "http://plansite.test"
STYLE = ROOT / "themes/default/static/style.css"


@pytest.fixture(scope="module")
def overlay_html(tmp_path_factory: pytest.TempPathFactory) -> str:
    root = tmp_path_factory.mktemp("overlay")
    content = root / "content"
    shutil.copytree(DEMO, content)
    source = content / "plans/social-familie/2016-2017.md"
    text = source.read_text("utf-8")
    text = text.replace("offentliggjort: 2016-01-15", "kilde: www." + "x" * 300 + ".dk")
    text = text.replace("status: ", "status: droped-" + "y" * 80 + " ", 1)
    source.write_text(text, encoding="utf-8")
    preview = Preview(content, root / "site", lambda p: human(p, preview.catalogue))
    preview.rebuild()
    assert len(preview.errors) >= 2
    return preview.overlay()


@pytest.mark.parametrize("with_theme", [True, False], ids=["theme-css", "no-stylesheet"])
def test_error_page_does_not_scroll_sideways_on_a_phone(browser: Browser, overlay_html: str,
                                                        with_theme: bool) -> None:
    def handle(route: Any) -> None:
        url = route.request.url
        if not url.startswith(HOST):
            route.abort()
        elif url.endswith("/assets/style.css"):
            if with_theme:
                route.fulfill(body=STYLE.read_text("utf-8"), content_type="text/css")
            else:
                route.fulfill(status=404, body="")
        else:
            route.fulfill(body=overlay_html, content_type="text/html; charset=utf-8")

    context = browser.new_context(viewport={"width": PHONE_WIDTH, "height": 812},
                                  device_scale_factor=2, is_mobile=True, has_touch=True)
    try:
        context.route("**/*", handle)
        page = context.new_page()
        page.goto(HOST + "/social-familie/2016-2017/", wait_until="load")
        assert "x" * 300 in page.content()
        width = page.evaluate("document.documentElement.scrollWidth")
        pre_width = page.evaluate(
            "Math.max(...[...document.querySelectorAll('pre')].map(p => p.scrollWidth))")
    finally:
        context.close()
    assert width <= PHONE_WIDTH, f"the error page is {width} px wide at {PHONE_WIDTH} px"
    assert pre_width <= PHONE_WIDTH, f"a message is {pre_width} px wide at {PHONE_WIDTH} px"
