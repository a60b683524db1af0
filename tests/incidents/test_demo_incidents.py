"""The demo's concerns and incidents: the channel on, three concerns (one anonymous, one answered whose code shows
its answer), two incidents (a high-risk one with a running Art. 73 deadline, a minor one closed)."""

import pytest
from django.test import Client
from django.utils import timezone

from forty2 import demo
from forty2.incidents import reporting, services
from forty2.incidents.demo import ANSWERED_CODE, RADIOLOGY
from forty2.incidents.models import Concern, Incident
from forty2.risk.models import Risk
from forty2.tenancy.models import Organization

pytestmark = pytest.mark.django_db


@pytest.fixture
def acme_demo(db):
    demo.build(password="demo-pass-123")
    return Organization.objects.get(slug="acme-health")


def test_the_demo_has_concerns_and_incidents_and_a_running_deadline(acme_demo):
    org = acme_demo
    assert services.channel_open(org)
    concerns = Concern.objects.for_org(org)
    assert concerns.count() == 3 and concerns.filter(anonymous=True).count() == 1
    assert concerns.filter(status="answered").count() == 1
    incidents = Incident.objects.for_org(org)
    assert incidents.count() == 2 and incidents.filter(status="closed").count() == 1
    high = incidents.get(ai_systems__name=RADIOLOGY)
    panel = reporting.panel(high)
    assert panel["deadline"].applies and not panel["deadline"].provisional and panel["deadline"].days == 15
    assert panel["deadline"].due > timezone.localdate() and panel["countdown"]["state"] == "running"
    assert panel["deployer"] and panel["routes"][0].role == "deployer"
    assert Risk.objects.for_org(org).filter(ai_systems__name=RADIOLOGY, reassessment_due=True).exists()
    demo.build(password="demo-pass-123")  # a second run adds nothing
    assert Concern.objects.for_org(org).count() == 3 and Incident.objects.for_org(org).count() == 2


def test_the_answered_demo_concern_shows_its_answer_with_its_code(acme_demo):
    page = Client().post("/c/acme-health/follow-up", {"code": ANSWERED_CODE.lower()})
    assert page.status_code == 200
    assert "configuration fault" in page.content.decode()
    assert "36 hours" not in page.content.decode()  # the internal outcome is never shown
