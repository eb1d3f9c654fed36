"""site.yaml and units.yaml values that would make the site point elsewhere are refused."""

from __future__ import annotations

import pytest

from plansite.config import valid_base_url
from plansite.pipeline import load
from plansite.slugs import is_slug
from tests.conftest import SITE_YAML, make_content


@pytest.mark.parametrize("value", ["/", "/planer/", "planer", "/kommune/planer",
                                   "https://example.dk/planer/", "http://localhost:8080/x/"])
def test_a_path_or_an_http_address_is_a_base_url(value):
    assert valid_base_url(value)


@pytest.mark.parametrize("value", ["/\\evil.example", "\\\\evil.example/", "//evil.example",
                                   "/a b/", "/../", "/planer?x=1", "/planer#x",
                                   "ftp://example.dk/", "https://ex ample.dk/", "/pla\tner/"])
def test_what_a_browser_could_read_as_another_host_is_not(value):
    assert not valid_base_url(value)


def test_a_bad_base_url_in_site_yaml_is_an_error_at_its_line(tmp_path):
    content = make_content(tmp_path, {}, site=SITE_YAML + "base_url: /\\evil.example\n")
    [problem] = [p for p in load(content).report.errors if p.code == "bad-base-url"]
    assert problem.path.name == "site.yaml" and problem.line == SITE_YAML.count("\n") + 1


def test_a_bad_base_url_on_the_command_line_is_an_error(tmp_path):
    content = make_content(tmp_path, {})
    problems = load(content, base_url="/\\evil.example").report.errors
    assert [p.code for p in problems] == ["bad-base-url"]
    assert problems[0].params["where"] == "--base-url"


@pytest.mark.parametrize("text", ["enhed\n", "enhed\n\n", " enhed", "Enhed", "en--hed", ""])
def test_a_slug_is_exactly_lower_case_words_and_hyphens(text):
    assert not is_slug(text)


def test_a_unit_key_with_a_trailing_newline_is_refused(tmp_path):
    content = make_content(tmp_path, {}, units='"enhed\\n":\n  name: Enhed\n')
    assert [p.code for p in load(content).report.errors] == ["bad-unit-key"]
