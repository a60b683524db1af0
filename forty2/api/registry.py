"""The API routers of the apps, registered at start-up instead of listed in forty2/api/urls.py.

``api`` sits below the feature apps and knows none of them (docs/architecture.md, "Layers"). Each app calls
:func:`register_router` from its ``AppConfig.ready()``; :mod:`forty2.api.urls` mounts the routers when the
URLs are first loaded.
"""

from dataclasses import dataclass
from importlib import import_module

from forty2.core.registry import Registrations


@dataclass(frozen=True)
class RouterEntry:
    prefix: str
    router: object  # a django-ninja Router, or "package.module:attribute" imported when the URLs load
    order: int = 100

    def resolve(self):
        if isinstance(self.router, str):
            module, _, attr = self.router.partition(":")
            return getattr(import_module(module), attr)
        return self.router


ROUTERS: list[RouterEntry] = []
#: who registered each router: the same router from two places is reported by ``forty2 check``
ROUTERS_BY = Registrations("API routers", skip=(__name__,))


def register_router(prefix: str, router, *, order: int = 100) -> None:
    """Mount an app's django-ninja ``Router`` under ``/api/v1<prefix>`` (e.g. ``"/orgs/"``).

    Give the router as ``"package.module:attribute"`` to import its module only when the URLs load, after
    every app is ready (schemas derived from record definitions then see what other apps registered).

    ``order`` places its operations in the OpenAPI document and the docs page; use the navigation's slots
    (forty2/web/registry.py). Registering the same router again does nothing: ``ready()`` may run twice; from a
    second place, ``forty2 check`` reports it with both registrants."""
    ROUTERS_BY.note(router if isinstance(router, str) else f"{router!r}")
    if all(entry.router is not router for entry in ROUTERS):
        ROUTERS.append(RouterEntry(prefix, router, order))


def routers() -> list[RouterEntry]:
    """In ``order``, then in registration order."""
    return sorted(ROUTERS, key=lambda entry: entry.order)
