"""Dates a record may hold stay within 1900-2199 (issue #15: "9999-12-31 is accepted everywhere"): a review due
in the year 9999 is a typing slip that would hide the record from every "due" list. One rule in the records
kit, so the API, the pages and imports refuse it alike, naming the field."""

import pytest


@pytest.mark.parametrize("day", ["9999-12-31", "1899-12-31", "2200-01-01"])
def test_a_date_outside_the_sane_range_is_refused_naming_the_field(owner_api, day):
    r = owner_api.post("/orgs/acme/risks", {"title": "Model drift", "next_review": day})
    assert r.status_code == 422, r.json_body
    [problem] = [p for p in r.json_body["detail"] if p["loc"][-1] == "next_review"]
    assert day in problem["msg"] and "1900-01-01 to 2199-12-31" in problem["msg"]
    assert owner_api.get("/orgs/acme/risks").json_body["count"] == 0


def test_dates_inside_the_range_are_kept(owner_api):
    r = owner_api.post("/orgs/acme/risks", {"title": "Model drift", "next_review": "2199-12-31"})
    assert r.status_code == 201, r.json_body
    assert r.json_body["next_review"] == "2199-12-31"
    patched = owner_api.patch(f"/orgs/acme/risks/{r.json_body['id']}",
                              {"next_review": "9999-12-31", "version": r.json_body["version"]})
    assert patched.status_code == 422
    assert owner_api.get(f"/orgs/acme/risks/{r.json_body['id']}").json_body["next_review"] == "2199-12-31"
