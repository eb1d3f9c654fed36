"""Rendering takes shortcuts through Jinja (plansite/render.py); none of them changes a byte."""

from __future__ import annotations

from pathlib import Path

import jinja2
import markupsafe
import pytest

from plansite import render
from plansite.pipeline import load, render_all
from tests.conftest import DEMO


def _theme(tmp_path: Path, templates: dict[str, str]) -> tuple[Path, ...]:
    folder = tmp_path / "theme" / "templates"
    folder.mkdir(parents=True)
    for name, text in templates.items():
        (folder / name).write_text(text, "utf-8")
    return (tmp_path / "theme",)


@pytest.mark.parametrize("value", ["plain", "<b>&'\"</b>", "", markupsafe.Markup("<i>x</i>"),
                                   3, 2.5, None, True])
def test_a_written_value_is_escaped_as_markupsafe_escapes_it(value):
    assert render.escape_output(value) == str(markupsafe.escape(value))


def test_an_undefined_value_is_still_an_error_when_written():
    env = jinja2.Environment(undefined=jinja2.StrictUndefined)
    with pytest.raises(jinja2.UndefinedError):
        render.escape_output(env.undefined(name="missing"))


def test_the_demo_renders_the_same_bytes_as_plain_jinja(monkeypatch):
    loaded = load(DEMO)
    fast = render_all(loaded)
    render._environment.cache_clear()
    monkeypatch.setattr(render, "escape_output", markupsafe.escape)
    monkeypatch.setattr(render.FastTemplate, "make_module", jinja2.Template.make_module)
    try:
        plain = render_all(loaded)
    finally:
        render._environment.cache_clear()
    assert fast.keys() == plain.keys()
    assert [path for path in fast if fast[path] != plain[path]] == []


PAGE = '{% from "macros.html" import who with context %}{{ who() }}'


def _pages(themes: tuple[Path, ...], helpers: dict[str, object], pages: list[str]) -> list[str]:
    env = render.environment(themes)
    return [env.get_template("page.html").render({**helpers, "page": page}) for page in pages]


def test_macros_imported_with_context_are_made_once_while_the_helpers_stay_the_same(tmp_path):
    made = []

    def count() -> str:
        made.append(1)
        return ""

    themes = _theme(tmp_path, {
        "macros.html": '{% set _ = count() %}{% macro who() %}{{ t("x") }}{% endmacro %}',
        "page.html": PAGE})
    helpers = {"count": count, "t": str.upper}
    assert _pages(themes, helpers, ["a", "b", "c"]) == ["X", "X", "X"]
    assert len(made) == 1
    assert _pages(themes, {**helpers, "t": str.title}, ["a"]) == ["X"]
    assert len(made) == 2  # another helper: made anew


@pytest.mark.parametrize("macros", [
    '{% macro who() %}{{ page }}{% endmacro %}',
    '{% macro who() %}{% include "part.html" %}{% endmacro %}',
    '{% macro who() %}{{ self.name() }}{% endmacro %}{% block name %}{{ page }}{% endblock %}',
    '{% macro who() %}{{ asked() }}{% endmacro %}',
], ids=["reads the page", "includes", "self", "helper takes the context"])
def test_macros_that_read_the_page_see_each_page(tmp_path, macros):
    themes = _theme(tmp_path, {"macros.html": macros, "page.html": PAGE,
                               "part.html": "{{ page }}"})
    asked = jinja2.pass_context(lambda context: context["page"])
    assert _pages(themes, {"asked": asked}, ["a", "b", "c"]) == ["a", "b", "c"]
