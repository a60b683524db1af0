"""Account pages Forty2 replaces or withholds from django-allauth."""

from django.http import Http404


def email_management_disabled(request, *args, **kwargs):
    """People may not change their own e-mail address: memberships are granted to an address, so an
    unverified change would let anyone claim access meant for someone else. An owner re-invites instead."""
    raise Http404("E-mail addresses are managed by your organisation's owner.")
