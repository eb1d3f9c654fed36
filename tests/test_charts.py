"""Charts (plansite/charts.py): status bars and indicator charts, pure and byte-stable."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from plansite.charts import (
    axis,
    indicator_chart,
    indicator_sentence,
    parse_target,
    status_chart,
    status_sentence,
    target_text,
    value_text,
)
from plansite.config import DEFAULT_STATUSES
from plansite.i18n import Catalogue
from plansite.model import Indicator
from plansite.pipeline import build
from tests.conftest import DEMO, ROOT

DA = Catalogue("da", DEFAULT_STATUSES)
EN = Catalogue("en", DEFAULT_STATUSES)
STYLE = ROOT / "themes" / "default" / "static" / "style.css"

SICK_LEAVE = Indicator("Sygefravær", "%", 4.26, 2013, "højst 4,26",
                       ((2013, 4.26), (2014, 4.45)))


def _svg(markup: str) -> ET.Element:
    """The SVG parsed as XML: it must be well formed."""
    return ET.fromstring(markup)


# --- the status bar ------------------------------------------------------------------------

def test_segments_are_proportional_and_fill_the_bar_exactly():
    chart = status_chart((("achieved", 12), ("partly", 5), ("not-achieved", 1), (None, 10)), DA)
    assert chart.total == 28
    assert [s.count for s in chart.segments] == [12, 5, 1, 10]
    assert sum(s.width for s in chart.segments) == 100_000
    for before, after in zip(chart.segments, chart.segments[1:], strict=False):
        assert before.start + before.width == after.start  # no gaps, no overlaps
    assert chart.segments[0].width == 42_857  # 12/28 = 42.857 %
    rects = _svg(chart.svg).findall("rect")
    assert [r.get("width") for r in rects] == ["42.857%", "17.857%", "3.572%", "35.714%"]
    assert [r.get("x") for r in rects] == ["0.000%", "42.857%", "60.714%", "64.286%"]


def test_segments_carry_their_status_class_and_count_when_it_fits():
    chart = status_chart((("achieved", 12), ("not-achieved", 1), (None, 27)), DA)
    root = _svg(chart.svg)
    assert [r.get("class") for r in root.findall("rect")] == [
        "chart-seg chart-seg-achieved", "chart-seg chart-seg-not-achieved",
        "chart-seg chart-seg-none"]
    # 1 of 40 is 2.5 %: too narrow for its count on a phone; the table beside says it
    assert [t.text for t in root.findall("text")] == ["12", "27"]
    assert [s.labelled for s in chart.segments] == [True, False, True]
    assert [s.label for s in chart.segments] == ["Opfyldt", "Ikke opfyldt", "Ikke fulgt op endnu"]


def test_the_text_equivalent_is_one_sentence_with_every_count():
    totals = (("achieved", 12), ("partly", 5), ("not-achieved", 1), (None, 10))
    assert status_sentence(totals, DA) == (
        "12 af 28 mål er opfyldt, 5 er delvist opfyldt, 1 er ikke opfyldt og 10 er ikke "
        "fulgt op endnu.")
    assert status_sentence(totals, EN) == (
        "12 of 28 goals are achieved, 5 are partly achieved, 1 is not achieved and 10 are "
        "not followed up yet.")


def test_counts_and_shares_are_in_danish_format():
    chart = status_chart((("achieved", 1234), ("partly", 766)), DA)
    assert chart.sentence.startswith("1.234 af 2.000 mål er opfyldt")
    assert [s.share for s in chart.segments] == ["62 %", "38 %"]
    assert [t.text for t in _svg(chart.svg).findall("text")] == ["1.234", "766"]
    assert [s.share for s in status_chart((("achieved", 1),), EN).segments] == ["100%"]


def test_zero_totals_give_a_sentence_and_no_bar():
    for totals in ((), (("achieved", 0),)):
        chart = status_chart(totals, DA)
        assert chart.total == 0
        assert chart.segments == ()
        assert str(chart.svg) == ""
        assert chart.sentence == "Der er ingen mål endnu."
    assert status_chart((), EN).sentence == "There are no goals yet."


def test_one_status_only_fills_the_whole_bar():
    chart = status_chart(((None, 7),), DA)
    assert chart.sentence == "7 af 7 mål er ikke fulgt op endnu."
    (segment,) = chart.segments
    assert (segment.start, segment.width, segment.share) == (0, 100_000, "100 %")
    assert status_sentence((("achieved", 1),), DA) == "Det ene mål er opfyldt."
    assert status_sentence((("achieved", 1),), EN) == "The one goal is achieved."


def test_many_statuses_each_get_a_segment_in_vocabulary_order():
    totals = tuple((s.key, i + 1) for i, s in enumerate(DEFAULT_STATUSES)) + ((None, 3),)
    chart = status_chart(totals, DA)
    assert [s.key for s in chart.segments] == [*(s.key for s in DEFAULT_STATUSES), None]
    assert sum(s.width for s in chart.segments) == 100_000
    assert chart.sentence.count(",") == len(totals) - 2 and " og " in chart.sentence
    assert chart.sentence.endswith("og 3 er ikke fulgt op endnu.")


def test_the_bar_is_hidden_from_assistive_technology_and_has_no_style_attribute():
    chart = status_chart((("achieved", 3), ("partly", 2)), DA)
    root = _svg(chart.svg)
    assert root.get("aria-hidden") == "true"
    assert "style=" not in chart.svg  # the CSP allows no inline style


def test_labels_are_escaped():
    statuses = (DEFAULT_STATUSES[0].__class__("x<y", {"da": "A & <b>"}),)
    chart = status_chart((("x<y", 2),), Catalogue("da", statuses))
    assert chart.sentence == "2 af 2 mål er a & <b>."  # plain text: Jinja escapes it
    assert "x<y" not in str(chart.svg) and "x&lt;y" in str(chart.svg)
    _svg(chart.svg)


def test_same_totals_give_the_same_bytes():
    totals = (("achieved", 1), ("partly", 2), ("not-achieved", 3), (None, 1))
    assert str(status_chart(totals, DA).svg) == str(status_chart(totals, DA).svg)
    assert not re.search(r"\d\.\d{4,}|e-\d", str(status_chart(totals, DA).svg))


# --- indicators ------------------------------------------------------------------------------

@pytest.mark.parametrize(("written", "number"), [
    ("højst 4,26", 4.26), ("mindst 1.000 borgere", 1000.0), ("under 5 %", 5.0),
    ("4.5", 4.5), ("−2,5", -2.5), ("i 2016 højst 4", 4.0), ("2016", 2016.0),
    ("ingen stigning", None), ("", None),
])
def test_a_number_is_parsed_out_of_the_target(written, number):
    assert parse_target(written) == number


def test_values_are_danish_with_their_unit():
    assert value_text(4.45, "%", DA) == "4,45 %"
    assert value_text(1956.8, "mio. kr.", DA) == "1.956,8 mio. kr."
    assert value_text(96, "antal", DA) == "96"
    assert value_text(4.45, "%", EN) == "4.45 %"
    assert target_text(SICK_LEAVE) == "højst 4,26 %"
    assert target_text(Indicator("x", "%", target="højst 4,26 %")) == "højst 4,26 %"


def test_one_or_two_values_are_bars_more_are_a_line():
    chart = indicator_chart(SICK_LEAVE, DA)
    assert chart is not None and chart.kind == "bar" and chart.target == 4.26
    root = _svg(chart.svg)
    assert len(root.findall("rect[@class='chart-value']")) == 2
    line = Indicator("Ventetid", "dage", values=((2012, 30), (2013, 25), (2014, 21.5)))
    chart = indicator_chart(line, DA)
    assert chart is not None and chart.kind == "line" and chart.target is None
    root = _svg(chart.svg)
    assert len(root.findall("polyline")) == 1 and len(root.findall("circle")) == 3
    assert not root.findall("line[@class='chart-target']")
    assert indicator_chart(Indicator("Tom"), DA) is None


def test_the_target_is_a_dashed_line_named_in_text_with_danish_axis_labels():
    root = _svg(indicator_chart(SICK_LEAVE, DA).svg)
    texts = [t.text for t in root.findall("text")]
    assert {"0 %", "2 %", "4 %", "6 %", "2013", "2014", "4,26 %", "4,45 %"} <= set(texts)
    assert "Mål: højst 4,26 %" in texts
    assert "Udgangspunkt (2013): 4,26 %" in texts
    targets = root.findall("line[@class='chart-target']")
    assert len(targets) == 2  # across the plot, and its sample in the legend
    assert targets[0].get("y1") == targets[0].get("y2")
    assert root.get("aria-hidden") == "true"
    assert "style=" not in str(indicator_chart(SICK_LEAVE, DA).svg)


def test_the_indicator_sentence_says_every_value():
    assert indicator_sentence(SICK_LEAVE, DA) == (
        "Sygefravær: 4,26 % i 2013 og 4,45 % i 2014. Udgangspunktet var 4,26 % i 2013. "
        "Målet er højst 4,26 %.")
    assert indicator_sentence(SICK_LEAVE, EN).startswith(
        "Sygefravær: 4.26 % in 2013 and 4.45 % in 2014.")


def test_the_value_axis_starts_at_zero_and_has_round_ticks():
    low, high, ticks = axis([4.26, 4.45])
    assert (low, high) == (0, 6) and [str(t) for t in ticks] == ["0", "2", "4", "6"]
    low, high, ticks = axis([-3.0, 12.0])
    assert low <= -3 and high >= 12 and len(ticks) <= 8
    assert axis([0.0])[1] > 0


def test_indicator_charts_are_byte_stable():
    values = tuple((2000 + i, 0.1 * i + 1 / 3) for i in range(12))
    indicator = Indicator("x", "%", baseline=0.2, target="højst 0,7", values=values)
    first, second = indicator_chart(indicator, DA), indicator_chart(indicator, DA)
    assert first is not None and second is not None
    assert str(first.svg) == str(second.svg)
    assert not re.search(r"\d\.\d{2,}", re.sub(r">[^<]*<", "><", str(first.svg)))


# --- colours ----------------------------------------------------------------------------------

def _variables() -> dict[str, str]:
    root = STYLE.read_text(encoding="utf-8").split("}", 1)[0]
    return dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})", root))


def _luminance(colour: str) -> float:
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("status", ["ok", "part", "bad", "run", "cont", "gone"])
def test_status_colours_pass_contrast(status):
    colours = _variables()
    edge, fill, page = colours[f"{status}-text"], colours[status], colours["bg"]
    assert contrast(edge, page) >= 3, "a segment's outline against the page (graphics, 3:1)"
    assert contrast(edge, fill) >= 3, "a segment's outline against its fill"
    assert contrast(edge, fill) >= 4.5, "the count inside a segment (text, 4.5:1)"


def test_the_white_statuses_pass_contrast_through_their_outline_and_text():
    colours = _variables()
    assert contrast(colours["open-line"], colours["open"]) >= 3
    assert contrast(colours["open-text"], colours["open"]) >= 4.5


def _rule(css: str, selector: str) -> str:
    found = re.search(re.escape(selector) + r"\s*\{([^}]*)\}", css)
    assert found, f"no rule of its own for {selector}"
    return " ".join(found.group(1).split())


def test_every_default_status_looks_different_in_a_bar_and_as_a_tag():
    css = STYLE.read_text(encoding="utf-8")
    for prefix in (".chart-seg-", ".status-"):
        looks = {status.key: _rule(css, prefix + status.key) for status in DEFAULT_STATUSES}
        looks["none"] = _rule(css, prefix + "none")
        assert len(set(looks.values())) == len(looks), looks


def test_indicator_colours_pass_contrast():
    colours = _variables()
    page = colours["bg"]
    for graphic in ("link", "bad-text", "muted"):  # bars and line, target, baseline and axis
        assert contrast(colours[graphic], page) >= 3
    for text in ("text", "muted"):  # labels, ticks and legend
        assert contrast(colours[text], page) >= 4.5


def test_every_chart_class_has_a_rule_in_the_stylesheet():
    css = STYLE.read_text(encoding="utf-8")
    for name in ("chart-bar", "chart-seg", "chart-count", "chart-value", "chart-line",
                 "chart-point", "chart-target", "chart-baseline", "chart-grid", "chart-axis",
                 "chart-tick", "chart-label", "chart-legend", "indicator-chart"):
        assert f".{name} " in css or f".{name}," in css, name
    for status in DEFAULT_STATUSES:
        assert f".chart-seg-{status.key}" in css and f".chart-count-{status.key}" in css


# --- on the built pages -----------------------------------------------------------------------

@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("charts") / "site"
    build(DEMO, out)
    return out


def _page(out: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((out / url.strip("/") / "index.html").read_text("utf-8"), "html.parser")


@pytest.mark.parametrize("url", ["/", "/fbf/", "/social-familie/", "/periode/2014/",
                                 "/fbf/2014/"])
def test_pages_show_a_status_chart_with_its_sentence_and_table(demo, url):
    page = _page(demo, url)
    chart = page.select_one("div.status-chart")
    assert chart is not None, url
    assert re.match(r"\d+ af \d+ mål er ", chart.select_one("p.chart-summary").get_text())
    svg = chart.find("svg")
    assert svg["aria-hidden"] == "true" and svg.find("rect") is not None
    table = chart.find("table")
    assert table.caption.get_text(strip=True)
    assert {th["scope"] for th in table.find_all("th")} == {"col", "row"}
    counts = [int(td.get_text().replace(".", "")) for td in table.select("tbody td.num")[::2]]
    assert sum(counts) == int(table.select_one("tfoot td.num").get_text().replace(".", ""))


def test_the_key_under_each_bar_matches_the_table(demo):
    chart = _page(demo, "/").select_one("div.status-chart")
    key = chart.select_one("ul.chart-key")
    assert key["aria-hidden"] == "true"  # the sentence and table already say it
    items = [" ".join(li.get_text(" ").split()) for li in key.find_all("li")]
    rows = [" ".join(f"{tr.th.get_text(' ').strip()}: {tr.td.get_text()}".split())
            for tr in chart.select("table tbody tr")]
    assert items == rows
    for li, rect in zip(key.find_all("li"), chart.select("svg.chart-bar rect"), strict=True):
        assert li.rect["class"] == rect["class"]  # the swatch is drawn like its segment


def test_the_sick_leave_goal_shows_its_indicator_chart_beside_the_table(demo):
    page = _page(demo, "/fbf/2014/sygefravaer/")
    box = page.select_one(".indicator-data")
    figure = box.select_one("figure.indicator-figure")
    assert figure.find("svg")["aria-hidden"] == "true"
    assert "4,45 % i 2014" in figure.figcaption.get_text()
    assert "Målet er højst 4,26 %" in figure.figcaption.get_text()
    rows = [[c.get_text() for c in tr.find_all(["th", "td"])] for tr in box.select("tbody tr")]
    assert rows == [["2013", "4,26"], ["2014", "4,45"]]


def test_no_page_has_a_style_attribute(demo):
    for path in demo.rglob("*.html"):
        assert " style=" not in path.read_text("utf-8"), path
