"""Incremental equals clean, proven: after any sequence of edits, what a cached `build`
and the live preview publish is byte for byte what a clean build makes.

Hypothesis edits a small site the way editors do (a goal's text, a status, a
date, a focus area's or plan's title, a focus area's id, so that it joins or leaves
a track, a unit's name, the site title, a template override, `fortsætter-som`,
follow-ups, plans added, deleted and renamed, images and PDFs beside the plans
written, replaced and deleted). After
every edit it builds the same sources three ways and compares every file:

- `build(..., cache_dir=...)`, the cached incremental build;
- the live preview (`Preview.rebuild` + `finish`) updating its folder in place;
- a clean build (`cache_dir=None`) into a fresh folder, in a forked process
  from a fresh copy of the sources, so nothing this process remembers (parsed
  plans, compiled templates) can make the reference stale too.

A page that lists too few plans in its `sources` keeps its old bytes in the
incremental builds and shows up here as a differing file. An edit that breaks
the site (a deleted plan that others follow up) must fail all three builds and
leave both published folders as they were; then an editor's fix follows.
"""

from __future__ import annotations

import difflib
import json
import os
import shutil
import tempfile
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from hypothesis import event, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

import plansite
from plansite import search
from plansite.errors import BuildFailed
from plansite.pipeline import build
from plansite.serve import Preview

# The default theme beside the plansite package that is tested.
DEFAULT_TEMPLATES = Path(plansite.__file__).resolve().parent.parent / "themes/default/templates"

UNITS = ("sundhedsplejen", "tandplejen")
PERIODS = ("2014", "2015", "2016", "2017", "2018", "2019")
STATUSES = ("achieved", "partly", "not-achieved", "in-progress", "continued", "dropped",
            "not-assessed")
DATES = (None, "maj 2016", "2016", "medio 2017", "2017-01-15", "december 2015", "jan 2018")
WORDS = ("Hjemmebesøg", "Ro på", "Trivsel", "Sundhed", "Tænder", "Amning", "Søvn", "Æblet",
         "Små børn", "Familier", "*Fremhævet*", "[link](/sundhedsplejen/)", "R&D", "<b>fed</b>",
         "![Logo](logo.png)")
ATTACHMENTS = ("kort.png", "bilag/plan.pdf", "Økonomi 2016.pdf", "logo.png")
"""Files beside the plans; logo.png (which texts show) is replaced, never deleted."""
GOAL_IDS = ("hjemmebesoeg", "ro-paa", "amning", "soevn", "tandboerstning", "kost")
AREA_IDS = ("sundhed", "trivsel", "taender")

# Where a marker shows up in each template's output.
TEMPLATE_ANCHORS = {name: "{% block content %}" for name in
                    ("goal.html", "plan.html", "unit.html", "period.html", "index.html",
                     "data.html", "focus_area.html", "track.html")}
TEMPLATE_ANCHORS["base.html"] = "<body>"
TEMPLATE_ANCHORS["print.html"] = '<main id="ps-main" class="wrap">'
TEMPLATE_ANCHORS["macros.html"] = "{% macro status(key) -%}"

words = st.lists(st.sampled_from(WORDS), min_size=1, max_size=3).map(" ".join)
markers = st.text("abcæøå", min_size=1, max_size=4).map(lambda s: f"<i>mærke {s}</i>")


# --- the site as an editor sees it: text that is written to files -------------------------

@dataclass
class Goal:
    id: str
    title: str
    text: str


@dataclass
class Area:
    id: str
    title: str
    goals: list[Goal]


@dataclass
class Entry:
    """A follow-up entry; `ref` and `continued_as` are written as the editor typed them."""

    ref: str
    status: str
    date: str | None = None
    continued_as: str | None = None
    text: str = "Det gik godt."


@dataclass
class PlanSource:
    unit: str
    period: str
    areas: list[Area]
    entries: list[Entry] = field(default_factory=list)
    title: str = ""

    @property
    def key(self) -> str:
        return f"{self.unit}/{self.period}"

    def goal_ids(self) -> list[str]:
        return [goal.id for area in self.areas for goal in area.goals]

    def text(self) -> str:
        lines = ["---", f"unit: {self.unit}", f"period: {self.period}",
                 f"title: {json.dumps(self.title or 'Plan ' + self.period, ensure_ascii=False)}",
                 "---", ""]
        for area in self.areas:
            lines += [f"## {area.title}", f"id: {area.id}", ""]
            for goal in area.goals:
                lines += [f"### {goal.title}", f"id: {goal.id}", "", goal.text, ""]
        if self.entries:
            lines += ["## Opfølgning", ""]
            for entry in self.entries:
                lines += [f"### Opfølgning på {entry.ref}", f"mål: {entry.ref}",
                          f"status: {entry.status}"]
                lines += [f"dato: {entry.date}"] if entry.date else []
                lines += [f"fortsætter-som: {entry.continued_as}"] if entry.continued_as else []
                lines += ["", entry.text, ""]
        return "\n".join(lines)


def starting_plans() -> list[PlanSource]:
    """Three plans of one unit in consecutive years and one of another unit.

    2015/hjemmebesoeg → 2016/hjemmebesoeg → 2017/ro-paa is a `fortsætter-som`
    chain; references use all three forms (id, period/id, unit/period/id).
    """
    return [
        PlanSource("sundhedsplejen", "2015", [Area("sundhed", "Sundhed", [
            Goal("hjemmebesoeg", "Hjemmebesøg", "Vi besøger alle."),
            Goal("amning", "Amning", "Støtte til amning.")])]),
        PlanSource("sundhedsplejen", "2016", [Area("trivsel", "Trivsel", [
            Goal("hjemmebesoeg", "Hjemmebesøg igen", "Flere besøg."),
            Goal("ro-paa", "Ro på", "Tekst.")])], [
            Entry("2015/hjemmebesoeg", "continued", "maj 2016", "hjemmebesoeg"),
            Entry("amning", "achieved")]),
        PlanSource("sundhedsplejen", "2017", [Area("trivsel", "Trivsel", [
            Goal("ro-paa", "Ro på, fortsat", "Tekst.")])], [
            Entry("2016/hjemmebesoeg", "continued", "2017-01-15", "ro-paa"),
            Entry("2016/ro-paa", "partly", "medio 2017")]),
        PlanSource("tandplejen", "2016", [Area("taender", "Tænder", [
            Goal("tandboerstning", "Tandbørstning", "Børn børster tænder.")])], [
            Entry("sundhedsplejen/2015/amning", "partly", "december 2015")]),
    ]


def previous_of(plans: dict[str, PlanSource], plan: PlanSource) -> PlanSource | None:
    earlier = [p for p in plans.values() if p.unit == plan.unit and p.period < plan.period]
    return max(earlier, key=lambda p: p.period) if earlier else None


def resolve(plans: dict[str, PlanSource], plan: PlanSource, ref: str,
            default: PlanSource | None) -> str | None:
    """The goal a reference names, as the site links it (None if there is no such goal)."""
    parts = ref.split("/")
    if len(parts) == 1:
        key = f"{default.key}/{ref}" if default is not None else ""
    else:
        key = "/".join(parts) if len(parts) == 3 else f"{plan.unit}/{ref}"
    owner, _, goal = key.rpartition("/")
    return key if owner in plans and goal in plans[owner].goal_ids() else None


# --- files on disk --------------------------------------------------------------------------

def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def differences(expected: dict[str, bytes], actual: dict[str, bytes]) -> str:
    """Which files differ from the clean build, and the first changed lines of each."""
    lines = [f"missing: {name}" for name in sorted(set(expected) - set(actual))]
    lines += [f"extra: {name}" for name in sorted(set(actual) - set(expected))]
    for name in sorted(set(expected) & set(actual)):
        if expected[name] != actual[name]:
            diff = difflib.unified_diff(
                expected[name].decode("utf-8", "replace").splitlines(),
                actual[name].decode("utf-8", "replace").splitlines(),
                "clean", "incremental", n=0, lineterm="")
            lines += [f"differs: {name}", *(f"    {line}" for line in list(diff)[2:10])]
    return "\n".join(lines)


def clean_build(content: Path, copy: Path, out: Path) -> str | None:
    """Build `content` from scratch in a forked process; None, or why it failed.

    The child copies the sources to a folder this process never built, so no
    per-process memo keyed by the content folder (the theme's compiled
    templates) is shared with the builds under test; what it learns dies with it.
    """
    shutil.rmtree(copy, ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)
    report = out.with_name(out.name + ".failed")
    report.unlink(missing_ok=True)
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        code = 1
        try:
            shutil.copytree(content, copy)
            build(copy, out)
            code = 0
        except BuildFailed:
            code = 3
        except BaseException:  # noqa: BLE001 - reported by the parent
            report.write_text(traceback.format_exc(), encoding="utf-8")
        os._exit(code)
    _pid, status = os.waitpid(pid, 0)
    code = os.waitstatus_to_exitcode(status)
    if code == 3:
        return "build failed"
    if code != 0:
        detail = report.read_text("utf-8") if report.exists() else f"exit code {code}"
        raise AssertionError(f"the clean build crashed:\n{detail}")
    return None


# --- the state machine ----------------------------------------------------------------------

class EditSequence(RuleBasedStateMachine):
    """Random edits to a small site; after each, cached and live builds equal a clean one."""

    def __init__(self) -> None:
        super().__init__()
        self.tmp = Path(tempfile.mkdtemp(prefix="plansite-incr-"))
        self.content = self.tmp / "content"
        self.clock = time.time_ns()
        self.site_title = "Testplaner"
        self.unit_names = {"sundhedsplejen": "Sundhedsplejen", "tandplejen": "Tandplejen"}
        self.plans = {plan.key: plan for plan in starting_plans()}
        self.overrides: dict[str, str] = {}
        self.out_build, self.out_live = self.tmp / "site", self.tmp / "live"
        self.cache = self.tmp / "cache"
        self.edits: list[str] = []
        self.fixing = False

    @initialize(theme=st.sampled_from([None, *sorted(TEMPLATE_ANCHORS)]))
    def publish(self, theme) -> None:
        """Publish the starting site, with or without a theme of its own."""
        self.write_yaml()
        for plan in self.plans.values():
            self.write_plan(plan)
        for unit in UNITS:
            self.write(self.content / "plans" / unit / "logo.png", b"\x89PNG logo")
        if theme is not None:
            self.write_override(theme, "<i>eget tema</i>")
            self.edits.append(f"(the site starts with theme/templates/{theme})")
        build(self.content, self.out_build, cache_dir=self.cache)
        self.preview = Preview(self.content, self.out_live, format_problem=str)
        self.preview.initial_build()
        assert not self.preview.errors, self.preview.errors

    def teardown(self) -> None:
        shutil.rmtree(self.tmp, ignore_errors=True)

    # Writing: every write gets a later mtime, so a same-size rewrite within one
    # clock tick is still seen as changed (this tests dependencies, not the clock).

    def write(self, path: Path, text: str | bytes) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
        self.clock = max(self.clock + 1_000_000, time.time_ns())
        os.utime(path, ns=(self.clock, self.clock))

    def write_yaml(self) -> None:
        title = json.dumps(self.site_title, ensure_ascii=False)  # a YAML string, quoted
        self.write(self.content / "site.yaml", f"title: {title}\npublisher: Testkommune\n")
        units = "".join(f"{key}:\n  name: {json.dumps(name, ensure_ascii=False)}\n  level: unit\n"
                        for key, name in self.unit_names.items())
        self.write(self.content / "units.yaml", units)

    def plan_path(self, plan: PlanSource) -> Path:
        return self.content / "plans" / plan.unit / f"{plan.period}.md"

    def write_plan(self, plan: PlanSource) -> None:
        self.write(self.plan_path(plan), plan.text())

    def edited(self, description: str, *plans: PlanSource) -> None:
        self.edits.append(description)
        for plan in plans:
            self.write_plan(plan)
        if self.check() and not self.fixing:
            # An editor fixes what the error points at; the fix is an edit too.
            self.fixing = True
            self.fix_errors()
            self.fixing = False

    def fix_errors(self) -> None:
        """Drop follow-ups of goals that are gone and `fortsætter-som` that cannot hold."""
        changed = []
        continues: dict[str, str] = {}
        continued_from: dict[str, str] = {}
        for plan in sorted(self.plans.values(), key=lambda p: (p.period, p.unit)):
            before = plan.text()
            previous = previous_of(self.plans, plan)
            kept = []
            for entry in plan.entries:
                target = resolve(self.plans, plan, entry.ref, previous)
                if target is None:
                    continue
                if entry.continued_as:
                    later = resolve(self.plans, plan, entry.continued_as, plan)
                    if later is None or later == target or \
                            continues.get(target, later) != later or \
                            continued_from.get(later, target) != target:
                        entry.continued_as = None
                    else:
                        continues[target], continued_from[later] = later, target
                kept.append(entry)
            plan.entries = kept
            if plan.text() != before:
                changed.append(plan)
        if changed:
            self.edited("fix: follow-ups of missing goals and conflicting chains removed",
                        *changed)

    # The check after every edit.

    def check(self) -> bool:
        """Compare the three builds; True when the edit broke the site."""
        before_build, before_live = tree(self.out_build), tree(self.out_live)
        failed = clean_build(self.content, self.tmp / "clean-content", self.tmp / "clean")
        steps = "\n".join(f"  {i}. {edit}" for i, edit in enumerate(self.edits, 1))
        event("site broken by the edit" if failed else "site valid after the edit")
        try:
            build(self.content, self.out_build, cache_dir=self.cache)
        except BuildFailed as error:
            assert failed, f"the cached build failed where a clean one did not, after:\n" \
                           f"{steps}\n{error}"
        else:
            assert not failed, f"the cached build succeeded where a clean one failed, " \
                               f"after:\n{steps}"
        self.preview.rebuild()
        self.preview.finish()
        search.wait(self.out_live)  # the preview reindexes in the background (plansite.search)
        assert bool(self.preview.errors) == bool(failed), \
            f"preview errors {self.preview.errors} but clean build: {failed}, after:\n{steps}"
        if failed:
            assert tree(self.out_build) == before_build, "a failed build changed the site"
            assert tree(self.out_live) == before_live, "the preview changed the site on errors"
            return True
        clean = tree(self.tmp / "clean")
        for name, folder in (("cached build", self.out_build), ("live preview", self.out_live)):
            found = differences(clean, tree(folder))
            assert not found, f"{name} differs from a clean build after:\n{steps}\n{found}"
        return False

    @invariant()
    def files_match_the_model(self) -> None:
        on_disk = sorted(p.relative_to(self.content / "plans").as_posix()
                         for p in (self.content / "plans").rglob("*.md"))
        assert on_disk == sorted(f"{key}.md" for key in self.plans)

    # Helpers to pick what to edit.

    def pick_plan(self, data, with_entries: bool = False) -> PlanSource:
        keys = [key for key, plan in self.plans.items() if plan.entries or not with_entries]
        return self.plans[data.draw(st.sampled_from(sorted(keys)), label="plan")]

    def has_entries(self) -> bool:
        return any(plan.entries for plan in self.plans.values())

    # Edits of text.

    @rule(data=st.data(), title=st.booleans(), text=words)
    def edit_goal(self, data, title, text) -> None:
        plan = self.pick_plan(data)
        goals = [goal for area in plan.areas for goal in area.goals]
        goal = data.draw(st.sampled_from(goals), label="goal")
        if title:
            goal.title = text
        else:
            goal.text = text
        self.edited(f"{plan.key}: goal {goal.id} {'title' if title else 'text'} = {text!r}",
                    plan)

    @precondition(has_entries)
    @rule(data=st.data(), status=st.sampled_from(STATUSES))
    def edit_status(self, data, status) -> None:
        plan = self.pick_plan(data, with_entries=True)
        entry = data.draw(st.sampled_from(plan.entries), label="entry")
        entry.status = status
        self.edited(f"{plan.key}: follow-up of {entry.ref} status: {status}", plan)

    @precondition(has_entries)
    @rule(data=st.data(), date=st.sampled_from(DATES))
    def edit_date(self, data, date) -> None:
        plan = self.pick_plan(data, with_entries=True)
        entry = data.draw(st.sampled_from(plan.entries), label="entry")
        entry.date = date
        self.edited(f"{plan.key}: follow-up of {entry.ref} dato: {date}", plan)

    @rule(data=st.data(), title=words)
    def edit_focus_area_title(self, data, title) -> None:
        plan = self.pick_plan(data)
        area = data.draw(st.sampled_from(plan.areas), label="area")
        area.title = title
        self.edited(f"{plan.key}: focus area {area.id} title = {title!r}", plan)

    @rule(data=st.data(), area_id=st.sampled_from(AREA_IDS))
    def edit_focus_area_id(self, data, area_id) -> None:
        """A focus area takes another id: it joins or leaves a track of its unit."""
        plan = self.pick_plan(data)
        area = data.draw(st.sampled_from(plan.areas), label="area")
        if any(other.id == area_id for other in plan.areas):
            return
        old, area.id = area.id, area_id
        self.edited(f"{plan.key}: focus area {old} id = {area_id}", plan)

    @rule(data=st.data(), title=words)
    def edit_plan_title(self, data, title) -> None:
        plan = self.pick_plan(data)
        plan.title = title
        self.edited(f"{plan.key}: plan title = {title!r}", plan)

    @rule(unit=st.sampled_from(UNITS), name=words)
    def rename_unit(self, unit, name) -> None:
        self.unit_names[unit] = name
        self.write_yaml()
        self.edited(f"units.yaml: {unit} name = {name!r}")

    @rule(title=words)
    def edit_site_title(self, title) -> None:
        self.site_title = title
        self.write_yaml()
        self.edited(f"site.yaml: title = {title!r}")

    # The theme.

    def write_override(self, name: str, marker: str) -> None:
        """A copy of the default template with a marker where it shows in the output."""
        anchor = TEMPLATE_ANCHORS[name]
        text = (DEFAULT_TEMPLATES / name).read_text("utf-8")
        assert anchor in text, f"{name} no longer has {anchor!r}: update TEMPLATE_ANCHORS"
        self.overrides[name] = marker
        self.write(self.content / "theme" / "templates" / name,
                   text.replace(anchor, anchor + marker, 1))

    @rule(name=st.sampled_from(sorted(TEMPLATE_ANCHORS)), marker=markers)
    def override_template(self, name, marker) -> None:
        self.write_override(name, marker)
        self.edited(f"theme/templates/{name} overridden with {marker!r}")

    @rule(data=st.data())
    def remove_override(self, data) -> None:
        if not self.overrides:  # (not a precondition: rules often disabled make examples invalid)
            return
        name = data.draw(st.sampled_from(sorted(self.overrides)), label="template")
        del self.overrides[name]
        (self.content / "theme" / "templates" / name).unlink()
        if not self.overrides:  # the last one: the site has no theme folder again
            shutil.rmtree(self.content / "theme")
        self.edited(f"theme/templates/{name} removed")

    # Files beside the plans.

    @rule(unit=st.sampled_from(UNITS), name=st.sampled_from(ATTACHMENTS),
          data=st.none() | st.binary(max_size=6))
    def edit_attachment(self, unit, name, data) -> None:
        """An image or PDF beside the plans written, replaced (maybe same size) or deleted."""
        path = self.content / "plans" / unit / name
        if data is None and (name == "logo.png" or not path.exists()):
            return
        if data is None:
            path.unlink()
        else:
            self.write(path, b"%PDF " + data)
        self.edited(f"plans/{unit}/{name} {'deleted' if data is None else f'= {data!r}'}")

    # Follow-ups and chains.

    @precondition(has_entries)
    @rule(data=st.data())
    def toggle_continued_as(self, data) -> None:
        plan = self.pick_plan(data, with_entries=True)
        entry = data.draw(st.sampled_from(plan.entries), label="entry")
        if entry.continued_as:
            entry.continued_as = None
        elif plan.goal_ids():
            entry.continued_as = data.draw(st.sampled_from(plan.goal_ids()), label="goal")
        self.edited(f"{plan.key}: follow-up of {entry.ref} fortsætter-som: "
                    f"{entry.continued_as}", plan)

    @rule(data=st.data(), status=st.sampled_from(STATUSES))
    def add_follow_up(self, data, status) -> None:
        plan = self.pick_plan(data)
        earlier = sorted(f"{p.key}/{goal}" for p in self.plans.values() if p.period < plan.period
                         for goal in p.goal_ids())
        if not earlier:
            return
        key = data.draw(st.sampled_from(earlier), label="goal")
        unit, period, goal = key.split("/")
        previous = previous_of(self.plans, plan)
        forms = [key] + ([f"{period}/{goal}"] if unit == plan.unit else []) + \
            ([goal] if previous is not None and previous.key == f"{unit}/{period}" else [])
        entry = Entry(data.draw(st.sampled_from(forms), label="written as"), status)
        plan.entries.append(entry)
        self.edited(f"{plan.key}: follow-up added, mål: {entry.ref} status: {status}", plan)

    @precondition(has_entries)
    @rule(data=st.data())
    def remove_follow_up(self, data) -> None:
        plan = self.pick_plan(data, with_entries=True)
        entry = data.draw(st.sampled_from(plan.entries), label="entry")
        plan.entries.remove(entry)
        self.edited(f"{plan.key}: follow-up of {entry.ref} removed", plan)

    # Plans added, deleted, renamed.

    def free_keys(self) -> list[str]:
        return [f"{unit}/{period}" for unit in UNITS for period in PERIODS
                if f"{unit}/{period}" not in self.plans]

    @precondition(free_keys)
    @rule(data=st.data(), follow_up=st.booleans())
    def add_plan(self, data, follow_up) -> None:
        unit, period = data.draw(st.sampled_from(self.free_keys()), label="new plan").split("/")
        ids = data.draw(st.lists(st.sampled_from(GOAL_IDS), min_size=1, max_size=2,
                                 unique=True), label="goals")
        area = Area(data.draw(st.sampled_from(AREA_IDS), label="area"), "Nyt område",
                    [Goal(goal, goal.capitalize(), "Ny tekst.") for goal in ids])
        plan = PlanSource(unit, period, [area])
        previous = previous_of(self.plans, plan)
        if follow_up and previous is not None:  # follow up the previous plan, as editors do
            plan.entries = [Entry(goal, "in-progress") for goal in previous.goal_ids()[:2]]
        self.plans[plan.key] = plan
        self.edited(f"{plan.key}: plan added with goals {ids}, follow-ups "
                    f"{[e.ref for e in plan.entries]}", plan)

    @precondition(lambda self: len(self.plans) > 1)
    @rule(data=st.data())
    def delete_plan(self, data) -> None:
        plan = self.pick_plan(data)
        del self.plans[plan.key]
        self.plan_path(plan).unlink()
        self.edited(f"{plan.key}: plan deleted")

    @precondition(free_keys)
    @rule(data=st.data())
    def rename_plan(self, data) -> None:
        """Move a plan to another period (or unit), front matter changed to match."""
        plan = self.pick_plan(data)
        old_key, old_path = plan.key, self.plan_path(plan)
        new_key = data.draw(st.sampled_from(self.free_keys()), label="renamed to")
        del self.plans[old_key]
        plan.unit, plan.period = new_key.split("/")
        self.plans[new_key] = plan
        old_path.unlink()
        self.edited(f"{old_key}: plan renamed to {new_key}", plan)

EditSequence.TestCase.settings = settings(
    settings.default,
    # Each step builds the site three times (about 1 s an example): a fifteenth of the
    # profile's examples keeps ci (2,000) near three minutes, nightly near half an hour.
    max_examples=max(10, settings.default.max_examples // 15),
    stateful_step_count=5,
)
test_incremental_equals_clean = EditSequence.TestCase
