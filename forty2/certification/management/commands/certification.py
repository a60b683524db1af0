"""``forty2 certification``: the certification cycle from the command line.

    forty2 certification remind [--org SLUG] [--today YYYY-MM-DD] [--base-url URL]
    forty2 certification status --org SLUG

``remind`` (daily, e.g. from cron): marks expired certificates, then mails each reminder due (90, 30 and 7 days
before an audit's due date) once, through Django's mail (SMTP when configured, the mail directory otherwise).
"""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from forty2.tenancy.models import Organization

from ... import reminders, services, status


class Command(BaseCommand):
    help = "The certification cycle: send the audit reminders due, show where an organisation stands."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        p = sub.add_parser("remind", help="mail the reminders due today (each threshold once)")
        p.add_argument("--org", help="one organisation (default: all)")
        p.add_argument("--today", help="the day to act as (YYYY-MM-DD; default: today)")
        p.add_argument("--base-url", default="", help="the site's address, for the link in the mail")
        p = sub.add_parser("status", help="phase, certificate and the audits due")
        p.add_argument("--org", required=True)

    def fail(self, message):
        raise CommandError(message, returncode=2)

    def _orgs(self, slug):
        orgs = Organization.objects.order_by("slug")
        if slug:
            orgs = orgs.filter(slug=slug)
            if not orgs.exists():
                self.fail(f"no organisation '{slug}'")
        return list(orgs)

    def handle(self, *args, action, **options):
        getattr(self, f"do_{action}")(**options)

    def do_remind(self, *, org=None, today=None, base_url="", **_options):
        try:
            day = dt.date.fromisoformat(today) if today else None
        except ValueError:
            self.fail("--today: a date as YYYY-MM-DD")
        total = 0
        for o in self._orgs(org):
            if services.expire_lapsed(o, day):
                self.stdout.write(f"{o.slug}: the certificate has expired")
            for key, threshold, recipients in reminders.send_due(o, day, base_url):
                total += 1
                self.stdout.write(f"{o.slug}: {key} ({threshold} days) sent to {recipients} recipient(s)")
        self.stdout.write(f"{total} reminder(s) sent")

    def do_status(self, *, org, **_options):
        o = self._orgs(org)[0]
        s = status.summary(o)
        cert = s["certificate"]
        self.stdout.write(f"phase: {s['phase']}")
        if cert:
            self.stdout.write(f"certificate: {cert['number']} issued {cert['issued_on']} expires {cert['expires_on']}")
        if s["next_due"]:
            self.stdout.write(f"next: {s['next_due']['label']} due by {s['next_due']['due']}")
