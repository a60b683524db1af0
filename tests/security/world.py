"""One world for the isolation matrix and the API fuzzing (import ``world_fixture`` and ``keep_world_files``
into a test module): the demo organisations (built through the services),
plus the people an attacker could be, built once per module and rolled back at its end.

``acme-health`` is the organisation under test: a member in every role (tenancy/roles.py RULES), an external
auditor whose access has ended, a member who was removed; ``globex`` is the other client, whose owner is the
"foreign owner". Every person has an API token for ``acme-health`` (the foreign owner's is for Globex) and a
session.
"""

import datetime as dt
import io
from dataclasses import dataclass, field

import pytest
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from forty2 import demo
from forty2.accounts.services import create_token
from forty2.inventory import jobs as inventory_jobs
from forty2.tenancy import services as tenancy
from forty2.tenancy.models import Membership, Organization, Role

ROLES = [Role.OWNER, Role.AIMS_MANAGER, Role.CONTRIBUTOR, Role.INTERNAL_AUDITOR, Role.EXTERNAL_AUDITOR,
         Role.VIEWER]
#: people who must never see or change anything of acme-health
OUTSIDERS = ["foreign_owner", "expired_auditor", "removed_member"]


@dataclass
class Subject:
    name: str
    membership: Membership
    token: str


@dataclass
class World:
    org: Organization
    other: Organization
    subjects: dict[str, Subject] = field(default_factory=dict)
    #: strings that only acme-health's data contains: no answer to an outsider may contain one
    markers: list[str] = field(default_factory=list)
    job_id: int = 0


def _token(membership) -> str:
    return create_token(user=membership.user, organization=membership.organization, name="isolation test")[1]


def build_world() -> World:
    demo.build(password="isolation-test-pass-1")
    acme, globex = Organization.objects.get(slug="acme-health"), Organization.objects.get(slug="globex")
    world = World(org=acme, other=globex)
    owner = Membership.objects.filter(organization=acme, role=Role.OWNER).select_related("user").first()
    for role in ROLES:
        m = Membership.objects.filter(organization=acme, role=role).select_related("user").order_by("pk").first()
        world.subjects[role] = Subject(role, m, _token(m))

    foreign = Membership.objects.filter(organization=globex, role=Role.OWNER).select_related("user").first()
    assert not Membership.objects.filter(organization=acme, user=foreign.user).exists()
    world.subjects["foreign_owner"] = Subject("foreign_owner", foreign, _token(foreign))

    expired = tenancy.add_member(acme, email="expired.auditor@isolation.example", role=Role.EXTERNAL_AUDITOR,
                                 expires_at=timezone.now() + dt.timedelta(days=1), actor_membership=owner)
    expired_token = _token(expired)
    Membership.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    expired.refresh_from_db()
    world.subjects["expired_auditor"] = Subject("expired_auditor", expired, expired_token)

    removed = tenancy.add_member(acme, email="removed.member@isolation.example", role=Role.AIMS_MANAGER,
                                 actor_membership=owner)
    removed_token = _token(removed)
    tenancy.remove_member(removed, actor=owner.user, actor_membership=owner)
    world.subjects["removed_member"] = Subject("removed_member", removed, removed_token)

    # a background job (GET …/jobs/{job_id}, …/import-jobs/{job_id}, the job pages)
    csv = "name,purpose\n" + "".join(f"Queued system {i},Purpose {i}\n" for i in range(3))
    job = inventory_jobs.start_import(owner, io.BytesIO(csv.encode()), "queued.csv")
    world.job_id = job.pk

    # a record of the example record type (tests/example_app), through the kit's write path
    from forty2.records import writes
    from tests.example_app.definitions import TRAINING

    writes.create(TRAINING, owner, {"title": "AI literacy refresher", "result": "passed", "notes": "Session notes"})
    # records of the ``ref`` kind's test app (tests/ref_app): a session names its topic
    from tests.ref_app.definitions import SESSION, TOPIC

    topic = writes.create(TOPIC, owner, {"name": "Fairness basics"})
    writes.create(SESSION, owner, {"title": "Fairness workshop", "topic": topic.pk})
    _competence_records(acme)
    # a controlled document whose version 1 is still a draft, for its PATCH and steps (the demo's are approved)
    from forty2.documents import services as documents
    from forty2.documents.models import Document

    if not Document.objects.for_org(acme).filter(versions__number=1, versions__state="draft").exists():
        documents.create_document(owner, {"reference": "ISO-TEST-01", "title": "Isolation test procedure",
                                          "kind": "procedure", "purpose": "A draft for the isolation tests."},
                                  body="Draft text of the isolation test procedure.")

    # a person's training record (forty2/training), should the demo's people have none
    from forty2.training.models import TrainingRecord
    if not TrainingRecord.objects.for_org(acme).exists():
        from forty2.people.models import Person
        from forty2.training import faces
        from forty2.training.definitions import TRAINING_RECORD
        from forty2.training.models import Course

        person = Person.objects.create(organization=acme, name="Isolation Person")
        course = Course.objects.for_org(acme).order_by("pk").first()
        faces.create(faces.RECORD_ACCESS, TRAINING_RECORD, owner, {"completed_on": "2026-01-05", "result": "passed"},
                     {"person": person, "course": course})

    from forty2.inventory.models import AISystem
    globex_names = set(AISystem.objects.filter(organization=globex).values_list("name", flat=True))
    world.markers = ["acme-health", "Acme Health", "@acme.example"] + sorted(
        n for n in AISystem.objects.filter(organization=acme).values_list("name", flat=True)
        if n not in globex_names)
    return world


def _competence_records(org):
    """A competence requirement, evidence and action for the matrix, made by the competence demo once the people
    demo gave Acme people in roles; here only when it did not."""
    from forty2.competence import demo as competence_demo
    from forty2.competence.models import CompetenceAction, CompetenceEvidence
    from forty2.people.models import AimsRole, Person, RoleAssignment, RoleKind

    if CompetenceAction.objects.for_org(org).exists() and CompetenceEvidence.objects.for_org(org).exists():
        return
    role = AimsRole.objects.for_org(org).filter(kind=RoleKind.AI_OPERATOR).first() or AimsRole.objects.create(
        organization=org, name="Isolation operator", kind=RoleKind.AI_OPERATOR)
    for i in range(4):
        person = Person.objects.create(organization=org, name=f"Isolation person {i}")
        RoleAssignment.objects.create(organization=org, role=role, person=person)
    manager = Membership.objects.filter(organization=org, role=Role.AIMS_MANAGER).select_related("user").first()
    competence_demo.build(org, manager)


@pytest.fixture(scope="module", name="world")
def world_fixture(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo organisations and the attackers, built once per module inside a transaction rolled back at the
    end (each test runs inside it, in its own savepoint)."""
    files = tmp_path_factory.mktemp("files")
    from django.conf import settings

    storages = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                                                 "OPTIONS": {"location": files}}}
    with django_db_blocker.unblock(), override_settings(STORAGES=storages):
        with transaction.atomic():
            built = build_world()
            yield built
            transaction.set_rollback(True)


@pytest.fixture(autouse=True, name="_files_in_tmp")
def keep_world_files():
    """Replaces tests/conftest.py's fixture in the modules that import it: the world keeps its stored files
    (evidence) in its own directory for every test of the module."""
    yield
