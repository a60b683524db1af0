"""Edits made before the editors table existed still count for the four-eyes rule (issue #14 finding 4): the
migration fills the editors from the write path's audit events."""

import importlib

import pytest
from django.apps import apps

from forty2.records.approvals import editors_since_approval
from forty2.records.models import RecordEditor
from forty2.risk.models import RiskMethodology
from forty2.tenancy.models import Role

pytestmark = pytest.mark.django_db
backfill = importlib.import_module("forty2.records.migrations.0003_record_editors_from_audit").backfill


def test_the_backfill_restores_every_editor_from_the_audit_log(owner_api, api_as):
    manager = api_as(Role.AIMS_MANAGER)
    draft = owner_api.post("/orgs/acme/risk-methodology/versions", {"notes": "2027"}).json_body
    manager.patch(f"/orgs/acme/risk-methodology/versions/{draft['id']}",
                  {"version": draft["version"], "impact_four_eyes": False})
    m = RiskMethodology.objects.get(pk=draft["id"])
    expected = {owner_api.membership.user.pk, manager.membership.user.pk}
    assert editors_since_approval("risk_methodology", m) == expected
    RecordEditor.objects.all().delete()  # as before the upgrade
    backfill(apps, None)
    assert editors_since_approval("risk_methodology", m) == expected
    backfill(apps, None)  # running it again changes nothing
    assert RecordEditor.objects.filter(record_type="risk_methodology", object_id=m.pk).count() == 2
