"""Reads of the jobs app, always scoped to one organisation and to the kinds the member may see."""

from django.http import Http404

from forty2.core.errors import InvalidInput, field_error
from forty2.tenancy.roles import can

from . import registry
from .models import Job, JobStatus


def visible_kinds(membership) -> list[str]:
    """The registered kinds whose jobs this member may see (each kind names the role action it needs)."""
    return [k.kind for k in registry.kinds() if can(membership, k.action)]


def jobs(membership, *, kind: str | None = None, status: str | None = None, loc: str = "query"):
    """The organisation's jobs, newest first, optionally of one kind and/or status (an unknown status is a 422)."""
    qs = (Job.objects.for_org(membership.organization).filter(kind__in=visible_kinds(membership))
          .select_related("created_by", "input_file"))
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        if status not in JobStatus.values:
            raise InvalidInput([field_error("status", f"Unknown status '{status}'; use one of "
                                                      f"{', '.join(JobStatus.values)}.", loc_prefix=loc)])
        qs = qs.filter(status=status)
    return qs


def job(membership, pk: int) -> Job:
    """One job of the member's organisation; 404 for an unknown id, another organisation's, or a hidden kind."""
    found = jobs(membership).filter(pk=pk).first()
    if found is None:
        raise Http404("No such job.")
    return found
