"""Every text says whose words it is: NIST's discussion is NIST's, not Forty2's; a library's summary of a
standard is a third party's wording, never "official text"; Forty2's own guidance stays labelled as such
(ISO/IEC 42001 7.5; licence terms of the standards)."""

import pytest

from forty2.catalog.models import Requirement

from .conftest import DATA

pytestmark = pytest.mark.django_db


def test_nist_discussion_is_labelled_as_the_publishers_words(cli):
    cli("import", DATA / "nist_sp800_53_excerpt.json", "--slug", "sp800-53")
    out = cli("show", "sp800-53", "AC-2").out
    assert "Guidance (Forty2's own words)" not in out
    assert "Guidance (by Joint Task Force, Transformation Initiative: the publisher's own words)" in out
    assert "Official text (the publisher's words, from NIST Special Publication 800-53 Revision 5.1.1" in out


def test_a_librarys_description_is_a_third_partys_wording(cli, client, member):
    cli("import", DATA / "ciso_current_format.yaml")
    req = Requirement.objects.get(framework__slug="harbour-ops", ref="1")
    assert req.official_text_by == "third_party"
    assert req.guidance_source.startswith("forty2-tests (CISO Assistant library")
    out = cli("show", "harbour-ops", "1").out
    assert "Official text" not in out
    assert "Text by a third party (a summary or paraphrase, not the publisher's wording" in out
    client.force_login(member().user)
    response = client.get("/o/acme/catalog/harbour-ops/1/")
    assert response.status_code == 200, response.status_code
    page = response.content.decode()
    assert "Text from the imported library" in page and "not the publisher's official text" in page


def test_forty2s_own_guidance_is_still_labelled_as_its_own(cli):
    out = cli("show", "iso-iec-42001-2023", "6.1.2").out
    assert "Guidance (Forty2's own words)" in out
