"""``forty2 readiness --org SLUG``: the stage 1 list and the blockers, for a person or a pipeline (ISO/IEC 42001
certification readiness, :mod:`forty2.controls.readiness`).

Exit status: 0 when nothing blocks certification, 1 while blockers remain, 2 for a wrong organisation.
``--json`` prints what ``GET /api/v1/orgs/{org}/readiness`` returns.
"""

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from forty2.tenancy.models import Organization

from ... import readiness
from ...stage1 import LABELS


class Command(BaseCommand):
    help = "Print the stage 1 readiness list and the blockers; exit 1 while blockers remain."

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True, help="the organisation's slug")
        parser.add_argument("--json", dest="as_json", action="store_true", help="print the readiness as JSON")

    def handle(self, *args, org, as_json: bool = False, **options):
        found = Organization.objects.filter(slug=org).first()
        if found is None:
            raise CommandError(f"no organisation '{org}'", returncode=2)
        r = readiness.compute(found)
        if as_json:
            self.stdout.write(json.dumps(r, indent=2, ensure_ascii=False))
        else:
            self.stdout.write(f"Readiness of {found.name}: {r['score']}%\n\nStage 1:")
            width = max(len(i["title"]) for i in r["stage1"])
            for i in r["stage1"]:
                line = f"  {LABELS[i['state']]:<12} {i['title']:<{width}}"
                self.stdout.write(line + (f"  {i['detail']}" if i["detail"] else ""))
            self.stdout.write(f"\nBlockers: {len(r['blockers'])}")
            for b in r["blockers"]:
                self.stdout.write(f"  - {b['message']}")
        if r["blockers"]:
            sys.exit(1)

