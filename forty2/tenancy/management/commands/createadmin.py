"""forty2 createadmin: create (or reset) an organisation owner, creating the organisation if needed.

It sits in ``tenancy`` because it creates organisations and memberships; the password is set through
:func:`forty2.accounts.services.set_password`, which checks its strength and audits it (ISO/IEC 42001 5.3, 7.5.3).
"""

import getpass
import os

from django.db import transaction

from forty2.accounts import services as accounts
from forty2.accounts.models import User
from forty2.core.commands import Forty2Command
from forty2.core.errors import Forty2Error, InvalidInput
from forty2.tenancy import services as tenancy
from forty2.tenancy.models import Membership, Organization, Role


class Command(Forty2Command):
    help = "Create an owner account for an organisation (the organisation is created when new)."

    def add_arguments(self, parser):
        parser.add_argument("--email", required=True)
        parser.add_argument("--org", required=True, help="organisation slug, e.g. acme-health")
        parser.add_argument("--org-name", help="display name when the organisation is new")
        parser.add_argument("--password", help="default: $FORTY2_ADMIN_PASSWORD, else asked on the terminal")

    def handle(self, *args, email, org, org_name, password, **options):
        password = password or os.environ.get("FORTY2_ADMIN_PASSWORD")
        if not password:
            if not self.stdin_is_tty():
                self.fail("give --password or FORTY2_ADMIN_PASSWORD when not on a terminal")
            password = getpass.getpass("Password: ")
        try:
            with transaction.atomic():
                organization = Organization.objects.filter(slug=org).first() or tenancy.create_organization(
                    slug=org, name=org_name or org.replace("-", " ").title())
                user = User.objects.filter(email__iexact=email).first()
                if user is None:
                    membership = tenancy.add_member(organization, email=email, role=Role.OWNER)
                    user = membership.user
                else:
                    existing = Membership.objects.filter(user=user, organization=organization).first()
                    if existing is None:
                        tenancy.add_member(organization, email=email, role=Role.OWNER)
                    elif existing.role != Role.OWNER or existing.expires_at is not None:
                        # the command promises an owner: promote a member who had another role
                        tenancy.change_role(existing, role=Role.OWNER)
                accounts.set_password(user, password, via="createadmin")  # the same rules as a password reset
        except InvalidInput as exc:
            weak = [e["msg"] for e in exc.errors if e["loc"][-1] == "password"]
            self.fail("weak password: " + " ".join(weak) if weak else exc.message)
        except Forty2Error as exc:
            self.fail(exc.message)
        self.stdout.write(f"{user.email} is an owner of {organization.slug}")

    @staticmethod
    def stdin_is_tty():
        import sys

        return sys.stdin.isatty()
