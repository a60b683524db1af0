from django.urls import path

from forty2.records import pages
from forty2.web.decorators import org_view

from . import faces, views

app_name = "improvement"


def _finding_create(request, membership):
    return faces.FINDING_PAGES.create_view(request, membership)


_finding_create.__name__ = "record_create"
#: raising a finding is open to auditors (an audit's team, internal auditors), not only to record creators: the
#: page asks services.may_raise
finding_create = org_view("view")(_finding_create)

urlpatterns = [
    path("findings/new", finding_create, name="finding_create"),
    path("findings/<int:pk>/step/<str:step>", views.finding_step, name="finding_step"),
    path("corrective-actions/<int:pk>/step/<str:step>", views.corrective_action_step, name="corrective_action_step"),
    path("<int:pk>/step/<str:step>", views.nonconformity_step, name="nonconformity_step"),
    *[p for p in pages.urls(faces.FINDING_PAGES, prefix="findings/") if p.name != "finding_create"],
    *pages.urls(faces.ACTION_PAGES, prefix="corrective-actions/"),
    *pages.urls(faces.NC_PAGES),
]
