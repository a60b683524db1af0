"""forty2 audit verify [--org SLUG]: recompute the hash chains and name the first broken link.

The command sits in ``tenancy`` rather than ``core``: it finds organisations by slug and names their chains,
and ``core`` (the audit log itself) knows nothing above it (docs/architecture.md, "Layers")."""

from forty2.core import audit
from forty2.core.commands import Forty2Command
from forty2.tenancy.chains import chain_labels
from forty2.tenancy.models import Organization


class Command(Forty2Command):
    help = "Work with the audit log (ISO/IEC 42001 7.5.3)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="verify")
        verify = sub.add_parser("verify", help="recompute every chain; exit 1 on the first broken link")
        verify.add_argument("--org", help="only this organisation's chain (slug)")

    def handle(self, *args, action, org=None, **options):
        organization = None
        if org:
            organization = Organization.objects.filter(slug=org).first()
            if organization is None:
                self.fail(f"no organisation with slug '{org}'")
        labels, required = chain_labels()  # a chain cut short with its head or deleted whole is broken
        reports = audit.verify(organization, labels=labels, required=required)
        broken = [r for r in reports if not r.ok]
        for report in broken:
            self.stderr.write(report.line())
        if broken:
            self.fail(f"{len(broken)} of {len(reports)} chain(s) broken", code=1)
        total = sum(r.events for r in reports)
        for report in reports:
            self.stdout.write(report.line())
        self.stdout.write(f"OK: {len(reports)} chain(s), {total} events verified")
