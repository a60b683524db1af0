"""Nobody removes themselves from an organisation, whichever face they use: another owner can (ISO/IEC 42001
5.3). The rule lives in the tenancy service; the People page only shows its message."""

import pytest

from forty2.core.errors import Conflict
from forty2.tenancy import services as tenancy
from forty2.tenancy.models import Membership, Role


def test_an_owner_cannot_remove_themselves_even_with_another_owner(member, acme):
    me = member(Role.OWNER, email="me@acme.example")
    member(Role.OWNER, email="other@acme.example")
    with pytest.raises(Conflict, match="cannot remove yourself"):
        tenancy.check_removal(me, actor_membership=me)
    with pytest.raises(Conflict, match="cannot remove yourself"):
        tenancy.remove_member(me, actor=me.user, actor_membership=me)
    assert Membership.objects.filter(pk=me.pk).exists()


def test_the_refusal_is_what_the_people_page_shows(member, acme, client):
    me = member(Role.OWNER, email="me@acme.example")
    member(Role.OWNER, email="other@acme.example")
    client.force_login(me.user)
    response = client.get(f"/o/acme/members/{me.pk}/remove", follow=True)
    assert "You cannot remove yourself. Another owner can remove you." in response.content.decode()
    assert Membership.objects.filter(pk=me.pk).exists()
