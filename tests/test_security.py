"""Hostile sources never publish script: OWASP XSS filter-evasion payloads in every field."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from bs4 import BeautifulSoup

from plansite.pipeline import build, load
from tests.conftest import make_content

PAYLOADS = [
    "<script>alert(1)</script>",
    "<IMG SRC=\"javascript:alert('XSS');\">",
    "<IMG SRC=JaVaScRiPt:alert('XSS')>",
    "<IMG SRC=`javascript:alert(\"RSnake says, 'XSS'\")`>",
    '<a onmouseover="alert(document.cookie)">xxs link</a>',
    '<IMG """><SCRIPT>alert("XSS")</SCRIPT>">',
    "<IMG SRC=/ onerror=\"alert(String.fromCharCode(88,83,83))\"></img>",
    "<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;"
    "&#101;&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;>",
    "<IMG SRC=\"jav\tascript:alert('XSS');\">",
    "<IMG SRC=\"jav&#x09;ascript:alert('XSS');\">",
    "<IMG SRC=\" &#14;  javascript:alert('XSS');\">",
    '<SCRIPT/XSS SRC="http://xss.rocks/xss.js"></SCRIPT>',
    '<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^`=alert("XSS")>',
    '<<SCRIPT>alert("XSS");//\\<</SCRIPT>',
    "<iframe src=http://xss.rocks/scriptlet.html <",
    "<svg/onload=alert('XSS')>",
    "<STYLE>@import'http://xss.rocks/xss.css';</STYLE>",
    "<META HTTP-EQUIV=\"refresh\" CONTENT=\"0;url=javascript:alert('XSS');\">",
    "<TABLE BACKGROUND=\"javascript:alert('XSS')\"><tr><td>x</td></tr></TABLE>",
    "<DIV STYLE=\"background-image: url(javascript:alert('XSS'))\">x</DIV>",
    "<BASE HREF=\"javascript:alert('XSS');//\">",
    '<OBJECT TYPE="text/x-scriptlet" DATA="http://xss.rocks/scriptlet.html"></OBJECT>',
    '<EMBED SRC="data:image/svg+xml;base64,PHN2Zz48c2NyaXB0PmFsZXJ0KDEpPC9zY3JpcHQ+PC9zdmc+">',
    '<form action="javascript:alert(1)"><input type=submit></form>',
    "<details open ontoggle=alert(1)><summary>x</summary></details>",
    '<a href="&#x6A;avascript:alert(1)">x</a>',
    '<a href="  JaVaScRiPt:alert(1)">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<img src="data:image/png;base64,iVBORw0KGgo=">',
    "[link](javascript:alert(1))",
    "[link](JAVASCRIPT:alert(1))",
    "[link](vbscript:msgbox(1))",
    "[link](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![img](javascript:alert(1))",
    '"><script>alert(1)</script>',
    "'';!--\"<XSS>=&{()}",
    "{{ 7*7 }}{% raw %}",
]
ONE_LINE = [p.replace("\n", " ") for p in PAYLOADS]
BAD_URL = re.compile(r"^(javascript|vbscript|data):", re.I)


def _q(value: str) -> str:
    """A YAML scalar that holds any text (JSON is YAML)."""
    return json.dumps(value, ensure_ascii=False)


def _site(tmp_path, payload: str):
    site = (f"title: {_q('Planer ' + payload)}\npublisher: {_q(payload)}\n"
            f"description: {_q(payload)}\nstatuses:\n"
            f"  - key: achieved\n    da: {_q(payload)}\n    en: {_q(payload)}\n")
    units = (f"enhed:\n  name: {_q(payload)}\n  municipality: {_q(payload)}\n"
             f"  description: {_q(payload)}\n")
    first = f"""\
---
unit: enhed
period: 2015
title: {_q(payload)}
---

{payload}

## {payload}
id: omraade

{payload}

### {payload}
id: maal

{payload}

Dokumentation: {payload}

```indikator
navn: {_q(payload)}
enhed: {_q(payload)}
mål: {_q(payload)}
kilde: {_q(payload)}
værdier:
  2015: 1
```
"""
    second = f"""\
---
unit: enhed
period: 2016
title: Plan 2016
---

## Område
id: omraade

## {payload}

{payload}

### {payload}
mål: 2015/maal
status: achieved
dato: maj 2016

{payload}
"""
    return make_content(tmp_path, {"enhed/2015.md": first, "enhed/2016.md": second},
                        site=site, units=units)


CHART_ELEMENTS = {"rect", "text", "line", "polyline", "circle"}


def _assert_no_script(html: str, where: str) -> None:
    soup = BeautifulSoup(html, "html.parser")
    # The theme's own charts (plansite/charts.py) are the only SVG allowed: shapes and text.
    charts = set()
    for svg in soup.find_all("svg"):
        if svg.get("class") in (["chart-bar"], ["chart-swatch"], ["indicator-chart"]):
            assert {t.name for t in svg.find_all(True)} <= CHART_ELEMENTS, (where, str(svg)[:120])
            charts.add(id(svg))
    # The theme's own search forms (to /soeg/) and its script files under /assets/.
    for form in soup.find_all("form"):
        if form.get("action", "").endswith("/soeg/") and form.get("method") == "get":
            charts.add(id(form))
            charts.update(id(field) for field in form.find_all("input")
                          if field.get("type") == "search" and not field.get("value"))
    for script in soup.find_all("script"):
        if str(script.get("src", "")).startswith("/assets/") and not script.string:
            charts.add(id(script))
    for tag in soup.find_all(True):
        assert tag.name not in {"script", "iframe", "object", "embed", "form", "style", "base",
                                "svg", "input"} or id(tag) in charts, (where, str(tag)[:120])
        if tag.name == "meta":
            assert tag.get("http-equiv", "").lower() in {"", "content-security-policy"}, where
        for name, value in tag.attrs.items():
            assert not name.lower().startswith("on"), (where, name)
            assert name.lower() != "style", (where, str(tag)[:120])
            if name.lower() in {"href", "src", "action", "background", "data", "formaction"}:
                text = re.sub(r"[\x00-\x20]", "", str(value))
                if tag.name == "link" and tag.get("rel") == ["icon"] and text == "data:,":
                    continue
                assert not BAD_URL.match(text), (where, name, value)


@pytest.mark.parametrize("payload", ONE_LINE, ids=range(len(ONE_LINE)))
def test_payload_in_every_field_publishes_no_script(tmp_path, payload):
    content = _site(tmp_path, payload)
    loaded = load(content)
    assert loaded.report.errors == [], loaded.report.errors
    out = tmp_path / "site"
    build(content, out)
    pages = sorted(out.rglob("*.html"))
    assert len(pages) >= 6
    for page in pages:
        html = page.read_text("utf-8")
        _assert_no_script(html, f"{page.relative_to(out)}")
        assert "<p>49" not in html
    rows = list(csv.reader(io.StringIO((out / "data/goals.csv").read_text("utf-8"))))
    for row in rows[1:]:
        assert not any(cell[:1] in ("=", "+", "-", "@") for cell in row), row


def test_source_url_must_be_http(tmp_path):
    text = "---\nunit: enhed\nperiod: 2015\ntitle: X\nsource: javascript:alert(1)\n---\n"
    report = load(make_content(tmp_path, {"enhed/2015.md": text},
                               units="enhed:\n  name: Enhed\n")).report
    [problem] = report.errors
    assert (problem.code, problem.line) == ("bad-source-url", 5)


def test_every_page_has_a_strict_content_security_policy(tmp_path):
    content = _site(tmp_path, "ok")
    build(content, tmp_path / "site")
    for page in (tmp_path / "site").rglob("*.html"):
        soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
        csp = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
        assert "default-src 'self'" in csp and "object-src 'none'" in csp
        assert "base-uri 'self'" in csp and "unsafe-inline" not in csp
        assert soup.find("meta", attrs={"name": "referrer"}) is not None
        assert not soup.find("script", src=False)


def test_symlink_out_of_the_content_folder_is_refused(tmp_path):
    secret = tmp_path / "secret.md"
    secret.write_text("---\nunit: enhed\nperiod: 2015\ntitle: Hemmelig\n---\n", "utf-8")
    content = make_content(tmp_path, {}, units="enhed:\n  name: Enhed\n")
    (content / "plans/enhed").mkdir()
    (content / "plans/enhed/2015.md").symlink_to(secret)
    [problem] = load(content).report.errors
    assert problem.code == "outside-content"
