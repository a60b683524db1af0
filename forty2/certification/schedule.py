"""The certification cycle's dates, as pure functions (no database): the certificate runs three years from the
decision; the first surveillance audit is due within 12 months of the decision, then at least one audit in every
calendar year; the recertification audit before the certificate expires. Reminders fall 90, 30 and 7 days before
each due date.

Leap days: a date that does not exist in the target year (29 February) moves to the last day of its month
(29 Feb 2024 + 12 months = 28 Feb 2025; + 3 years = 28 Feb 2027).
"""

import calendar
import datetime as dt
from dataclasses import dataclass

CERTIFICATE_YEARS = 3
FIRST_SURVEILLANCE_MONTHS = 12
REMINDER_DAYS = (90, 30, 7)


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus ``months`` calendar months, clamped to the month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def expiry(decision: dt.date) -> dt.date:
    """The certificate's expiry: three years after the decision."""
    return add_months(decision, 12 * CERTIFICATE_YEARS)


def first_surveillance_due(decision: dt.date) -> dt.date:
    """The last day the first surveillance audit may take place: 12 months after the decision."""
    return add_months(decision, FIRST_SURVEILLANCE_MONTHS)


@dataclass(frozen=True)
class Due:
    """One audit the cycle needs: ``key`` names it, ``due`` is the last day it may take place; ``done_on`` the
    day the audit that satisfies it was completed (None while not done)."""

    key: str
    kind: str  # "surveillance" | "recertification"
    label: str
    due: dt.date
    done_on: dt.date | None = None

    @property
    def done(self) -> bool:
        return self.done_on is not None


def cycle(decision: dt.date, expires: dt.date | None = None, *, surveillance_done=(),
          recertification_done=()) -> list[Due]:
    """The audits of one certification cycle with their due dates, each matched to a completed audit.

    ``surveillance_done`` / ``recertification_done`` are the completion dates of the surveillance and
    recertification audits. The first surveillance audit after the decision satisfies the first item; every
    calendar year after the year of that audit (or of its due date, while not done) and before the expiry year
    needs a surveillance audit of its own, due on 31 December; the expiry year is covered by the recertification
    audit, due the day before the certificate expires."""
    expires = expires or expiry(decision)
    done = sorted(d for d in surveillance_done if d > decision)
    first_due = first_surveillance_due(decision)
    first_done = done[0] if done else None
    items = [Due("surveillance-1", "surveillance", "First surveillance audit", first_due, first_done)]
    after = done[1:]
    start = (first_done or first_due).year + 1
    for year in range(start, expires.year):
        in_year = [d for d in after if d.year == year]
        items.append(Due(f"surveillance-{year}", "surveillance", f"Surveillance audit {year}",
                         dt.date(year, 12, 31), in_year[0] if in_year else None))
    recert = sorted(d for d in recertification_done if decision < d < expires)
    items.append(Due("recertification", "recertification", "Recertification audit",
                     expires - dt.timedelta(days=1), recert[0] if recert else None))
    return items


def next_due(items: list[Due]) -> Due | None:
    """The earliest item not done yet."""
    waiting = [i for i in items if not i.done]
    return min(waiting, key=lambda i: i.due) if waiting else None


def threshold_reached(due: dt.date, today: dt.date) -> int | None:
    """The smallest reminder threshold (90, 30, 7 days) already reached on ``today``; None when more than 90 days
    remain. Overdue counts as the smallest."""
    left = (due - today).days
    reached = [t for t in REMINDER_DAYS if left <= t]
    return min(reached) if reached else None


def days_left(due: dt.date, today: dt.date) -> int:
    return (due - today).days
