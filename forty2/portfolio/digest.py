"""The weekly digest: one e-mail per person who belongs to at least one organisation, with each one's phase,
readiness and its change since last week's digest, stage 1 blockers, next certification date and the person's
overdue items, each with a link (ISO/IEC 42001 7.4 communication, 9.1 monitoring).

Sent through Django's mail like the certification reminders (forty2/certification/reminders.py): SMTP when
``FORTY2_EMAIL_HOST`` is set, a file in the data directory's ``mail/`` otherwise. Once per ISO week
(:class:`~.models.DigestSent`, unique per person and week): a second run in the same week sends nothing. A person
opts out on the portfolio page or with ``forty2 digest --opt-out EMAIL`` (:class:`~.models.DigestPreference`).
Links are absolute, built from ``FORTY2_SITE_URL`` (``settings.SITE_URL``).
"""

import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from forty2.core import audit
from forty2.tenancy.models import Membership

from . import service
from .models import DigestPreference, DigestSent

log = logging.getLogger(__name__)


def iso_week(day: dt.date) -> str:
    """"2026-W49": the ISO year and week of ``day``."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def wants_digest(user) -> bool:
    return not DigestPreference.objects.filter(user=user, weekly_digest=False).exists()


def set_preference(user, on: bool, actor=None) -> None:
    """Turn the weekly digest on or off for ``user``, audited on the chain of events about people (7.5.3)."""
    with transaction.atomic():
        DigestPreference.objects.update_or_create(user=user, defaults={"weekly_digest": on})
        audit.record("user.digest_preference", actor=actor or user, obj=user, changes={"weekly_digest": on})


def recipients(email: str | None = None) -> list:
    """People with at least one active membership who did not opt out (``email``: that person only, opted out
    or not: the caller says why nothing is sent)."""
    users = get_user_model().objects.filter(pk__in=Membership.objects.active().values("user_id"), is_active=True)
    if email:
        return list(users.filter(email__iexact=email))
    off = DigestPreference.objects.filter(weekly_digest=False).values("user_id")
    return list(users.exclude(pk__in=off).order_by("email"))


@dataclass
class Digest:
    user: object
    week: str
    subject: str
    text: str
    html: str
    readiness: dict  # {organization id (str): score}


def _absolute(base: str, url: str) -> str:
    return url if url.startswith(("http://", "https://")) else base.rstrip("/") + url


def build(user, today=None, base_url: str | None = None) -> Digest | None:
    """The digest of ``user`` for the week of ``today``, or None when the person belongs to no organisation."""
    today = today or timezone.localdate()
    base = base_url or settings.SITE_URL
    week = iso_week(today)
    rows = service.rows(user, today=today)
    if not rows:
        return None
    before = (DigestSent.objects.filter(user=user).exclude(week=week).order_by("-sent_at")
              .values_list("readiness", flat=True).first()) or {}
    orgs = []
    for row in rows:
        previous = before.get(str(row.organization.pk))
        orgs.append({
            "name": row.organization.name, "url": _absolute(base, row.url), "phase": row.phase_label,
            "readiness": row.readiness, "change": None if previous is None else row.readiness - previous,
            "blockers": row.blockers,
            "blocker_items": [{**b, "url": _absolute(base, b["fix_url"])} for b in row.blocker_items[:5]],
            "next_date": row.next_date, "next_label": row.next_label, "overdue": row.overdue,
            "overdue_items": [{"title": i.title, "due": i.due, "url": _absolute(base, i.url) if i.url else ""}
                              for i in row.overdue_items[:10]]})
    context = {"user": user, "week": week, "orgs": orgs, "home": _absolute(base, "/")}
    overdue = sum(o["overdue"] for o in orgs)
    subject = (f"[Forty2] Your week {week}: {len(orgs)} organisation{'s' if len(orgs) != 1 else ''}"
               + (f", {overdue} overdue item{'s' if overdue != 1 else ''}" if overdue else ""))
    return Digest(user, week, subject, render_to_string("portfolio/digest_email.txt", context),
                  render_to_string("portfolio/digest_email.html", context),
                  {str(r.organization.pk): r.readiness for r in rows})


def send(user, today=None, base_url: str | None = None, *, dry_run: bool = False) -> tuple[str, Digest | None]:
    """Mail ``user``'s digest for this week once: ("sent" | "already" | "none" | "dry-run", the digest).

    The week is recorded before the mail goes out (as the certification reminders do): two runs racing send
    once; a mail server that fails is logged, and the week is not retried."""
    today = today or timezone.localdate()
    week = iso_week(today)
    if not dry_run and DigestSent.objects.filter(user=user, week=week).exists():
        return "already", None
    digest = build(user, today, base_url)
    if digest is None:
        return "none", None
    if dry_run:
        return "dry-run", digest
    try:
        with transaction.atomic():
            DigestSent.objects.create(user=user, week=week, readiness=digest.readiness)
    except IntegrityError:  # another run sent it meanwhile
        return "already", None
    message = EmailMultiAlternatives(digest.subject, digest.text, settings.DEFAULT_FROM_EMAIL, [user.email])
    message.attach_alternative(digest.html, "text/html")
    try:
        message.send()
    except Exception:  # SMTP down: logged without the address
        log.warning("could not send a weekly digest", exc_info=False)
    return "sent", digest
