"""People cannot change or add e-mail addresses themselves: memberships are granted to an address, so an
unverified change would let anyone claim access meant for someone else (ISO/IEC 42001 A.3.2, 5.3)."""

from forty2.tenancy.models import Role


def test_email_management_page_is_not_available(client, member):
    viewer = member(Role.VIEWER)
    client.force_login(viewer.user)
    assert client.get("/accounts/email/").status_code == 404
    response = client.post("/accounts/email/", {"email": "future.hire@acme.example", "action_add": "1"})
    assert response.status_code == 404
    viewer.user.refresh_from_db()
    assert viewer.user.email == "viewer@acme.example"
