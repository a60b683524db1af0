"""The questionnaire's provisional result: nothing before "Is it an AI system?" is answered, the caveat about
unanswered questions while answering, and a plain "Prohibited (Art. 5)" once a banned practice is ticked."""

import pytest
from django.test import Client

from forty2.inventory import services as inventory
from forty2.tenancy.models import Role


@pytest.fixture
def post(member):
    owner = member(Role.OWNER)
    system = inventory.create_ai_system(owner, {"name": "CV screening", "purpose": "Rank applications"})
    client = Client()
    client.force_login(owner.user)

    def send(data):
        return client.post(f"/o/acme/ai-systems/{system.pk}/ai-act/questions", data).content.decode()

    return send


def test_no_preview_before_the_first_answer(post):
    assert "aiact-preview" not in post({})


def test_a_preview_with_its_caveat_once_answered(post):
    html = post({"is_ai_system": "yes"})
    assert 'id="aiact-preview"' in html and "if every unanswered yes/no question" in html


def test_prohibited_is_shown_plainly(post):
    html = post({"is_ai_system": "yes", "role": "provider", "excluded_purpose": "none",
                 "prohibited_practices": ["social_scoring"]})
    preview = html[html.index('id="aiact-preview"'):]
    assert "Prohibited (Art. 5)" in preview and "unanswered" not in preview
