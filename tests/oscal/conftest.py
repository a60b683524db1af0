"""Fixtures for the OSCAL tests: the demo organisations (populated through the services) and NIST's complete
OSCAL 1.2.3 JSON schema (tests/data/oscal/README.md says where it comes from)."""

import hashlib
import json
from pathlib import Path

import pytest

OSCAL_SCHEMA = Path(__file__).resolve().parents[1] / "data" / "oscal" / "oscal_complete_schema-1.2.3.json"
OSCAL_SHA256 = "384324105c7a817af0f65b120a963146caa0e0d55d969cf0daf60e063b87a206"


@pytest.fixture(scope="session")
def oscal_validator():
    import jsonschema_rs

    raw = OSCAL_SCHEMA.read_bytes()
    assert hashlib.sha256(raw).hexdigest() == OSCAL_SHA256, "the OSCAL schema in tests/data must be unmodified"
    return jsonschema_rs.validator_for(json.loads(raw))


@pytest.fixture
def demo_orgs(db):
    """(acme-health, globex) as `forty2 demo` builds them."""
    from forty2 import demo
    from forty2.tenancy.models import Organization

    demo.build(password="demo-pass-123")
    return Organization.objects.get(slug="acme-health"), Organization.objects.get(slug="globex")


@pytest.fixture
def owner_of():
    from forty2.tenancy.models import Membership, Role

    def get(org):
        return Membership.objects.get(organization=org, role=Role.OWNER, user__email__startswith="admin@")

    return get
