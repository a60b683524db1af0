"""Clause 10.2's checks (content: something looked for, nothing late, closures that hold), the readiness blocker
of an open major nonconformity, My work, the pages' steps, constant query counts and isolation (ISO/IEC 42001
10.2)."""

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from forty2.controls import readiness
from forty2.controls.checks import CHECKS
from forty2.improvement import checks, services, work
from forty2.improvement.models import CorrectiveAction, Nonconformity
from forty2.tenancy.models import Role

pytestmark = pytest.mark.django_db


def _finding(m, kind="major_nc", ref="6.1.4", **extra):
    return services.raise_finding(m, {"title": f"Gap on {ref}", "kind": kind, "requirement_ref": ref,
                                      "source": "other", "source_note": "walkthrough", **extra})


def _close(manager, doer, verifier, nc):
    nc = services.correct(manager, nc, version=nc.version, correction="Fixed at once.")
    nc = services.analyse(manager, nc, version=nc.version, cause_method="categories", categories=["process"],
                          cause_summary="No step in the process.", similar_elsewhere=False,
                          similar_note="Looked at the other processes: none.")
    action = services.create_action(manager, {"description": "Add the step", "nonconformity": nc.pk,
                                              "owner": doer.user.email, "due_on": timezone.localdate().isoformat()})
    nc = services.start_actions(manager, nc, version=nc.version)
    services.action_step(doer, action, "done", version=action.version, outcome="Step added.")
    nc = services.submit_for_verification(manager, Nonconformity.objects.get(pk=nc.pk), version=nc.version)
    Nonconformity.objects.filter(pk=nc.pk).update(verify_after=timezone.localdate())
    nc.refresh_from_db()
    return services.verify(verifier, nc, version=nc.version, effective=True, note="Checked three uses.")


@pytest.fixture
def people(member):
    return {"manager": member(Role.AIMS_MANAGER, email="manager@acme.example"),
            "doer": member(Role.CONTRIBUTOR, email="doer@acme.example"),
            "verifier": member(Role.INTERNAL_AUDITOR, email="verifier@acme.example")}


def _check(org, code):
    check = next(c for c in CHECKS["10.2"] if c.code == code)
    return check.test(org, {})


def test_the_built_in_check_is_replaced_and_nothing_looked_for_fails(acme):
    codes = [c.code for c in CHECKS["10.2"]]
    assert codes.count("nonconformities") == 1 and all(c.managed for c in CHECKS["10.2"])
    assert not _check(acme, "nonconformities")
    assert any("Nothing was looked for" in p["text"] for p in checks.problems(acme))


def test_check_10_2_fails_on_late_steps_and_bad_closures_and_passes_when_handled(acme, people):
    m = people["manager"]
    finding = _finding(m)
    nc = Nonconformity.objects.get(finding=finding)
    assert _check(acme, "nonconformities") and _check(acme, "nonconformities_on_time")
    Nonconformity.objects.filter(pk=nc.pk).update(correction_due=timezone.localdate() - dt.timedelta(days=1))
    assert not _check(acme, "nonconformities_on_time")
    problems = checks.problems(acme)
    assert any("late: correction due" in p["text"] and f"/{nc.pk}/" in p["url"] for p in problems)
    nc.refresh_from_db()
    nc = _close(m, people["doer"], people["verifier"], nc)
    assert nc.state == "closed"
    assert _check(acme, "nonconformities_on_time") and _check(acme, "nonconformities_closed_properly")
    # a closure that does not hold (the verifier owned an action) fails, naming the nonconformity
    CorrectiveAction.objects.filter(nonconformity=nc).update(owner=people["verifier"].user)
    assert not _check(acme, "nonconformities_closed_properly")
    fix = next(c for c in CHECKS["10.2"] if c.code == "nonconformities_closed_properly").fix(acme)
    assert fix.endswith(f"/nonconformities/{nc.pk}/")


def test_an_open_major_nc_is_a_readiness_blocker_until_closed(acme, people):
    m = people["manager"]
    nc = Nonconformity.objects.get(finding=_finding(m))
    _finding(m, kind="minor_nc", ref="7.5.3")
    blockers = [b for b in readiness.compute(acme)["blockers"] if b["code"] == "open_major_nc"]
    assert len(blockers) == 1 and blockers[0]["ref"] == "6.1.4" and f"/{nc.pk}/" in blockers[0]["fix_url"]
    assert readiness.compute(acme)["blockers"][0]["code"] == "open_major_nc"  # listed first
    _close(m, people["doer"], people["verifier"], nc)
    assert not [b for b in readiness.compute(acme)["blockers"] if b["code"] == "open_major_nc"]


def test_my_work_shows_the_next_steps_late_steps_actions_and_verifications(acme, people, member):
    m, doer, verifier = people["manager"], people["doer"], people["verifier"]
    nc = Nonconformity.objects.get(finding=_finding(m, owner=doer.user.email))
    items = work.work(doer)
    assert any("Record the correction" in i.title and i.due == nc.correction_due for i in items)
    Nonconformity.objects.filter(pk=nc.pk).update(correction_due=timezone.localdate() - dt.timedelta(days=2))
    mine = [i for i in work.work(doer) if "correction" in i.title]
    assert mine[0].overdue
    assert any("Late: correction" in i.detail for i in work.work(m))  # the manager sees the late step
    nc.refresh_from_db()
    nc = services.correct(m, nc, version=nc.version, correction="Fixed.")
    nc = services.analyse(m, nc, version=nc.version, cause_method="five_whys", whys=["No owner"],
                          cause_summary="Nobody owned it.", similar_elsewhere=False, similar_note="None found.")
    action = services.create_action(m, {"description": "Name an owner", "nonconformity": nc.pk,
                                        "owner": doer.user.email,
                                        "due_on": (timezone.localdate() - dt.timedelta(days=1)).isoformat()})
    assert any(i.kind == "corrective_action" and i.overdue for i in work.work(doer))
    nc = services.start_actions(m, nc, version=nc.version)
    services.action_step(doer, action, "done", version=action.version, outcome="Named.")
    nc.refresh_from_db()
    services.submit_for_verification(m, nc, version=nc.version)
    assert any(i.kind == "verification" for i in work.work(verifier))
    assert not any(i.kind == "verification" for i in work.work(doer))  # an action owner is not asked
    viewer = member(Role.VIEWER)
    assert work.work(viewer) == []


def test_the_pages_take_a_nonconformity_through_its_steps(acme, people):
    m = people["manager"]
    finding = _finding(m)
    nc = Nonconformity.objects.get(finding=finding)
    client = Client()
    client.force_login(m.user)
    page = client.get(f"/o/acme/nonconformities/{nc.pk}/")
    assert page.status_code == 200 and "Record the correction" in page.content.decode()
    base = f"/o/acme/nonconformities/{nc.pk}/step/"
    client.post(base + "correct", {"version": nc.version, "correction": "Assessment started."})
    nc.refresh_from_db()
    assert nc.state == "corrected"
    r = client.post(base + "analyse", {"version": nc.version, "cause_method": "five_whys", "whys": ["a", "b", ""],
                                       "cause_summary": "Checklist gap.", "similar_elsewhere": "no",
                                       "similar_note": "Checked."}, follow=True)
    nc.refresh_from_db()
    assert nc.state == "analysed" and nc.root_cause == {"whys": ["a", "b"]}, r.content.decode()[:3000]
    # refused with the reason shown: no corrective action yet
    r = client.post(base + "start_actions", {"version": nc.version}, follow=True)
    assert "Add at least one corrective action" in r.content.decode()
    form = client.get(f"/o/acme/nonconformities/corrective-actions/new?nonconformity={nc.pk}").content.decode()
    assert f'value="{nc.pk}" selected' in form
    finding_form = client.get("/o/acme/nonconformities/findings/new?kind=minor_nc&requirement_ref=7.5.3")
    assert 'value="7.5.3"' in finding_form.content.decode()
    assert client.get("/o/acme/nonconformities/findings/").status_code == 200
    assert client.get("/o/acme/nonconformities/corrective-actions/").status_code == 200
    assert client.get(f"/o/acme/nonconformities/findings/{finding.pk}/").status_code == 200
    assert client.get("/o/acme/nonconformities/new").status_code == 302


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_lists_use_a_constant_number_of_queries(acme, people, owner_api):
    m = people["manager"]

    def add(n):
        for i in range(n):
            f = _finding(m, kind="major_nc" if i % 2 else "minor_nc", owner=people["doer"].user.email)
            nc = Nonconformity.objects.get(finding=f)
            services.create_action(m, {"description": f"Action {i}", "nonconformity": nc.pk,
                                       "owner": people["doer"].user.email})

    add(2)
    client = Client()
    client.force_login(m.user)
    urls = ["/o/acme/nonconformities/", "/o/acme/nonconformities/findings/",
            "/o/acme/nonconformities/corrective-actions/"]
    api_urls = ["/orgs/acme/nonconformities", "/orgs/acme/findings", "/orgs/acme/corrective-actions"]
    before = [_count(client, u) for u in urls]
    api_before = []
    for u in api_urls:
        with CaptureQueriesContext(connection) as ctx:
            assert owner_api.get(u).status_code == 200
        api_before.append(len(ctx.captured_queries))
    add(6)
    assert [_count(client, u) for u in urls] == before
    for u, n in zip(api_urls, api_before, strict=True):
        with CaptureQueriesContext(connection) as ctx:
            assert owner_api.get(u).json_body["count"] == 8
        assert len(ctx.captured_queries) <= n, u  # (the first call also notes the token's use)


def test_another_organisation_sees_nothing(acme, globex, people, api_as):
    f = _finding(people["manager"])
    nc = Nonconformity.objects.get(finding=f)
    other = api_as(Role.OWNER, org=globex)
    assert other.get(f"/orgs/globex/nonconformities/{nc.pk}").status_code == 404
    assert other.get(f"/orgs/globex/findings/{f.pk}").status_code == 404
    r = other.post(f"/orgs/globex/nonconformities/{nc.pk}/steps/correct", {"version": 1, "correction": "x"})
    assert r.status_code == 404
    r = other.post("/orgs/globex/corrective-actions", {"description": "x", "nonconformity": nc.pk})
    assert r.status_code == 422 and r.json_body["detail"][0]["loc"][-1] == "nonconformity"
