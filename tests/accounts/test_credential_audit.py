"""Credential changes go on the installation audit chain, without the secret (7.5.3)."""

from forty2.core.models import AuditEvent
from forty2.tenancy.models import Role


def test_password_change_is_audited_without_the_password(client, member):
    owner = member(Role.OWNER)
    owner.user.set_password("old-password-123!")
    owner.user.save()
    client.force_login(owner.user)
    response = client.post("/accounts/password/change/", {"oldpassword": "old-password-123!",
                                                           "password1": "Brand-new-pass-456!",
                                                           "password2": "Brand-new-pass-456!"})
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="auth.password_change")
    assert event.actor_id == owner.user.pk
    assert "Brand-new-pass-456!" not in event.canonical
