"""PDF (pdfplumber) and Word (python-docx) plans import; broken files are plain messages.

The fixtures are made here: a .docx with python-docx, a PDF with fpdf2 that has a
running header, a page number and a two-column table drawn with lines.
"""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from fpdf import FPDF

from plansite.importer import ImportFailed, import_file
from plansite.importer.formats import read
from tests.test_importer_support import builds, run, site

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"


def make_docx(path: Path) -> Path:
    document = docx.Document()
    document.add_heading("Virksomhedsplan for Ungdomsskolen 2019", level=0)
    document.add_paragraph("Planen beskriver skolens mål for året.")
    document.add_heading("1. Flere unge i fællesskaber", level=1)
    document.add_paragraph("Skolen vil nå de unge, der ikke går til noget.")
    paragraph = document.add_paragraph()
    paragraph.add_run("Mål:").bold = True
    paragraph.add_run(" Hver tredje unge i kommunen skal gå på et hold.")
    paragraph = document.add_paragraph()
    paragraph.add_run("Dokumentation:").bold = True
    paragraph.add_run(" Tilmeldingerne tælles hvert halvår.")
    document.add_paragraph("Holdene annonceres på skolerne", style="List Bullet")
    document.add_paragraph("Holdene er gratis", style="List Bullet")
    document.add_heading("2. Opfølgning på målene for 2018", level=1)
    table = document.add_table(rows=3, cols=2)
    for row, (goal, follow_up) in enumerate([
            ("Mål", "Opfølgning"),
            ("At åbne en klub i weekenden.", "Klubben er åbnet. Målet er opfyldt."),
            ("At ansætte en ungdomsvejleder.",
             "Maj 2018: Stillingen er slået op. Januar 2019: Målet er delvist nået.")]):
        table.cell(row, 0).text = goal
        table.cell(row, 1).text = follow_up
    document.save(str(path))
    return path


class _Pdf(FPDF):
    def header(self) -> None:
        self.set_font("dv", size=8)
        self.cell(0, 6, "Sundhedsplejen · Virksomhedsplan 2020", align="R")
        self.ln(10)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("dv", size=8)
        self.cell(0, 6, f"Side {self.page_no()}", align="C")


def _line(pdf: FPDF, height: int, text: str) -> None:
    pdf.multi_cell(0, height, new_x="LMARGIN", new_y="NEXT", text=text)


def make_pdf(path: Path) -> Path:
    pdf = _Pdf()
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_font("dv", fname=FONT)
    pdf.add_font("dv", style="B", fname=BOLD)
    pdf.add_page()
    pdf.set_font("dv", "B", 18)
    _line(pdf, 10, "Virksomhedsplan for Sundhedsplejen 2020")
    pdf.set_font("dv", size=11)
    _line(pdf, 6, "Sundhedsplejen besøger alle familier med nyfødte. Planen beskriver "
                  "årets mål og gør status på sidste års mål, så alle kan følge med i, "
                  "hvordan det går med indsatsen for de mindste børn i kommunen.")
    pdf.ln(4)
    pdf.set_font("dv", "B", 14)
    _line(pdf, 8, "1. Sunde børn")
    pdf.set_font("dv", "B", 11)
    pdf.write(6, "Mål: ")
    pdf.set_font("dv", size=11)
    pdf.write(6, "Alle børn skal vejes ved hvert besøg i det første leveår.")
    pdf.ln(8)
    pdf.set_font("dv", "B", 11)
    pdf.write(6, "Dokumentation: ")
    pdf.set_font("dv", size=11)
    pdf.write(6, "Vejningerne registreres i journalen.")
    pdf.add_page()
    pdf.set_font("dv", "B", 14)
    _line(pdf, 8, "2. Resultater fra 2019")
    pdf.set_font("dv", size=11)
    with pdf.table(col_widths=(50, 50)) as table:
        for goal, result in [("Målene i 2019 var:", "Resultater"),
                             ("At tilbyde åben konsultation.", "Konsultationen er åbnet. "
                                                               "Målet er opfyldt."),
                             ("At halvere ventetiden.", "Ventetiden er faldet. Målet er "
                                                        "delvist nået.")]:
            row = table.row()
            row.cell(goal)
            row.cell(result)
    pdf.output(str(path))
    return path


def test_a_word_plan_imports_with_headings_lists_and_a_follow_up_table(tmp_path):
    imported = import_file(make_docx(tmp_path / "plan.docx"), "ungdomsskolen")
    plan = imported.converted.plan
    assert (plan.title, plan.period) == ("Virksomhedsplan for Ungdomsskolen 2019", "2019")
    [area] = plan.focus_areas
    [goal] = area.goals
    assert (area.title, goal.text) == ("Flere unge i fællesskaber",
                                       "Hver tredje unge i kommunen skal gå på et hold.")
    assert goal.evidence == ("Tilmeldingerne tælles hvert halvår.\n\n"
                             "- Holdene annonceres på skolerne\n- Holdene er gratis")
    assert [(f.goal, f.status, f.date) for f in plan.follow_ups] == [
        ("2018/aabne-en-klub-i-weekenden", "achieved", ""),
        ("2018/ansaette-en-ungdomsvejleder", "not-assessed", "maj 2018"),
        ("2018/ansaette-en-ungdomsvejleder", "partly", "januar 2019")]
    assert imported.document.blocks[0].where.describe() == "afsnit 1"


def test_a_pdf_plan_imports_without_its_running_header_and_page_numbers(tmp_path):
    imported = import_file(make_pdf(tmp_path / "plan.pdf"), "sundhedsplejen")
    plan = imported.converted.plan
    assert (plan.title, plan.period, plan.kind) == (
        "Virksomhedsplan for Sundhedsplejen 2020", "2020", "plan")
    assert [(a.title, [g.title for g in a.goals]) for a in plan.focus_areas] == [
        ("Sunde børn", ["Alle børn skal vejes ved hvert besøg i det første leveår"]),
        ("Resultater fra 2019", ["Tilbyde åben konsultation", "Halvere ventetiden"])]
    assert [(g.status, g.result) for g in plan.focus_areas[1].goals] == [
        ("achieved", "Konsultationen er åbnet. Målet er opfyldt."),
        ("partly", "Ventetiden er faldet. Målet er delvist nået.")]
    assert [(f.text, f.where.page) for f in imported.document.furniture] == [
        ("Sundhedsplejen · Virksomhedsplan 2020", 1), ("Side 1", 1),
        ("Sundhedsplejen · Virksomhedsplan 2020", 2), ("Side 2", 2)]
    assert "hvordan det går med indsatsen for de mindste børn" in plan.intro


@pytest.mark.parametrize("maker", [make_docx, make_pdf])
def test_word_and_pdf_plans_build(maker, tmp_path, capsys):
    content = site(tmp_path)
    document = maker(tmp_path / ("plan.docx" if maker is make_docx else "plan.pdf"))
    assert run(content, document, "testenhed") == 0
    assert "Resultatet bygger uden fejl" in capsys.readouterr().out
    assert builds(content, tmp_path) >= 3


@pytest.mark.parametrize(("name", "data", "message"), [
    ("plan.doc", b"\xd0\xcf\x11\xe0old word", "gamle Word-format"),
    ("plan.xlsx", b"a;b", "kan ikke importere filer af typen '.xlsx'"),
    ("plan.pdf", b"%PDF-1.4 not really a pdf", "kan ikke læses som PDF"),
    ("plan.docx", b"PK\x03\x04 not a zip", "kan ikke læses som Word-dokument"),
    ("plan.txt", b"   \n\n", "Der er ingen tekst"),
    ("plan.txt", "# Plan 2018\n\nBare tekst uden mål.\n".encode(),
     "Der blev ikke fundet nogen mål"),
    ("plan.txt", b"# Plan\n\n**M\xc3\xa5l:** Et m\xc3\xa5l.\n", "Planens periode står ikke"),
])
def test_what_cannot_be_imported_is_said_plainly(name, data, message, tmp_path):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(ImportFailed) as failed:
        import_file(path, "enhed")
    assert message in failed.value.text("da")


def test_a_missing_file_is_said_plainly(tmp_path):
    with pytest.raises(ImportFailed) as failed:
        read(tmp_path / "findes-ikke.pdf")
    assert failed.value.text("da") == f"Filen '{tmp_path / 'findes-ikke.pdf'}' findes ikke."


def test_text_in_windows_1252_is_read(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_bytes("# Plan 2018\n\n**Mål:** Færre på ventelisten.\n".encode("cp1252"))
    assert import_file(path, "enhed").converted.plan.focus_areas[0].goals[0].text == \
        "Færre på ventelisten."
