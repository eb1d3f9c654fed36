"""Front matter: each key a typed, documented field; every problem reported at once."""

import dataclasses
from pathlib import Path

from plansite import frontmatter
from plansite.dates import PartialDate
from plansite.errors import Report

PATH = Path("plans/sundhedsplejen/2016.md")


def parse(text: str):
    report = Report()
    return frontmatter.parse(PATH, text, report), report


def test_fields_are_documented_and_match_the_typed_result():
    names = [f.name for f in dataclasses.fields(frontmatter.FrontMatter)]
    assert [spec.name for spec in frontmatter.FIELDS] == names[: len(frontmatter.FIELDS)]
    assert all(spec.doc for spec in frontmatter.FIELDS)
    assert [s.name for s in frontmatter.FIELDS if s.required] == ["unit", "period", "title"]


def test_front_matter_reads_into_typed_values():
    meta, report = parse("unit: sundhedsplejen\nperiod: 2016-2017\ntitle: ' Plan '\n"
                         "kind: report\npublished: 2016-01-15\nsource: https://example.dk/p.pdf")
    assert report.problems == []
    assert (meta.unit, meta.period.key, meta.title, meta.kind) == (
        "sundhedsplejen", "2016-2017", "Plan", "report")
    assert meta.published == PartialDate(2016, 1, 15)
    assert meta.source == "https://example.dk/p.pdf"
    assert meta.line == 2  # the unit key, on the line after ---


def test_optional_keys_have_defaults():
    meta, _ = parse("unit: x\nperiod: 2016\ntitle: T")
    assert (meta.kind, meta.published, meta.source) == ("plan", None, "")


def test_every_problem_is_reported_on_its_line():
    meta, report = parse("unit: x\nperiod: 2016\ntitle: T\nkind: rapport\npublished: snart\n"
                         "source: ftp://x\ntitell: T")
    assert meta is not None  # placed (unit and period are fine), so its goals still link
    assert [(p.code, p.line) for p in report.errors] == [
        ("unknown-kind", 5), ("bad-date", 6), ("bad-source-url", 7), ("unknown-key", 8)]
    assert report.errors[-1].params["suggestion"] == "titel"


def test_danish_keys_are_the_keys_of_a_danish_site():
    meta, report = parse("enhed: x\nperiode: 2016\ntitel: T\ntype: report\n"
                         "offentliggjort: februar 2016\nkilde: https://example.dk/p.pdf")
    assert report.problems == []
    assert (meta.unit, meta.kind, meta.published) == ("x", "report", PartialDate(2016, 2))


def test_a_misspelt_required_key_is_one_problem_not_two():
    _, report = parse("enhed: x\nperiode: 2016\ntittel: T")
    assert [(p.code, p.line, p.params["suggestion"]) for p in report.errors] == [
        ("unknown-key", 4, "titel")]


def test_an_unplaceable_head_gives_no_plan():
    meta, report = parse("enhed: x\nperiode: snart\ntitel: T")
    assert meta is None
    assert [p.code for p in report.errors] == ["bad-period"]


def test_missing_keys_are_all_named():
    _, report = parse("kind: plan")
    assert sorted((p.code, p.params["key"]) for p in report.errors) == [
        ("missing-key", "enhed"), ("missing-key", "periode"), ("missing-key", "titel")]
    assert {p.line for p in report.errors} == {2}


def test_bad_period_is_reported_beside_a_missing_key():
    _, report = parse("period: næste år\ntitle: T")
    assert sorted(p.code for p in report.errors) == ["bad-period", "missing-key"]


def test_front_matter_must_be_a_mapping():
    _, report = parse("- a\n- b")
    assert [(p.code, p.line) for p in report.errors] == [("front-matter-not-mapping", 2)]


def test_a_date_that_does_not_exist_is_a_problem_not_a_crash():
    _, report = parse("unit: x\nperiod: 2016\ntitle: T\npublished: 2016-13-01")
    [problem] = report.errors
    assert (problem.code, problem.line) == ("bad-date", 5)


def test_the_kind_can_be_written_in_danish():
    for word, kind in (("årsberetning", "report"), ("Virksomhedsplan", "plan"),
                       ("report", "report")):
        meta, report = parse(f"enhed: x\nperiode: 2016\ntitel: T\ntype: {word}")
        assert (meta.kind, report.problems) == (kind, [])
