"""AI literacy per AI system (EU AI Act Art. 4, 26(2)) and awareness (ISO/IEC 42001 7.3): who is trained for
what, the gaps of high-risk systems, the clause checks on content, and My work."""

import pytest
from django.test import Client

from forty2.documents import services as documents
from forty2.people.models import RoleAssignment
from forty2.tenancy.models import Role
from forty2.training import checks, queries, work
from forty2.training.models import TrainingRecord

from .world import World, days

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(member):
    return World(member)


def _holders(w, system):
    return {h.person.pk: h for h in queries.holders_by_system(w.org, [system])[system.pk]}


def test_trained_for_a_system_by_its_own_course_or_a_general_practitioner_course(w):
    holders = _holders(w, w.triage)
    assert set(holders) == {w.ann.pk, w.olu.pk}
    assert not holders[w.ann.pk].trained and holders[w.olu.pk].gap  # untrained overseer of a high-risk system
    w.record(w.ann, w.triage_course, days(-5))  # the system's own course
    w.record(w.olu, w.basics, days(-5))  # awareness level: not enough for an overseer
    holders = _holders(w, w.triage)
    assert holders[w.ann.pk].trained and not holders[w.olu.pk].trained and holders[w.olu.pk].gap
    w.record(w.olu, w.oversight, days(-5))  # a general practitioner course
    holders = _holders(w, w.triage)
    assert holders[w.olu.pk].trained and not holders[w.olu.pk].gap
    # the triage course does not train for the chatbot
    assert not _holders(w, w.chatbot).get(w.ann.pk)
    row = {r["system"].pk: r for r in queries.literacy_overview(w.org)}
    assert (row[w.triage.pk]["trained"], row[w.triage.pk]["untrained"], row[w.triage.pk]["gaps"]) == (2, 0, 0)


def test_an_expired_or_failed_training_does_not_train(w):
    w.record(w.olu, w.oversight, days(-400), expires_on=days(-1))
    w.record(w.olu, w.triage_course, days(-3), result="failed")
    assert _holders(w, w.triage)[w.olu.pk].gap


def test_ended_assignments_and_people_who_left_are_not_holders(w):
    w.assign(w.priya, "human_oversight", w.chatbot, end_date=days(-1))
    w.ann.end_date = days(-1)
    w.ann.save()
    assert set(_holders(w, w.triage)) == {w.olu.pk}
    assert set(_holders(w, w.chatbot)) == {w.olu.pk}


def _approved_policy(w, member):
    reviewer = member(Role.CONTRIBUTOR, email="reviewer@acme.example")
    doc = documents.create_document(w.manager, {"reference": "POL-01", "title": "AI policy", "kind": "ai_policy"},
                                    body="Text.")
    v = doc.versions.get()
    v = documents.update_version(w.manager, v, {"reviewer": reviewer.user.email}, version_number=v.version)
    v = documents.submit(w.manager, v, version_number=v.version)
    v = documents.review(reviewer, v, version_number=v.version)
    owner = member(Role.OWNER, email="approver@acme.example")
    return documents.approve(owner, v, version_number=v.version), owner


def test_awareness_status_and_the_73_check_read_content(w, member):
    assert not checks.role_holders_aware(w.org, {})
    for p in (w.priya, w.ann, w.olu):
        w.record(p, w.basics, days(-10))
    assert not checks.role_holders_aware(w.org, {})  # Priya signs in and no AI policy is in force
    policy, owner = _approved_policy(w, member)
    status = queries.awareness_status(w.org, w.priya)
    assert status["policy"] == policy and not status["policy_acknowledged"] and status["literacy_valid"]
    documents.request_acknowledgements(owner, policy, emails=[w.manager.user.email])
    assert not checks.role_holders_aware(w.org, {})  # asked, not yet acknowledged
    ack = policy.acknowledgements.get(user=w.manager.user)
    documents.acknowledge(w.manager, ack)
    status = queries.awareness_status(w.org, w.priya)
    assert status["policy_acknowledged"] and [a.pk for a in status["acknowledgements"]] == [ack.pk]
    assert checks.role_holders_aware(w.org, {})
    # a role holder's awareness training expires: the check fails
    TrainingRecord.objects.filter(person=w.olu).update(expires_on=days(-1))
    assert not checks.role_holders_aware(w.org, {})
    rows = {r["person"].pk: r for r in queries.awareness_rows(w.org, [w.priya, w.ann, w.olu])}
    assert rows[w.priya.pk]["policy_acknowledged"] is True and rows[w.ann.pk]["policy_acknowledged"] is None
    assert rows[w.ann.pk]["course_valid"] and not rows[w.olu.pk]["course_valid"]


def test_the_literacy_check_needs_every_operator_and_overseer_trained(w):
    assert not checks.operators_literate(w.org, {})
    w.record(w.ann, w.triage_course, days(-5))
    w.record(w.olu, w.triage_course, days(-5))
    assert not checks.operators_literate(w.org, {})  # Olu also operates the chatbot, untrained for it
    w.record(w.olu, w.oversight, days(-5))
    assert checks.operators_literate(w.org, {})
    RoleAssignment.objects.filter(person=w.olu, ai_system=w.triage).update(end_date=days(-1))
    assert not checks.operators_literate(w.org, {})  # the high-risk system has no human overseer now


def test_checks_are_registered_under_73():
    from forty2.controls.checks import CHECKS

    codes = {c.code: c for c in CHECKS["7.3"]}
    assert {"aims_roles_aware", "ai_literacy_operators"} <= set(codes)
    assert "AI-literate" in codes["ai_literacy_operators"].label


def test_my_work_lists_own_expiring_trainings_and_untrained_overseers_for_managers(w, member):
    w.record(w.priya, w.basics, days(-700), expires_on=days(10))
    w.record(w.priya, w.oversight, days(-400), expires_on=days(-2))
    items = work.work(w.manager)
    titles = [i.title for i in items]
    assert any("AI literacy basics" in t and "expires soon" in t for t in titles)
    assert any("Human oversight" in t and "(expired)" in t for t in titles)
    assert any("Triage" in t and "overseers" in t for t in titles)
    # someone who cannot approve sees no untrained overseers
    viewer = member(Role.VIEWER)
    assert work.work(viewer) == []
    w.record(w.olu, w.oversight, days(-1))
    assert not any("overseers" in i.title for i in work.work(w.manager))


def test_pages_show_the_literacy_and_awareness(w, member):
    w.record(w.ann, w.triage_course, days(-5))
    client = Client()
    client.force_login(w.manager.user)
    page = client.get(f"/o/{w.org.slug}/training/ai-literacy/").content.decode()
    assert "Triage" in page and "Untrained overseers" in page
    page = client.get(f"/o/{w.org.slug}/training/ai-literacy/{w.triage.pk}/").content.decode()
    assert "Ann Operator" in page and "Art. 26(2) gap" in page
    page = client.get(f"/o/{w.org.slug}/training/awareness/?department={w.clinical.pk}").content.decode()
    assert "Ann Operator" in page and "Priya Raman" not in page
    page = client.get(f"/o/{w.org.slug}/training/awareness/?role={w.roles['aims_manager'].pk}").content.decode()
    assert "Priya Raman" in page and "Ann Operator" not in page
    page = client.get(f"/o/{w.org.slug}/training/people/{w.ann.pk}/").content.decode()
    assert "Triage tool" in page and "Awareness" in page
    page = client.get(f"/o/{w.org.slug}/ai-systems/{w.triage.pk}/").content.decode()
    assert "AI literacy of its people" in page
    for path in ("records/", "courses/", "sessions/", "records/new", f"courses/{w.basics.pk}/"):
        assert client.get(f"/o/{w.org.slug}/training/{path}").status_code == 200, path


def test_another_organisation_sees_none_of_it(w, member, globex):
    other = member(Role.OWNER, org=globex)
    client = Client()
    client.force_login(other.user)
    assert client.get(f"/o/globex/training/people/{w.ann.pk}/").status_code == 404
    assert client.get(f"/o/globex/training/ai-literacy/{w.triage.pk}/").status_code == 404
    assert client.get("/o/acme/training/awareness/").status_code == 404
