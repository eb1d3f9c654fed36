"""YAML with line numbers, safe loading only, and limits against hostile input.

Mappings load as `LineDict`, which remembers the line of each key so that errors
can point at it.
"""

from __future__ import annotations

from typing import Any

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


class _Loader(yaml.SafeLoader):
    """SafeLoader that refuses aliases and deep nesting (YAML bombs)."""

    _depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:  # type: ignore[override]
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark
            raise YamlProblem("yaml-alias", mark.line + 1, mark.column + 1)
        self._depth += 1
        if self._depth > MAX_DEPTH:
            mark = self.peek_event().start_mark
            raise YamlProblem("yaml-too-deep", mark.line + 1, mark.column + 1)
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> LineDict:
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


_Loader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)  # type: ignore[arg-type]

_CBase = getattr(yaml, "CSafeLoader", None)
"""libyaml's parser and composer in C, when PyYAML has it: several times faster."""

if _CBase is not None:

    class _CLoader(_CBase):  # type: ignore[misc, valid-type]
        """The same safe constructors on libyaml; limits are checked on its events first."""

    _CLoader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)


def _check_events(text: str) -> None:
    """Refuse aliases and deep nesting by reading libyaml's event stream."""
    depth = 0
    for event in yaml.parse(text, Loader=_CBase):
        if isinstance(event, yaml.AliasEvent):
            raise YamlProblem("yaml-alias", event.start_mark.line + 1, event.start_mark.column + 1)
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise YamlProblem("yaml-too-deep", event.start_mark.line + 1,
                                  event.start_mark.column + 1)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def load(text: str) -> Any:
    """Load one YAML document; raise YamlProblem with the line on any failure."""
    try:
        if _CBase is not None:
            try:
                _check_events(text)
                return yaml.load(text, Loader=_CLoader)  # noqa: S506 - a SafeLoader
            except yaml.YAMLError:
                pass  # the pure-Python loader below words the error and places it better
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader is a SafeLoader
    except YamlProblem:
        raise
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        column = mark.column + 1 if mark else 1
        raise YamlProblem("yaml-syntax", line, column, detail=str(exc.problem or "")) from None
    except yaml.YAMLError as exc:
        raise YamlProblem("yaml-syntax", 1, 1, detail=str(exc)) from None
    except RecursionError:
        raise YamlProblem("yaml-too-deep", 1) from None
