"""The SoA decided in one table (ISO/IEC 42001 6.1.3 f; issue #15 item 5): every entry on one page, only the
changed rows written (one audited write each, through controls.services), a result per row, the kit's merge for
a row someone else changed meanwhile, a contributor only on the controls they own, and one organisation only."""

import re

import pytest
from django.test import Client

from forty2.controls import services
from forty2.controls.models import SoAEntry
from forty2.core.models import AuditEvent
from forty2.tenancy.models import Role

pytestmark = pytest.mark.django_db
URL = "/o/acme/controls/table"


def client_for(membership):
    c = Client()
    c.force_login(membership.user)
    return c


def form_data(html: str) -> dict:
    """What the browser would post: every row's hidden version and base, selects and textareas as shown."""
    data = {}
    for name, value in re.findall(r'<input type="hidden" name="(e\d+-(?:version|base))" value="([^"]*)"', html):
        data[name] = value
    for name, body in re.findall(r'<select id="[^"]+" name="(e\d+-\w+)"[^>]*>(.*?)</select>', html, re.S):
        chosen = re.search(r'<option value="([^"]*)" selected', body)
        data[name] = chosen.group(1) if chosen else re.search(r'<option value="([^"]*)"', body).group(1)
    for name, body in re.findall(r'<textarea id="[^"]+" name="(e\d+-\w+)"[^>]*>(.*?)</textarea>', html, re.S):
        data[name] = body.strip()
    return data


def pk(ref, org="acme"):
    return SoAEntry.objects.get(organization__slug=org, ref=ref).pk


@pytest.fixture
def owner(member):
    return member(Role.OWNER)


def test_every_annex_a_entry_is_decided_from_one_page_and_only_changed_rows_are_written(owner):
    web = client_for(owner)
    html = web.get(URL).content.decode()
    assert html.count("data-ref=") == 38
    data = form_data(html)
    a, b, c = pk("A.2.2"), pk("A.6.2.4"), pk("A.10.4")
    data.update({f"e{a}-applicable": "true", f"e{a}-status": "implemented",
                 f"e{b}-applicable": "true", f"e{b}-status": "partial", f"e{b}-justification": "Clinical models.",
                 f"e{c}-applicable": "false", f"e{c}-justification": "We supply no AI to customers."})
    before = AuditEvent.objects.filter(action="soa_entry.update").count()
    page = web.post(URL, data).content.decode()
    assert page.count('data-result="saved"') == 3 and "3 saved</strong>, 35 unchanged" in page
    assert AuditEvent.objects.filter(action="soa_entry.update").count() == before + 3  # one write per entry
    entries = {e.ref: e for e in SoAEntry.objects.filter(ref__in=["A.2.2", "A.6.2.4", "A.10.4"])}
    assert entries["A.2.2"].applicable is True and entries["A.2.2"].status == "implemented"
    assert entries["A.6.2.4"].justification == "Clinical models." and entries["A.10.4"].applicable is False
    assert SoAEntry.objects.filter(applicable__isnull=True).count() == 35


def test_an_exclusion_without_justification_names_the_field_and_keeps_what_was_typed(owner):
    web = client_for(owner)
    data = form_data(web.get(URL).content.decode())
    a, b = pk("A.10.4"), pk("A.2.2")
    data.update({f"e{a}-applicable": "false", f"e{a}-status": "planned", f"e{b}-applicable": "true"})
    page = web.post(URL, data).content.decode()
    row = re.search(rf'<tr id="row-{a}".*?</tr>', page, re.S).group(0)
    assert 'data-result="error"' in row and "Justification: Excluding a control needs a justification" in row
    assert '<option value="false" selected' in row and '<option value="planned" selected' in row
    assert 'data-result="saved"' in re.search(rf'<tr id="row-{b}".*?</tr>', page, re.S).group(0)
    assert SoAEntry.objects.get(pk=a).applicable is None and SoAEntry.objects.get(pk=b).applicable is True


def test_a_stale_row_merges_other_fields_and_reports_a_conflict_on_the_same_field(owner, member):
    bob = member(Role.AIMS_MANAGER)
    web = client_for(owner)
    data = form_data(web.get(URL).content.decode())
    a, b = pk("A.2.2"), pk("A.6.2.4")
    # Bob, meanwhile: a's justification (a field Alice does not touch), b's status (the field Alice changes too)
    services.update_entry(bob, SoAEntry.objects.get(pk=a), {"justification": "Board policy."}, version=1)
    services.update_entry(bob, SoAEntry.objects.get(pk=b), {"status": "planned"}, version=1)
    data.update({f"e{a}-applicable": "true", f"e{b}-status": "implemented"})
    page = web.post(URL, data).content.decode()
    row_a = re.search(rf'<tr id="row-{a}".*?</tr>', page, re.S).group(0)
    row_b = re.search(rf'<tr id="row-{b}".*?</tr>', page, re.S).group(0)
    assert 'data-result="saved"' in row_a
    assert 'data-result="conflict"' in row_b and bob.user.email in row_b and "Implementation status" in row_b
    assert '<option value="implemented" selected' in row_b  # what Alice typed is kept
    e_a, e_b = SoAEntry.objects.get(pk=a), SoAEntry.objects.get(pk=b)
    assert e_a.applicable is True and e_a.justification == "Board policy."  # both kept
    assert e_b.status == "planned"  # Bob's change was not overwritten silently
    # saving the row again (now shown with Bob's version) replaces his value, by choice
    again = form_data(page)
    again[f"e{b}-status"] = "implemented"
    web.post(URL, {**again, "save_row": str(b)})
    assert SoAEntry.objects.get(pk=b).status == "implemented"


def test_htmx_saves_one_row_and_answers_with_that_row(owner):
    web = client_for(owner)
    data = form_data(web.get(URL).content.decode())
    a, b = pk("A.2.2"), pk("A.6.2.4")
    data.update({f"e{a}-applicable": "true", f"e{b}-applicable": "true", "save_row": str(a)})
    r = web.post(URL, data, headers={"HX-Request": "true"})
    html = r.content.decode()
    assert html.lstrip().startswith("{") is False and "<html" not in html
    assert html.count("<tr ") == 1 and f'id="row-{a}"' in html and 'data-result="saved"' in html
    assert SoAEntry.objects.get(pk=a).applicable is True
    assert SoAEntry.objects.get(pk=b).applicable is None  # only the row whose Save was pressed


def test_a_contributor_edits_only_the_controls_they_own(owner, member):
    contributor = member(Role.CONTRIBUTOR)
    services.ensure_soa(owner.organization, owner.user)
    mine = SoAEntry.objects.get(pk=pk("A.2.2"))
    services.update_entry(owner, mine, {"owner": contributor.user.email}, version=mine.version)
    web = client_for(contributor)
    html = web.get(URL).content.decode()
    assert html.count("-version") == 1 and "Not yours to edit" in html
    data = form_data(html)
    other = pk("A.6.2.4")
    data.update({f"e{mine.pk}-applicable": "true", f"e{other}-applicable": "true", f"e{other}-version": "1",
                 f"e{other}-status": "not_started", f"e{other}-justification": ""})  # a forged row
    page = web.post(URL, data).content.decode()
    assert 'data-result="saved"' in re.search(rf'<tr id="row-{mine.pk}".*?</tr>', page, re.S).group(0)
    assert SoAEntry.objects.get(pk=other).applicable is None
    assert "may only edit controls you own" in page


def test_viewers_see_the_table_read_only_and_may_not_post(member):
    viewer = member(Role.VIEWER)
    web = client_for(viewer)
    html = web.get(URL).content.decode()
    assert "Save all changes" not in html and html.count("data-ref=") == 38
    assert web.post(URL, {f"e{pk('A.2.2')}-applicable": "true", f"e{pk('A.2.2')}-version": "1"}).status_code == 403


def test_rows_of_another_organisation_are_not_touched(owner, member, globex):
    other = member(Role.OWNER, org=globex)
    services.ensure_soa(globex, other.user)
    theirs = SoAEntry.objects.get(organization=globex, ref="A.2.2")
    web = client_for(owner)
    web.post(URL, {f"e{theirs.pk}-applicable": "true", f"e{theirs.pk}-version": "1",
                   f"e{theirs.pk}-status": "implemented", f"e{theirs.pk}-justification": ""})
    theirs.refresh_from_db()
    assert theirs.applicable is None and theirs.version == 1


def test_the_soa_page_links_to_the_table(owner):
    html = client_for(owner).get("/o/acme/controls/").content.decode()
    assert 'href="/o/acme/controls/table"' in html and "decide them in one table" in html
