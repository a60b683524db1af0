"""Bulk edit on list pages (forty2/records/bulk.py; issue #15 item 5): one audited write per record through the
record type's update service, a result per row, the write path's merge rule, roles and organisations kept."""

import pytest

from forty2.core.errors import InvalidInput
from forty2.core.models import AuditEvent
from forty2.inventory import services
from forty2.inventory.definitions import AI_SYSTEM
from forty2.inventory.models import AISystem
from forty2.records import bulk
from forty2.risk import services as risk_services
from forty2.risk.definitions import RISK
from forty2.risk.models import Risk
from forty2.tenancy.models import Role
from tests.web import fixtures
from tests.web.fixtures import make_system

pytestmark = pytest.mark.django_db
web_as = fixtures.web_as

URL = "/o/acme/ai-systems/"


def test_bulk_fields_come_from_the_definition():
    names = [f.name for f in bulk.bulk_fields(AI_SYSTEM)]
    assert {"status", "criticality", "business_owner", "vulnerable_groups", "lifecycle_stage"} <= set(names)
    assert not {"name", "purpose", "ai_roles", "model_ids", "ai_act_tier"} & set(names)  # text, multi, links, derived
    assert "next_review" in [f.name for f in bulk.bulk_fields(RISK)]  # a date


def test_one_write_and_one_audit_event_per_record_with_a_result_each(member):
    owner = member(Role.OWNER)
    a, b = make_system(owner, "Triage"), make_system(owner, "Radiology", criticality="high")
    before = AuditEvent.objects.filter(action="ai_system.update").count()
    results = bulk.bulk_update(AI_SYSTEM, owner, [a, b], "criticality", "high", services.update_ai_system)
    assert [(r.obj.name, r.status) for r in results] == [("Triage", "saved"), ("Radiology", "unchanged")]
    assert AuditEvent.objects.filter(action="ai_system.update").count() == before + 1
    a.refresh_from_db()
    assert a.criticality == "high" and a.version == 2


def test_a_field_that_cannot_be_set_in_bulk_or_a_bad_value_is_refused_before_any_write(member):
    owner = member(Role.OWNER)
    a = make_system(owner, "Triage")
    with pytest.raises(InvalidInput) as exc:
        bulk.bulk_update(AI_SYSTEM, owner, [a], "name", "Same name", services.update_ai_system)
    assert exc.value.errors[0]["loc"] == ["body", "field"]
    with pytest.raises(InvalidInput) as exc:
        bulk.bulk_update(AI_SYSTEM, owner, [a], "criticality", "enormous", services.update_ai_system)
    assert exc.value.errors[0]["loc"] == ["body", "criticality"]
    a.refresh_from_db()
    assert a.version == 1


def test_a_row_the_rules_refuse_reports_the_field_and_the_others_are_saved(member):
    owner, contributor = member(Role.OWNER), member(Role.CONTRIBUTOR)
    mine = make_system(contributor, "Mine")
    theirs = make_system(owner, "Theirs")
    results = bulk.bulk_update(AI_SYSTEM, contributor, [mine, theirs], "status", "approved",
                               services.update_ai_system)
    # a contributor may neither approve (the register's rule) nor edit another person's system (the role)
    assert [r.status for r in results] == ["error", "error"]
    assert "may not edit" in results[1].message
    results = bulk.bulk_update(AI_SYSTEM, contributor, [mine, theirs], "criticality", "low",
                               services.update_ai_system)
    assert [r.status for r in results] == ["saved", "error"]
    theirs.refresh_from_db()
    assert theirs.criticality != "low" and theirs.version == 1


def test_a_stale_row_merges_when_the_field_was_untouched_and_reports_a_conflict_otherwise(member):
    alice, bob = member(Role.OWNER), member(Role.AIMS_MANAGER)
    a, b = make_system(alice, "Triage"), make_system(alice, "Radiology")
    read = list(AISystem.objects.filter(pk__in=[a.pk, b.pk]).order_by("name"))  # Radiology, Triage
    services.update_ai_system(bob, b, {"geography": "Ireland"}, version=1)  # another field: merges
    services.update_ai_system(bob, a, {"criticality": "medium"}, version=1)  # the same field: a conflict
    results = bulk.bulk_update(AI_SYSTEM, alice, read, "criticality", "high", services.update_ai_system)
    assert [(r.obj.name, r.status) for r in results] == [("Radiology", "saved"), ("Triage", "conflict")]
    assert bob.user.email in results[1].message and "Criticality" in results[1].message
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.criticality == "medium" and b.criticality == "high" and b.geography == "Ireland"


def test_risks_go_through_the_risk_service(member):
    owner = member(Role.OWNER)
    risk = risk_services.create_risk(owner, {"title": "Drift"})
    results = bulk.bulk_update(RISK, owner, [risk], "next_review", "2027-03-01", risk_services.update_risk)
    assert results[0].status == "saved"
    assert str(Risk.objects.get(pk=risk.pk).next_review) == "2027-03-01"


# --- the pages ------------------------------------------------------------------------------------------------

def test_without_javascript_choose_the_field_then_the_value_then_see_each_result(web_as):
    web = web_as(Role.OWNER)
    a, b = make_system(web.membership, "Triage"), make_system(web.membership, "Radiology")
    html = web.get(URL).content.decode()
    assert 'name="ids"' in html and 'data-bulk-all' in html and "Field to set" in html
    step = web.post(URL + "?q=a", {"ids": [a.pk, b.pk], "bulk_field": "criticality", "step": "value"})
    page = step.content.decode()
    assert step.status_code == 200 and "Set <strong>Criticality</strong> on" in page
    assert 'name="set-criticality"' in page
    done = web.post(URL + "?q=a", {"ids": [a.pk, b.pk], "bulk_field": "criticality", "step": "apply",
                                   "set-criticality": "high"})
    page = done.content.decode()
    assert page.count('data-result="saved"') == 2 and "2 saved, 0 unchanged" in page
    assert 'href="/o/acme/ai-systems/?q=a"' in page  # back to the list as it was filtered
    assert set(AISystem.objects.values_list("criticality", flat=True)) == {"high"}


def test_all_on_this_page_takes_the_page_ids_and_nothing_else(web_as, globex, member):
    web = web_as(Role.OWNER)
    a, b = make_system(web.membership, "Triage"), make_system(web.membership, "Radiology")
    other = make_system(member(Role.OWNER, org=globex), "Globex system")
    r = web.post(URL, {"all_on_page": "1", "page_ids": f"{a.pk},{b.pk},{other.pk}", "bulk_field": "lifecycle_stage",
                       "step": "apply", "set-lifecycle_stage": "operation_monitoring"})
    page = r.content.decode()
    assert page.count('data-result="saved"') == 2 and "Globex system" not in page
    other.refresh_from_db()
    assert other.version == 1 and other.lifecycle_stage != "operation_monitoring"


def test_with_htmx_the_value_control_and_the_results_come_as_fragments(web_as):
    web = web_as(Role.OWNER)
    owner2 = web_as(Role.AIMS_MANAGER, email="bob@acme.example")
    a = make_system(web.membership, "Triage")
    hx = {"HX-Request": "true"}
    value = web.post(URL, {"bulk_field": "business_owner", "step": "value"}, headers=hx).content.decode()
    assert "<html" not in value and "bob@acme.example" in value and 'hx-post="/o/acme/ai-systems/"' in value
    r = web.post(URL, {"ids": [a.pk], "bulk_field": "business_owner", "step": "apply",
                       "set-business_owner": owner2.membership.user.email}, headers=hx)
    assert "<html" not in r.content.decode() and 'data-result="saved"' in r.content.decode()
    assert r["HX-Trigger"] == "bulk-saved"
    a.refresh_from_db()
    assert a.business_owner == owner2.membership.user


def test_a_bad_value_on_the_page_names_the_field_and_saves_nothing(web_as):
    web = web_as(Role.OWNER)
    a = make_system(web.membership, "Triage")
    r = web.post(URL, {"ids": [a.pk], "bulk_field": "criticality", "step": "apply", "set-criticality": "enormous"})
    page = r.content.decode()
    assert "Criticality" in page and "Nothing was saved" in page and 'data-result' not in page
    a.refresh_from_db()
    assert a.version == 1


def test_viewers_are_offered_nothing_and_may_not_post(web_as):
    owner, viewer = web_as(Role.OWNER), web_as(Role.VIEWER)
    a = make_system(owner.membership, "Triage")
    assert 'name="ids"' not in viewer.get(URL).content.decode()
    r = viewer.post(URL, {"ids": [a.pk], "bulk_field": "criticality", "step": "apply", "set-criticality": "high"})
    assert r.status_code == 403
    a.refresh_from_db()
    assert a.version == 1


def test_the_risk_list_offers_bulk_edit_too(web_as):
    web = web_as(Role.OWNER)
    risk = risk_services.create_risk(web.membership, {"title": "Drift"})
    assert f'value="{risk.pk}" form="bulk"' in web.get("/o/acme/risks/").content.decode()
    r = web.post("/o/acme/risks/", {"ids": [risk.pk], "bulk_field": "status", "step": "apply",
                                    "set-status": "in_treatment"})
    assert 'data-result="saved"' in r.content.decode()
    assert Risk.objects.get(pk=risk.pk).status == "in_treatment"


def test_without_javascript_choosing_a_value_with_nothing_selected_says_so(web_as):
    web = web_as(Role.OWNER)
    make_system(web.membership, "Triage")
    page = web.post(URL, {"bulk_field": "criticality", "step": "value"}).content.decode()
    assert "Select at least one AI system on the list." in page and 'name="set-criticality"' not in page
