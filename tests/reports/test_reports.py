"""Reports (issue #20 item 1, ISO/IEC 42001 7.5): the files are opened and read — the SoA's 38 controls, the
approval's content hash and the page numbers in the PDF, real tables in the DOCX, sheets with frozen headers in
the XLSX —; an unknown kind or format is 422 naming it; another organisation's data never appears; every
download is audited; PDF without its system libraries says what to install while DOCX and XLSX still work."""

import io
import sys

import pytest
from django.core.management import call_command
from django.test import Client
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from forty2.controls import services as soa_services
from forty2.controls.models import SoAEntry, SoAVersion
from forty2.core.errors import InvalidInput
from forty2.core.models import AuditEvent
from forty2.reports import kinds, render, services
from forty2.risk import services as risk_services
from forty2.tenancy.models import Role

pytestmark = pytest.mark.django_db


def _approved_soa(manager):
    soa_services.ensure_soa(manager.organization, manager.user)
    for entry in SoAEntry.objects.for_org(manager.organization):
        soa_services.update_entry(manager, entry, {"applicable": True, "justification": f"Needed for {entry.ref}."},
                                  version=entry.version)
    soa_services.approve_soa(manager, note="First approval")
    return SoAVersion.objects.for_org(manager.organization).get()


@pytest.fixture
def world(member, globex):
    manager = member(Role.AIMS_MANAGER)
    version = _approved_soa(manager)
    risk_services.create_risk(manager, {"title": "Acme model drift", "inherent_likelihood": "4",
                                        "inherent_consequence": "5", "treatment_option": "modify",
                                        "treatment_plan": "Retrain monthly."})
    other = member(Role.AIMS_MANAGER, org=globex)
    soa_services.ensure_soa(globex, other.user)
    entry = SoAEntry.objects.for_org(globex).get(ref="A.2.2")
    soa_services.update_entry(other, entry, {"applicable": False, "justification": "Globex-only secret reason."},
                              version=entry.version)
    risk_services.create_risk(other, {"title": "Globex secret risk", "inherent_likelihood": "2",
                                      "inherent_consequence": "2"})
    return {"manager": manager, "version": version, "other": other}


def _pdf_text(data: bytes) -> tuple[str, int]:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages), len(reader.pages)


def _refs(org) -> list[str]:
    return list(SoAEntry.objects.for_org(org).order_by("position", "ref").values_list("ref", flat=True))


def test_soa_pdf_shows_every_control_the_approval_hash_and_page_numbers(world):
    m = world["manager"]
    data, content_type, name = services.make_for(m, "soa", "pdf")
    assert content_type == "application/pdf" and name == "acme-soa.pdf" and data.startswith(b"%PDF")
    text, pages = _pdf_text(data)
    refs = _refs(m.organization)
    assert len(refs) == 38
    missing = [ref for ref in refs if ref not in text]
    assert missing == []
    assert world["version"].content_hash in text.replace("\n", "")
    assert "Page 1 of" in text and f"Page {pages} of {pages}" in text
    assert "Acme" in text and "Internal" in text and m.user.email in text and "Approved version 1" in text
    assert "Globex" not in text and "Globex-only secret reason." not in text


def test_soa_docx_is_a_real_table_of_38_rows(world):
    m = world["manager"]
    data, content_type, name = services.make_for(m, "soa", "docx")
    assert name.endswith(".docx") and "wordprocessingml" in content_type
    doc = Document(io.BytesIO(data))
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "Control")
    rows = table.rows[1:]
    assert len(rows) == 38
    assert [r.cells[0].text for r in rows] == _refs(m.organization)
    assert rows[0].cells[3].text == f"Needed for {rows[0].cells[0].text}."
    assert any(p.style.name == "Heading 1" and p.text == "Controls" for p in doc.paragraphs)
    meta = {r.cells[0].text: r.cells[1].text for r in doc.tables[0].rows}
    assert meta["Content hash (SHA-256)"] == world["version"].content_hash
    assert meta["Classification"] == "Internal"
    footer = doc.sections[0].footer._element.xml
    assert "NUMPAGES" in footer and "PAGE" in footer


def test_soa_xlsx_has_a_sheet_of_38_rows_with_a_frozen_header(world):
    m = world["manager"]
    data, _type, name = services.make_for(m, "soa", "xlsx")
    wb = load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["About", "Statement of Applicability"]
    about = {row[0]: row[1] for row in wb["About"].iter_rows(values_only=True)}
    assert about["Organisation"] == "Acme" and about["Content hash (SHA-256)"] == world["version"].content_hash
    ws = wb["Statement of Applicability"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:3] == ("Control", "Title", "Applicable")
    assert [r[0] for r in rows[1:]] == _refs(m.organization) and all(r[2] == "Yes" for r in rows[1:])
    widths = kinds.get("soa").collect(m.organization, None).tables[0].widths
    assert ws.freeze_panes == "A2" and ws.column_dimensions["D"].width == widths[3] > 20


def test_the_risk_register_in_every_format_is_this_organisation_only(world):
    m = world["manager"]
    text, _pages = _pdf_text(services.make_for(m, "risks", "pdf")[0])
    assert "Acme model drift" in text and "Retrain monthly." in text and "Globex secret risk" not in text
    wb = load_workbook(io.BytesIO(services.make_for(m, "risks", "xlsx")[0]))
    register = list(wb["Risk register"].iter_rows(values_only=True))
    assert [r[1] for r in register[1:]] == ["Acme model drift"]
    assert register[1][4] == "4×5" and wb["Treatment plans"]["C2"].value == "Retrain monthly."
    doc = Document(io.BytesIO(services.make_for(m, "risks", "docx")[0]))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert "Acme model drift" in cells and "Globex secret risk" not in cells
    # the heat map counts the one risk in its cell (likelihood 4, consequence 5)
    heat = next(t for t in doc.tables if t.rows[0].cells[0].text == "L5")
    assert heat.rows[1].cells[0].text == "L4" and heat.rows[1].cells[5].text == "1"


@pytest.mark.parametrize("kind", ["readiness", "ai-systems"])
def test_the_other_kinds_render_in_all_three_formats(world, kind):
    m = world["manager"]
    title = kinds.get(kind).title
    text, _pages = _pdf_text(services.make_for(m, kind, "pdf")[0])
    assert title in text.replace("\n", " ")
    doc = Document(io.BytesIO(services.make_for(m, kind, "docx")[0]))
    assert doc.paragraphs[0].text == title
    wb = load_workbook(io.BytesIO(services.make_for(m, kind, "xlsx")[0]))
    assert len(wb.sheetnames) >= 2 and wb["About"]["B2"].value == title


def test_readiness_report_lists_the_stage1_items_and_a_chart(world):
    m = world["manager"]
    report = kinds.get("readiness").collect(m.organization, None)
    stage1 = next(s for s in report.sections if s.title == "Stage 1 list")
    assert len(stage1.table.rows) >= 5 and all(r[2] in kinds.STAGE1_WORDS.values() for r in stage1.table.rows)
    assert "<svg" in render.html(report)


def test_every_download_is_audited_with_kind_and_format(world):
    m = world["manager"]
    services.make_for(m, "soa", "xlsx")
    event = AuditEvent.objects.filter(organization=m.organization, action="report.download").get()
    assert event.changes["kind"] == "soa" and event.changes["format"] == "xlsx" and event.actor == m.user


def test_api_lists_kinds_and_downloads_with_type_and_name(world, api_as):
    api = api_as(Role.VIEWER)
    listed = api.get("/orgs/acme/reports")
    assert listed.status_code == 200 and [k["key"] for k in listed.json_body][:2] == ["soa", "risks"]
    r = api.get("/orgs/acme/reports/soa?format=xlsx")
    assert r.status_code == 200 and r["Content-Type"] == render.CONTENT_TYPES["xlsx"]
    assert r["Content-Disposition"] == 'attachment; filename="acme-soa.xlsx"'
    assert load_workbook(io.BytesIO(r.content))["Statement of Applicability"].max_row == 39


def test_unknown_kind_or_format_is_422_naming_it(world, owner_api):
    r = owner_api.get("/orgs/acme/reports/balance-sheet?format=pdf")
    assert r.status_code == 422 and r.json_body["detail"][0]["loc"] == ["path", "kind"]
    assert "'soa'" in r.json_body["detail"][0]["msg"]  # the kinds there are
    r = owner_api.get("/orgs/acme/reports/soa?format=odt")
    assert r.status_code == 422 and r.json_body["detail"][0]["loc"] == ["query", "format"]
    assert "'pdf'" in r.json_body["detail"][0]["msg"] and "'xlsx'" in r.json_body["detail"][0]["msg"]
    with pytest.raises(InvalidInput, match="Unknown report kind 'balance-sheet'"):  # the pages and the CLI
        services.make_for(owner_api.membership, "balance-sheet", "pdf")
    with pytest.raises(InvalidInput, match="Unknown report format 'odt'"):
        services.make_for(owner_api.membership, "soa", "odt")
    assert not AuditEvent.objects.filter(action="report.download").exists()


def test_another_organisation_or_an_ended_membership_gets_nothing(world, api_as, member):
    globex_api = api_as(Role.OWNER, org=world["other"].organization)
    assert globex_api.get("/orgs/acme/reports/soa?format=xlsx").status_code == 404
    auditor = api_as(Role.EXTERNAL_AUDITOR)
    auditor.membership.expires_at = auditor.membership.created_at
    auditor.membership.save()
    assert auditor.get("/orgs/acme/reports/soa?format=xlsx").status_code in {401, 403, 404}
    assert not AuditEvent.objects.filter(action="report.download").exists()


def test_a_role_without_the_export_permission_is_refused(world, member, monkeypatch):
    from forty2.core.errors import PermissionDenied
    from forty2.tenancy import roles

    viewer = member(Role.VIEWER)
    monkeypatch.setitem(roles.RULES, "export_records", roles.RULES["export_records"] - {Role.VIEWER})
    with pytest.raises(PermissionDenied):
        services.make_for(viewer, "soa", "pdf")
    client = Client()
    client.force_login(viewer.user)
    assert client.get("/o/acme/reports/soa/xlsx").status_code == 403


def test_pdf_without_its_libraries_names_the_packages_and_docx_xlsx_still_work(world, owner_api, monkeypatch):
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # `import weasyprint` now fails as without Pango
    r = owner_api.get("/orgs/acme/reports/soa?format=pdf")
    assert r.status_code == 503 and "libpango-1.0-0" in r.json_body["detail"]
    assert "DOCX and XLSX" in r.json_body["detail"]
    assert owner_api.get("/orgs/acme/reports/soa?format=docx").status_code == 200
    assert owner_api.get("/orgs/acme/reports/soa?format=xlsx").status_code == 200


def test_reports_page_offers_three_downloads_per_kind(world):
    client = Client()
    client.force_login(world["manager"].user)
    page = client.get("/o/acme/reports/")
    assert page.status_code == 200
    for kind in kinds.KINDS:
        for fmt in render.FORMATS:
            assert f'href="/o/acme/reports/{kind}/{fmt}"'.encode() in page.content
    r = client.get("/o/acme/reports/soa/docx")
    assert r.status_code == 200 and len(Document(io.BytesIO(r.content)).tables[1].rows) == 39
    assert client.get("/o/acme/reports/nothing/pdf").status_code == 422


def test_cli_writes_the_file_and_lists_the_kinds(world, tmp_path, capsys):
    out = tmp_path / "soa.xlsx"
    call_command("report", "soa", org="acme", format="xlsx", output=str(out))
    assert load_workbook(out)["Statement of Applicability"].max_row == 39
    call_command("report", list=True)
    assert "ai-systems" in capsys.readouterr().out


def test_an_organisation_name_cannot_break_out_of_the_page_style(world):
    org = world["manager"].organization
    org.name = 'Acme "</style><h1>x'
    report = kinds.get("soa").collect(org, None)
    markup = render.html(report)
    style = markup.split("</style>")[0]
    assert "<h1>" not in style and '"</style>' not in markup.split("<body>")[0]


def test_one_record_reports_need_an_id_of_this_organisation(world, owner_api):
    from forty2.audits.models import Audit

    theirs = Audit.objects.create(organization=world["other"].organization, title="Globex secret audit")
    r = owner_api.get("/orgs/acme/reports/audit?format=xlsx")
    assert r.status_code == 422 and r.json_body["detail"][0]["loc"] == ["query", "id"]
    r = owner_api.get(f"/orgs/acme/reports/audit?format=pdf&id={theirs.pk}")
    assert r.status_code == 422 and "No audit" in r.json_body["detail"][0]["msg"]


def test_audit_report_and_its_download_buttons_on_the_audit_page(world):
    from django.urls import reverse

    from forty2.audits.models import Audit, AuditItem
    from forty2.improvement.models import Finding

    org = world["manager"].organization
    audit = Audit.objects.create(organization=org, title="Internal audit 2026", objectives="Whole AIMS",
                                 conclusion="The AIMS conforms except one finding.")
    AuditItem.objects.create(organization=org, audit=audit, ref="6.1.2", title="AI risk assessment",
                             result="conforming", notes="Saw the register of 12 May.")
    Finding.objects.create(organization=org, audit=audit, kind="minor_nc", title="Review dates missed",
                           requirement_ref="6.1.2")
    m = world["manager"]
    doc = Document(io.BytesIO(services.make_for(m, "audit", "docx", obj_id=audit.pk)[0]))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert "Saw the register of 12 May." in cells and "Review dates missed" in cells
    assert "The AIMS conforms except one finding." in [p.text for p in doc.paragraphs]
    client = Client()
    client.force_login(m.user)
    page = client.get(reverse("audits:audit_detail", args=["acme", audit.pk]))
    assert page.status_code == 200
    assert f'href="/o/acme/reports/audit/pdf?id={audit.pk}"'.encode() in page.content


def test_review_minutes_show_a_preview_pack_until_it_is_frozen(world):
    import datetime as dt

    from forty2.review.models import ManagementReview

    org = world["manager"].organization
    review = ManagementReview.objects.create(organization=org, title="Review 2026", planned_on=dt.date(2026, 11, 1),
                                             minutes="The board read the pack.")
    wb = load_workbook(io.BytesIO(services.make_for(world["manager"], "review", "xlsx", obj_id=review.pk)[0]))
    assert {"Attendance", "Actions", "Input pack"} <= set(wb.sheetnames)
    inputs = [r[0] for r in wb["Input pack"].iter_rows(min_row=2, values_only=True)]
    assert "organization" in inputs and any(i.startswith("risks.") for i in inputs)
    text, _pages = _pdf_text(services.make_for(world["manager"], "review", "pdf", obj_id=review.pk)[0])
    assert "The board read the pack." in text and "Not frozen yet" in text


def test_nonconformity_log_and_certification_status_render(world):
    m = world["manager"]
    for kind in ("nonconformities", "certification"):
        wb = load_workbook(io.BytesIO(services.make_for(m, kind, "xlsx")[0]))
        assert wb["About"]["B2"].value == kinds.get(kind).title
        text, _pages = _pdf_text(services.make_for(m, kind, "pdf")[0])
        assert "Page 1 of" in text


def test_the_classification_comes_from_the_setting(world, settings):
    settings.REPORT_CLASSIFICATION = "Confidential"
    text, _pages = _pdf_text(services.make_for(world["manager"], "soa", "pdf")[0])
    assert "Confidential" in text and "Internal" not in text


@pytest.mark.parametrize("kind", ["soa", "risks", "ai-systems", "nonconformities"])
def test_a_report_reads_in_a_fixed_number_of_queries(world, kind):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from forty2.inventory.models import AISystem

    m = world["manager"]
    org = m.organization

    def count():
        with CaptureQueriesContext(connection) as ctx:
            kinds.get(kind).collect(org, None)
        return len(ctx.captured_queries)

    def grow(n):
        for i in range(n):
            system = AISystem.objects.create(organization=org, name=f"System {n}-{i}", business_owner=m.user,
                                             approved_by=m.user)
            risk_services.create_risk(m, {"title": f"Risk {n}-{i}", "owner": m.user.email,
                                          "ai_system_ids": [system.pk], "inherent_likelihood": "2",
                                          "inherent_consequence": "3"})

    grow(1)
    before = count()
    grow(4)
    assert count() == before
