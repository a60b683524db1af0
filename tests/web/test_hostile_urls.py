"""Odd input in URLs and forms gets a clear 4xx, never a 500."""

from forty2.inventory.models import AIModel
from forty2.tenancy.models import Role


def test_nul_in_a_query_string_is_refused(client, member):
    owner = member(Role.OWNER)
    client.force_login(owner.user)
    assert client.get("/o/acme/ai-systems/?q=%00").status_code == 400
    assert client.get("/o/acme/audit-log/?action=a%00b").status_code == 400


def test_nul_in_an_api_url_is_a_422_in_the_api_error_shape(api_as):
    api = api_as(Role.OWNER)
    r = api.get("/orgs/acme/ai-systems?q=%00")
    assert r.status_code == 422
    assert r.json_body["detail"][0]["loc"] == ["query"]


def test_unknown_api_path_answers_json_404(api_as):
    api = api_as(Role.OWNER)
    r = api.get("/orgs/acme/ai-systems/not-a-number")
    assert r.status_code == 404
    assert r.json_body == {"detail": "Not found."}


def test_removing_a_member_with_a_garbled_id_changes_nothing(client, member):
    owner = member(Role.OWNER)
    member(Role.VIEWER)
    client.force_login(owner.user)
    response = client.post("/o/acme/members/", {"action": "remove", "membership": "abc"})
    assert response.status_code in (200, 302)
    assert owner.organization.memberships.count() == 2


def test_out_of_range_link_id_in_the_form_is_a_field_error(client, member):
    owner = member(Role.OWNER)
    client.force_login(owner.user)
    AIModel.objects.create(organization=owner.organization, name="M")
    response = client.post("/o/acme/ai-systems/new", {"name": "X", "purpose": "p", "lifecycle_stage": "inception",
                                                       "status": "proposed", "model_ids": "99999999999999999999999"})
    assert response.status_code == 200
    assert b"is not one of the available choices" in response.content
    assert not owner.organization.memberships.none().exists()
