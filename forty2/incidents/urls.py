from django.urls import path

from forty2.records import pages

from . import faces, views

app_name = "incidents"

urlpatterns = [
    path("channel/", views.channel, name="channel"),
    path("<int:pk>/step/<str:step>", views.incident_step, name="incident_step"),
    path("concerns/<int:pk>/step/<str:step>", views.concern_step, name="concern_step"),
    *pages.urls(faces.INCIDENT_PAGES),
    *pages.urls(faces.CONCERN_PAGES, prefix="concerns/"),
]
