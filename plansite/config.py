"""site.yaml and units.yaml: typed, validated, every problem reported at once."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from plansite import markdown, yamlsrc
from plansite import statuses as statuses_words
from plansite.errors import Report
from plansite.model import LEVELS, SiteConfig, Status, Unit
from plansite.slugs import RESERVED, is_slug
from plansite.validation import check_keys, suggest

LANGUAGES = ("da", "en")

DEFAULT_STATUSES: tuple[Status, ...] = (
    Status("achieved", {"da": "Opfyldt", "en": "Achieved"}),
    Status("partly", {"da": "Delvist opfyldt", "en": "Partly achieved"}),
    Status("not-achieved", {"da": "Ikke opfyldt", "en": "Not achieved"}),
    Status("in-progress", {"da": "I gang", "en": "In progress"}),
    Status("continued", {"da": "Videreført", "en": "Continued in the next plan"}),
    Status("dropped", {"da": "Udgået", "en": "Dropped"}),
    Status("not-assessed", {"da": "Ikke vurderet", "en": "Not yet assessed"}),
)

SITE_KEYS = ("title", "publisher", "language", "base_url", "description", "statuses",
             "site_url", "accessibility_statement", "contact", "repository")
UNIT_KEYS = ("name", "level", "parent", "municipality", "description")


def normalise_base_url(value: str) -> str:
    """Reduce a base URL to the path the site lives under: always "/…/"."""
    text = value.strip()
    if "://" in text:
        text = "/" + text.split("://", 1)[1].partition("/")[2]
    return "/" + "/".join(part for part in text.split("/") if part) + "/" if text.strip("/") \
        else "/"


def load_yaml_file(path: Path, text: str, report: Report) -> Any:
    """Load a YAML file, turning YAML trouble into a reported problem (None on failure)."""
    text, characters = yamlsrc.clean(text)
    for problem in characters:
        if problem.code == "yaml-tab":
            report.error(path, problem.line, problem.code, column=problem.column,
                         at=problem.column)
        else:
            report.warning(path, problem.line, problem.code, column=problem.column,
                           at=problem.column)
    try:
        return yamlsrc.load(text)
    except yamlsrc.YamlProblem as problem:
        report.error(path, problem.line, problem.code, column=problem.column,
                     detail=problem.detail)
        return None


def parse_site(path: Path, text: str, report: Report, base_url: str | None = None) -> SiteConfig:
    """Validate site.yaml; on errors, report them and return a usable default."""
    data = load_yaml_file(path, text, report)
    if data is None:
        data = yamlsrc.LineDict()
    if not isinstance(data, yamlsrc.LineDict):
        report.error(path, 1, "not-a-mapping")
        data = yamlsrc.LineDict()
    check_keys(data, SITE_KEYS, path, report)
    for required in ("title", "publisher"):
        if not str(data.get(required) or "").strip():
            report.error(path, 1, "missing-key", key=required)
    language = str(data.get("language", "da"))
    if language not in LANGUAGES:
        report.error(path, data.line_of("language"), "unknown-language", value=language,
                     allowed=", ".join(LANGUAGES))
        language = "da"
    statuses = DEFAULT_STATUSES
    if "statuses" in data:
        statuses = _parse_statuses(data["statuses"], path, data.line_of("statuses"), report)
    return SiteConfig(
        title=str(data.get("title") or ""),
        publisher=str(data.get("publisher") or ""),
        language=language,
        base_url=_base_url(data, path, report, base_url),
        description=str(data.get("description") or ""),
        statuses=statuses,
        site_url=_site_url(data, path, report, base_url),
        accessibility_statement=str(data.get("accessibility_statement") or "").strip(),
        contact_html=markdown.render_text(str(data.get("contact") or "")),
        repository=_repository(data, path, report),
    )


_SEGMENT = re.compile(r"[A-Za-z0-9._~!$&'()*+,;=:@%-]+")
_HOST = re.compile(r"[A-Za-z0-9.-]+(?::[0-9]{1,5})?")


def valid_base_url(value: str) -> bool:
    """A URL path ("/planer/") or an absolute http(s) URL, and nothing a browser would read
    as another host: no backslash (`/\\evil.example`) or `//` at the start, no spaces or
    control characters, no `.`/`..` segments, no query or fragment."""
    text = value.strip()
    if text.startswith("//"):
        return False  # protocol-relative: another host
    if "://" in text:
        scheme, rest = text.split("://", 1)
        host, _, text = rest.partition("/")
        if scheme.lower() not in ("http", "https") or not _HOST.fullmatch(host):
            return False
        text = "/" + text
    if not text.startswith("/") and text:
        text = "/" + text
    segments = [part for part in text.split("/") if part]
    return all(_SEGMENT.fullmatch(part) and part not in (".", "..") for part in segments)


def _base_url(data: yamlsrc.LineDict, path: Path, report: Report,
              override: str | None) -> str:
    """The base path from --base-url or site.yaml; an unsafe one is an error (and "/")."""
    value = override if override is not None else str(data.get("base_url") or "/")
    if not valid_base_url(value):
        line = 0 if override is not None else data.line_of("base_url")
        report.error(path, line, "bad-base-url", value=value,
                     where="--base-url" if override is not None else "base_url")
        return "/"
    return normalise_base_url(value)


def _repository(data: yamlsrc.LineDict, path: Path, report: Report) -> str:
    """The repository's web address, for links to each change in the edit history."""
    text = str(data.get("repository") or "").strip().rstrip("/")
    if text and not text.startswith(("https://", "http://")):
        report.error(path, data.line_of("repository"), "repository-invalid", value=text)
        return ""
    return text


def _site_url(data: yamlsrc.LineDict, path: Path, report: Report,
              override: str | None = None) -> str:
    """The public origin ("https://host"): that of a full --base-url (it names where this
    build is served), else `site_url`, else a full `base_url`; "" if none."""
    if override is not None and "://" in override:
        scheme, rest = override.strip().split("://", 1)
        return f"{scheme}://{rest.split('/', 1)[0]}"
    text = str(data.get("site_url") or "").strip()
    if text and not text.startswith(("https://", "http://")):
        report.error(path, data.line_of("site_url"), "site-url-invalid", value=text)
        return ""
    if not text and "://" in str(data.get("base_url") or ""):
        text = str(data.get("base_url")).strip()
    if not text:
        return ""
    scheme, rest = text.split("://", 1)
    return f"{scheme}://{rest.split('/', 1)[0]}"


def fallback_site(base_url: str | None) -> SiteConfig:
    """The config used when site.yaml is missing (already reported), so checking goes on."""
    return SiteConfig(title="", publisher="", base_url=normalise_base_url(base_url or "/"),
                      statuses=DEFAULT_STATUSES)


STATUS_KEYS = ("key", *LANGUAGES, "words", "ord")
"""Keys of one entry of site.yaml's `statuses`; `ord` is the Danish spelling of `words`."""


def _parse_statuses(value: Any, path: Path, line: int, report: Report) -> tuple[Status, ...]:
    if not isinstance(value, list) or not value:
        report.error(path, line, "statuses-not-list")
        return DEFAULT_STATUSES
    parsed: list[tuple[Status, int, dict[str, int]]] = []
    for item in value:
        if not isinstance(item, yamlsrc.LineDict) or not is_slug(str(item.get("key", ""))):
            where = item.line_of("key", line) if isinstance(item, yamlsrc.LineDict) else line
            report.error(path, where, "status-entry-invalid")
            continue
        labels = {lang: str(item.get(lang) or item["key"]) for lang in LANGUAGES}
        check_keys(item, STATUS_KEYS, path, report)
        words = {word: item.line_of(name) for name in ("words", "ord")
                 for word in _status_words(item, name, path, report)}
        parsed.append((Status(str(item["key"]), labels, tuple(words)),
                       item.line_of("key", line), words))
    result = tuple(status for status, _, _ in parsed)
    for word, first, second in statuses_words.conflicts(result):
        _, key_line, word_lines = next(entry for entry in parsed if entry[0].key == second)
        report.error(path, word_lines.get(word, key_line), "status-word-taken", word=word,
                     key=second, other=first)
    return result or DEFAULT_STATUSES


def _status_words(item: yamlsrc.LineDict, name: str, path: Path, report: Report) -> list[str]:
    """The extra words of one status entry: a list (or one word) under `words:` or `ord:`."""
    value = item.get(name)
    if value is None:
        return []
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        value = [value]
    if not isinstance(value, list) or not all(
            isinstance(word, (str, int, float)) and not isinstance(word, bool) for word in value):
        report.error(path, item.line_of(name), "status-words-invalid", key=name)
        return []
    return [str(word).strip() for word in value if str(word).strip()]


def parse_units(path: Path, text: str, report: Report, base_url: str) -> dict[str, Unit]:
    """Validate units.yaml: a mapping of unit key to unit, parents defined, no cycles."""
    data = load_yaml_file(path, text, report)
    if data is None:
        return {}
    if not isinstance(data, yamlsrc.LineDict):
        report.error(path, 1, "not-a-mapping")
        return {}
    units: dict[str, Unit] = {}
    for key, entry in data.items():
        line = data.line_of(key)
        key = str(key)
        if not is_slug(key) or key in RESERVED:
            report.error(path, line, "bad-unit-key", key=key, reserved=", ".join(RESERVED))
            continue
        if not isinstance(entry, yamlsrc.LineDict):
            report.error(path, line, "unit-not-mapping", key=key)
            continue
        check_keys(entry, UNIT_KEYS, path, report)
        name = str(entry.get("name") or "").strip()
        if not name:
            report.error(path, line, "missing-key", key="name")
        level = str(entry.get("level") or "department")
        if level not in LEVELS:
            report.error(path, entry.line_of("level", line), "unknown-level", value=level,
                         allowed=", ".join(LEVELS))
        parent = entry.get("parent")
        units[key] = Unit(
            key=key, name=name or key, level=level,
            parent=str(parent) if parent is not None else None,
            municipality=str(entry.get("municipality") or ""),
            description_html=markdown.render_text(str(entry.get("description") or ""), base_url),
            path=path, line=line,
        )
    for unit in units.values():
        if unit.parent is not None and unit.parent not in units:
            report.error(path, unit.line, "unknown-parent", key=unit.key, parent=unit.parent,
                         suggestion=suggest(unit.parent, units))
    _check_cycles(units, path, report)
    return units


def _check_cycles(units: dict[str, Unit], path: Path, report: Report) -> None:
    for unit in units.values():
        seen = {unit.key}
        parent = unit.parent
        while parent in units:
            if parent in seen:
                report.error(path, unit.line, "unit-cycle", key=unit.key)
                break
            seen.add(parent)
            parent = units[parent].parent
