"""REST API of background jobs (ISO/IEC 42001 7.5, 8.1): ``GET /api/v1/orgs/{org}/jobs`` and ``.../jobs/{id}``.

Registered in :mod:`forty2.api.urls` with ``api.add_router("/orgs/", router)``. Another organisation's job id
answers 404 exactly like an unknown one.
"""

from datetime import datetime
from typing import Literal

from ninja import Query, Router, Schema

from forty2.api.common import Page, json_response, org_membership, paginate

from . import queries, registry

router = Router(tags=["Background jobs"])

StatusT = Literal["queued", "running", "succeeded", "failed"]


class Problem(Schema):
    row: int | None = None
    column: str | None = None
    message: str


class InputFileOut(Schema):
    name: str
    size: int
    sha256: str


class JobOut(Schema):
    id: int
    kind: str
    kind_label: str
    label: str
    status: StatusT
    done: int
    total: int
    params: dict
    result: dict
    problems: list[Problem]
    message: str
    created_by: str | None
    input_file: InputFileOut | None
    created_at: datetime
    started_at: datetime | None
    heartbeat_at: datetime | None
    finished_at: datetime | None


class JobList(Schema):
    items: list[JobOut]
    count: int


class JobQuery(Page):
    kind: str | None = None
    status: StatusT | None = None


def job_out(job) -> dict:
    stored = job.input_file
    return {
        "id": job.pk, "kind": job.kind, "kind_label": registry.label_of(job.kind), "label": job.label,
        "status": job.status, "done": job.done, "total": job.total, "params": job.params, "result": job.result,
        "problems": job.problems, "message": job.message,
        "created_by": job.created_by.email if job.created_by else None,
        "input_file": ({"name": stored.original_name, "size": stored.size, "sha256": stored.sha256}
                       if stored is not None else None),
        "created_at": job.created_at, "started_at": job.started_at, "heartbeat_at": job.heartbeat_at,
        "finished_at": job.finished_at,
    }


@router.get("{org}/jobs", response=JobList, summary="List background jobs",
            description="Newest first. Filters: `kind` (e.g. `inventory.import_ai_systems`) and `status`.")
def list_jobs(request, org: str, filters: Query[JobQuery]):
    m = org_membership(request, org)
    qs = queries.jobs(m, kind=filters.kind, status=filters.status)
    return json_response(paginate(qs, filters, job_out))


@router.get("{org}/jobs/{int:job_id}", response=JobOut, summary="One background job: status, progress, outcome")
def get_job(request, org: str, job_id: int):
    m = org_membership(request, org)
    return json_response(job_out(queries.job(m, job_id)))
