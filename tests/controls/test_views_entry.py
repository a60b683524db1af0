"""The SoA entry page: edit in place with inline errors, justification links to AI systems, own controls."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def web(owner_api, client):
    client.force_login(owner_api.membership.user)
    client.api = owner_api
    return client


def test_excluding_without_justification_shows_the_error_next_to_the_field(web):
    r = web.post("/o/acme/controls/A.10.4/", {"applicable": "false", "justification": "", "status": "not_started",
                                              "owner": "", "implementation": "", "last_reviewed": "", "version": "1"})
    html = r.content.decode()
    assert r.status_code == 200 and "Excluding a control needs a justification" in html
    assert 'id="id_justification_error"' in html


def test_saving_the_entry_and_linking_a_justification(web):
    r = web.post("/o/acme/controls/A.6.2.4/", {"applicable": "true", "justification": "Clinical models need "
                                               "verification.", "status": "partial", "owner": "",
                                               "implementation": "Validation protocol", "last_reviewed": "2026-11-01",
                                               "version": "1"})
    assert r.status_code == 302
    system = web.api.post("/orgs/acme/ai-systems", {"name": "Sepsis EWS", "purpose": "Warns early."}).json_body
    r = web.post("/o/acme/controls/A.6.2.4/link", {"record_type": "ai_system", "object_id": system["id"],
                                                    "note": "medical device"}, follow=True)
    html = r.content.decode()
    assert "Justification linked" in html and "Sepsis EWS" in html
    entry = web.api.get("/orgs/acme/soa/A.6.2.4").json_body
    assert entry["justification_links"][0]["name"] == "Sepsis EWS" and entry["status"] == "partial"
    history = web.get("/o/acme/controls/A.6.2.4/").content.decode()
    assert "History" in history


def test_a_justification_link_to_another_organisations_record_is_refused(web, globex, member):
    other = member("owner", org=globex)
    from forty2.inventory.services import create_ai_system

    theirs = create_ai_system(other, {"name": "Theirs", "purpose": "x"})
    r = web.api.post("/orgs/acme/soa/A.2.2/links", {"record_type": "ai_system", "object_id": theirs.pk})
    assert r.status_code == 422 and r.json_body["detail"][0]["loc"] == ["body", "object_id"]


def test_adding_an_own_control_on_the_page(web):
    r = web.post("/o/acme/controls/new", {"ref": "OC-1", "title": "Clinical safety case", "applicable": "true",
                                          "justification": "", "status": "planned", "owner": "",
                                          "implementation": "", "last_reviewed": ""})
    assert r.status_code == 302 and r["Location"].endswith("/controls/OC-1/")
    assert "OC-1" in web.get("/o/acme/controls/?group=own").content.decode()


def test_export_csv_and_xlsx(web):
    r = web.get("/o/acme/controls/export?format=csv")
    text = r.content.decode("utf-8-sig")
    assert r["Content-Disposition"].startswith("attachment") and text.startswith("control,title,applicable")
    assert "A.2.2" in text and text.count("\n") >= 39
    r = web.api.get("/orgs/acme/soa/export?format=xlsx")
    assert r.status_code == 200 and r.content[:2] == b"PK"


def test_readiness_and_import_pages_render(web):
    assert "Certification readiness" in web.get("/o/acme/controls/readiness/").content.decode()
    assert "Import an ISO/IEC 27001 SoA" in web.get("/o/acme/controls/import-iso27001").content.decode()
    assert "Controls (SoA)" in web.get("/o/acme/controls/").content.decode()


def test_the_soa_filters_by_control_group(web):
    html = web.get("/o/acme/controls/?group=A.6.2").content.decode()
    assert "7 controls" in html and "A.6.2.2" in html and "A.6.1.2" not in html
    assert '<option value="A.6.1"' in html and '<option value="A.10"' in html


def test_the_last_review_date_survives_a_save_on_the_page(web):
    e = web.api.get("/orgs/acme/soa/A.2.2").json_body
    web.api.patch("/orgs/acme/soa/A.2.2", {"last_reviewed": "2026-10-25", "version": e["version"]})
    html = web.get("/o/acme/controls/A.2.2/").content.decode()
    assert 'value="2026-10-25"' in html


def test_a_legal_requirement_justifies_a_control(web):
    from forty2.catalog.models import Requirement

    art9 = Requirement.objects.get(framework__slug="eu-ai-act-2024-1689", ref="Art. 9")
    r = web.post("/o/acme/controls/A.5.2/link", {"record_type": "requirement", "object_id": art9.pk}, follow=True)
    assert "EU AI Act Art. 9" in r.content.decode() or "Art. 9" in r.content.decode()
    links = web.api.get("/orgs/acme/soa/A.5.2").json_body["justification_links"]
    assert links[0]["record_type"] == "requirement" and "Art. 9" in links[0]["name"]
