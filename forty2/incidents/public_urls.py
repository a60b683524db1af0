"""The public concern channel, outside the organisation's pages: ``/c/<org>/`` (ISO/IEC 42001 A.3.3, A.8.3)."""
from django.urls import path

from . import views

app_name = "incidents_public"

urlpatterns = [
    path("", views.public_concern, name="concern"),
    path("follow-up", views.public_follow_up, name="follow_up"),
]
