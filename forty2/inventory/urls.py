from django.urls import path

from forty2.records import pages

from . import faces, views, views_io

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
    # models, datasets and suppliers (kind "models", "datasets" or "suppliers"): the records kit's pages
    *pages.kind_urls(faces.PAGES, name="linked"),
]
