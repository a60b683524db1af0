"""`forty2 demo`: the demo organisations (docs/architecture.md, "The demo organisations"), idempotent, on an
intact audit chain."""

import datetime as dt
import io
import re

import pytest
from django.core.management import call_command
from django.utils import timezone

from forty2 import demo
from forty2.accounts.models import User
from forty2.core import audit
from forty2.core.models import AuditEvent
from forty2.inventory.models import AIModel, AISystem, Dataset, Supplier
from forty2.tenancy.models import Membership, Organization, Role


@pytest.fixture
def loaded(db):
    return demo.build(password="demo-pass-123")


def test_acme_health_has_a_realistic_register(loaded):
    org = Organization.objects.get(slug="acme-health")
    systems = AISystem.objects.for_org(org)
    assert org.name == "Acme Health" and systems.count() >= 12
    assert AIModel.objects.for_org(org).count() >= 4 and Dataset.objects.for_org(org).count() >= 4
    assert Supplier.objects.for_org(org).count() >= 4
    assert {s.status for s in systems} >= {"approved", "proposed", "under_review", "restricted", "retired"}
    assert len({s.lifecycle_stage for s in systems}) >= 6
    assert systems.filter(personal_data="special_category").count() >= 3
    assert systems.filter(ai_roles__icontains='"provider"').exists()
    assert systems.filter(ai_roles__icontains='"customer"').exists()
    sepsis = systems.get(name="Sepsis early-warning score")
    assert sepsis.ai_models.exists() and sepsis.datasets.exists() and sepsis.approved_by is not None
    assert systems.filter(suppliers__isnull=False).distinct().count() >= 6
    assert all(s.purpose and s.business_owner_id for s in systems)


def test_members_cover_every_role_and_can_sign_in(loaded):
    roles = set(Membership.objects.filter(organization__slug="acme-health").values_list("role", flat=True))
    assert roles == set(Role.values)
    auditor = Membership.objects.get(organization__slug="acme-health", role=Role.EXTERNAL_AUDITOR)
    assert timezone.now() + dt.timedelta(days=59) < auditor.expires_at <= timezone.now() + dt.timedelta(days=60)
    for email in ("admin@acme.example", "admin@globex.example"):
        assert User.objects.get(email=email).check_password("demo-pass-123")
    assert Membership.objects.get(user__email="admin@globex.example").role == Role.OWNER


def test_globex_is_a_separate_organisation_with_its_own_data(loaded):
    globex = Organization.objects.get(slug="globex")
    assert globex.name == "Globex Logistics"
    names = set(AISystem.objects.for_org(globex).values_list("name", flat=True))
    assert len(names) >= 4 and {"Route optimisation", "Customer-service chatbot"} <= names
    # the same vendor is a separate record per organisation
    assert Supplier.objects.filter(name="Converso Bot Platform").count() == 2
    assert not AISystem.objects.for_org(globex).filter(suppliers__organization__slug="acme-health").exists()


def test_running_twice_changes_nothing(loaded):
    counts = (AISystem.objects.count(), AIModel.objects.count(), Membership.objects.count(), User.objects.count())
    events = AuditEvent.objects.count()
    again = demo.build(password="demo-pass-123")
    assert again.created == 0
    assert (AISystem.objects.count(), AIModel.objects.count(), Membership.objects.count(),
            User.objects.count()) == counts
    assert AuditEvent.objects.count() == events
    assert all(report.ok for report in audit.verify())


def test_the_demo_password_is_hashed_once_and_checked_once(db, monkeypatch):
    """A password hash is slow on purpose (argon2: about a second each), and the demo sets one documented
    password on ten accounts: it hashes it once on a fresh build and checks it once on a second (the time from
    clone to serving, issue #15), still through the audited accounts service."""
    from forty2.demo import builder

    hashed, checked = [], []
    real_make, real_check = builder.make_password, User.check_password
    monkeypatch.setattr(builder, "make_password", lambda password: hashed.append(1) or real_make(password))
    monkeypatch.setattr(User, "check_password", lambda user, raw: checked.append(1) or real_check(user, raw))
    first = demo.build(password="demo-pass-123")
    people = [login.email for login in first.logins]
    assert len(people) >= 10 and (len(hashed), len(checked)) == (1, 0)  # new accounts have no password to check
    assert AuditEvent.objects.filter(action="user.set_password").count() == len(set(people))
    assert all(User.objects.get(email=email).check_password("demo-pass-123") for email in people)
    hashed.clear(), checked.clear()
    demo.build(password="demo-pass-123")
    assert (len(hashed), len(checked)) == (0, 1)
    demo.build(password="another-demo-pass")  # a changed password is set again, hashed once
    assert len(hashed) == 1
    assert User.objects.get(email=people[0]).check_password("another-demo-pass")


def test_command_prints_logins_and_password(db, monkeypatch, settings):
    monkeypatch.setenv("FORTY2_DEMO_PASSWORD", "from-the-env-42")
    settings.SITE_URL = "http://127.0.0.2:9123"  # `make run PORT=9123 HOST=127.0.0.2` passes it (Makefile)
    out = io.StringIO()
    call_command("demo", stdout=out)
    text = out.getvalue()
    assert "admin@acme.example" in text and "admin@globex.example" in text and "from-the-env-42" in text
    link = r"new\.starter@acme\.example \(shown once\): http://127\.0\.0\.2:9123/invitations/\S+/$"
    assert re.search(link, text, re.M)
    assert "acme-health (12 AI systems)" in text
    assert User.objects.get(email="admin@acme.example").check_password("from-the-env-42")
    out = io.StringIO()
    call_command("demo", stdout=out)
    assert "nothing changed" in out.getvalue()


def test_acme_health_has_one_pending_invitation_and_named_people(loaded):
    from forty2.tenancy.models import Invitation

    pending = Invitation.objects.filter(organization__slug="acme-health")
    assert [(i.email, i.state) for i in pending] == [("new.starter@acme.example", "invited")]
    assert pending[0].invited_by.email == "admin@acme.example"
    assert not Membership.objects.filter(organization__slug="acme-health", user__full_name="").exists()
    assert loaded.invitations and "/invitations/" in loaded.invitations[0][2]
