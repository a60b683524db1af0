"""The import page tells a web user how to update existing systems in the page's words (tick the box), not
with the command line's ``--update-existing``."""

from django.core.files.uploadedfile import SimpleUploadedFile

from forty2.inventory import services
from forty2.inventory.importexport import ImportFailed, import_ai_systems
from forty2.tenancy.models import Role
from tests.web import fixtures

from ._io import csv_bytes

web_as = fixtures.web_as


def test_a_name_already_in_the_register_says_tick_update_existing(web_as):
    client = web_as(Role.OWNER)
    services.create_ai_system(client.membership, {"name": "Chatbot", "purpose": "p"})
    upload = SimpleUploadedFile("r.csv", csv_bytes([["name", "purpose"], ["Chatbot", "new"]]))
    html = client.post("/o/acme/ai-systems/import", {"file": upload}).content.decode()
    assert "tick ‘Update existing systems with the same name’" in html
    assert "--update-existing" not in html


def test_the_cli_keeps_naming_its_flag(member):
    owner = member(Role.OWNER)
    services.create_ai_system(owner, {"name": "Chatbot", "purpose": "p"})
    try:
        import_ai_systems(owner, [{"name": "Chatbot", "purpose": "new"}])
    except ImportFailed as exc:
        assert "--update-existing" in exc.problems[0]["message"]
    else:
        raise AssertionError("the duplicate was not reported")
