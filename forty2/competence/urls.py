from django.urls import path

from forty2.records import pages

from . import faces, views

app_name = "competence"

urlpatterns = [
    path("", views.gap_view, name="gaps"),
    path("roles/", views.role_view, name="roles"),
    *[pattern for prefix, p in faces.PAGES.items() for pattern in pages.urls(p, prefix=f"{prefix}/")],
]
