"""The records kit's router factory (forty2/records/routes.py) on the register's models, datasets and suppliers:
the routes they gained (import, export, history), the OpenAPI document declaring each route's answers and the
accepted sort orders, and the pages' import (ISO/IEC 42001 7.5 documented information)."""

import pytest

from forty2.inventory.models import AIModel, Supplier
from forty2.tenancy.models import Role
from tests.inventory._io import csv_bytes
from tests.security import targets
from tests.web import fixtures

web_as = fixtures.web_as


def _upload(data: bytes, name="file.csv"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type="text/csv")


def test_models_import_export_and_history_through_the_api(owner_api):
    data = csv_bytes([["name", "model_version", "provider"], ["Sepsis-EWS", "2.3", "Us"], ["Whisper", "", "OpenAI"]])
    r = owner_api.client.post("/api/v1/orgs/acme/models/import", {"file": _upload(data)}, headers=owner_api.headers)
    assert r.status_code == 200 and r.json()["created"] == 2, r.content
    again = owner_api.client.post("/api/v1/orgs/acme/models/import", {"file": _upload(data)},
                                  headers=owner_api.headers)
    assert again.status_code == 422 and "already there" in again.json()["detail"][0]["msg"]
    export = owner_api.client.get("/api/v1/orgs/acme/models/export?q=sepsis", headers=owner_api.headers)
    text = export.content.decode("utf-8-sig")
    assert "Sepsis-EWS" in text and "Whisper" not in text
    model = AIModel.objects.get(name="Whisper")
    assert owner_api.patch(f"/orgs/acme/models/{model.pk}", {"licence": "MIT", "version": 1}).status_code == 200
    history = owner_api.get(f"/orgs/acme/models/{model.pk}/history").json_body
    assert history["items"][0]["action"] == "aimodel.update" and history["count"] >= 2
    assert {e["object_id"] for e in history["items"]} == {str(model.pk)}
    assert history["items"][0]["changes"]["licence"] == ["", "MIT"]


def test_every_kit_route_declares_its_answers_and_sort_orders():
    doc = targets.openapi_document()
    for path in ("/api/v1/orgs/{org}/suppliers", "/api/v1/orgs/{org}/ai-systems",
                 "/api/v1/orgs/{org}/example-trainings"):
        ops = doc["paths"][path]
        ordering = next(p for p in ops["get"]["parameters"] if p["name"] == "ordering")
        assert "-name" in str(ordering["schema"]) or "-title" in str(ordering["schema"])
        assert {"403", "404", "422"} <= {str(k) for k in ops["get"]["responses"]}
        assert {"403", "404", "409", "422"} <= {str(k) for k in ops["post"]["responses"]}
        one = doc["paths"][path + ("/{system_id}" if "ai-systems" in path else "/{pk}")]
        assert {"403", "404", "409", "422"} <= {str(k) for k in one["patch"]["responses"]}
        assert any(p["name"] == "If-Match" for p in one["patch"]["parameters"])
        upload = doc["paths"][path + "/import"]["post"]
        assert "multipart/form-data" in upload["requestBody"]["content"]
        assert "413" in {str(k) for k in upload["responses"]}


@pytest.mark.parametrize("kind", ["models", "datasets", "suppliers"])
def test_each_register_has_an_import_page(web_as, kind):
    owner = web_as(Role.OWNER)
    page = owner.get(f"/o/acme/ai-systems/{kind}/import").content.decode()
    assert "Check and import" in page and "<code>name</code>" in page


def test_a_supplier_import_from_the_page(web_as):
    owner = web_as(Role.OWNER)
    r = owner.post("/o/acme/ai-systems/suppliers/import",
                   {"file": _upload(csv_bytes([["name", "country"], ["RadiAI", "Germany"]]))})
    assert r.status_code == 302 and r["Location"] == "/o/acme/ai-systems/suppliers/"
    assert Supplier.objects.get(name="RadiAI").country == "Germany"
    bad = owner.post("/o/acme/ai-systems/suppliers/import",
                     {"file": _upload(csv_bytes([["name", "planet"], ["X", "Mars"]]))})
    assert bad.status_code == 422 and "Unknown column" in bad.content.decode()
