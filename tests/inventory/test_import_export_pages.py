"""The import and export pages of the register (ISO/IEC 42001 4.1, A.4.2): upload, report, download."""

import csv
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from forty2.inventory import services
from forty2.inventory.importexport import EXPORT_COLUMNS as COLUMNS
from forty2.inventory.models import AISystem
from forty2.tenancy.models import Role

from ._io import csv_bytes

IMPORT, EXPORT = "/o/acme/ai-systems/import", "/o/acme/ai-systems/export"


@pytest.fixture
def browser(member):
    def login(role=Role.OWNER):
        client = Client()
        client.membership = member(role)
        client.force_login(client.membership.user)
        return client

    return login


def upload(name, data):
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def test_good_file_is_imported_and_redirects_to_the_list(browser):
    client = browser()
    page = client.get(IMPORT)
    assert page.status_code == 200 and b'accept=".csv,.xlsx"' in page.content and b"?template=csv" in page.content
    response = client.post(IMPORT, {"file": upload("register.csv", csv_bytes([["name", "purpose"], ["A", "p"]]))},
                           follow=True)
    assert response.redirect_chain[-1][0] == "/o/acme/ai-systems/"
    assert b"Imported 1 AI system" in response.content and AISystem.objects.count() == 1


def test_bad_rows_show_a_table_and_save_nothing(browser):
    client = browser()
    data = csv_bytes([["name", "purpose", "criticality"], ["A", "p", "low"], ["B", "p", "extreme"]])
    response = client.post(IMPORT, {"file": upload("register.csv", data)})
    assert response.status_code == 422
    text = response.content.decode()
    assert "Nothing was imported" in text and "<code>criticality</code>" in text and "&#x27;extreme&#x27;" in text
    assert AISystem.objects.count() == 0


def test_update_existing_checkbox(browser):
    client = browser()
    services.create_ai_system(client.membership, {"name": "A", "purpose": "old"})
    data = csv_bytes([["name", "purpose"], ["A", "new"]])
    assert client.post(IMPORT, {"file": upload("r.csv", data)}).status_code == 422
    assert client.post(IMPORT, {"file": upload("r.csv", data), "update_existing": "on"}).status_code == 302
    assert AISystem.objects.get().purpose == "new"


@pytest.mark.parametrize("name, data, text", [
    ("notes.txt", b"name,purpose\nA,p\n", "Upload a .csv or .xlsx file"),
    ("register.csv", b"", "The submitted file is empty"),
    ("register.xlsx", b"name,purpose\nA,p\n", "not an XLSX workbook"),
    ("register.csv", "name,purpose\nCaf\u00e9,p\n".encode("cp1252"), "not UTF-8"),
])
def test_unreadable_uploads_are_refused_with_4xx(browser, name, data, text):
    response = browser().post(IMPORT, {"file": upload(name, data)})
    assert response.status_code == 422 and text in response.content.decode()
    assert AISystem.objects.count() == 0


def test_missing_file(browser):
    response = browser().post(IMPORT, {})
    assert response.status_code == 422 and b"This field is required" in response.content


@pytest.mark.parametrize("role", [Role.VIEWER, Role.CONTRIBUTOR])
def test_roles_without_import_rights_get_403(browser, role):
    client = browser(role)
    assert client.get(IMPORT).status_code == 403
    assert client.post(IMPORT, {"file": upload("r.csv", csv_bytes([["name", "purpose"], ["A", "p"]]))}
                       ).status_code == 403
    assert AISystem.objects.count() == 0


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_template_download_imports_cleanly(browser, fmt):
    client = browser()
    response = client.get(f"{IMPORT}?template={fmt}")
    assert response.status_code == 200 and f'filename="ai-systems-template.{fmt}"' in response["Content-Disposition"]
    data = b"".join(response.streaming_content)
    assert client.post(IMPORT, {"file": upload(f"template.{fmt}", data)}).status_code == 302
    assert AISystem.objects.count() == 1


def test_export_downloads_a_dated_file_with_the_list_filters(browser, globex, member):
    client = browser(Role.VIEWER)
    owner = member(Role.OWNER)
    services.create_ai_system(owner, {"name": "A", "purpose": "p", "status": "approved"})
    services.create_ai_system(owner, {"name": "B", "purpose": "p"})
    services.create_ai_system(member(Role.OWNER, org=globex), {"name": "Globex only", "purpose": "p"})
    response = client.get(f"{EXPORT}?status=approved&format=csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith('attachment; filename="acme-ai-systems-20')
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0] == list(COLUMNS) and [r[0] for r in rows[1:]] == ["A"]
    workbook = client.get(f"{EXPORT}?format=xlsx&ordering=-name")
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(workbook.streaming_content))).active
    assert [r[0] for r in sheet.iter_rows(values_only=True)] == ["name", "B", "A"]


def test_export_rejects_an_unknown_format_and_other_organisations(browser, globex):
    client = browser()
    assert client.get(f"{EXPORT}?format=pdf").status_code == 400
    assert client.get("/o/globex/ai-systems/export").status_code == 404
