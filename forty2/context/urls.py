from django.urls import path

from forty2.records import pages

from . import faces, views

app_name = "context"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("edit", views.context_edit, name="context_edit"),
    *[pattern for prefix, p in faces.PAGES.items() for pattern in pages.urls(p, prefix=f"{prefix}/")],
]
