from plansite.dates import PartialDate, Period, parse_date, parse_period


def test_period_accepts_year_span_and_slash_form():
    assert parse_period(2012) == Period(2012, 2012)
    assert parse_period("2016-2017").key == "2016-2017"
    assert parse_period("2016/2017").key == "2016-2017"
    assert parse_period("2016/17").key == "2016-2017"


def test_period_rejects_nonsense():
    assert parse_period("sidste år") is None
    assert parse_period("2017-2016") is None
    assert parse_period("1850") is None


def test_dates_as_plans_write_them():
    assert parse_date("Maj 2010") == PartialDate(2010, 5)
    assert parse_date("januar 2012").iso == "2012-01"
    assert parse_date("15. januar 2016").iso == "2016-01-15"
    assert parse_date("2016-01-15").iso == "2016-01-15"
    assert parse_date("medio 2016") == PartialDate(2016, qualifier="medio")
    assert parse_date("2015").iso == "2015"


def test_unreadable_dates_are_none():
    assert parse_date("snart") is None
    assert parse_date("31. februar 2016") is None
    assert parse_date("13-2016") is None


def test_qualified_dates_sort_within_the_year():
    assert parse_date("primo 2016").sort_key < parse_date("maj 2016").sort_key
    assert parse_date("maj 2016").sort_key < parse_date("ultimo 2016").sort_key
