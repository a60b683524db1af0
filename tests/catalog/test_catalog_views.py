"""The browsable catalog: frameworks, a framework's tree with the organisation's status, a requirement page
with guidance, mappings both ways, the status form and pending inferences (ISO/IEC 42001 4.2, 6.1.3, 9.1)."""

import pytest

from forty2.catalog.models import Requirement, RequirementStatus
from forty2.catalog.services import set_status
from forty2.tenancy.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_member(client, member):
    def login(role=Role.OWNER, org=None):
        m = member(role, org, f"web-{role}@example.org")
        client.force_login(m.user)
        client.membership = m
        return client

    return login


def page(client, url, status=200):
    r = client.get(url)
    assert r.status_code == status, r.status_code
    return r.content.decode()


def test_the_catalog_is_in_the_navigation_and_lists_frameworks(as_member):
    client = as_member()
    html = page(client, "/o/acme/catalog/")
    assert 'href="/o/acme/catalog/"' in html
    assert "ISO/IEC 42001:2023 Artificial intelligence" in html
    assert "/o/acme/catalog/nist-ai-rmf-1.0/" in html
    assert "/o/acme/catalog/mappings/nist-ai-rmf-1.0/iso-iec-42001-2023/" in html


def test_the_framework_tree_shows_refs_kinds_and_status(as_member):
    client = as_member()
    from forty2.controls import services as soa
    from forty2.controls.models import SoAEntry

    soa.ensure_soa(client.membership.organization)
    entry = SoAEntry.objects.get(organization=client.membership.organization, ref="A.6.2.4")
    soa.update_entry(client.membership, entry, {"applicable": True, "status": "partial",
                                                "justification": "Our triage model."}, version=entry.version)
    html = page(client, "/o/acme/catalog/iso-iec-42001-2023/")
    assert "A.6.2.4</span> AI system verification and validation" in html
    # the SoA decides it (tests/catalog/test_one_truth.py), shown with its source
    assert ('<span class="badge badge--partial">Partially conforming</span> <a class="muted" '
            'href="/o/acme/controls/A.6.2.4/"') in html
    assert "Control group" in html
    assert "70 of 70 assessable requirements shown" in html


def test_the_tree_filters_keep_the_path_to_each_match(as_member):
    client = as_member()
    html = page(client, "/o/acme/catalog/iso-iec-42001-2023/?q=impact+assessment&assessable=1")
    assert "6.1.4</span> AI system impact assessment" in html
    assert "A.5.2</span>" in html
    assert "A.2.2</span>" not in html
    assert ">A.5</span>" in html or "A.5</span> Assessing impacts" in html  # ancestor kept as context
    empty = page(client, "/o/acme/catalog/iso-iec-42001-2023/?q=zzzz-no-such-thing")
    assert "No requirement matches these filters." in empty


def test_the_requirement_page(as_member):
    client = as_member()
    html = page(client, "/o/acme/catalog/iso-iec-42001-2023/4.4/")
    node = Requirement.objects.get(framework__slug="iso-iec-42001-2023", ref="4.4")
    assert node.guidance[:60] in html
    assert node.typical_evidence[0] in html
    assert "ISO 9001 <span class=\"mono\">4.4</span>" in html  # mapped from 9001, read backwards
    assert "stored as superset from the other side" in html and "subset" in html
    assert "ISO harmonized structure" in html  # provenance
    assert 'name="status"' not in html  # the clause assessment decides it (tests/catalog/test_one_truth.py)
    assert 'href="/o/acme/controls/clauses/4.4/"' in html
    html = page(client, "/o/acme/catalog/iso-9001-2015/4.4/")
    assert 'name="status"' in html  # the owner may set the status of another framework's requirement


def test_a_nist_slip_row_shows_its_correction(as_member):
    html = page(as_member(), "/o/acme/catalog/nist-ai-rmf-1.0/MAP%201.4/")
    assert "Corrected</strong> from A.2.2" in html


def test_setting_the_status_from_the_page(as_member):
    client = as_member()
    url = "/o/acme/catalog/iso-iec-27001-2022/A.5.1/"
    r = client.post(url + "status", {"status": "not_conforming", "note": "No policy review", "version": 0})
    assert r.status_code == 302 and r.url == url
    status = RequirementStatus.objects.get(requirement__ref="A.5.1",
                                           requirement__framework__slug="iso-iec-27001-2022")
    assert (status.status, status.note) == ("not_conforming", "No policy review")
    html = page(client, url)
    assert "Status of A.5.1 saved." in html and "No policy review" in html


def test_a_stale_form_keeps_what_was_typed(as_member):
    client = as_member()
    url = "/o/acme/catalog/iso-iec-27001-2022/A.5.1/status"
    client.post(url, {"status": "partial", "version": 0})
    r = client.post(url, {"status": "conforming", "note": "typed text", "version": 0})
    assert r.status_code == 422
    html = r.content.decode()
    assert "changed by someone else" in html and "typed text" in html


def test_read_only_roles_see_no_form_and_cannot_post(as_member):
    client = as_member(Role.VIEWER)
    html = page(client, "/o/acme/catalog/iso-iec-27001-2022/A.5.1/")
    assert 'name="status"' not in html and "You can read the status" in html
    r = client.post("/o/acme/catalog/iso-iec-27001-2022/A.5.1/status", {"status": "conforming"})
    assert r.status_code == 403
    assert not RequirementStatus.objects.exists()


def test_pending_inferences_are_shown_and_confirmed_from_the_page(as_member):
    """42001 7.2 (as the clause assessment declares it) implies ISO 9001 7.2, confirmed on the 9001 page."""
    client = as_member()
    set_status(client.membership, Requirement.objects.get(framework__slug="iso-iec-42001-2023", ref="7.2"),
               status="conforming")
    tree = page(client, "/o/acme/catalog/iso-9001-2015/?pending=1")
    assert "1 inference to review" in tree and "7.2</span> Competence" in tree
    url = "/o/acme/catalog/iso-9001-2015/7.2/"
    html = page(client, url)
    assert "Awaiting review" in html and "inferred from ISO/IEC 42001 7.2, equivalent" in html
    assert not RequirementStatus.objects.filter(requirement__framework__slug="iso-9001-2015").exists()
    r = client.post(url + "inferences/confirm", {"from_framework": "iso-iec-42001-2023", "from_ref": "7.2"})
    assert r.status_code == 302
    status = RequirementStatus.objects.get(requirement__framework__slug="iso-9001-2015", requirement__ref="7.2")
    assert (status.status, status.source) == ("conforming", "inferred")
    assert "Inference from ISO/IEC 42001 7.2 confirmed." in page(client, url)


def test_the_crosswalk_page_reads_both_ways(as_member):
    client = as_member()
    forward = page(client, "/o/acme/catalog/mappings/iso-9001-2015/iso-iec-42001-2023/")
    assert "<strong>42</strong> rows" in forward
    backward = page(client, "/o/acme/catalog/mappings/iso-iec-42001-2023/iso-9001-2015/?relationship=subset")
    assert "subset and superset are swapped" in backward
    assert "<strong>8</strong> rows" in backward  # the eight superset rows, read backwards


def test_outsiders_get_404_and_anonymous_users_sign_in(client, as_member, globex):
    outsider = as_member(Role.OWNER, org=globex)
    assert outsider.get("/o/acme/catalog/").status_code == 404
    assert outsider.get("/o/globex/catalog/nope/").status_code == 404
    assert outsider.get("/o/globex/catalog/iso-iec-42001-2023/Z.9/").status_code == 404
    outsider.logout()
    r = outsider.get("/o/acme/catalog/")
    assert r.status_code == 302 and "login" in r.url
