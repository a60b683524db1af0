"""Reading catalog files strictly: YAML mappings remember their line, duplicate keys are refused, and the raw
text of scalars is kept (an unquoted ``4.10`` must stay "4.10", not become the float 4.1)."""

import json

import yaml

_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class FileProblem(Exception):
    """The file cannot be read at all (not UTF-8, not YAML/JSON): a structural error."""


class Node(dict):
    """A mapping read from a file: ``line`` (1-based), ``lines`` (key -> line) and ``raw`` (key -> scalar text)."""

    line: int = 0
    raw: dict
    lines: dict

    def text(self, key, default=None):
        """The scalar's text as written in the file (numbers and booleans included), or ``default``."""
        if key not in self:
            return default
        value = self[key]
        if value is None:
            return default
        if isinstance(value, bool | int | float):
            return self.raw.get(key, str(value))
        return value


class StrictLoader(_Base):
    """SafeLoader (libyaml when available) that builds :class:`Node` mappings and rejects duplicate keys."""


def _construct_mapping(loader, node, deep=False):
    loader.flatten_mapping(node)
    result = Node()
    result.line = node.start_mark.line + 1
    result.raw = {}
    result.lines = {}
    for key_node, value_node in node.value:
        # keys keep their text: a ref "4.10" used as a key must not become the float 4.1
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else loader.construct_object(key_node, True)
        if key in result:
            raise yaml.constructor.ConstructorError(
                "while constructing a mapping", node.start_mark, f"found duplicate key {key!r}", key_node.start_mark)
        result[key] = loader.construct_object(value_node, deep=True)
        result.lines[key] = key_node.start_mark.line + 1
        if isinstance(value_node, yaml.ScalarNode):
            result.raw[key] = value_node.value
    return result


StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def read_text(path) -> str:
    try:
        data = open(path, "rb").read()
    except OSError as exc:
        raise FileProblem(f"cannot read: {exc.strerror or exc}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileProblem(f"not UTF-8 text (byte {exc.start})") from None


def load_yaml(text: str):
    try:
        return yaml.load(text, Loader=StrictLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise FileProblem(f"invalid YAML: {where}{problem}") from None


def load_json(text: str):
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise FileProblem(f"invalid JSON: line {exc.lineno} column {exc.colno}: {exc.msg}") from None
