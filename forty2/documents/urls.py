from django.urls import path

from forty2.records import pages

from . import faces, views

app_name = "documents"

urlpatterns = [
    path("transparency/", views.transparency_edit, name="transparency"),
    path("acknowledgements/", views.my_acknowledgements, name="my_acknowledgements"),
    path("acknowledgements/<int:ack_pk>/acknowledge", views.acknowledge, name="acknowledge"),
    path("<int:pk>/versions/new", views.version_start, name="version_start"),
    path("<int:pk>/versions/compare", views.version_compare, name="version_compare"),
    path("<int:pk>/versions/<int:number>/", views.version_detail, name="version_detail"),
    path("<int:pk>/versions/<int:number>/edit", views.version_edit, name="version_edit"),
    path("<int:pk>/versions/<int:number>/download", views.version_download, name="version_download"),
    path("<int:pk>/versions/<int:number>/acknowledgements", views.acknowledgement_request,
         name="acknowledgement_request"),
    path("<int:pk>/versions/<int:number>/<str:step>", views.version_step, name="version_step"),
    path("communications/<int:pk>/send", views.communication_send, name="communication_send"),
    *pages.urls(faces.COMMUNICATION_PAGES, prefix="communications/"),
    *pages.urls(faces.DOCUMENT_PAGES),
]
