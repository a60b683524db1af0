from django.urls import path

from forty2.records import pages

from . import faces, views

app_name = "audits"

urlpatterns = [
    path("programmes/<int:pk>/step/<str:step>", views.programme_step, name="programme_step"),
    path("programmes/<int:pk>/approve", views.programme_approve, name="programme_approve"),
    path("programmes/<int:pk>/withdraw", views.programme_withdraw, name="programme_withdraw"),
    path("<int:pk>/step/<str:step>", views.audit_step, name="audit_step"),
    path("<int:pk>/approve", views.report_approve, name="report_approve"),
    path("<int:pk>/withdraw", views.report_withdraw, name="report_withdraw"),
    path("<int:pk>/auditors/add", views.auditor_add, name="auditor_add"),
    path("<int:pk>/auditors/<int:auditor_pk>", views.auditor_edit, name="auditor_edit"),
    path("<int:pk>/checklist", views.checklist, name="checklist"),
    path("<int:pk>/checklist/regenerate", views.regenerate, name="regenerate"),
    path("<int:pk>/items/<int:item_pk>", views.item_result, name="item_result"),
    *pages.urls(faces.AUDIT_PAGES),
    *pages.urls(faces.PROGRAMME_PAGES, prefix="programmes/"),
]
