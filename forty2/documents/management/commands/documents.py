"""``forty2 documents``: list an organisation's controlled documents, export a version's content, and create
drafts from the starter documents (ISO/IEC 42001 5.2, 7.5).

    forty2 documents list --org SLUG [--kind KIND]
    forty2 documents export REFERENCE --org SLUG [--version N] [--format md|docx] -o FILE
    forty2 documents starters --org SLUG [--as EMAIL] [KEY ...]
"""

from django.core.management.base import BaseCommand, CommandError

from forty2.core.errors import Forty2Error
from forty2.documents import services, starters
from forty2.documents.models import Document, DocumentKind, VersionState
from forty2.documents.views import content_response
from forty2.records.cli import acting_membership, write_export


class Command(BaseCommand):
    help = "List, export and start an organisation's controlled documents (ISO/IEC 42001 7.5)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        p = sub.add_parser("list", help="the documents, their version in force and next review")
        p.add_argument("--org", required=True)
        p.add_argument("--kind", choices=DocumentKind.values)
        p = sub.add_parser("export", help="write a version's content to a file")
        p.add_argument("reference", help="the document's reference, e.g. POL-01")
        p.add_argument("--org", required=True)
        p.add_argument("--version", type=int, help="the version number (default: the version in force)")
        p.add_argument("--format", choices=("md", "docx"), default="md")
        p.add_argument("-o", "--output", required=True, help="file to write ('-' writes Markdown to standard output)")
        p = sub.add_parser("starters", help="create draft documents from the starter documents")
        p.add_argument("--org", required=True)
        p.add_argument("--as", dest="as_email", metavar="EMAIL", help="the author (default: the first owner)")
        p.add_argument("keys", nargs="*", help=f"starter keys (default: all): {', '.join(starters.starters())}")

    def fail(self, message):
        raise CommandError(message, returncode=2)

    def handle(self, *args, action, org, **options):
        membership = acting_membership(self, org, options.get("as_email"))
        try:
            getattr(self, f"do_{action}")(membership, **options)
        except Forty2Error as exc:
            self.fail(exc.message)

    def do_list(self, membership, *, kind=None, **_options):
        docs = Document.objects.for_org(membership.organization).select_related("owner")
        if kind:
            docs = docs.filter(kind=kind)
        self.stdout.write(f"{'reference':12} {'title':40} {'in force':9} {'working':12} {'next review':12} owner")
        for doc in docs:
            approved, working = services.current_version(doc), services.working_version(doc)
            review = services.next_review(doc, approved)
            self.stdout.write(f"{doc.reference:12} {doc.title[:40]:40} "
                              f"{('v' + str(approved.number)) if approved else '-':9} "
                              f"{(f'v{working.number} ' + working.state) if working else '-':12} "
                              f"{review.isoformat() if review else '-':12} {doc.owner or '-'}")

    def do_export(self, membership, *, reference, version=None, format="md", output="-", **_options):
        doc = Document.objects.for_org(membership.organization).filter(reference__iexact=reference).first()
        if doc is None:
            self.fail(f"no document with reference '{reference}'")
        found = (doc.versions.filter(number=version) if version else
                 doc.versions.filter(state=VersionState.APPROVED)).first()
        if found is None:
            self.fail(f"{reference} has no version {version}" if version else
                      f"{reference} has no approved version; give --version N")
        if found.file_id:
            self.fail(f"version {found.number} is an uploaded file; download it from its page")
        if output == "-" and format == "docx":
            self.fail("DOCX cannot be written to standard output; give -o FILE.docx")
        write_export(self, output, content_response(found, format).content)
        if output != "-":
            self.stdout.write(f"{reference} version {found.number} written to {output}", self.style.SUCCESS)

    def do_starters(self, membership, *, keys=(), **_options):
        made = starters.create_from_starters(membership, list(keys) or None)
        self.stdout.write(f"{len(made)} draft document(s) created: {', '.join(d.reference for d in made) or 'none'}")
