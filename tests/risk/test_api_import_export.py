"""POST /api/v1/orgs/{org}/risks/import and GET .../risks/export: the same all-or-nothing import and re-importable
export as the web page and the CLI (ISO/IEC 42001 6.1.2, 7.5)."""

import csv
import io

from django.test import Client

from forty2.risk.models import Risk


def _post(api, name, data, **form):
    upload = io.BytesIO(data)
    upload.name = name
    return Client().post("/api/v1/orgs/acme/risks/import", {"file": upload, **form}, headers=api.headers)


def test_an_import_then_an_export_round_trips(owner_api):
    good = b"title,description\nModel drift,Accuracy falls as data changes\nBias,Unequal error rates\n"
    r = _post(owner_api, "risks.csv", good)
    assert r.status_code == 200, r.content
    assert r.json()["created"] == 2 and Risk.objects.filter(organization__slug="acme").count() == 2
    exported = owner_api.client.get("/api/v1/orgs/acme/risks/export?format=csv", headers=owner_api.headers)
    assert exported.status_code == 200 and "attachment" in exported["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert rows[0][0] == "title" and {r[0] for r in rows[1:]} == {"Model drift", "Bias"}


def test_a_bad_row_saves_nothing_and_names_the_row(owner_api):
    bad = b"title,treatment_option\nDrift,modify\nLeak,ignore-it\n"
    r = _post(owner_api, "risks.csv", bad)
    assert r.status_code == 422
    assert r.json()["detail"][0]["loc"] == ["file", 3, "treatment_option"]
    assert not Risk.objects.filter(organization__slug="acme").exists()
