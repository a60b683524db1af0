"""forty2 audit verify|anchor|anchor-key: check the hash chains, and anchor them outside the database
(ISO/IEC 42001 7.5.3; docs/architecture.md, "Audit chain").

``verify [--org SLUG] [--anchor FILE [--public-key FILE]]`` recomputes the chains and names the first broken
link; a chain cut short with its head, or deleted whole, is broken (finding 5 of issue #14). With ``--anchor``
it also checks the anchor's Ed25519 signature and that nothing anchored was since removed or rewritten.
``anchor [-o FILE|-] [--sink SPEC]…`` writes the signed statement of every chain's head; ``anchor-key`` creates
the signing key if needed and prints its public half and fingerprint, never the private key.

The command sits in ``tenancy`` rather than ``core``: it finds organisations by slug and names their chains,
and ``core`` (the audit log itself) knows nothing above it (docs/architecture.md, "Layers")."""

import os
from pathlib import Path

from django.conf import settings

from forty2.core import anchor, audit
from forty2.core.commands import Forty2Command
from forty2.tenancy.anchoring import make_anchor
from forty2.tenancy.chains import chain_labels
from forty2.tenancy.models import Organization


class Command(Forty2Command):
    help = "Work with the audit log (ISO/IEC 42001 7.5.3)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="{verify,anchor,anchor-key}")
        verify = sub.add_parser("verify", help="recompute every chain; exit 1 on the first broken link")
        verify.add_argument("--org", help="only this organisation's chain (slug)")
        verify.add_argument("--anchor", metavar="FILE",
                            help="also detect any removal or rewrite since this signed anchor")
        verify.add_argument("--public-key", metavar="FILE",
                            help="the trusted public key (PEM) of the anchor; default: FORTY2_ANCHOR_KEY_FILE's")
        anchor_cmd = sub.add_parser("anchor", help="write a signed statement of every chain's head")
        anchor_cmd.add_argument("-o", "--output", metavar="FILE",
                                help="write it to FILE (never overwritten; - for standard output)")
        anchor_cmd.add_argument("--sink", action="append", metavar="SPEC",
                                help="dir:PATH, s3:BUCKET/PREFIX or mail:ADDRESS (repeatable); "
                                     "default with no -o: FORTY2_ANCHOR_SINK")
        key_cmd = sub.add_parser("anchor-key", help="create the anchor signing key if missing; print its public key")
        key_cmd.add_argument("--public-out", metavar="FILE", help="also write the public key (PEM) to FILE")

    def handle(self, *args, action, **options):
        try:
            if action == "verify":
                return self.verify(options.get("org"), options.get("anchor"), options.get("public_key"))
            if action == "anchor":
                return self.anchor(options.get("output"), options.get("sink"))
            return self.anchor_key(options.get("public_out"))
        except anchor.HeadMismatch as exc:
            self.fail(str(exc), code=1)
        except anchor.AnchorError as exc:
            self.fail(str(exc))

    # --- verify ----------------------------------------------------------------------------------------------
    def verify(self, org, anchor_file, public_key_file):
        organization = None
        if org:
            organization = Organization.objects.filter(slug=org).first()
            if organization is None:
                self.fail(f"no organisation with slug '{org}'")
        document = trusted = None
        if anchor_file:
            document = anchor.read_document(anchor_file)
            trusted = self._trusted_key(public_key_file)
        elif public_key_file:
            self.fail("--public-key needs --anchor FILE")
        labels, required = chain_labels()
        reports = audit.verify(organization, labels=labels, required=required)
        problems = [r.line() for r in reports if not r.ok]
        anchor_summary = ""
        if document is not None:
            reason = anchor.check_signature(document, trusted)
            anchored_at = document["statement"].get("created_at", "?")
            if reason:
                problems.append(f"anchor {anchor_file} not trusted: {reason}")
            else:
                only = {audit.chain_for(organization)} if organization else None
                findings, checked = anchor.compare(document, labels, chains=only)
                problems += [f.line(anchored_at) for f in findings]
                anchor_summary = (f"anchor of {anchored_at} (key {anchor.fingerprint(trusted)}): "
                                  f"{checked} chain(s) unchanged up to their anchored seq")
        for line in problems:
            self.stderr.write(line)
        if problems:
            self.fail(f"{len(problems)} problem(s) in {len(reports)} chain(s)", code=1)
        total = sum(r.events for r in reports)
        for report in reports:
            self.stdout.write(report.line())
        if anchor_summary:
            self.stdout.write(anchor_summary)
        self.stdout.write(f"OK: {len(reports)} chain(s), {total} events verified")

    def _trusted_key(self, public_key_file):
        if public_key_file:
            return anchor.load_public_key(public_key_file)
        path = anchor.key_path()
        if not path.exists():
            self.fail(f"no public key to check the anchor: pass --public-key FILE (no key at {path})")
        return anchor.load_public_key(path)

    # --- anchor ----------------------------------------------------------------------------------------------
    def anchor(self, output, sink_specs):
        sinks = []
        for spec in sink_specs or []:
            sinks += anchor.parse_sinks(spec)
        if not output and not sinks:
            sinks = anchor.parse_sinks(settings.FORTY2_ANCHOR_SINK)
            if not sinks:
                self.fail("no sink: give -o FILE or --sink SPEC, or set FORTY2_ANCHOR_SINK")
        if output and output != "-" and Path(output).exists():
            self.fail(f"{output} already exists; anchors are never overwritten")
        document = make_anchor()
        written = []
        if output == "-":
            self.stdout.write(anchor.dumps(document), ending="")
        elif output:
            try:
                fd = os.open(output, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            except OSError as exc:
                self.fail(f"cannot write {output}: {exc.strerror}")
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(anchor.dumps(document))
            written.append(output)
        written += anchor.write(document, sinks)
        chains = document["statement"]["chains"]
        summary = (f"Anchored {len(chains)} chain(s) at {document['statement']['created_at']} "
                   f"(key {document['key_fingerprint']})")
        if written:
            summary += ": " + ", ".join(written)
        (self.stderr if output == "-" else self.stdout).write(summary)

    # --- anchor-key ------------------------------------------------------------------------------------------
    def anchor_key(self, public_out):
        key, created = anchor.load_or_create_key()
        public = key.public_key()
        pem = anchor.public_pem(public)
        if public_out:
            try:
                Path(public_out).write_text(pem)
            except OSError as exc:
                self.fail(f"cannot write {public_out}: {exc.strerror}")
        state = "created" if created else "exists"
        self.stdout.write(f"Anchor key {anchor.key_path()} ({state}, mode 0600; keep it out of the database's "
                          f"backups and hosts)")
        self.stdout.write(f"Public key fingerprint: {anchor.fingerprint(public)}")
        self.stdout.write(pem, ending="")
