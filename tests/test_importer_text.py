"""Cleaning extracted text: glyphs, look-alike letters, HTML, broken words, labels, tables,
headings without markup, running headers and page numbers."""

from __future__ import annotations

import pytest

from plansite.importer import labels
from plansite.importer.blocks import build
from plansite.importer.document import FURNITURE, HEADING, ITEM, PARA, TABLE, TOC, Line, Where
from plansite.importer.text import clean_line, html_to_markdown, join, mend_broken_words


def _blocks(text: str, plain: bool | None = None):
    lines = [Line(line, Where(line=number)) for number, line in
             enumerate(text.split("\n"), start=1)]
    return build(lines, plain)


@pytest.mark.parametrize(("raw", "clean"), [
    ("❙  \ufffdAt styrke samarbejdet", "- At styrke samarbejdet"),
    ("\uf0b7 Første punkt", "- Første punkt"),
    ("• Andet punkt", "- Andet punkt"),
    ("ledерgruppen mødes", "ledergruppen mødes"),  # Cyrillic е and р inside a Danish word
    ("Social &amp; Familie", "Social & Familie"),
    ("<b>Indhold</b>", "**Indhold**"),
    ("Se <i>Signs of Safety</i> her", "Se *Signs of Safety* her"),
    ("**Opfølgning:****Maj 2010** Tekst", "**Opfølgning:** **Maj 2010** Tekst"),
    ("blød\u00adbindestreg og\u00a0hård plads", "blødbindestreg og hård plads"),
    ("e\ufb01nition", "efinition"),
])
def test_stray_glyphs_and_markup_are_cleaned(raw, clean):
    assert clean_line(raw) == clean


def test_html_lists_in_a_table_cell_keep_their_items():
    cell = html_to_markdown("<p>Fokus på:</p> <ul><li>- Ledelse</li><li>Trivsel</li></ul>")
    assert cell == "Fokus på:\n\n- Ledelse\n- Trivsel"


@pytest.mark.parametrize(("first", "second", "joined"), [
    ("i kom-", "munen er", "i kommunen er"),
    ("både børne-", "og ungeområdet", "både børne- og ungeområdet"),
    ("et nyt IT-", "system", "et nyt IT-system"),
    ("de 18-", "årige", "de 18-årige"),
    ("Slut.", "Ny sætning", "Slut. Ny sætning"),
])
def test_words_broken_at_the_end_of_a_line_are_mended(first, second, joined):
    assert join(first, second) == joined


def test_a_heading_broken_inside_a_line_is_mended():
    assert mend_broken_words("Familie- og Beskæftigelses- forvaltningen") == \
        "Familie- og Beskæftigelsesforvaltningen"


def test_a_word_broken_across_a_blank_line_and_a_page_break_is_one_word():
    blocks, _ = _blocks("- At opkvalificere medarbejdere på vok-\n\nsenområdet i kommunen.")
    assert [(b.kind, b.text) for b in blocks] == [
        (ITEM, "At opkvalificere medarbejdere på voksenområdet i kommunen.")]


def test_a_paragraph_cut_by_a_page_break_is_joined_again():
    blocks, _ = _blocks("# Plan 2018\n\nDet er et mål, at flere skal\n\n---\n\n"
                        "bo i egen bolig.\n\nNy sætning.")
    assert [b.text for b in blocks if b.kind == PARA] == [
        "Det er et mål, at flere skal bo i egen bolig.", "Ny sætning."]


def test_tables_as_tabs_pipes_and_html_become_tables():
    text = ("# Titel\n\nMålene i 2014 var:\tResultater\nAt lære.\tLært.\n\tMere.\n\n"
            "| Mål | Status |\n|---|---|\n| A \\| B | Opfyldt |\n\n"
            "<table><tr><td>Mål</td><td>Resultat</td></tr><tr><td><b>X</b></td>"
            "<td>Y</td></tr></table>")
    tables = [b.rows for b in _blocks(text)[0] if b.kind == TABLE]
    assert tables == [
        [["Målene i 2014 var:", "Resultater"], ["At lære.", "Lært."], ["", "Mere."]],
        [["Mål", "Status"], ["A | B", "Opfyldt"]],
        [["Mål", "Resultat"], ["**X**", "Y"]]]


def test_a_table_of_contents_is_recognised_not_read_as_content():
    text = "# Titel\n\n## Indhold\n\nIndledning ..... 3\n**Mål .....**\t**7**\n\nTekst."
    kinds = [(b.kind, b.text) for b in _blocks(text)[0]]
    assert kinds[1:4] == [(TOC, "Indhold"), (TOC, "Indledning ..... 3"), (TOC, "Mål ..... 7")]
    assert kinds[-1] == (PARA, "Tekst.")


def test_running_headers_and_page_numbers_are_furniture():
    page = "Tekst på siden, som er lang nok.\n\nKommunen · Plan 2018\n\n{n}\n\n"
    blocks, furniture = _blocks("".join(page.format(n=n) for n in (3, 4, 5)))
    assert [b.text for b in blocks] == ["Tekst på siden, som er lang nok."] * 3
    assert [f.text for f in furniture] == ["Kommunen · Plan 2018", "3"] * 1 + \
        ["Kommunen · Plan 2018", "4", "Kommunen · Plan 2018", "5"]
    assert all(f.kind == FURNITURE for f in furniture)


def test_headings_in_plain_text_are_found_by_their_shape():
    text = ("Rådgivning og familier\n\n"
            "Bedre rådgivning i \nlokalområderne\nRådgivningen vil flytte en del af \n"
            "sine samtaler ud i byen, så \nfamilierne ikke skal møde op.\n")
    blocks, _ = _blocks(text, plain=True)
    assert [(b.kind, b.level, b.text) for b in blocks] == [
        (HEADING, 2, "Rådgivning og familier"),
        (HEADING, 3, "Bedre rådgivning i lokalområderne"),
        (PARA, 0, "Rådgivningen vil flytte en del af sine samtaler ud i byen, så familierne "
                  "ikke skal møde op.")]


def test_a_bold_line_is_a_minor_heading_and_a_glued_heading_is_two():
    blocks, _ = _blocks("# T\n\n**Familiehuset**\n\nOpfyldelse af mål**Mål og krav**\n")
    assert [(b.kind, b.text) for b in blocks[1:]] == [
        (HEADING, "Familiehuset"), (HEADING, "Opfyldelse af mål"), (HEADING, "Mål og krav")]


def test_a_bold_label_in_the_middle_of_a_paragraph_starts_a_new_one():
    blocks, _ = _blocks("# T\n\nModellen udbredes til alle **Dokumentation:** En gang om måneden.")
    assert [b.text for b in blocks[1:]] == ["Modellen udbredes til alle",
                                            "**Dokumentation:** En gang om måneden."]


@pytest.mark.parametrize(("text", "kind", "title", "rest"), [
    ("**Mål:** Flere skal i job.", labels.GOAL, "", "Flere skal i job."),
    ("**Mål: Økonomistyring**", labels.GOAL, "Økonomistyring", ""),
    ("Dokumentation: Tælles hvert år.", labels.EVIDENCE, "", "Tælles hvert år."),
    ("**Status:**", labels.STATUS, "", ""),
    ("**Opfølgning:** **Maj 2010** Tekst", labels.FOLLOW_UP, "", "**Maj 2010** Tekst"),
    ("Resultater: Nået.", labels.RESULT, "", "Nået."),
])
def test_labels_open_a_goals_parts(text, kind, title, rest):
    assert labels.label(text) == labels.Label(kind, title, rest)


@pytest.mark.parametrize(("text", "subject"), [
    ("Mål for 2012", ""),
    ("Mål for 2012 er, at", ""),
    ("Målene i 2014 var:", ""),
    ("Mål for Socialafdelingen i 2012", "Socialafdelingen"),
    ("Mål for it, ledere og medarbejdere i 2012", "it, ledere og medarbejdere"),
    ("Mål og resultater i forhold til sundhed og trivsel", "sundhed og trivsel"),
])
def test_goal_list_headers_and_whose_goals_they_are(text, subject):
    assert labels.list_header(text) == labels.ListHeader(subject)


@pytest.mark.parametrize("text", ["Mål og Strategier i 2012 for it", "Målet er at bygge videre",
                                  "Målet med politikken er at skabe et tæt samspil", "**Mål:**"])
def test_sentences_about_goals_are_not_list_headers(text):
    assert labels.list_header(text) is None


@pytest.mark.parametrize(("text", "found"), [
    ("**Maj 2010** Tekst", ("maj 2010", "Tekst")),
    ("Januar 2012: Tekst", ("januar 2012", "Tekst")),
    ("15. maj 2010 – Tekst", ("15. maj 2010", "Tekst")),
    ("Maj 2010 Der er holdt møder", ("maj 2010", "Der er holdt møder")),
    ("Maj 2010 blev der holdt møder", None),
    ("Medio 2015 udarbejdes en plan", None),
])
def test_a_month_and_a_year_open_a_dated_entry(text, found):
    assert labels.dated(text) == found


def test_dated_entries_glued_in_one_paragraph_are_split():
    assert labels.split_dated("**Maj 2010** A. **Januar 2012** B. Juni 2013: C.") == [
        "**Maj 2010** A.", "**Januar 2012** B.", "Juni 2013: C."]
