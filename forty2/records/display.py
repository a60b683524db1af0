"""A record's values as people read them, from its definition (detail pages, conflict screens)."""

from .definition import BOOL, BOOL3, CHOICE, LINKS, MULTI, PERSON, REF, RecordType, link_label, ref_label


def text(f, obj) -> str:
    """The saved value of field ``f`` of ``obj`` in words; "" when there is none."""
    if f.kind == REF:  # no query when nothing is named; the queryset's select_related reads the rest
        return ref_label(getattr(obj, f.attr)) if getattr(obj, f.model_field.attname) is not None else ""
    value = getattr(obj, f.attr)
    if f.kind == LINKS:
        return ", ".join(str(o) for o in value.all())
    if f.kind == MULTI:
        return ", ".join(f.choice_label(v) or v for v in value or [])
    if f.kind in (BOOL, BOOL3):
        return {True: "Yes", False: "No"}.get(value, "Not yet known" if f.kind == BOOL3 else "")
    if f.kind == PERSON:
        return str(value) if value is not None else ""
    if f.kind == CHOICE:
        return (f.choice_label(value) or value) if value else ""
    return "" if value is None else str(value)


def ref_url(f, obj, org_slug: str) -> str:
    """The page of the record a ``ref`` field of ``obj`` names, when its app registered one
    (:func:`forty2.web.registry.register_record_url`); "" otherwise."""
    from forty2.web.registry import record_url

    pk = getattr(obj, f.model_field.attname) if f.kind == REF else None
    return (record_url(org_slug, f.related_model._meta.model_name, str(pk)) or "") if pk is not None else ""


def rows(rt: RecordType, obj, *, skip=("name",)) -> list[tuple[str, str, str]]:
    """(label, text, field name) for every writable field but ``skip``, in declaration order."""
    return [(f.label, text(f, obj), f.name) for f in rt.writable if f.name not in skip]


def plain_text(f, value, org=None) -> str:
    """A snapshot value (as the audit log and the merge keep it) in words."""
    if value in (None, "", []):
        return "Not yet known" if f.kind == BOOL3 and value is None else "(blank)"
    if f.kind == REF:  # an id: the record's label (another organisation's id names nothing)
        label = f.related_model._base_manager.filter(organization=org, pk=value).values_list(
            link_label(f.related_model), flat=True).first() if isinstance(value, int) else None
        return str(label) if label is not None else f"#{value}"
    if f.kind == LINKS:
        names = dict(f.related_model.objects.filter(organization=org, pk__in=value).values_list(
            "pk", link_label(f.related_model)))
        return ", ".join(names.get(pk, f"#{pk}") for pk in value)
    if f.kind == MULTI:
        return ", ".join(f.choice_label(v) or v for v in value)
    if f.kind in (BOOL, BOOL3):
        return "Yes" if value else "No"
    if f.kind == CHOICE:
        return f.choice_label(value) or str(value)
    return str(value)
