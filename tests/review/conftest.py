import datetime as dt

import pytest
from django.utils import timezone

from forty2.people.models import Person
from forty2.review import services
from forty2.tenancy.models import Role


@pytest.fixture
def manager(member):
    return member(Role.AIMS_MANAGER, email="manager@acme.example")


@pytest.fixture
def approver(member):
    return member(Role.OWNER, email="ceo@acme.example")


@pytest.fixture
def person(acme):
    def make(name="Alex Morgan", org=None):
        now = timezone.now()
        return Person.objects.create(organization=org or acme, name=name, created_at=now, updated_at=now)
    return make


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def planned(manager, today):
    def make(title="Management review 2026 H1", membership=None, **data):
        return services.create_review(membership or manager, {
            "title": title, "planned_on": (today - dt.timedelta(days=1)).isoformat(), **data})
    return make


@pytest.fixture
def held(manager, planned, person, today):
    """A held review with the CEO (top management) attending."""
    def make(title="Management review 2026 H1", **data):
        review = planned(title, **data)
        services.create_attendee(manager, {"review": review.pk, "person": person("CEO " + title).pk,
                                           "role": "Chief executive", "top_management": True, "attended": True})
        review = services.update_review(manager, review, {"held_on": today.isoformat()}, version=review.version)
        return services.review_step(manager, review, "hold", version=review.version)
    return make
