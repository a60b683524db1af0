"""A sign-off refused because the classification was replaced while the reviewer read it says so in plain words:
which classification replaced it, with its tier and who stored it, and asks for a review of the new one."""

from django.test import Client

from forty2.aiact import services
from forty2.inventory import services as inventory
from forty2.tenancy.models import Role

HIGH = {"is_ai_system": True, "role": "deployer", "annex_iii_areas": ["employment"], "annex_iii_point": "4(a)",
        "profiles_natural_persons": True}
MINIMAL = {"is_ai_system": True, "role": "deployer"}


def test_a_sign_off_of_a_replaced_classification_names_the_new_one(member):
    owner = member(Role.OWNER)
    system = inventory.create_ai_system(owner, {"name": "CV screening", "purpose": "Rank applications"})
    services.classify_system(owner, system, HIGH)
    services.classify_system(owner, system, MINIMAL)  # stored while the reviewer was reading version 1
    client = Client()
    client.force_login(member(Role.AIMS_MANAGER).user)
    r = client.post(f"/o/acme/ai-systems/{system.pk}/ai-act/sign-off", {"version": 1, "note": "Checked."},
                    follow=True)
    html = r.content.decode()
    assert r.redirect_chain[-1][1] == 302
    assert "classification 1 was replaced by classification 2 (Minimal risk) by owner@acme.example" in html
    assert "Please review the new one" in html
    assert "version 1 given" not in html and "changed by someone else" not in html
    assert not services.current_classification(system).is_signed_off
