"""Text that can be stored (OWASP ASVS 5.0 V1.2/V2.2 input validation; issue #14 finding 9).

JSON may carry a lone UTF-16 surrogate ("\\ud800") and a NUL ("\\u0000"); the CLI's argv may carry surrogates too
(Python's surrogateescape). Neither can be encoded as UTF-8 or stored in PostgreSQL text, and each would surface
as a 500 deep in a save or a hash. :func:`problem` names what is wrong with one string; :func:`bad_strings` walks
parsed JSON and lists every offending string with its path, so a face answers 422 naming the field.
"""

import re

_SURROGATE = re.compile("[\ud800-\udfff]")


def problem(value: str) -> str | None:
    """Why ``value`` cannot be stored, in words, or None when it can."""
    if "\x00" in value:
        return "May not contain NUL characters."
    if _SURROGATE.search(value):
        return "Contains a lone surrogate (an invalid UTF-16 escape such as \\ud800); send valid Unicode text."
    return None


def printable(value: str) -> str:
    """``value`` with what cannot be encoded shown as escapes, safe to echo in an error message."""
    return value.encode("utf-8", "backslashreplace").decode("utf-8").replace("\x00", "\\x00")


def bad_strings(data, path: tuple = (), *, limit: int = 20) -> list[tuple[tuple, str]]:
    """[(path, message)] for every string (keys included) in ``data`` that :func:`problem` refuses; at most
    ``limit`` of them."""
    found: list[tuple[tuple, str]] = []
    stack = [(path, data)]
    while stack and len(found) < limit:
        where, value = stack.pop()
        if isinstance(value, str):
            msg = problem(value)
            if msg:
                found.append((where, msg))
        elif isinstance(value, dict):
            for key, item in value.items():
                if isinstance(key, str) and problem(key):
                    found.append(((*where, printable(key)), problem(key)))
                    continue
                stack.append(((*where, key), item))
        elif isinstance(value, list):
            stack.extend(((*where, i), item) for i, item in enumerate(value))
    return sorted(found, key=lambda f: [str(p) for p in f[0]])
