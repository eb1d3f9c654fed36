"""Layouts of real plans, in fixtures written in our own words: focus areas, goals with
Mål/Dokumentation/Status, a follow-up part with dated entries and a title in the label,
follow-ups a two-column page moved, goal lists per unit with a repeating summary list,
goal | result tables, paired goal and result lists, shared themes, and unplaced text."""

from __future__ import annotations

from plansite.importer import import_file
from plansite.writer import write
from tests.test_importer_support import FIXTURES, missing_words


def _plan():
    return import_file(FIXTURES / "virksomhedsplan.md", "boern-unge")


def test_numbered_focus_areas_at_any_heading_level_hold_their_goals():
    imported = _plan()
    plan = imported.converted.plan
    assert (plan.period, plan.title) == ("2018-2019", "Virksomhedsplan for Børn & Unge 2018-2019")
    assert [(a.title, len(a.goals)) for a in plan.focus_areas] == [
        ("Trygge børn", 2), ("Stærke familier", 2), ("Styring af økonomien", 1)]


def test_a_goal_keeps_its_evidence_and_a_sentence_cut_by_the_page_stays_in_it():
    goal = _plan().converted.plan.focus_areas[1].goals[0]
    assert goal.text.endswith("Kurserne tilrettelægges sammen med")
    assert goal.evidence == ("Deltagerne udfylder et kort spørgeskema ved kursets afslutning."
                             "\n\nsundhedsplejen.")
    listed = _plan().converted.plan.focus_areas[1].goals[1]
    assert listed.evidence.endswith("- Planen skal være skrevet sammen med familien\n"
                                    "- Planen skal være opdateret inden for det seneste halve år")


def test_the_follow_up_part_becomes_the_earlier_plan_and_its_follow_ups():
    imported = _plan()
    [earlier] = imported.converted.earlier
    assert (earlier.period, earlier.title) == ("2017", "Virksomhedsplan for Børn & Unge 2017")
    assert [(a.title, [g.id for g in a.goals]) for a in earlier.focus_areas] == [
        ("Tidlig indsats", ["sundhedsplejen-skal-screene-alle-boern", "oekonomistyring"]),
        ("Samarbejde", ["skolerne-og-raadgivningen-skal-holde",
                        "der-skal-oprettes-en-ny-telefonlinje-for",
                        "medarbejderne-skal-tilbydes-et-kursus-i"])]
    entries = [(f.goal, f.status, f.date) for f in imported.converted.plan.follow_ups]
    assert entries == [
        ("2017/sundhedsplejen-skal-screene-alle-boern", "achieved", ""),
        ("2017/oekonomistyring", "not-assessed", "maj 2017"),
        ("2017/oekonomistyring", "continued", "januar 2018"),
        ("2017/skolerne-og-raadgivningen-skal-holde", "achieved", ""),
        ("2017/der-skal-oprettes-en-ny-telefonlinje-for", "dropped", ""),
        ("2017/medarbejderne-skal-tilbydes-et-kursus-i", "partly", "")]
    assert imported.converted.plan.follow_up_title == "Opfølgning på virksomhedsplan 2017"


def test_a_title_in_the_label_is_the_goals_title():
    goal = _plan().converted.earlier[0].focus_areas[0].goals[1]
    assert (goal.title, goal.text) == (
        "Økonomistyring",
        "Afdelingen skal have et fælles overblik over udgifterne til forebyggende "
        "foranstaltninger.")


def test_follow_ups_pushed_below_a_later_goal_go_back_and_say_so():
    imported = _plan()
    assert [(m.found.line, m.goal_where.line) for m in imported.layout.moved] == [
        (118, 106), (120, 110)]
    moved = imported.converted.plan.follow_ups[3]
    assert "linje 118" in moved.comment and "Møderne holdes som planlagt" in moved.text


def test_the_deciding_phrase_is_written_beside_the_status():
    text = write(_plan().converted.plan)
    assert ("### Økonomistyring (januar 2018)\nmål: 2017/oekonomistyring\nstatus: videreført\n"
            "dato: januar 2018\n\n<!-- Status sat af importen ud fra teksten: \"Overblikket er "
            "nu fast, men der arbejdes videre med målet i den nye plan\". Tjek den. -->") in text


def test_shared_themes_are_recorded_but_not_the_units_own_focus_area():
    imported = _plan()
    assert imported.layout.themes == ["Trygge børn", "Stærke familier"]
    assert imported.layout.theme_setter == "Direktionen"
    assert [a.priority for a in imported.converted.plan.focus_areas] == [
        "trygge-boern", "staerke-familier", ""]
    assert imported.new_themes == (("trygge-boern", "Trygge børn"),
                                   ("staerke-familier", "Stærke familier"))


def test_contents_furniture_and_text_after_the_last_goal_are_kept_and_listed():
    imported = _plan()
    unplaced = [(u.why, u.block.where.line) for u in imported.layout.unplaced]
    assert unplaced == [("contents", 13), ("contents", 14), ("contents", 15), ("contents", 16),
                        ("contents", 17), ("after", 124), ("after", 126)]
    assert [f.text for f in imported.document.furniture] == [
        "Børn & Unge · Virksomhedsplan 2018-2019", "4"] + [
        "Børn & Unge · Virksomhedsplan 2018-2019", "5", "Børn & Unge · Virksomhedsplan 2018-2019",
        "6"]
    intro = imported.converted.plan.intro
    assert "<!-- IKKE PLACERET" in intro and "OM PLANEN" in intro and "Hvem er vi? ..... 3" in intro


def _coverage(name: str, unit: str) -> set[str]:
    imported = import_file(FIXTURES / name, unit)
    written = "\n".join(write(source) for source in imported.sources)
    return missing_words((FIXTURES / name).read_text("utf-8"), written,
                         [block.text for block in imported.document.furniture])


def test_every_word_of_the_fixtures_is_written_somewhere():
    assert _coverage("virksomhedsplan.md", "boern-unge") == set()
    assert _coverage("maal-og-strategier.txt", "boern-unge") == set()
    assert _coverage("aarsberetning.md", "kultur-fritid") == set()


def test_goal_lists_per_unit_and_a_summary_list_written_once():
    imported = import_file(FIXTURES / "maal-og-strategier.txt", "boern-unge")
    plan = imported.converted.plan
    assert (plan.period, plan.title) == ("2019", "Plan for Børn & Unge 2019")
    assert [(a.title, [g.title for g in a.goals]) for a in plan.focus_areas] == [
        ("Rådgivning og familier", [
            "Flytte mindst en tredjedel af samtalerne ud i lokalområderne",
            "Alle familier med en sag har en fast kontaktperson"]),
        ("Dagpleje og klubber", [
            "Istandsætte fire legepladser til dagplejen",
            "Udvide klubbernes åbningstid med to aftener om ugen",
            "Inddrage de unge i planlægningen af aktiviteterne"])]
    assert [(goal.where.line, other.where.line) for goal, other in imported.layout.repeats] == [
        (63, 21), (66, 24), (69, 47), (72, 50), (75, 53)]
    assert [u.why for u in imported.layout.unplaced] == ["repeat", "repeat"]
    intro = plan.focus_areas[0].intro
    assert "#### Bedre rådgivning i lokalområderne" in intro
    assert "lokalområderne, så familierne ikke skal møde op på rådhuset" in intro


def test_an_annual_report_gives_its_goals_results_and_statuses():
    imported = import_file(FIXTURES / "aarsberetning.md", "kultur-fritid")
    plan = imported.converted.plan
    assert (plan.kind, plan.period, plan.title) == ("report", "2018", "Årsberetning 2018")
    found = [(a.title, [(g.title, g.status, g.date) for g in a.goals]) for a in plan.focus_areas]
    assert found == [
        ("Flere aktive borgere", [
            ("Åbne to nye udendørs træningsområder", "achieved", "2018"),
            ("Øge antallet af medlemmer i foreningerne med fem procent", "not-achieved",
             "2018")]),
        ("Gode rammer for foreningerne", [
            ("Digitalisere ansøgningen om lokaler", "not-assessed", "2018"),
            ("Afholde et årligt foreningsmøde", "dropped", "2018")]),
        ("Et stærkt biblioteksvæsen", [
            ("Holde åbent i alle filialer om søndagen", "partly", "2018"),
            ("Låne e-bøger ud til skolerne", "achieved", "2018"),
            ("Flere børn låner bøger på biblioteket", "not-assessed", "2018"),
            ("Bibliotekerne tilbyder lektiehjælp", "continued", "2018")])]
    goals = plan.focus_areas[0].goals
    assert goals[1].result == ("Antallet steg fra 4,1 % til 4,4 % af befolkningen, og målet er "
                               "ikke opfyldt.\n\nForeningerne peger på manglende haltider som "
                               "en årsag.")
    assert plan.focus_areas[1].goals[0].result == ("Ansøgningen er digital fra marts.\n\n"
                                                   "- Foreningerne booker selv\n"
                                                   "- Svartiden er halveret")
    library = plan.focus_areas[2].goals
    assert library[2].result == ("Udlånet til børn steg med otte procent.\n\n"
                                 "Børnebibliotekarerne lavede nye læseklubber i alle filialer.")
    assert [a.priority for a in plan.focus_areas] == [
        "flere-aktive-borgere", "gode-rammer-for-foreningerne", "et-staerkt-biblioteksvaesen"]


def test_goals_as_labelled_headings_and_a_label_over_a_list(tmp_path):
    path = tmp_path / "handleplan.md"
    path.write_text("# Handleplan 2020\n\n## Beskæftigelse\n\n### Mål 1: Flere i job\n\n"
                    "Flere ledige skal i arbejde.\n\nDokumentation: Tal fra jobindsats.dk.\n\n"
                    "### Mål 2: Færre på kontanthjælp\n\nAntallet skal falde.\n\n"
                    "## Uddannelse\n\n**Mål:**\n\n- Flere unge tager en uddannelse\n"
                    "- Færre falder fra\n", encoding="utf-8")
    plan = import_file(path, "jobcenter").converted.plan
    assert [(a.title, [(g.title, g.text, g.evidence) for g in a.goals])
            for a in plan.focus_areas] == [
        ("Beskæftigelse", [("Flere i job", "Flere ledige skal i arbejde.",
                            "Tal fra jobindsats.dk."),
                           ("Færre på kontanthjælp", "Antallet skal falde.", "")]),
        ("Uddannelse", [("Flere unge tager en uddannelse", "Flere unge tager en uddannelse", ""),
                        ("Færre falder fra", "Færre falder fra", "")])]


def test_a_report_goal_is_written_with_status_date_and_the_deciding_phrase():
    text = write(import_file(FIXTURES / "aarsberetning.md", "kultur-fritid").converted.plan)
    assert ("### Øge antallet af medlemmer i foreningerne med fem procent\n"
            "id: oege-antallet-af-medlemmer-i\nstatus: ikke opfyldt\ndato: 2018\n\n"
            "<!-- Status sat af importen ud fra teksten: \"Antallet steg fra 4,1 % til 4,4 % af "
            "befolkningen, og målet er ikke opfyldt\". Tjek den. -->\n\n"
            "At øge antallet af medlemmer i foreningerne med fem procent.") in text
    assert "## Flere aktive borgere\nid: flere-aktive-borgere\ntema: flere-aktive-borgere\n" \
        in text
    assert "type: årsberetning\n" in text
