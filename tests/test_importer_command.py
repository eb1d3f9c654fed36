"""`build.py import`: writes the sources through the writer, refuses to overwrite, adds the
unit and the shared themes to the site's files without touching what is there, prints a
report, and re-imports byte for byte."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT
from tests.test_importer_support import FIXTURES, UNITS_YAML, builds, run, site

PLAN = FIXTURES / "virksomhedsplan.md"


def _files(content):
    return {path.relative_to(content): path.read_bytes()
            for path in sorted(content.rglob("*")) if path.is_file()}


def test_import_writes_the_plan_and_the_earlier_plan_and_builds(tmp_path, capsys):
    content = site(tmp_path)
    assert run(content, PLAN, "boern-unge") == 0
    out = capsys.readouterr().out
    plans = content / "plans" / "boern-unge"
    assert sorted(path.name for path in plans.iterdir()) == ["2017.md", "2018-2019.md"]
    text = (plans / "2018-2019.md").read_text("utf-8")
    assert text.startswith("---\nenhed: boern-unge\nperiode: 2018-2019\n"
                           "titel: Virksomhedsplan for Børn & Unge 2018-2019\n---\n")
    assert "## Trygge børn\nid: trygge-boern\ntema: trygge-boern\n" in text
    assert builds(content, tmp_path) == 10
    for line in ("Periode: 2018-2019 (fra titlen \"VIRKSOMHEDSPLAN FOR BØRN & UNGE 2018-2019\")",
                 "  Trygge børn: 2 mål (linje 39)",
                 "  I alt 5 mål i 3 indsatsområder.",
                 "Opfølgninger: 6 (opfyldt: 2, ikke vurderet: 1, videreført: 1, udgået: 1, "
                 "delvist opfyldt: 1)",
                 "Daterede opfølgninger: 2",
                 "  linje 118 → målet på linje 106",
                 "  linje 13: \"Indhold Indledning ..... 3\" (indholdsfortegnelse)",
                 "  linje 124: \"OM PLANEN\" (efter det sidste mål)",
                 "  linje 126: \"Planen er vedtaget af udvalget. Spørgsmål til planen kan "
                 "stilles til …\" (efter det sidste mål)",
                 "Resultatet bygger uden fejl (0 advarsler)."):
        assert line in out.splitlines(), line
    assert out.rstrip().splitlines()[-1].startswith(
        f"Næste skridt: Åbn {plans / '2018-2019.md'} og sammenlign med dokumentet.")


def test_an_unknown_unit_is_added_to_units_yaml_with_its_comments_kept(tmp_path, capsys):
    content = site(tmp_path)
    assert run(content, PLAN, "boern-unge") == 0
    assert (content / "units.yaml").read_text("utf-8") == UNITS_YAML + (
        "\nboern-unge:\n  name: Børn & Unge\n  level: department\n")
    assert "Enhed: boern-unge er ny og tilføjes i units.yaml med navnet \"Børn & Unge\"" \
        in capsys.readouterr().out


def test_a_known_unit_keeps_its_name_and_units_yaml_is_untouched(tmp_path):
    units = UNITS_YAML + "boern-unge:\n  name: Afdelingen for Børn og Unge\n  parent: fbf\n"
    content = site(tmp_path, units)
    assert run(content, PLAN, "boern-unge") == 0
    assert (content / "units.yaml").read_text("utf-8") == units


def test_shared_themes_join_priorities_yaml_and_known_ones_keep_their_key(tmp_path):
    content = site(tmp_path)
    themes = "# Temaer\ntrygge-opvaekst:\n  navn: Trygge børn\n"
    (content / "priorities.yaml").write_text(themes, encoding="utf-8")
    assert run(content, PLAN, "boern-unge") == 0
    assert (content / "priorities.yaml").read_text("utf-8") == themes + (
        "\nstaerke-familier:\n  navn: Stærke familier\n  fastsat-af: Direktionen\n"
        "  perioder: [2018-2019]\n")
    text = (content / "plans/boern-unge/2018-2019.md").read_text("utf-8")
    assert "id: trygge-boern\ntema: trygge-opvaekst\n" in text
    assert builds(content, tmp_path) == 10


def test_an_existing_plan_is_not_overwritten_without_force(tmp_path, capsys):
    content = site(tmp_path)
    assert run(content, PLAN, "boern-unge") == 0
    target = content / "plans/boern-unge/2018-2019.md"
    target.write_text(target.read_text("utf-8").replace("Trygge børn", "Rettet"), "utf-8")
    edited = _files(content)
    capsys.readouterr()
    assert run(content, PLAN, "boern-unge") == 1
    assert capsys.readouterr().err.strip() == (
        f"Der findes allerede en plan: {target}. Den bliver ikke overskrevet. Brug --force "
        "for at erstatte den, eller --dry-run for at se, hvad der ville blive skrevet.")
    assert _files(content) == edited
    assert run(content, PLAN, "boern-unge", "--force") == 0
    assert "Rettet" not in target.read_text("utf-8")


def test_a_plan_of_the_same_period_under_another_name_counts_as_existing(tmp_path, capsys):
    content = site(tmp_path, UNITS_YAML + "boern-unge:\n  name: Børn & Unge\n")
    other = content / "plans/boern-unge/plan-2017.md"
    other.parent.mkdir(parents=True)
    other.write_text("---\nenhed: boern-unge\nperiode: 2017\ntitel: Gammel\n---\n\n"
                     "## A\nid: a\n\n### B\nid: b\n\nTekst.\n", "utf-8")
    assert run(content, PLAN, "boern-unge") == 1
    assert f"Der findes allerede en plan: {other}." in capsys.readouterr().err
    assert run(content, PLAN, "boern-unge", "--force") == 0
    assert not (content / "plans/boern-unge/2017.md").exists()
    assert "titel: Virksomhedsplan for Børn & Unge 2017" in other.read_text("utf-8")


def test_dry_run_prints_what_it_would_write_and_writes_nothing(tmp_path, capsys):
    content = site(tmp_path)
    before = _files(content)
    assert run(content, PLAN, "boern-unge", "--dry-run") == 0
    out = capsys.readouterr().out
    assert _files(content) == before
    assert f"----- {content / 'plans/boern-unge/2018-2019.md'} -----\n---\nenhed: boern-unge" in out
    assert f"----- {content / 'units.yaml'} -----" in out
    assert out.rstrip().endswith("Prøvekørsel (--dry-run): intet er skrevet.")


def test_a_reimport_gives_the_same_files_byte_for_byte(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first, second = site(tmp_path / "a"), site(tmp_path / "b")
    for content in (first, second):
        for name, unit in (("virksomhedsplan.md", "boern-unge"),
                           ("maal-og-strategier.txt", "dagtilbud"),
                           ("aarsberetning.md", "kultur-fritid")):
            assert run(content, FIXTURES / name, unit) == 0
    assert run(second, FIXTURES / "virksomhedsplan.md", "boern-unge", "--force") == 0
    assert _files(first) == _files(second)


def test_the_period_can_be_given(tmp_path):
    content = site(tmp_path)
    assert run(content, FIXTURES / "maal-og-strategier.txt", "dagtilbud", "--period",
               "2019/2020") == 0
    assert (content / "plans/dagtilbud/2019-2020.md").is_file()


def test_an_english_site_gets_english_keys_and_status_words(tmp_path):
    content = site(tmp_path, site_yaml="title: Plans\npublisher: Town\nlanguage: en\n")
    assert run(content, PLAN, "children") == 0
    text = (content / "plans/children/2018-2019.md").read_text("utf-8")
    assert text.startswith("---\nunit: children\nperiod: 2018-2019\n")
    assert "goal: 2017/oekonomistyring\nstatus: continued\ndate: januar 2018\n" in text
    assert "Status set by the import from the text" in text
    assert builds(content, tmp_path) == 10


def test_problems_are_plain_danish_sentences_not_tracebacks(tmp_path):
    content = site(tmp_path)
    odd = tmp_path / "plan.odt"
    odd.write_bytes(b"PK")
    cases = [([str(odd), "--unit", "enhed"], "kan ikke importere filer af typen '.odt'"),
             ([str(PLAN), "--unit", "Børn og unge"],
              "'Børn og unge' kan ikke bruges som enhedens nøgle"),
             ([str(PLAN), "--unit", "enhed", "--period", "snart"], "'snart' er ikke en periode"),
             ([str(tmp_path / "nej.pdf"), "--unit", "enhed"], "findes ikke")]
    for args, message in cases:
        result = subprocess.run([sys.executable, "build.py", "import", "--content", str(content),
                                 *args], cwd=ROOT, capture_output=True, text=True)
        assert result.returncode == 1, args
        assert message in result.stderr and "Traceback" not in result.stderr, result.stderr
    assert not (content / "plans").exists()


def test_a_site_with_errors_is_fixed_first(tmp_path, capsys):
    content = site(tmp_path, "boern-unge:\n  name: [\n")
    assert run(content, PLAN, "boern-unge") == 1
    assert "kan ikke læses uden fejl" in capsys.readouterr().err
