"""The estimate of the path to certification (issue #19, item 7): the organisation's profile read from its records,
and the weeks per phase with their reasons from the rules in :mod:`forty2.planning.estimator_rules` (data, not
code branches: this module only reads them)."""

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone

from forty2.catalog.models import ConformityStatus, Requirement, RequirementStatus, StatusSource
from forty2.inventory.models import IN_OPERATION_STAGES, AISystem, Automation, SystemStatus
from forty2.people.models import Person
from forty2.risk.models import Level, Risk

from . import estimator_rules as rules

#: the EU AI Act tiers from highest to lowest ("" = not classified)
TIER_ORDER = ("prohibited", "high_risk", "limited_risk", "minimal_risk", "out_of_scope")
FRAMEWORKS = {"iso27001": "iso-iec-27001-2022", "iso9001": "iso-9001-2015"}
CERTIFICATES = tuple(FRAMEWORKS)
#: risk statuses that no longer need work
CLOSED_RISK = ("closed", "retired")
#: share of a framework's requirements assessed conforming from which it counts as running
RUNS_SHARE = 0.5


@dataclass
class Profile:
    """The figures the rules read (:data:`forty2.planning.estimator_rules.FACTORS`)."""

    systems: int = 0
    highest_tier: str = "unclassified"
    unclassified: int = 0
    high_risks: int = 0
    production_share: float = 0.0
    automated_share: float = 0.0
    people: int = 0
    runs_iso27001: bool = False
    runs_iso9001: bool = False
    sources: dict = field(default_factory=dict)  # factor -> where its value came from, in words

    def as_dict(self) -> dict:
        return {name: getattr(self, name) for name in rules.FACTORS}


@dataclass
class PhaseEstimate:
    key: str
    label: str
    weeks: int
    reasons: list[str]


def _framework_share(org) -> dict:
    """{certificate: share of the framework's requirements the organisation assessed conforming (first hand)}."""
    totals = dict(Requirement.objects.filter(framework__slug__in=FRAMEWORKS.values()).values_list(
        "framework__slug").annotate(n=Count("id")).values_list("framework__slug", "n"))
    conforming = dict(RequirementStatus.objects.for_org(org).filter(
        requirement__framework__slug__in=FRAMEWORKS.values(), status=ConformityStatus.CONFORMING,
        source__in=(StatusSource.ASSESSED, StatusSource.IMPORTED)).values_list("requirement__framework__slug")
        .annotate(n=Count("id")).values_list("requirement__framework__slug", "n"))
    return {key: (conforming.get(slug, 0) / totals[slug]) if totals.get(slug) else 0.0
            for key, slug in FRAMEWORKS.items()}


def profile_of(org, declared=()) -> Profile:
    """The organisation's profile from its records, in a fixed number of queries. ``declared``: certificates the
    plan declares ("iso27001", "iso9001")."""
    today = timezone.localdate()
    systems = AISystem.objects.for_org(org).filter(in_scope=True, archived_at__isnull=True).exclude(
        status=SystemStatus.RETIRED)
    figures = systems.aggregate(
        n=Count("id"), unclassified=Count("id", filter=Q(ai_act_tier="")),
        in_production=Count("id", filter=Q(lifecycle_stage__in=IN_OPERATION_STAGES)),
        automated=Count("id", filter=Q(automation__in=(Automation.FULLY_AUTOMATED, Automation.HUMAN_ON_THE_LOOP))))
    tiers = set(systems.exclude(ai_act_tier="").values_list("ai_act_tier", flat=True).distinct())
    highest = next((t for t in TIER_ORDER if t in tiers), "unclassified")
    high = (Level.HIGH, Level.CRITICAL)
    high_risks = Risk.objects.for_org(org).exclude(status__in=CLOSED_RISK).filter(
        Q(residual_level__in=high) | (Q(residual_level="") & Q(inherent_level__in=high))).count()
    people = Person.objects.for_org(org).filter(archived_at__isnull=True).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=today)).count()
    shares = _framework_share(org)
    n = figures["n"] or 0
    p = Profile(systems=n, highest_tier=highest, unclassified=figures["unclassified"] or 0, high_risks=high_risks,
                production_share=round((figures["in_production"] or 0) / n, 2) if n else 0.0,
                automated_share=round((figures["automated"] or 0) / n, 2) if n else 0.0, people=people)
    for key in CERTIFICATES:
        runs = key in declared or shares[key] >= RUNS_SHARE
        setattr(p, f"runs_{key}", runs)
        p.sources[f"runs_{key}"] = ("declared on the plan" if key in declared else
                                    f"{shares[key]:.0%} of its requirements assessed conforming in the catalog")
    return p


def _weeks(n: int) -> str:
    return f"{n} week" if n == 1 else f"{n} weeks"


def _applies(rule: dict, value) -> bool:
    if "at_least" in rule:
        return value is not None and value >= rule["at_least"]
    return value == rule["equals"]


def estimate(profile) -> list[PhaseEstimate]:
    """Weeks per phase and the reasons, from the rules only. ``profile``: a :class:`Profile` or a dict of the
    factors (missing ones read as none)."""
    values = profile.as_dict() if isinstance(profile, Profile) else dict(profile)
    weeks = dict(rules.BASE_WEEKS)
    reasons = {key: [rules.BASE_REASON.format(weeks=_weeks(w))] for key, w in weeks.items()}
    applied = set()
    for rule in rules.RULES:
        value = values.get(rule["factor"])
        if set(rule.get("unless", ())) & applied or not _applies(rule, value):
            continue
        applied.add(rule["key"])
        text = rule["reason"].format(value=value)
        for phase, delta in rule["add"].items():
            weeks[phase] += delta
            sign = "+" if delta > 0 else "−"
            reasons[phase].append(f"{sign}{_weeks(abs(delta))}: {text}")
    out = []
    for key, label in rules.PHASES:
        if weeks[key] < rules.MIN_WEEKS:
            reasons[key].append(f"At least {_weeks(rules.MIN_WEEKS)}.")
            weeks[key] = rules.MIN_WEEKS
        out.append(PhaseEstimate(key, label, weeks[key], reasons[key]))
    return out


def total_weeks(phases) -> int:
    return sum(p.weeks for p in phases)
