"""A model used only by archived AI systems can be deleted; one used by a live system cannot (A.4, A.6)."""

from forty2.core.models import AuditEvent


def test_links_from_archived_systems_do_not_block_deletion(owner_api):
    model = owner_api.post("/orgs/acme/models", {"name": "Old CNN"}).json_body
    live = owner_api.post("/orgs/acme/ai-systems", {"name": "Live", "purpose": "p", "model_ids": [model["id"]]})
    assert owner_api.delete(f"/orgs/acme/models/{model['id']}").status_code == 409
    owner_api.delete(f"/orgs/acme/ai-systems/{live.json_body['id']}")
    assert owner_api.delete(f"/orgs/acme/models/{model['id']}").status_code == 204
    event = AuditEvent.objects.get(action="aimodel.delete")
    assert event.changes["linked_archived_systems"] == ["Live"]
