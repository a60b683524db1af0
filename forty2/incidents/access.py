"""Who handles concerns, and so may see a reporter's identity (ISO/IEC 42001 A.3.3: reporting without fear of
reprisal). Owners and AIMS managers, and every member whose person holds the "concern and incident handler" AIMS
role today (``forty2.people``); everyone else reads "identity withheld" on pages, in the API and in exports."""

from django.db.models import Q
from django.utils import timezone

from forty2.people.models import RoleAssignment, RoleKind
from forty2.tenancy.models import Role

WITHHELD = "identity withheld"


def handles_concerns(membership) -> bool:
    if membership is None or not membership.is_active:
        return False
    if membership.role in (Role.OWNER, Role.AIMS_MANAGER):
        return True
    today = timezone.localdate()
    return RoleAssignment.objects.for_org(membership.organization).filter(
        person__user=membership.user, person__archived_at__isnull=True, role__kind=RoleKind.CONCERN_HANDLER,
        role__archived_at__isnull=True).filter(
        Q(start_date__isnull=True) | Q(start_date__lte=today), Q(end_date__isnull=True) | Q(end_date__gte=today),
    ).exists()


def shown(concern, visible: bool):
    """``concern`` as a viewer sees it: without a handler's right, the reporter's name and e-mail read
    "identity withheld" (an anonymous concern has none to withhold). Changes only the object in memory."""
    if not visible and (concern.reporter_name or concern.reporter_email):
        concern.reporter_name, concern.reporter_email = WITHHELD, WITHHELD
    concern.identity_visible = visible
    return concern


def reporter_text(concern, visible: bool) -> str:
    if concern.anonymous:
        return "Anonymous"
    if not (concern.reporter_name or concern.reporter_email):
        return "Not given (recorded by a member)"
    if not visible:
        return "Identity withheld"
    return " ".join(p for p in (concern.reporter_name, f"<{concern.reporter_email}>" if concern.reporter_email
                                else "") if p)
