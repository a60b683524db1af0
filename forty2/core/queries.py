"""Reads of the audit log, scoped to one organisation."""

from django.db.models import Q

from .models import AuditEvent


def org_events(org, *, action=None, object_type=None, object_id=None, actor=None, since=None, until=None,
               record=None, person=None, person_ids=()):
    """The organisation's events, newest first. ``record``: part of the record's name; ``person``: part of the
    actor's e-mail (``person_ids``: users whose name matched, found by the caller, which knows the user model)."""
    qs = AuditEvent.objects.filter(organization=org).order_by("-seq")
    if record:
        qs = qs.filter(object_repr__icontains=record)
    if person:
        qs = qs.filter(Q(actor_label__icontains=person) | Q(actor_id__in=list(person_ids)))
    if action:
        qs = qs.filter(action__startswith=action)
    if object_type:
        qs = qs.filter(object_type=object_type)
    if object_id:
        qs = qs.filter(object_id=str(object_id))
    if actor:
        qs = qs.filter(actor_label__iexact=actor)
    if since:
        qs = qs.filter(created_at__gte=since)
    if until:
        qs = qs.filter(created_at__lt=until)
    return qs
