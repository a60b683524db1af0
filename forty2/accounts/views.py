"""Account pages Forty2 replaces or withholds from django-allauth."""

from django.http import Http404


def email_management_disabled(request, *args, **kwargs):
    """People may not change their own e-mail address: memberships are granted to an address, so an
    unverified change would let anyone claim access meant for someone else. An owner re-invites instead."""
    raise Http404("E-mail addresses are managed by your organisation's owner.")


def sso_links_disabled(request, *args, **kwargs):
    """Nobody links a sign-in provider to their account or signs up through one: single sign-on finds the
    account by the e-mail address the provider asserts verified, at every sign-in (forty2/accounts/adapter.py)."""
    raise Http404("Single sign-on finds your account by its verified e-mail address; there is nothing to link.")
