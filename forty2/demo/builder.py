"""Get-or-create helpers shared by the per-organisation builders (``acme.py``, ``globex.py``), and ``build``.

Idempotent: every record is looked up by its natural key (organisation slug, e-mail, name, model
name + version) and only created when missing, always through the services so the audit chain records
each creation exactly once. A second run changes nothing and appends no event.
"""

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from forty2.accounts import services as accounts
from forty2.accounts.models import User
from forty2.inventory import linked, services
from forty2.inventory.models import AIModel, AISystem
from forty2.tenancy import invitations
from forty2.tenancy import services as tenancy
from forty2.tenancy.models import Invitation, Membership, Organization
from forty2.tenancy.roles import can

from . import DEFAULT_PASSWORD


@dataclass(frozen=True)
class Person:
    """A demo member: ``key`` names them in the data (``"manager"``), ``title`` is their job."""

    key: str
    email: str
    full_name: str
    role: str
    title: str = ""
    expires_in_days: int | None = None


@dataclass
class Login:
    org: str
    email: str
    role: str
    title: str


@dataclass
class DemoReport:
    password: str
    created: int = 0
    logins: list[Login] = field(default_factory=list)
    systems: dict[str, int] = field(default_factory=dict)
    #: (organisation slug, e-mail, link) of invitations created by this run; the link exists only here
    invitations: list[tuple[str, str, str]] = field(default_factory=list)


class DemoBuilder:
    """Get-or-create helpers shared by the per-organisation builders; counts what it creates."""

    def __init__(self, password: str, progress: Callable[[int, int], None] | None = None, total: int = 0):
        self.report = DemoReport(password=password)
        self._progress, self._total, self._done = progress, total, 0
        self._demo_hash: str | None = None  # the demo password hashed once (make_password)
        self._checked_hashes: dict[str, bool] = {}  # stored hash -> whether it is the demo password's

    def step(self):
        self._done += 1
        if self._progress and self._total:
            self._progress(min(self._done, self._total), self._total)

    def organization(self, slug: str, name: str) -> Organization:
        org = Organization.objects.filter(slug=slug).first()
        if org is None:
            org = tenancy.create_organization(slug=slug, name=name)
            self.report.created += 1
        return org

    def people(self, org: Organization, persons: list[Person]) -> dict[str, Membership]:
        """Members by key; passwords set to the demo password (reset when it changed)."""
        members = {}
        for person in persons:
            membership = (Membership.objects.select_related("user", "organization")
                          .filter(organization=org, user__email__iexact=person.email).first())
            if membership is None:
                expires = (timezone.now() + dt.timedelta(days=person.expires_in_days)
                           if person.expires_in_days else None)
                membership = tenancy.add_member(org, email=person.email, role=person.role, expires_at=expires,
                                                full_name=person.full_name)
                self.report.created += 1
            elif person.expires_in_days and not membership.is_active:
                membership = tenancy.change_role(membership, role=person.role, expires_at=timezone.now()
                                                 + dt.timedelta(days=person.expires_in_days))
            self._set_password(membership.user)
            members[person.key] = membership
            self.report.logins.append(Login(org.slug, person.email, person.role, person.title))
        return members

    def invitation(self, by: Membership, email: str, role: str) -> Invitation:
        """A pending invitation from ``by`` (no mail is sent); created once, like every demo record."""
        existing = Invitation.objects.filter(organization=by.organization, email=email).first()
        if existing is not None:
            return existing
        sent = invitations.invite(by.organization, email=email, role=role, actor=by.user, actor_membership=by,
                                  send=False)
        self.report.created += 1
        self.report.invitations.append((by.organization.slug, email, sent.link))
        return sent.invitation

    def _set_password(self, user: User) -> None:
        """The shared demo password, set only when it differs (a second run appends no event). A password hash
        is slow on purpose (about a second each with argon2), so the demo hashes its password once for every
        account, and checks a stored hash once however many accounts share it."""
        checked = self._checked_hashes.get(user.password)
        if checked is None:
            checked = user.has_usable_password() and user.check_password(self.report.password)
            self._checked_hashes[user.password] = checked
        if not checked:
            if self._demo_hash is None:
                self._demo_hash = make_password(self.report.password)
            accounts.set_password(user, self.report.password, via="demo", validate=False, encoded=self._demo_hash)
            self._checked_hashes[self._demo_hash] = True

    def linked(self, model, membership: Membership, rows: list[dict]) -> dict[str, object]:
        """Models, datasets or suppliers by name (models also by ``name@version``)."""
        found = {}
        for row in rows:
            lookup = {"name": row["name"]}
            if model is AIModel:
                lookup["model_version"] = row.get("version", "")
            obj = model.objects.for_org(membership.organization).filter(**lookup).first()
            if obj is None:
                obj = linked.create(model, membership, row)
                self.report.created += 1
            found[row["name"]] = obj
            if model is AIModel and obj.model_version:
                found[f"{obj.name}@{obj.model_version}"] = obj
        return found

    def systems(self, people: dict[str, Membership], rows: list[dict], refs: dict[str, dict]) -> dict:
        """AI systems by name. A row's ``by`` member registers it; when their role may not approve, the
        ``approver`` (default ``"manager"``) sets the approval status afterwards, as in real life."""
        result = {}
        for row in rows:
            spec = dict(row)
            by = people[spec.pop("by", "manager")]
            approver = people[spec.pop("approver", "manager")]
            org = by.organization
            existing = AISystem.objects.for_org(org).filter(name=spec["name"], archived_at__isnull=True).first()
            if existing is not None:
                result[spec["name"]] = existing
                self.step()
                continue
            data = self._system_data(spec, people, refs)
            status = data.get("status")
            if status in services.STATUSES_NEEDING_APPROVAL and not can(by, "approve"):
                data["status"] = "under_review"
                system = services.create_ai_system(by, data)
                system = services.update_ai_system(approver, system, {"status": status}, version=system.version)
            else:
                system = services.create_ai_system(by, data)
            self.report.created += 1
            result[spec["name"]] = system
            self.step()
        return result

    @staticmethod
    def _system_data(spec: dict, people, refs) -> dict:
        data = dict(spec)
        for key in ("business_owner", "technical_owner"):
            if data.get(key):
                data[key] = people[data[key]].user.email
        for key, kind in (("models", "model_ids"), ("datasets", "dataset_ids"), ("suppliers", "supplier_ids")):
            names = data.pop(key, [])
            data[kind] = [refs[key][name].pk for name in names]
        return data


def build(password: str | None = None, progress: Callable[[int, int], None] | None = None) -> DemoReport:
    """Create (or complete) both demo organisations in one transaction; return who can sign in."""
    from forty2.audits import demo as audits_demo
    from forty2.certification import demo as certification_demo
    from forty2.competence import demo as competence_demo
    from forty2.context import demo as context_demo
    from forty2.controls import demo as controls_demo
    from forty2.documents import demo as documents_demo
    from forty2.improvement import demo as improvement_demo
    from forty2.improvement import log_demo as improvement_log_demo
    from forty2.incidents import demo as incidents_demo
    from forty2.inventory.models import AISystem
    from forty2.monitoring import demo as monitoring_demo
    from forty2.people import demo as people_demo
    from forty2.planning import demo as planning_demo
    from forty2.review import demo as review_demo
    from forty2.risk.demo import build_acme_risks
    from forty2.training import demo as training_demo

    from . import acme, globex, upkeep

    password = password or os.environ.get("FORTY2_DEMO_PASSWORD") or DEFAULT_PASSWORD
    builder = DemoBuilder(password, progress, total=len(acme.SYSTEMS) + len(globex.SYSTEMS))
    with transaction.atomic():
        acme_org, acme_people = acme.build(builder)
        build_acme_risks(builder, acme_org, acme_people)  # methodology, risks, impact assessments, runs
        globex_org, globex_people = globex.build(builder)
        context_demo.build(acme_org, acme_people["manager"], context_demo.ACME)  # 4.1-4.3, 6.1.1
        context_demo.build(globex_org, globex_people["manager"], context_demo.GLOBEX)
        people_demo.build_both(acme_org, acme_people, globex_org, globex_people)  # 5.3, A.3.2
        documents_demo.build(acme_org, {**acme_people, "reviewer": acme_people["clinical_safety"]},
                             not_acknowledged=("board.viewer@acme.example",))  # every document approved, current
        documents_demo.build(globex_org, {**globex_people, "reviewer": globex_people["analyst"]},
                             keep_in_review=("aims_scope",), second_policy=False)
        documents_demo.publish_transparency(
            acme_org, acme_people["owner"], AISystem.objects.for_org(acme_org).filter(
                name__in=("Patient appointment chatbot", "Radiology triage for chest CT",
                          "Sepsis early-warning score")),
            intro="Acme Health uses AI to support, never replace, the people who care for you. Every AI system "
                  "we use is registered, assessed for its effect on patients before use, and overseen by "
                  "trained staff (ISO/IEC 42001).",
            contact="Ask any member of staff, write to ai.questions@acme.example, or call patient advice on "
                    "+353 1 555 0100. You can ask for a person to review any decision an AI system supported.")
        training_demo.build(acme_org, acme_people["manager"], kept_up=True)  # 7.2, 7.3, Art. 4: after people
        competence_demo.build(acme_org, acme_people["manager"], owner=acme_people["owner"],
                              kept_up=True)  # 7.2 (after training)
        incidents_demo.build(acme_org, acme_people)  # concerns and AI incidents (A.3.3, A.8.3, A.8.4)
        monitoring_demo.build(acme_org, acme_people)  # AI objectives, metrics, 12 months of measurements
        monitoring_demo.build_globex(globex_org, globex_people)
        controls_demo.build(builder)  # the SoA, clause assessments, evidence and readiness of both
        globex.build_documentation_phase(globex_org, globex_people)  # risks, SoA draft (after the 27001 import)
        audits_demo.build(acme_org, acme_people)  # audit programme, a completed internal audit (9.2)
        audits_demo.build_globex(globex_org, globex_people)  # an internal audit in progress
        improvement_demo.build(acme_org, acme_people)  # findings and nonconformities (10.2): after the audits demo
        improvement_log_demo.build(acme_org, acme_people)  # 10.1 (after the nonconformity demo)
        improvement_log_demo.build_globex(globex_org, globex_people)
        review_demo.build_both(acme_org, acme_people, globex_org, globex_people)  # 9.3: after audits, improvement
        certification_demo.build(acme_org, acme_people, globex_org, globex_people)  # after the #18 demos
        planning_demo.build(acme_org, acme_people, globex_org, globex_people)  # plans and planned changes
        upkeep.acme(acme_org, acme_people)  # what a certified organisation keeps up, after every demo's records
        controls_demo.assess_acme_clauses(acme_org)  # the clause assessment from the records: last
        controls_demo.assess_globex_clauses(globex_org)
    return builder.report
