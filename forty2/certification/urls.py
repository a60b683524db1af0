from django.urls import path

from . import views

app_name = "certification"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("edit", views.edit, name="edit"),
    path("events", views.record_event, name="record_event"),
    path("audits", views.plan_audit, name="plan_audit"),
]
