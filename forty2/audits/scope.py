"""What an audit may cover: the ISO/IEC 42001 clauses (4.1 … 10.2) and Annex A controls, grouped A.2 … A.10, as the
catalog numbers them (9.2.1, 9.2.2). Read once from the catalog's shipped file (numbers and short titles only), so
the record definition can offer them as choices before the database is ready."""

import re
from functools import lru_cache

from forty2.catalog.loader import DATA_DIR

FRAMEWORK = "iso-iec-42001-2023"
_NODE = re.compile(r'^\s*- ref: "([^"]+)"\s*$')
_FIELD = re.compile(r"^\s+(title|kind|assessable): (.*)$")


@lru_cache(maxsize=1)
def _nodes() -> tuple:
    nodes, current = [], None
    for line in (DATA_DIR / "frameworks" / f"{FRAMEWORK}.yaml").read_text(encoding="utf-8").splitlines():
        found = _NODE.match(line)
        if found:
            current = {"ref": found.group(1)}
            nodes.append(current)
            continue
        found = _FIELD.match(line)
        if current is not None and found and found.group(1) not in current:
            current[found.group(1)] = found.group(2).strip().strip('"')
    return tuple(nodes)


@lru_cache(maxsize=1)
def clauses() -> tuple:
    """((ref, title), …) of the assessable clauses 4.1 … 10.2, in the standard's order."""
    return tuple((n["ref"], n.get("title", "")) for n in _nodes()
                 if n.get("kind") == "clause" and n.get("assessable") == "true")


@lru_cache(maxsize=1)
def controls() -> tuple:
    """((ref, title), …) of the Annex A controls."""
    return tuple((n["ref"], n.get("title", "")) for n in _nodes() if n.get("kind") == "control")


@lru_cache(maxsize=1)
def groups() -> tuple:
    """((ref, title), …) of the Annex A control groups A.2 … A.10."""
    return tuple((n["ref"], n.get("title", "")) for n in _nodes()
                 if n.get("kind") == "control_group" and n["ref"].count(".") == 1)


def group_of(ref: str) -> str:
    """The Annex A group of a control ("A.6.2.6" → "A.6")."""
    parts = ref.split(".")
    return ".".join(parts[:2])


def order() -> dict:
    """ref → position: clauses first, then the controls, in the standard's order."""
    return {ref: i for i, (ref, _t) in enumerate(clauses() + controls())}
