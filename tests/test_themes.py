"""A site's own theme is as untrusted as its plans: sandboxed, and its mistakes are editors'."""

from __future__ import annotations

import shutil
from pathlib import Path

import jinja2
import pytest
from jinja2.sandbox import SandboxedEnvironment

from plansite import render
from plansite.diagnostics import human
from plansite.errors import BuildFailed
from plansite.i18n import Catalogue
from plansite.pipeline import build, load
from tests.conftest import DEMO


def _site(tmp_path: Path, templates: dict[str, str]) -> Path:
    content = tmp_path / "content"
    shutil.copytree(DEMO, content)
    folder = content / "theme/templates"
    folder.mkdir(parents=True)
    for name, text in templates.items():
        (folder / name).write_text(text, "utf-8")
    return content


def _failure(content: Path, out: Path) -> BuildFailed:
    with pytest.raises(BuildFailed) as failed:
        build(content, out)
    return failed.value


PERIOD = '{%% extends "base.html" %%}{%% block content %%}\n<h1>%s</h1>\n{%% endblock %%}'


def test_a_theme_cannot_reach_python_internals_to_run_code(tmp_path):
    marker = tmp_path / "pwned"
    content = _site(tmp_path, {"period.html": PERIOD % (
        f"{{{{ cycler.__init__.__globals__.os.popen('touch {marker}').read() }}}}")})
    out = tmp_path / "site"
    build(DEMO, out)
    before = (out / "index.html").read_bytes()
    failure = _failure(content, out)
    assert not marker.exists(), "the template ran code"
    [problem] = failure.problems
    assert problem.code == "theme-unsafe"
    assert problem.path.name == "period.html" and problem.line == 2
    text = human(problem, failure.catalogue)
    assert "period.html:2" in text and "Traceback" not in text
    assert (out / "index.html").read_bytes() == before  # the published site is untouched


def test_an_include_out_of_the_theme_is_an_error_at_its_line(tmp_path):
    content = _site(tmp_path, {"period.html": PERIOD % "{% include '../../site.yaml' %}"})
    [problem] = _failure(content, tmp_path / "site").problems
    assert problem.code == "theme-missing" and problem.line == 2


def test_a_template_that_does_not_compile_is_an_error_at_its_line(tmp_path):
    content = _site(tmp_path, {"period.html": PERIOD % "{% if %}"})
    [problem] = load(content).report.errors
    assert (problem.code, problem.path.name, problem.line) == ("theme-syntax", "period.html", 2)
    assert "Traceback" not in human(problem, Catalogue("da"))


def test_an_unknown_variable_is_an_error_at_its_line(tmp_path):
    content = _site(tmp_path, {"period.html": PERIOD % "{{ no_such_thing.title }}"})
    [problem] = _failure(content, tmp_path / "site").problems
    assert (problem.code, problem.path.name, problem.line) == ("theme-render", "period.html", 2)


def test_a_harmless_override_still_renders_in_the_sandbox(tmp_path):
    content = _site(tmp_path, {"period.html": PERIOD % "Egen {{ period.key }} {{ t('ui.unit') }}"})
    out = tmp_path / "site"
    build(content, out)
    assert "<h1>Egen 2015 Enhed</h1>" in (out / "periode/2015/index.html").read_text("utf-8")


def test_only_a_site_with_templates_of_its_own_pays_for_the_sandbox(tmp_path):
    assert type(render.environment([render.DEFAULT_THEME])) is jinja2.Environment
    content = _site(tmp_path, {"period.html": PERIOD % "x"})
    env = render.environment([content / "theme", render.DEFAULT_THEME])
    assert isinstance(env, SandboxedEnvironment)
    empty = tmp_path / "other" / "theme"
    (empty / "templates").mkdir(parents=True)  # a folder with no templates in it
    assert type(render.environment([empty, render.DEFAULT_THEME])) is jinja2.Environment
