"""The status of a queued register import at its old address, ``GET /api/v1/orgs/{org}/import-jobs/{id}``
(kept for existing clients; ``GET /orgs/{org}/jobs/{id}`` answers every kind of job). The register's import and
export routes come from the records kit with its other routes (:mod:`forty2.inventory.api`)."""

from django.http import Http404
from ninja import Router

from forty2.api.common import org_membership
from forty2.jobs import queries as job_queries
from forty2.records.routes import ImportJobOut, job_out
from forty2.tenancy.access import require

from . import jobs

router = Router(tags=["AI system register"])


@router.get("{org}/import-jobs/{int:job_id}", response=ImportJobOut, summary="Status of a queued import",
            description="Kept for existing clients; GET /orgs/{org}/jobs/{id} answers every kind of job.")
def import_job(request, org: str, job_id: int):
    m = org_membership(request, org)
    require(m, "import_records")
    job = job_queries.job(m, job_id)
    if job.kind != jobs.KIND:
        raise Http404
    return job_out(job)
