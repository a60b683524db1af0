"""forty2 demo: load the demo organisations acme-health and globex (idempotent).

One story across the product (docs/architecture.md, "The demo organisations"); later issues extend the same
builder.
"""

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

from forty2 import demo
from forty2.core.commands import Forty2Command
from forty2.core.errors import Forty2Error


class Command(Forty2Command):
    help = ("Load the demo organisations: acme-health (Acme Health, a hospital group) and globex (Globex "
            "Logistics), with members, AI systems, models, datasets and suppliers. Running it again only adds "
            "what is missing. The demo accounts' password is $FORTY2_DEMO_PASSWORD (default: "
            f"{demo.DEFAULT_PASSWORD}); an account whose password differs is reset to it.")

    def handle(self, *args, **options):
        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            self.fail("the database is not up to date; run `forty2 migrate` first")
        try:
            report = demo.build(progress=lambda done, total: self.progress(done, total, "demo"))
        except Forty2Error as exc:
            self.fail(f"demo data could not be loaded: {exc.message}")
        systems = ", ".join(f"{slug} ({n} AI systems)" for slug, n in report.systems.items())
        if report.created:
            self.stdout.write(f"Demo loaded: {systems}; {report.created} records created.")
        else:
            self.stdout.write(f"Demo already loaded: {systems}; nothing changed.")
        self.stdout.write("")
        self.stdout.write("Sign in with any of these e-mails:")
        for login in report.logins:
            self.stdout.write(f"  {login.org:12} {login.email:32} {login.role:17} {login.title}")
        self.stdout.write(f"Password (all demo accounts): {report.password}")
        for slug, email, link in report.invitations:
            self.stdout.write(f"Pending invitation at {slug} for {email} (shown once): {link}")
