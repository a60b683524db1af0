"""The audit log people can use: record types by readable name, the record's name, part of a person's name or
e-mail; each event links to its record (ISO/IEC 42001 7.5.3, 9.2)."""

from forty2.inventory import linked
from forty2.inventory.models import Dataset
from forty2.tenancy.models import Role
from tests.web import fixtures
from tests.web.fixtures import make_system

web_as = fixtures.web_as


def test_filters_by_readable_type_record_name_and_person(web_as, member):
    manager = web_as(Role.AIMS_MANAGER)
    manager.membership.user.full_name = "Maria Murphy"
    manager.membership.user.save()
    other = member(Role.OWNER, email="sean@acme.example")
    sepsis = make_system(manager.membership, "Sepsis alert")
    make_system(other, "Chatbot")
    dataset = linked.create(Dataset, other, {"name": "Patient records"})

    page = manager.get("/o/acme/audit-log/").content.decode()
    assert '<option value="aisystem">AI system</option>' in page and '<option value="dataset">Dataset</option>' in page
    assert f'href="/o/acme/ai-systems/{sepsis.pk}/"' in page  # the event links to its record
    assert f'href="/o/acme/ai-systems/datasets/{dataset.pk}/"' in page

    by_type = manager.get("/o/acme/audit-log/?object_type=dataset").content.decode()
    assert "Patient records" in by_type and "Sepsis alert" not in by_type
    by_name = manager.get("/o/acme/audit-log/?record=sepsis").content.decode()
    assert "Sepsis alert" in by_name and "Chatbot" not in by_name
    by_person_name = manager.get("/o/acme/audit-log/?person=murphy").content.decode()
    assert "Sepsis alert" in by_person_name and "Chatbot" not in by_person_name
    by_email_part = manager.get("/o/acme/audit-log/?person=sean@").content.decode()
    assert "Chatbot" in by_email_part and "Sepsis alert" not in by_email_part


def test_the_navigation_calls_the_event_log_the_audit_log(web_as):
    page = web_as(Role.OWNER).get("/o/acme/").content.decode()
    assert ">Audit log<" in page and "Audits and improvement" not in page
