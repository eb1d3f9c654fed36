"""Follow-up text → status by its phrases, with the phrase kept; ids and titles."""

from __future__ import annotations

import pytest

from plansite.config import DEFAULT_STATUSES
from plansite.importer.ids import Ids, title_of
from plansite.importer.status import decide
from plansite.model import Status


@pytest.mark.parametrize(("text", "status", "phrase"), [
    ("Alle er screenet. Målet er opfyldt.", "achieved", "Målet er opfyldt."),
    ("Målsætningen er således nået i 2018.", "achieved", "Målsætningen er således nået i 2018."),
    ("Halvdelen er på plads. Målet er delvist nået.", "partly", "Målet er delvist nået."),
    ("Sygefraværet steg fra 4,26 % til 4,45 %. Målet er således ikke opfyldt.", "not-achieved",
     "Målet er således ikke opfyldt."),
    ("Forvaltningen har ikke nået målsætningen.", "not-achieved",
     "Forvaltningen har ikke nået målsætningen."),
    ("Tilbuddene er justeret. Der arbejdes videre med målet i 2016-2017.", "continued",
     "Der arbejdes videre med målet i 2016-2017."),
    ("Målet kommer til at indgå i virksomhedsplanen for 2016-2017.", "continued",
     "Målet kommer til at indgå i virksomhedsplanen for 2016-2017."),
    ("Projektet udgår, fordi loven er ændret.", "dropped",
     "Projektet udgår, fordi loven er ændret."),
    ("Indsatsen bortfalder.", "dropped", "Indsatsen bortfalder."),
    ("Beskrivelsen er sendt ud.", "not-assessed", ""),
    ("Delvist opfyldt", "partly", "Delvist opfyldt"),
])
def test_a_phrase_decides_the_status_and_is_kept(text, status, phrase):
    decision = decide(text, DEFAULT_STATUSES)
    assert (decision.status, decision.phrase) == (status, phrase)


def test_a_site_vocabulary_without_a_status_falls_back_to_not_assessed():
    vocabulary = (Status("achieved", {"da": "Opfyldt"}),
                  Status("not-assessed", {"da": "Ikke vurderet"}))
    assert decide("Der arbejdes videre med målet.", vocabulary).status == "not-assessed"
    assert decide("Målet er opfyldt.", vocabulary).status == "achieved"


def test_ids_are_readable_ascii_slugs_unique_and_stable():
    def ids():
        taken = Ids()
        return [taken.take(title) for title in
                ("Økonomisk og faglig styring", "Åben rådgivning for unge i byen",
                 "Økonomisk og faglig styring", "At sikre, at børn får et godt liv")]
    assert ids() == ids() == ["oekonomisk-og-faglig-styring", "aaben-raadgivning-for-unge-i-byen",
                              "oekonomisk-og-faglig-styring-2", "sikre-at-boern-faar-et-godt-liv"]


@pytest.mark.parametrize(("text", "title"), [
    ("At opdatere Børne- og Ungepolitikken.", "Opdatere Børne- og Ungepolitikken"),
    ("To netværk er afsluttet. Begge tog udgangspunkt i sager.", "To netværk er afsluttet"),
    ("At andelen, der får en 9. klasses prøve, skal stige.",
     "Andelen, der får en 9. klasses prøve, skal stige"),
    ("styrke faglig udvikling", "Styrke faglig udvikling"),
])
def test_a_title_is_the_first_sentence(text, title):
    assert title_of(text) == title


def test_a_long_first_sentence_is_cut_at_a_word():
    title = title_of("Det skal undersøges og efterfølgende vurderes om de eksisterende boformer "
                     "vi har i kommunen matcher de behov som borgerne har nu og i fremtiden.")
    assert title.endswith(" …") and len(title) <= 80
