"""Choice fields show their meaning (issue #15): likelihood and consequence on the risk form read as the
methodology's labels ("3 — Possible"), not bare numbers (ISO/IEC 42001 6.1.2); the AI system page's "Residual"
column shows the residual level, and "Not scored" rather than the inherent level when residual is unscored."""

import re

import pytest
from django.test import Client

from forty2.risk import methodology as methodologies
from forty2.risk import services
from forty2.tenancy.models import Role
from tests.web.fixtures import make_system

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(member):
    m = member(Role.OWNER)
    client = Client()
    client.force_login(m.user)
    client.membership = m
    return client


def test_the_risk_form_offers_each_score_with_its_label(owner):
    m = methodologies.current(owner.membership.organization)
    html = owner.get("/o/acme/risks/new").content.decode()
    for n, level in enumerate(m.likelihood_scale, start=1):
        assert f"{n} — {level['label']}" in html
    for n, level in enumerate(m.consequence_scale, start=1):
        assert f"{n} — {level['label']}" in html
    risk = services.create_risk(owner.membership, {"title": "Drift", "inherent_likelihood": "3"})
    edit = owner.get(f"/o/acme/risks/{risk.pk}/edit").content.decode()
    assert f"3 — {m.likelihood_scale[2]['label']}" in edit


def test_a_score_outside_a_smaller_scale_is_refused_naming_the_scale(owner):
    api_like = {"consequence_scale": [{"label": "Low"}, {"label": "Medium"}, {"label": "High"}]}
    m = owner.membership
    draft = methodologies.create_version(m, api_like)
    methodologies.approve_version(m, draft, version=draft.version)
    html = owner.post("/o/acme/risks/new", {"title": "Drift (typed)", "status": "identified",
                                            "inherent_consequence": "5"}).content.decode()
    assert "outside the consequence scale" in html and "3 — High" in html and "4 — " not in html.split(
        "Inherent consequence")[1].split("</fieldset>")[0]


def test_the_system_pages_residual_column_shows_the_residual_level_or_not_scored(owner):
    m = owner.membership
    system = make_system(m, "Triage")
    services.create_risk(m, {"title": "Only inherent", "ai_system_ids": [system.pk], "inherent_likelihood": "5",
                             "inherent_consequence": "5"})
    services.create_risk(m, {"title": "Treated", "ai_system_ids": [system.pk], "inherent_likelihood": "5",
                             "inherent_consequence": "5", "residual_likelihood": "1", "residual_consequence": "1"})
    html = owner.get(f"/o/acme/ai-systems/{system.pk}/").content.decode()
    rows = {title: row for title, row in re.findall(r'>(Only inherent|Treated)</a>(.*?)</tr>', html, re.S)}
    assert 'data-residual="none"' in rows["Only inherent"] and "Not scored" in rows["Only inherent"]
    assert 'data-residual="low"' in rows["Treated"]
