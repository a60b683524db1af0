"""Reads of the audit log, scoped to one organisation."""

from .models import AuditEvent


def org_events(org, *, action=None, object_type=None, object_id=None, actor=None, since=None, until=None):
    qs = AuditEvent.objects.filter(organization=org).order_by("-seq")
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
