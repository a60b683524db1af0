"""Contributors edit only the models, datasets and suppliers they created (docs/architecture.md "Roles"; A.4, A.10)."""

from forty2.tenancy.models import Role


def test_contributor_edits_own_model_but_not_others(owner_api, api_as):
    contributor = api_as(Role.CONTRIBUTOR)
    theirs = owner_api.post("/orgs/acme/models", {"name": "Vendor CNN"}).json_body
    mine = contributor.post("/orgs/acme/models", {"name": "In-house GBM"}).json_body
    assert contributor.patch(f"/orgs/acme/models/{mine['id']}", {"version": 1, "provider": "us"}).status_code == 200
    refused = contributor.patch(f"/orgs/acme/models/{theirs['id']}", {"version": 1, "provider": "changed"})
    assert refused.status_code == 403
    assert owner_api.get(f"/orgs/acme/models/{theirs['id']}").json_body["provider"] == ""


def test_manager_edits_any_dataset(owner_api, api_as):
    manager = api_as(Role.AIMS_MANAGER)
    dataset = owner_api.post("/orgs/acme/datasets", {"name": "EHR extract"}).json_body
    r = manager.patch(f"/orgs/acme/datasets/{dataset['id']}", {"version": 1, "known_biases": "Under-represents"})
    assert r.status_code == 200
