"""A record's values as people read them, from its definition (detail pages, conflict screens)."""

from .definition import BOOL, BOOL3, CHOICE, LINKS, MULTI, PERSON, RecordType, link_label


def text(f, obj) -> str:
    """The saved value of field ``f`` of ``obj`` in words; "" when there is none."""
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


def rows(rt: RecordType, obj, *, skip=("name",)) -> list[tuple[str, str, str]]:
    """(label, text, field name) for every writable field but ``skip``, in declaration order."""
    return [(f.label, text(f, obj), f.name) for f in rt.writable if f.name not in skip]


def plain_text(f, value, org=None) -> str:
    """A snapshot value (as the audit log and the merge keep it) in words."""
    if value in (None, "", []):
        return "Not yet known" if f.kind == BOOL3 and value is None else "(blank)"
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
