"""The API shows an AI system's approval as its page does (ISO/IEC 42001 7.5.2; issue #14 finding 12a): once an
approved system changes, the page says "Approval stale" and the API's ``approval_state`` says "stale" — on the
record, in the list and after every write — until it is approved again."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from forty2.tenancy.models import Role


def test_a_changed_approved_system_reads_as_stale_in_the_api_and_on_the_page(owner_api, api_as, client):
    system = owner_api.post("/orgs/acme/ai-systems", {"name": "Triage", "purpose": "p", "status": "approved"}).json_body
    assert (system["status"], system["approval_state"]) == ("approved", "approved")
    manager = api_as(Role.AIMS_MANAGER)
    changed = manager.patch(f"/orgs/acme/ai-systems/{system['id']}", {"version": system["version"],
                                                                       "purpose": "Refined"}).json_body
    assert (changed["status"], changed["approval_state"]) == ("approved", "stale")
    assert owner_api.get(f"/orgs/acme/ai-systems/{system['id']}").json_body["approval_state"] == "stale"
    listed = owner_api.get("/orgs/acme/ai-systems").json_body["items"]
    assert [(s["id"], s["approval_state"]) for s in listed] == [(system["id"], "stale")]
    client.force_login(owner_api.membership.user)
    assert 'data-approval="stale"' in client.get(f"/o/acme/ai-systems/{system['id']}/").content.decode()
    renewed = owner_api.post(f"/orgs/acme/ai-systems/{system['id']}/approve",
                             {"version": changed["version"]}).json_body
    assert renewed["approval_state"] == "approved"


def test_a_system_never_approved_reads_none(owner_api):
    system = owner_api.post("/orgs/acme/ai-systems", {"name": "Triage", "purpose": "p"}).json_body
    assert system["approval_state"] == "none"
    assert owner_api.get("/orgs/acme/ai-systems").json_body["items"][0]["approval_state"] == "none"


def test_the_list_costs_one_query_more_whatever_its_length(owner_api):
    def queries_for_list():
        with CaptureQueriesContext(connection) as ctx:
            assert owner_api.get("/orgs/acme/ai-systems").status_code == 200
        return len(ctx.captured_queries)

    for i in range(2):
        owner_api.post("/orgs/acme/ai-systems", {"name": f"S{i}", "purpose": "p", "status": "approved"})
    few = queries_for_list()
    for i in range(2, 8):
        owner_api.post("/orgs/acme/ai-systems", {"name": f"S{i}", "purpose": "p", "status": "approved"})
    assert queries_for_list() == few
