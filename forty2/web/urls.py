from django.urls import path

from . import views, views_invitations, views_members, views_tokens

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("my-work/", views.my_work, name="my_work"),
    path("robots.txt", views.robots, name="robots"),
    path("invitations/<str:token>/", views_invitations.invitation, name="invitation"),
    path("profile/", views_invitations.profile, name="profile"),
    path("o/<slug:org>/", views.dashboard, name="dashboard"),
    path("o/<slug:org>/two-factor/", views_invitations.totp_required, name="totp_required"),
    path("o/<slug:org>/members/", views_members.members, name="members"),
    path("o/<slug:org>/members/<int:pk>/remove", views_members.member_remove, name="member_remove"),
    path("o/<slug:org>/members/settings", views_members.settings_form, name="member_settings"),
    path("o/<slug:org>/audit-log/", views.audit_log, name="audit_log"),
    path("o/<slug:org>/tokens/", views_tokens.tokens, name="tokens"),
    path("o/<slug:org>/tokens/<int:pk>/revoke", views_tokens.revoke_token, name="revoke_token"),
]
