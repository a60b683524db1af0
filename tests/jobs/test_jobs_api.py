"""GET /api/v1/orgs/{org}/jobs and /jobs/{id}: the organisation's jobs, paged and filtered (API conventions in
docs/architecture.md); another organisation's job answers 404 like an unknown one."""

from forty2.jobs import services
from forty2.tenancy.models import Role

from .conftest import text_file


def _jobs(api, *thens):
    return [services.queue(api.membership, "test.count_lines", label=f"Count {i}", params={"then": then},
                           fileobj=text_file(), filename=f"n{i}.txt", total=3)
            for i, then in enumerate(thens)]


def test_the_list_is_paged_newest_first_with_a_count(owner_api, line_kind):
    jobs = _jobs(owner_api, None, "refuse", None)
    body = owner_api.get("/orgs/acme/jobs?limit=2").json_body
    assert body["count"] == 3 and [j["id"] for j in body["items"]] == [jobs[2].pk, jobs[1].pk]
    rest = owner_api.get("/orgs/acme/jobs?limit=2&offset=2").json_body
    assert [j["id"] for j in rest["items"]] == [jobs[0].pk]
    first = body["items"][0]
    assert first["kind"] == "test.count_lines" and first["kind_label"] == "Line count"
    assert first["status"] == "succeeded" and first["result"] == {"lines": 3} and first["done"] == 3
    assert first["created_by"] == owner_api.membership.user.email


def test_filters_by_status_and_kind(owner_api, line_kind):
    _jobs(owner_api, None, "bad_rows")
    failed = owner_api.get("/orgs/acme/jobs?status=failed").json_body
    assert failed["count"] == 1 and failed["items"][0]["problems"][0] == {"row": 3, "column": "name",
                                                                           "message": "Name is required."}
    assert owner_api.get("/orgs/acme/jobs?kind=test.count_lines").json_body["count"] == 2
    assert owner_api.get("/orgs/acme/jobs?kind=inventory.import_ai_systems").json_body["count"] == 0
    bad = owner_api.get("/orgs/acme/jobs?status=exploded")
    assert bad.status_code == 422 and bad.json_body["detail"][0]["loc"][-1] == "status"


def test_one_job_and_another_organisations_job(owner_api, api_as, globex, line_kind):
    job = _jobs(owner_api, "refuse")[0]
    found = owner_api.get(f"/orgs/acme/jobs/{job.pk}")
    assert found.status_code == 200
    assert found.json_body["message"] == "The register is locked for the audit."
    other = api_as(org=globex)
    unknown = other.get("/orgs/globex/jobs/999999")
    foreign = other.get(f"/orgs/globex/jobs/{job.pk}")
    assert foreign.status_code == unknown.status_code == 404 and foreign.json_body == unknown.json_body
    assert other.get(f"/orgs/acme/jobs/{job.pk}").status_code == 404
    assert other.get("/orgs/globex/jobs").json_body == {"items": [], "count": 0}


def test_a_role_that_may_not_run_a_kind_does_not_see_its_jobs(owner_api, api_as, line_kind):
    job = _jobs(owner_api, None)[0]
    viewer = api_as(Role.VIEWER)
    assert viewer.get("/orgs/acme/jobs").json_body["count"] == 0
    assert viewer.get(f"/orgs/acme/jobs/{job.pk}").status_code == 404
