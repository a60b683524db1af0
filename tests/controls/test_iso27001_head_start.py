"""Importing an ISO/IEC 27001 SoA yields inferred ISO/IEC 42001 entries a person confirms or rejects; the
harmonized clauses get inferred statuses through the catalog (ISO/IEC 42001 6.1.3, 4.2)."""

import io

import pytest
from django.core.management import CommandError, call_command

from forty2.catalog import inference
from forty2.catalog.models import Framework
from forty2.controls.models import SoAEntry

pytestmark = pytest.mark.django_db

SOA_27001 = (
    "control,applicable,justification,status\n"
    "A.5.1,yes,Information security policy approved by the board,implemented\n"
    "A.5.9,yes,Asset inventory in the CMDB,partial\n"
    "A.8.25,no,We do not develop software,\n"
    "4.2,yes,Interested parties register,implemented\n"
)


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def soa_file(tmp_path):
    path = tmp_path / "isms-soa.csv"
    path.write_text(SOA_27001)
    return path


def test_the_cli_dry_run_saves_nothing(owner, soa_file):
    out, _ = run("import", "iso27001-soa", str(soa_file), "--org", "acme", "--dry-run")
    assert "dry run" in out and "A.2.2" not in out
    assert not SoAEntry.objects.filter(suggestion_state="pending").exists()


def test_import_suggests_inferred_entries_to_confirm_or_reject(owner_api, soa_file):
    out, _ = run("import", "iso27001-soa", str(soa_file), "--org", "acme")
    assert "suggested" in out
    pending = owner_api.get("/orgs/acme/soa?suggestion=pending").json_body["items"]
    refs = {e["ref"] for e in pending}
    assert {"A.2.2", "A.2.4", "A.4.2", "A.6.1.3"} <= refs
    a22 = next(e for e in pending if e["ref"] == "A.2.2")
    assert a22["applicable"] is None  # a suggestion until confirmed
    assert a22["suggestion"]["applicable"] is True and a22["suggestion"]["status"] == "partial"  # intersect
    assert "ISO/IEC 27001:2022 A.5.1 (intersect)" in a22["suggestion"]["sources"]
    r = owner_api.post("/orgs/acme/soa/A.2.2/suggestion", {"action": "confirm"})
    assert r.status_code == 200, r.json_body
    assert (r.json_body["applicable"], r.json_body["status"]) == (True, "partial")
    assert r.json_body["suggestion"]["state"] == "confirmed"
    excluded = next(e for e in pending if e["ref"] == "A.6.1.3")
    assert excluded["suggestion"]["applicable"] is False
    r = owner_api.post("/orgs/acme/soa/A.6.1.3/suggestion", {"action": "reject", "note": "We do build models"})
    assert r.json_body["suggestion"]["state"] == "rejected" and r.json_body["applicable"] is None
    assert owner_api.post("/orgs/acme/soa/A.6.1.3/suggestion", {"action": "confirm"}).status_code == 409


def test_the_harmonized_clauses_get_inferred_statuses_through_the_catalog(owner, soa_file):
    run("import", "iso27001-soa", str(soa_file), "--org", "acme")
    fw = Framework.objects.get(slug="iso-iec-42001-2023")
    found = {i.target.ref: i for i in inference.compute(owner.organization, framework=fw) if i.state == "pending"}
    assert found["4.2"].implied_status == "conforming"  # equivalent harmonized requirement


def test_a_bad_file_is_refused_whole_with_rows_named(owner, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("control,applicable\nA.5.1,maybe\nZ.9,yes\n")
    with pytest.raises(CommandError):
        run("import", "iso27001-soa", str(path), "--org", "acme")
    assert not SoAEntry.objects.filter(suggestion_state="pending").exists()


def test_the_register_import_still_works(owner, tmp_path):
    path = tmp_path / "register.csv"
    path.write_text("name,purpose\nChatbot,Books appointments\n")
    out, _ = run("import", "ai-systems", str(path), "--org", "acme")
    assert "1" in out


def test_an_inferred_clause_status_is_confirmed_on_the_clause_page(owner_api, soa_file, client):
    run("import", "iso27001-soa", str(soa_file), "--org", "acme")
    client.force_login(owner_api.membership.user)
    html = client.get("/o/acme/controls/clauses/4.2/").content.decode()
    assert "Inferred status waiting for review" in html and "ISO/IEC 27001" in html
    r = client.post("/o/acme/controls/clauses/4.2/inferences/confirm",
                    {"from_framework": "iso-iec-27001-2022", "from_ref": "4.2"})
    assert r.status_code == 302
    clause = owner_api.get("/orgs/acme/clause-assessments/4.2").json_body
    assert (clause["status"], clause["source"]) == ("conforming", "inferred")
    # a status inferred from ISO/IEC 27001 is a declaration: with no interested parties recorded it is a conflict
    assert clause["conflict"] is True and clause["effective_status"] == "not_conforming"
