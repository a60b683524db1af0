from django.urls import path

from . import views, views_approval, views_io, views_linked

app_name = "inventory"

urlpatterns = [
    path("", views.system_list, name="system_list"),
    path("new", views.system_create, name="system_create"),
    path("export", views_io.system_export, name="system_export"),
    path("import", views_io.system_import, name="system_import"),
    path("import/<int:job_id>/", views_io.import_job, name="import_job"),
    path("<int:pk>/", views.system_detail, name="system_detail"),
    path("<int:pk>/edit", views.system_edit, name="system_edit"),
    path("<int:pk>/archive", views.system_archive, name="system_archive"),
    path("<int:pk>/approve", views_approval.system_approve, name="system_approve"),
    # models, datasets and suppliers: kind is one of "models", "datasets", "suppliers"
    path("<str:kind>/", views_linked.linked_list, name="linked_list"),
    path("<str:kind>/new", views_linked.linked_create, name="linked_create"),
    path("<str:kind>/<int:pk>/", views_linked.linked_detail, name="linked_detail"),
    path("<str:kind>/<int:pk>/edit", views_linked.linked_edit, name="linked_edit"),
    path("<str:kind>/<int:pk>/delete", views_linked.linked_delete, name="linked_delete"),
]
