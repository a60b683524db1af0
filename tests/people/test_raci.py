"""The RACI matrix (ISO/IEC 42001 A.3.2): a grid of processes by roles, saved in one transaction and audited, with
a version (a stale one is 409), read and replaced through the API, edited on its page and exported."""

import csv
import io

import openpyxl
import pytest
from django.test import Client

from forty2.core.errors import InvalidInput, StaleVersion
from forty2.core.models import AuditEvent
from forty2.people import raci
from forty2.people.models import RaciEntry
from forty2.tenancy.models import Role

pytestmark = pytest.mark.django_db


def test_the_processes_are_numbered_with_their_clauses():
    assert len(raci.PROCESSES) == 18 and [p.number for p in raci.PROCESSES] == list(range(1, 19))
    assert raci.BY_KEY["internal_audit"].refs == "9.2" and raci.BY_KEY["roles"].label.startswith("3. ")


def test_a_save_is_one_audited_transaction_and_a_stale_version_changes_nothing(make):
    org = make.by.organization
    role, top = make.role(), make.role("Board", "top_management")
    m = raci.save(make.by, [{"process": "policy", "role": top.pk, "letter": "A"},
                            {"process": "policy", "role": role.pk, "letter": "R"}], version=raci.matrix(org).version)
    assert m.version == 2 and raci.cells(org) == {("policy", top.pk): "A", ("policy", role.pk): "R"}
    event = AuditEvent.objects.get(action="raci.update")
    assert event.changes == {"policy/Board": [None, "A"], "policy/AIMS manager": [None, "R"]}
    with pytest.raises(StaleVersion):
        raci.save(make.by, [{"process": "policy", "role": role.pk, "letter": ""}], version=1)
    assert raci.cells(org)[("policy", role.pk)] == "R"
    same = raci.save(make.by, [{"process": "policy", "role": top.pk, "letter": "A"}], version=2)
    assert same.version == 2 and AuditEvent.objects.filter(action="raci.update").count() == 1  # nothing changed
    with pytest.raises(InvalidInput) as err:
        raci.save(make.by, [{"process": "nope", "role": role.pk, "letter": "X"}], version=2)
    assert {e["loc"][-1] for e in err.value.errors} == {"process", "letter"}


def test_the_api_reads_and_replaces_the_matrix_and_refuses_a_stale_version(api_as, member):
    api = api_as(Role.AIMS_MANAGER)
    role = api.post("/orgs/acme/roles", {"name": "AIMS manager", "kind": "aims_manager"}).json_body
    top = api.post("/orgs/acme/roles", {"name": "Board", "kind": "top_management"}).json_body
    read = api.get("/orgs/acme/raci").json_body
    assert read["version"] == 1 and [r["name"] for r in read["roles"]] == ["AIMS manager", "Board"]
    assert not any(p["complete"] for p in read["processes"])
    cells = [{"process": p["key"], "role": top["id"], "letter": "A"} for p in read["processes"]]
    put = api.put("/orgs/acme/raci", {"version": 1, "cells": cells + [
        {"process": "soa", "role": role["id"], "letter": "R"}]})
    assert put.status_code == 200, put.json_body
    assert put.json_body["version"] == 2 and all(p["complete"] for p in put.json_body["processes"])
    stale = api.put("/orgs/acme/raci", {"version": 1, "cells": []})
    assert stale.status_code == 409
    replaced = api.put("/orgs/acme/raci", {"version": 2, "cells": [{"process": "soa", "role": role["id"],
                                                                    "letter": "A"}]})
    assert replaced.status_code == 200 and replaced.json_body["version"] == 3
    assert RaciEntry.objects.count() == 1  # PUT replaces: every other cell cleared
    bad = api.put("/orgs/acme/raci", {"version": 3, "cells": [{"process": "soa", "role": 999999, "letter": "A"}]})
    assert bad.status_code == 422
    viewer = api_as(Role.VIEWER)
    assert viewer.get("/orgs/acme/raci").status_code == 200
    assert viewer.put("/orgs/acme/raci", {"version": 3, "cells": []}).status_code == 403


def test_another_organisations_role_is_not_a_column_of_ours(api_as, globex):
    ours, theirs = api_as(Role.AIMS_MANAGER), api_as(Role.OWNER, org=globex)
    role = theirs.post("/orgs/globex/roles", {"name": "Board", "kind": "top_management"}).json_body
    answer = ours.put("/orgs/acme/raci", {"version": 1, "cells": [{"process": "soa", "role": role["id"],
                                                                   "letter": "A"}]})
    assert answer.status_code == 422 and not RaciEntry.objects.exists()
    assert ours.get("/orgs/globex/raci").status_code == 404


def test_the_page_edits_the_grid_in_one_form_and_exports_it(make):
    org = make.by.organization
    role, top = make.role(), make.role("Board", "top_management")
    browser = Client()
    browser.force_login(make.by.user)
    page = browser.get("/o/acme/people/raci/").content.decode()
    assert "0 of 18 processes are complete" in page and f'name="cell-policy-{top.pk}"' in page
    form = {"version": "1", f"cell-policy-{top.pk}": "A", f"cell-policy-{role.pk}": "R"}
    assert browser.post("/o/acme/people/raci/", form).status_code == 302
    assert raci.cells(org) == {("policy", top.pk): "A", ("policy", role.pk): "R"}
    stale = browser.post("/o/acme/people/raci/", {**form, "version": "1", f"cell-soa-{top.pk}": "A"})
    assert stale.status_code == 409 and "Your choices are kept" in stale.content.decode()
    assert "1 of 18 processes are complete" in browser.get("/o/acme/people/raci/").content.decode()
    rows = list(csv.reader(io.StringIO(browser.get("/o/acme/people/raci/export?format=csv").content
                                       .decode("utf-8-sig"))))
    assert rows[0] == ["No.", "Process", "Clauses and controls", "AIMS manager", "Board", "Complete"]
    assert rows[2][:6] == ["2", "AI policy", "5.2, A.2", "R", "A", "yes"]
    book = openpyxl.load_workbook(io.BytesIO(browser.get("/o/acme/people/raci/export?format=xlsx").content))
    assert book.active["E3"].value == "A"
    log = browser.get("/o/acme/audit-log/").content.decode()
    assert "changed the RACI matrix" in log and 'href="/o/acme/people/raci/"' in log


def test_a_viewer_sees_the_grid_but_cannot_save_it(make, member):
    make.role()
    browser = Client()
    browser.force_login(member(Role.VIEWER).user)
    page = browser.get("/o/acme/people/raci/").content.decode()
    assert "Save the matrix" not in page and "<select" not in page
    assert browser.post("/o/acme/people/raci/", {"version": "1"}).status_code == 403
