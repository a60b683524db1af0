"""Two people editing one SoA entry (issue #15 "Edits lose work"): different fields both keep their changes;
the same field offers original / theirs / yours naming who saved theirs (ISO/IEC 42001 6.1.3 f, 7.5.3)."""

import pytest

from forty2.controls import services
from forty2.controls.models import SoAEntry
from forty2.tenancy.models import Role
from tests.web import fixtures
from tests.web.two_editors import different_fields_both_kept, named, same_field_offers_a_choice

web_as = fixtures.web_as
pytestmark = pytest.mark.django_db

URL = "/o/acme/controls/A.6.2.4/"


@pytest.fixture
def two(web_as):
    alice, bob = web_as(Role.OWNER), web_as(Role.AIMS_MANAGER)
    named(alice.membership, "Alice Lovelace")
    services.ensure_soa(alice.membership.organization)
    entry = SoAEntry.objects.get(organization=alice.membership.organization, ref="A.6.2.4")
    services.update_entry(alice.membership, entry, {"applicable": True, "justification": "Clinical models.",
                                                    "implementation": "Validation protocol"}, version=entry.version)
    return alice, bob


def read():
    return SoAEntry.objects.get(ref="A.6.2.4")


def test_two_people_changing_different_fields_both_keep_their_changes(two):
    different_fields_both_kept(*two, URL, read, ("justification", "Clinical models need verification."),
                               ("implementation", "Validation protocol v2"), "soa_entry.update")


def test_the_same_field_offers_original_theirs_and_yours_naming_who_saved_theirs(two):
    same_field_offers_a_choice(*two, URL, read, ("implementation", "Protocol signed off by the CMO"),
                               "Protocol with external review", ("justification", "Needed for every model."),
                               "soa_entry.update", "yours", "Alice Lovelace")
