"""Risks and impact assessments are linked to the SoA controls they justify from their own pages (ISO/IEC 42001
6.1.3 f), through the SoA's service — no page tells a person to use the API for it (issue #15)."""

import re
from pathlib import Path

import pytest

from forty2.controls import services as soa
from forty2.controls.models import JustificationLink, SoAEntry
from forty2.risk import assessments, services
from forty2.tenancy.models import Role
from tests.web import fixtures
from tests.web.fixtures import make_system

web_as = fixtures.web_as
pytestmark = pytest.mark.django_db
TEMPLATES = Path(__file__).resolve().parents[2] / "forty2"


def _entry(org, ref="A.6.2.6"):
    soa.ensure_soa(org)
    return SoAEntry.objects.for_org(org).get(ref=ref)


def test_a_risk_is_linked_to_a_control_and_unlinked_from_its_page(web_as):
    manager = web_as(Role.AIMS_MANAGER)
    risk = services.create_risk(manager.membership, {"title": "Model drift"})
    entry = _entry(manager.membership.organization)
    page = manager.get(f"/o/acme/risks/{risk.pk}/").content.decode()
    assert "Controls this justifies" in page and "Link to this control" in page
    manager.post(f"/o/acme/risks/{risk.pk}/soa-links", {"entry": entry.pk, "note": "Drift monitoring"})
    link = JustificationLink.objects.get(record_type="risk", object_id=risk.pk)
    assert link.entry == entry and link.note == "Drift monitoring"
    entry_page = manager.get(f"/o/acme/controls/{entry.ref}/").content.decode()
    assert "Model drift" in entry_page
    page = manager.get(f"/o/acme/risks/{risk.pk}/").content.decode()
    assert f'href="/o/acme/controls/{entry.ref}/"' in page
    manager.post(f"/o/acme/risks/{risk.pk}/soa-links", {"unlink": link.pk})
    assert not JustificationLink.objects.filter(record_type="risk", object_id=risk.pk).exists()


def test_an_impact_assessment_is_linked_from_its_page_and_a_viewer_may_not(web_as):
    manager, viewer = web_as(Role.AIMS_MANAGER), web_as(Role.VIEWER)
    system = make_system(manager.membership, "Triage")
    ia = assessments.create_assessment(manager.membership, {"title": "Triage impacts", "ai_system": system.pk})
    entry = _entry(manager.membership.organization, "A.5.2")
    assert "Link to this control" not in viewer.get(f"/o/acme/risks/impact-assessments/{ia.pk}/").content.decode()
    assert viewer.post(f"/o/acme/risks/impact-assessments/{ia.pk}/soa-links", {"entry": entry.pk}).status_code == 403
    manager.post(f"/o/acme/risks/impact-assessments/{ia.pk}/soa-links", {"entry": entry.pk})
    assert JustificationLink.objects.filter(record_type="impact_assessment", object_id=ia.pk, entry=entry).exists()
    assert "A.5.2" in manager.get(f"/o/acme/risks/impact-assessments/{ia.pk}/").content.decode()


def test_another_organisations_record_is_a_404(web_as, member, globex):
    manager = web_as(Role.AIMS_MANAGER)
    other = services.create_risk(member(Role.OWNER, org=globex, email="o@globex.example"), {"title": "Theirs"})
    entry = _entry(manager.membership.organization)
    assert manager.post(f"/o/acme/risks/{other.pk}/soa-links", {"entry": entry.pk}).status_code == 404


def test_no_template_tells_people_to_use_the_api():
    hints = [str(path) for path in TEMPLATES.rglob("templates/**/*.html")
             if re.search(r"use the API \(|through the API \(|POST /api/v1|POST …/", path.read_text(encoding="utf-8"))]
    assert hints == []
