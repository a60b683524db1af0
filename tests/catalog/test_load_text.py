"""``forty2 catalog load-text SLUG FILE``: a licensed user attaches the official requirement text to their own
installation; it is shown only there (requirement page, API) and never exported by default."""

import pytest

from forty2.catalog.models import Requirement
from forty2.core.models import AuditEvent

from .conftest import DATA

pytestmark = pytest.mark.django_db
TEXT = DATA / "licensed_text_27001.yaml"


def text_of(ref, slug="iso-iec-27001-2022"):
    return Requirement.objects.get(framework__slug=slug, ref=ref).official_text


def test_text_is_attached_by_ref_and_annex_a_sections_mean_annex_a(cli):
    run = cli("load-text", "iso-iec-27001-2022", TEXT)
    assert run.code == 0, run.err
    assert text_of("5.1") == "OFFICIAL TEXT OF CLAUSE 5.1 (test stand-in)"
    assert text_of("A.5.1") == "OFFICIAL TEXT OF CONTROL A.5.1 (test stand-in)"
    assert text_of("A.8.16").startswith("OFFICIAL TEXT OF CONTROL A.8.16")
    assert "loaded official text for 3 requirement(s)" in run.out
    node = Requirement.objects.get(framework__slug="iso-iec-27001-2022", ref="A.5.1")
    assert node.official_text_source.startswith("licensed_text_27001.yaml")


def test_unknown_refs_are_reported_with_their_line_and_skipped(cli):
    run = cli("load-text", "iso-iec-27001-2022", TEXT)
    assert "licensed_text_27001.yaml:4: no requirement '4.10' in iso-iec-27001-2022; skipped" in run.err


def test_strict_refuses_a_file_with_unknown_refs_and_changes_nothing(cli):
    run = cli("load-text", "iso-iec-27001-2022", TEXT, "--strict")
    assert run.code == 2
    assert not Requirement.objects.exclude(official_text="").exists()


def test_csv_with_an_annex_column(cli, tmp_path):
    path = tmp_path / "text.csv"
    path.write_text('ref,text,annex\n5.1,"Clause text, quoted",\n5.1,Control text,A\n')
    assert cli("load-text", "iso-iec-27001-2022", path).code == 0
    assert text_of("5.1") == "Clause text, quoted"
    assert text_of("A.5.1") == "Control text"


def test_loading_is_audited_without_the_text_and_can_be_cleared(cli):
    cli("load-text", "iso-iec-27001-2022", TEXT)
    event = AuditEvent.objects.get(action="catalog.load_text")
    assert event.changes["requirements"] == 3
    assert "OFFICIAL" not in event.canonical
    run = cli("load-text", "iso-iec-27001-2022", "--clear")
    assert run.code == 0 and "removed from 3" in run.out
    assert not Requirement.objects.exclude(official_text="").exists()


def test_the_text_shows_on_the_requirement_page_and_in_the_api(cli, client, member, owner_api):
    cli("load-text", "iso-iec-27001-2022", TEXT)
    body = owner_api.get("/catalog/frameworks/iso-iec-27001-2022/requirements/A.5.1").json_body
    assert body["official_text"] == "OFFICIAL TEXT OF CONTROL A.5.1 (test stand-in)"
    listed = owner_api.get("/catalog/frameworks/iso-iec-27001-2022/requirements").json_body["items"]
    assert {i["ref"] for i in listed if i["has_official_text"]} == {"5.1", "A.5.1", "A.8.16"}
    client.force_login(owner_api.membership.user)
    page = client.get("/o/acme/catalog/iso-iec-27001-2022/A.5.1/").content.decode()
    assert "OFFICIAL TEXT OF CONTROL A.5.1" in page and "under your own licence" in page


def test_a_broken_file_and_an_unknown_framework_exit_2(cli, tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("'5.1': [not, text]\n")
    assert cli("load-text", "iso-iec-27001-2022", path).code == 2
    assert cli("load-text", "nope", TEXT).code == 2
