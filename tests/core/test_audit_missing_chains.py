"""Finding 5 of issue #14: `forty2 audit verify` must notice a chain cut short together with its head, an
organisation whose whole chain was deleted, and a missing installation chain (ISO/IEC 42001 7.5.3;
docs/architecture.md, "Audit chain"). Tampering is raw SQL, as a DBA would do it; the tests run on SQLite and,
with DATABASE_URL, on PostgreSQL."""


import pytest

from forty2.core import audit
from forty2.core.models import AuditEvent
from forty2.inventory import services
from forty2.tenancy import services as tenancy
from forty2.tenancy.models import Role

from .chain_tools import sql, verify


@pytest.fixture
def history(member, acme, globex):
    owner = member(Role.OWNER)
    for i in range(6):
        services.create_ai_system(owner, {"name": f"System {i}", "purpose": "p"})
    services.create_ai_system(member(Role.OWNER, globex), {"name": "Globex system", "purpose": "p"})
    return list(AuditEvent.objects.filter(organization=acme).order_by("seq"))


def test_truncating_a_chain_and_deleting_its_head_is_broken(history, acme):
    keep = history[4].seq
    sql("DELETE FROM core_auditevent WHERE chain = %s AND seq > %s", [audit.chain_for(acme), keep])
    sql("DELETE FROM core_chainhead WHERE chain = %s", [audit.chain_for(acme)])
    code, out, err = verify()
    assert code == 1
    assert f"broken at event {history[4].pk} (acme, seq {keep}): the chain head is missing" in err
    assert f"acme: {keep} events, intact" not in out
    code, _out, err = verify("--org", "acme")
    assert code == 1 and "(acme, seq" in err


def test_deleting_a_whole_organisation_chain_is_broken(history, globex):
    sql("DELETE FROM core_auditevent WHERE chain = %s", [audit.chain_for(globex)])
    sql("DELETE FROM core_chainhead WHERE chain = %s", [audit.chain_for(globex)])
    code, _out, err = verify()
    assert code == 1
    assert "broken (globex): the chain is missing" in err
    code, out, err = verify("--org", "globex")
    assert code == 1
    assert "broken (globex): the chain is missing" in err
    assert "0 events, intact" not in out


def test_an_organisation_without_members_has_a_chain_from_its_creation(db):
    org = tenancy.create_organization(slug="empty", name="Empty")
    event = AuditEvent.objects.get(chain=audit.chain_for(org))
    assert (event.seq, event.action) == (1, "organization.create")
    code, out, err = verify("--org", "empty")
    assert code == 0, err
    assert "empty: 1 events, intact" in out


def test_deleting_the_installation_chain_is_broken(history):
    sql("DELETE FROM core_auditevent WHERE chain = 'installation'")
    sql("DELETE FROM core_chainhead WHERE chain = 'installation'")
    code, _out, err = verify()
    assert code == 1
    assert "broken (installation): the chain is missing" in err


def test_an_organisation_row_deleted_with_its_chain_is_named_from_the_installation_chain(db):
    """Even the organisation's row gone: its creation on the installation chain still asks for its chain."""
    org = tenancy.create_organization(slug="gone", name="Gone")
    sql("DELETE FROM core_auditevent WHERE chain = %s", [audit.chain_for(org)])
    sql("DELETE FROM core_chainhead WHERE chain = %s", [audit.chain_for(org)])
    sql("DELETE FROM tenancy_organization WHERE id = %s", [org.pk])
    code, _out, err = verify()
    assert code == 1
    assert "broken (gone): the chain is missing" in err


def test_an_empty_installation_verifies(db):
    code, out, err = verify()
    assert code == 0, err
    assert "OK: 0 chain(s), 0 events verified" in out
