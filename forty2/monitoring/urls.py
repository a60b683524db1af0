from django.urls import path

from forty2.records import pages

from . import faces, views

app_name = "monitoring"

urlpatterns = [
    *pages.urls(faces.OBJECTIVE_PAGES),
    *pages.urls(faces.METRIC_PAGES, prefix="metrics/"),
    path("metrics/<int:pk>/measure", views.measure, name="measurement_add"),
    path("metrics/<int:pk>/measurements/<int:mpk>/respond", views.respond, name="measurement_respond"),
    path("metrics/<int:pk>/measurements/<int:mpk>/incident", views.open_incident, name="measurement_incident"),
    path("metrics/<int:pk>/measurements/<int:mpk>/delete", views.delete, name="measurement_delete"),
    path("measurements/import", views.import_measurements, name="measurement_import"),
]
