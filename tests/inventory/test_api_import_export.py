"""REST import/export of the register: POST .../ai-systems/import, GET .../ai-systems/export
(docs/architecture.md "API conventions")."""

import csv
import io

from django.test import Client

from forty2.inventory import services
from forty2.inventory.models import AISystem
from forty2.tenancy.models import Role

from ._io import csv_bytes


def post_file(api, data: bytes, name="register.csv", org="acme", **fields):
    upload = io.BytesIO(data)
    upload.name = name
    response = Client().post(f"/api/v1/orgs/{org}/ai-systems/import", {"file": upload, **fields},
                             headers=api.headers)
    return response.status_code, response.json()


def test_import_returns_counts(api_as):
    api = api_as(Role.OWNER)
    status, body = post_file(api, csv_bytes([["name", "purpose"], ["A", "p"], ["B", "p"]]))
    assert status == 200 and body == {"imported": 2, "created": 2, "updated": 0, "unchanged": 0, "dry_run": False}
    status, body = post_file(api, csv_bytes([["name", "purpose"], ["A", "p2"]]), update_existing="true")
    assert status == 200 and body["updated"] == 1


def test_bad_rows_answer_422_with_row_and_column(api_as):
    api = api_as(Role.OWNER)
    status, body = post_file(api, csv_bytes([["name", "purpose", "status"], ["A", "p", "ok"], ["B", "", ""]]))
    assert status == 422
    locs = [d["loc"] for d in body["detail"]]
    assert ["file", 2, "status"] in locs and ["file", 3, "purpose"] in locs
    assert {d["type"] for d in body["detail"]} == {"import_error"}
    assert AISystem.objects.count() == 0


def test_unreadable_file_and_missing_file_are_422(api_as):
    api = api_as(Role.OWNER)
    status, body = post_file(api, b"\xff\xfe\x00garbage", name="x.csv")
    assert status == 422 and body["detail"][0]["loc"] == ["file"]
    response = Client().post("/api/v1/orgs/acme/ai-systems/import", {}, headers=api.headers)
    assert response.status_code == 422


def test_roles_and_organisations(api_as, globex):
    assert post_file(api_as(Role.VIEWER), csv_bytes([["name", "purpose"], ["A", "p"]]))[0] == 403
    assert post_file(api_as(Role.OWNER), csv_bytes([["name", "purpose"], ["A", "p"]]), org="globex")[0] == 404
    assert AISystem.objects.count() == 0


def test_export_with_filters(api_as, member):
    api = api_as(Role.VIEWER)
    owner = member(Role.OWNER)
    services.create_ai_system(owner, {"name": "A", "purpose": "p", "lifecycle_stage": "deployment"})
    services.create_ai_system(owner, {"name": "B", "purpose": "p"})
    response = Client().get("/api/v1/orgs/acme/ai-systems/export?format=csv&lifecycle_stage=deployment",
                            headers=api.headers)
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [r[0] for r in rows[1:]] == ["A"]
    bad = Client().get("/api/v1/orgs/acme/ai-systems/export?format=pdf", headers=api.headers)
    assert bad.status_code == 422
