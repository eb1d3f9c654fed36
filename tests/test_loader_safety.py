"""Broken and hostile files get a clear error or are handled: never a traceback or a hang."""

from __future__ import annotations

import pytest

from plansite.pipeline import load
from tests.conftest import make_content

VALID = "---\nunit: sundhedsplejen\nperiod: 2015\ntitle: Plan\n---\n\n## A\nid: a\n\n### B\nid: b\n"

BOMB = "---\nunit: sundhedsplejen\nperiod: 2015\ntitle: Plan\na: &a [x, x, x, x, x, x, x, x]\n" \
    "b: &b [*a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b]\n" \
    "d: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n---\n"


@pytest.mark.parametrize(("name", "data", "code", "line"), [
    ("yaml-bomb", BOMB.encode(), "yaml-alias", 6),
    ("deep-nesting", ("---\nunit: x\nperiod: 2015\ntitle: " + "[" * 200 + "]" * 200 +
                      "\n---\n").encode(), "yaml-too-deep", 4),
    ("huge-file", b"---\n" + b"x" * 2_100_000, "file-too-large", 0),
    ("not-utf8", "---\ntitle: Ø\n".encode("latin-1"), "not-utf8", 2),
    ("nul-byte", b"---\nunit: a\x00\n---\n", "nul-byte", 2),
    ("empty", b"", "empty-file", 1),
    ("only-whitespace", b"  \n\n", "empty-file", 1),
    ("front-matter-open", b"---\nunit: sundhedsplejen\n\n## A\n", "front-matter-not-closed", 1),
    ("tab-indent", b"---\nunit: sundhedsplejen\nperiod: 2015\ntitle:\n\tPlan\n---\n",
     "yaml-tab", 5),
    ("list-front-matter", b"---\n- a\n- b\n---\n", "front-matter-not-mapping", 2),
    ("python-tag", b"---\nunit: !!python/object/apply:os.system ['true']\n---\n",
     "yaml-syntax", 2),
])
def test_bad_file_gets_a_clear_error(tmp_path, name, data, code, line):
    content = make_content(tmp_path, {})
    (content / "plans/sundhedsplejen").mkdir()
    (content / "plans/sundhedsplejen/2015.md").write_bytes(data)
    problems = load(content).report.errors
    assert [(p.code, p.line) for p in problems] == [(code, line)]


def test_bom_and_crlf_are_handled(tmp_path):
    content = make_content(tmp_path, {})
    (content / "plans/sundhedsplejen").mkdir()
    data = ("\ufeff" + VALID).replace("\n", "\r\n").encode()
    (content / "plans/sundhedsplejen/2015.md").write_bytes(data)
    loaded = load(content)
    assert loaded.report.errors == []
    assert [g.id for g in loaded.site.goals.values()] == ["b"]


def test_missing_site_and_units_files(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    codes = sorted((p.path.name, p.code) for p in load(content).report.errors)
    assert codes == [("site.yaml", "missing-file"), ("units.yaml", "missing-file")]
