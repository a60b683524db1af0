"""Reviews fall due by the methodology's interval; overdue ones are found by a filter (8.2)."""

import datetime as dt

from django.utils import timezone


def test_review_date_defaults_to_the_interval_and_overdue_filter(owner_api):
    fresh = owner_api.post("/orgs/acme/risks", {"title": "Fresh"}).json_body
    expected = timezone.localdate() + dt.timedelta(days=365)
    assert fresh["next_review"] == expected.isoformat()
    past = (timezone.localdate() - dt.timedelta(days=3)).isoformat()
    owner_api.post("/orgs/acme/risks", {"title": "Late", "next_review": past})
    overdue = owner_api.get("/orgs/acme/risks?overdue=true").json_body
    assert [i["title"] for i in overdue["items"]] == ["Late"]
