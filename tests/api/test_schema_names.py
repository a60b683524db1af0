"""Every schema of the API has a name of its own: django-ninja keeps one component per name, so two apps'
``VersionList`` would make the OpenAPI document describe one with the other's fields (docs/architecture.md,
"API conventions")."""

from pydantic import BaseModel

from forty2.api.urls import api


def _models(annotation, found):
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if annotation.__module__ == "abc":  # django-ninja's own containers of a route's parameters
            for field in annotation.model_fields.values():
                _models(field.annotation, found)
            return
        if annotation.__name__ in found and found[annotation.__name__] is not annotation:
            found.setdefault("__clashes__", set()).add(
                (annotation.__name__, annotation.__module__, found[annotation.__name__].__module__))
        found.setdefault(annotation.__name__, annotation)
        for field in annotation.model_fields.values():
            _models(field.annotation, found)
    for arg in getattr(annotation, "__args__", ()) or ():
        _models(arg, found)


def test_no_two_schemas_share_a_name():
    found = {}
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for op in path_view.operations:
                for model in op.models:
                    _models(model, found)
                for response in (op.response_models or {}).values():
                    _models(getattr(response, "__annotations__", {}).get("response") or response, found)
    assert not found.get("__clashes__"), found.get("__clashes__")
