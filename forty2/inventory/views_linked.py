"""Pages for models, datasets and suppliers (placeholder until built)."""

from django.http import Http404

from forty2.web.decorators import org_view


@org_view()
def linked_list(request, membership, kind):
    raise Http404


linked_create = linked_detail = linked_edit = linked_delete = linked_list
