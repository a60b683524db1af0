"""The public transparency page (ISO/IEC 42001 A.8.2 information for interested parties, A.8.5 information about
the AI system; EU AI Act Art. 50 where it applies).

People edit a draft (:class:`~forty2.documents.models.TransparencyPage`) through the records kit; the public sees
only a published, frozen copy (:class:`~forty2.documents.models.TransparencyPublication`), so a draft sentence,
an undisclosed AI system or a later edit never leaks. Every publication is kept, hashed and audited.
"""

import hashlib
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from forty2.core import audit
from forty2.core.errors import Conflict
from forty2.inventory.models import Automation
from forty2.records import writes
from forty2.tenancy.access import require
from forty2.tenancy.models import Organization

from .definitions import TRANSPARENCY
from .models import TransparencyPage, TransparencyPublication


def page(org) -> TransparencyPage:
    """The organisation's draft page, made empty on first use (no event: nothing is said yet)."""
    found = TransparencyPage.objects.for_org(org).first()
    if found is None:
        try:
            with transaction.atomic():
                found = TransparencyPage.objects.create(organization=org)
        except IntegrityError:
            found = TransparencyPage.objects.for_org(org).get()
    return found


def update(membership, draft, data: dict, *, version: int, base=None, resolved=None):
    return writes.update(TRANSPARENCY, membership, draft, data, version=version, base=base, resolved=resolved)


def snapshot(draft) -> dict:
    """What a publication freezes: only what the draft chose to disclose, of systems still in the register."""
    systems = draft.systems.filter(archived_at__isnull=True).order_by("name")
    return {
        "organization": draft.organization.name,
        "intro": draft.intro,
        "concern_contact": draft.concern_contact,
        "show_certification": draft.show_certification,
        "systems": [{"name": s.name, "purpose": s.purpose, "human_oversight": s.human_oversight,
                     "automation": dict(Automation.choices).get(s.automation, "")} for s in systems],
    }


def publish(membership) -> TransparencyPublication:
    """Publish the draft as it is now (owners and AIMS managers)."""
    require(membership, "approve")
    org = membership.organization
    with transaction.atomic():
        draft = TransparencyPage.objects.select_for_update().get(pk=page(org).pk)
        content = snapshot(draft)
        if not content["intro"].strip() or not content["concern_contact"].strip():
            raise Conflict("Write what you tell the public and how to raise a concern before publishing.")
        content["published_at"] = timezone.now().isoformat()
        text = json.dumps(content, cls=DjangoJSONEncoder, sort_keys=True, separators=(",", ":"))
        number = (TransparencyPublication.objects.for_org(org).aggregate(n=Max("number"))["n"] or 0) + 1
        published = TransparencyPublication.objects.create(
            organization=org, number=number, content=content, published_by=membership.user,
            sha256=hashlib.sha256(text.encode("utf-8")).hexdigest())
        # not a change of the draft's content: its version stays, so an edit open meanwhile still saves
        TransparencyPage.objects.filter(pk=draft.pk).update(withdrawn_at=None)
        audit.record("transparency.publish", org=org, actor=membership.user, obj=published,
                     object_repr=f"Transparency page, publication {number}",
                     changes={"number": number, "sha256": published.sha256,
                              "systems": [s["name"] for s in content["systems"]]})
    return published


def withdraw(membership) -> None:
    """Take the public page down; the publications stay as history."""
    require(membership, "approve")
    org = membership.organization
    with transaction.atomic():
        draft = TransparencyPage.objects.select_for_update().get(pk=page(org).pk)
        if draft.withdrawn_at is not None or not TransparencyPublication.objects.for_org(org).exists():
            raise Conflict("Nothing is published.")
        TransparencyPage.objects.filter(pk=draft.pk).update(withdrawn_at=timezone.now())
        audit.record("transparency.withdraw", org=org, actor=membership.user, obj=draft,
                     object_repr="Transparency page", changes={"withdrawn": True})


def public(slug: str) -> TransparencyPublication | None:
    """The publication the public sees for organisation ``slug``, or None (never published, or withdrawn)."""
    org = Organization.objects.filter(slug=slug).first()
    if org is None:
        return None
    draft = TransparencyPage.objects.for_org(org).first()
    if draft is None or draft.withdrawn_at is not None:
        return None
    return TransparencyPublication.objects.for_org(org).first()
