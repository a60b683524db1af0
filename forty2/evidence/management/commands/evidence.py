"""forty2 evidence add FILE --org SLUG --title TEXT: add a file as evidence (ISO/IEC 42001 7.5.3).

The same service as the page and the API (``services.upload_evidence``), so the same checks apply: the one upload
limit (``FORTY2_MAX_UPLOAD_BYTES``), the content-type allowlist, the extension that must match the content, and
the refusal of zip bombs, macros and polyglots. A refusal is one line on stderr and exit code 2.
"""

from pathlib import Path

from forty2.core.commands import Forty2Command, OneLineParser
from forty2.core.errors import Forty2Error
from forty2.tenancy.models import Membership, Organization, Role

from ...services import upload_evidence


class Command(Forty2Command):
    help = "Add evidence files (ISO/IEC 42001 7.5.3)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="add", parser_class=OneLineParser)
        p = sub.add_parser("add", help="add a file as evidence",
                           description="Add a file as evidence; it is checked like an upload on the page or the "
                                       "API (type by content, matching extension, size limit).")
        p.add_argument("file", help="the file to add")
        p.add_argument("--org", required=True, help="organisation slug, e.g. acme-health")
        p.add_argument("--title", required=True, help="the evidence's title")
        p.add_argument("--description", default="", help="what the file shows")
        p.add_argument("--as", dest="as_email", metavar="EMAIL",
                       help="act as this member (default: the organisation's first owner)")

    def membership(self, slug: str, email: str | None) -> Membership:
        org = Organization.objects.filter(slug=slug).first()
        if org is None:
            self.fail(f"no organisation with slug '{slug}'")
        members = Membership.objects.active().select_related("user", "organization").filter(organization=org)
        found = (members.filter(user__email__iexact=email.strip()) if email else
                 members.filter(role=Role.OWNER).order_by("created_at", "pk")).first()
        if found is None:
            self.fail(f"{email} is not an active member of {slug}" if email else
                      f"{slug} has no active owner; name the member to act as with --as EMAIL")
        return found

    def handle(self, *args, action, file, org, title, description="", as_email=None, **options):
        membership = self.membership(org, as_email)
        path = Path(file)
        if not path.is_file():
            self.fail(f"cannot read {file}: no such file")
        try:
            with path.open("rb") as handle:
                evidence = upload_evidence(membership, {"title": title, "description": description},
                                           name=path.name, fileobj=handle)
        except Forty2Error as exc:
            messages = [e["msg"] for e in getattr(exc, "errors", [])] or [exc.message]
            self.fail("; ".join(messages))
        except OSError as exc:
            self.fail(f"cannot read {file}: {exc.strerror or exc}")
        self.stdout.write(f"added evidence {evidence.pk} '{evidence.title}' ({evidence.file_name}, "
                          f"{evidence.size} bytes, {evidence.content_type})")
