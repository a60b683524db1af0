"""One truth per requirement (issue #19 item 4; ISO/IEC 42001 6.1.3 f, 9.1): the catalog's ISO/IEC 42001 view reads
each Annex A control's status from the SoA and each clause's from the clause assessment, names the source with a
link, refuses to set it itself, and shows what ISO/IEC 27001 implies only as a suggestion."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from forty2.catalog import inference
from forty2.catalog.models import Framework, Mapping, Requirement, RequirementStatus
from forty2.catalog.services import set_status
from forty2.tenancy.models import Role
from tests.controls.conftest import decide_all

pytestmark = pytest.mark.django_db
FW = "iso-iec-42001-2023"
STATUS = "/orgs/acme/requirements/" + FW + "/{}/status"


def _patch_entry(api, ref, **data):
    entry = api.get(f"/orgs/acme/soa/{ref}").json_body
    r = api.patch(f"/orgs/acme/soa/{ref}", {**data, "version": entry["version"]})
    assert r.status_code == 200, r.json_body
    return r.json_body


@pytest.fixture
def web(client, owner_api):
    client.force_login(owner_api.membership.user)
    return client


def test_an_implemented_soa_control_is_conforming_in_the_catalog_with_its_source(owner_api, web):
    assert owner_api.get(STATUS.format("A.6.2.4")).json_body["status"] == "not_assessed"
    _patch_entry(owner_api, "A.6.2.4", applicable=True, status="implemented",
                 justification="Our triage model is verified before release.")
    body = owner_api.get(STATUS.format("A.6.2.4")).json_body
    assert body["status"] == "conforming" and body["source"] == "soa_entry"
    assert body["decided_by"]["record"] == "soa_entry"
    assert body["decided_by"]["url"] == "/o/acme/controls/A.6.2.4/"
    assert body["decided_by"]["source"] == "From the Statement of Applicability, not approved yet"
    html = web.get(f"/o/acme/catalog/{FW}/A.6.2.4/").content.decode()
    assert 'badge badge--conforming">Conforming<' in html
    assert "From the Statement of Applicability, not approved yet" in html
    assert 'href="/o/acme/controls/A.6.2.4/"' in html
    assert 'name="status"' not in html  # no second place to type it
    tree = web.get(f"/o/acme/catalog/{FW}/").content.decode()
    assert 'href="/o/acme/controls/A.6.2.4/"' in tree


def test_the_source_names_the_approved_version_until_the_entry_changes(owner_api):
    decide_all(owner_api)
    assert owner_api.post("/orgs/acme/soa/versions", {"note": "Board"}).status_code == 201
    body = owner_api.get(STATUS.format("A.2.2")).json_body
    assert body["status"] == "conforming"
    assert body["decided_by"]["source"] == "From the Statement of Applicability, approved version 1"
    _patch_entry(owner_api, "A.2.2", status="partial")
    body = owner_api.get(STATUS.format("A.2.2")).json_body
    assert body["status"] == "partial"
    assert "changed since approved version 1" in body["decided_by"]["source"]


@pytest.mark.parametrize("data, expected", [
    ({"applicable": False, "justification": "We have no customers of our AI systems."}, "not_applicable"),
    ({"applicable": True, "status": "planned", "justification": "Needed for our triage model."}, "not_conforming"),
    ({"applicable": True, "status": "not_started", "justification": "Needed for our triage model."},
     "not_conforming"),
    ({"applicable": True, "status": "partial", "justification": "Needed for our triage model."}, "partial"),
])
def test_soa_decisions_map_to_catalog_statuses(owner_api, data, expected):
    _patch_entry(owner_api, "A.10.4", **data)
    assert owner_api.get(STATUS.format("A.10.4")).json_body["status"] == expected


def test_an_excluded_control_reads_not_applicable_on_the_page_and_in_the_counts(owner_api, web):
    _patch_entry(owner_api, "A.10.4", applicable=False, justification="We have no customers of our AI systems.")
    html = web.get(f"/o/acme/catalog/{FW}/A.10.4/").content.decode()
    assert ">Not applicable<" in html
    tree = web.get(f"/o/acme/catalog/{FW}/?status=not_applicable").content.decode()
    assert "A.10.4" in tree and "A.10.3" not in tree
    listing = owner_api.get(f"/orgs/acme/requirements/{FW}").json_body
    by_ref = {i["ref"]: i for i in listing["items"]}
    assert by_ref["A.10.4"]["status"] == "not_applicable"
    assert by_ref["A.10.3"]["status"] == "not_assessed" and by_ref["A.10.3"]["decided_by"]["record"] == "soa_entry"
    assert listing["count"] == Requirement.objects.filter(framework__slug=FW, assessable=True).count()


def test_a_clause_in_conflict_is_not_conforming_in_the_catalog(owner_api, web):
    r = owner_api.patch("/orgs/acme/clause-assessments/5.2", {"status": "conforming", "version": 1})
    assert r.status_code == 200 and r.json_body["conflict"] is True
    body = owner_api.get(STATUS.format("5.2")).json_body
    assert body["status"] == "not_conforming"
    assert body["decided_by"]["record"] == "clause_assessment"
    assert body["decided_by"]["url"] == "/o/acme/controls/clauses/5.2/"
    html = web.get(f"/o/acme/catalog/{FW}/5.2/").content.decode()
    assert "Conflict: declared conforming" in html and 'href="/o/acme/controls/clauses/5.2/"' in html
    assert 'badge badge--conforming">' not in html.split('id="h-status"')[1].split("</aside>")[0]


def test_setting_a_42001_status_in_the_catalog_is_refused_with_the_place_to_do_it(owner_api):
    r = owner_api.put(STATUS.format("A.6.2.4"), {"status": "conforming"})
    assert r.status_code == 409
    detail = r.json_body["detail"]
    assert "Statement of Applicability" in detail and "/o/acme/controls/A.6.2.4/" in detail
    r = owner_api.put(STATUS.format("5.2"), {"status": "conforming"})
    assert r.status_code == 409
    assert "clause assessment" in r.json_body["detail"] and "/o/acme/controls/clauses/5.2/" in r.json_body["detail"]
    assert not RequirementStatus.objects.exists()
    # another framework keeps its own statuses
    r = owner_api.put("/orgs/acme/requirements/iso-iec-27001-2022/A.5.1/status", {"status": "conforming"})
    assert r.status_code == 200 and r.json_body["decided_by"] is None


def test_a_read_only_role_still_gets_403_not_the_pointer(api_as):
    assert api_as(Role.VIEWER).put(STATUS.format("A.6.2.4"), {"status": "conforming"}).status_code == 403


def test_the_catalog_form_sends_the_person_to_the_soa_entry(owner_api, web):
    r = web.post(f"/o/acme/catalog/{FW}/A.6.2.4/status", {"status": "conforming", "note": "", "version": 0})
    assert r.status_code == 302 and r["Location"] == "/o/acme/controls/A.6.2.4/"
    followed = web.get(r["Location"]).content.decode()
    assert "is decided in the Statement of Applicability, not in the catalog" in followed
    r = web.post(f"/o/acme/catalog/{FW}/7.2/status", {"status": "conforming", "note": "", "version": 0})
    assert r.status_code == 302 and r["Location"] == "/o/acme/controls/clauses/7.2/"
    assert not RequirementStatus.objects.exists()


def _mapped_27001_control():
    """A 27001 requirement whose status implies one for a 42001 Annex A control (equivalent or superset)."""
    for m in Mapping.objects.select_related("source__framework", "target__framework").filter(
            source__framework__slug__in=[FW, "iso-iec-27001-2022"],
            target__framework__slug__in=[FW, "iso-iec-27001-2022"]):
        ends = {m.source.framework.slug: m.source, m.target.framework.slug: m.target}
        if len(ends) == 2 and ends[FW].kind == "control":
            return ends["iso-iec-27001-2022"], ends[FW]
    pytest.skip("no 27001 to Annex A mapping shipped")


def test_27001_inference_is_only_a_suggestion_for_an_annex_a_control(owner_api, web):
    source, control = _mapped_27001_control()
    org = owner_api.membership.organization
    set_status(owner_api.membership, source, status="conforming")
    pending = [i for i in inference.for_requirement(org, control) if i.state == "pending"]
    assert pending and pending[0].source == source
    body = owner_api.get(STATUS.format(control.ref)).json_body
    assert body["status"] == "not_assessed" and body["decided_by"]["record"] == "soa_entry"
    html = web.get(f"/o/acme/catalog/{FW}/{control.ref}/").content.decode()
    assert "These are suggestions only" in html and "Decide in the Statement of Applicability" in html
    assert f"/catalog/{FW}/{control.ref}/inferences/confirm" not in html
    r = owner_api.post(f"/orgs/acme/requirements/{FW}/{control.ref}/inferences/confirm",
                       {"from_framework": source.framework.slug, "from_ref": source.ref})
    assert r.status_code == 409 and f"/o/acme/controls/{control.ref}/" in r.json_body["detail"]
    r = web.post(f"/o/acme/catalog/{FW}/{control.ref}/inferences/confirm",
                 {"from_framework": source.framework.slug, "from_ref": source.ref})
    assert r.status_code == 302 and r["Location"] == f"/o/acme/controls/{control.ref}/"
    assert not RequirementStatus.objects.filter(requirement=control).exists()
    # dismissing the suggestion is still possible (it writes no status)
    r = owner_api.post(f"/orgs/acme/requirements/{FW}/{control.ref}/inferences/reject",
                       {"from_framework": source.framework.slug, "from_ref": source.ref})
    assert r.status_code == 200
    assert owner_api.get(STATUS.format(control.ref)).json_body["status"] == "not_assessed"


def test_a_pending_soa_suggestion_is_named_next_to_the_status(owner_api):
    from forty2.controls.models import SoAEntry

    owner_api.get("/orgs/acme/soa")
    SoAEntry.objects.filter(organization=owner_api.membership.organization, ref="A.5.2").update(
        suggestion={"applicable": True, "status": "implemented", "sources": ["ISO/IEC 27001 A.5.1"]},
        suggestion_state="pending")
    body = owner_api.get(STATUS.format("A.5.2")).json_body
    assert body["status"] == "not_assessed"  # a suggestion is never the status
    assert "ISO/IEC 27001 A.5.1" in body["decided_by"]["note"]


def test_an_earlier_catalog_status_is_kept_but_no_longer_counts(owner_api, web):
    """Data kept: a status typed in the catalog before the SoA decided Annex A stays (row and history)."""
    req = Requirement.objects.get(framework__slug=FW, ref="A.6.2.4")
    set_status(owner_api.membership, req, status="conforming", note="Typed in the catalog in 2025")
    _patch_entry(owner_api, "A.6.2.4", applicable=True, status="planned",
                 justification="Needed for our triage model.")
    body = owner_api.get(STATUS.format("A.6.2.4")).json_body
    assert body["status"] == "not_conforming"
    assert body["catalog_status"]["status"] == "conforming"
    assert body["catalog_status"]["note"] == "Typed in the catalog in 2025"
    assert RequirementStatus.objects.filter(requirement=req, status="conforming").exists()
    html = web.get(f"/o/acme/catalog/{FW}/A.6.2.4/").content.decode()
    assert 'id="legacy-status"' in html and "no longer counts" in html
    index = web.get("/o/acme/catalog/").content.decode()
    # the index counts the SoA's decision (one control decided), not the stale catalog row twice
    assert "1 of " in index


def test_the_index_progress_reads_the_soa(owner_api, web):
    decide_all(owner_api)
    total = Requirement.objects.filter(framework__slug=FW, assessable=True, withdrawn=False).count()
    html = web.get("/o/acme/catalog/").content.decode()
    # 38 decided controls (the clauses are not assessed yet)
    assert "38 of " + str(total) + " assessed" in html


def test_the_framework_page_queries_do_not_grow_with_the_requirements(owner_api, web):
    url = f"/o/acme/catalog/{FW}/"
    web.get(url)  # first visit creates the SoA and clause rows
    with CaptureQueriesContext(connection) as before:
        assert web.get(url).status_code == 200
    fw = Framework.objects.get(slug=FW)
    group = Requirement.objects.get(framework=fw, ref="A.10")
    clause_parent = Requirement.objects.get(framework=fw, ref="10")
    for n in range(1, 9):
        Requirement.objects.create(framework=fw, ref=f"A.10.9{n}", title=f"Extra control {n}", kind="control",
                                   parent=group, assessable=True, position=90_000 + n, depth=group.depth + 1)
        Requirement.objects.create(framework=fw, ref=f"10.9{n}", title=f"Extra clause {n}", kind="clause",
                                   parent=clause_parent, assessable=True, position=91_000 + n,
                                   depth=clause_parent.depth + 1)
    web.get(url)  # the new rows get their SoA entry / clause assessment once
    with CaptureQueriesContext(connection) as after:
        html = web.get(url).content.decode()
    assert "A.10.98" in html and "10.98" in html
    assert len(after) == len(before), [q["sql"][:120] for q in after.captured_queries]
