import datetime as dt

from plansite.config import DEFAULT_STATUSES
from plansite.dates import parse_date
from plansite.i18n import Catalogue, _load


def test_danish_dates_and_numbers():
    da = Catalogue("da", DEFAULT_STATUSES)
    assert da.date(dt.date(2026, 11, 24)) == "24. november 2026"
    assert da.date(parse_date("maj 2010")) == "maj 2010"
    assert da.date(parse_date("medio 2016")) == "medio 2016"
    assert da.number(1956.8) == "1.956,8"
    assert da.number(4.45) == "4,45"


def test_english_dates_and_numbers():
    en = Catalogue("en", DEFAULT_STATUSES)
    assert en.date(dt.date(2026, 11, 24)) == "November 24, 2026"
    assert en.number(1956.8) == "1,956.8"
    assert en.status("partly") == "Partly achieved"


def test_status_labels_follow_the_glossary():
    da = Catalogue("da", DEFAULT_STATUSES)
    assert [da.status(s.key) for s in DEFAULT_STATUSES] == [
        "Opfyldt", "Delvist opfyldt", "Ikke opfyldt", "I gang", "Videreført", "Udgået",
        "Ikke vurderet"]


def test_catalogues_have_the_same_keys():
    assert set(_load("da")) == set(_load("en"))
