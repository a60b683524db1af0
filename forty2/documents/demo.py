"""The demo organisations' documents (docs/architecture.md, "The demo organisations"): the starters made into
drafts, most reviewed and approved by two different people, one still in review, one overdue for review, the AI
policy in its second version with the first superseded, acknowledgements half done, a communication plan with
what was sent, and a published transparency page (ISO/IEC 42001 5.2, 7.3-7.5, A.2, A.8.2)."""

import datetime as dt

from django.utils import timezone

from . import services, starters, transparency
from .models import Acknowledgement, Document, DocumentVersion


def _approve(author, reviewer, approver, version, note=""):
    v = services.update_version(author, version, {"reviewer": reviewer.user.email}, version_number=version.version)
    v = services.submit(author, v, version_number=v.version)
    v = services.review(reviewer, v, version_number=v.version, note="Read against our practice; fine.")
    return services.approve(approver, v, version_number=v.version, note=note)


def build(org, people, *, keep_in_review=(), keep_draft=(), overdue=(), second_policy=True,
          not_acknowledged=None) -> None:
    """Documents of ``org``: ``people`` maps "manager", "owner" and "reviewer" to memberships. ``not_acknowledged``:
    the e-mails who have not yet acknowledged the AI policy in force (default: every other member)."""
    if Document.objects.for_org(org).exists():
        return  # built on an earlier run
    manager, owner, reviewer = people["manager"], people["owner"], people["reviewer"]
    made = starters.create_from_starters(manager)
    for doc in made:
        services.update_document(manager, doc, {"owner": manager.user.email}, version=doc.version)
        draft = doc.versions.get()
        if doc.starter_key in keep_draft:
            continue
        if doc.starter_key in keep_in_review:
            v = services.update_version(manager, draft, {"reviewer": reviewer.user.email},
                                        version_number=draft.version)
            services.submit(manager, v, version_number=v.version)
            continue
        _approve(manager, reviewer, owner, draft)
    policy = Document.objects.get(organization=org, starter_key="ai_policy")
    if second_policy:
        v2 = services.start_version(manager, policy, summary="Adds generative AI and the AI literacy commitment.")
        v2 = services.update_version(manager, v2, {"body": v2.body + "\n\n## Generative AI\n\nStaff use only "
                                                   "the generative AI tools listed in POL-02, never with patient "
                                                   "data outside an approved tool.\n"}, version_number=v2.version)
        _approve(manager, reviewer, owner, v2, note="Approved at the AI governance board.")
    in_force = services.current_version(policy)
    services.request_acknowledgements(owner, in_force, everyone=True)
    acks = list(Acknowledgement.objects.filter(document_version=in_force).order_by("user__email"))
    acks = acks[::2] if not_acknowledged is None else [a for a in acks if a.user.email not in not_acknowledged]
    for ack in acks:
        membership = ack.user.memberships.get(organization=org)
        services.acknowledge(membership, ack)
    for key in overdue:  # approved long ago and never reviewed since: shows as overdue (A.2.4)
        doc = Document.objects.get(organization=org, starter_key=key)
        DocumentVersion.objects.filter(document=doc, state="approved").update(
            approved_at=timezone.now() - dt.timedelta(days=400))
    line = services.create_communication(manager, {
        "subject": "AI policy to all staff", "audience": "Everyone in the organisation",
        "channel": "Intranet news and team briefings", "timing": "On each approved version; at induction",
        "responsible": manager.user.email, "document_ids": [policy.pk]})
    services.record_sending(manager, line, sent_on=timezone.localdate() - dt.timedelta(days=3),
                            recipients="All staff mailing list", note="Version 2 with the generative AI section.")
    services.create_communication(manager, {
        "subject": "AI use on our public website", "audience": "Patients and the public", "channel": "Website",
        "timing": "When an AI system that meets patients changes", "responsible": owner.user.email})


def publish_transparency(org, owner, systems, *, intro: str, contact: str) -> None:
    draft = transparency.page(org)
    if draft.intro:
        return
    draft = transparency.update(owner, draft, {"intro": intro, "concern_contact": contact,
                                               "system_ids": [s.pk for s in systems]}, version=draft.version)
    transparency.publish(owner)
