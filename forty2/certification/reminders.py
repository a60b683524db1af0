"""Reminders of the certification audits due: 90, 30 and 7 days before each due date (and once overdue), in My work
and by e-mail to the organisation's owners and AIMS managers. Each threshold is mailed once per due date
(:class:`~.models.ReminderSent` remembers it); a run that finds several thresholds passed at once sends only the
nearest (ISO/IEC 42001 9.2 as the certification cycle needs it)."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from forty2.core import audit
from forty2.tenancy.models import Membership, Role

from . import schedule, services
from .models import Certification, CertificationStatus, ReminderSent

log = logging.getLogger(__name__)
RECIPIENT_ROLES = (Role.OWNER, Role.AIMS_MANAGER)


def due_items(org, today=None) -> list[tuple[schedule.Due, int]]:
    """The audits not done yet whose reminder threshold is reached today: [(item, threshold)]."""
    today = today or timezone.localdate()
    cert = Certification.objects.for_org(org).first()
    if cert is None or cert.status not in (CertificationStatus.CERTIFIED, CertificationStatus.SUSPENDED):
        return []
    found = []
    for item in services.cycle(org, cert):
        threshold = None if item.done else schedule.threshold_reached(item.due, today)
        if threshold is not None:
            found.append((item, threshold))
    return found


def send_due(org, today=None, base_url: str = "") -> list[tuple[str, int, int]]:
    """Mail each reminder due today not yet sent: [(item key, threshold, recipients)]."""
    today = today or timezone.localdate()
    sent = []
    items = due_items(org, today)
    if not items:
        return sent
    already = set(ReminderSent.objects.filter(organization=org, key__in=[i.key for i, _t in items])
                  .values_list("key", "due", "threshold"))
    recipients = sorted(Membership.objects.active().filter(organization=org, role__in=RECIPIENT_ROLES)
                        .values_list("user__email", flat=True))
    for item, threshold in items:
        if any((item.key, item.due, t) in already for t in schedule.REMINDER_DAYS if t <= threshold):
            continue
        try:
            with transaction.atomic():
                ReminderSent.objects.create(organization=org, key=item.key, due=item.due, threshold=threshold,
                                            recipients=len(recipients))
                audit.record("certification.remind", org=org, object_type="certification",
                             object_repr=item.label, changes={"due": item.due, "threshold": threshold,
                                                              "recipients": len(recipients)})
        except IntegrityError:  # another run sent it meanwhile
            continue
        left = schedule.days_left(item.due, today)
        body = render_to_string("certification/reminder_email.txt", {
            "org": org, "item": item, "left": left, "overdue": left < 0, "days": abs(left),
            "link": f"{base_url.rstrip('/')}/o/{org.slug}/certification/"})
        subject = (f"{item.label} overdue since {item.due:%d %B %Y}" if left < 0 else
                   f"{item.label} due by {item.due:%d %B %Y} ({left} days)")
        for to in recipients:
            try:
                send_mail(f"[Forty2] {org.name}: {subject}", body, settings.DEFAULT_FROM_EMAIL, [to])
            except Exception:  # SMTP down: the reminder stays in My work; logged without the address list
                log.warning("could not send a certification reminder for %s", org.slug, exc_info=False)
        sent.append((item.key, threshold, len(recipients)))
    return sent
