"""The status form on a requirement page never pre-fills an inferred status's note (the automatic inference
sentence is not the person's own note), and the page states the inference once."""

import re

import pytest

from forty2.catalog.models import Requirement, RequirementStatus
from forty2.catalog.services import confirm_inference, set_status
from forty2.tenancy.models import Role

pytestmark = pytest.mark.django_db

ISO42001, ISO9001 = "iso-iec-42001-2023", "iso-9001-2015"
# ISO/IEC 42001 decides its own statuses (SoA, clause assessment); the crosswalks let them imply ISO 9001's
PAGE = f"/o/acme/catalog/{ISO9001}/7.2/"


def req(slug, ref):
    return Requirement.objects.select_related("framework").get(framework__slug=slug, ref=ref)


@pytest.fixture
def confirmed(member, client):
    m = member(Role.OWNER)
    client.force_login(m.user)
    set_status(m, req(ISO42001, "7.2"), status="conforming")
    confirm_inference(m, req(ISO9001, "7.2"), source=req(ISO42001, "7.2"))
    return m


def _note_box(html):
    return re.search(r'<textarea name="note"[^>]*>(.*?)</textarea>', html, re.S).group(1).strip()


def test_the_note_box_is_empty_for_an_inferred_status(confirmed, client):
    html = client.get(PAGE).content.decode()
    assert _note_box(html) == ""
    client.post(PAGE + "status", {"status": "not_conforming", "note": "", "version": 1})
    assert RequirementStatus.objects.get(requirement=req(ISO9001, "7.2")).note == ""


def test_the_inference_is_stated_once(confirmed, client):
    html = client.get(PAGE).content.decode()
    shown = re.sub(r'title="[^"]*"', "", html[:html.index('id="h-history"')] + html[html.index("detail__side"):])
    assert shown.lower().count("inferred from iso/iec 42001 7.2") == 1


def test_an_assessed_note_is_still_pre_filled(confirmed, client):
    set_status(confirmed, req(ISO9001, "7.2"), status="partial", note="Inventory lacks model versions")
    assert _note_box(client.get(PAGE).content.decode()) == "Inventory lacks model versions"
