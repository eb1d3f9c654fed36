"""A site can switch to English and override any template or the stylesheet."""

from __future__ import annotations

import shutil

from bs4 import BeautifulSoup

from plansite.pipeline import build
from tests.conftest import DEMO


def _copy(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(DEMO, content)
    return content


def test_language_en_switches_every_label(tmp_path):
    content = _copy(tmp_path)
    site = content / "site.yaml"
    site.write_text(site.read_text("utf-8").replace("language: da", "language: en"), "utf-8")
    out = tmp_path / "site"
    build(content, out)
    page = BeautifulSoup((out / "social-familie/2015/smaaboernstilbud/index.html")
                         .read_text("utf-8"), "html.parser")
    assert page.html["lang"] == "en"
    text = page.get_text(" ")
    assert "Current status" in text and "Continued in the next plan" in text
    assert "January 2016" in text
    assert "Status nu" not in text and "Videreført" not in text


def test_site_theme_overrides_a_template_and_the_stylesheet(tmp_path):
    content = _copy(tmp_path)
    templates = content / "theme/templates"
    templates.mkdir(parents=True)
    (templates / "period.html").write_text(
        '{% extends "base.html" %}{% block content %}<h1>Egen periode {{ period.key }}</h1>'
        "{% endblock %}", "utf-8")
    (content / "theme/static").mkdir()
    (content / "theme/static/style.css").write_text("body { color: #000; }\n", "utf-8")
    out = tmp_path / "site"
    build(content, out)
    assert "<h1>Egen periode 2015</h1>" in (out / "periode/2015/index.html").read_text("utf-8")
    assert (out / "assets/style.css").read_text("utf-8") == "body { color: #000; }\n"
    assert "<h1>" in (out / "index.html").read_text("utf-8")
