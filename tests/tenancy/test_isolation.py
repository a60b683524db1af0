"""Tenant isolation through the API: another organisation's slug or record ids answer exactly like ids that
do not exist (docs/architecture.md, "API conventions": 404, identical answers), and lists never show another
organisation's rows. ISO/IEC 42001 A.7.4/A.10: a consultancy's clients must never see each other's AIMS."""

import pytest

from forty2.accounts.services import create_token
from forty2.core.models import AuditEvent
from forty2.inventory import linked, services
from forty2.inventory.models import AIModel, AISystem, Dataset, Supplier
from forty2.tenancy.models import Role
from tests.conftest import ApiClient

UNKNOWN_ID = 987654321

PATCH_BODIES = {
    "ai-systems": {"version": 1, "name": "Hijacked"},
    "models": {"version": 1, "name": "Hijacked"},
    "datasets": {"version": 1, "name": "Hijacked"},
    "suppliers": {"version": 1, "name": "Hijacked"},
}


@pytest.fixture
def globex_records(member, globex):
    """One record of every kind in Globex, created by its owner."""
    owner = member(Role.OWNER, globex)
    model = linked.create(AIModel, owner, {"name": "Globex LLM", "version": "1"})
    dataset = linked.create(Dataset, owner, {"name": "Globex claims"})
    supplier = linked.create(Supplier, owner, {"name": "Globex vendor"})
    system = services.create_ai_system(owner, {"name": "Globex fraud", "purpose": "Detect fraud",
                                               "model_ids": [model.pk], "dataset_ids": [dataset.pk],
                                               "supplier_ids": [supplier.pk]})
    return {"ai-systems": system, "models": model, "datasets": dataset, "suppliers": supplier, "owner": owner}


@pytest.fixture
def acme_api(owner_api, globex_records):
    return owner_api


def _same_404(foreign, unknown):
    assert foreign.status_code == 404, foreign.json_body
    assert unknown.status_code == 404, unknown.json_body
    assert foreign.json_body == unknown.json_body


@pytest.mark.parametrize("path", ["ai-systems", "models", "datasets", "suppliers", "audit-events"])
def test_another_organisations_slug_answers_like_an_unknown_one(acme_api, path):
    _same_404(acme_api.get(f"/orgs/globex/{path}"), acme_api.get(f"/orgs/no-such-org/{path}"))


@pytest.mark.parametrize("path", ["ai-systems", "models", "datasets", "suppliers"])
def test_writing_under_another_organisations_slug_is_404(acme_api, globex_records, path):
    body = {"name": "Planted", "purpose": "p"} if path == "ai-systems" else {"name": "Planted"}
    _same_404(acme_api.post(f"/orgs/globex/{path}", body), acme_api.post(f"/orgs/no-such-org/{path}", body))
    rid = globex_records[path].pk
    _same_404(acme_api.get(f"/orgs/globex/{path}/{rid}"), acme_api.get(f"/orgs/no-such-org/{path}/{rid}"))
    _same_404(acme_api.patch(f"/orgs/globex/{path}/{rid}", PATCH_BODIES[path]),
              acme_api.patch(f"/orgs/no-such-org/{path}/{rid}", PATCH_BODIES[path]))
    _same_404(acme_api.delete(f"/orgs/globex/{path}/{rid}"), acme_api.delete(f"/orgs/no-such-org/{path}/{rid}"))


@pytest.mark.parametrize("path", ["ai-systems", "models", "datasets", "suppliers"])
def test_another_organisations_ids_answer_like_unknown_ids(acme_api, globex_records, path):
    rid = globex_records[path].pk
    _same_404(acme_api.get(f"/orgs/acme/{path}/{rid}"), acme_api.get(f"/orgs/acme/{path}/{UNKNOWN_ID}"))
    _same_404(acme_api.patch(f"/orgs/acme/{path}/{rid}", PATCH_BODIES[path]),
              acme_api.patch(f"/orgs/acme/{path}/{UNKNOWN_ID}", PATCH_BODIES[path]))
    _same_404(acme_api.delete(f"/orgs/acme/{path}/{rid}"), acme_api.delete(f"/orgs/acme/{path}/{UNKNOWN_ID}"))


def test_failed_cross_organisation_writes_change_nothing(acme_api, globex_records):
    events_before = AuditEvent.objects.filter(organization=globex_records["owner"].organization).count()
    for path in ("ai-systems", "models", "datasets", "suppliers"):
        rid = globex_records[path].pk
        acme_api.patch(f"/orgs/acme/{path}/{rid}", PATCH_BODIES[path])
        acme_api.delete(f"/orgs/acme/{path}/{rid}")
    system = AISystem.objects.get(pk=globex_records["ai-systems"].pk)
    assert (system.name, system.version, system.archived_at) == ("Globex fraud", 1, None)
    assert AIModel.objects.get(pk=globex_records["models"].pk).name == "Globex LLM"
    assert Dataset.objects.filter(pk=globex_records["datasets"].pk).exists()
    assert Supplier.objects.filter(pk=globex_records["suppliers"].pk).exists()
    assert AuditEvent.objects.filter(organization=globex_records["owner"].organization).count() == events_before


def test_token_reaches_only_the_organisation_it_was_issued_for(member, acme, globex, globex_records):
    """A consultant who is an owner in both organisations still needs one token per organisation."""
    email = "consultant@example.com"
    m_acme = member(Role.OWNER, acme, email)
    member(Role.OWNER, globex, email)
    _token, raw = create_token(user=m_acme.user, organization=acme)
    api = ApiClient(raw)
    assert api.get("/orgs/acme/ai-systems").status_code == 200
    _same_404(api.get("/orgs/globex/ai-systems"), api.get("/orgs/no-such-org/ai-systems"))
    rid = globex_records["ai-systems"].pk
    _same_404(api.get(f"/orgs/globex/ai-systems/{rid}"), api.get(f"/orgs/no-such-org/ai-systems/{rid}"))
    _same_404(api.patch(f"/orgs/globex/ai-systems/{rid}", PATCH_BODIES["ai-systems"]),
              api.patch(f"/orgs/no-such-org/ai-systems/{rid}", PATCH_BODIES["ai-systems"]))
    assert api.get("/orgs/globex/audit-events").status_code == 404
    assert AISystem.objects.get(pk=rid).name == "Globex fraud"


@pytest.mark.parametrize("path", ["ai-systems", "ai-systems?archived=true", "models", "datasets", "suppliers",
                                  "audit-events"])
def test_lists_never_show_another_organisations_rows(acme_api, globex_records, path):
    services.archive_ai_system(globex_records["owner"], globex_records["ai-systems"])
    acme_api.post("/orgs/acme/ai-systems", {"name": "Acme triage", "purpose": "p"})
    old = acme_api.post("/orgs/acme/ai-systems", {"name": "Acme prototype", "purpose": "p"}).json_body["id"]
    acme_api.delete(f"/orgs/acme/ai-systems/{old}")
    acme_api.post("/orgs/acme/models", {"name": "Acme model"})
    acme_api.post("/orgs/acme/datasets", {"name": "Acme data"})
    acme_api.post("/orgs/acme/suppliers", {"name": "Acme vendor"})
    sep = "&" if "?" in path else "?"
    body = acme_api.get(f"/orgs/acme/{path}{sep}limit=500").json_body
    text = str(body)
    assert "Globex" not in text and "globex" not in text
    assert body["count"] == len(body["items"]) >= 1


def test_searching_for_another_organisations_names_finds_nothing(acme_api, globex_records):
    for path in ("ai-systems?q=Globex", "ai-systems?archived=true&q=Globex", "models?q=Globex",
                 "datasets?q=Globex", "suppliers?q=Globex", f"audit-events?object_id={globex_records['models'].pk}"
                 "&object_type=aimodel"):
        body = acme_api.get(f"/orgs/acme/{path}").json_body
        assert body == {"items": [], "count": 0}, path


@pytest.mark.parametrize("field,kind", [("model_ids", "models"), ("dataset_ids", "datasets"),
                                        ("supplier_ids", "suppliers")])
def test_linking_another_organisations_record_is_refused(acme_api, globex_records, field, kind):
    foreign = globex_records[kind].pk
    r = acme_api.post("/orgs/acme/ai-systems", {"name": "Borrower", "purpose": "p", field: [foreign]})
    assert r.status_code == 422
    assert r.json_body["detail"][0]["loc"] == ["body", field]
    assert str(foreign) in r.json_body["detail"][0]["msg"]
    assert not AISystem.objects.filter(name="Borrower").exists()

    sid = acme_api.post("/orgs/acme/ai-systems", {"name": "Own", "purpose": "p"}).json_body["id"]
    r = acme_api.patch(f"/orgs/acme/ai-systems/{sid}", {"version": 1, field: [foreign]})
    assert r.status_code == 422
    assert r.json_body["detail"][0]["loc"] == ["body", field]
    after = acme_api.get(f"/orgs/acme/ai-systems/{sid}").json_body
    assert after["version"] == 1 and after[kind] == []
