"""Fixtures for web-page tests: a logged-in browser-like client per role, and a quick way to add systems.

Import them into a test module with ``from tests.web.fixtures import web_as  # noqa: F401``.
"""

import pytest
from django.test import Client

from forty2.inventory import services
from forty2.tenancy.models import Role


@pytest.fixture
def web_as(member):
    """web_as(role, org=acme, email=None) -> Client logged in as a new member; ``.membership`` is set."""

    def make(role=Role.OWNER, org=None, email=None):
        m = member(role, org, email)
        client = Client()
        client.force_login(m.user)
        client.membership = m
        return client

    return make


def make_system(membership, name, **data):
    """Register a system through the service, as the UI would."""
    return services.create_ai_system(membership, {"name": name, "purpose": f"Purpose of {name}.", **data})
