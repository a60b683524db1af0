"""``forty2 digest``: the weekly digest of each person's organisations (ISO/IEC 42001 7.4, 9.1).

    forty2 digest [--user EMAIL] [--dry-run] [--today YYYY-MM-DD] [--base-url URL]
    forty2 digest --opt-out EMAIL | --opt-in EMAIL

Weekly from cron (docs/operations.md): one mail per person with at least one organisation, once per ISO week;
``--dry-run`` prints the mails instead of sending or recording them.
"""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from ... import digest


class Command(BaseCommand):
    help = "Mail each person the weekly digest of their organisations (once per ISO week)."

    def add_arguments(self, parser):
        parser.add_argument("--user", help="one person's e-mail address (default: everyone)")
        parser.add_argument("--dry-run", action="store_true", help="print the mails; send and record nothing")
        parser.add_argument("--today", help="the day to act as (YYYY-MM-DD; default: today)")
        parser.add_argument("--base-url", default=None, help="the site's address for links (default: FORTY2_SITE_URL)")
        parser.add_argument("--opt-out", metavar="EMAIL", help="stop the digest for this person")
        parser.add_argument("--opt-in", metavar="EMAIL", help="send the digest to this person again")

    def fail(self, message):
        raise CommandError(message, returncode=2)

    def _person(self, email):
        found = digest.recipients(email)
        if not found:
            self.fail(f"no active member with the address '{email}'")
        return found[0]

    def handle(self, *args, user=None, dry_run=False, today=None, base_url=None, opt_out=None, opt_in=None,
               **_options):
        if opt_out or opt_in:
            person = self._person(opt_out or opt_in)
            digest.set_preference(person, bool(opt_in))
            self.stdout.write(f"weekly digest {'on' if opt_in else 'off'} for {person.email}")
            return
        try:
            day = dt.date.fromisoformat(today) if today else None
        except ValueError:
            self.fail("--today: a date as YYYY-MM-DD")
        people = [self._person(user)] if user else digest.recipients()
        if user and not digest.wants_digest(people[0]):
            self.stdout.write(f"{people[0].email} opted out of the weekly digest; nothing sent")
            return
        sent = 0
        for person in people:
            outcome, mail = digest.send(person, day, base_url, dry_run=dry_run)
            if outcome == "dry-run":
                self.stdout.write(f"To: {person.email}\nSubject: {mail.subject}\n\n{mail.text}\n")
            elif outcome == "sent":
                sent += 1
                self.stdout.write(f"{person.email}: sent ({mail.week})")
            elif outcome == "already":
                self.stdout.write(f"{person.email}: already sent this week")
        if not dry_run:
            self.stdout.write(f"{sent} digest(s) sent")
