"""Import and export pages of the AI system register (placeholder until built)."""

from django.http import Http404

from forty2.web.decorators import org_view


@org_view("export_records")
def system_export(request, membership):
    raise Http404


@org_view("import_records")
def system_import(request, membership):
    raise Http404
