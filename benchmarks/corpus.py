"""A deterministic synthetic content folder in plansite's format, for benchmarks.

    python -m benchmarks.corpus --goals 10000 --out benchmarks/work/corpus-10000 [--seed 1]

The corpus is an administration → department → unit tree (units.yaml); every
leaf unit has one plan per year over ten years. The N goals are spread over those
plans (3-5 focus areas each). Each goal has 80-150 words of Danish-like Markdown
with a list or a link, some carry an ```indikator block, and every goal except
those in the last year's plans is followed up 1-3 times in the same unit's next
plan; about a third are continued (`fortsætter-som`) as a goal of that plan, so
commitments form chains across the years.

The same N and seed give byte-identical files: one `random.Random(seed)` drives
everything, consumed in a fixed order, and nothing depends on time or the machine.

The same in-memory corpus can also be written as Hugo and Pelican sources
(`write_hugo`, `write_pelican`) with the same goal pages and the same Markdown, so
the three generators build equivalent sites (see benchmarks/run.py).
"""

from __future__ import annotations

import argparse
import math
import os
import random
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

# Unit keys, focus-area and goal ids are slugged exactly as plansite slugs them (Danish
# letters folded: "Økonomistyring" → "oekonomistyring"): one implementation, not a copy.
from plansite.slugs import slugify

FIRST_YEAR = 2012
YEARS = 10
GOALS_PER_UNIT = 100
"""Plan-owning units = N / GOALS_PER_UNIT: about ten goals per plan at any size."""
STATUSES = ("achieved", "partly", "not-achieved", "in-progress", "continued", "dropped",
            "not-assessed")
CONTINUE_SHARE = 0.35
"""Share of a plan's goals carried on (fortsætter-som) as a goal of the next plan."""
INDICATOR_SHARE = 0.12
MARKER = ".plansite-benchmark-corpus"
"""Written into every generated folder, so a rerun may safely replace it."""

MONTHS = ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august",
          "september", "oktober", "november", "december")

# --- vocabulary -------------------------------------------------------------------

AREAS = (
    "Børne", "Unge", "Ældre", "Social", "Sundheds", "Beskæftigelses", "Kultur", "Miljø",
    "Teknik", "Skole", "Dagtilbuds", "Handicap", "Psykiatri", "Integrations",
    "Borgerservice", "Økonomi", "Plan", "Natur", "Trafik", "Erhvervs", "Klima", "Bolig",
    "Idræts", "Fritids", "Forebyggelses", "Rehabiliterings", "Misbrugs", "Familie",
    "Ungdoms", "Biblioteks", "Digitaliserings", "Personale", "Indkøbs", "Ejendoms",
    "Vej", "Park", "Affalds", "Vand", "Beredskabs", "Tandpleje",
)  # fmt: skip
UNIT_SUFFIXES = ("centret", "huset", "teamet", "enheden", "sekretariatet", "kontoret",
                 "tjenesten", "rådgivningen")
REGIONS = ("Nord", "Syd", "Øst", "Vest", "Midt", "By", "Land")

ADJECTIVES = (
    "bedre", "stærkere", "tidlig", "sammenhængende", "fleksibel", "tværfaglig", "lokal",
    "digital", "forebyggende", "helhedsorienteret", "målrettet", "systematisk", "fælles",
    "tryg", "effektiv", "bæredygtig", "inkluderende", "nærværende", "ensartet", "klar",
)  # fmt: skip
NOUNS = (
    "trivsel", "sagsbehandling", "samarbejde", "indsats", "kvalitet", "styring",
    "dokumentation", "rådgivning", "inklusion", "sundhed", "kompetenceudvikling",
    "koordinering", "borgerinddragelse", "opfølgning", "ledelsesinformation", "visitation",
    "forebyggelse", "rekruttering", "tilgængelighed", "kommunikation", "økonomistyring",
    "evaluering", "videndeling", "rehabilitering", "mestring", "uddannelse",
)  # fmt: skip
GROUPS = (
    "udsatte børn", "unge over 18 år", "ældre borgere", "småbørnsfamilier",
    "borgere med handicap", "ledige", "nyankomne familier", "pårørende", "medarbejderne",
    "skolebørn", "voksne med særlige behov", "enlige forsørgere", "plejefamilier",
    "foreningerne", "virksomhederne", "borgerne i boligområderne",
)  # fmt: skip
VERBS = (
    "styrke", "udvikle", "forbedre", "sikre", "udbrede", "afprøve", "implementere",
    "kortlægge", "evaluere", "understøtte", "samle", "forenkle", "målrette", "fastholde",
)  # fmt: skip
PARTNERS = (
    "Familieafsnittet", "Sundhedsplejen", "skolerne", "dagtilbuddene", "Jobcentret",
    "PPR", "Tandplejen", "civilsamfundet", "regionen", "boligselskaberne",
    "praktiserende læger", "frivillige foreninger", "Strategi og Udvikling",
)  # fmt: skip
FORUMS = ("ledergruppen", "MED-udvalget", "fagudvalget", "direktionen", "styregruppen",
          "teammøderne", "dialogmøderne", "temadagene")
FOCUS_TITLES = (
    "Flere borgere skal leve godt og længe", "Vores børn skal rustes til fremtiden",
    "Organisationen skal tilpasses en ny virkelighed", "Økonomisk og faglig styring",
    "Flere skal være en del af fællesskabet", "En grøn og bæredygtig kommune",
    "Sammenhængende forløb for borgerne", "Tidlig og forebyggende indsats",
    "Attraktive arbejdspladser", "Digital velfærd", "Lighed i sundhed",
    "Flere i job og uddannelse", "Trygge og aktive lokalsamfund",
    "Kvalitet i kerneopgaven", "Borgeren som aktiv medspiller",
)  # fmt: skip
STATUS_OPENERS = {
    "achieved": "Målet er nået, og dokumentationen foreligger.",
    "partly": "Målet er delvist nået.",
    "not-achieved": "Målet er ikke nået i perioden.",
    "in-progress": "Arbejdet er i gang, men endnu ikke afsluttet.",
    "continued": "Målet er videreført i denne plan.",
    "dropped": "Målet er udgået, fordi forudsætningerne har ændret sig.",
    "not-assessed": "Målet er endnu ikke vurderet.",
}
INDICATOR_NAMES = (
    ("Anbringelser på døgninstitution", "antal"), ("Sygefravær", "procent"),
    ("Borgere i botilbud uden for kommunen", "antal"), ("Ventetid på visitation", "dage"),
    ("Tilfredshed med sagsbehandlingen", "procent"), ("Unge i uddannelse", "procent"),
    ("Udgifter til hjælpemidler", "mio. kr."), ("Genindlæggelser", "antal"),
    ("Borgere på offentlig forsørgelse", "antal"), ("Svartid på henvendelser", "dage"),
)  # fmt: skip

def _unique(slug: str, seen: set[str]) -> str:
    candidate, number = slug, 2
    while candidate in seen:
        candidate = f"{slug}-{number}"
        number += 1
    seen.add(candidate)
    return candidate


# --- the model ----------------------------------------------------------------------

@dataclass
class Unit:
    key: str
    name: str
    level: str
    parent: str | None
    description: str


@dataclass
class Goal:
    id: str
    title: str
    text: str
    """The goal's Markdown (text, list, Dokumentation: paragraph) without the indicator."""
    indicator: str = ""
    """An ```indikator block (with fences) or ""."""


@dataclass
class FocusArea:
    id: str
    title: str
    intro: str
    goals: list[Goal] = field(default_factory=list)


@dataclass
class FollowUp:
    ref: str
    """As written after `mål:`: "2015/id" or "id"."""
    goal: Goal
    status: str
    date: str
    text: str
    continued_as: str = ""


@dataclass
class Plan:
    unit: Unit
    year: int
    intro: str
    areas: list[FocusArea] = field(default_factory=list)
    follow_ups: list[FollowUp] = field(default_factory=list)

    @property
    def title(self) -> str:
        return f"Virksomhedsplan for {self.unit.name} {self.year}"

    @property
    def goals(self) -> list[Goal]:
        return [goal for area in self.areas for goal in area.goals]

    @property
    def path(self) -> str:
        """The source's path inside the content folder."""
        return f"plans/{self.unit.key}/{self.year}.md"


@dataclass
class Corpus:
    goals: int
    seed: int
    units: list[Unit]
    """Tree order: administration, its departments, each followed by its units."""
    plans: list[Plan]
    """Per plan-owning unit, years ascending."""

    @property
    def plan_units(self) -> list[Unit]:
        return [unit for unit in self.units if unit.level == "unit"]

    def edit_target(self) -> tuple[Plan, Goal]:
        """A goal in the middle of the corpus that benchmarks edit: same for the same corpus."""
        with_goals = [plan for plan in self.plans if plan.goals]
        plan = with_goals[len(with_goals) // 2]
        return plan, plan.goals[0]


# --- text -------------------------------------------------------------------------

class _Text:
    """Danish-like sentences from a fixed vocabulary, driven by one Random."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def pick(self, words: tuple[str, ...]) -> str:
        return words[self.rng.randrange(len(words))]

    def sentence(self, unit: Unit, year: int) -> str:
        c = self.pick
        templates = (
            lambda: f"Vi vil {c(VERBS)} {c(ADJECTIVES)} {c(NOUNS)} for {c(GROUPS)}, så "
                    f"{c(GROUPS)} oplever en {c(ADJECTIVES)} {c(NOUNS)}.",
            lambda: f"{unit.name} samarbejder med {c(PARTNERS)} om at {c(VERBS)} "
                    f"{c(NOUNS)} i løbet af {year}.",
            lambda: f"Indsatsen skal {c(VERBS)} {c(NOUNS)} og give {c(GROUPS)} bedre "
                    f"muligheder for {c(NOUNS)}.",
            lambda: f"Der laves en baselinemåling {c(('primo', 'medio', 'ultimo'))} {year} "
                    f"af {c(NOUNS)} blandt {c(GROUPS)}.",
            lambda: f"Målet er at {c(VERBS)} {c(NOUNS)} med mindst "
                    f"{self.rng.randint(5, 40)} procent inden udgangen af {year}.",
            lambda: f"Arbejdet følges løbende i {c(FORUMS)}, og resultaterne drøftes på "
                    f"{c(FORUMS)}.",
            lambda: f"Det kræver {c(ADJECTIVES)} {c(NOUNS)} og et tæt samarbejde mellem "
                    "{} og {}.".format(*self.rng.sample(PARTNERS, 2)),
            lambda: f"Medarbejderne får kompetenceudvikling i {c(NOUNS)}, så "
                    f"{c(GROUPS)} møder en {c(ADJECTIVES)} {c(NOUNS)}.",
            lambda: f"Vi tror på, at {c(GROUPS)} helst vil klare sig selv, og derfor "
                    f"prioriterer vi {c(NOUNS)}.",
            lambda: f"I {year} afprøves en ny model for {c(NOUNS)} sammen med "
                    f"{c(PARTNERS)}.",
        )
        return templates[self.rng.randrange(len(templates))]()

    def paragraph(self, unit: Unit, year: int, words: int) -> str:
        sentences: list[str] = []
        while _words(" ".join(sentences)) < words:
            sentences.append(self.sentence(unit, year))
        return _wrap(" ".join(sentences))

    def link(self, unit: Unit, year: int) -> str:
        """A Markdown link: to the unit's plan page, its unit page or an external page."""
        kind = self.rng.randrange(3)
        if kind == 0:
            return f"Se også [planen for {year}](/{unit.key}/{year}/)."
        if kind == 1:
            return f"Læs mere om [{unit.name}](/{unit.key}/)."
        noun = self.pick(NOUNS)
        return f"Se [vejledningen om {noun}](https://www.example.dk/{slugify(noun)}/)."

    def list_items(self, count: int) -> list[str]:
        c = self.pick
        return [f"- {c(VERBS)} {c(ADJECTIVES)} {c(NOUNS)} for {c(GROUPS)}"
                for _ in range(count)]


def _words(text: str) -> int:
    return len(text.split())


def _wrap(text: str, width: int = 80) -> str:
    """Hard-wrap a paragraph the way editors' sources look (Markdown joins the lines)."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    if line:
        lines.append(line)
    return "\n".join(lines)


def goal_words(text: str) -> int:
    """Words in a goal's Markdown, as the 80-150 word requirement counts them."""
    return _words(text)


# --- generation ---------------------------------------------------------------------

def _names(rng: random.Random, count: int, suffixes: tuple[str, ...],
           taken: set[str]) -> list[tuple[str, str]]:
    """`count` unique (key, name) pairs like ("boernecentret-nord", "Børnecentret Nord")."""
    combos = [f"{area}{suffix}" for suffix in suffixes for area in AREAS]
    rng.shuffle(combos)
    names: list[tuple[str, str]] = []
    round_ = 0
    while len(names) < count:
        for base in combos:
            if len(names) == count:
                break
            name = base if round_ == 0 else f"{base} {REGIONS[(round_ - 1) % len(REGIONS)]}"
            if round_ > len(REGIONS):
                name = f"{name} {round_ // len(REGIONS) + 1}"
            key = slugify(name)
            if key in taken:
                continue
            taken.add(key)
            names.append((key, name[0].upper() + name[1:]))
        round_ += 1
    return names


def _units(rng: random.Random, text: _Text, goals: int) -> list[Unit]:
    leaves = max(1, round(goals / GOALS_PER_UNIT))
    departments = max(1, math.ceil(leaves / 5))
    administrations = max(1, math.ceil(departments / 4))
    taken: set[str] = set()
    admin_names = _names(rng, administrations, ("forvaltningen",), taken)
    dept_names = _names(rng, departments, ("afdelingen",), taken)
    leaf_names = _names(rng, leaves, UNIT_SUFFIXES, taken)
    units: list[Unit] = []

    def add(key: str, name: str, level: str, parent: str | None, words: int) -> None:
        unit = Unit(key, name, level, parent, "")
        unit.description = text.paragraph(unit, FIRST_YEAR, words)
        units.append(unit)

    for a, (key, name) in enumerate(admin_names):
        add(key, name, "administration", None, 30)
        for d in range(departments):
            if d * administrations // departments != a:
                continue
            dkey, dname = dept_names[d]
            add(dkey, dname, "department", key, 30)
            for u in range(leaves):
                if u * departments // leaves == d:
                    add(*leaf_names[u], "unit", dkey, 25)
    return units


def _goal_counts(rng: random.Random, goals: int, plans: int) -> list[int]:
    """Split `goals` over `plans`: about equal, with some spread, summing exactly."""
    counts = [goals // plans] * plans
    for index in rng.sample(range(plans), goals % plans):
        counts[index] += 1
    for _ in range(plans * 2):
        a, b = rng.randrange(plans), rng.randrange(plans)
        if a != b and counts[a] > 4:
            counts[a] -= 1
            counts[b] += 1
    return counts


def _goal(rng: random.Random, text: _Text, unit: Unit, year: int, seen: set[str]) -> Goal:
    c = text.pick
    title = f"{c(ADJECTIVES).capitalize()} {c(NOUNS)} for {c(GROUPS)}"
    goal_id = _unique(slugify(title, 50), seen)
    target = rng.randint(80, 130)  # sentences add ≤ 18 words: the text ends at 80-150
    parts = [text.paragraph(unit, year, target * 4 // 10)]
    if rng.random() < 0.5:
        items = text.list_items(rng.randint(2, 4))
        parts.append(f"Indsatsen har {len(items)} dele:\n\n" + "\n".join(items))
    sentences = ["Dokumentation:"]
    if len(parts) == 1 or rng.random() < 0.6:  # every goal has a list, a link or both
        sentences.append(text.link(unit, year))
    body = "\n\n".join(parts)
    while _words(body) + _words(" ".join(sentences)) < target:
        sentences.append(text.sentence(unit, year))
    parts.append(_wrap(" ".join(sentences)))
    indicator = _indicator(rng, unit, year) if rng.random() < INDICATOR_SHARE else ""
    return Goal(goal_id, title, "\n\n".join(parts), indicator)


def _indicator(rng: random.Random, unit: Unit, year: int) -> str:
    name, measure = INDICATOR_NAMES[rng.randrange(len(INDICATOR_NAMES))]
    base = rng.randint(20, 400)
    values = []
    value = base
    for offset in range(rng.randint(1, 3)):
        if measure in ("procent", "mio. kr."):
            values.append(f"  {year + offset}: \"{value},{rng.randint(0, 9)}\"")
        else:
            values.append(f"  {year + offset}: {value}")
        value = max(1, value + rng.randint(-base // 5 - 1, base // 10 + 1))
    direction = rng.choice(("færre end", "højst", "mindst"))
    return "\n".join([
        "```indikator",
        f"navn: {name}",
        f"enhed: {measure}",
        f"basis: {base}",
        f"basisår: {year}",
        f"mål: {direction} {base}",
        "værdier:",
        *values,
        f"kilde: {unit.name}s egen opgørelse",
        "```",
    ])


def _plan(rng: random.Random, text: _Text, unit: Unit, year: int, goals: int) -> Plan:
    plan = Plan(unit, year, text.paragraph(unit, year, 60) + "\n\n" +
                text.paragraph(unit, year, 40))
    areas = min(rng.randint(3, 5), max(1, goals))
    titles = rng.sample(FOCUS_TITLES, areas)
    area_ids: set[str] = set()
    goal_ids: set[str] = set()
    # at least one goal per focus area, the rest at random
    sizes = [1 if goals >= areas else 0] * areas
    for _ in range(goals - sum(sizes)):
        sizes[rng.randrange(areas)] += 1
    for title, size in zip(titles, sizes, strict=True):
        area = FocusArea(_unique(slugify(title, 40), area_ids), title,
                         text.paragraph(unit, year, rng.randint(25, 60)))
        area.goals = [_goal(rng, text, unit, year, goal_ids) for _ in range(size)]
        plan.areas.append(area)
    return plan


def _date(rng: random.Random, year: int) -> tuple[tuple[int, int], str]:
    """A follow-up date around the turn of the plan year: (sort key, "maj 2016")."""
    choice = rng.randrange(10)
    if choice == 0:
        return (year, 6), f"medio {year}"
    if choice == 1:
        return (year + 1, 1), f"primo {year + 1}"
    if choice < 5:
        month = rng.randint(9, 12)
        return (year, month), f"{MONTHS[month - 1]} {year}"
    month = rng.randint(1, 6)
    return (year + 1, month), f"{MONTHS[month - 1]} {year + 1}"


def _follow_ups(rng: random.Random, text: _Text, previous: Plan, plan: Plan) -> None:
    """Follow up every goal of `previous` in `plan`; continue some as goals of `plan`."""
    old_goals, new_goals = previous.goals, plan.goals
    continued = min(len(new_goals), round(len(old_goals) * CONTINUE_SHARE))
    carried = rng.sample(range(len(old_goals)), continued)
    targets = rng.sample(range(len(new_goals)), continued)
    successor = {old: new_goals[new].id for old, new in zip(carried, targets, strict=True)}
    for index, goal in enumerate(old_goals):
        count = rng.randint(1, 3)
        dates = sorted(_date(rng, previous.year) for _ in range(count))
        ref = goal.id if rng.random() < 0.3 else f"{previous.year}/{goal.id}"
        for number, (_, date) in enumerate(dates):
            last = number == count - 1
            status = STATUSES[rng.randrange(len(STATUSES))]
            if last and index in successor:
                status = "continued"
            words = rng.randint(15, 40)
            entry = FollowUp(ref, goal, status, date, _wrap(
                f"{STATUS_OPENERS[status]} {text.paragraph(plan.unit, plan.year, words)}"))
            if last and index in successor:
                entry.continued_as = successor[index]
            plan.follow_ups.append(entry)


def generate(goals: int, seed: int = 1) -> Corpus:
    """The corpus for N goals and a seed, in memory."""
    if goals < 1:
        raise ValueError("--goals must be at least 1")
    rng = random.Random(seed)
    text = _Text(rng)
    units = _units(rng, text, goals)
    owners = [unit for unit in units if unit.level == "unit"]
    counts = _goal_counts(rng, goals, len(owners) * YEARS)
    plans: list[Plan] = []
    for u, unit in enumerate(owners):
        previous: Plan | None = None
        for y in range(YEARS):
            plan = _plan(rng, text, unit, FIRST_YEAR + y, counts[u * YEARS + y])
            if previous is not None and previous.goals:
                _follow_ups(rng, text, previous, plan)
            plans.append(plan)
            previous = plan
    return Corpus(goals, seed, units, plans)


# --- plansite sources -----------------------------------------------------------------

def _yaml_text(text: str, indent: str) -> str:
    return "\n".join(indent + line if line else "" for line in text.split("\n"))


def site_yaml(corpus: Corpus) -> str:
    return (
        "title: Planer og opfølgning\n"
        "publisher: Benchmark Kommune\n"
        "language: da\n"
        "base_url: /\n"
        f"description: Syntetisk benchmark-korpus med {corpus.goals} mål "
        f"(seed {corpus.seed}).\n"
    )


def units_yaml(corpus: Corpus) -> str:
    out = []
    for unit in corpus.units:
        out.append(f"{unit.key}:")
        out.append(f"  name: {unit.name}")
        out.append(f"  level: {unit.level}")
        if unit.parent:
            out.append(f"  parent: {unit.parent}")
        out.append("  municipality: Benchmark Kommune")
        out.append("  description: |")
        out.append(_yaml_text(unit.description, "    "))
    return "\n".join(out) + "\n"


def goal_markdown(goal: Goal) -> str:
    """The goal's body as plansite, Hugo and Pelican get it."""
    return goal.text + (f"\n\n{goal.indicator}" if goal.indicator else "")


def plan_source(plan: Plan) -> str:
    out = [
        "---",
        f"unit: {plan.unit.key}",
        f"period: {plan.year}",
        f"title: {plan.title}",
        "kind: plan",
        f"published: {plan.year}-01-15",
        "---",
        "",
        plan.intro,
    ]
    for area in plan.areas:
        out += ["", f"## {area.title}", f"id: {area.id}", "", area.intro]
        for goal in area.goals:
            out += ["", f"### {goal.title}", f"id: {goal.id}", "", goal_markdown(goal)]
    if plan.follow_ups:
        out += ["", f"## Opfølgning på virksomhedsplan {plan.year - 1}", "",
                _wrap(f"Her er status for målene i virksomhedsplanen for {plan.year - 1}. "
                      "Nogle mål er nået, andre er videreført i denne plan.")]
        for entry in plan.follow_ups:
            out += ["", f"### {entry.goal.title}", f"mål: {entry.ref}",
                    f"status: {entry.status}", f"dato: {entry.date}"]
            if entry.continued_as:
                out.append(f"fortsætter-som: {entry.continued_as}")
            out += ["", entry.text]
    return "\n".join(out) + "\n"


def _prepare(out: Path) -> None:
    """Make `out` an empty folder; refuse to empty a folder this module did not write."""
    if out.exists():
        if not out.is_dir():
            raise SystemExit(f"{out} exists and is not a folder")
        if any(out.iterdir()) and not (out / MARKER).is_file():
            raise SystemExit(f"{out} is not empty and was not made by benchmarks.corpus; "
                             "choose another --out")
        shutil.rmtree(out)
    out.mkdir(parents=True)
    (out / MARKER).write_text("generated by benchmarks.corpus; safe to delete\n")


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))


def write_plansite(corpus: Corpus, out: Path) -> None:
    """The content folder: site.yaml, units.yaml and plans/<unit>/<year>.md."""
    _prepare(out)
    _write(out / "site.yaml", site_yaml(corpus))
    _write(out / "units.yaml", units_yaml(corpus))
    for plan in corpus.plans:
        _write(out / plan.path, plan_source(plan))


# --- Hugo and Pelican sources ------------------------------------------------------------

def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def plan_list_markdown(plan: Plan) -> str:
    """What a plan's own page says besides its goals: intro, focus areas, follow-up."""
    out = [plan.intro]
    for area in plan.areas:
        out += [f"## {area.title}", area.intro]
    if plan.follow_ups:
        out.append(f"## Opfølgning på virksomhedsplan {plan.year - 1}")
        for entry in plan.follow_ups:
            out += [f"### {entry.goal.title}",
                    f"Status: {entry.status}, {entry.date}.\n\n{entry.text}"]
    return "\n\n".join(out)


HUGO_CONFIG = """\
baseURL = "https://planer.example.dk/"
languageCode = "da"
title = "Planer og opfølgning"
disableKinds = ["taxonomy", "term", "rss", "sitemap", "robotstxt", "404"]
"""

HUGO_LAYOUTS = {
    "baseof.html": """\
<!doctype html>
<html lang="da">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} · {{ .Site.Title }}</title>
</head>
<body>
<header><a href="{{ "/" | relURL }}">{{ .Site.Title }}</a></header>
<main>
{{ block "main" . }}{{ end }}
</main>
</body>
</html>
""",
    "single.html": """\
{{ define "main" }}
<nav>{{ with .Parent }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</nav>
<article>
<h1>{{ .Title }}</h1>
{{ .Content }}
</article>
{{ end }}
""",
    "list.html": """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ .Content }}
<ul>
{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
{{ end }}</ul>
{{ end }}
""",
}


def write_hugo(corpus: Corpus, out: Path) -> None:
    """A Hugo site: one section per unit, a sub-section (_index.md) per plan, a page per goal."""
    _prepare(out)
    _write(out / "hugo.toml", HUGO_CONFIG)
    for name, text in HUGO_LAYOUTS.items():
        _write(out / "layouts" / name, text)
    content = out / "content"
    _write(content / "_index.md", "---\ntitle: Planer og opfølgning\n---\n")
    for unit in corpus.plan_units:
        _write(content / unit.key / "_index.md",
               f"---\ntitle: {_quote(unit.name)}\n---\n\n{unit.description}\n")
    for plan in corpus.plans:
        folder = content / plan.unit.key / str(plan.year)
        _write(folder / "_index.md",
               f"---\ntitle: {_quote(plan.title)}\ndate: {plan.year}-01-15\n---\n\n"
               f"{plan_list_markdown(plan)}\n")
        for weight, goal in enumerate(plan.goals, 1):
            _write(folder / f"{goal.id}.md",
                   f"---\ntitle: {_quote(goal.title)}\ndate: {plan.year}-01-15\n"
                   f"weight: {weight}\n---\n\n{goal_markdown(goal)}\n")


PELICAN_CONFIG = """\
SITENAME = "Planer og opfølgning"
SITEURL = ""
PATH = "content"
TIMEZONE = "Europe/Copenhagen"
DEFAULT_LANG = "da"
THEME = "theme"
RELATIVE_URLS = False
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
DEFAULT_PAGINATION = False
DIRECT_TEMPLATES = ["index"]
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
TAG_SAVE_AS = ""
TAGS_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
ARCHIVES_SAVE_AS = ""
ARTICLE_URL = "{category}/{slug}/"
ARTICLE_SAVE_AS = "{category}/{slug}/index.html"
CATEGORY_URL = "{slug}/"
CATEGORY_SAVE_AS = "{slug}/index.html"
"""

_PELICAN_BASE = """\
<!doctype html>
<html lang="da">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{% block title %}{{ SITENAME }}{% endblock %}</title>
</head>
<body>
<header><a href="{{ SITEURL }}/">{{ SITENAME }}</a></header>
<main>
{% block content %}{% endblock %}
</main>
</body>
</html>
"""

_PELICAN_EMPTY = '{% extends "base.html" %}\n'

PELICAN_TEMPLATES = {
    "base.html": _PELICAN_BASE,
    "index.html": """\
{% extends "base.html" %}
{% block content %}
<h1>{{ SITENAME }}</h1>
<ul>
{% for category, articles in categories %}<li><a href="{{ SITEURL }}/{{ category.url }}">\
{{ category }}</a> ({{ articles|count }})</li>
{% endfor %}</ul>
{% endblock %}
""",
    "article.html": """\
{% extends "base.html" %}
{% block title %}{{ article.title|striptags }} · {{ SITENAME }}{% endblock %}
{% block content %}
<nav><a href="{{ SITEURL }}/{{ article.category.url }}">{{ article.category }}</a></nav>
<article>
<h1>{{ article.title }}</h1>
{{ article.content }}
</article>
{% endblock %}
""",
    "category.html": """\
{% extends "base.html" %}
{% block title %}{{ category }} · {{ SITENAME }}{% endblock %}
{% block content %}
<h1>{{ category }}</h1>
<ul>
{% for article in articles %}<li><a href="{{ SITEURL }}/{{ article.url }}">\
{{ article.title }}</a></li>
{% endfor %}</ul>
{% endblock %}
""",
    **{name: _PELICAN_EMPTY for name in (
        "page.html", "tag.html", "tags.html", "author.html", "authors.html",
        "categories.html", "archives.html", "period_archives.html")},
}


def write_pelican(corpus: Corpus, out: Path) -> None:
    """A Pelican project: one article per goal, category = its plan, a minimal theme."""
    _prepare(out)
    _write(out / "pelicanconf.py", PELICAN_CONFIG)
    for name, text in PELICAN_TEMPLATES.items():
        _write(out / "theme" / "templates" / name, text)
    for plan in corpus.plans:
        for goal in plan.goals:
            _write(out / "content" / plan.unit.key / str(plan.year) / f"{goal.id}.md",
                   f"Title: {goal.title}\nDate: {plan.year}-01-15\n"
                   f"Category: {plan.title}\n"
                   f"Slug: {plan.unit.key}-{plan.year}-{goal.id}\n\n"
                   f"{goal_markdown(goal)}\n")


# --- editing a goal (for rebuild and serve benchmarks) ------------------------------------

def append_to_goal_source(path: Path, goal_id: str, sentence: str,
                          scratch: Path | None = None) -> None:
    """Append a line to the first paragraph of goal `goal_id` in a plansite plan source.

    With `scratch` (a folder on the same file system, outside the content folder) the
    file is replaced atomically, so a watching server never reads it half-written.
    """
    lines = path.read_text("utf-8").split("\n")
    for index in range(1, len(lines) - 2):
        if lines[index] == f"id: {goal_id}" and lines[index - 1].startswith("### "):
            lines.insert(_paragraph_end(lines, index + 2), sentence)
            _replace(path, "\n".join(lines), scratch)
            return
    raise ValueError(f"goal {goal_id!r} not found in {path}")


def append_to_page(path: Path, sentence: str, scratch: Path | None = None) -> None:
    """Append a line to the first paragraph after the front matter (Hugo) or metadata
    (Pelican) of a one-goal page."""
    lines = path.read_text("utf-8").split("\n")
    start = lines.index("", 1) + 1 if lines[0] != "---" else lines.index("---", 1) + 2
    lines.insert(_paragraph_end(lines, start), sentence)
    _replace(path, "\n".join(lines), scratch)


def _replace(path: Path, text: str, scratch: Path | None) -> None:
    if scratch is None:
        path.write_bytes(text.encode("utf-8"))
        return
    temp = scratch / f".{path.name}.edit"
    temp.write_bytes(text.encode("utf-8"))
    os.replace(temp, path)


def _paragraph_end(lines: list[str], start: int) -> int:
    end = start
    while end < len(lines) and lines[end].strip():
        end += 1
    return end


# --- command line ---------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.corpus",
        description="Write a deterministic synthetic plansite content folder.")
    parser.add_argument("--goals", type=int, required=True, help="number of goals in total")
    parser.add_argument("--out", type=Path, required=True, help="content folder to write")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default: 1)")
    args = parser.parse_args(argv)
    corpus = generate(args.goals, args.seed)
    write_plansite(corpus, args.out)
    print(f"{args.out}: {len(corpus.plan_units)} units with plans, {len(corpus.units)} units "
          f"in units.yaml, {len(corpus.plans)} plans, "
          f"{sum(len(p.goals) for p in corpus.plans)} goals, "
          f"{sum(len(p.follow_ups) for p in corpus.plans)} follow-up entries")
    return 0


if __name__ == "__main__":
    sys.exit(main())
