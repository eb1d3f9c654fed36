"""Status words: in a Danish site editors write the status in Danish.

`status: delvist opfyldt` (or `Delvist opfyldt`, `delvist-opfyldt`) means the
status whose key is `partly`; the English keys keep working. site.yaml may give
a status further words (`words:` or `ord:`); a word can mean one status only.
The site stores and publishes the key (goals.json keeps `partly`).
"""

from __future__ import annotations

import json

import pytest

from plansite import statuses
from plansite.config import DEFAULT_STATUSES
from plansite.diagnostics import human
from plansite.model import Status
from plansite.pipeline import build, load
from tests.conftest import PLAN_2015, PLAN_2016, make_content

DANISH_WORDS = [
    ("opfyldt", "achieved"), ("Opfyldt", "achieved"),
    ("delvist opfyldt", "partly"), ("Delvist opfyldt", "partly"),
    ("delvist-opfyldt", "partly"), ("DELVIST_OPFYLDT", "partly"),
    ("ikke opfyldt", "not-achieved"), ("Ikke-opfyldt", "not-achieved"),
    ("i gang", "in-progress"), ("I gang", "in-progress"), ("i-gang", "in-progress"),
    ("videreført", "continued"), ("Videreført", "continued"), ("viderefoert", "continued"),
    ("udgået", "dropped"), ("udgaaet", "dropped"),
    ("ikke vurderet", "not-assessed"), ("Ikke  vurderet", "not-assessed"),
]
ENGLISH_WORDS = [
    ("achieved", "achieved"), ("partly", "partly"), ("not-achieved", "not-achieved"),
    ("in-progress", "in-progress"), ("in_progress", "in-progress"), ("continued", "continued"),
    ("dropped", "dropped"), ("not-assessed", "not-assessed"), ("Partly achieved", "partly"),
    ("Not yet assessed", "not-assessed"),
]


@pytest.mark.parametrize(("written", "key"), DANISH_WORDS + ENGLISH_WORDS)
def test_every_way_editors_write_a_status_means_its_key(written, key):
    assert statuses.resolve(written, DEFAULT_STATUSES) == key


@pytest.mark.parametrize("written", ["ok", "færdig", "opfyld", "delvist", ""])
def test_a_word_no_status_has_means_nothing(written):
    assert statuses.resolve(written, DEFAULT_STATUSES) is None


@pytest.mark.parametrize(("written", "danish", "english"), [
    ("opfyld", "opfyldt", "achieved"),
    ("acheived", "opfyldt", "achieved"),
    ("delvis opfyldt", "delvist opfyldt", "partly"),
    ("viderefort", "videreført", "continued"),
    ("ikke-vurderet!", "ikke vurderet", "not-assessed"),
])
def test_a_misspelt_status_is_answered_in_the_sites_language(written, danish, english):
    assert statuses.suggest_word(written, DEFAULT_STATUSES, "da") == danish
    assert statuses.suggest_word(written, DEFAULT_STATUSES, "en") == english


def test_a_word_far_from_every_status_gets_no_suggestion():
    assert statuses.suggest_word("færdig", DEFAULT_STATUSES, "da") == ""


def test_the_writer_writes_the_danish_label_in_lower_case_and_the_english_key():
    assert statuses.word("not-assessed", DEFAULT_STATUSES, "da") == "ikke vurderet"
    assert statuses.word("partly", DEFAULT_STATUSES, "da") == "delvist opfyldt"
    assert statuses.word("continued", DEFAULT_STATUSES, "en") == "continued"
    assert statuses.words(DEFAULT_STATUSES, "da") == [
        "opfyldt", "delvist opfyldt", "ikke opfyldt", "i gang", "videreført", "udgået",
        "ikke vurderet"]
    assert statuses.words(DEFAULT_STATUSES, "en") == [
        "achieved", "partly", "not-achieved", "in-progress", "continued", "dropped",
        "not-assessed"]


@pytest.mark.parametrize("language", ["da", "en"])
def test_what_the_writer_writes_reads_back_as_the_same_status(language):
    for status in DEFAULT_STATUSES:
        written = statuses.word(status.key, DEFAULT_STATUSES, language)
        assert statuses.resolve(written, DEFAULT_STATUSES) == status.key


def test_a_changed_vocabulary_is_indexed_anew():
    first = (Status("done", {"da": "Færdig", "en": "Done"}),)
    second = (Status("done", {"da": "Klaret", "en": "Done"}),)
    assert statuses.resolve("færdig", first) == "done"
    assert statuses.resolve("færdig", second) is None
    assert statuses.resolve("klaret", second) == "done"


# In the sources and the published data


def test_danish_status_words_in_a_source_publish_the_keys(tmp_path):
    follow_up = PLAN_2016.replace("status: achieved", "status: Delvist opfyldt")
    content = make_content(tmp_path, {"s/2015.md": PLAN_2015, "s/2016.md": follow_up})
    build(content, tmp_path / "site")
    [goal] = [g for g in json.loads((tmp_path / "site/data/goals.json").read_text("utf-8"))
              ["goals"] if g["id"] == "sundhedsplejen/2015/hjemmebesoeg"]
    assert goal["status"] == "partly"


def test_unknown_status_suggests_and_lists_the_danish_words(tmp_path):
    follow_up = PLAN_2016.replace("status: achieved", "status: opfyld")
    loaded = load(make_content(tmp_path, {"s/2015.md": PLAN_2015, "s/2016.md": follow_up}))
    [problem] = loaded.report.errors
    assert (problem.code, problem.line) == ("unknown-status", 19)
    text = human(problem, loaded.catalogue)
    assert "Mente du 'opfyldt'?" in text
    assert ("opfyldt, delvist opfyldt, ikke opfyldt, i gang, videreført, udgået, "
            "ikke vurderet") in text
    assert "achieved" not in text


def test_an_english_site_lists_the_english_keys(tmp_path):
    site = "title: Plans\npublisher: Test\nlanguage: en\n"
    follow_up = PLAN_2016.replace("status: achieved", "status: acheived")
    loaded = load(make_content(tmp_path, {"s/2015.md": PLAN_2015, "s/2016.md": follow_up},
                               site=site))
    [problem] = loaded.report.errors
    text = human(problem, loaded.catalogue)
    assert "Did you mean 'achieved'?" in text
    assert "achieved, partly, not-achieved, in-progress, continued, dropped, not-assessed" \
        in text


# site.yaml: a site's own words

SITE_WITH_WORDS = """\
title: Testplaner
publisher: Testkommune
statuses:
  - key: achieved
    da: Opfyldt
    en: Achieved
    words: [nået, gennemført]
  - key: in-progress
    da: I gang
    en: In progress
    ord: [påbegyndt]
"""


@pytest.mark.parametrize(("written", "key"), [
    ("nået", "achieved"), ("Gennemført", "achieved"), ("påbegyndt", "in-progress"),
    ("opfyldt", "achieved"), ("i gang", "in-progress")])
def test_site_yaml_gives_a_status_more_words(tmp_path, written, key):
    follow_up = PLAN_2016.replace("status: achieved", f"status: {written}")
    loaded = load(make_content(tmp_path, {"s/2015.md": PLAN_2015, "s/2016.md": follow_up},
                               site=SITE_WITH_WORDS))
    assert loaded.report.errors == []
    assert loaded.site.status_of("sundhedsplejen/2015/hjemmebesoeg") == key


def test_two_statuses_cannot_share_a_word(tmp_path):
    site = SITE_WITH_WORDS.replace("ord: [påbegyndt]", "ord: [påbegyndt, Nået]")
    loaded = load(make_content(tmp_path, {}, site=site))
    [problem] = loaded.report.errors
    assert (problem.code, problem.path.name, problem.line) == ("status-word-taken",
                                                               "site.yaml", 11)
    assert "'Nået'" in human(problem, loaded.catalogue)
    assert "achieved" in human(problem, loaded.catalogue)


def test_a_word_cannot_be_another_statuss_label(tmp_path):
    site = SITE_WITH_WORDS.replace("ord: [påbegyndt]", "ord: [opfyldt]")
    [problem] = load(make_content(tmp_path, {}, site=site)).report.errors
    assert (problem.code, problem.line) == ("status-word-taken", 11)


def test_words_must_be_a_list_of_words(tmp_path):
    site = SITE_WITH_WORDS.replace("words: [nået, gennemført]", "words: {a: b}")
    [problem] = load(make_content(tmp_path, {}, site=site)).report.errors
    assert (problem.code, problem.line) == ("status-words-invalid", 7)


def test_one_extra_word_may_be_written_without_a_list(tmp_path):
    site = SITE_WITH_WORDS.replace("words: [nået, gennemført]", "words: nået")
    loaded = load(make_content(tmp_path, {}, site=site))
    assert loaded.report.errors == []
    assert statuses.resolve("Nået", loaded.site.config.statuses) == "achieved"
