from django.urls import path

from forty2.records import pages

from . import faces, views

app_name = "people"

urlpatterns = [
    path("raci/", views.raci_view, name="raci"),
    path("raci/export", views.raci_export, name="raci_export"),
    path("link-members", views.link_members, name="link_members"),
    *[pattern for prefix, p in faces.PAGES.items() for pattern in pages.urls(p, prefix=prefix)],
]
