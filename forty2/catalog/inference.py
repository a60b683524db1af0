"""What a status on one requirement implies for the requirements mapped to it (ISO/IEC 42001 6.1.3: compare
controls with other sources; reuse what another management system already shows).

Rules, reading each mapping as "the assessed requirement is <relationship> of the other one":

* equivalent or superset: the status carries over;
* subset or intersect: at most "partial" (conforming becomes partial; partial and not conforming stay);
* related: no status, only a suggestion to review;
* one hop only: a status that was itself inferred implies nothing further.

Nothing here writes. An inference becomes a status only when a person confirms it
(:func:`forty2.catalog.services.confirm_inference`), and a rejection is remembered for as long as the other
requirement keeps the status it was based on.
"""

from dataclasses import dataclass

from django.db.models import Q

from .models import (
    ConformityStatus,
    InferenceRejection,
    Mapping,
    Relationship,
    Requirement,
    RequirementStatus,
    StatusSource,
    reverse_relationship,
)

RANK = {ConformityStatus.NOT_CONFORMING: 0, ConformityStatus.PARTIAL: 1, ConformityStatus.CONFORMING: 2}
CARRY_OVER = {Relationship.EQUIVALENT, Relationship.SUPERSET}
AT_MOST_PARTIAL = {Relationship.SUBSET, Relationship.INTERSECT}
#: statuses that imply something: assessed or imported by a person, never inferred (one hop only)
FIRST_HAND = (StatusSource.ASSESSED, StatusSource.IMPORTED)


def implied_status(relationship: str, from_status: str) -> str | None:
    """The status implied for the other end, or None when the mapping only suggests a review."""
    if from_status not in RANK:
        return None
    if relationship in CARRY_OVER:
        return from_status
    if relationship in AT_MOST_PARTIAL:
        return min(from_status, ConformityStatus.PARTIAL, key=RANK.__getitem__)
    return None


@dataclass
class Inference:
    target: Requirement
    source: Requirement  # the requirement whose status the inference comes from
    relationship: str  # "source is <relationship> of target"
    from_status: str
    implied_status: str | None
    mapping: Mapping
    state: str = "pending"  # pending | confirmed | rejected | assessed

    @property
    def kind(self) -> str:
        return "review" if self.implied_status is None else "status"

    @property
    def label(self) -> str:
        return f"inferred from {self.source.framework.label} {self.source.ref}, {self.relationship}"

    @property
    def implied_display(self) -> str:
        return ConformityStatus(self.implied_status).label if self.implied_status else "Review suggested"

    @property
    def from_display(self) -> str:
        return ConformityStatus(self.from_status).label


def inference_note(source: Requirement, relationship: str) -> str:
    """The note stored with a confirmed inference when the person wrote none (automatic text, not theirs)."""
    return f"Inferred from {source.framework.label} {source.ref}, {relationship}"


@dataclass
class SourceChange:
    """A confirmed inference whose source no longer has the status it was confirmed on (computed on read)."""

    source: Requirement
    was: str  # the source's status when the inference was confirmed
    now: str  # the source's status today (not assessed when it has none)
    first_hand: bool  # whether today's status is first-hand, so that it implies anything (one hop only)
    implied_now: str | None  # what the source implies today, None when nothing (or only a review)

    @property
    def now_display(self) -> str:
        label = ConformityStatus(self.now).label
        return label if self.first_hand or self.now == ConformityStatus.NOT_ASSESSED else f"{label}, itself inferred"

    @property
    def was_display(self) -> str:
        return ConformityStatus(self.was).label if self.was in ConformityStatus.values else "not recorded"

    @property
    def implied_now_display(self) -> str:
        return ConformityStatus(self.implied_now).label if self.implied_now else ""


def source_changes(org, statuses) -> dict[int, SourceChange]:
    """{requirement id: change} for the confirmed inferred ``statuses`` whose source's status changed since the
    confirmation: the stored basis (``inferred_from_status``) is compared with the source's status now."""
    inferred = [s for s in statuses if s.source == StatusSource.INFERRED and s.inferred_from_id]
    if not inferred:
        return {}
    now = {s.requirement_id: s for s in RequirementStatus.objects.for_org(org).filter(
        requirement_id__in={s.inferred_from_id for s in inferred})}
    changes = {}
    for status in inferred:
        current = now.get(status.inferred_from_id)
        value = current.status if current else ConformityStatus.NOT_ASSESSED.value
        first_hand = current is not None and current.source in FIRST_HAND
        if first_hand and value == status.inferred_from_status:
            continue
        changes[status.requirement_id] = SourceChange(
            source=status.inferred_from, was=status.inferred_from_status, now=value, first_hand=first_hand,
            implied_now=implied_status(status.inferred_relationship, value) if first_hand else None)
    return changes


def compute(org, *, targets=None, sources=None, framework=None) -> list[Inference]:
    """Every inference for ``org``; narrowed to target requirement ids, source requirement ids or the
    requirements of one framework (as targets)."""
    statuses = (RequirementStatus.objects.for_org(org).filter(source__in=FIRST_HAND)
                .exclude(status=ConformityStatus.NOT_ASSESSED))
    if sources is not None:
        statuses = statuses.filter(requirement_id__in=sources)
    by_requirement = {s.requirement_id: s for s in statuses}
    if not by_requirement:
        return []
    ids = list(by_requirement)
    mappings = Mapping.objects.filter(Q(source_id__in=ids) | Q(target_id__in=ids))
    if targets is not None:
        mappings = mappings.filter(Q(source_id__in=targets) | Q(target_id__in=targets))
    if framework is not None:
        mappings = mappings.filter(Q(source__framework=framework) | Q(target__framework=framework))
    mappings = mappings.select_related("source__framework", "target__framework", "mapping_set").order_by(
        "mapping_set_id", "position")
    found: dict[tuple, Inference] = {}
    for m in mappings:
        ends = []
        if m.source_id in by_requirement:
            ends.append((m.source, m.target, m.relationship))
        if m.target_id in by_requirement:
            ends.append((m.target, m.source, reverse_relationship(m.relationship)))
        for origin, target, relationship in ends:
            if targets is not None and target.pk not in targets:
                continue
            if framework is not None and target.framework_id != framework.pk:
                continue
            if (origin.pk, target.pk) in found:
                continue
            from_status = by_requirement[origin.pk].status
            found[(origin.pk, target.pk)] = Inference(
                target=target, source=origin, relationship=relationship, from_status=from_status,
                implied_status=implied_status(relationship, from_status), mapping=m)
    result = list(found.values())
    _set_states(org, result)
    return sorted(result, key=lambda i: (i.target.framework_id, i.target.position, i.source.framework_id,
                                         i.source.position))


def _set_states(org, inferences: list[Inference]) -> None:
    target_ids = {i.target.pk for i in inferences}
    current = {s.requirement_id: s for s in RequirementStatus.objects.for_org(org).filter(
        requirement_id__in=target_ids)}
    rejected = set(InferenceRejection.objects.for_org(org).filter(requirement_id__in=target_ids).values_list(
        "requirement_id", "inferred_from_id", "from_status"))
    for inference in inferences:
        status = current.get(inference.target.pk)
        if (status is not None and status.source in FIRST_HAND
                and status.status != ConformityStatus.NOT_ASSESSED):
            inference.state = "assessed"
        elif (status is not None and status.source == StatusSource.INFERRED
              and status.inferred_from_id == inference.source.pk
              and status.inferred_from_status == inference.from_status
              and status.status == inference.implied_status):
            inference.state = "confirmed"
        elif (inference.target.pk, inference.source.pk, inference.from_status) in rejected:
            inference.state = "rejected"
        else:
            inference.state = "pending"


def for_requirement(org, requirement) -> list[Inference]:
    """What the mapped requirements' statuses imply for ``requirement``."""
    return compute(org, targets={requirement.pk})


def implications_of(org, requirement) -> list[Inference]:
    """What the status of ``requirement`` implies elsewhere."""
    return compute(org, sources={requirement.pk})


def find(org, target, source) -> Inference | None:
    return next((i for i in compute(org, targets={target.pk}, sources={source.pk}) if i.source.pk == source.pk),
                None)
