"""A member who accepts an invitation is linked to their person, or given one (ISO/IEC 42001 5.3): the invitation's
acceptance is saved with ``accepted_at`` inside its transaction, so the person is written (and audited) with it."""

from django.db.models.signals import post_save


def _accepted(sender, instance, update_fields=None, **kwargs):
    if not update_fields or "accepted_at" not in update_fields or instance.accepted_at is None:
        return
    from forty2.tenancy.models import Membership

    from .services import link_on_acceptance

    membership = (Membership.objects.filter(organization_id=instance.organization_id, user=instance.accepted_by)
                  .select_related("organization", "user").first())
    if membership is not None:
        link_on_acceptance(membership)


def connect() -> None:
    from forty2.tenancy.models import Invitation

    post_save.connect(_accepted, sender=Invitation, dispatch_uid="people.invitation_accepted")
