from django.urls import path

from . import views

app_name = "evidence"

urlpatterns = [
    path("", views.evidence_list, name="list"),
    path("new", views.evidence_new, name="new"),
    path("requests/", views.requests_page, name="requests"),
    path("requests/<int:pk>/", views.request_detail, name="request_detail"),
    path("requests/<int:pk>/fulfil", views.request_fulfil, name="request_fulfil"),
    path("requests/<int:pk>/cancel", views.request_cancel, name="request_cancel"),
    path("link", views.evidence_link, name="link"),
    path("<int:pk>/", views.evidence_detail, name="detail"),
    path("<int:pk>/download", views.evidence_download, name="download"),
]
