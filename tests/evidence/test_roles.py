"""Who may add evidence (docs/architecture.md, "Roles"): members who create records; viewers and external auditors
read and download only. Another organisation's evidence is not found."""

import io

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def _post(api, **fields):
    f = io.BytesIO(b"minutes")
    f.name = "minutes.txt"
    return Client().post("/api/v1/orgs/acme/evidence", {"title": "Minutes", "file": f, **fields},
                         headers=api.headers)


def test_readers_cannot_upload_but_can_download(owner_api, api_as):
    made = _post(owner_api).json()
    for role in ("viewer", "external_auditor"):
        reader = api_as(role)
        assert _post(reader).status_code == 403
        r = Client().get(f"/api/v1/orgs/acme/evidence/{made['id']}/download", headers=reader.headers)
        assert r.status_code == 200


def test_contributors_upload(api_as):
    assert _post(api_as("contributor")).status_code == 201


def test_another_organisations_evidence_is_not_found(owner_api, api_as, globex):
    made = _post(owner_api).json()
    theirs = api_as("owner", org=globex)
    r = Client().get(f"/api/v1/orgs/globex/evidence/{made['id']}/download", headers=theirs.headers)
    assert r.status_code == 404


def test_linking_to_an_unknown_kind_names_the_allowed_ones(owner_api):
    made = _post(owner_api).json()
    r = owner_api.post(f"/orgs/acme/evidence/{made['id']}/links", {"record_type": "spaceship", "object_id": 1})
    assert r.status_code == 422 and "soa_entry" in r.json_body["detail"][0]["msg"]
