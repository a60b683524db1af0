from django.urls import path

from . import views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots, name="robots"),
    path("o/<slug:org>/", views.dashboard, name="dashboard"),
    path("o/<slug:org>/members/", views.members, name="members"),
    path("o/<slug:org>/audit-log/", views.audit_log, name="audit_log"),
    path("o/<slug:org>/tokens/", views.tokens, name="tokens"),
    path("o/<slug:org>/tokens/<int:pk>/revoke", views.revoke_token, name="revoke_token"),
]
