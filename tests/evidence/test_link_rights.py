"""Who may link and unlink evidence (ISO/IEC 42001 7.5.3, A.3.2; issue #14 finding 4): a link changes both the
evidence and the record it supports, so it needs the right to edit one of them. A contributor who owns neither
cannot unlink others' evidence or link it elsewhere; the owner of either side can."""

import pytest
from django.test import Client

from forty2.evidence.models import EvidenceLink
from forty2.tenancy.models import Role

pytestmark = pytest.mark.django_db


def _evidence(api, **fields):
    r = Client().post("/api/v1/orgs/acme/evidence", {"title": "Risk register export", "url": "https://x.example/r",
                                                     **fields}, headers=api.headers)
    assert r.status_code == 201, r.content
    return r.json()


def _unlink(api, ev, entry):
    return api.delete(f"/orgs/acme/evidence/{ev['id']}/links?record_type=soa_entry&object_id={entry['id']}")


def test_a_contributor_who_owns_nothing_cannot_unlink_others_evidence(owner_api, api_as):
    entry = owner_api.get("/orgs/acme/soa/A.5.2").json_body
    ev = _evidence(owner_api, record_type="soa_entry", object_id=entry["id"])
    outsider = api_as(Role.CONTRIBUTOR)
    r = _unlink(outsider, ev, entry)
    assert r.status_code == 403 and "evidence you own" in r.json_body["detail"]
    assert EvidenceLink.objects.count() == 1
    other = owner_api.get("/orgs/acme/soa/A.5.3").json_body
    r = outsider.post(f"/orgs/acme/evidence/{ev['id']}/links", {"record_type": "soa_entry", "object_id": other["id"]})
    assert r.status_code == 403 and EvidenceLink.objects.count() == 1


def test_the_unlink_button_on_a_page_is_refused_for_an_outsider(owner_api, api_as, client):
    entry = owner_api.get("/orgs/acme/soa/A.5.2").json_body
    ev = _evidence(owner_api, record_type="soa_entry", object_id=entry["id"])
    client.force_login(api_as(Role.CONTRIBUTOR).membership.user)
    r = client.post("/o/acme/evidence/link", {"action": "unlink", "record_type": "soa_entry",
                                              "object_id": entry["id"], "evidence_id": ev["id"]}, follow=True)
    assert "evidence you own" in r.content.decode()
    assert EvidenceLink.objects.count() == 1


def test_the_owner_of_either_side_may_link_and_unlink(owner_api, api_as):
    control_owner, uploader = api_as(Role.CONTRIBUTOR), api_as(Role.CONTRIBUTOR, email="up@acme.example")
    entry = owner_api.get("/orgs/acme/soa/A.5.2").json_body
    owner_api.patch("/orgs/acme/soa/A.5.2", {"version": entry["version"],
                                             "owner": control_owner.membership.user.email})
    managers = _evidence(owner_api, record_type="soa_entry", object_id=entry["id"])
    assert _unlink(control_owner, managers, entry).status_code == 204  # their control
    mine = _evidence(uploader)  # their evidence, someone else's control
    r = uploader.post(f"/orgs/acme/evidence/{mine['id']}/links", {"record_type": "soa_entry", "object_id": entry["id"]})
    assert r.status_code == 201, r.json_body
    assert _unlink(uploader, mine, entry).status_code == 204


def test_the_page_offers_unlink_only_where_it_would_be_allowed(owner_api, api_as, client):
    entry = owner_api.get("/orgs/acme/soa/A.5.2").json_body
    _evidence(owner_api, record_type="soa_entry", object_id=entry["id"])
    client.force_login(api_as(Role.CONTRIBUTOR).membership.user)
    assert "Unlink" not in client.get("/o/acme/controls/A.5.2/").content.decode()
    client.force_login(owner_api.membership.user)
    assert "Unlink" in client.get("/o/acme/controls/A.5.2/").content.decode()
