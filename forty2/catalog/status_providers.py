"""One truth per requirement: the records that decide a requirement's status, registered by the apps above.

ISO/IEC 42001 6.1.3 f) (the Statement of Applicability decides each Annex A control) and 9.1 (the clause
assessment decides each clause). The catalog sits below those apps and never imports them: an app registers a
*provider* for a framework at start-up (forty2/controls/apps.py) and the catalog's pages, API and progress
figures read it instead of the catalog's own :class:`~forty2.catalog.models.RequirementStatus`.

``provider(org, requirement_ids) -> {requirement id: OwnedStatus}`` answers for the ids it owns, in a fixed
number of queries whatever the number of ids; an id no provider answers for keeps the catalog's own status.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .models import ConformityStatus

#: statuses a provider may give beyond the catalog's own :class:`ConformityStatus`
NOT_APPLICABLE = "not_applicable"
NEEDS_REVIEW = "needs_review"
EXTRA_LABELS = {NOT_APPLICABLE: "Not applicable", NEEDS_REVIEW: "Needs review by a person"}
#: badge colour of the extra statuses (the stylesheet's existing classes)
BADGE = {NOT_APPLICABLE: "muted", NEEDS_REVIEW: "warn"}


def label_of(status: str) -> str:
    return EXTRA_LABELS.get(status) or ConformityStatus(status).label


@dataclass(frozen=True)
class OwnedStatus:
    """A requirement's status as the record that owns it says: ``status`` (a ConformityStatus value, or
    ``not_applicable`` / ``needs_review``), ``source`` (where it comes from, in plain words), ``url`` (the page
    where it is edited), ``owner`` (a short machine name of that record kind: ``soa_entry``, ``clause_assessment``),
    ``edit_label`` (the link's text), ``decided_in`` (the record, as in "decided in the Statement of
    Applicability") and an optional ``note`` (a pending suggestion, a conflict …) and ``label`` (overrides the
    status's own label, e.g. a conflict)."""

    status: str
    source: str
    url: str
    owner: str
    edit_label: str
    decided_in: str
    note: str = ""
    label: str = ""

    @property
    def display(self) -> str:
        return self.label or label_of(self.status)

    @property
    def badge(self) -> str:
        return BADGE.get(self.status, self.status)


Provider = Callable[[object, list[int]], dict[int, OwnedStatus]]
_PROVIDERS: dict[str, list[Provider]] = {}


def register(framework_slug: str, provider: Provider) -> None:
    """Let an app above decide the status of (some of) a framework's requirements (idempotent)."""
    found = _PROVIDERS.setdefault(framework_slug, [])
    if provider not in found:
        found.append(provider)


def has_providers(framework_slug: str) -> bool:
    return bool(_PROVIDERS.get(framework_slug))


def resolve(org, framework_slug: str, requirement_ids: Iterable[int]) -> dict[int, OwnedStatus]:
    """{requirement id: OwnedStatus} for the ids some provider owns (none when no provider is registered)."""
    ids = list(requirement_ids)
    out: dict[int, OwnedStatus] = {}
    if not ids:
        return out
    for provider in _PROVIDERS.get(framework_slug, []):
        for pk, owned in provider(org, ids).items():
            out.setdefault(pk, owned)
    return out


def owner_of(org, requirement) -> OwnedStatus | None:
    """The record that decides ``requirement``'s status, or None when the catalog keeps it itself."""
    slug = requirement.framework.slug
    if not has_providers(slug):
        return None
    return resolve(org, slug, [requirement.pk]).get(requirement.pk)


def refusal(requirement, owned: OwnedStatus) -> str:
    """The message of a refused catalog edit of an owned status."""
    return (f"The status of {requirement.framework.label} {requirement.ref} is decided in {owned.decided_in}, not in "
            f"the catalog: {owned.edit_label[:1].lower()}{owned.edit_label[1:]} at {owned.url}")
