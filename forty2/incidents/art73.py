"""The EU AI Act Art. 73 serious-incident reporting deadline and who reports to whom (Art. 26(5), 73).

:func:`reporting_deadline` is pure: it applies when an affected system is high-risk and the incident is serious
(shown provisionally while seriousness is not yet decided), and counts from the day the organisation became
aware: 2 days for a widespread infringement or a serious and irreversible disruption of critical infrastructure
(Art. 73(3)), 10 days where a person died (Art. 73(4)), otherwise 15 days (Art. 73(2)). The shortest applicable
period wins. The deadline ends at the end of its last day, in the installation's time zone.
"""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

WIDESPREAD_DAYS, DEATH_DAYS, DEFAULT_DAYS = 2, 10, 15


@dataclass(frozen=True)
class Deadline:
    applies: bool
    provisional: bool = False  # seriousness not yet decided: shown, to be confirmed
    days: int | None = None
    due: dt.date | None = None
    rule: str = ""  # why this period, in words

    def ends_at(self) -> dt.datetime | None:
        """The moment the deadline passes: the start of the day after ``due``."""
        if self.due is None:
            return None
        return timezone.make_aware(dt.datetime.combine(self.due + dt.timedelta(days=1), dt.time()))


def reporting_deadline(aware_on: dt.date | None, *, high_risk: bool, serious: bool | None, death: bool = False,
                       widespread: bool = False) -> Deadline:
    """The Art. 73 deadline for an incident the organisation became aware of on ``aware_on``."""
    if not high_risk:
        return Deadline(False, rule="No affected AI system is high-risk under the EU AI Act: Art. 73 does not "
                                    "apply.")
    if serious is False:
        return Deadline(False, rule="Not a serious incident (Art. 3(49)): no Art. 73 report is due.")
    if widespread:
        days, rule = WIDESPREAD_DAYS, ("2 days: a widespread infringement or a serious and irreversible disruption "
                                       "of critical infrastructure (Art. 73(3)).")
    elif death:
        days, rule = DEATH_DAYS, "10 days: a person died (Art. 73(4))."
    else:
        days, rule = DEFAULT_DAYS, "15 days after becoming aware (Art. 73(2))."
    provisional = serious is None
    if provisional:
        rule += " Provisional: decide whether this is a serious incident."
    due = aware_on + dt.timedelta(days=days) if aware_on else None
    return Deadline(True, provisional, days, due, rule)


def _span(delta: dt.timedelta) -> str:
    total = int(delta.total_seconds()) // 3600
    days, hours = divmod(total, 24)
    parts = []
    if days:
        parts.append(f"{days} day{'s' if days != 1 else ''}")
    if hours or not days:
        parts.append(f"{hours} hour{'s' if hours != 1 else ''}")
    return " ".join(parts)


def countdown(deadline: Deadline, *, reported_on: dt.date | None = None, now: dt.datetime | None = None) -> dict:
    """The countdown in words: {"state": "running" | "overdue" | "reported" | "late" | "none", "text": …}."""
    if not deadline.applies or deadline.due is None:
        return {"state": "none", "text": ""}
    if reported_on is not None:
        if reported_on <= deadline.due:
            return {"state": "reported", "text": f"Reported on {reported_on.isoformat()}, within the deadline."}
        late = (reported_on - deadline.due).days
        return {"state": "late", "text": f"Reported on {reported_on.isoformat()}, {late} day{'s' if late != 1 else ''}"
                                          " after the deadline."}
    now = now or timezone.now()
    ends = deadline.ends_at()
    if now < ends:
        return {"state": "running", "text": f"{_span(ends - now)} left (due by the end of {deadline.due.isoformat()})."}
    return {"state": "overdue", "text": f"Overdue by {_span(now - ends)}: the report was due by the end of "
                                        f"{deadline.due.isoformat()}."}


# --- who reports to whom ----------------------------------------------------------------------------------------

PROVIDER, DEPLOYER, OTHER = "provider", "deployer", "other"

#: EU AI Act roles (the classification's answer) and the register's ISO/IEC 22989 roles -> provider / deployer
_ACT_ROLES = {"provider": PROVIDER, "product_manufacturer": PROVIDER, "authorised_representative": PROVIDER,
              "deployer": DEPLOYER, "importer": OTHER, "distributor": OTHER}
_REGISTER_ROLES = {"provider": PROVIDER, "producer": PROVIDER, "customer": DEPLOYER}


def role_for(act_role: str | None, register_roles) -> str:
    """The organisation's Art. 73 role for a system: the EU AI Act classification's answer when there is one,
    else the register's roles (AI provider or producer: provider; AI customer: deployer)."""
    if act_role in _ACT_ROLES:
        return _ACT_ROLES[act_role]
    found = {_REGISTER_ROLES[r] for r in register_roles or [] if r in _REGISTER_ROLES}
    if PROVIDER in found:
        return PROVIDER
    return DEPLOYER if DEPLOYER in found else OTHER


@dataclass(frozen=True)
class Route:
    system: str
    role: str
    reports_to: str
    steps: tuple[str, ...]


def route_for(system_name: str, role: str, *, member_state: str = "", providers=()) -> Route:
    """Who must report to whom for one high-risk system (Art. 26(5), 73(1))."""
    authority = ("the market surveillance authority of " + member_state) if member_state else \
        "the market surveillance authority of the Member State where the incident occurred"
    provider = ", ".join(providers) or "the provider (name it in the register's suppliers)"
    if role == PROVIDER:
        return Route(system_name, role, authority, (
            f"As provider, report the serious incident to {authority} (Art. 73(1)).",
            "Investigate without delay and cooperate with the authority (Art. 73(6)).",
        ))
    if role == DEPLOYER:
        return Route(system_name, role, provider, (
            f"As deployer, inform the provider first: {provider} (Art. 26(5)); record the date below.",
            f"Then inform the importer or distributor and {authority}; if the provider cannot be reached, report "
            "to the authority yourself (Art. 26(5), 73).",
        ))
    return Route(system_name, role, provider, (
        f"Your role for this system is neither provider nor deployer: inform {provider} and {authority}.",
    ))
