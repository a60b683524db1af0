"""The error summary starts each line with the field's label: "Name: …", but a question keeps its own
punctuation ("What is it for? This field is required."), never "What is it for?: …"."""

from forty2.tenancy.models import Role
from tests.web import fixtures

web_as = fixtures.web_as


def test_question_labels_get_no_colon_in_the_error_summary(web_as):
    client = web_as(Role.OWNER)
    html = client.post("/o/acme/ai-systems/new", {"name": "", "purpose": "", "lifecycle_stage": "inception",
                                                   "status": "proposed"}).content.decode()
    summary = html[html.index('class="error-summary"'):html.index("</ul>", html.index('class="error-summary"'))]
    assert "What is it for? This field is required" in summary
    assert "?:" not in summary
    assert "Name: This field is required" in summary
