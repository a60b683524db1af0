"""NIST's OSCAL content reads as NIST publishes it: canonical labels (``AC-2``, not the zero-padded ``AC-02``),
withdrawn controls kept, shown and never assessable, and ``{{ insert: param, … }}`` placeholders printed the way
SP 800-53 prints them (ISO/IEC 42001 4.2). ``nist_sp800_53_excerpt.json`` is a public-domain excerpt of NIST's
SP 800-53 rev5 OSCAL content (see ``data/README.md``)."""

import pytest

from forty2.catalog.models import Requirement

from .conftest import DATA

pytestmark = pytest.mark.django_db
EXCERPT = DATA / "nist_sp800_53_excerpt.json"


@pytest.fixture
def imported(cli):
    run = cli("import", EXCERPT, "--slug", "sp800-53")
    assert run.code == 0, run.err
    return run


def req(ref):
    return Requirement.objects.get(framework__slug="sp800-53", ref=ref)


def test_refs_are_the_canonical_labels(imported):
    refs = list(Requirement.objects.filter(framework__slug="sp800-53").values_list("ref", flat=True))
    assert refs == ["ac", "AC-1", "AC-2", "AC-2(1)", "AC-2(10)"]
    assert req("AC-2").urn == "ac-2"


def test_a_withdrawn_control_is_kept_shown_and_not_assessable(imported, cli):
    withdrawn = req("AC-2(10)")
    assert withdrawn.withdrawn and not withdrawn.assessable
    assert req("AC-2(1)").assessable and not req("AC-2(1)").withdrawn
    assert "AC-2(10)  Shared and Group Account Credential Change  [control] (withdrawn)" in cli("show", "sp800-53").out
    assert "[control, withdrawn, not assessable]" in cli("show", "sp800-53", "AC-2(10)").out


def test_parameters_are_resolved_in_the_text(imported):
    text = req("AC-1").official_text
    assert "{{" not in text
    assert "a. Develop, document, and disseminate to [Assignment: organization-defined personnel or roles]:" in text
    assert "[Selection (one or more): organization-level; mission/business process-level; system-level]" in text


def test_withdrawn_controls_cannot_get_a_status(imported, owner_api):
    r = owner_api.put("/orgs/acme/requirements/sp800-53/AC-2(10)/status", {"status": "conforming"})
    assert r.status_code == 422


def test_the_api_says_withdrawn_and_whose_words(imported, owner_api):
    body = owner_api.get("/catalog/frameworks/sp800-53/requirements/AC-2(10)").json_body
    assert body["withdrawn"] is True and body["assessable"] is False
    body = owner_api.get("/catalog/frameworks/sp800-53/requirements/AC-2").json_body
    assert body["official_text_by"] == "publisher" and "publisher's own words" in body["guidance_source"]
