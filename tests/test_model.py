"""The linked site: focus areas by key, and each theme's track through a unit's plans."""

from pathlib import Path

from plansite import config, content, links, priorities
from plansite.errors import Report
from plansite.model import Site, Track
from tests.conftest import DEMO, PLAN_2015, PLAN_2016, make_content


def load_site(content_dir: Path) -> Site:
    """Parse and link a content folder (sources → plans → site), failing on any error."""
    report = Report()
    site_path, units_path = content_dir / "site.yaml", content_dir / "units.yaml"
    site_config = config.parse_site(site_path, site_path.read_text(encoding="utf-8"), report)
    units = config.parse_units(units_path, units_path.read_text(encoding="utf-8"), report,
                               site_config.base_url)
    statuses = site_config.statuses
    plans = []
    for path in sorted((content_dir / "plans").rglob("*.md")):
        plan = content.parse_plan(path, path.read_text(encoding="utf-8"), statuses,
                                  site_config.base_url, report)
        if plan is not None:
            plans.append(plan)
    themes_path = content_dir / priorities.FILE
    themes = priorities.parse(themes_path, themes_path.read_text(encoding="utf-8"), report,
                              site_config.base_url) if themes_path.is_file() else {}
    site = links.link(site_config, units, plans, report, themes=themes)
    assert report.errors == []
    return site


def test_a_focus_area_kept_in_the_next_plan_is_one_track(tmp_path: Path):
    plan_2016 = PLAN_2016.replace("## Trivsel\nid: trivsel", "## Sundhed igen\nid: sundhed")
    site = load_site(make_content(tmp_path, {"sundhedsplejen/2015.md": PLAN_2015,
                                             "sundhedsplejen/2016.md": plan_2016}))
    track = site.tracks["sundhedsplejen/sundhed"]
    assert track == Track("sundhedsplejen", "sundhed",
                          ("sundhedsplejen/2015/sundhed", "sundhedsplejen/2016/sundhed"))
    assert site.track_of("sundhedsplejen/2016/sundhed") is track
    assert site.focus_areas["sundhedsplejen/2016/sundhed"].title == "Sundhed igen"


def test_a_focus_area_used_once_is_a_track_of_one(tmp_path: Path):
    site = load_site(make_content(tmp_path, {"sundhedsplejen/2015.md": PLAN_2015,
                                             "sundhedsplejen/2016.md": PLAN_2016}))
    assert site.tracks["sundhedsplejen/trivsel"].areas == ("sundhedsplejen/2016/trivsel",)
    assert site.track_of("sundhedsplejen/2016/ukendt") is None


def test_demo_focus_areas_are_the_linked_plans_own_and_each_on_one_track():
    site = load_site(DEMO)
    in_plans = [area for plan in site.plans.values() for area in plan.focus_areas]
    assert list(site.focus_areas.values()) == in_plans
    assert all(site.focus_areas[area.key] is area for area in in_plans)
    on_tracks = [key for track in site.tracks.values() for key in track.areas]
    assert sorted(on_tracks) == sorted(site.focus_areas)
    for key, track in site.tracks.items():
        assert key == track.key
        periods = [site.plans[site.focus_areas[area].plan].period for area in track.areas]
        assert periods == sorted(periods)
        assert all(site.track_of(area) is track for area in track.areas)
