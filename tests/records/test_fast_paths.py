"""The shared layers' fast paths keep behaviour (issue #15, "Speed"; ISO/IEC 42001 7.5.3 control of documented
information): a list page carries its count, a record is updated by its primary key with the same rules and
audit event, only the changed columns are written, and a token request still reaches exactly its membership."""

import datetime as dt

import pytest
from django.http import Http404
from django.utils import timezone

from forty2.accounts import services as accounts
from forty2.api.common import page_of
from forty2.core import audit
from forty2.core.models import AuditEvent, ChainHead
from forty2.inventory import queries, services
from forty2.inventory.definitions import AI_SYSTEM
from forty2.inventory.models import AISystem, Dataset
from forty2.records import writes
from forty2.tenancy.access import authenticate_token
from forty2.tenancy.models import Membership, Role


@pytest.fixture
def systems(member):
    m = member(Role.OWNER)
    return m, [services.create_ai_system(m, {"name": f"System {i:02d}", "purpose": "p"}) for i in range(7)]


def test_a_page_carries_the_count_of_the_whole_list(systems):
    m, _ = systems
    qs = AISystem.objects.for_org(m.organization).order_by("name")
    rows, count = page_of(qs, 2, 3)
    assert [s.name for s in rows] == ["System 02", "System 03", "System 04"] and count == 7
    values, count = page_of(qs.values("name"), 5, 10)
    assert values == [{"name": "System 05"}, {"name": "System 06"}] and count == 7
    assert page_of(qs, 50, 10) == ([], 7)  # past the end: the count still answers
    assert page_of(qs.filter(name="none"), 0, 10) == ([], 0)


def test_a_record_updated_by_its_primary_key_follows_the_same_rules(systems, globex, member):
    m, made = systems
    changed = writes.update(AI_SYSTEM, m, made[0].pk, {"criticality": "high"}, version=1)
    assert (changed.criticality, changed.version) == ("high", 2)
    event = AuditEvent.objects.filter(object_type="aisystem", object_id=str(made[0].pk),
                                      action="ai_system.update").get()
    assert event.changes["criticality"] == ["", "high"]
    stranger = member(Role.OWNER, org=globex, email="owner@globex.example")
    for pk in (made[1].pk, 0, 2**70, "1"):
        with pytest.raises(Http404):
            writes.update(AI_SYSTEM, stranger, pk, {"criticality": "low"}, version=1)
    assert AISystem.objects.get(pk=made[1].pk).criticality == ""


def test_only_the_changed_columns_are_written(systems):
    m, made = systems
    # another writer changed a column behind this one's back (a derived value, set without the write path)
    AISystem.objects.filter(pk=made[0].pk).update(geography="EU")
    changed = services.update_ai_system(m, made[0], {"description": "New"}, version=1)
    saved = AISystem.objects.get(pk=made[0].pk)
    assert (saved.description, saved.version, saved.geography) == ("New", 2, "EU")
    assert changed.geography == "EU"  # the locked row was read after that change


def test_links_read_with_the_row_are_the_links(systems):
    m, made = systems
    data = [Dataset.objects.create(organization=m.organization, name=n) for n in ("Zeta", "Alpha")]
    services.update_ai_system(m, made[0], {"dataset_ids": [d.pk for d in data]}, version=1)
    one = queries.ai_system(m.organization, made[0].pk)
    assert one.links["datasets"] == [{"id": data[1].pk, "name": "Alpha"}, {"id": data[0].pk, "name": "Zeta"}]
    page = queries.attach_links(list(queries.ai_systems(m.organization, prefetch_links=False)))
    assert {s.pk: s.links["datasets"] for s in page}[made[0].pk] == one.links["datasets"]
    assert all(s.links == {"models": [], "datasets": [], "suppliers": []} for s in page if s.pk != made[0].pk)
    # a PATCH that changes the links answers the new ones, not those read with the locked row
    changed = services.update_ai_system(m, one, {"dataset_ids": [data[0].pk]}, version=2)
    assert queries.attach_links([changed])[0].links["datasets"] == [{"id": data[0].pk, "name": "Zeta"}]


def test_a_token_reaches_its_own_membership_only_while_it_lasts(member, acme):
    from forty2.accounts.models import User
    from forty2.tenancy import services as tenancy

    for n in range(3):  # people without a membership: the member's user id and membership id now differ
        User.objects.create_user(f"nobody{n}@example.org", None)
    m = member(Role.CONTRIBUTOR)
    assert m.pk != m.user_id
    _token, raw = tenancy.create_token(m, name="t", expires_in_days=5)
    token = authenticate_token(raw)
    assert (token.membership.pk, token.membership.role, token.membership.organization.slug) == (
        m.pk, Role.CONTRIBUTOR, "acme")
    assert token.membership.user is token.user and token.organization is token.membership.organization
    Membership.objects.filter(pk=m.pk).delete()
    assert authenticate_token(raw) is None

    auditor = member(Role.EXTERNAL_AUDITOR)
    _token, raw = accounts.create_token(user=auditor.user, organization=acme, expires_in_days=5)
    assert authenticate_token(raw).membership.role == Role.EXTERNAL_AUDITOR
    Membership.objects.filter(pk=auditor.pk).update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    assert authenticate_token(raw) is None  # the auditor's access has ended, and their token with it


def test_the_chain_stays_whole_when_appended_after_its_head_exists(acme):
    for i in range(3):
        audit.record("test.event", org=acme, changes={"i": i})
    head = ChainHead.objects.get(chain=audit.chain_for(acme))
    assert head.seq == AuditEvent.objects.filter(chain=head.chain).count()
    assert audit.verify(acme)[0].ok
