"""Messages name models as "AI model" (the model's verbose name), never "ai model"."""

from forty2.inventory import linked
from forty2.inventory.models import AIModel
from tests.web import fixtures

web_as = fixtures.web_as


def test_a_duplicate_model_is_called_an_ai_model(web_as):
    client = web_as()
    linked.create(AIModel, client.membership, {"name": "GPT-4o", "model_version": "1"})
    html = client.post("/o/acme/ai-systems/models/new", {"name": "GPT-4o", "model_version": "1"}).content.decode()
    assert "AI model named" in html and "ai model" not in html
