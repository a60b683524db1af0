"""Raising a finding on an audit (ISO/IEC 42001 9.2.1, 10.2): its team, managers and internal auditors may; an
external auditor only on an audit whose team they are on; the checklist item must be the audit's; the create page
is filled from the checklist's "Raise a finding" link."""

import pytest
from django.test import Client
from django.utils import timezone

from forty2.audits import models as audits
from forty2.improvement import apps as improvement_apps
from forty2.improvement.models import Nonconformity
from forty2.people.models import Person
from forty2.tenancy.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def audit(acme):
    now = timezone.now()
    a = audits.Audit.objects.create(organization=acme, title="Internal audit 2026", created_at=now, updated_at=now)
    audits.AuditItem.objects.create(organization=acme, audit=a, ref="7.5.3", title="Control of documents",
                                    result="minor_nc", created_at=now, updated_at=now)
    return a


def _on_team(acme, audit, membership):
    now = timezone.now()
    person = Person.objects.create(organization=acme, name=membership.user.email, user=membership.user,
                                   created_at=now, updated_at=now)
    audits.Auditor.objects.create(organization=acme, audit=audit, person=person, created_at=now, updated_at=now)


def _body(audit, **extra):
    return {"title": "Superseded procedures reachable", "kind": "minor_nc", "requirement_ref": "7.5.3",
            "source": "audit", "audit": audit.pk, "audit_item": audit.items.get().pk, **extra}


def test_who_may_raise_a_finding_on_an_audit(acme, audit, api_as):
    external = api_as(Role.EXTERNAL_AUDITOR, email="ext@certifier.example")
    r = external.post("/orgs/acme/findings", _body(audit))
    assert r.status_code == 403 and "audit's team" in r.json_body["detail"]
    contributor = api_as(Role.CONTRIBUTOR)
    assert contributor.post("/orgs/acme/findings", _body(audit)).status_code == 403
    _on_team(acme, audit, external.membership)
    r = external.post("/orgs/acme/findings", _body(audit))
    assert r.status_code == 201, r.json_body
    assert r.json_body["audit"] == audit.pk and Nonconformity.objects.filter(finding_id=r.json_body["id"]).exists()
    internal = api_as(Role.INTERNAL_AUDITOR)
    assert internal.post("/orgs/acme/findings", _body(audit, kind="ofi")).status_code == 201


def test_the_checklist_item_must_be_the_audits(acme, audit, api_as):
    now = timezone.now()
    other = audits.Audit.objects.create(organization=acme, title="Supplier audit", created_at=now, updated_at=now)
    api = api_as(Role.AIMS_MANAGER)
    r = api.post("/orgs/acme/findings", {**_body(audit), "audit": other.pk})
    assert r.status_code == 422 and r.json_body["detail"][0]["loc"][-1] == "audit_item"


def test_the_checklist_link_fills_the_create_page(acme, audit, member):
    item = audit.items.get()
    url = improvement_apps.finding_link("acme", item)
    assert url.startswith("/o/acme/nonconformities/findings/new?") and "kind=minor_nc" in url
    external = member(Role.EXTERNAL_AUDITOR, email="ext@certifier.example")
    client = Client()
    client.force_login(external.user)
    assert client.get(url).status_code == 403  # not on the team
    _on_team(acme, audit, external)
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'value="7.5.3"' in html and f'value="{item.pk}" selected' in html and 'value="audit" selected' in html
