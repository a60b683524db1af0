"""Organisations (tenants) and memberships with roles (ISO/IEC 42001 5.3 roles and authorities)."""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone

slug_validator = RegexValidator(r"^[a-z0-9](?:[a-z0-9-]{0,48}[a-z0-9])?$",
                                "Use 1-50 lower-case letters, digits and hyphens.")


class Role(models.TextChoices):
    OWNER = "owner", "Owner"
    AIMS_MANAGER = "aims_manager", "AIMS manager"
    CONTRIBUTOR = "contributor", "Contributor"
    INTERNAL_AUDITOR = "internal_auditor", "Internal auditor"
    EXTERNAL_AUDITOR = "external_auditor", "External auditor"
    VIEWER = "viewer", "Viewer"


class Organization(models.Model):
    """A client organisation running its own AIMS; every record it owns points here."""

    slug = models.SlugField(max_length=50, unique=True, validators=[slug_validator])
    name = models.CharField(max_length=200)
    created_at = models.DateTimeField(default=timezone.now)
    #: every member must use TOTP before opening the organisation's pages (access to documented information,
    #: ISO/IEC 42001 7.5.3); API tokens are not affected
    require_totp = models.BooleanField("require two-factor authentication", default=False)
    #: creating or using an API token needs TOTP on the token holder's account, even where the pages do not
    #: require it (a bearer token outlives the session that made it); implied by ``require_totp``
    require_totp_for_tokens = models.BooleanField("require two-factor authentication for API tokens",
                                                  default=False)
    #: members open the organisation's pages and API only from a session signed in through single sign-on
    #: (OpenID Connect, forty2/accounts/sso.py); turning it on revokes the organisation's API tokens
    sso_only = models.BooleanField("single sign-on only", default=False)
    #: the settings' version (optimistic concurrency, as a record's): every change of a setting above raises it,
    #: so ``PATCH /api/v1/orgs/{org}/settings`` on a stale version is refused only on a real conflict
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def tokens_need_totp(self) -> bool:
        return self.require_totp or self.require_totp_for_tokens


class MembershipQuerySet(models.QuerySet):
    def active(self, now=None):
        now = now or timezone.now()
        return self.filter(models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now),
                           user__is_active=True)


class Membership(models.Model):
    """A person's role in one organisation. External auditors' access ends at ``expires_at``."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=32, choices=Role.choices)
    expires_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "organization"], name="membership_unique"),
            models.CheckConstraint(
                condition=~models.Q(role="external_auditor") | models.Q(expires_at__isnull=False),
                name="external_auditor_has_expiry",
            ),
        ]

    def __str__(self):
        return f"{self.user} @ {self.organization} ({self.role})"

    @property
    def is_active(self):
        return self.user.is_active and (self.expires_at is None or self.expires_at > timezone.now())


class OrgQuerySet(models.QuerySet):
    def for_org(self, org):
        return self.filter(organization=org)


class OrgOwned(models.Model):
    """Base for every record that belongs to a client organisation.

    Reads go through ``Model.objects.for_org(org)``, where ``org`` comes from the caller's membership
    (see :func:`forty2.tenancy.access.membership_for`), so another organisation's rows are never reached.
    """

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = OrgQuerySet.as_manager()

    class Meta:
        abstract = True


class InvitationState(models.TextChoices):
    INVITED = "invited", "Invited"
    ACTIVE = "active", "Active"
    EXPIRED = "expired", "Expired"
    REVOKED = "revoked", "Revoked"


class Invitation(models.Model):
    """An offer of a role in an organisation, sent to one e-mail address (ISO/IEC 42001 5.3, 7.4).

    Only the SHA-256 digest of the token is stored (like :class:`forty2.accounts.models.ApiToken`); the raw
    token exists only in the link sent to the person. ``expires_at`` ends the link; ``access_expires_at`` ends
    the membership it grants (required for external auditors, as on :class:`Membership`)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField("e-mail address")
    role = models.CharField(max_length=32, choices=Role.choices)
    access_expires_at = models.DateTimeField("access ends", null=True, blank=True)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    revoked_at = models.DateTimeField(null=True, blank=True)
    #: the current link went out through the configured SMTP server and was never shown to anyone: accepting it
    #: proves the address. A link shown to the inviting owner (no SMTP, the demo, a failed mail) proves nothing.
    mailed = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["organization", "email"])]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role="external_auditor") | models.Q(access_expires_at__isnull=False),
                name="invitation_external_auditor_has_expiry",
            ),
        ]

    def __str__(self):
        return f"{self.email} ({self.get_role_display()})"

    @property
    def state(self) -> str:
        if self.accepted_at is not None:
            return InvitationState.ACTIVE
        if self.revoked_at is not None:
            return InvitationState.REVOKED
        if self.expires_at <= timezone.now():
            return InvitationState.EXPIRED
        return InvitationState.INVITED

    def get_state_display(self) -> str:
        return InvitationState(self.state).label

    @property
    def is_pending(self) -> bool:
        """Neither accepted nor revoked: it can be re-sent (an expired one too) or revoked."""
        return self.accepted_at is None and self.revoked_at is None
