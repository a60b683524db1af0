"""Declarations checked at start-up (``forty2 check``, ``migrate``, ``runserver``), as Django's admin checks a
ModelAdmin: a mistake in a record definition or a registration is reported with the thing it names, instead
of a field silently missing from a form or one app's entry silently replacing another's.

ISO/IEC 42001 7.5.2 (documented information is complete and suitable) and A.6.2.3 (the system as designed is
the system built): what a record type declares reaches every face, or the installation says why not.

========  ===================================================================================================
id        what is wrong
========  ===================================================================================================
E101      a writable field of a record type is in none of its ``fieldsets``: it would vanish from the form
E102      ``Field(required=True)`` on a person whose model field accepts blank (``null=True``/``blank=True``)
E103      a key registered twice, from two modules, in one of the registries (the second replaced the first)
E104      a navigation key registered twice: one section hides another ("people" hiding People)
E105      history phrases for a record type that does not exist (``"aisystem.create"`` for ``ai_system``)
E106      a record type whose app has no place in the layers of ``pyproject.toml`` (``[tool.importlinter]``)
E107      two registered API routers declaring the same path (the later one is never reached)
========  ===================================================================================================
"""

import re
import tomllib
from pathlib import Path

from django.core import checks

from forty2.api import registry as api_registry
from forty2.core import registry
from forty2.web import registry as web

from .definition import PERSON, RecordType, record_types

#: the project file holding the import-linter layers; absent in an installed copy, which then skips E106
PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"


def _key(key) -> str:
    """A registry key in words: ``("aisystem", "risks")`` reads 'aisystem/risks'; a history key is already words."""
    if isinstance(key, tuple):
        return repr("/".join(map(str, key)))
    return key if "[" in str(key) else repr(key)


def check_fieldsets(types: list[RecordType]) -> list[checks.CheckMessage]:
    """E101 and E102: each record type's form shows every field people write, and a required person is
    required down to the model."""
    found = []
    for rt in types:
        if rt.fieldsets:
            placed = {name for _legend, _hint, names in rt.fieldsets for name in names}
            for f in rt.writable:
                if f.editable_in_form and f.name not in placed:
                    found.append(checks.Error(
                        f"Record type '{rt.name}': field '{f.name}' is writable but in none of its fieldsets, so "
                        "it is missing from the form.",
                        hint=f"Add '{f.name}' to a fieldset, or declare it read_only=True or "
                             "editable_in_form=False.",
                        obj=rt.model, id="forty2.E101"))
        for f in rt.fields:
            mf = f.model_field
            if f.kind == PERSON and f.required and not f.read_only and (mf.null or mf.blank):
                found.append(checks.Error(
                    f"Record type '{rt.name}': person field '{f.name}' is declared required, but its model field "
                    "accepts blank (null=True or blank=True).",
                    hint=f"Give {rt.model.__name__}.{f.attr} null=False and blank=False (and a migration), or "
                         "drop required=True.",
                    obj=rt.model, id="forty2.E102"))
    return found


def check_registries() -> list[checks.CheckMessage]:
    """E103 and E104: no key registered from two modules, in any registry."""
    found = []
    for clash in registry.clashes():
        if clash.registry == web.NAVIGATION_BY.name:
            found.append(checks.Error(
                f"Navigation key {clash.key!r} is registered by {clash.first} and by {clash.second}: "
                f"{clash.detail} in the navigation.",
                hint="Register each section of the navigation under a key of its own.",
                obj=clash.second.module, id="forty2.E104"))
        else:
            found.append(checks.Error(
                f"{clash.registry}: {_key(clash.key)} is registered twice, by {clash.first} and by "
                f"{clash.second}; the second replaced the first.",
                hint="Give one of them a key of its own (keys are shared by every app).",
                obj=clash.second.module, id="forty2.E103"))
    return found


def check_history(types: list[RecordType]) -> list[checks.CheckMessage]:
    """E105: every history phrase is keyed by a record type's ``name`` or a registered subject."""
    names = {rt.name for rt in types}
    model_names = {rt.object_type: rt.name for rt in types if rt.object_type != rt.name}
    found = []
    for action in sorted(web.PHRASES):
        prefix = action.split(".", 1)[0]
        if prefix in names:
            continue
        if prefix in model_names:
            hint = f"Audit events use the record type's name: key it '{model_names[prefix]}.…', not the model's."
        elif prefix in web.SUBJECTS:
            continue
        else:
            hint = "Key phrases by a record type's name, or register the subject with register_history(subjects=…)."
        site = web.HISTORY_BY.registrant(f"phrases[{action!r}]")
        found.append(checks.Error(
            f"History phrase '{action}' ({site}) is for '{prefix}', which is no record type.",
            hint=hint, obj=site.module if site else action, id="forty2.E105"))
    return found


def layers(pyproject: Path | None = None) -> tuple[str, set[str]] | None:
    """The import-linter root package and the packages its ``layers`` contract places, or None without a
    project file."""
    path = pyproject or PYPROJECT
    if not path.is_file():
        return None
    config = tomllib.loads(path.read_text(encoding="utf-8")).get("tool", {}).get("importlinter", {})
    placed = set()
    for contract in config.get("contracts", []):
        if contract.get("type") == "layers":
            for layer in contract.get("layers", []):
                placed.update(part.strip() for part in layer.split("|"))
    return config.get("root_package", ""), placed


def check_layers(types: list[RecordType], pyproject: Path | None = None) -> list[checks.CheckMessage]:
    """E106: a record type's app has its place in the layers (docs/architecture.md, "Layers")."""
    contract = layers(pyproject)
    if contract is None:
        return []
    root, placed = contract
    found, seen = [], set()
    for rt in types:
        app = rt.model._meta.app_config.name
        package, _, rest = app.partition(".")
        if package != root or not rest:  # an app outside the contract (a test app) is not layered
            continue
        top = rest.split(".", 1)[0]
        if top in placed or top in seen:
            continue
        seen.add(top)
        found.append(checks.Error(
            f"Record type '{rt.name}': its app '{app}' has no place in the layers of pyproject.toml "
            "([tool.importlinter]).",
            hint=f"Add '{top}' to the layers list above the apps it imports and below those that import it.",
            obj=rt.model, id="forty2.E106"))
    return found


def _operations(prefix: str, router):
    """(method, path with its parameters unnamed) for every operation of a router and the routers it includes."""
    for path, view in router.path_operations.items():
        for operation in view.operations:
            for method in operation.methods:
                yield method, re.sub(r"\{[^}]*\}", "{}", prefix + path)
    for sub_prefix, sub_router in getattr(router, "_routers", []):
        yield from _operations(prefix + sub_prefix, sub_router)


def check_api_operations() -> list[checks.CheckMessage]:
    """E107: each path of ``/api/v1`` belongs to one registered router. Django sends a path to the first URL
    pattern that matches it, so a second router's operations on the same path are never reached."""
    found, owner, reported = [], {}, set()
    for entry in api_registry.routers():
        name = entry.router if isinstance(entry.router, str) else repr(entry.router)
        for method, path in _operations(entry.prefix, entry.resolve()):
            first = owner.setdefault(path, name)
            if first != name and (path, name) not in reported:
                reported.add((path, name))
                found.append(checks.Error(
                    f"API: /api/v1{path} is declared by the routers {first} and {name}; {method} of the second "
                    "is never reached.", hint="Declare every operation on one path in one router.", obj=name,
                    id="forty2.E107"))
    return found


def declarations(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """Every check of this module, over the installed apps' record types and the registries."""
    types = record_types()
    return [*check_fieldsets(types), *check_registries(), *check_history(types), *check_layers(types),
            *check_api_operations()]
