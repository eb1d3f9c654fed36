"""YAML with line numbers, safe loading only, and limits against hostile input.

Mappings load as `LineDict`, which remembers the line of each key so that errors
can point at it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, Protocol

import yaml

MAX_DEPTH = 30


class LineDict(dict[Any, Any]):
    """A dict that knows the 1-based source line of each key."""

    lines: dict[Any, int]

    def __init__(self) -> None:
        super().__init__()
        self.lines = {}

    def line_of(self, key: Any, default: int = 0) -> int:
        return self.lines.get(key, default)


class YamlProblem(Exception):
    """A YAML text that cannot be loaded: `line` is 1-based, relative to the text."""

    def __init__(self, code: str, line: int, column: int = 1, detail: str = "") -> None:
        super().__init__(code)
        self.code = code
        self.line = line
        self.column = column
        self.detail = detail


class _Mark(Protocol):
    """Where a YAML event starts (PyYAML's and libyaml's marks alike); 0-based."""

    line: int
    column: int


def _problem_at(code: str, mark: _Mark | None) -> YamlProblem:
    """A problem at a parser mark (0-based); the first line when the parser gave none."""
    if mark is None:
        return YamlProblem(code, 1)
    return YamlProblem(code, mark.line + 1, mark.column + 1)


class _Loader(yaml.SafeLoader):
    """SafeLoader that refuses aliases and deep nesting (YAML bombs)."""

    _depth = 0

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            raise _problem_at("yaml-alias", self._peek().start_mark)
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise _problem_at("yaml-too-deep", self._peek().start_mark)
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def _peek(self) -> yaml.Event:
        """The next event (PyYAML's `peek_event`, which its stubs leave untyped)."""
        peek: Callable[[], yaml.Event] = self.peek_event
        return peek()


def _construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> LineDict:
    result = LineDict()
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str | int | float | bool) and key is not None:
            raise YamlProblem("yaml-bad-key", key_node.start_mark.line + 1)
        key_line = key_node.start_mark.line + 1
        if key in result:
            raise YamlProblem("yaml-duplicate-key", key_line, detail=str(key))
        result[key] = loader.construct_object(value_node, deep=True)
        result.lines[key] = key_line
    return result


def _construct_timestamp(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> object:
    """A date (or time); one that does not exist (2016-13-01) stays text.

    The field that reads it then says the date cannot be read, in its own
    words, instead of the YAML library's English.
    """
    try:
        return loader.construct_yaml_timestamp(node)
    except ValueError:
        return str(node.value)


class WrittenFloat(float):
    """A YAML float that keeps how it was written.

    YAML reads `1.000` as one; in a Danish number it is a thousand. Readers of
    numbers (`blocks.parse_number`) look at `written` to tell which was meant.
    """

    written: str


def _construct_float(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> float:
    value = WrittenFloat(loader.construct_yaml_float(node))
    value.written = str(node.value)
    return value


_Loader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)
_Loader.add_constructor("tag:yaml.org,2002:float", _construct_float)

HAS_LIBYAML = hasattr(yaml, "CSafeLoader")
"""libyaml's parser and composer in C, when PyYAML has it: several times faster."""

if HAS_LIBYAML:

    class _CLoader(yaml.CSafeLoader):
        """The same safe constructors on libyaml; limits are checked on its events first."""

    _CLoader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
    _CLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)
    _CLoader.add_constructor("tag:yaml.org,2002:float", _construct_float)


def _check_events(text: str) -> None:
    """Refuse aliases and deep nesting by reading libyaml's event stream."""
    depth = 0
    for event in yaml.parse(text, Loader=yaml.CSafeLoader):
        if isinstance(event, yaml.AliasEvent):
            raise _problem_at("yaml-alias", event.start_mark)
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise _problem_at("yaml-too-deep", event.start_mark)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def load(text: str) -> Any:
    """Load one YAML document; raise YamlProblem with the line on any failure."""
    try:
        if HAS_LIBYAML:
            try:
                _check_events(text)
                return yaml.load(text, Loader=_CLoader)  # noqa: S506 - a SafeLoader
            except yaml.YAMLError:
                pass  # the pure-Python loader below words the error and places it better
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader is a SafeLoader
    except YamlProblem:
        raise
    except yaml.MarkedYAMLError as exc:
        raise _explain(exc) from None
    except yaml.YAMLError:
        raise YamlProblem("yaml-syntax", 1, 1) from None
    except RecursionError:
        raise YamlProblem("yaml-too-deep", 1) from None


_CANNOT_START = re.compile(r"found character '(.)' that cannot start any token")


def _explain(exc: yaml.MarkedYAMLError) -> YamlProblem:
    """The parser's English error as one of our codes, at the line the editor must fix.

    The library's wording never reaches an editor: each known failure gets its
    own message in the catalogue, and the rest a general one.
    """
    problem, context = exc.problem or "", exc.context or ""
    at_problem = _problem_at("yaml-syntax", exc.problem_mark or exc.context_mark)
    at_context = _problem_at("yaml-syntax", exc.context_mark or exc.problem_mark)
    if "could not find expected ':'" in problem:
        at_context.code = "yaml-missing-colon"
        return at_context
    if "mapping values are not allowed" in problem:
        at_problem.code = "yaml-colon-in-value"
        return at_problem
    if "quoted scalar" in context:
        at_context.code = "yaml-unclosed-quote"
        return at_context
    if "flow sequence" in context or "flow mapping" in context:
        at_context.code = "yaml-unclosed-bracket"
        return at_context
    match = _CANNOT_START.search(problem)
    if match:
        at_problem.code = "yaml-bad-start"
        at_problem.detail = match.group(1)
        return at_problem
    if "block end" in problem or "block mapping" in context:
        at_problem.code = "yaml-after-value"
        return at_problem
    return at_problem


INVISIBLE = {
    "\u00a0": "yaml-nbsp",
    "\u200b": "yaml-zero-width", "\u200c": "yaml-zero-width", "\u200d": "yaml-zero-width",
    "\u2060": "yaml-zero-width", "\ufeff": "yaml-zero-width",
}
"""Characters Word and web pages paste that look like a space, or like nothing at all."""


def clean(text: str) -> tuple[str, list[YamlProblem]]:
    """The text with invisible characters read as meant, and a problem for each.

    A non-breaking space counts as a space and a zero-width character as
    nothing; each is named at its line and column (as a warning: the build goes
    on). A tab in a line's indentation is an error (YAML forbids it, and what it
    was meant to indent cannot be guessed); it is dropped so that the rest of
    the text is still checked.
    """
    problems: list[YamlProblem] = []
    lines = text.split("\n")
    for number, line in enumerate(lines, start=1):
        indent = len(line) - len(line.lstrip(" \t"))
        if "\t" in line[:indent]:
            problems.append(YamlProblem("yaml-tab", number, line.index("\t") + 1))
            previous = lines[number - 2].rstrip() if number > 1 else ""
            nested = previous.endswith(":") or previous[:1] in (" ", "-")
            line = line[:indent].replace("\t", "  " if nested else "") + line[indent:]
            lines[number - 1] = line
        if not any(char in line for char in INVISIBLE):
            continue
        for column, char in enumerate(line, start=1):
            if char in INVISIBLE:
                problems.append(YamlProblem(INVISIBLE[char], number, column))
        lines[number - 1] = "".join(" " if char == "\u00a0" else char for char in line
                                    if char not in INVISIBLE or char == "\u00a0")
    return "\n".join(lines), problems
