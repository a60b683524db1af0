"""forty2 catalog list | show | import | export | load-text: inspect, extend and export the standards catalog
(ISO/IEC 42001 4.2, 6.1.3).

Structural problems in a file print one line each and exit 2 with nothing changed; skipped rows are reported
one per line with their place in the file (``file:line`` for YAML, a JSON path for OSCAL) and do not fail the
import unless ``--strict``. An import that would remove requirements or mapping rows lists them and exits 2
unless ``--prune``. Output piped into ``head`` ends quietly.
"""

import json
import os
import sys
import tempfile
from pathlib import Path

from forty2.core.commands import Forty2Command

from ... import importer, queries
from ...export_oscal import export_catalog
from ...models import Framework, Requirement
from ...official_text import clear_official_text, load_official_text
from ...plan import StructuralError


class Command(Forty2Command):
    help = "Inspect, import and export standards catalogs (frameworks, requirements, crosswalks)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="list|show|import|export|load-text")
        sub.add_parser("list", help="list the frameworks and crosswalks in this installation")
        show = sub.add_parser("show", help="show a framework's tree, or one requirement with its mappings")
        show.add_argument("slug")
        show.add_argument("ref", nargs="?")
        imp = sub.add_parser("import", help="import a framework and/or crosswalks from a file")
        imp.add_argument("file")
        imp.add_argument("--format", choices=importer.FORMATS, help="default: detected from the file")
        imp.add_argument("--slug", help="slug for the imported framework (default: from the file)")
        imp.add_argument("--strict", action="store_true", help="treat every warning as an error")
        imp.add_argument("--dry-run", action="store_true", help="show what would change; change nothing")
        imp.add_argument("--prune", action="store_true",
                         help="allow the import to remove requirements and mapping rows the file no longer has")
        imp.add_argument("--as-new", action="store_true",
                         help="import a copy of a framework this installation already has as a separate framework")
        exp = sub.add_parser("export", help="export a framework as an OSCAL catalog (JSON)")
        exp.add_argument("--framework", required=True, help="framework slug")
        exp.add_argument("--format", choices=["oscal"], default="oscal")
        exp.add_argument("-o", "--output", help="file to write (default: standard output)")
        exp.add_argument("--include-official-text", action="store_true",
                         help="include official text loaded with load-text (check your licence first)")
        text = sub.add_parser("load-text", help="attach licensed official requirement text to this installation")
        text.add_argument("slug")
        text.add_argument("file", nargs="?")
        text.add_argument("--strict", action="store_true", help="treat every warning as an error")
        text.add_argument("--dry-run", action="store_true", help="show what would change; change nothing")
        text.add_argument("--clear", action="store_true", help="remove the official text loaded for SLUG")

    def handle(self, *args, action, **options):
        handler = {"list": self.list_, "show": self.show, "import": self.import_, "export": self.export,
                   "load-text": self.load_text}[action]
        try:
            handler(**options)
            self.stdout.flush()
        except BrokenPipeError:
            # the reader (``| head``) has gone: stop quietly, and keep Python from complaining at exit
            if getattr(self.stdout, "_out", None) is sys.__stdout__:
                devnull = os.open(os.devnull, os.O_WRONLY)
                os.dup2(devnull, sys.stdout.fileno())

    # --- helpers -----------------------------------------------------------------------------------

    def _framework(self, slug) -> Framework:
        fw = Framework.objects.filter(slug=slug).first()
        if fw is None:
            known = ", ".join(Framework.objects.values_list("slug", flat=True))
            self.fail(f"no framework '{slug}' (installed: {known or 'none'})")
        return fw

    def _structural(self, path, exc: StructuralError):
        if isinstance(exc, importer.PruneRequired):
            removed = exc.summary.removed
            for line in removed[:50]:
                self.stderr.write(f"would remove: {line}")
            if len(removed) > 50:
                self.stderr.write(f"would remove: ... and {len(removed) - 50} more")
            self.fail(str(exc.problems[0]))
        for problem in exc.problems[:-1]:
            self.stderr.write(f"error: {problem}")
        if len(exc.problems) == 1:
            self.fail(f"{exc.problems[0]}; nothing was changed")
        self.stderr.write(f"error: {exc.problems[-1]}")
        self.fail(f"{Path(path).name}: {len(exc.problems)} problem(s); nothing was changed")

    def _warnings(self, problems):
        for problem in problems:
            self.stderr.write(f"warning: {problem}")

    # --- subcommands -------------------------------------------------------------------------------

    def list_(self, **options):
        self.stdout.write(f"{'SLUG':28} {'NODES':>5} {'ASSESSABLE':>10} {'DATA':>4}  ORIGIN    NAME")
        for fw in queries.frameworks():
            self.stdout.write(f"{fw.slug:28} {fw.requirement_count:>5} {fw.assessable_count:>10} "
                              f"{fw.data_version:>4}  {fw.origin:9} {fw.name}")
        from ...models import MappingSet

        sets = MappingSet.objects.select_related("source", "target").order_by("source__slug", "target__slug")
        if sets:
            self.stdout.write("")
            self.stdout.write("CROSSWALKS")
            for ms in sets:
                self.stdout.write(f"{ms.source.slug} -> {ms.target.slug}: {ms.rows.count()} rows ({ms.origin})")

    def show(self, slug, ref=None, **options):
        fw = self._framework(slug)
        if ref is None:
            self.stdout.write(f"{fw.name} ({fw.slug}, version {fw.version or '-'}, data version {fw.data_version})")
            for r in queries.requirements(fw):
                marker = " *" if r.assessable else (" (withdrawn)" if r.withdrawn else "")
                self.stdout.write(f"{'  ' * r.depth}{r.ref}  {r.title}  [{r.kind}]{marker}")
            self.stdout.write("(* assessable)")
            return
        req = (Requirement.objects.filter(framework=fw, ref=ref).first()
               or Requirement.objects.filter(framework=fw, ref__iexact=ref.strip()).order_by("position").first())
        if req is None:
            self.fail(f"no requirement '{ref}' in {slug}")
        state = "withdrawn, not assessable" if req.withdrawn else ("assessable" if req.assessable else "")
        self.stdout.write(f"{fw.label} {req.ref} {req.title} [{req.kind}{', ' + state if state else ''}]")
        if req.guidance:
            whose = f"by {req.guidance_source}" if req.guidance_source else "Forty2's own words"
            self.stdout.write(f"\nGuidance ({whose}):\n{_clip(req.guidance)}")
        if req.typical_evidence:
            self.stdout.write("\nTypical evidence:\n" + "\n".join(f"- {e}" for e in req.typical_evidence))
        if req.documented_information:
            self.stdout.write("\nDocumented information:\n" + "\n".join(f"- {d}" for d in req.documented_information))
        if req.official_text:
            source = f", from {req.official_text_source}" if req.official_text_source else ""
            heading = ("Official text (the publisher's words" if req.official_text_by == "publisher"
                       else "Text by a third party (a summary or paraphrase, not the publisher's wording")
            self.stdout.write(f"\n{heading}{source}; this installation only):\n{_clip(req.official_text)}")
        views = queries.mappings_of(req)
        if views:
            self.stdout.write(f"\nMappings (read as \"{req.ref} is <relationship> of ...\"):")
            for v in views:
                self.stdout.write(f"- {v.relationship:10} {v.other.framework.label} {v.other.ref}  "
                                  f"[{v.mapping.provenance}]")

    def import_(self, file, format=None, slug=None, strict=False, dry_run=False, prune=False, as_new=False,
                **options):
        try:
            result = importer.import_file(file, fmt=format, slug=slug, strict=strict, dry_run=dry_run, prune=prune,
                                          as_new=as_new)
        except StructuralError as exc:
            self._structural(file, exc)
        self._warnings(result.warnings)
        prefix = "dry run, nothing changed: would apply" if dry_run else "imported"
        self.stdout.write(f"{Path(file).name}: {prefix}")
        for line in result.summary.lines():
            self.stdout.write(f"  {line}")
        if dry_run and result.summary.removed:
            for line in result.summary.removed:
                self.stdout.write(f"  would remove: {line}")
            if result.summary.needs_prune:
                self.stdout.write("  the import itself would refuse these removals without --prune")
        if result.warnings:
            self.stdout.write(f"  {len(result.warnings)} warning(s): rows or items skipped, listed above")

    def export(self, framework, format="oscal", output=None, include_official_text=False, **options):
        fw = self._framework(framework)
        text = json.dumps(export_catalog(fw, include_official_text=include_official_text), indent=2,
                          ensure_ascii=False) + "\n"
        if not output or output == "-":
            self.stdout.write(text, ending="")
            return
        target = Path(output)
        if not target.parent.is_dir():
            self.fail(f"cannot write {output}: directory {target.parent} does not exist")
        # write next to the target and rename, so a failed export never leaves half a file
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(fd, 0o666 & ~umask)  # an ordinary file (0644 under the usual umask), not mkstemp's 0600
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, target)
        self.stderr.write(f"wrote {target} ({fw.slug} as an OSCAL catalog"
                          f"{', with official text' if include_official_text else ''})")

    def load_text(self, slug, file=None, strict=False, dry_run=False, clear=False, **options):
        fw = self._framework(slug)
        if clear:
            count = 0 if dry_run else clear_official_text(fw)
            self.stdout.write(f"{fw.slug}: official text removed from {count} requirement(s)")
            return
        if not file:
            self.fail("give the FILE with the official text (or --clear)")
        try:
            result = load_official_text(fw, file, strict=strict, dry_run=dry_run)
        except StructuralError as exc:
            self._structural(file, exc)
        self._warnings(result.report.warnings)
        verb = "would load" if dry_run else "loaded"
        self.stdout.write(f"{fw.slug}: {verb} official text for {result.loaded} requirement(s), "
                          f"{result.unchanged} unchanged, {len(result.report.warnings)} skipped; shown only in "
                          "this installation, never exported by default")


#: longest text ``show`` prints for one field (the page shows it whole)
SHOW_MAX = 4000


def _clip(text: str) -> str:
    if len(text) <= SHOW_MAX:
        return text
    return f"{text[:SHOW_MAX].rstrip()}\n[... {len(text) - SHOW_MAX} more characters]"
