"""Reading catalog files strictly: YAML mappings remember their line, duplicate keys are refused, and the raw
text of scalars is kept (an unquoted ``4.10`` must stay "4.10", not become the float 4.1).

Hostile files are refused before anything is built from them: the YAML event stream is scanned first (constant
memory) and a file with more than :data:`MAX_ALIASES` aliases, nesting deeper than :data:`MAX_DEPTH`, or more
than :data:`MAX_NODES` values once aliases are expanded (a "billion laughs" bomb) is refused with its line.
JSON gets the same depth limit and at most :data:`MAX_CONTAINERS` objects and arrays, counted before parsing.
XML is refused with a clear message (Forty2 reads OSCAL as JSON or YAML).
"""

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


#: limits for catalog files (a real library has no aliases at all and nests less than 20 levels)
MAX_ALIASES = 100
MAX_DEPTH = 64
MAX_NODES = 500_000
#: JSON containers ({ and [, counted before parsing: an upper bound); real catalogs have a few ten thousand
MAX_CONTAINERS = 250_000


def _yaml_problem(exc) -> FileProblem:
    mark = getattr(exc, "problem_mark", None)
    where = f"line {mark.line + 1}: " if mark is not None else ""
    problem = getattr(exc, "problem", None) or str(exc)
    return FileProblem(f"invalid YAML: {where}{problem}")


def check_yaml_events(text: str) -> None:
    """Refuse alias bombs and deep nesting from the event stream, before any object is constructed."""
    sizes: dict[str, int] = {}  # anchor -> number of nodes it expands to
    stack: list[list] = [[None, 0]]  # [anchor, nodes so far] per open collection
    aliases = 0
    try:
        for event in yaml.parse(text, Loader=_Base):
            line = event.start_mark.line + 1
            if isinstance(event, yaml.AliasEvent):
                aliases += 1
                if aliases > MAX_ALIASES:
                    raise FileProblem(f"line {line}: more than {MAX_ALIASES} YAML aliases; catalog files do not "
                                      "need them (refused as a possible alias bomb)")
                stack[-1][1] += sizes.get(event.anchor, 1)
            elif isinstance(event, yaml.ScalarEvent):
                stack[-1][1] += 1
                if event.anchor:
                    sizes[event.anchor] = 1
            elif isinstance(event, yaml.CollectionStartEvent):
                stack.append([event.anchor, 1])
                if len(stack) > MAX_DEPTH:
                    raise FileProblem(f"line {line}: nested more than {MAX_DEPTH} levels deep")
            elif isinstance(event, yaml.CollectionEndEvent):
                anchor, count = stack.pop()
                if anchor:
                    sizes[anchor] = count
                stack[-1][1] += count
            if stack[-1][1] > MAX_NODES or stack[0][1] > MAX_NODES:
                what = " once aliases are expanded (refused as a possible alias bomb)" if aliases else ""
                raise FileProblem(f"line {line}: more than {MAX_NODES} values{what}; a catalog file needs far fewer")
    except yaml.YAMLError as exc:
        raise _yaml_problem(exc) from None


def refuse_xml(text: str) -> None:
    if text.lstrip().startswith("<"):
        raise FileProblem("this is XML; OSCAL XML is not supported: use the OSCAL JSON or YAML form of the file")


def load_yaml(text: str):
    refuse_xml(text)
    check_yaml_events(text)
    try:
        return yaml.load(text, Loader=StrictLoader)  # noqa: S506  # nosec B506 - StrictLoader is a SafeLoader subclass
    except yaml.YAMLError as exc:
        raise _yaml_problem(exc) from None
    except RecursionError:
        raise FileProblem(f"nested more than {MAX_DEPTH} levels deep") from None


def _check_depth(data) -> None:
    todo = [(data, 1)]
    while todo:
        value, depth = todo.pop()
        if depth > MAX_DEPTH:
            raise FileProblem(f"nested more than {MAX_DEPTH} levels deep")
        if isinstance(value, dict):
            todo.extend((v, depth + 1) for v in value.values())
        elif isinstance(value, list):
            todo.extend((v, depth + 1) for v in value)


def load_json(text: str):
    refuse_xml(text)
    containers = text.count("{") + text.count("[")
    if containers > MAX_CONTAINERS:
        raise FileProblem(f"more than {MAX_CONTAINERS} JSON objects and arrays; a catalog file needs far fewer")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise FileProblem(f"invalid JSON: line {exc.lineno} column {exc.colno}: {exc.msg}") from None
    except RecursionError:
        raise FileProblem(f"nested more than {MAX_DEPTH} levels deep") from None
    _check_depth(data)
    return data


def load_any(text: str):
    """JSON when the text starts like JSON, else YAML (a JSON document is YAML too, but JSON reads faster)."""
    stripped = text.lstrip()
    return load_json(text) if stripped[:1] in ("{", "[") else load_yaml(text)
