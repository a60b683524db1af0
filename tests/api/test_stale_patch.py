"""A PATCH on a stale version, case by case (issue #15, "What to build" 6; forty2/records/writes.py
``refuse_conflict``): applied when no field it sends changed since, 409 when one did — also when the change since
was made by an event the history walk does not count as a version (an approval), when the PATCH sends back the
old value, through If-Match, and for the parts of a record kept outside the kit (the methodology's structure, a
clause's status and note). ISO/IEC 42001 7.5.3: no change is silently lost."""

import pytest

from forty2.core.models import AuditEvent
from forty2.tenancy.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def two(owner_api, api_as):
    return owner_api, api_as(Role.AIMS_MANAGER)


def _system(api, **extra):
    return api.post("/orgs/acme/ai-systems", {"name": "Triage assistant", "purpose": "Sorts referrals", **extra}
                    ).json_body


def _patch_if_match(api, path, body: dict, tag: str):
    import json

    r = api.client.patch(f"/api/v1{path}", data=json.dumps(body), content_type="application/json",
                         headers={**api.headers, "If-Match": tag})
    r.json_body = r.json()
    return r


def test_a_stale_if_match_merges_a_field_nobody_changed_and_refuses_one_somebody_did(two, acme):
    alice, bob = two
    sid = _system(alice)["id"]
    tag = alice.client.get(f"/api/v1/orgs/acme/ai-systems/{sid}", headers=alice.headers)["ETag"]
    assert bob.patch(f"/orgs/acme/ai-systems/{sid}", {"version": 1, "geography": "IE"}).status_code == 200

    merged = _patch_if_match(alice, f"/orgs/acme/ai-systems/{sid}", {"description": "Alice's note"}, tag)
    assert merged.status_code == 200, merged.json_body
    assert (merged.json_body["geography"], merged.json_body["description"], merged.json_body["version"]) == \
        ("IE", "Alice's note", 3)
    event = AuditEvent.objects.filter(organization=acme, action="ai_system.update").order_by("-seq").first()
    assert event.changes["merged"] == {"edited_version": 1, "onto_version": 2}

    refused = _patch_if_match(alice, f"/orgs/acme/ai-systems/{sid}", {"geography": "UK"}, tag)
    assert refused.status_code == 409
    assert refused.json_body["current_version"] == 3 and refused.json_body["fields"] == {"geography": "IE"}


def test_sending_back_the_old_value_of_a_field_changed_since_is_a_conflict(two):
    """Unlike a form, which sends every field, a PATCH sends what its caller means to set."""
    alice, bob = two
    sid = _system(alice, geography="EU")["id"]
    assert bob.patch(f"/orgs/acme/ai-systems/{sid}", {"version": 1, "geography": "IE"}).status_code == 200
    r = alice.patch(f"/orgs/acme/ai-systems/{sid}", {"version": 1, "geography": "EU"})
    assert r.status_code == 409 and r.json_body["fields"] == {"geography": "IE"}
    same = alice.patch(f"/orgs/acme/ai-systems/{sid}", {"version": 1, "geography": "IE"})  # the same change
    assert same.status_code == 200 and same.json_body["version"] == 2


def test_a_change_made_by_an_approval_is_a_conflict_too(two):
    alice, bob = two
    sid = _system(alice)["id"]
    assert bob.post(f"/orgs/acme/ai-systems/{sid}/approve", {"version": 1}).status_code == 200
    r = alice.patch(f"/orgs/acme/ai-systems/{sid}", {"version": 1, "status": "under_review"})
    assert r.status_code == 409 and r.json_body["fields"] == {"status": "approved"}
    assert alice.get(f"/orgs/acme/ai-systems/{sid}").json_body["status"] == "approved"


def test_a_version_the_record_never_had_stays_a_conflict(two):
    alice, _bob = two
    sid = _system(alice)["id"]
    alice.patch(f"/orgs/acme/ai-systems/{sid}", {"version": 1, "geography": "IE"})
    for version in (0, -1, 7):
        r = alice.patch(f"/orgs/acme/ai-systems/{sid}", {"version": version, "description": "x"})
        assert r.status_code == 409 and r.json_body["current_version"] == 2


def test_the_methodology_structure_merges_and_conflicts_like_its_fields(two):
    alice, bob = two
    draft = alice.post("/orgs/acme/risk-methodology/versions", {"name": "2027"}).json_body
    path = f"/orgs/acme/risk-methodology/versions/{draft['id']}"
    assert bob.patch(path, {"version": 1, "review_interval_days": 180}).status_code == 200

    merged = alice.patch(path, {"version": 1, "notes": "Aligned with the board's appetite."})
    assert merged.status_code == 200, merged.json_body
    assert merged.json_body["review_interval_days"] == 180
    refused = alice.patch(path, {"version": 1, "review_interval_days": 90})
    assert refused.status_code == 409 and refused.json_body["fields"] == {"review_interval_days": 180}
    assert alice.patch(path, {"version": 1, "impact_four_eyes": not draft["impact_four_eyes"]}).status_code == 200


def test_a_clause_status_changed_since_is_a_conflict_and_its_owner_merges(two, acme):
    alice, bob = two
    path = "/orgs/acme/clause-assessments/5.2"
    assert bob.patch(path, {"version": 1, "status": "partial"}).status_code == 200
    event = AuditEvent.objects.filter(organization=acme, action="requirement_status.set").order_by("-seq").first()
    assert event.changes["assessment_version"] == [1, 2]

    merged = alice.patch(path, {"version": 1, "owner": alice.membership.user.email, "note": "Policy drafted."})
    assert merged.status_code == 200, merged.json_body
    assert (merged.json_body["status"], merged.json_body["note"]) == ("partial", "Policy drafted.")
    refused = alice.patch(path, {"version": 1, "status": "conforming"})
    assert refused.status_code == 409 and refused.json_body["fields"] == {"status": "partial"}
    assert alice.get(path).json_body["status"] == "partial"


def test_an_approval_is_of_the_version_read_never_merged(two):
    """Approving is not a PATCH: someone else's change since the version read makes it a 409."""
    alice, bob = two
    sid = _system(alice)["id"]
    assert bob.patch(f"/orgs/acme/ai-systems/{sid}", {"version": 1, "description": "Now also triages"}
                     ).status_code == 200
    r = alice.post(f"/orgs/acme/ai-systems/{sid}/approve", {"version": 1})
    assert r.status_code == 409 and r.json_body["current_version"] == 2
    assert alice.get(f"/orgs/acme/ai-systems/{sid}").json_body["status"] == "proposed"
