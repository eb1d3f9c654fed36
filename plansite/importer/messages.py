"""What the importer says, in Danish and English: its errors, the report and the notes it
writes into sources for the editor.

Kept beside the importer (not in the site's message catalogue): these texts are
printed by one command and written once into new sources, never shown on the site.
"""

from __future__ import annotations

from typing import Any

TEXTS: dict[str, dict[str, str]] = {
    # errors
    "error.missing": {
        "da": "Filen '{path}' findes ikke.",
        "en": "The file '{path}' does not exist."},
    "error.unreadable": {
        "da": "Filen '{path}' kan ikke læses: {reason}.",
        "en": "The file '{path}' cannot be read: {reason}."},
    "error.format": {
        "da": "plansite kan ikke importere filer af typen '{suffix}'. Gem dokumentet som PDF, "
              "Word (.docx) eller tekst (.txt eller .md), og prøv igen.",
        "en": "plansite cannot import '{suffix}' files. Save the document as PDF, Word (.docx) "
              "or text (.txt or .md) and try again."},
    "error.old_word": {
        "da": "Filen er i det gamle Word-format (.doc). Åbn den i Word, gem den som .docx, og "
              "prøv igen.",
        "en": "The file is in the old Word format (.doc). Open it in Word, save it as .docx "
              "and try again."},
    "error.bad_pdf": {
        "da": "Filen '{path}' kan ikke læses som PDF ({reason}). Er den beskadiget eller "
              "beskyttet med adgangskode?",
        "en": "The file '{path}' cannot be read as a PDF ({reason}). Is it damaged or "
              "password-protected?"},
    "error.bad_docx": {
        "da": "Filen '{path}' kan ikke læses som Word-dokument (.docx). Åbn den i Word, gem "
              "den igen, og prøv igen.",
        "en": "The file '{path}' cannot be read as a Word document (.docx). Open it in Word, "
              "save it again and try again."},
    "error.no_text": {
        "da": "Der er ingen tekst i '{path}'. Er det en skannet PDF? Så skal den først "
              "gennem tekstgenkendelse (OCR).",
        "en": "There is no text in '{path}'. Is it a scanned PDF? Then it needs text "
              "recognition (OCR) first."},
    "error.no_goals": {
        "da": "Der blev ikke fundet nogen mål i '{path}'. plansite genkender mål som afsnit, "
              "der begynder med \"Mål:\", punktlister under \"Mål for 2012\" og tabeller med "
              "kolonnen \"Målene i 2014 var\". Se docs/guide/import.md.",
        "en": "No goals were found in '{path}'. plansite recognises goals as paragraphs "
              "starting \"Mål:\", lists under \"Mål for 2012\" and tables with a column "
              "\"Målene i 2014 var\". See docs/guide/import.md."},
    "error.no_period": {
        "da": "Planens periode står ikke i dokumentets titel eller tekst. Angiv den med "
              "--period, fx --period 2016-2017.",
        "en": "The plan's period is not in the document's title or text. Give it with "
              "--period, e.g. --period 2016-2017."},
    "error.bad_period": {
        "da": "'{value}' er ikke en periode. Skriv et år (2016) eller to år (2016-2017).",
        "en": "'{value}' is not a period. Write a year (2016) or two (2016-2017)."},
    "error.bad_unit": {
        "da": "'{value}' kan ikke bruges som enhedens nøgle. Brug små bogstaver a-z, tal og "
              "bindestreg, fx {suggestion}.",
        "en": "'{value}' cannot be a unit key. Use lower-case a-z, digits and hyphens, "
              "e.g. {suggestion}."},
    "error.exists": {
        "da": "Der findes allerede en plan: {path}. Den bliver ikke overskrevet. Brug --force "
              "for at erstatte den, eller --dry-run for at se, hvad der ville blive skrevet.",
        "en": "A plan already exists: {path}. It is not overwritten. Use --force to replace "
              "it, or --dry-run to see what would be written."},
    "error.site": {
        "da": "Indholdsmappen '{path}' kan ikke læses uden fejl; ret dem først:",
        "en": "The content folder '{path}' has errors; fix them first:"},
    "error.units": {
        "da": "units.yaml kan ikke udvides med enheden '{unit}': {reason}",
        "en": "units.yaml cannot be extended with the unit '{unit}': {reason}"},
    "error.themes": {
        "da": "priorities.yaml kan ikke udvides med dokumentets temaer: {reason}",
        "en": "priorities.yaml cannot be extended with the document's themes: {reason}"},
    # notes in the sources
    "source.imported": {
        "da": "Importeret fra {name} med build.py import. Tjek teksten mod dokumentet; se "
              "rapporten fra importen. Slet så denne kommentar.",
        "en": "Imported from {name} with build.py import. Check the text against the "
              "document; see the import's report. Then delete this comment."},
    "source.rebuilt": {
        "da": "Genskabt af importen ud fra opfølgningsafsnittet i \"{plan}\": målene, som de "
              "står dér. Slet denne kommentar, når planen er tjekket.",
        "en": "Rebuilt by the import from the follow-up part of \"{plan}\": the goals as "
              "they stand there. Delete this comment once the plan is checked."},
    "source.plan_title": {"da": "Plan for {unit} {period}", "en": "Plan for {unit} {period}"},
    "source.report_title": {"da": "Årsberetning {period} for {unit}",
                            "en": "Annual report {period} for {unit}"},
    "source.area_title": {"da": "Mål", "en": "Goals"},
    "source.goal_title": {"da": "Mål", "en": "Goal"},
    "source.follow_up_title": {"da": "Opfølgning på {plan}", "en": "Follow-up on {plan}"},
    "source.own_follow_up": {"da": "Opfølgning på {plan}", "en": "Follow-up on {plan}"},
    "source.status_from": {
        "da": "Status sat af importen ud fra teksten: \"{phrase}\". Tjek den.",
        "en": "Status set by the import from the text: \"{phrase}\". Check it."},
    "source.no_status": {
        "da": "Importen fandt ingen status i teksten. Ret status, hvis dokumentet siger "
              "andet.",
        "en": "The import found no status in the text. Change it if the document says "
              "otherwise."},
    "source.moved": {
        "da": "Teksten stod under et senere mål ({where}) og er flyttet hertil; tjek, at den "
              "hører til dette mål.",
        "en": "The text stood under a later goal ({where}) and was moved here; check that it "
              "belongs to this goal."},
    "source.unplaced": {
        "da": "IKKE PLACERET: tekst fra dokumentet, som importen ikke kunne placere. Flyt det, "
              "der skal med, hen hvor det hører til, og slet resten sammen med denne "
              "kommentar.",
        "en": "NOT PLACED: text from the document the import could not place. Move what "
              "belongs in the plan to its place, and delete the rest with this comment."},
    "why.contents": {"da": "indholdsfortegnelse", "en": "table of contents"},
    "why.after": {"da": "efter det sidste mål", "en": "after the last goal"},
    "why.repeat": {"da": "overskrift på en liste, der gentager målene ovenfor",
                   "en": "heading of a list that repeats the goals above"},
    "why.furniture": {"da": "sidehoved eller sidefod", "en": "running header or footer"},
    # the report
    "report.read": {"da": "Importeret: {name} ({fmt}, {size})",
                    "en": "Imported: {name} ({fmt}, {size})"},
    "report.format.pdf": {"da": "PDF", "en": "PDF"},
    "report.format.docx": {"da": "Word", "en": "Word"},
    "report.format.markdown": {"da": "Markdown", "en": "Markdown"},
    "report.format.text": {"da": "tekst", "en": "text"},
    "report.size.pdf": {"da": "{count} sider", "en": "{count} pages"},
    "report.size.docx": {"da": "{count} afsnit", "en": "{count} paragraphs"},
    "report.size.text": {"da": "{count} linjer", "en": "{count} lines"},
    "report.period.option": {"da": "Periode: {period} (angivet med --period)",
                             "en": "Period: {period} (given with --period)"},
    "report.period.title": {"da": "Periode: {period} (fra titlen \"{title}\")",
                            "en": "Period: {period} (from the title \"{title}\")"},
    "report.period.lists": {"da": "Periode: {period} (fra overskrifterne på mållisterne)",
                            "en": "Period: {period} (from the goal lists' headers)"},
    "report.period.headings": {"da": "Periode: {period} (fra overskrifterne)",
                               "en": "Period: {period} (from the headings)"},
    "report.kind.report": {"da": "Dokumentet er en årsberetning: målene får status og "
                                 "resultat i selve planen.",
                           "en": "The document is an annual report: its goals get their "
                                 "status and result in the plan itself."},
    "report.unit.known": {"da": "Enhed: {unit} ({name})", "en": "Unit: {unit} ({name})"},
    "report.unit.new": {"da": "Enhed: {unit} er ny og tilføjes i units.yaml med navnet "
                              "\"{name}\" (niveau: {level}).",
                        "en": "Unit: {unit} is new and is added to units.yaml as \"{name}\" "
                              "(level: {level})."},
    "report.files": {"da": "Filer:", "en": "Files:"},
    "report.file.plan": {"da": "  {path}  {title}", "en": "  {path}  {title}"},
    "report.file.earlier": {"da": "  {path}  {title} (genskabt ud fra opfølgningsafsnittet)",
                            "en": "  {path}  {title} (rebuilt from the follow-up part)"},
    "report.goals": {"da": "Mål pr. indsatsområde i {plan}:",
                     "en": "Goals per focus area in {plan}:"},
    "report.area": {"da": "  {title}: {count} mål ({where})",
                    "en": "  {title}: {count} goals ({where})"},
    "report.goals_total": {"da": "  I alt {goals} mål i {areas} indsatsområder.",
                           "en": "  In all {goals} goals in {areas} focus areas."},
    "report.follow_ups": {"da": "Opfølgninger: {count} ({statuses})",
                          "en": "Follow-ups: {count} ({statuses})"},
    "report.follow_up": {"da": "  {where}: {goal} → {status}{phrase}",
                         "en": "  {where}: {goal} → {status}{phrase}"},
    "report.no_follow_up": {"da": "  Mål uden opfølgning: {goals}",
                            "en": "  Goals without a follow-up: {goals}"},
    "report.results": {"da": "Status på planens egne mål ud fra resultaterne: {count} "
                             "({statuses})",
                       "en": "Status of the plan's own goals from their results: {count} "
                             "({statuses})"},
    "report.dated": {"da": "Daterede opfølgninger: {count}", "en": "Dated follow-ups: {count}"},
    "report.dated_entry": {"da": "  {where}: {goal} – {date}", "en": "  {where}: {goal} – {date}"},
    "report.moved": {"da": "Opfølgninger flyttet til et tidligere mål uden opfølgning (tjek "
                           "dem):",
                     "en": "Follow-ups moved to an earlier goal without one (check them):"},
    "report.moved_entry": {"da": "  {found} → målet på {goal}",
                           "en": "  {found} → the goal at {goal}"},
    "report.repeats": {"da": "Mål, der gentager mål ovenfor, er skrevet én gang: {count}",
                       "en": "Goals that repeat goals above are written once: {count}"},
    "report.repeat": {"da": "  {where} = {other}", "en": "  {where} = {other}"},
    "report.unplaced": {"da": "Ikke placeret ({count} afsnit; de står i en kommentar sidst i "
                              "indledningen i {path}):",
                        "en": "Not placed ({count} paragraphs; they are in a comment at the "
                              "end of the introduction of {path}):"},
    "report.unplaced_entry": {"da": "  {where}: {text} ({why})", "en": "  {where}: {text} ({why})"},
    "report.furniture": {"da": "Fjernet som sidehoved, sidefod eller sidetal: {count} linjer, "
                               "fx {examples}",
                         "en": "Removed as running header, footer or page number: {count} "
                               "lines, e.g. {examples}"},
    "report.themes": {"da": "Tværgående temaer, som dokumentet nævner ({setter}): {themes}",
                      "en": "Shared themes the document names ({setter}): {themes}"},
    "report.themes_new": {"da": "  Nye i priorities.yaml: {themes}",
                          "en": "  New in priorities.yaml: {themes}"},
    "report.themes_carried": {"da": "  {area} → tema: {key}", "en": "  {area} → priority: {key}"},
    "report.dry_run": {"da": "Prøvekørsel (--dry-run): intet er skrevet.",
                       "en": "Dry run (--dry-run): nothing was written."},
    "report.builds": {"da": "Resultatet bygger uden fejl ({warnings} advarsler).",
                      "en": "The result builds without errors ({warnings} warnings)."},
    "report.fails": {"da": "Resultatet bygger ikke: {errors} fejl (se ovenfor).",
                     "en": "The result does not build: {errors} errors (see above)."},
    "report.next": {
        "da": "Næste skridt: Åbn {path} og sammenlign med dokumentet. Giv målene korte "
              "titler (id'erne må gerne blive), tjek hver status mod kommentaren ved den, flyt "
              "eller slet teksten i kommentaren IKKE PLACERET, og slet kommentarerne. Se "
              "resultatet med python build.py serve, og kør python build.py check, før du "
              "deler ændringen.",
        "en": "Next: open {path} and compare it with the document. Give the goals short "
              "titles (keep the ids), check each status against the comment beside it, move "
              "or delete the text in the NOT PLACED comment, and delete the comments. See the "
              "result with python build.py serve, and run python build.py check before you "
              "share the change."},
}


class Texts:
    """The importer's texts in one language (Danish unless the site is English)."""

    def __init__(self, language: str = "da") -> None:
        self.language = language if language in ("da", "en") else "da"

    def get(self, name: str, /, **params: Any) -> str:
        text = TEXTS[name][self.language]
        return text.format(**params) if params else text


class ImportFailed(Exception):
    """The document cannot be imported; `key` names the message, in plain words."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params

    def text(self, language: str = "da") -> str:
        return Texts(language).get(self.key, **self.params)
