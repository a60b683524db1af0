"""forty2 token create|list|revoke: API tokens (stored as SHA-256 digests; the secret is printed once).

It sits in ``tenancy`` because a token is issued to an active member of one organisation."""

from forty2.accounts import services
from forty2.accounts.models import ApiToken, User
from forty2.core.commands import Forty2Command
from forty2.core.errors import Forty2Error
from forty2.tenancy import services as tenancy_services
from forty2.tenancy.models import Membership


class Command(Forty2Command):
    help = "Create, list or revoke API tokens."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="{create,list,revoke}")
        create = sub.add_parser("create", help="print a new token for a member of an organisation")
        create.add_argument("--email", required=True)
        create.add_argument("--org", required=True)
        create.add_argument("--name", default="CLI token")
        create.add_argument("--days", type=int, default=90,
                            help=f"days until it expires, 1-{services.TOKEN_MAX_DAYS} (every token expires)")
        listing = sub.add_parser("list", help="list tokens of a user")
        listing.add_argument("--email", required=True)
        revoke = sub.add_parser("revoke", help="revoke a token by its prefix")
        revoke.add_argument("prefix")

    def handle(self, *args, action, **opts):
        getattr(self, f"do_{action}")(**opts)

    def _user(self, email):
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            self.fail(f"no user with e-mail {email}")
        return user

    def do_create(self, email, org, name, days, **_):
        if not 1 <= days <= services.TOKEN_MAX_DAYS:
            self.fail(f"--days must be 1 to {services.TOKEN_MAX_DAYS}: every token expires "
                      "(create a new one when it does)")
        user = self._user(email)
        membership = Membership.objects.active().select_related("organization").filter(
            user=user, organization__slug=org).first()
        if membership is None:
            self.fail(f"{email} is not an active member of organisation '{org}'")
        membership.user = user
        try:
            _token, raw = tenancy_services.create_token(membership, name=name, expires_in_days=days)
        except Forty2Error as exc:
            self.fail(exc.message)
        self.stdout.write(raw)

    def do_list(self, email, **_):
        for t in ApiToken.objects.filter(user=self._user(email)).select_related("organization"):
            state = "active" if t.is_usable else ("revoked" if t.revoked_at else "expired")
            self.stdout.write(f"{t.prefix}…  {t.organization.slug:20} {state:8} {t.name}")

    def do_revoke(self, prefix, **_):
        tokens = list(ApiToken.objects.filter(prefix=prefix))
        if len(tokens) != 1:
            self.fail(f"no single token starts with '{prefix}'")
        services.revoke_token(tokens[0], actor=None)
        self.stdout.write(f"revoked {prefix}…")
