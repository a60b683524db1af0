"""The reviewer's sign-off needs a short note on what was checked: the field says so, and an empty note is an
inline error on the result page that signs nothing off."""

import pytest
from django.test import Client

from forty2.aiact import services
from forty2.inventory import services as inventory
from forty2.tenancy.models import Role

HIGH = {"is_ai_system": True, "role": "deployer", "annex_iii_areas": ["employment"], "annex_iii_point": "4(a)",
        "profiles_natural_persons": True}


@pytest.fixture
def classified(member):
    owner = member(Role.OWNER)
    system = inventory.create_ai_system(owner, {"name": "CV screening", "purpose": "Rank applications"})
    services.classify_system(owner, system, HIGH)
    return system


@pytest.fixture
def reviewer(member):
    client = Client()
    client.force_login(member(Role.AIMS_MANAGER).user)
    return client


def test_the_note_is_labelled_required_with_a_hint(classified, reviewer):
    html = reviewer.get(f"/o/acme/ai-systems/{classified.pk}/ai-act/").content.decode()
    form = html[html.index('id="signoff-h"'):]
    assert "Review note" in form and "(optional)" not in form[:form.index("</form>")]
    assert "A sentence on what you checked" in form


@pytest.mark.parametrize("note", ["", "   "])
def test_an_empty_note_is_an_inline_error(classified, reviewer, note):
    r = reviewer.post(f"/o/acme/ai-systems/{classified.pk}/ai-act/sign-off", {"version": 1, "note": note})
    html = r.content.decode()
    assert r.status_code == 200
    assert 'id="id_note_error"' in html and "Write a short note on what you checked" in html
    assert not services.current_classification(classified).is_signed_off
