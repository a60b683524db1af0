"""Who registered what: the registries the apps fill at start-up remember each key's registrant, so that a key
registered twice is reported with both registrants (``forty2 check``, :mod:`forty2.records.checks`) instead of
one entry silently replacing the other.

A registry keeps a :class:`Registrations` next to its table and calls :meth:`Registrations.note` in its
``register_*`` function. The registrant is the module (and line) that called the registry, skipping the
registry's own helpers. The same module registering a key again is no clash: ``ready()`` may run more than once,
and a test may re-register what its module declared.
"""

import sys
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Site:
    """Where a registration was made: the module and the line."""

    module: str
    line: int

    def __str__(self) -> str:
        return f"{self.module} (line {self.line})"


@dataclass(frozen=True)
class Clash:
    """A key registered by two call sites: the first registrant's entry was replaced by the second's."""

    registry: str
    key: object
    first: Site
    second: Site
    detail: str = ""  # what the replacement hid, in words ("'Personnel' hides 'People'")


@dataclass
class Registrations:
    """The registrants of one registry, by key. ``skip`` names modules that only pass a registration on (the
    registry's own module, wrappers such as ``forty2.records.jobs``)."""

    name: str
    skip: tuple[str, ...] = ()
    sites: dict = field(default_factory=dict)
    clashes: list[Clash] = field(default_factory=list)

    def __post_init__(self):
        ALL.append(self)

    def note(self, key, *, same: bool = False, detail: str = "") -> Site:
        """Record that ``key`` is being registered; ``same=True`` when the new entry equals the current one
        (two apps agreeing on a history label is no clash)."""
        site = caller(self.skip)
        first = self.sites.get(key)
        if first is not None and first.module != site.module and not same:
            self.clashes.append(Clash(self.name, key, first, site, detail))
        self.sites.setdefault(key, site)
        return site

    def registrant(self, key) -> Site | None:
        return self.sites.get(key)


#: every registry's registrants, in the order the registries were created
ALL: list[Registrations] = []


def caller(skip: tuple[str, ...] = ()) -> Site:
    """The first frame outside this module and ``skip``: the code that asked for the registration."""
    frame = sys._getframe(1)
    while frame is not None:
        module = frame.f_globals.get("__name__", "?")
        if module != __name__ and module not in skip:
            return Site(module, frame.f_lineno)
        frame = frame.f_back
    return Site("?", 0)


def clashes() -> list[Clash]:
    """Every key registered twice, in every registry."""
    return [clash for registrations in ALL for clash in registrations.clashes]


def snapshot() -> list[tuple[Registrations, dict, int]]:
    """Every registry's registrants as they are now, for :func:`restore` (tests that register on purpose)."""
    return [(registrations, dict(registrations.sites), len(registrations.clashes)) for registrations in ALL]


def restore(state) -> None:
    for registrations, sites, clash_count in state:
        registrations.sites = sites
        del registrations.clashes[clash_count:]
