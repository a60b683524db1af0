"""forty2 invite: invite a person to an organisation from the command line (ISO/IEC 42001 5.3, 7.4).

The invitation is mailed through the configured SMTP server; without one the mail lands in the data dir and
the link is printed, to pass on. It sits in ``tenancy`` with the invitation service it calls."""

import datetime as dt

from django.utils import timezone

from forty2.core.commands import Forty2Command
from forty2.core.errors import Forty2Error
from forty2.tenancy import invitations
from forty2.tenancy.models import Organization, Role


def _expiry(text: str) -> dt.datetime:
    """``2026-12-31`` (the end of that day) or ``2026-12-31T17:00``, in the installation's time zone."""
    try:
        if len(text) == 10:
            moment = dt.datetime.combine(dt.date.fromisoformat(text), dt.time(23, 59))
        else:
            moment = dt.datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"--expires: '{text}' is not a date (use YYYY-MM-DD or YYYY-MM-DDTHH:MM)") from None
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


class Command(Forty2Command):
    help = "Invite a person to an organisation (prints the link when mail is not configured)."

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True, help="organisation slug, e.g. acme-health")
        parser.add_argument("--email", required=True)
        parser.add_argument("--role", required=True, choices=Role.values, metavar="ROLE",
                            help=f"one of: {', '.join(Role.values)}")
        parser.add_argument("--expires", help="when their access ends, YYYY-MM-DD (required for external_auditor)")

    def handle(self, *args, org, email, role, expires, **options):
        organization = Organization.objects.filter(slug=org).first()
        if organization is None:
            self.fail(f"no organisation '{org}'")
        try:
            access_expires_at = _expiry(expires) if expires else None
        except ValueError as exc:
            self.fail(str(exc))
        try:
            sent = invitations.invite(organization, email=email, role=role, access_expires_at=access_expires_at)
        except Forty2Error as exc:
            self.fail(exc.message)
        inv = sent.invitation
        until = timezone.localtime(inv.expires_at).strftime("%Y-%m-%d %H:%M %Z")
        if sent.link:
            self.stdout.write(f"Invited {inv.email} to {organization.slug} as {role}; mail is not configured, "
                              f"pass this link on (valid until {until}):")
            self.stdout.write(sent.link)
        else:
            self.stdout.write(f"Invitation mailed to {inv.email} for {organization.slug} as {role} "
                              f"(valid until {until}).")
