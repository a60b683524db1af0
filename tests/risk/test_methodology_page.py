"""The risk matrix and the number of levels are changed on the methodology page (ISO/IEC 42001 6.1.2: the
organisation defines its risk criteria), through the same service as the API — issue #15: no page says "use the
API" for it."""

import pytest
from django.test import Client

from forty2.risk.models import RiskMethodology
from forty2.tenancy.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(member):
    m = member(Role.OWNER)
    client = Client()
    client.force_login(m.user)
    return client


def _form(n_l, n_c, **extra):
    data = {"name": "Four by three", "review_interval_days": "180", "likelihood_levels": str(n_l),
            "consequence_levels": str(n_c), "impact_four_eyes": "1", "acc-low-acceptable": "1",
            "acc-low-risk_owner": "1", "acc-medium-acceptable": "1", "acc-medium-role-owner": "1",
            "acc-high-acceptable": "1", "acc-high-role-owner": "1"}
    for scale, n in (("likelihood_scale", n_l), ("consequence_scale", n_c)):
        for i in range(n):
            data[f"{scale}-{i}-label"] = f"{scale[:1].upper()}{i + 1}"
    for i in range(n_l):
        for j in range(n_c):
            data[f"matrix-{i}-{j}"] = "low" if i + j < 2 else "medium" if i + j < 4 else "high"
    data.update(extra)
    return data


def test_the_page_offers_the_number_of_levels_and_a_matrix_to_edit(owner):
    page = owner.get("/o/acme/risks/methodology/new").content.decode()
    assert "use the API" not in page and "Change the number of levels" in page
    assert page.count('name="matrix-') == 25  # the 5 × 5 matrix in force, cell by cell
    smaller = owner.get("/o/acme/risks/methodology/new?likelihood_levels=4&consequence_levels=3").content.decode()
    assert smaller.count('name="matrix-') == 12 and 'name="likelihood_scale-3-label"' in smaller
    assert 'name="likelihood_scale-4-label"' not in smaller


def test_a_draft_with_other_levels_and_matrix_is_saved_and_approved(owner):
    r = owner.post("/o/acme/risks/methodology/new", _form(4, 3, **{"matrix-3-2": "critical"}))
    assert r.status_code == 302
    draft = RiskMethodology.objects.get(number=2)
    assert len(draft.likelihood_scale) == 4 and len(draft.consequence_scale) == 3
    assert draft.matrix[3][2] == "critical" and draft.matrix[0][0] == "low"
    page = owner.get("/o/acme/risks/methodology").content.decode()
    assert "Draft version 2" in page


def test_a_bad_cell_is_refused_naming_the_matrix_and_the_input_is_kept(owner):
    page = owner.post("/o/acme/risks/methodology/new", _form(3, 3, **{"matrix-1-1": "enormous"})).content.decode()
    assert "There is a problem" in page and "Each cell is one of" in page
    assert 'value="Four by three"' in page and RiskMethodology.objects.count() == 1
