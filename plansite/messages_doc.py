"""The editors' catalogue of messages (docs/guide/meddelelser.md), made from the code's catalogue.

Every `error.<code>`, `warning.<code>` and `hint.<code>` key of
`plansite/locales/da.yaml` becomes one entry: the message as the editor sees
it (placeholders shown as "…", so Ctrl+F finds it), how to fix it, and the
code. Entries are grouped by topic; a code no topic claims lands in the last
group, so a new message is never left out. `tests/test_docs.py` fails when the
committed page differs from `render`'s output; regenerate it with

    .venv/bin/python -m plansite.messages_doc
"""

from __future__ import annotations

import re
import string
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from plansite.i18n import Catalogue

OUTPUT = Path(__file__).resolve().parent.parent / "docs" / "guide" / "meddelelser.md"
COMMAND = ".venv/bin/python -m plansite.messages_doc"
MESSAGE_PREFIXES = ("error.", "warning.")
HINT_PREFIX = "hint."


@dataclass(frozen=True)
class Topic:
    title: str
    """The group's heading."""
    guide: tuple[tuple[str, str], ...]
    """Where the guide explains the topic: (page title, link relative to docs/guide/)."""
    codes: tuple[str, ...] = ()
    """Codes of this topic, in the order they are listed (the rest follow by name)."""
    prefixes: tuple[str, ...] = ()
    """Codes starting with one of these belong here too."""


TOPICS: tuple[Topic, ...] = (
    Topic("Hovedet", (("Hovedet", "plan.md#hovedet"),),
          ("no-front-matter", "front-matter-not-closed", "front-matter-not-mapping",
           "missing-key", "unknown-key", "duplicate-key", "unknown-kind", "bad-source-url",
           "duplicate-plan")),
    Topic("Linjer med nøgle: værdi (YAML)",
          (("Linjer med nøgle: værdi", "fejl.md#linjer-med-nøgle-værdi"),),
          ("yaml-syntax", "yaml-missing-colon", "yaml-colon-in-value", "yaml-unclosed-quote",
           "yaml-unclosed-bracket", "yaml-bad-start", "yaml-after-value", "yaml-duplicate-key",
           "yaml-tab", "yaml-nbsp", "yaml-zero-width", "yaml-alias", "yaml-bad-key",
           "yaml-too-deep"), ("yaml-",)),
    Topic("Overskrifter, nøglelinjer og id'er",
          (("Indledning, indsatsområder og mål", "plan.md#indledning-indsatsområder-og-mål"),
           ("Nøglelinjer", "plan.md#nøglelinjer"),
           ("Id'er", "maal.md#ider-må-aldrig-ændres")),
          ("goal-before-focus-area", "missing-id", "bad-id", "duplicate-goal-id",
           "duplicate-focus-area-id", "heading-level", "heading-level-read", "stray-key-line",
           "goal-in-follow-up-part", "unclosed-fence", "hidden-heading")),
    Topic("Opfølgning og status", (("Opfølgning", "opfoelgning.md"),),
          ("follow-up-in-focus-area", "missing-goal-ref", "missing-status", "unknown-status",
           "unknown-goal", "no-previous-plan", "target-has-errors", "unknown-continued-as",
           "chain-to-itself", "chain-conflict", "follow-ups-disagree", "follow-up-not-filled",
           "goal-not-followed-up", "chain-skips-period")),
    Topic("Datoer og perioder", (("Datoer", "opfoelgning.md#datoer"),
                                   ("Hovedet", "plan.md#hovedet")), ("bad-period", "bad-date")),
    Topic("Nøgletal", (("Nøgletal", "maal.md#nøgletal"),),
          ("block-not-mapping", "indicator-values", "indicator-value"), ("indicator-",)),
    Topic("Regnskab", (("Regnskab", "regnskab.md"),), (), ("accounts-",)),
    Topic("Links", (("Formatering", "plan.md#formatering"),), ("broken-link",)),
    Topic("Enheder, units.yaml og site.yaml",
          (("Enheder og sidens indstillinger", "enheder-og-site.md"),),
          ("unknown-unit", "missing-file", "not-a-mapping", "bad-unit-key", "unit-not-mapping",
           "unknown-level", "unknown-parent", "unit-cycle", "unknown-language",
           "statuses-not-list", "status-entry-invalid", "status-words-invalid",
           "status-word-taken", "site-url-invalid", "repository-invalid")),
    Topic("Temaer (tværgående indsatsområder)",
          (("Indsatsområder", "indsatsomraader.md"),),
          ("unknown-priority", "priority-period", "unknown-carried-area", "carries-not-parent",
           "bad-priority-key", "duplicate-priority", "priority-not-mapping")),
    Topic("Billeder og filer", (("Billeder og filer", "billeder-og-filer.md"),), (),
          ("attachment-",)),
    Topic("Filer og tegnsæt", (("Filer og tegnsæt", "fejl.md#filer-og-tegnsæt"),),
          ("empty-file", "not-utf8", "nul-byte", "outside-content", "file-too-large",
           "html-too-deep")),
    Topic("Mappen, siden bygges i", (("Byg hele siden", "forhaandsvisning.md#byg-hele-siden"),),
          ("disk-full", "not-writable", "os-error", "removed-foreign-file", "static-collides"),
          ("out-",)),
    Topic("Sidens eget tema", (("Enheder og sidens indstillinger", "enheder-og-site.md"),),
          (), ("theme-",)),
)
OTHER = Topic("Andre beskeder", (("Fejlbeskeder", "fejl.md"),))
"""Codes that no topic claims (a new message lands here until it gets a topic)."""

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]()<>|~&])")
_LINE_START = re.compile(r"^(\d+)([.)])|^([-+=>#])")


def _placeholders(template: str) -> str:
    """The text with every `{name}` as "…" and `{{`/`}}` as braces, as an editor reads it."""
    parts = []
    for literal, field, _, _ in string.Formatter().parse(template):
        parts.append(literal)
        if field is not None:
            parts.append("…")
    return "".join(parts)


def _escape(text: str) -> str:
    """Plain text as Markdown that shows exactly that text."""
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    return _LINE_START.sub(lambda m: (m.group(1) + "\\" + m.group(2)) if m.group(1)
                           else "\\" + m.group(3), text)


def codes(strings: Mapping[str, str]) -> list[str]:
    """Every message code in the catalogue, in catalogue order."""
    found: dict[str, None] = {}
    for key in strings:
        for prefix in (*MESSAGE_PREFIXES, HINT_PREFIX):
            if key.startswith(prefix):
                found[key[len(prefix):]] = None
    return list(found)


def topic_of(code: str) -> Topic:
    for topic in TOPICS:
        if code in topic.codes:
            return topic
    for topic in TOPICS:
        if code.startswith(topic.prefixes) and topic.prefixes:
            return topic
    return OTHER


def _grouped(strings: Mapping[str, str]) -> list[tuple[Topic, list[str]]]:
    all_codes = codes(strings)
    groups: list[tuple[Topic, list[str]]] = []
    for topic in (*TOPICS, OTHER):
        mine = [code for code in all_codes if topic_of(code) is topic]
        listed = [code for code in topic.codes if code in mine]
        rest = sorted(code for code in mine if code not in topic.codes)
        if listed or rest:
            groups.append((topic, listed + rest))
    return groups


def _slug(title: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens."""
    return re.sub(r"[^\w\- ]", "", title.lower()).replace(" ", "-")


def _entry(code: str, strings: Mapping[str, str], hint_label: str) -> list[str]:
    message = next((strings[prefix + code] for prefix in MESSAGE_PREFIXES
                    if prefix + code in strings), "")
    hint = strings.get(HINT_PREFIX + code, "")
    lines = [f"### {_escape(_placeholders(message) or code)}", ""]
    if hint:
        lines += [f"{hint_label}: {_escape(_placeholders(hint))}", ""]
    lines += [f"Kode: `{code}`", ""]
    return lines


def render(catalogue: Catalogue) -> str:
    """The whole page, in Markdown, for the catalogue's messages (written for Danish)."""
    strings = catalogue.strings
    hint_label = strings.get("ui.hint", "Sådan retter du det")
    did_you_mean = _placeholders(strings.get("did-you-mean", ""))
    groups = _grouped(strings)
    lines = [
        "<!-- Lavet af plansite/messages_doc.py ud fra plansite/locales/da.yaml. Ret ikke i",
        f"     denne fil: ret kataloget, og kør {COMMAND} -->",
        "",
        "# Alle beskeder",
        "",
        "Her er alle de beskeder, plansite kan give om indholdet, ordnet efter emne. Søg",
        "efter begyndelsen af din besked på siden (Ctrl+F), fx \"Ukendt status\". Der, hvor",
        "beskeden har et navn, et tal eller en linje fra din fil, står her \"…\".",
        "",
        "Hver besked står i terminalen (og i forhåndsvisningen) sådan:",
        "",
        "```text",
        "content/plans/enhed/periode.md:linje:kolonne: fejl: beskeden",
        "    linje | linjen, som den står i filen",
        f"    {hint_label}: hvad du skal gøre",
        "```",
        "",
        "Står der `advarsel` i stedet for `fejl`, bliver siden bygget alligevel. Når",
        f"plansite kan gætte, hvad du mente, står der til sidst \"{_escape(did_you_mean)}\".",
        "Hvordan du læser og retter beskederne, står i [Fejlbeskeder](fejl.md). Koden",
        "under hver besked er dens navn i programmet; den kan du nævne, hvis du spørger",
        "den, der driver siden.",
        "",
        "## Indhold",
        "",
    ]
    lines += [f"- [{topic.title}](#{_slug(topic.title)}) ({len(group)})"
              for topic, group in groups]
    lines.append("")
    for topic, group in groups:
        lines += [f"## {topic.title}", ""]
        if topic.guide:
            links = ", ".join(f"[{title}]({link})" for title, link in topic.guide)
            lines += [f"Vejledning: {links}.", ""]
        for code in group:
            lines += _entry(code, strings, hint_label)
    return "\n".join(lines).rstrip("\n") + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write docs/guide/meddelelser.md (or the path given) from the Danish catalogue."""
    args = sys.argv[1:] if argv is None else argv
    target = Path(args[0]) if args else OUTPUT
    target.write_text(render(Catalogue("da")), encoding="utf-8", newline="\n")
    print(f"Skrev {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
